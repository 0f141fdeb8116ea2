# Quality flags: gap start for missing-data records, "cleared" state, (datastream, t)
# index; the durable queue of station hours whose indices must be recomputed.

import django.db.models.deletion
from django.db import migrations, models

STATES = [('raised', 'raised by the checks'), ('confirmed', 'confirmed by staff'),
          ('overridden', 'overridden by staff (reading valid)'), ('cleared', 'cleared by newer data')]


class Migration(migrations.Migration):

    dependencies = [
        ('environment', '0002_station_file_details'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndexDirty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hour', models.BigIntegerField()),
                ('marked', models.FloatField(default=0.0)),
                ('station', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='environment.station')),
            ],
        ),
        migrations.AddConstraint(
            model_name='indexdirty',
            constraint=models.UniqueConstraint(fields=('station', 'hour'), name='indexdirty_unique'),
        ),
        migrations.AddField(
            model_name='historicalqcflag',
            name='since',
            field=models.BigIntegerField(blank=True, help_text='Missing data: time of the last reading before the gap', null=True, verbose_name='gap start (UTC seconds)'),
        ),
        migrations.AddField(
            model_name='qcflag',
            name='since',
            field=models.BigIntegerField(blank=True, help_text='Missing data: time of the last reading before the gap', null=True, verbose_name='gap start (UTC seconds)'),
        ),
        migrations.AlterField(
            model_name='historicalqcflag',
            name='state',
            field=models.CharField(choices=STATES, default='raised', max_length=20, verbose_name='state'),
        ),
        migrations.AlterField(
            model_name='qcflag',
            name='state',
            field=models.CharField(choices=STATES, default='raised', max_length=20, verbose_name='state'),
        ),
        migrations.AddIndex(
            model_name='qcflag',
            index=models.Index(fields=['datastream', 't'], name='environment_datastr_03deaf_idx'),
        ),
    ]

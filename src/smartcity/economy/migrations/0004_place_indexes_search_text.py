"""Indexes for a place filter in the list's order; search text without the province tail."""
from django.db import migrations, models


def recompute_search_text(apps, schema_editor):
    """The stored search text of every enterprise, as Enterprise.prepare now makes it."""
    from smartcity.economy import fold

    Enterprise = apps.get_model("economy", "Enterprise")
    db = schema_editor.connection.alias
    rows = list(Enterprise.objects.using(db).values_list(
        "pk", "name_vi", "name_en", "short_name", "tax_code", "address", "search_text"))  # read whole, then write
    changed = []
    for pk, vi, en, short, tax, address, old in rows:
        text = fold.search_text(vi, en, short, tax, fold.address_text(address))
        if text != old:
            changed.append(Enterprise(pk=pk, search_text=text))
    Enterprise.objects.using(db).bulk_update(changed, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('economy', '0003_search_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='enterprise',
            index=models.Index(fields=['industrial_park', 'name_vi'], name='economy_ent_park_name'),
        ),
        migrations.AddIndex(
            model_name='enterprise',
            index=models.Index(fields=['unit', 'name_vi'], name='economy_ent_unit_name'),
        ),
        migrations.RunPython(recompute_search_text, migrations.RunPython.noop),
    ]

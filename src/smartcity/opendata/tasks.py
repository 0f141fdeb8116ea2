"""Background jobs of the open data app (Huey; `smartcity worker` runs them)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="20", hour="19"))  # 02:20 in Binh Duong (UTC+7)
@lock_task("smartcity-opendata-sync")
def sync_catalogue_task():
    """Register new datasets of the modules and refresh the metadata of the others."""
    from smartcity.opendata import services

    return services.sync().as_dict()

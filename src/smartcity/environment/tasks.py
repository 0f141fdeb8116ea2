"""Background jobs of the environment app (Huey; `smartcity worker` runs them)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from smartcity.environment import indexing


@db_task()
@lock_task("smartcity-env-indices")
def process_dirty_task():
    """Recompute the indices of the station hours queued by ingest (seconds after commit)."""
    return indexing.process_dirty()


@db_periodic_task(crontab(minute="*"))
@lock_task("smartcity-env-indices")
def process_dirty_sweep():
    """Every minute: the safety net for a queue left behind (worker restarted, lost kick)."""
    return indexing.process_dirty()


@db_task()
def recompute_station_task(station_id: int, start: int, end: int):
    """Recompute all indices of a station for hours in [start, end] (UTC seconds)."""
    return indexing.recompute(station_id, start, end)

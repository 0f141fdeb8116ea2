"""Background jobs of the hub, run by the Huey consumer (`smartcity run_huey`)."""
import logging
from datetime import timezone

from huey.contrib.djhuey import HUEY, db_periodic_task

from smartcity.hub.retention import apply_retention
from smartcity.hub.timebase import LOCAL_TZ

log = logging.getLogger(__name__)


def at_local_time(hour: int, minute: int):
    """A Huey schedule for a wall-clock time in Asia/Ho_Chi_Minh, whatever the machine's
    zone: Huey hands the check a naive UTC time (utc=True, its default) or a naive time in
    the machine's zone, and a plain crontab would read either as local."""

    def validate(ts):
        aware = ts.replace(tzinfo=timezone.utc) if HUEY.utc else ts.astimezone()
        local = aware.astimezone(LOCAL_TZ)
        return local.hour == hour and local.minute == minute

    return validate


@db_periodic_task(at_local_time(2, 30))
def apply_retention_daily():
    """Delete raw readings past their retention every night at 02:30 (quiet hours)."""
    result = apply_retention()
    log.info("retention: %d raw readings deleted in %d datastreams, %d hourly rollups",
             result["deleted"], sum(1 for p in result["datastreams"] if p.deleted), result["hourly_rollups_deleted"])
    return {"deleted": result["deleted"], "hourly_rollups_deleted": result["hourly_rollups_deleted"]}

"""Background jobs of the lighting app (Huey; `smartcity worker` runs them)."""
from huey.contrib.djhuey import db_periodic_task, lock_task

from smartcity.hub.tasks import at_local_time


@db_periodic_task(at_local_time(15, 0))
@lock_task("smartcity-lighting-schedules")
def push_schedules_daily():
    """Every afternoon, before any sunset in Viet Nam, send each group's night to its
    controllers (skipping those already sent), so they switch on their own clock."""
    from smartcity.lighting import control

    return control.push_schedules()

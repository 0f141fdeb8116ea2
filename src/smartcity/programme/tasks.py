"""Background jobs of the programme app (Huey; `smartcity worker` runs them): every morning,
reminders to the units about progress reports due soon or overdue (each goes out once)."""
import datetime as dt
import logging

from huey.contrib.djhuey import db_periodic_task, lock_task

from smartcity.hub.tasks import at_local_time

log = logging.getLogger(__name__)


@db_periodic_task(at_local_time(7, 30))
@lock_task("smartcity-programme-reminders")
def send_report_reminders_daily():
    """07:30 local: `send_reminders` for every plan with a report schedule whose year is running."""
    from smartcity.programme.models import Plan
    from smartcity.programme.services import clock
    from smartcity.programme.services.reports import send_reminders

    out = {}
    for plan in Plan.objects.filter(schedule__isnull=False):
        if plan.schedule.last_period_end < clock.today() - dt.timedelta(days=60):
            continue  # a finished plan: nobody to remind any more
        out[plan.code] = send_reminders(plan)
    log.info("programme reminders: %s", out or "no running plan")
    return out

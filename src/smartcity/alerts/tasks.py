"""Background jobs (Huey): alert deliveries with retries, and the missing-data sweep.

Run them with `smartcity worker`. The sweep is the one periodic check of the alerts;
everything else is evaluated on ingest.
"""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from smartcity.alerts import notify, services

DELIVERY_RETRIES = 3


@db_task(retries=DELIVERY_RETRIES, retry_delay=60, context=True)
def deliver_task(delivery_id, task=None):
    """Send one notification; a failure is retried, the last failure marks it failed."""
    final = task is None or not task.retries
    return notify.deliver(delivery_id, final=final)


@db_periodic_task(crontab(minute="*"))
@lock_task("smartcity-alerts-check-missing")
def check_missing_task():
    """Every minute: datastreams gone silent (reads hub_latest in one query)."""
    return services.check_missing()

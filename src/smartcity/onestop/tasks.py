"""Background jobs of the one-stop app (Huey; `smartcity worker` runs them): every working
morning, apologies with a new appointment for dossiers that are late or due within one
working day and have none yet (the letter must reach the applicant before the due date);
every ten minutes, notices whose sender failed are sent again."""
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from smartcity.hub.tasks import at_local_time

log = logging.getLogger(__name__)


@db_periodic_task(at_local_time(7, 0))
@lock_task("smartcity-onestop-apologies")
def draft_apologies_daily():
    """07:00 local: `lifecycle.draft_apologies()`; returns the codes of the dossiers concerned."""
    from smartcity.onestop.services.lifecycle import draft_apologies

    codes = [a.dossier.code for a in draft_apologies()]
    log.info("one-stop apologies drafted: %s", len(codes))
    return codes


@db_periodic_task(crontab(minute="*/10"))
@lock_task("smartcity-onestop-notices")
def retry_notices():
    """Every 10 minutes: `notify.retry_failed()` (a gateway that was down gets the notices)."""
    from smartcity.onestop.services.notify import retry_failed

    counts = retry_failed()
    if counts["sent"] or counts["failed"]:
        log.info("one-stop notices retried: %s", counts)
    return counts

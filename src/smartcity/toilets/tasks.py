"""Background jobs of the toilets app (Huey; `smartcity worker` runs them)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*/15"))
@lock_task("smartcity-toilets-rounds")
def plan_rounds_task():
    """Plan today's and tomorrow's scheduled rounds and mark overdue ones missed."""
    from datetime import timedelta

    from smartcity.toilets import services

    today = services.local_day()
    planned = services.ensure_rounds(today) + services.ensure_rounds(today + timedelta(days=1))
    return {"planned": planned, "missed": services.mark_missed()}

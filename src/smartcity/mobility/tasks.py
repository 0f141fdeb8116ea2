"""Background jobs of the mobility app (Huey; `smartcity worker` runs them): yesterday's
service-quality KPIs every night, and the segment times behind the arrival predictions
learnt from new stop events every few minutes."""
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from smartcity.hub.tasks import at_local_time

log = logging.getLogger(__name__)


@db_periodic_task(at_local_time(3, 10))
@lock_task("smartcity-mobility-kpis")
def compute_kpis_nightly():
    """03:10 local: RouteKpi rows of yesterday's service date for every feed with stop
    events (after midnight, so the trips past 24:00 of yesterday's service are done)."""
    from smartcity.mobility.services.quality import compute_all

    result = compute_all()
    log.info("route KPIs: %s", ", ".join(f"feed {k}: {v} rows" for k, v in result.items()) or "no stop events")
    return result


@db_periodic_task(crontab(minute="*/5"))
@lock_task("smartcity-mobility-segments")
def learn_segments_sweep():
    """Every 5 minutes: learn the runs and dwells of the active feeds completed since the
    last sweep."""
    from smartcity.mobility import models as m
    from smartcity.mobility.services.predictions import learn_segments

    return {fid: learn_segments(fid) for fid in m.Feed.objects.filter(status=m.FeedStatus.ACTIVE).values_list("pk", flat=True)}

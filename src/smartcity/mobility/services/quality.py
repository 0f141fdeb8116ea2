"""Service-quality KPIs of a stored feed: from the StopEvent rows the realtime path derives
(nightly, `compute_route_kpis`) or from an events file (the `kpi` command). The maths is
in `smartcity.mobility.kpi`; this module fetches the schedule, the timepoints and the
events, and writes RouteKpi rows (whole day, hour NULL, and one row per hour)."""
from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from smartcity.mobility import kpi
from smartcity.mobility import models as m

log = logging.getLogger(__name__)


def _feed(feed) -> m.Feed:
    return feed if isinstance(feed, m.Feed) else m.Feed.objects.get(pk=feed)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date.fromisoformat(text if "-" in text else f"{text[:4]}-{text[4:6]}-{text[6:8]}")


def timepoints_of(feed) -> dict[str, set[int]]:
    """trip_id -> stop_sequences marked timepoint=1 in the stored feed ({} when it marks none:
    then every stop with a time counts, see kpi.build_instances)."""
    out: dict[str, set[int]] = {}
    for trip_id, seq in m.StopTime.objects.filter(feed=feed, timepoint="1").values_list("trip_id", "stop_sequence").iterator():
        out.setdefault(trip_id, set()).add(seq)
    return out


timepoints_of_raw = kpi.timepoints_from_raw  # the `--gtfs` path


def kpis_from_events(schedule, events: list[kpi.Event], *, timepoints=None, window=kpi.DEFAULT_WINDOW,
                     by_hour: bool = False, dates=None) -> tuple[list[kpi.RouteKpiRow], dict]:
    """KPI rows of the service dates the events belong to, and match counts
    ({events, matched, unmatched, dates})."""
    tz = getattr(schedule, "timezone", None) or "Asia/Ho_Chi_Minh"
    days = sorted(dates or kpi.candidate_dates(events))
    instances = []
    for day in days:
        instances += kpi.build_instances(schedule, day, tz, timepoints)
    unmatched = kpi.match_events(instances, events)
    rows = kpi.compute(instances, window=window, by_hour=by_hour)
    return rows, {"events": len(events), "matched": len(events) - unmatched, "unmatched": unmatched,
                  "dates": sorted({r.date for r in rows})}


def events_from_db(feed, day: dt.date) -> list[kpi.Event]:
    qs = (m.StopEvent.objects.filter(feed=feed, service_date=day)
          .values_list("trip_id", "stop_sequence", "stop_id", "arrival", "departure"))
    return [kpi.Event(t, seq, s, a, d, day) for t, seq, s, a, d in qs.iterator() if a is not None or d is not None]


def compute_route_kpis(feed, date, window=kpi.DEFAULT_WINDOW) -> int:
    """(Re)compute the RouteKpi rows of a feed's service date from its StopEvent rows: one
    row per route and direction for the day (hour NULL) and one per hour. Rows of that
    date computed before are replaced. Returns the number of rows written."""
    from smartcity.mobility.services.feeds import schedule_for

    feed = _feed(feed)
    day = _date(date)
    events = events_from_db(feed, day)
    rows: list[kpi.RouteKpiRow] = []
    if events:
        rows, stats = kpis_from_events(schedule_for(feed), events, timepoints=timepoints_of(feed), window=window,
                                       by_hour=True, dates=[day])
        if stats["unmatched"]:
            log.info("KPIs of feed %s on %s: %d of %d stop events matched no scheduled trip", feed.pk, day,
                     stats["unmatched"], stats["events"])
    objs = [m.RouteKpi(feed=feed, route_id=r.route_id, direction_id=r.direction_id, date=r.date, hour=r.hour, otp=r.otp,
                       cv_h=r.cv_h, los=r.los, bunching=r.bunching, ewt_s=r.ewt_s, trips_scheduled=r.trips_scheduled,
                       trips_observed=r.trips_observed, missed_trips=r.missed_trips, running_time_cv=r.running_time_cv,
                       buffer_time_s=r.buffer_time_s) for r in rows]
    with transaction.atomic():
        m.RouteKpi.objects.filter(feed=feed, date=day).delete()
        m.RouteKpi.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def feeds_with_events(day: dt.date) -> list[int]:
    """Feed ids that have stop events on a service date (one indexed probe per feed:
    (feed, service_date) leads the StopEvent unique index)."""
    return [fid for fid in m.Feed.objects.order_by("pk").values_list("pk", flat=True)
            if m.StopEvent.objects.filter(feed_id=fid, service_date=day).exists()]


def compute_all(day: dt.date | None = None, window=kpi.DEFAULT_WINDOW) -> dict[int, int]:
    """KPIs of every feed with stop events on `day` (default: yesterday, local time)."""
    if day is None:
        from smartcity.hub.timebase import LOCAL_TZ

        day = dt.datetime.now(LOCAL_TZ).date() - dt.timedelta(days=1)
    return {fid: compute_route_kpis(fid, day, window) for fid in feeds_with_events(day)}

"""Arrival predictions of a stored feed: learning segment running and dwell times from the
StopEvent rows (incremental, into SegmentTime), and predicting from the buses' matched
state (VehicleState) with the learned predictor, falling back to the schedule.

The maths is in `smartcity.mobility.predict`. Segment rows are (from_stop, to_stop, hour);
a dwell is the row (stop, stop, hour). `last_t` is the epoch at which the observation
completed (arrival for a run, departure for a dwell); the largest one of a feed is the
watermark of incremental learning.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import transaction

from smartcity.mobility import models as m
from smartcity.mobility import predict
from smartcity.mobility.kpi import service_day_epoch

log = logging.getLogger(__name__)

HOLD_EARLY_S = 60  # Becamex Tokyu's drivers do not leave a stop more than a minute early
LEARN_LAG_S = 60  # events are learnt once this old, so late writes of the same second are not skipped
LIVE_MAX_AGE_S = 900  # a vehicle state older than this is not live any more
PAST_S = 3600  # scheduled arrivals this far in the past are still candidates (late buses)
AHEAD_S = 6 * 3600  # and this far ahead
HOW = "kalman"


def _feed(feed) -> m.Feed:
    return feed if isinstance(feed, m.Feed) else m.Feed.objects.get(pk=feed)


def _schedule(feed):
    from smartcity.mobility.services.feeds import schedule_for

    return schedule_for(feed)


def _tz_offset(tz: str, epoch: float) -> int:
    return int(dt.datetime.fromtimestamp(epoch, ZoneInfo(tz)).utcoffset().total_seconds())


# -- learning -----------------------------------------------------------------------------------
def load_stats(feed, stops=None, tz_offset_s: int = predict.TZ_OFFSET_S,
               into: predict.SegmentStats | None = None) -> predict.SegmentStats:
    """SegmentStats from the feed's SegmentTime rows (those starting at `stops` when
    given), new or added to `into`."""
    stats = into if into is not None else predict.SegmentStats(tz_offset_s=tz_offset_s)
    qs = m.SegmentTime.objects.filter(feed=feed)
    rows = []
    if stops is None:
        rows = list(qs)
    else:
        stops = sorted(set(stops))
        for k in range(0, len(stops), 500):
            rows += list(qs.filter(from_stop_id__in=stops[k:k + 500]))
    for r in rows:
        stats.put((r.from_stop_id, r.to_stop_id, r.hour),
                  predict.SegStat(r.n, r.mean_s, r.m2, r.planned_s, r.last_s, r.last_t, r.kalman_s, r.kalman_p))
    return stats


def save_stats(feed, stats: predict.SegmentStats) -> int:
    """Upsert the rows changed since loading; returns how many."""
    objs = []
    for key in stats.dirty:
        st = stats.rows.get(key)
        if st is None:
            continue
        a, b, hour = key
        objs.append(m.SegmentTime(feed=feed, from_stop_id=a, to_stop_id=b, hour=hour, n=st.n, mean_s=st.mean_s, m2=st.m2,
                                  planned_s=st.planned_s, last_s=st.last_s, last_t=st.last_t, kalman_s=st.kalman_s,
                                  kalman_p=st.kalman_p))
    if objs:
        m.SegmentTime.objects.bulk_create(
            objs, batch_size=1000, update_conflicts=True, unique_fields=["feed", "from_stop_id", "to_stop_id", "hour"],
            update_fields=["n", "mean_s", "m2", "planned_s", "last_s", "last_t", "kalman_s", "kalman_p"])
    stats.dirty.clear()
    return len(objs)


def watermark(feed) -> int | None:
    from django.db.models import Max

    return m.SegmentTime.objects.filter(feed=feed).aggregate(w=Max("last_t"))["w"]


def _observations(schedule, by_trip) -> list[tuple]:
    """(completed at, from, to, start, seconds, planned) of the runs between adjacent stops
    and the dwells at intermediate stops of each trip's events."""
    obs = []
    for trip_id, evs in by_trip.items():
        trip = schedule.trips.get(trip_id)
        if trip is None:
            continue
        evs.sort(key=lambda e: e.stop_sequence)
        index = {seq: i for i, seq in enumerate(trip.seqs)}
        last_i = len(trip.seqs) - 1
        for a, b in zip(evs, evs[1:]):
            ia, ib = index.get(a.stop_sequence), index.get(b.stop_sequence)
            if ia is None or ib is None or ib != ia + 1:
                continue  # not adjacent stops (one was not observed)
            for p in predict.pairs_of_trip([a, b]):
                obs.append((p.arrive, p.from_stop, p.to_stop, p.depart, p.arrive - p.depart, p.planned))
            if ib < last_i and b.arrival is not None and b.departure is not None and b.departure >= b.arrival:
                planned = (b.scheduled_departure - b.scheduled_arrival
                           if b.scheduled_departure is not None and b.scheduled_arrival is not None else None)
                obs.append((b.departure, b.stop_id, b.stop_id, b.arrival, b.departure - b.arrival, planned))
    return obs


def learn_segments(feed, *, rebuild: bool = False, now: int | None = None) -> int:
    """Learn from the stop events completed since the last run (all of them with rebuild):
    the run between each pair of consecutive stops of a trip and the dwell at each
    intermediate stop, in the order they happened, one service date at a time (so a long
    history is not held in memory at once). Returns the observations learnt."""
    feed = _feed(feed)
    now = int(time.time()) if now is None else now
    cutoff = now - LEARN_LAG_S
    total = 0
    with transaction.atomic():
        if rebuild:
            m.SegmentTime.objects.filter(feed=feed).delete()
        w = watermark(feed)
        new = m.StopEvent.objects.filter(feed=feed)
        if w is not None:
            from django.db.models import Q

            since = dt.date.fromtimestamp(w - 2 * 86400)
            new = new.filter(Q(arrival__gt=w) | Q(departure__gt=w), service_date__gte=since)
        dates = sorted(set(new.values_list("service_date", flat=True).distinct()))
        if not dates:
            return 0
        schedule = _schedule(feed)
        noon = service_day_epoch(dates[0], schedule.timezone) + 43200
        stats = predict.SegmentStats(tz_offset_s=_tz_offset(schedule.timezone, noon))
        loaded: set[str] = set()
        for day in dates:
            by_trip = defaultdict(list)
            if w is None:
                events = m.StopEvent.objects.filter(feed=feed, service_date=day)
            else:  # only the trips with something new, but all their events (a pair needs both ends)
                trip_ids = sorted(set(new.filter(service_date=day).values_list("trip_id", flat=True)))
                events = []
                for k in range(0, len(trip_ids), 500):
                    events += list(m.StopEvent.objects.filter(feed=feed, service_date=day, trip_id__in=trip_ids[k:k + 500]))
            for ev in events:
                by_trip[ev.trip_id].append(ev)
            obs = sorted(o for o in _observations(schedule, by_trip) if (w is None or o[0] > w) and o[0] <= cutoff)
            if not obs:
                continue
            stops = {o[1] for o in obs} - loaded
            if stops:
                load_stats(feed, stops, into=stats)
                loaded |= stops
            for done, a, b, start, seconds, planned in obs:
                stats.observe(a, b, start, seconds, planned, done=done)
            save_stats(feed, stats)
            total += len(obs)
    return total


# -- predicting -------------------------------------------------------------------------------
def _plan(schedule, trip, day: dt.date, shift_s: int = 0) -> predict.TripPlan:
    return predict.TripPlan.from_trip(trip, service_day_epoch(day, schedule.timezone) + (shift_s or 0))


def _departed_at(feed, vs, trip) -> int | None:
    """When the bus left the stop before its next one (its StopEvent), if known."""
    k = (vs.next_idx or 0) - 1
    if k < 0 or k >= len(trip.seqs):
        return None
    ev = (m.StopEvent.objects.filter(feed=feed, service_date=vs.service_date, trip_id=vs.trip_id,
                                     stop_sequence=trip.seqs[k]).values_list("departure", "arrival").first())
    if ev is None:
        return None
    return ev[0] if ev[0] is not None else ev[1]


def predict_trip(feed, schedule, vs, now: int, stats: predict.SegmentStats | None = None):
    """(plan, {stop index: predicted arrival epoch}, index of the first stop predicted) for
    the trip a live vehicle is on; None when it cannot be placed on its trip."""
    trip = schedule.trips.get(vs.trip_id)
    if trip is None or vs.service_date is None or not trip.stop_ids:
        return None
    plan = _plan(schedule, trip, vs.service_date, vs.shift_s)
    n = len(plan.stop_ids)
    k = max(0, min(vs.next_idx or 0, n))
    if k >= n:
        return plan, {}, n
    if stats is None:
        stats = load_stats(feed, plan.stop_ids, _tz_offset(schedule.timezone, now))
    p = predict.LearnedPredictor(HOW, stats, hold_early_s=HOLD_EARLY_S)
    delay = vs.delay_s or 0
    out: dict[int, int] = {}
    if vs.at_stop:  # at stop k since arrived_at: it leaves after its dwell, and not before now
        arrived = vs.arrived_at or vs.t
        out[k] = arrived
        leaves = max(now, int(round(p.departure(plan, k, arrived))))
        for j, t in p.predict(plan, k, leaves, delay):
            out[j] = t
    elif k == 0:  # not yet left the first stop: it leaves on time or as soon as it can
        start = max(now, plan.dep[0], vs.t)
        out[0] = max(now, plan.arr[0])
        for j, t in p.predict(plan, 0, start, delay):
            out[j] = t
    else:
        left = _departed_at(feed, vs, trip)
        if left is None:
            left = vs.t
        for j, t in p.predict(plan, k - 1, left, delay):
            out[j] = t
    late = now - out.get(k, now)  # still on its way to a stop it should have reached: all later
    if late > 0 and not vs.at_stop:
        out = {j: t + late for j, t in out.items()}
    return plan, out, k


def _live_states(feed, trip_ids, now: int):
    return {(vs.trip_id, vs.service_date): vs for vs in m.VehicleState.objects.filter(
        feed=feed, trip_id__in=list(trip_ids), t__gte=now - LIVE_MAX_AGE_S, t__lte=now + 300).select_related("vehicle")}


def next_arrivals(feed, stop_id: str, now_epoch: int, limit: int = 10) -> list[dict]:
    """The next buses at a stop, soonest first: predicted from the live vehicle on the trip
    when there is one (realtime True, delay_s = predicted - scheduled), the timetable
    otherwise (realtime False, delay_s None). Trips whose bus has passed the stop, and
    timetable-only trips already due, are left out; the last stop of a trip is not a
    departure and is left out too."""
    feed = _feed(feed)
    schedule = _schedule(feed)
    tz = ZoneInfo(schedule.timezone or "Asia/Ho_Chi_Minh")
    now = int(now_epoch)
    today = dt.datetime.fromtimestamp(now, tz).date()
    candidates = []  # (scheduled epoch, trip, index, date)
    for day in (today - dt.timedelta(days=1), today):
        day0 = service_day_epoch(day, schedule.timezone)
        services = schedule.services_on(day)
        for trip, k in schedule.stop_index().get(stop_id, ()):
            if trip.service_id not in services or k == len(trip.stop_ids) - 1:
                continue
            s = trip.arr[k] if trip.arr[k] is not None else trip.dep[k]
            if s is None:
                continue
            t = day0 + s
            if now - PAST_S <= t <= now + AHEAD_S:
                candidates.append((t, trip, k, day))
    live = _live_states(feed, {c[1].trip_id for c in candidates}, now)
    stats = None
    if live:
        stops = {s for c in candidates if (c[1].trip_id, c[3]) in live for s in c[1].stop_ids}
        stats = load_stats(feed, stops, _tz_offset(schedule.timezone, now))
    out = []
    for t, trip, k, day in candidates:
        vs = live.get((trip.trip_id, day))
        route = schedule.routes.get(trip.route_id)
        row = {"trip_id": trip.trip_id, "route_id": trip.route_id,
               "route_short_name": (route.short_name if route else "") or trip.route_id, "headsign": trip.headsign,
               "vehicle_label": "", "scheduled": t, "predicted": t, "delay_s": None, "realtime": False}
        if vs is not None:
            if (vs.next_idx or 0) > k:
                continue  # already passed
            res = predict_trip(feed, schedule, vs, now, stats)
            if res is not None and k in res[1]:
                plan = res[0]
                sched = plan.arr[k]
                row.update(scheduled=sched, predicted=res[1][k], delay_s=res[1][k] - sched, realtime=True,
                           vehicle_label=vs.vehicle.label or "")
        if not row["realtime"] and t < now:
            continue
        out.append(row)
    out.sort(key=lambda a: (a["predicted"], a["trip_id"]))
    return out[:limit]


def trip_predictions(feed, trip_id: str, service_date, now_epoch: int) -> list[dict]:
    """Predicted arrival and departure at each stop the trip's live bus has not left yet
    ([] when no live vehicle is on the trip: nothing better than the timetable to say)."""
    feed = _feed(feed)
    if isinstance(service_date, str):
        service_date = dt.date.fromisoformat(service_date if "-" in service_date else
                                             f"{service_date[:4]}-{service_date[4:6]}-{service_date[6:]}")
    now = int(now_epoch)
    vs = _live_states(feed, [trip_id], now).get((trip_id, service_date))
    if vs is None:
        return []
    schedule = _schedule(feed)
    res = predict_trip(feed, schedule, vs, now)
    if res is None:
        return []
    plan, arrivals, _first = res
    stats = None
    out = []
    trip = schedule.trips[trip_id]
    for j in sorted(arrivals):
        arr = arrivals[j]
        if j == len(plan.stop_ids) - 1:
            dep = arr
        else:
            if stats is None:
                stats = load_stats(feed, plan.stop_ids, _tz_offset(schedule.timezone, now))
            nxt = arrivals.get(j + 1)
            dwell = stats.mean(plan.stop_ids[j], plan.stop_ids[j], predict.local_hour(arr, stats.tz_offset_s))
            dep = arr + int(round(dwell if dwell is not None else max(0, plan.dep[j] - plan.arr[j])))
            dep = max(dep, plan.dep[j] - HOLD_EARLY_S)
            if nxt is not None:
                dep = min(dep, nxt)
        out.append({"stop_sequence": trip.seqs[j], "stop_id": plan.stop_ids[j], "predicted_arrival": int(arr),
                    "predicted_departure": int(dep)})
    return out

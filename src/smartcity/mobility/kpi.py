"""Service-quality KPIs of bus routes from observed stop events and the schedule. Pure
Python, no Django: the CLI, the nightly job and the tests all call the same functions.

Formulas (docs/mobility-quality.md gives sources and choices):
- on-time performance: share of timepoint departures with -early <= delay <= late (edges
  on time), default window 1 min early to 5 min late (TTC);
- headway regularity (TCQSM 3rd ed.): cv_h = pstdev(actual - scheduled headway) / mean
  scheduled headway, over the buses whose published headway (time since the previous
  trip of the route and direction left the first stop) is <= 10 min; computed per stop
  and averaged over stops weighted by their number of headways; level of service A-F;
- bunching share: P(actual headway < 0.5 x scheduled headway);
- excess wait time (TfL): AWT - SWT with wait = sum(h^2) / (2 sum(h)), per stop over the
  buses with a published headway <= 12 min (>= 5 buses an hour), averaged over stops
  weighted by their scheduled headways;
- trips scheduled / observed / missed; running-time cv and reliability buffer time
  (p95 - p50) of complete trips.

A "headway" belongs to the later bus: its actual value is the time since the previous
observed bus at that stop (whatever trip that was), its scheduled value the time since the
trip scheduled before it (whether or not that one ran). A missed trip therefore shows up
as one long actual headway against a normal scheduled one, as a waiting passenger sees it.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date, datetime, timedelta, timezone
from statistics import fmean, pstdev
from zoneinfo import ZoneInfo

DEFAULT_WINDOW = (-60, 300)  # seconds: 1 min early .. 5 min late, both edges on time
CV_MAX_HEADWAY_S = 600  # cv_h applies to headway-based service: scheduled headway <= 10 min
EWT_MAX_HEADWAY_S = 720  # EWT applies to routes with >= 5 buses an hour (headway <= 12 min)
MAX_MATCH_S = 6 * 3600  # an event farther than this from its trip's schedule is not matched
# TCQSM 2nd ed. (Exhibit 3-26): upper bounds of cv_h per level, at the table's precision
# (two decimals, so 0.215 is already B): A <= 0.21, B 0.22-0.30, ... F >= 0.75.
LOS_BOUNDS = (("A", 0.215), ("B", 0.305), ("C", 0.395), ("D", 0.525), ("E", 0.745))

CSV_HEADER = ["route_id", "direction_id", "date", "otp", "cv_h", "los", "bunching", "ewt_s",
              "trips_scheduled", "trips_observed"]


# -- the formulas, on plain numbers ---------------------------------------------------------
def on_time(delay_s: float, window: tuple[float, float] = DEFAULT_WINDOW) -> bool:
    return window[0] <= delay_s <= window[1]


def otp(delays, window: tuple[float, float] = DEFAULT_WINDOW) -> float | None:
    """Share of departures on time; None without any."""
    delays = list(delays)
    if not delays:
        return None
    return sum(1 for d in delays if on_time(d, window)) / len(delays)


def cv_headway(actual, scheduled) -> float | None:
    """pstdev(actual - scheduled) / mean(scheduled) over paired headways (>= 2 pairs)."""
    actual, scheduled = list(actual), list(scheduled)
    if len(actual) != len(scheduled):
        raise ValueError("actual and scheduled headways must pair up")
    if len(actual) < 2:
        return None
    mean_s = fmean(scheduled)
    if mean_s <= 0:
        return None
    return pstdev([a - s for a, s in zip(actual, scheduled)]) / mean_s


def los(cv_h: float | None) -> str:
    """TCQSM level of service A-F of a headway regularity; '' when unknown."""
    if cv_h is None or math.isnan(cv_h):
        return ""
    for level, bound in LOS_BOUNDS:
        if cv_h < bound:
            return level
    return "F"


def bunching(actual, scheduled) -> float | None:
    """Share of headways shorter than half the scheduled one."""
    pairs = list(zip(actual, scheduled))
    if not pairs:
        return None
    return sum(1 for a, s in pairs if a < 0.5 * s) / len(pairs)


def wait_time(headways) -> float | None:
    """Mean wait of passengers arriving at random: sum(h^2) / (2 sum(h)) (TfL)."""
    headways = [h for h in headways if h > 0]
    total = sum(headways)
    if not total:
        return None
    return sum(h * h for h in headways) / (2 * total)


def excess_wait(actual, scheduled) -> float | None:
    """TfL EWT = AWT - SWT (seconds)."""
    awt, swt = wait_time(actual), wait_time(scheduled)
    if awt is None or swt is None:
        return None
    return awt - swt


def expected_wait(mean_headway: float, cv_h: float) -> float:
    """Mean wait with random arrivals: 0.5 x mean headway x (1 + cv_h^2)."""
    return 0.5 * mean_headway * (1 + cv_h * cv_h)


def percentile(values, p: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * p / 100
    lo = int(math.floor(k))
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def running_time_stats(times) -> tuple[float | None, float | None]:
    """(cv, buffer time p95 - p50) of trip running times; None with fewer than 2 trips."""
    times = list(times)
    if len(times) < 2:
        return None, None
    mean = fmean(times)
    cv = pstdev(times) / mean if mean > 0 else None
    return cv, percentile(times, 95) - percentile(times, 50)


# -- schedule instances and observed events --------------------------------------------------
def service_day_epoch(day: Date, tz: str) -> int:
    """Epoch of "noon minus 12 h" of a service day in the feed's time zone (GTFS times count
    from there, which is midnight except on DST change days)."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(tz))
    return int(noon.timestamp()) - 43200


@dataclass
class Event:
    """An observed arrival and/or departure of a trip at a stop (epoch seconds).
    `service_date` narrows the match when known (StopEvent rows); None = infer it."""

    trip_id: str
    stop_sequence: int | None
    stop_id: str
    arrival: int | None
    departure: int | None = None
    service_date: Date | None = None

    @property
    def t(self) -> int:
        return self.departure if self.departure is not None else self.arrival


@dataclass
class Instance:
    """One scheduled run of a trip on a service date (frequency-based trips give one per
    start time), with what was observed of it."""

    trip_id: str
    route_id: str
    direction_id: int | None
    date: Date
    base: int  # epoch of the service day's start
    stop_ids: list[str]
    seqs: list[int]
    arr: list[int | None]  # seconds of the service day
    dep: list[int | None]
    timepoint: list[bool]
    start_s: int
    obs: dict[int, Event] = field(default_factory=dict)  # stop index -> event
    approx: list[int | None] = field(default_factory=list)  # seconds at every stop, untimed ones interpolated

    def approx_at(self, i: int) -> int | None:
        """Epoch the bus is due at stop i, interpolated by position between timed stops for
        a stop without a time (only to match events and place them in an hour)."""
        if not self.approx:
            self.approx = _interpolated(self.arr, self.dep)
        a = self.approx[i]
        return None if a is None else self.base + a

    def sched_at(self, i: int, departure: bool = True) -> int | None:
        """Scheduled epoch at stop index i: departure (arrival when absent), or the reverse."""
        a, d = self.arr[i], self.dep[i]
        s = (d if d is not None else a) if departure else (a if a is not None else d)
        return None if s is None else self.base + s

    def delay_at(self, i: int) -> float | None:
        """Observed minus scheduled: departure vs departure when the departure was seen,
        else arrival vs arrival."""
        ev = self.obs.get(i)
        if ev is None:
            return None
        if ev.departure is not None:
            s = self.sched_at(i, departure=True)
            return None if s is None else ev.departure - s
        s = self.sched_at(i, departure=False)
        return None if s is None or ev.arrival is None else ev.arrival - s

    def index_of(self, seq: int | None, stop_id: str) -> int | None:
        if seq is not None:
            try:
                return self.seqs.index(seq)
            except ValueError:
                pass
        try:
            return self.stop_ids.index(stop_id)
        except ValueError:
            return None


def _interpolated(arr, dep) -> list[int | None]:
    times = [d if d is not None else a for a, d in zip(arr, dep)]
    known = [i for i, t in enumerate(times) if t is not None]
    for i0, i1 in zip(known, known[1:]):
        for i in range(i0 + 1, i1):
            times[i] = int(times[i0] + (times[i1] - times[i0]) * (i - i0) / (i1 - i0))
    return times


def build_instances(schedule, day: Date, tz: str, timepoints: dict[str, set[int]] | None = None) -> list[Instance]:
    """The trip runs of `day` from a Schedule (gtfs.schedule: trips_on, frequencies).

    Timepoints: when `timepoints` (trip_id -> stop_sequences with timepoint=1) is given
    and not empty, a trip's timepoints are those, or its first and last stop when it has
    none; without it, every stop with an explicit time is a timepoint (GTFS: an empty
    timepoint column means the times are exact)."""
    base = service_day_epoch(day, tz)
    out = []
    freqs = getattr(schedule, "frequencies", {}) or {}
    for trip in schedule.trips_on(day):
        n = len(trip.stop_ids)
        if not n:
            continue
        if timepoints:
            marked = timepoints.get(trip.trip_id)
            if marked:
                tp = [s in marked for s in trip.seqs]
            else:
                tp = [i in (0, n - 1) for i in range(n)]
        else:
            tp = [trip.arr[i] is not None or trip.dep[i] is not None for i in range(n)]
        times = [d if d is not None else a for a, d in zip(trip.arr, trip.dep)]
        first = next((t for t in times if t is not None), None)
        if first is None:
            continue
        starts = [first]
        if trip.trip_id in freqs:
            starts = [s for (start, end, headway, _exact) in freqs[trip.trip_id] if headway > 0
                      for s in range(int(start), int(end), int(headway))]
        for start in starts:
            shift = start - first
            out.append(Instance(
                trip.trip_id, trip.route_id, trip.direction_id, day, base, list(trip.stop_ids), list(trip.seqs),
                [None if a is None else a + shift for a in trip.arr], [None if d is None else d + shift for d in trip.dep],
                tp, start))
    return out


def timepoints_from_raw(raw) -> dict[str, set[int]]:
    """trip_id -> stop_sequences marked timepoint=1 in a RawFeed's stop_times ({} when none)."""
    table = raw.get("stop_times")
    out: dict[str, set[int]] = {}
    if table is None or table.index("timepoint") < 0:
        return out
    it, iseq, itp = table.index("trip_id"), table.index("stop_sequence"), table.index("timepoint")
    for r in table.rows:
        if r[itp] == "1":
            try:
                out.setdefault(r[it], set()).add(int(r[iseq]))
            except ValueError:
                continue
    return out


def candidate_dates(events) -> set[Date]:
    """Service dates an event file may belong to: each event's UTC+14..UTC-12 calendar day
    and the day before (trips past midnight belong to the previous service day)."""
    days = set()
    for ev in events:
        if ev.service_date is not None:
            days.add(ev.service_date)
            continue
        t = ev.t
        if t is None:
            continue
        for offset in (-12 * 3600, 14 * 3600):
            d = datetime.fromtimestamp(t + offset, timezone.utc).date()
            days.update((d, d - timedelta(days=1)))
    return days


def match_events(instances: list[Instance], events) -> int:
    """Attach each event to the run of its trip whose schedule at that stop is nearest
    (within MAX_MATCH_S; same service date when the event names one). Returns the number
    of events that matched nothing (unknown trip or stop, or too far from the schedule)."""
    by_trip: dict[str, list[Instance]] = defaultdict(list)
    for inst in instances:
        by_trip[inst.trip_id].append(inst)
    unmatched = 0
    for ev in events:
        t = ev.t
        best, best_i, best_gap = None, None, MAX_MATCH_S + 1
        for inst in by_trip.get(ev.trip_id, ()):
            if ev.service_date is not None and inst.date != ev.service_date:
                continue
            i = inst.index_of(ev.stop_sequence, ev.stop_id)
            if i is None:
                continue
            s = inst.sched_at(i, departure=ev.departure is not None)
            if s is None:
                s = inst.approx_at(i)
            if t is None or s is None:
                continue
            gap = abs(t - s)
            if gap < best_gap:
                best, best_i, best_gap = inst, i, gap
        if best is None:
            unmatched += 1
            continue
        prev = best.obs.get(best_i)
        if prev is None:
            best.obs[best_i] = ev
        else:  # arrival and departure given on separate lines: merge
            best.obs[best_i] = Event(ev.trip_id, ev.stop_sequence, ev.stop_id,
                                     prev.arrival if prev.arrival is not None else ev.arrival,
                                     prev.departure if prev.departure is not None else ev.departure, ev.service_date)
    return unmatched


# -- KPIs per route, direction, day (and hour) ----------------------------------------------
@dataclass
class RouteKpiRow:
    route_id: str
    direction_id: int | None
    date: Date
    hour: int | None = None  # hour of the service day (may pass 23), None = whole day
    otp: float | None = None
    cv_h: float | None = None
    los: str = ""
    bunching: float | None = None
    ewt_s: float | None = None
    trips_scheduled: int = 0
    trips_observed: int = 0
    missed_trips: int = 0
    running_time_cv: float | None = None
    buffer_time_s: float | None = None
    timepoint_departures: int = 0
    headways: int = 0

    def csv_row(self, with_hour: bool = False) -> list[str]:
        def num(v, digits):
            return "" if v is None else f"{round(v, digits):.{digits}f}"

        row = [self.route_id, "" if self.direction_id is None else str(self.direction_id), self.date.isoformat()]
        if with_hour:
            row.append("" if self.hour is None else str(self.hour))
        return row + [num(self.otp, 4), num(self.cv_h, 4), self.los, num(self.bunching, 4), num(self.ewt_s, 1),
                      str(self.trips_scheduled), str(self.trips_observed)]


class _Acc:
    """What a (route, direction, date, hour) group collects before the KPIs are computed."""

    def __init__(self):
        self.delays = []
        self.trips_scheduled = 0
        self.trips_observed = 0
        self.running = []
        self.bunch = []  # (actual, scheduled) of every headway
        self.cv_stops = defaultdict(lambda: ([], []))  # stop -> (actual, scheduled) of buses with published headway <= 10 min
        self.ewt_stops = defaultdict(lambda: ([], []))  # stop -> (actual headways, scheduled headways)


def compute(instances: list[Instance], window: tuple[float, float] = DEFAULT_WINDOW, by_hour: bool = False,
            cv_max_headway_s: int = CV_MAX_HEADWAY_S, ewt_max_headway_s: int = EWT_MAX_HEADWAY_S) -> list[RouteKpiRow]:
    """KPIs of every (route, direction, date) that has at least one observed run (a route
    with no event at all is taken as not tracked, not as all trips missed), whole day first
    then (by_hour) each hour. Hours come from the schedule: a trip counts in the hour it is
    scheduled to start, a departure and a headway in the hour the bus was due at the stop."""
    groups: dict[tuple, list[Instance]] = defaultdict(list)
    for inst in instances:
        groups[(inst.route_id, inst.direction_id, inst.date)].append(inst)
    rows = []
    for (route_id, direction_id, day), runs in sorted(groups.items(), key=lambda kv: (kv[0][0], _dir_key(kv[0][1]), kv[0][2])):
        if not any(r.obs for r in runs):
            continue
        accs: dict[int | None, _Acc] = defaultdict(_Acc)

        def targets(sched_s):
            return (None, sched_s // 3600) if by_hour else (None,)

        for run in runs:
            for key in targets(run.start_s):
                acc = accs[key]
                acc.trips_scheduled += 1
                acc.trips_observed += bool(run.obs)
            rt = _running_time(run)
            for i, ev in run.obs.items():
                if not run.timepoint[i]:
                    continue
                d = run.delay_at(i)
                if d is None:
                    continue
                s = run.sched_at(i) - run.base
                for key in targets(s):
                    accs[key].delays.append(d)
            if rt is not None:
                for key in targets(run.start_s):
                    accs[key].running.append(rt)
        _headways(runs, accs, targets, cv_max_headway_s, ewt_max_headway_s)
        for key in sorted(accs, key=lambda k: -1 if k is None else k):
            acc = accs[key]
            row = RouteKpiRow(route_id, direction_id, day, key)
            row.otp = otp(acc.delays, window)
            row.timepoint_departures = len(acc.delays)
            row.trips_scheduled, row.trips_observed = acc.trips_scheduled, acc.trips_observed
            row.missed_trips = acc.trips_scheduled - acc.trips_observed
            row.running_time_cv, row.buffer_time_s = running_time_stats(acc.running)
            row.bunching = bunching([a for a, _ in acc.bunch], [s for _, s in acc.bunch])
            row.headways = len(acc.bunch)
            row.cv_h = _weighted([(cv_headway(a, s), len(a)) for a, s in acc.cv_stops.values()])
            row.los = los(row.cv_h)
            row.ewt_s = _weighted([(excess_wait(a, s), len(s)) for a, s in acc.ewt_stops.values() if a and s])
            rows.append(row)
    return rows


def _dir_key(d):
    return -1 if d is None else d


def _weighted(values_weights) -> float | None:
    vw = [(v, w) for v, w in values_weights if v is not None and w > 0]
    total = sum(w for _, w in vw)
    if not total:
        return None
    return sum(v * w for v, w in vw) / total


def _running_time(run: Instance) -> float | None:
    """Observed first-stop departure (or arrival) to last-stop arrival (or departure)."""
    last = len(run.stop_ids) - 1
    a, b = run.obs.get(0), run.obs.get(last)
    if a is None or b is None or last == 0:
        return None
    start = a.departure if a.departure is not None else a.arrival
    end = b.arrival if b.arrival is not None else b.departure
    if start is None or end is None or end <= start:
        return None
    return end - start


def _headways(runs, accs, targets, cv_max, ewt_max) -> None:
    """Per stop (the last stop of a run excluded: nobody boards there): pair each observed
    bus with the previous observed one (actual headway) and with its scheduled predecessor
    (scheduled headway); scheduled headways between consecutive scheduled runs feed SWT."""
    # the published headway of each run: time since the previous run of the route and
    # direction left its first stop. It decides which headways are "frequent" (cv_h, EWT),
    # so the schedule's longer peak running times do not make a 20-min route look frequent
    # for one bus at the stops after a peak ends
    order = sorted(range(len(runs)), key=lambda k: runs[k].start_s)
    published = {k1: runs[k1].start_s - runs[k0].start_s for k0, k1 in zip(order, order[1:])}
    sched_at_stop: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # stop -> [(sched epoch, run, index)]
    obs_at_stop: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # stop -> [(observed epoch, run, index)]
    for k, run in enumerate(runs):
        for i in range(len(run.stop_ids) - 1):
            s = run.sched_at(i)
            if s is None:
                continue
            sched_at_stop[run.stop_ids[i]].append((s, k, i))
            ev = run.obs.get(i)
            if ev is not None and ev.t is not None:
                obs_at_stop[run.stop_ids[i]].append((ev.t, k, i))
    for stop, sched in sched_at_stop.items():
        observed = sorted(obs_at_stop.get(stop, ()))
        if len(observed) < 2:
            continue
        sched.sort()
        own_headway = {}  # (run, index) -> (scheduled headway, its scheduled epoch)
        for (s0, _, _), (s1, k1, i1) in zip(sched, sched[1:]):
            own_headway[(k1, i1)] = (s1 - s0, s1)
        # SWT: scheduled headways within the observed span at this stop (a file of events
        # covering part of the day must not be compared with the whole day's timetable)
        obs_sched = [runs[k].sched_at(i) for _, k, i in observed]
        lo, hi = min(obs_sched), max(obs_sched)
        for (k1, _i1), (h_s, s1) in own_headway.items():
            if published.get(k1, ewt_max + 1) <= ewt_max and lo < s1 <= hi:
                for key in targets(s1 - runs[k1].base):
                    accs[key].ewt_stops[stop][1].append(h_s)
        for (t0, _, _), (t1, k1, i1) in zip(observed, observed[1:]):
            if (k1, i1) not in own_headway:
                continue
            h_s, s1 = own_headway[(k1, i1)]
            if h_s <= 0:
                continue
            h_a = t1 - t0
            for key in targets(s1 - runs[k1].base):
                acc = accs[key]
                acc.bunch.append((h_a, h_s))
                h_pub = published.get(k1)
                if h_pub is not None and h_pub <= cv_max:
                    acc.cv_stops[stop][0].append(h_a)
                    acc.cv_stops[stop][1].append(h_s)
                if h_pub is not None and h_pub <= ewt_max:
                    acc.ewt_stops[stop][0].append(h_a)

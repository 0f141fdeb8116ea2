"""A deterministic bus simulator over a GTFS schedule (pure Python, no Django).

One bus per block (per trip when the feed has no blocks) drives its trips along their
shapes; the ground truth it produces (positions every `step_s`, arrival and departure at
every stop) feeds the live demo, the KPI demos and the prediction benchmark.

What makes it look like a real network, and why:
- running times: the schedule's, times a time-of-day congestion factor (weekday peaks
  around 07:15 and 17:15, half as strong at weekends), stronger on the corridor segments
  (Đại lộ Bình Dương / Quốc lộ 13 in the demo network), a per-trip driver factor and
  per-segment log-normal noise; now and then an incident (a breakdown, an accident ahead)
  adds minutes on one segment;
- dwell: door time plus boarding time of the passengers who arrived since the previous bus
  of the same route and direction left the stop, so a late bus finds more people, dwells
  longer and falls further behind while its follower catches up: bunching emerges;
- delays propagate: a trip starts when both its schedule and its bus (the previous trip of
  the block plus a layover) allow; drivers never leave a stop more than HOLD_EARLY_S early;
- missed trips: with probability `missed_rate` a trip is not run (its bus deadheads to the
  next trip's terminal); they are listed in `SimResult.missed`.

Every draw comes from a `random.Random` seeded with (seed, date, trip or stop), so the same
seed gives the same day, whatever window is asked for. Trips are simulated in order of
scheduled start, so the buses ahead of a trip (and the previous trip of its block) are
always done before it. Frequency-based trips are run as their template times.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from smartcity.mobility.demo_network import CORRIDOR_STOPS
from smartcity.mobility.gtfs.schedule import Schedule, TripInfo, haversine_m

HOLD_EARLY_S = 60
LAYOVER_S = 180  # minimum rest between two trips of a block in the simulation
DOOR_S = 6
BOARD_S = 2.0
MAX_DWELL_S = 150
CAPACITY = 80
DEFAULT_CORRIDOR = CORRIDOR_STOPS  # the demo network's Đại lộ Bình Dương; other feeds pass their own


class Position(NamedTuple):
    t_epoch: int
    vehicle_id: str
    trip_id: str
    route_id: str
    lat: float
    lon: float
    speed_kmh: float
    bearing: float


class StopEventTruth(NamedTuple):
    trip_id: str
    stop_id: str
    stop_sequence: int
    arrival_epoch: int
    departure_epoch: int


@dataclass
class TripRun:
    trip_id: str
    route_id: str
    direction_id: int | None
    vehicle_id: str
    missed: bool
    scheduled_start: int  # epoch
    start: int | None = None  # actual departure from the first stop (epoch), None when missed
    end: int | None = None
    delay_end_s: int | None = None


@dataclass
class SimResult:
    date: dt.date
    seed: int
    positions: list[Position] = field(default_factory=list)  # sorted by (t, vehicle)
    events: list[StopEventTruth] = field(default_factory=list)  # sorted by arrival
    missed: list[str] = field(default_factory=list)
    runs: dict[str, TripRun] = field(default_factory=dict)
    day_start_epoch: int = 0

    _times: list[int] | None = field(default=None, repr=False, compare=False)

    def positions_between(self, t0: int, t1: int) -> list[Position]:
        """Positions with t0 <= t < t1 (positions are sorted by time)."""
        if self._times is None or len(self._times) != len(self.positions):
            self._times = [p.t_epoch for p in self.positions]
        keys = self._times
        return self.positions[bisect.bisect_left(keys, t0):bisect.bisect_left(keys, t1)]

    def vehicles(self) -> list[str]:
        return sorted({r.vehicle_id for r in self.runs.values()})


# ------------------------------------------------------------------------------- helpers
def day_start_epoch(date: dt.date, tz_offset_s: int = 25200) -> int:
    """Epoch of the service day's start (noon minus 12 h; midnight where there is no DST)."""
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp()) - tz_offset_s


def _bump(x: float, centre: float, width: float) -> float:
    return math.exp(-0.5 * ((x - centre) / width) ** 2)


def congestion(t_local_s: float, weekend: bool) -> float:
    """Extra running-time share from traffic at a local time of day (0 at night)."""
    h = t_local_s / 3600.0
    peak = 0.11 * _bump(h, 7.25, 0.9) + 0.14 * _bump(h, 17.4, 1.1) + 0.03 * _bump(h, 12.0, 1.5)
    return peak * (0.45 if weekend else 1.0)


def demand(t_local_s: float, weekend: bool) -> float:
    """Passenger arrival multiplier by time of day (1 = an off-peak weekday hour)."""
    h = t_local_s / 3600.0
    m = 1.0 + 1.6 * _bump(h, 7.0, 0.9) + 1.3 * _bump(h, 17.2, 1.0)
    if h < 5.5 or h > 21:
        m *= 0.4
    return m * (0.7 if weekend else 1.0)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _bearing(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


class _Path:
    """A trip's geometry: points with cumulative metres, and each stop's metres along it."""

    __slots__ = ("lats", "lons", "cum", "bearings", "stop_m")

    def __init__(self, lats, lons, cum, stop_m):
        self.lats, self.lons, self.cum, self.stop_m = lats, lons, cum, stop_m
        self.bearings = [_bearing(lats[i], lons[i], lats[i + 1], lons[i + 1]) for i in range(len(lats) - 1)] or [0.0]

    def at(self, m: float) -> tuple[float, float, float]:
        cum = self.cum
        if m <= 0 or len(cum) == 1:
            return self.lats[0], self.lons[0], self.bearings[0]
        if m >= cum[-1]:
            return self.lats[-1], self.lons[-1], self.bearings[-1]
        i = bisect.bisect_right(cum, m) - 1
        seg = cum[i + 1] - cum[i]
        f = (m - cum[i]) / seg if seg > 0 else 0.0
        return (self.lats[i] + (self.lats[i + 1] - self.lats[i]) * f, self.lons[i] + (self.lons[i + 1] - self.lons[i]) * f,
                self.bearings[i])


def _trip_path(schedule: Schedule, trip: TripInfo) -> _Path | None:
    stops = [schedule.stops.get(s) for s in trip.stop_ids]
    if any(s is None or s.lat is None for s in stops) or len(stops) < 2:
        return None
    shape = schedule.shapes.get(trip.shape_id) if trip.shape_id else None
    if shape is not None and len(shape.lats) >= 2:
        stop_m = None
        sd = shape.dist
        if all(d is not None for d in trip.dist) and sd and all(d is not None for d in sd):
            # shape_dist_traveled units -> metres along the shape
            stop_m = []
            for d in trip.dist:
                i = min(max(bisect.bisect_right(sd, d) - 1, 0), len(sd) - 2)
                span = sd[i + 1] - sd[i]
                f = (d - sd[i]) / span if span > 0 else 0.0
                stop_m.append(shape.cum_m[i] + (shape.cum_m[i + 1] - shape.cum_m[i]) * max(0.0, min(1.0, f)))
        else:  # nearest vertex, searching forward so the stops stay in order
            stop_m, j = [], 0
            for s in stops:
                best, best_j = float("inf"), j
                for k in range(j, len(shape.lats)):
                    d = (shape.lats[k] - s.lat) ** 2 + ((shape.lons[k] - s.lon) * 0.98) ** 2
                    if d < best:
                        best, best_j = d, k
                j = best_j
                stop_m.append(shape.cum_m[j])
        for k in range(1, len(stop_m)):
            stop_m[k] = max(stop_m[k], stop_m[k - 1])
        return _Path(shape.lats, shape.lons, shape.cum_m, stop_m)
    lats, lons, cum = [stops[0].lat], [stops[0].lon], [0.0]
    for s in stops[1:]:
        cum.append(cum[-1] + haversine_m(lats[-1], lons[-1], s.lat, s.lon))
        lats.append(s.lat)
        lons.append(s.lon)
    return _Path(lats, lons, cum, list(cum))


# --------------------------------------------------------------------------- simulation
def simulate(schedule: Schedule, date: dt.date, *, seed: int, tz_offset_s: int = 25200, start_s: int | None = None,
             end_s: int | None = None, step_s: int = 10, missed_rate: float = 0.02, incident_rate: float = 0.04,
             noise: float = 0.10, routes=None, corridor=DEFAULT_CORRIDOR, positions: bool = True) -> SimResult:
    """Simulate the service day `date`. The whole day is always simulated (delays
    propagate from the morning); positions and events are kept for start_s <= t < end_s
    (seconds from the service-day start, default the whole day). Positions are on the
    grid of multiples of step_s (epoch), only while a bus is on a trip."""
    weekend = date.weekday() >= 5
    day0 = day_start_epoch(date, tz_offset_s)
    t_lo = day0 + (start_s if start_s is not None else -10 ** 9)
    t_hi = day0 + (end_s if end_s is not None else 10 ** 9)
    result = SimResult(date=date, seed=seed, day_start_epoch=day0)
    trips = [t for t in schedule.trips_on(date) if t.start_s is not None and len(t.stop_ids) >= 2
             and (routes is None or t.route_id in routes)]
    trips.sort(key=lambda t: (t.start_s, t.trip_id))
    paths: dict[tuple, _Path | None] = {}
    bus_ready: dict[str, int] = {}  # vehicle -> epoch it can start its next trip
    last_dep: dict[tuple, list[int]] = {}  # (route, direction, stop_id) -> departures (epoch), ascending
    stop_weight: dict[str, float] = {}
    base = f"{seed}:{date.isoformat()}"

    def weight(stop_id: str) -> float:
        w = stop_weight.get(stop_id)
        if w is None:
            r = random.Random(f"{base}:stop:{stop_id}")
            w = stop_weight[stop_id] = 0.05 + 0.35 * r.random() ** 2  # passengers a minute, off-peak
        return w

    pos_out = result.positions
    ev_out = result.events
    for trip in trips:
        key = (trip.shape_id, tuple(trip.stop_ids), tuple(trip.dist))
        if key not in paths:
            paths[key] = _trip_path(schedule, trip)
        path = paths[key]
        vehicle = trip.block_id or f"trip:{trip.trip_id}"
        rng = random.Random(f"{base}:trip:{trip.trip_id}")
        sched = [(day0 + (a if a is not None else d) if (a is not None or d is not None) else None,
                  day0 + (d if d is not None else a) if (a is not None or d is not None) else None)
                 for a, d in zip(trip.arr, trip.dep)]
        _fill_times(sched)
        if any(a is None or d is None for a, d in sched):
            continue  # no time at the trip's ends (missing_trip_edge): nothing to run against
        run = TripRun(trip.trip_id, trip.route_id, trip.direction_id, vehicle, False, sched[0][1])
        result.runs[trip.trip_id] = run
        if path is None:
            continue
        if rng.random() < missed_rate:
            run.missed = True
            result.missed.append(trip.trip_id)
            bus_ready[vehicle] = max(bus_ready.get(vehicle, 0), sched[-1][0] + LAYOVER_S)
            continue
        driver = rng.gauss(1.0, 0.04)
        incident_at = rng.randrange(1, len(sched)) if rng.random() < incident_rate else -1
        incident_s = rng.uniform(120, 600) if incident_at > 0 else 0.0
        late_start = rng.expovariate(1 / 25.0)  # a driver's slow start at the terminal
        t = max(sched[0][1], bus_ready.get(vehicle, sched[0][1])) + late_start
        arrivals, departures = [sched[0][1]], [t]
        n = len(sched)
        for k in range(1, n):
            planned = max(30.0, (sched[k][0] - sched[k - 1][1]))
            local = t - day0
            extra = congestion(local, weekend)
            if trip.stop_ids[k - 1] in corridor and trip.stop_ids[k] in corridor:
                extra *= 1.8
            factor = (0.92 + extra) * driver * math.exp(rng.gauss(0.0, noise))
            if t - sched[k - 1][1] > 120:
                factor *= 0.96  # running late: the driver makes up a little
            travel = planned * factor + (incident_s if k == incident_at else 0.0)
            t += travel
            arr = t
            if k < n - 1:
                kk = (trip.route_id, trip.direction_id, trip.stop_ids[k])
                prev = last_dep.get(kk)
                i = bisect.bisect_left(prev, arr) if prev else 0
                since = (arr - prev[i - 1]) if prev and i > 0 else 900.0
                since = min(since, 1800.0)
                lam = weight(trip.stop_ids[k]) * demand(arr - day0, weekend) * since / 60.0
                boarding = min(CAPACITY, _poisson(rng, lam))
                dwell = min(MAX_DWELL_S, DOOR_S + BOARD_S * boarding) if boarding or rng.random() < 0.6 else 0.0
                dep = max(arr + dwell, sched[k][1] - HOLD_EARLY_S)
                if prev is None:
                    last_dep[kk] = [dep]
                else:
                    bisect.insort(prev, dep)
                t = dep
            else:
                dep = arr
            arrivals.append(arr)
            departures.append(dep)
        arrivals = [int(round(x)) for x in arrivals]
        departures = [int(round(x)) for x in departures]
        arrivals[0] = departures[0]  # the origin's event is the departure (the bus waits there on layover)
        for k in range(1, n):  # rounding must not reverse the order
            arrivals[k] = max(arrivals[k], departures[k - 1] + 1)
            departures[k] = max(departures[k], arrivals[k])
        run.start, run.end = departures[0], arrivals[-1]
        run.delay_end_s = arrivals[-1] - sched[-1][0]
        bus_ready[vehicle] = arrivals[-1] + LAYOVER_S
        for k in range(n):
            if t_lo <= arrivals[k] < t_hi:
                ev_out.append(StopEventTruth(trip.trip_id, trip.stop_ids[k], trip.seqs[k], arrivals[k], departures[k]))
        if positions and departures[0] < t_hi and arrivals[-1] >= t_lo:
            _positions(pos_out, path, trip, vehicle, arrivals, departures, step_s, max(t_lo, departures[0]),
                       min(t_hi, arrivals[-1] + 1))
    pos_out.sort(key=lambda p: (p.t_epoch, p.vehicle_id))
    ev_out.sort(key=lambda e: (e.arrival_epoch, e.trip_id, e.stop_sequence))
    return result


def _fill_times(sched: list) -> None:
    """Stops without times (between timepoints) get times interpolated by position."""
    known = [i for i, (a, _d) in enumerate(sched) if a is not None]
    for i0, i1 in zip(known, known[1:]):
        for i in range(i0 + 1, i1):
            f = (i - i0) / (i1 - i0)
            v = int(sched[i0][1] + (sched[i1][0] - sched[i0][1]) * f)
            sched[i] = (v, v)


def _positions(out: list, path: _Path, trip: TripInfo, vehicle: str, arr: list[int], dep: list[int], step: int,
               t0: int, t1: int) -> None:
    t = t0 + (-t0) % step
    k = 0
    n = len(arr)
    stop_m = path.stop_m
    append = out.append
    rid, tid = trip.route_id, trip.trip_id
    while t < t1:
        while k < n - 1 and t >= arr[k + 1]:
            k += 1
        if t <= dep[k] or k == n - 1:  # at stop k (dwelling, or at the end)
            lat, lon, b = path.at(stop_m[k])
            speed = 0.0
        else:  # between stop k and k+1
            span = arr[k + 1] - dep[k]
            seg_m = stop_m[k + 1] - stop_m[k]
            m = stop_m[k] + seg_m * (t - dep[k]) / span
            lat, lon, b = path.at(m)
            speed = seg_m / span * 3.6
        append(Position(t, vehicle, tid, rid, round(lat, 6), round(lon, 6), round(speed, 1), round(b, 1)))
        t += step


# ----------------------------------------------------------------------------- output
def iso_local(epoch: int, tz_offset_s: int = 25200) -> str:
    """ISO 8601 with the zone's offset, e.g. 2026-12-02T07:15:00+07:00."""
    tz = dt.timezone(dt.timedelta(seconds=tz_offset_s))
    return dt.datetime.fromtimestamp(epoch, tz).isoformat()


def positions_csv_rows(result: SimResult, tz_offset_s: int = 25200):
    yield ("timestamp", "time", "vehicle_id", "trip_id", "route_id", "lat", "lon", "speed_kmh", "bearing")
    for p in result.positions:
        yield (p.t_epoch, iso_local(p.t_epoch, tz_offset_s), p.vehicle_id, p.trip_id, p.route_id, p.lat, p.lon,
               p.speed_kmh, p.bearing)

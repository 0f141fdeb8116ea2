"""Positions -> trips, progress along the trip, stop arrival/departure events and delays.
Pure Python (no Django): the realtime service and the hub hook feed it fixes and persist
what it returns.

How it works, and why:
- Geometry: a trip's line is its shape (or, without one, the polyline of its stops) in a
  local flat projection (metres), with its segments bucketed in a grid of 250 m cells, so
  projecting a fix looks at a few segments instead of the whole shape (>= 2,000 fixes/s).
  A fix projects to the nearest segment; when a shape passes the same road twice (out and
  back) the candidate that keeps the vehicle moving forward from its last progress wins.
  Stops are projected in sequence (each at or after the previous one).
- Events: each stop has a radius (30 m, less when stops are closer). Entering it is an
  arrival, leaving it a departure; a stop passed between two fixes gets both at the time
  interpolated at the stop. Fix times are refined with the reported speed when there is
  one (a bus that decelerates into a stop is there before the next fix).
- Delay: event time minus the scheduled time in the service day (seconds after noon minus
  12 h, local time of the feed: Asia/Ho_Chi_Minh), departure first; between stops, the fix
  time minus the schedule interpolated by distance.
- Trip: the trip_id given by the producer; otherwise inferred from trips running now
  (service date today or yesterday), on the vehicle's route when known, near the fix
  (<= 150 m off the line) and most consistent with the schedule (smallest |delay|).
  An inferred trip is kept while it stays consistent.
"""
import bisect
import datetime as dt
import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

M_PER_DEG = math.pi / 180 * 6371008.8
CELL_M = 250.0
NEAR_AHEAD_M = 600.0  # fast projection: segments up to this far ahead of the last progress
NEAR_OFF_M = 15.0  # ... are taken when one of them is this close
STOP_RADIUS_M = 30.0
MAX_OFF_M = 200.0  # farther than this from the line: the fix does not move progress (E029's distance)
INFER_MAX_OFF_M = 150.0
MIN_SPEED = 1.0  # m/s: below, a reported speed says "stopped" and is not used for timing
EXTRAPOLATE_M = 300.0  # first/last stop events extrapolated from a fix at most this far from the stop


class Line:
    """A polyline in local metres with a segment grid for fast projection."""

    __slots__ = ("xs", "ys", "cum", "lat0", "lon0", "kx", "ky", "grid", "length")

    def __init__(self, lats, lons):
        n = len(lats)
        self.lat0 = sum(lats) / n if n else 0.0
        self.lon0 = lons[0] if n else 0.0
        self.ky = M_PER_DEG
        self.kx = M_PER_DEG * math.cos(math.radians(self.lat0))
        self.xs = [(lo - self.lon0) * self.kx for lo in lons]
        self.ys = [(la - self.lat0) * self.ky for la in lats]
        cum = [0.0] * n
        for i in range(1, n):
            cum[i] = cum[i - 1] + math.hypot(self.xs[i] - self.xs[i - 1], self.ys[i] - self.ys[i - 1])
        self.cum = cum
        self.length = cum[-1] if n else 0.0
        grid: dict = {}
        xs, ys = self.xs, self.ys
        for i in range(n - 1):
            x0, x1 = sorted((xs[i], xs[i + 1]))
            y0, y1 = sorted((ys[i], ys[i + 1]))
            for cx in range(math.floor(x0 / CELL_M), math.floor(x1 / CELL_M) + 1):
                for cy in range(math.floor(y0 / CELL_M), math.floor(y1 / CELL_M) + 1):
                    grid.setdefault((cx, cy), []).append(i)
        self.grid = grid

    def xy(self, lat, lon):
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky

    def _candidates(self, x, y):
        cx, cy = math.floor(x / CELL_M), math.floor(y / CELL_M)
        grid = self.grid
        seen = set()
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                seg = grid.get((cx + dx, cy + dy))
                if seg:
                    seen.update(seg)
        return seen

    def _project_seg(self, i, x, y):
        xs, ys = self.xs, self.ys
        x0, y0 = xs[i], ys[i]
        dx, dy = xs[i + 1] - x0, ys[i + 1] - y0
        l2 = dx * dx + dy * dy
        if l2 <= 0:
            u = 0.0
        else:
            u = ((x - x0) * dx + (y - y0) * dy) / l2
            u = 0.0 if u < 0 else (1.0 if u > 1 else u)
        px, py = x0 + u * dx, y0 + u * dy
        return self.cum[i] + u * (self.cum[i + 1] - self.cum[i]), math.hypot(x - px, y - py)

    def project(self, lat, lon, near: float | None = None) -> tuple[float, float]:
        """(metres along the line, metres off it). With `near` (the last progress), among
        equally close candidates the first one not behind it wins."""
        n = len(self.xs)
        if n == 0:
            return 0.0, math.inf
        x, y = self.xy(lat, lon)
        if near is not None and n > 1:
            # fast path: a vehicle 10-30 s after its last fix is on one of the next segments
            # (the first of the close ones: a road driven out and back stays in order)
            cum = self.cum
            i = max(0, bisect.bisect_right(cum, near - 30.0) - 1)
            cands = []
            while i < n - 1 and cum[i] <= near + NEAR_AHEAD_M:
                cands.append(self._project_seg(i, x, y))
                i += 1
            if cands:
                best = min(cands, key=_off)
                if best[1] <= NEAR_OFF_M:
                    limit = best[1] + 10.0
                    return min(c for c in cands if c[1] <= limit)
        if n == 1:
            return 0.0, math.hypot(x - self.xs[0], y - self.ys[0])
        segs = self._candidates(x, y)
        if not segs:
            segs = range(n - 1)  # far from the line: every segment (rare)
        cands = [self._project_seg(i, x, y) for i in segs]
        best = min(cands, key=_off)
        if near is None or len(cands) == 1:
            return best
        limit = best[1] + 30.0
        fwd = [c for c in cands if c[1] <= limit and c[0] >= near - 30.0]
        return min(fwd) if fwd else best

    def heading_at(self, d: float) -> float | None:
        """Direction of travel (degrees from north, clockwise) of the segment at d metres."""
        n = len(self.xs)
        if n < 2:
            return None
        i = min(max(bisect.bisect_right(self.cum, d) - 1, 0), n - 2)
        while i < n - 2 and self.cum[i + 1] == self.cum[i]:
            i += 1
        dx, dy = self.xs[i + 1] - self.xs[i], self.ys[i + 1] - self.ys[i]
        if dx == 0 and dy == 0:
            return None
        return math.degrees(math.atan2(dx, dy)) % 360

    def distance(self, lat, lon) -> float:
        return self.project(lat, lon)[1]


def _off(c):
    return c[1]


def _heading(track, fix) -> float | None:
    """The fix's bearing when moving; else the direction of the move since the last fix."""
    if fix.bearing is not None and (fix.speed is None or fix.speed > MIN_SPEED):
        return fix.bearing
    if track is None:
        return None
    dy = (fix.lat - track.lat) * M_PER_DEG
    dx = (fix.lon - track.lon) * M_PER_DEG * math.cos(math.radians(fix.lat))
    if math.hypot(dx, dy) < 20:
        return None
    return math.degrees(math.atan2(dx, dy)) % 360


@dataclass
class TripGeom:
    """A trip pattern's line and its stops' positions (metres) and radii along it."""

    line: Line
    s: list[float]
    r: list[float]


@dataclass
class TripTimes:
    """Scheduled arrival/departure seconds per stop (untimed stops interpolated by distance)."""

    arr: list[float | None]
    dep: list[float | None]
    frequency: bool = False


@dataclass
class Fix:
    t: int
    lat: float
    lon: float
    speed: float | None = None  # m/s
    bearing: float | None = None
    trip_id: str | None = None
    route_id: str | None = None
    direction_id: int | None = None
    start_date: str | None = None  # YYYYMMDD (GTFS-RT trip descriptor)
    start_time: str | None = None  # HH:MM:SS (frequency-based trips)


@dataclass
class Track:
    """What the matcher remembers of a vehicle between fixes (persisted as VehicleState)."""

    t: int
    lat: float
    lon: float
    speed: float | None = None
    trip_id: str = ""
    route_id: str = ""
    direction_id: int | None = None
    service_date: dt.date | None = None
    match: str = "none"  # given | inferred | none
    d: float | None = None  # metres along the trip's line
    off: float | None = None
    next_idx: int = 0  # first stop not yet departed
    at_idx: int | None = None  # stop whose radius the vehicle is in
    arr_t: int | None = None  # arrival time at at_idx
    delay: int | None = None
    shift: int = 0  # seconds added to the schedule (frequency-based trips started at start_time)


@dataclass
class Event:
    trip_id: str
    route_id: str
    direction_id: int | None
    service_date: dt.date
    stop_id: str
    stop_sequence: int
    scheduled_arrival: int | None
    scheduled_departure: int | None
    arrival: int | None
    departure: int | None
    delay: int | None


@dataclass
class Result:
    track: Track
    events: list = field(default_factory=list)
    stale: bool = False


def parse_hms(text: str | None) -> int | None:
    if not text:
        return None
    try:
        h, m, s = (int(x) for x in text.split(":"))
    except ValueError:
        return None
    return h * 3600 + m * 60 + s


class Matcher:
    """Matching against one Schedule; keeps its geometry and time caches (build once per feed)."""

    def __init__(self, schedule, radius_m: float = STOP_RADIUS_M, max_off_m: float = MAX_OFF_M):
        self.schedule = schedule
        self.radius = radius_m
        self.max_off = max_off_m
        self.tz = ZoneInfo(getattr(schedule, "timezone", None) or "Asia/Ho_Chi_Minh")
        self._geoms: dict = {}
        self._trip_geom: dict = {}
        self._times: dict = {}
        self._day_start: dict = {}
        self._active: dict = {}
        self._services: dict = {}

    # -- caches --------------------------------------------------------------------------------
    def geom(self, trip) -> TripGeom | None:
        g = self._trip_geom.get(trip.trip_id, False)
        if g is not False:
            return g
        key = (trip.shape_id, tuple(trip.stop_ids))
        g = self._geoms.get(key, False)
        if g is False:
            g = self._build_geom(trip)
            self._geoms[key] = g
        self._trip_geom[trip.trip_id] = g
        return g

    def _build_geom(self, trip) -> TripGeom | None:
        stops = self.schedule.stops
        pts = [stops.get(sid) for sid in trip.stop_ids]
        shape = self.schedule.shapes.get(trip.shape_id) if trip.shape_id else None
        if shape is not None and len(shape.lats) >= 2:
            line = Line(shape.lats, shape.lons)
        else:
            coords = [(p.lat, p.lon) for p in pts if p is not None and p.lat is not None]
            if len(coords) < 2:
                return None
            line = Line([c[0] for c in coords], [c[1] for c in coords])
        s, prev = [], 0.0
        for p in pts:
            if p is None or p.lat is None:
                s.append(prev)
                continue
            d, _off_m = line.project(p.lat, p.lon, near=prev)
            prev = max(prev, d)
            s.append(prev)
        r = []
        for k in range(len(s)):
            gap_prev = s[k] - s[k - 1] if k > 0 else math.inf
            gap_next = s[k + 1] - s[k] if k + 1 < len(s) else math.inf
            r.append(max(5.0, min(self.radius, gap_prev / 2, gap_next / 2)))
        return TripGeom(line, s, r)

    def times(self, trip, geom: TripGeom | None) -> TripTimes:
        tt = self._times.get(trip.trip_id)
        if tt is not None:
            return tt
        arr = [a if a is not None else d for a, d in zip(trip.arr, trip.dep)]
        dep = [d if d is not None else a for a, d in zip(trip.arr, trip.dep)]
        timed = [k for k, a in enumerate(arr) if a is not None]
        if timed and geom is not None and len(timed) < len(arr):
            s = geom.s
            for k in range(len(arr)):
                if arr[k] is not None:
                    continue
                j = bisect.bisect_left(timed, k)
                if j == 0 or j >= len(timed):
                    continue
                a, b = timed[j - 1], timed[j]
                span = s[b] - s[a]
                frac = (s[k] - s[a]) / span if span > 0 else (k - a) / (b - a)
                arr[k] = dep[k] = dep[a] + frac * (arr[b] - dep[a])
        tt = TripTimes(arr, dep, trip.trip_id in self.schedule.frequencies)
        self._times[trip.trip_id] = tt
        return tt

    def day_start(self, date: dt.date) -> int:
        """Epoch seconds of the service day's start: noon minus 12 h, local time."""
        v = self._day_start.get(date)
        if v is None:
            noon = dt.datetime(date.year, date.month, date.day, 12, tzinfo=self.tz)
            v = self._day_start[date] = int(noon.timestamp()) - 43200
        return v

    def local_date(self, t: int) -> dt.date:
        return dt.datetime.fromtimestamp(t, self.tz).date()

    def services(self, date: dt.date) -> set:
        v = self._services.get(date)
        if v is None:
            v = self._services[date] = self.schedule.services_on(date)
        return v

    def active(self, date: dt.date) -> list:
        """(start_s, end_s, trip) of the date's timed trips, by start."""
        v = self._active.get(date)
        if v is None:
            out = []
            for trip in self.schedule.trips_on(date):
                if trip.trip_id in self.schedule.frequencies:
                    continue
                a, b = trip.start_s, trip.end_s
                if a is not None and b is not None:
                    out.append((a, b, trip))
            out.sort(key=lambda x: x[0])
            v = self._active[date] = out
        return v

    # -- trip and date ---------------------------------------------------------------------------
    def resolve_date(self, trip, t: int, start_date: str | None = None) -> dt.date | None:
        if start_date and len(start_date) == 8 and start_date.isdigit():
            try:
                return dt.date(int(start_date[:4]), int(start_date[4:6]), int(start_date[6:]))
            except ValueError:
                pass
        today = self.local_date(t)
        best, best_gap = None, None
        for date in (today, today - dt.timedelta(days=1), today + dt.timedelta(days=1)):
            if trip.service_id not in self.services(date):
                continue
            rel = t - self.day_start(date)
            a, b = trip.start_s, trip.end_s
            if a is None or b is None:
                gap = 0
            else:
                gap = 0 if a - 3600 <= rel <= b + 3600 else min(abs(rel - a), abs(rel - b))
            if best_gap is None or gap < best_gap:
                best, best_gap = date, gap
        return best if best is not None else today

    def sched_at(self, tt: TripTimes, g: TripGeom, d: float) -> float | None:
        """Scheduled time (service-day seconds) at distance d along the trip."""
        s = g.s
        if not s:
            return None
        k = bisect.bisect_right(s, d)
        if k == 0:
            return tt.dep[0]
        if k >= len(s):
            return tt.arr[-1]
        a, b = tt.dep[k - 1], tt.arr[k]
        if a is None or b is None:
            return None
        span = s[k] - s[k - 1]
        return a + (d - s[k - 1]) / span * (b - a) if span > 0 else b

    def infer(self, fix: Fix, route_id: str | None = None, direction_id: int | None = None, heading: float | None = None,
              exclude: tuple | None = None):
        """(trip, date, d, off) most consistent with the fix among trips running now, or None.
        With a heading (the fix's bearing, or the direction of the last move), a trip whose
        line runs the other way there is not a candidate: both directions of a route often
        share the road. `exclude`: (trip_id, date) of the trip the bus just finished.
        (Excluding trips other buses are on was tried and made things worse: one wrong early
        guess then pushes the bus really running that trip onto another one.)"""
        today = self.local_date(fix.t)
        best, best_score = None, math.inf
        for date in (today, today - dt.timedelta(days=1)):
            rel = fix.t - self.day_start(date)
            for a, b, trip in self.active(date):
                if a - 1200 > rel:
                    break
                if rel > b + 1800:
                    continue
                if route_id and trip.route_id != route_id:
                    continue
                if exclude is not None and exclude == (trip.trip_id, date):
                    continue
                if direction_id is not None and trip.direction_id is not None and trip.direction_id != direction_id:
                    continue
                g = self.geom(trip)
                if g is None:
                    continue
                d, off = g.line.project(fix.lat, fix.lon)
                if off > INFER_MAX_OFF_M:
                    continue
                if heading is not None:
                    h = g.line.heading_at(d)
                    if h is not None and abs((heading - h + 180) % 360 - 180) > 100:
                        continue
                sched = self.sched_at(self.times(trip, g), g, d)
                if sched is None:
                    continue
                score = abs(rel - sched) + 2 * off
                if score < best_score:
                    best, best_score = (trip, date, d, off), score
        return best

    # -- one fix ---------------------------------------------------------------------------------
    def update(self, track: Track | None, fix: Fix) -> Result:
        """Advance a vehicle's track with a fix (fixes older than the track are ignored)."""
        if track is not None and fix.t <= track.t:
            return Result(track, [], stale=True)
        trips = self.schedule.trips
        trip, date, match, shift = None, None, "none", 0
        d = off = done = None
        if fix.trip_id:
            trip = trips.get(fix.trip_id)
            if trip is not None:
                match = "given"
                if (track is not None and track.trip_id == trip.trip_id and track.service_date is not None
                        and not fix.start_date and fix.t - track.t < 3600):
                    date = track.service_date  # the same run of the trip (no need to look the day up again)
                else:
                    date = self.resolve_date(trip, fix.t, fix.start_date)
        elif (track is not None and track.match == "inferred" and track.trip_id in trips
              and (not fix.route_id or fix.route_id == track.route_id)):
            trip, date, match = trips[track.trip_id], track.service_date, "inferred"
            g = self.geom(trip)
            end = trip.end_s
            d, off = g.line.project(fix.lat, fix.lon, near=track.d) if g is not None else (None, math.inf)
            finished = track.next_idx >= len(trip.stop_ids) or (track.at_idx == len(trip.stop_ids) - 1)
            if off > self.max_off or (end is not None and fix.t - self.day_start(date) > end + 1800) or finished:
                if finished:
                    done = (trip.trip_id, date)  # a bus that ended a trip starts another one
                trip = None
        if trip is None and not fix.trip_id:
            found = self.infer(fix, fix.route_id or None, fix.direction_id, _heading(track, fix), done)
            if found is not None:
                trip, date, d, off = found
                match = "inferred"
        if trip is None:
            return Result(Track(fix.t, fix.lat, fix.lon, fix.speed, "", fix.route_id or "", fix.direction_id, None, "none"))
        g = self.geom(trip)
        tt = self.times(trip, g)
        if tt.frequency and fix.start_time and tt.dep and tt.dep[0] is not None:
            shift = (parse_hms(fix.start_time) or 0) - int(tt.dep[0])
        same = (track is not None and track.trip_id == trip.trip_id and track.service_date == date and track.d is not None)
        if g is None:
            new = Track(fix.t, fix.lat, fix.lon, fix.speed, trip.trip_id, trip.route_id, trip.direction_id, date, match)
            return Result(new)
        if d is None or not same:
            d, off = g.line.project(fix.lat, fix.lon, near=track.d if same else None)
        if not same:
            events = self._close(track) if track is not None and track.trip_id else []
            new = Track(fix.t, fix.lat, fix.lon, fix.speed, trip.trip_id, trip.route_id, trip.direction_id, date, match,
                        d=d, off=off, shift=shift)
            k = bisect.bisect_left([s + r for s, r in zip(g.s, g.r)], d)
            new.next_idx = k
            if k < len(g.s) and abs(d - g.s[k]) <= g.r[k]:
                new.at_idx = k
            elif k == 1 and off <= self.max_off and fix.speed and fix.speed > MIN_SPEED and d - g.s[0] <= EXTRAPOLATE_M:
                # first seen just after leaving the first stop: its departure, extrapolated back at the fix's speed
                dep = int(round(fix.t - (d - g.s[0]) / fix.speed))
                events.append(self._event(trip, new, g, tt, 0, None, dep))
            new.delay = self._delay(new, trip, g, tt)
            return Result(new, events)
        new = Track(fix.t, fix.lat, fix.lon, fix.speed, trip.trip_id, trip.route_id, trip.direction_id, date, match,
                    d=track.d, off=off, next_idx=track.next_idx, at_idx=track.at_idx, arr_t=track.arr_t,
                    delay=track.delay, shift=track.shift if not shift else shift)
        events = []
        if off <= self.max_off and d > track.d:
            new.d = d
            events = self._advance(track, new, trip, g, tt)
        new.delay = self._delay(new, trip, g, tt)
        return Result(new, events)

    def _advance(self, old: Track, new: Track, trip, g: TripGeom, tt: TripTimes) -> list:
        t0, d0, v0 = old.t, old.d, old.speed
        t1, d1, v1 = new.t, new.d, new.speed
        s, r = g.s, g.r
        n = len(s)
        events = []

        def at(p):  # linear time at position p between the two fixes
            return t0 + (p - d0) / (d1 - d0) * (t1 - t0) if d1 > d0 else t1

        k = new.next_idx
        while k < n:
            enter, leave = s[k] - r[k], s[k] + r[k]
            if new.at_idx == k:
                if d1 <= leave:
                    break
                src = max(s[k], d0)
                dep = t1 - (d1 - src) / v1 if v1 and v1 > MIN_SPEED else at(src)
                dep = int(round(min(max(dep, t0), t1)))
                events.append(self._event(trip, new, g, tt, k, new.arr_t, dep))
                new.at_idx, new.arr_t = None, None
                k += 1
                new.next_idx = k
                continue
            if d1 < enter:
                break
            if d1 <= leave:
                target = min(s[k], d1)
                arr = t0 + (target - d0) / v0 if v0 and v0 > MIN_SPEED else at(target)
                arr = int(round(min(max(arr, t0), t1)))
                new.at_idx, new.arr_t = k, arr
                events.append(self._event(trip, new, g, tt, k, arr, None))
                break
            tp = int(round(at(s[k])))
            events.append(self._event(trip, new, g, tt, k, tp, tp))
            k += 1
            new.next_idx = k
        return events

    def _close(self, track: Track) -> list:
        """A vehicle leaves its trip (a new one starts): if it was heading to the last stop
        and close to it, its arrival there, extrapolated forward at its last speed."""
        trip = self.schedule.trips.get(track.trip_id)
        if trip is None or track.d is None or track.at_idx is not None or track.service_date is None:
            return []
        g = self.geom(trip)
        if g is None or track.next_idx != len(g.s) - 1 or not track.speed or track.speed <= MIN_SPEED:
            return []
        remaining = g.s[-1] - track.d
        if not 0 <= remaining <= EXTRAPOLATE_M:
            return []
        arr = int(round(track.t + remaining / track.speed))
        return [self._event(trip, track, g, self.times(trip, g), len(g.s) - 1, arr, None)]

    def _event(self, trip, track: Track, g, tt: TripTimes, k: int, arrival, departure) -> Event:
        base = self.day_start(track.service_date) + track.shift
        sa = None if tt.arr[k] is None else int(round(base + tt.arr[k]))
        sd = None if tt.dep[k] is None else int(round(base + tt.dep[k]))
        if departure is not None and sd is not None and k < len(tt.dep) - 1:
            delay = departure - sd
        elif arrival is not None and sa is not None:
            delay = arrival - sa
        elif departure is not None and sd is not None:
            delay = departure - sd
        else:
            delay = None
        return Event(trip.trip_id, trip.route_id, trip.direction_id, track.service_date, trip.stop_ids[k], trip.seqs[k],
                     sa, sd, arrival, departure, delay)

    def _delay(self, track: Track, trip, g: TripGeom, tt: TripTimes) -> int | None:
        base = self.day_start(track.service_date) + track.shift
        k = track.at_idx
        if k is not None:
            out = None
            if track.arr_t is not None and tt.arr[k] is not None:
                out = track.arr_t - (base + tt.arr[k])
            if tt.dep[k] is not None and k < len(tt.dep) - 1 and track.t > base + tt.dep[k]:
                late = track.t - (base + tt.dep[k])
                out = late if out is None else max(out, late)
            return None if out is None else int(round(out))
        if track.next_idx >= len(g.s):
            return track.delay
        sched = self.sched_at(tt, g, track.d)
        return None if sched is None else int(round(track.t - (base + sched)))

    def stop_sequence(self, track: Track) -> tuple[int | None, str]:
        """(stop_sequence, stop_id) of the current or next stop of the track."""
        trip = self.schedule.trips.get(track.trip_id)
        if trip is None:
            return None, ""
        k = track.at_idx if track.at_idx is not None else track.next_idx
        if k >= len(trip.seqs):
            k = len(trip.seqs) - 1
        return trip.seqs[k], trip.stop_ids[k]

    def index_of(self, trip_id: str, stop_sequence: int | None) -> int:
        trip = self.schedule.trips.get(trip_id)
        if trip is None or stop_sequence is None:
            return 0
        k = bisect.bisect_left(trip.seqs, stop_sequence)
        return min(k, len(trip.seqs))

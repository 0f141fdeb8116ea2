"""Schedule statistics with gtfs-kit's column names and semantics (pure, no Django).

gtfs-kit (mrcagney/gtfs_kit) is the reference people compare transit statistics with, so
every column here means what it means there: trip stats (`compute_trip_stats`), route
stats per service date (`compute_route_stats`), stop stats (`compute_stop_stats`) and
feed (network) stats (`compute_network_stats`, formerly `compute_feed_stats`). The same
numbers come out of plain loops over the typed Schedule instead of pandas group-bys,
which is what makes this several times faster.

Conventions kept from gtfs-kit:
- a trip's start_time / end_time are the departure times at its first / last stop;
  duration is in hours; distance is in km when the feed's distance units are metric and in
  miles otherwise; speed = distance / duration;
- distance comes from stop_times.shape_dist_traveled (the trip's maximum) when that
  column has any value, otherwise from the shape projected to UTM: the distance along
  the shape between the projections of the first and last stops, or the whole shape's
  length when the shape crosses itself or the projection looks wrong;
- is_loop: first and last stops less than 400 m apart (UTM);
- stop_pattern_name: "<direction_id>-<rank>", rank 1 for the most frequent stop sequence
  of the route and direction (ties: the pattern of the smaller trip_id first);
- route/stop/feed stats of a date use the trips whose service runs on that date (a trip
  running past midnight belongs to the date it started); headways are in minutes between
  departures inside [headway_start, headway_end].
Missing values (NaN in gtfs-kit) are None.
"""
from __future__ import annotations

import math
from collections import Counter
from statistics import median

from .reader import format_seconds
from .schedule import Schedule, TripInfo, _date_int, haversine_m

TRIP_STATS_COLUMNS = [
    "trip_id", "route_id", "route_short_name", "route_type", "direction_id", "shape_id",
    "stop_pattern_name", "num_stops", "start_time", "end_time", "start_stop_id", "end_stop_id",
    "is_loop", "duration", "distance", "speed",
]
ROUTE_STATS_COLUMNS = [
    "date", "route_id", "route_short_name", "route_type", "num_trips", "num_trip_starts",
    "num_trip_ends", "num_stop_patterns", "is_loop", "start_time", "end_time", "max_headway",
    "min_headway", "mean_headway", "peak_num_trips", "peak_start_time", "peak_end_time",
    "service_distance", "service_duration", "service_speed", "mean_trip_distance",
    "mean_trip_duration", "is_bidirectional",
]
STOP_STATS_COLUMNS = [
    "date", "stop_id", "num_trips", "num_routes", "max_headway", "min_headway", "mean_headway",
    "start_time", "end_time",
]
FEED_STATS_COLUMNS = [
    "date", "num_stops", "num_routes", "num_trips", "num_trip_starts", "num_trip_ends",
    "peak_num_trips", "peak_start_time", "peak_end_time", "service_distance",
    "service_duration", "service_speed",
]

DIST_UNITS = ("ft", "mi", "m", "km")
_TO_M = {"ft": 0.3048, "mi": 1609.344, "m": 1.0, "km": 1000.0}
LOOP_M = 400.0


def convert_dist(value: float, unit_in: str, unit_out: str) -> float:
    return value * (_TO_M[unit_in] / _TO_M[unit_out])


def output_units(dist_units: str) -> str:
    """gtfs-kit reports km for metric feeds and miles otherwise."""
    return "km" if dist_units in ("m", "km") else "mi"


def infer_dist_units(schedule: Schedule) -> str:
    """Units of shape_dist_traveled, guessed as gtfs-kit does: compare the metres along up
    to 10 shapes with their recorded distance span and take the unit with the nearest
    ratio (log scale); 'km' when no shape records distances."""
    ratios = []
    for shape in schedule.shapes.values():
        if len(shape.dist) < 2 or shape.dist[0] is None or shape.dist[-1] is None:
            continue
        span = shape.dist[-1] - shape.dist[0]
        if span <= 0 or shape.length_m <= 0:
            continue
        ratios.append(shape.length_m / span)
        if len(ratios) == 10:
            break
    if not ratios:
        return "km"
    r = median(ratios)
    return min(DIST_UNITS, key=lambda u: abs(math.log(r / _TO_M[u])))


# --------------------------------------------------------------------- UTM geometry
_A = 6378137.0
_F = 1 / 298.257223563
_K0 = 0.9996


def _tm_constants():
    n = _F / (2 - _F)
    big_a = _A / (1 + n) * (1 + n**2 / 4 + n**4 / 64 + n**6 / 256)
    alpha = (
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180 - 127 * n**5 / 288 + 7891 * n**6 / 37800,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440 + 281 * n**5 / 630 - 1983433 * n**6 / 1935360,
        61 * n**3 / 240 - 103 * n**4 / 140 + 15061 * n**5 / 26880 + 167603 * n**6 / 181440,
        49561 * n**4 / 161280 - 179 * n**5 / 168 + 6601661 * n**6 / 7257600,
        34729 * n**5 / 80640 - 3418889 * n**6 / 1995840,
        212378941 * n**6 / 319334400,
    )
    return big_a, alpha, math.sqrt(_F * (2 - _F))


_TM_A, _TM_ALPHA, _TM_E = _tm_constants()


def utm_zone(lon: float, lat: float) -> tuple[int, bool]:
    """(zone number, southern hemisphere) of the UTM zone containing a point."""
    zone = int(math.floor((lon + 180) / 6)) % 60 + 1
    return zone, lat < 0


def estimate_utm(lons, lats) -> tuple[int, bool]:
    """UTM zone for a set of points, as geopandas' estimate_utm_crs: the zone of the centre
    of their bounding box."""
    lons = [x for x in lons if x is not None]
    lats = [y for y in lats if y is not None]
    if not lons:
        return 31, False
    return utm_zone((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)


def to_utm(lons, lats, zone: int, south: bool):
    """Project WGS84 degrees to UTM metres (Krüger series to n^6, sub-millimetre in the
    zone), numpy arrays in and out."""
    import numpy as np

    lon0 = math.radians(-183 + 6 * zone)
    phi = np.radians(np.asarray(lats, dtype=float))
    lam = np.radians(np.asarray(lons, dtype=float)) - lon0
    e = _TM_E
    sphi = np.sin(phi)
    t = np.sinh(np.arctanh(sphi) - e * np.arctanh(e * sphi))
    xi_p = np.arctan2(t, np.cos(lam))
    eta_p = np.arctanh(np.sin(lam) / np.sqrt(1 + t * t))
    xi = xi_p.copy()
    eta = eta_p.copy()
    for j, a in enumerate(_TM_ALPHA, start=1):
        xi += a * np.sin(2 * j * xi_p) * np.cosh(2 * j * eta_p)
        eta += a * np.cos(2 * j * xi_p) * np.sinh(2 * j * eta_p)
    x = 500000.0 + _K0 * _TM_A * eta
    y = _K0 * _TM_A * xi + (10000000.0 if south else 0.0)
    return x, y


class _Line:
    """A shape as a planar line in UTM metres: length, self-intersection test and the
    projection of a point (distance along the line to its nearest point), following
    GEOS (LineString.length / is_simple / project)."""

    __slots__ = ("x", "y", "cum", "length", "_simple")

    def __init__(self, x, y):
        import numpy as np

        self.x, self.y = x, y
        seg = np.hypot(np.diff(x), np.diff(y))
        self.cum = np.concatenate(([0.0], np.cumsum(seg)))
        self.length = float(self.cum[-1])
        self._simple = None

    @property
    def is_simple(self) -> bool:
        if self._simple is None:
            self._simple = _is_simple(self.x, self.y)
        return self._simple

    def project(self, px: float, py: float) -> float:
        import numpy as np

        x0, y0, x1, y1 = self.x[:-1], self.y[:-1], self.x[1:], self.y[1:]
        dx, dy = x1 - x0, y1 - y0
        len2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            r = ((px - x0) * dx + (py - y0) * dy) / len2
        r = np.where(len2 > 0, r, 0.0)
        rc = np.clip(r, 0.0, 1.0)
        dist2 = (x0 + rc * dx - px) ** 2 + (y0 + rc * dy - py) ** 2
        k = int(np.argmin(dist2))  # the first nearest segment, as GEOS
        return float(self.cum[k] + rc[k] * math.sqrt(len2[k]))


def _is_simple(x, y) -> bool:
    """True when the line does not cross or touch itself (a closed line may meet itself at
    its end point only), as GEOS IsSimpleOp for a LineString."""
    import numpy as np

    keep = np.ones(len(x), dtype=bool)
    keep[1:] = (np.diff(x) != 0) | (np.diff(y) != 0)  # repeated points do not count
    x, y = x[keep], y[keep]
    n = len(x) - 1  # segments
    if n < 2:
        return True
    closed = x[0] == x[-1] and y[0] == y[-1]
    # adjacent segments only meet at their shared vertex unless the line turns back on itself
    ax, ay = x[1:-1] - x[:-2], y[1:-1] - y[:-2]
    bx, by = x[2:] - x[1:-1], y[2:] - y[1:-1]
    if np.any((ax * by - ay * bx == 0) & (ax * bx + ay * by < 0)):
        return False
    if closed and n >= 3:
        ax, ay, bx, by = x[-1] - x[-2], y[-1] - y[-2], x[1] - x[0], y[1] - y[0]
        if ax * by - ay * bx == 0 and ax * bx + ay * by < 0:
            return False
    x0, y0, x1, y1 = x[:-1], y[:-1], x[1:], y[1:]
    xmin, xmax = np.minimum(x0, x1), np.maximum(x0, x1)
    ymin, ymax = np.minimum(y0, y1), np.maximum(y0, y1)
    order = np.argsort(xmin, kind="stable")
    sxmin = xmin[order]
    # candidate pairs by bounding boxes: a sweep along x in blocks, then a y check
    block = 512
    for start in range(0, n, block):
        ii = order[start:start + block]
        hi = np.searchsorted(sxmin, xmax[ii], side="right")
        width = int((hi - np.arange(start, start + len(ii))).max())
        if width <= 1:
            continue
        offs = np.arange(1, width)
        cand = np.arange(start, start + len(ii))[:, None] + offs[None, :]
        valid = cand < hi[:, None]
        rows = np.broadcast_to(ii[:, None], cand.shape)[valid]
        cols = order[cand[valid]]
        ok = (ymin[rows] <= ymax[cols]) & (ymin[cols] <= ymax[rows]) & (np.abs(rows - cols) > 1)
        if closed:
            ok &= ~(((rows == 0) & (cols == n - 1)) | ((rows == n - 1) & (cols == 0)))
        rows, cols = rows[ok], cols[ok]
        if rows.size and np.any(_segments_touch(x0[rows], y0[rows], x1[rows], y1[rows],
                                                x0[cols], y0[cols], x1[cols], y1[cols])):
            return False
    return True


def _segments_touch(ax, ay, bx, by, cx, cy, dx, dy):
    """Vectorised: do closed segments AB and CD share at least one point?"""
    import numpy as np

    def orient(px, py, qx, qy, rx, ry):
        return np.sign((qx - px) * (ry - py) - (qy - py) * (rx - px))

    def on_seg(px, py, qx, qy, rx, ry):  # r on segment pq, given collinear
        return (np.minimum(px, qx) <= rx) & (rx <= np.maximum(px, qx)) & \
               (np.minimum(py, qy) <= ry) & (ry <= np.maximum(py, qy))

    o1 = orient(ax, ay, bx, by, cx, cy)
    o2 = orient(ax, ay, bx, by, dx, dy)
    o3 = orient(cx, cy, dx, dy, ax, ay)
    o4 = orient(cx, cy, dx, dy, bx, by)
    general = (o1 * o2 <= 0) & (o3 * o4 <= 0) & ~((o1 == 0) & (o2 == 0))
    collinear = (o1 == 0) & (o2 == 0) & (
        on_seg(ax, ay, bx, by, cx, cy) | on_seg(ax, ay, bx, by, dx, dy)
        | on_seg(cx, cy, dx, dy, ax, ay) | on_seg(cx, cy, dx, dy, bx, by))
    return general | collinear


class _Geometry:
    """UTM stops and shapes of a schedule, built lazily (only what a computation needs)."""

    def __init__(self, schedule: Schedule):
        self.schedule = schedule
        stops = schedule.stops.values()
        self.stop_zone = estimate_utm([s.lon for s in stops], [s.lat for s in stops])
        self._stop_xy: dict[str, tuple[float, float] | None] | None = None
        self._lines: dict[str, _Line] = {}
        self._shape_zone = None
        self._proj: dict[tuple[str, str], float] = {}

    def stop_xy(self, stop_id: str):
        if self._stop_xy is None:
            ids = [s.stop_id for s in self.schedule.stops.values() if s.lat is not None]
            lons = [self.schedule.stops[i].lon for i in ids]
            lats = [self.schedule.stops[i].lat for i in ids]
            xs, ys = to_utm(lons, lats, *self.stop_zone) if ids else ([], [])
            self._stop_xy = {i: (float(a), float(b)) for i, a, b in zip(ids, xs, ys)}
        return self._stop_xy.get(stop_id)

    def line(self, shape_id: str) -> _Line | None:
        line = self._lines.get(shape_id)
        if line is None:
            shape = self.schedule.shapes.get(shape_id)
            if shape is None or len(shape.lats) < 2:
                return None
            if self._shape_zone is None:
                shapes = self.schedule.shapes.values()
                self._shape_zone = estimate_utm(
                    [min(s.lons) for s in shapes] + [max(s.lons) for s in shapes],
                    [min(s.lats) for s in shapes] + [max(s.lats) for s in shapes])
            x, y = to_utm(shape.lons, shape.lats, *self._shape_zone)
            line = self._lines[shape_id] = _Line(x, y)
        return line

    def projected(self, shape_id: str, stop_id: str, line: _Line, xy) -> float:
        key = (shape_id, stop_id)
        d = self._proj.get(key)
        if d is None:
            d = self._proj[key] = line.project(*xy)
        return d


# ----------------------------------------------------------------------- trip stats
def stop_pattern_names(schedule: Schedule) -> dict[str, str | None]:
    """trip_id -> stop_pattern_name for every trip with stop times (gtfs-kit's
    name_stop_patterns). When only some trips have a direction_id, gtfs-kit's ranks go
    through a float column ('0-1.0') and the trips without one get no name; kept as is."""
    with_times = [t for t in schedule.trips.values() if t.stop_ids]
    has_direction = any(t.direction_id is not None for t in schedule.trips.values())
    partial = has_direction and any(t.direction_id is None for t in with_times)
    groups: dict[tuple, list[tuple[str, str]]] = {}
    names: dict[str, str | None] = {}
    for trip in sorted(with_times, key=lambda t: t.trip_id):
        direction = trip.direction_id if has_direction else 0
        if direction is None:
            names[trip.trip_id] = None
            continue
        groups.setdefault((trip.route_id, direction), []).append((trip.trip_id, "-".join(trip.stop_ids)))
    for (_, direction), members in groups.items():
        counts = Counter(p for _, p in members)  # insertion order = first appearance by trip_id
        ranked = sorted(counts, key=lambda p: -counts[p])  # stable: ties keep first appearance
        rank = {p: (f"{i + 1}.0" if partial else str(i + 1)) for i, p in enumerate(ranked)}
        for tid, p in members:
            names[tid] = f"{direction}-{rank[p]}"
    return names


def _has_stop_dist(schedule: Schedule) -> bool:
    for trip in schedule.trips.values():
        for d in trip.dist:
            if d is not None:
                return True
    return False


def trip_stats(schedule: Schedule, *, date=None, trip_ids=None, dist_units: str | None = None,
               compute_dist_from_shapes: bool = False, _cache: dict | None = None) -> list[dict]:
    """One row per trip (with stop times and a known route), columns TRIP_STATS_COLUMNS,
    sorted by route_id, direction_id, start_time as gtfs-kit. `date` keeps the trips
    running on that service date; `trip_ids` a given subset; `dist_units` are the units
    of shape_dist_traveled (inferred when None)."""
    units = dist_units or infer_dist_units(schedule)
    if units not in DIST_UNITS:
        raise ValueError(f"dist_units must be one of {DIST_UNITS}")
    out_units = output_units(units)
    if date is not None:
        trips = schedule.trips_on(date)
    else:
        trips = list(schedule.trips.values())
    if trip_ids is not None:
        wanted = set(trip_ids)
        trips = [t for t in trips if t.trip_id in wanted]
    routes = schedule.routes
    patterns = stop_pattern_names(schedule)
    geo = _Geometry(schedule)
    use_stop_dist = _has_stop_dist(schedule) and not compute_dist_from_shapes
    to_out_from_units = _TO_M[units] / _TO_M[out_units]
    to_out_from_m = 1.0 / _TO_M[out_units]
    rows = []
    for trip in trips:
        if not trip.stop_ids or trip.route_id not in routes:
            continue
        route = routes[trip.route_id]
        start, end = trip.dep[0], trip.dep[-1]
        first, last = trip.stop_ids[0], trip.stop_ids[-1]
        a, b = geo.stop_xy(first), geo.stop_xy(last)
        is_loop = int(a is not None and b is not None and math.hypot(a[0] - b[0], a[1] - b[1]) < LOOP_M)
        duration = (end - start) / 3600 if start is not None and end is not None else None
        if use_stop_dist:
            ds = [d for d in trip.dist if d is not None]
            distance = max(ds) * to_out_from_units if ds else None
        else:
            distance = _shape_distance(geo, trip, a, b)
            if distance is not None:
                distance *= to_out_from_m
        if distance is None or duration is None:
            speed = None
        elif duration == 0:
            speed = math.nan if distance == 0 else math.copysign(math.inf, distance)
        else:
            speed = distance / duration
        rows.append({
            "trip_id": trip.trip_id,
            "route_id": trip.route_id,
            "route_short_name": route.short_name,
            "route_type": route.route_type,
            "direction_id": trip.direction_id,
            "shape_id": trip.shape_id or None,
            "stop_pattern_name": patterns.get(trip.trip_id),
            "num_stops": len(trip.stop_ids),
            "start_time": format_seconds(start) or None,
            "end_time": format_seconds(end) or None,
            "start_stop_id": first,
            "end_stop_id": last,
            "is_loop": is_loop,
            "duration": duration,
            "distance": distance,
            "speed": speed,
        })
    rows.sort(key=_trip_sort_key)
    return rows


def _trip_sort_key(r):
    d, s = r["direction_id"], r["start_time"]
    # gtfs-kit sorts a table grouped by trip_id (so ties stay in trip_id order)
    return (r["route_id"], d is None, d or 0, s is None, s or "", r["trip_id"])


def _shape_distance(geo: _Geometry, trip: TripInfo, a, b) -> float | None:
    """Metres along the trip's shape between its first and last stops (gtfs-kit's rule)."""
    line = geo.line(trip.shape_id) if trip.shape_id else None
    if line is None:
        return None
    total = line.length
    if not line.is_simple:
        return total
    if a is None or b is None:
        return total
    d = geo.projected(trip.shape_id, trip.stop_ids[-1], line, b) - geo.projected(trip.shape_id, trip.stop_ids[0], line, a)
    return d if 0 < d < total + 100 else total


# -------------------------------------------------------------- activity per date
def active_trip_ids(schedule: Schedule, date) -> set[str]:
    return {t.trip_id for t in schedule.trips_on(date)}


def trip_activity(schedule: Schedule, dates) -> list[dict]:
    """gtfs-kit's compute_trip_activity: one row per trip with, for each date
    (YYYYMMDD key), 1 when its service runs that day and 0 otherwise."""
    keys = [str(_date_int(d)) for d in dates]
    services = {k: schedule.services_on(k) for k in keys}
    return [{"trip_id": t.trip_id, **{k: int(t.service_id in services[k]) for k in keys}}
            for t in schedule.trips.values()]


def busiest_date(schedule: Schedule, dates) -> str:
    """The first date (YYYYMMDD) with the most active trips."""
    keys = sorted(str(_date_int(d)) for d in dates)
    return max(keys, key=lambda k: (len(schedule.trips_on(k)), k))


# ----------------------------------------------------------------- shared helpers
def _headway_stats(times: list[int], lo: int, hi: int) -> tuple:
    """(max, min, mean) minutes between consecutive times inside [lo, hi], or Nones."""
    ts = sorted(t for t in times if lo <= t <= hi)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    return _gap_stats(gaps)


def _gap_stats(gaps: list[int]) -> tuple:
    if not gaps:
        return None, None, None
    return max(gaps) / 60, min(gaps) / 60, sum(gaps) / len(gaps) / 60


def _peak(intervals) -> tuple[int, int | None, int | None]:
    """gtfs-kit's peak: the number of simultaneous trips, and the first longest period
    (start, end seconds) during which it holds. `intervals` are (start_s, end_s); a None
    bound does not count."""
    delta: dict[int, int] = {}
    for s, e in intervals:
        if s is not None:
            delta[s] = delta.get(s, 0) + 1
        if e is not None:
            delta[e] = delta.get(e, 0) - 1
    if not delta:
        return 0, None, None
    times = sorted(delta)
    counts, running = [], 0
    for t in times:
        running += delta[t]
        counts.append(running)
    top = max(counts)
    best = None
    k = 0
    n = len(counts)
    while k < n:
        if counts[k] == top:
            j = k
            while j < n and counts[j] == top:
                j += 1
            end_time = times[min(j, n - 1)]
            length = end_time - times[k]
            if best is None or length > best[0]:
                best = (length, times[k], end_time)
            k = j
        else:
            k += 1
    return top, best[1], best[2]


def _sum_or_none(values):
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _div(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def _secs(text):
    if text is None:
        return None
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


# ---------------------------------------------------------------------- route stats
def route_stats(schedule: Schedule, date, *, headway_start: str = "07:00:00", headway_end: str = "19:00:00",
                split_directions: bool = False, trip_stats_rows: list[dict] | None = None,
                dist_units: str | None = None) -> list[dict]:
    """gtfs-kit's compute_route_stats for one service date: one row per route (per route
    and direction with split_directions), columns ROUTE_STATS_COLUMNS (direction_id
    instead of is_bidirectional when split). Trips of zero or unknown duration are left
    out, as there."""
    day = str(_date_int(date))
    active = active_trip_ids(schedule, day)
    if trip_stats_rows is None:
        trip_stats_rows = trip_stats(schedule, date=day, dist_units=dist_units)
    rows = [r for r in trip_stats_rows if r["trip_id"] in active and r["duration"] is not None and r["duration"] > 0]
    lo, hi = _secs(headway_start), _secs(headway_end)
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if split_directions:
            if r["direction_id"] is None:
                continue
            key = (r["route_id"], r["direction_id"])
        else:
            key = (r["route_id"],)
        groups.setdefault(key, []).append(r)
    out = []
    for key in sorted(groups):
        g = groups[key]
        starts = [_secs(r["start_time"]) for r in g]
        ends = [_secs(r["end_time"]) for r in g]
        if split_directions:
            headways = _headway_stats([s for s in starts if s is not None], lo, hi)
        else:
            gaps = []
            for direction in (0, 1):
                ts = sorted(s for s, r in zip(starts, g) if r["direction_id"] == direction and s is not None and lo <= s <= hi)
                gaps.extend(b - a for a, b in zip(ts, ts[1:]))
            headways = _gap_stats(gaps)
        peak, peak_start, peak_end = _peak(zip(starts, ends))
        distance = _sum_or_none(r["distance"] for r in g)
        duration = sum(r["duration"] for r in g)
        speed = _div(distance, duration)
        if speed is not None and math.isinf(speed):
            speed = None
        if duration == 0:
            speed = 0.0
        row = {
            "date": day,
            "route_id": key[0],
            "route_short_name": g[0]["route_short_name"],
            "route_type": g[0]["route_type"],
            "num_trips": len(g),
            "num_trip_starts": sum(s is not None for s in starts),
            "num_trip_ends": sum(e is not None for e in ends),
            "num_stop_patterns": len({r["stop_pattern_name"] for r in g} - {None}),
            "is_loop": int(any(r["is_loop"] for r in g)),
            "start_time": format_seconds(min((s for s in starts if s is not None), default=None)) or None,
            "end_time": format_seconds(max((e for e in ends if e is not None), default=None)) or None,
            "max_headway": headways[0],
            "min_headway": headways[1],
            "mean_headway": headways[2],
            "peak_num_trips": peak,
            "peak_start_time": format_seconds(peak_start) or None,
            "peak_end_time": format_seconds(peak_end) or None,
            "service_distance": distance,
            "service_duration": duration,
            "service_speed": speed,
            "mean_trip_distance": None if distance is None else distance / len(g),
            "mean_trip_duration": duration / len(g),
        }
        if split_directions:
            row["direction_id"] = key[1]
        else:
            row["is_bidirectional"] = int(len({r["direction_id"] for r in g}) > 1)
        out.append(row)
    return out


# ----------------------------------------------------------------------- stop stats
def stop_stats(schedule: Schedule, date, *, headway_start: str = "07:00:00", headway_end: str = "19:00:00",
               stop_ids=None, split_directions: bool = False) -> list[dict]:
    """gtfs-kit's compute_stop_stats for one service date: per stop, the number of stop
    times (num_trips) and routes of the trips running that day, headways in minutes between
    departures inside the window, first and last departure. Columns STOP_STATS_COLUMNS
    (plus direction_id when split)."""
    day = str(_date_int(date))
    lo, hi = _secs(headway_start), _secs(headway_end)
    wanted = set(stop_ids) if stop_ids is not None else None
    per: dict[tuple, tuple[list, set, list]] = {}  # key -> (departures, routes, count holder)
    for trip in schedule.trips_on(day):
        if split_directions and trip.direction_id is None:
            continue
        for sid, dep in zip(trip.stop_ids, trip.dep):
            if wanted is not None and sid not in wanted:
                continue
            key = (sid, trip.direction_id) if split_directions else (sid,)
            entry = per.get(key)
            if entry is None:
                entry = per[key] = ([], set(), [0])
            entry[2][0] += 1
            entry[1].add(trip.route_id)
            if dep is not None:
                entry[0].append(dep)
    out = []
    for key in sorted(per):
        deps, routes, count = per[key]
        mx, mn, mean = _headway_stats(deps, lo, hi)
        row = {
            "date": day,
            "stop_id": key[0],
            "num_trips": count[0],
            "num_routes": len(routes),
            "max_headway": mx,
            "min_headway": mn,
            "mean_headway": mean,
            "start_time": format_seconds(min(deps)) if deps else None,
            "end_time": format_seconds(max(deps)) if deps else None,
        }
        if split_directions:
            row["direction_id"] = key[1]
        out.append(row)
    return out


# ----------------------------------------------------------------------- feed stats
def feed_stats(schedule: Schedule, date, *, trip_stats_rows: list[dict] | None = None,
               dist_units: str | None = None) -> dict:
    """gtfs-kit's compute_network_stats (compute_feed_stats before) for one service date:
    stops, routes and trips running, peak simultaneous trips and when, service distance,
    hours and speed. Keys FEED_STATS_COLUMNS."""
    day = str(_date_int(date))
    active = active_trip_ids(schedule, day)
    if trip_stats_rows is None:
        trip_stats_rows = trip_stats(schedule, date=day, dist_units=dist_units)
    ts = [r for r in trip_stats_rows if r["trip_id"] in active]
    stops = set()
    for r in ts:
        stops.update(schedule.trips[r["trip_id"]].stop_ids)
    starts = [_secs(r["start_time"]) for r in ts]
    ends = [_secs(r["end_time"]) for r in ts]
    peak, peak_start, peak_end = _peak(zip(starts, ends)) if ts else (None, None, None)
    distance = _sum_or_none(r["distance"] for r in ts) if ts else None
    duration = sum(r["duration"] for r in ts if r["duration"] is not None) if ts else None
    if not ts:
        speed = None
    elif duration:
        speed = _div(distance, duration)
    else:
        speed = 0
    return {
        "date": day,
        "num_stops": len(stops),
        "num_routes": len({r["route_id"] for r in ts}),
        "num_trips": len(ts),
        "num_trip_starts": sum(s is not None for s in starts),
        "num_trip_ends": sum(e is not None for e in ends),
        "peak_num_trips": peak,
        "peak_start_time": format_seconds(peak_start) or None,
        "peak_end_time": format_seconds(peak_end) or None,
        "service_distance": distance,
        "service_duration": duration,
        "service_speed": speed,
    }


def distance_units_label(schedule: Schedule, dist_units: str | None = None) -> str:
    """'km' or 'mi': the unit of the distance columns for this schedule."""
    return output_units(dist_units or infer_dist_units(schedule))


__all__ = [
    "TRIP_STATS_COLUMNS", "ROUTE_STATS_COLUMNS", "STOP_STATS_COLUMNS", "FEED_STATS_COLUMNS",
    "trip_stats", "route_stats", "stop_stats", "feed_stats", "trip_activity", "active_trip_ids",
    "busiest_date", "stop_pattern_names", "infer_dist_units", "haversine_m",
]

"""Typed view of a GTFS feed (pure Python, no Django): the structure statistics, live
matching, predictions and the simulator all build on.

Built once from a RawFeed (`Schedule.from_raw`) and then read many times, so the build
does the parsing (times in seconds, stop lists sorted by stop_sequence, shapes with
cumulative metres) and lookups are plain dicts. Rows that cannot be typed (a malformed
time, a stop_sequence that is not an integer, a shape point without coordinates) are
skipped and counted in `Schedule.skipped`; the validator is the place that reports them.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from .reader import RawFeed, Table

EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG)
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_TIME_RE = re.compile(r"\d{1,3}:[0-5]\d:[0-5]\d", re.ASCII)  # H:MM:SS .. HHH:MM:SS


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on a spherical Earth."""
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class StopInfo:
    stop_id: str
    name: str
    lat: float | None  # None when the row has no usable coordinates (generic nodes, bad rows)
    lon: float | None
    parent: str  # parent_station, '' if none
    location_type: int = 0
    code: str = ""


@dataclass(slots=True)
class RouteInfo:
    route_id: str
    short_name: str
    long_name: str
    route_type: int  # -1 when missing or not an integer
    color: str
    text_color: str
    agency_id: str


@dataclass(slots=True)
class TripInfo:
    trip_id: str
    route_id: str
    service_id: str
    direction_id: int | None
    shape_id: str
    headsign: str
    block_id: str
    # stop times, sorted by stop_sequence; times in seconds from the service-day start
    stop_ids: list[str] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    arr: list[int | None] = field(default_factory=list)
    dep: list[int | None] = field(default_factory=list)
    dist: list[float | None] = field(default_factory=list)  # shape_dist_traveled, feed units

    @property
    def start_s(self) -> int | None:
        """First departure (arrival if the departure is empty)."""
        for a, d in zip(self.arr, self.dep):
            t = d if d is not None else a
            if t is not None:
                return t
        return None

    @property
    def end_s(self) -> int | None:
        """Last arrival (departure if the arrival is empty)."""
        for a, d in zip(reversed(self.arr), reversed(self.dep)):
            t = a if a is not None else d
            if t is not None:
                return t
        return None


@dataclass(slots=True)
class Shape:
    lats: list[float]
    lons: list[float]
    cum_m: list[float]  # cumulative haversine metres along the shape, cum_m[0] == 0
    shape_id: str = ""
    dist: list[float | None] = field(default_factory=list)  # shape_dist_traveled, feed units

    @property
    def length_m(self) -> float:
        return self.cum_m[-1] if self.cum_m else 0.0


@dataclass(slots=True)
class CalendarRow:
    service_id: str
    days: tuple[bool, bool, bool, bool, bool, bool, bool]  # Monday .. Sunday
    start: int  # YYYYMMDD as an integer
    end: int


def _date_int(value) -> int:
    """datetime.date or 'YYYYMMDD' -> 20240131."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year * 10000 + value.month * 100 + value.day
    return int(str(value).replace("-", ""))


def int_to_date(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


class _TimeParser:
    """gtfs_seconds with a memo: a feed repeats the same few thousand time strings."""

    __slots__ = ("memo",)
    BAD = object()

    def __init__(self):
        self.memo: dict[str, object] = {"": None}

    def __call__(self, text: str):
        try:
            return self.memo[text]
        except KeyError:
            pass
        if _TIME_RE.fullmatch(text):
            value = int(text[:-6]) * 3600 + int(text[-5:-3]) * 60 + int(text[-2:])
        else:
            value = self.BAD
        self.memo[text] = value
        return value


def _float(text: str) -> float | None:
    if not text:
        return None
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _int(text: str, default=None):
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        try:
            f = float(text)
        except ValueError:
            return default
        return int(f) if f.is_integer() else default


def _getter(table: Table | None, column: str):
    """Function row -> cell ('' when the column is absent)."""
    if table is None:
        return lambda row: ""
    i = table.index(column)
    if i < 0:
        return lambda row: ""
    return lambda row: row[i]


class Schedule:
    """Stops, routes, trips with their stop times, shapes, frequencies and calendars."""

    def __init__(self):
        self.agencies: dict[str, dict[str, str]] = {}
        self.stops: dict[str, StopInfo] = {}
        self.routes: dict[str, RouteInfo] = {}
        self.trips: dict[str, TripInfo] = {}
        self.shapes: dict[str, Shape] = {}
        self.frequencies: dict[str, list[tuple[int, int, int, bool]]] = {}
        self.calendar: dict[str, CalendarRow] = {}
        self.calendar_dates: dict[int, list[tuple[str, int]]] = {}  # YYYYMMDD -> [(service_id, 1 add | 2 remove)]
        self.timezone: str = DEFAULT_TIMEZONE
        self.skipped: dict[str, int] = {}  # table -> rows skipped because they could not be typed
        self._trips_by_service: dict[str, list[TripInfo]] | None = None
        self._stop_index: dict[str, list[tuple[TripInfo, int]]] | None = None

    # ----------------------------------------------------------------- building
    @classmethod
    def from_raw(cls, raw: RawFeed) -> "Schedule":
        s = cls()
        s._load_agencies(raw.get("agency"))
        s._load_stops(raw.get("stops"))
        s._load_routes(raw.get("routes"))
        s._load_trips(raw.get("trips"))
        s._load_stop_times(raw.get("stop_times"))
        s._load_shapes(raw.get("shapes"))
        s._load_frequencies(raw.get("frequencies"))
        s._load_calendar(raw.get("calendar"), raw.get("calendar_dates"))
        return s

    def _skip(self, table: str, n: int = 1) -> None:
        if n:
            self.skipped[table] = self.skipped.get(table, 0) + n

    def _load_agencies(self, t: Table | None) -> None:
        if t is None:
            return
        for i, d in enumerate(t.dicts()):
            self.agencies[d.get("agency_id", "") or ("" if i == 0 else str(i))] = d
        for d in self.agencies.values():
            if d.get("agency_timezone"):
                self.timezone = d["agency_timezone"]
                break

    def _load_stops(self, t: Table | None) -> None:
        if t is None:
            return
        sid, name, lat, lon = (_getter(t, c) for c in ("stop_id", "stop_name", "stop_lat", "stop_lon"))
        parent, lt, code = (_getter(t, c) for c in ("parent_station", "location_type", "stop_code"))
        stops = self.stops
        for r in t.rows:
            k = sid(r)
            if not k:
                self._skip("stops")
                continue
            la, lo = _float(lat(r)), _float(lon(r))
            if la is None or lo is None:
                la = lo = None
            stops[k] = StopInfo(k, name(r), la, lo, parent(r), _int(lt(r), 0), code(r))

    def _load_routes(self, t: Table | None) -> None:
        if t is None:
            return
        g = [_getter(t, c) for c in ("route_id", "route_short_name", "route_long_name", "route_type",
                                     "route_color", "route_text_color", "agency_id")]
        for r in t.rows:
            rid, short, long_, rtype, color, text, agency = (f(r) for f in g)
            if not rid:
                self._skip("routes")
                continue
            self.routes[rid] = RouteInfo(rid, short, long_, _int(rtype, -1), color, text, agency)

    def _load_trips(self, t: Table | None) -> None:
        if t is None:
            return
        g = [_getter(t, c) for c in ("trip_id", "route_id", "service_id", "direction_id", "shape_id",
                                     "trip_headsign", "block_id")]
        for r in t.rows:
            tid, rid, svc, direction, shape, headsign, block = (f(r) for f in g)
            if not tid:
                self._skip("trips")
                continue
            self.trips[tid] = TripInfo(tid, rid, svc, _int(direction), shape, headsign, block)

    def _load_stop_times(self, t: Table | None) -> None:
        """Column-wise: each distinct time or distance string is parsed once, rows are
        grouped by trip with a single pass and sorted only when out of order."""
        if t is None:
            return
        i_trip, i_stop, i_seq = t.index("trip_id"), t.index("stop_id"), t.index("stop_sequence")
        if min(i_trip, i_stop, i_seq) < 0:
            self._skip("stop_times", len(t.rows))
            return
        rows = t.rows
        n = len(rows)
        tids = [r[i_trip] for r in rows]
        stops = [r[i_stop] for r in rows]
        seq_txt = [r[i_seq] for r in rows]
        try:
            seqs = list(map(int, seq_txt))
            bad_seq = None
        except ValueError:
            seqs = [_int(x) for x in seq_txt]
            bad_seq = {k for k, x in enumerate(seqs) if x is None or not seq_txt[k].lstrip("-").isdigit()}
        parse = _TimeParser()
        bad = _TimeParser.BAD

        def times(column):
            i = t.index(column)
            if i < 0:
                return [None] * n, ()
            txt = [r[i] for r in rows]
            memo = {u: parse(u) for u in set(txt)}
            vals = list(map(memo.__getitem__, txt))
            if any(v is bad for v in memo.values()):
                return vals, {k for k, v in enumerate(vals) if v is bad}
            return vals, ()

        arr, bad_arr = times("arrival_time")
        dep, bad_dep = times("departure_time")
        i_dist = t.index("shape_dist_traveled")
        if i_dist >= 0:
            txt = [r[i_dist] for r in rows]
            memo = {u: _float(u) for u in set(txt)}
            dist = list(map(memo.__getitem__, txt))
        else:
            dist = [None] * n
        skip = set(bad_arr) | set(bad_dep) | (bad_seq or set())
        trips = self.trips
        groups: dict[str, list[int]] = {}
        skipped = 0
        for k, tid in enumerate(tids):
            g = groups.get(tid)
            if g is None:
                if tid not in trips:
                    skipped += 1
                    continue
                g = groups[tid] = []
            if skip and k in skip:
                skipped += 1
                continue
            g.append(k)
        self._skip("stop_times", skipped)
        for tid, idx in groups.items():
            if not idx:
                continue
            if any(seqs[idx[j]] > seqs[idx[j + 1]] for j in range(len(idx) - 1)):
                idx.sort(key=seqs.__getitem__)
            trip = trips[tid]
            trip.seqs = [seqs[k] for k in idx]
            trip.stop_ids = [stops[k] for k in idx]
            trip.arr = [arr[k] for k in idx]
            trip.dep = [dep[k] for k in idx]
            trip.dist = [dist[k] for k in idx]

    def _load_shapes(self, t: Table | None) -> None:
        """Column-wise with numpy (haversine on whole arrays); a table with unparsable
        cells falls back to a row-by-row pass that skips the bad rows."""
        if t is None:
            return
        ci = [t.index(c) for c in ("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence",
                                   "shape_dist_traveled")]
        if min(ci[:4]) < 0:
            self._skip("shapes", len(t.rows))
            return
        if not t.rows:
            return
        import numpy as np

        i_id, i_lat, i_lon, i_seq, i_dist = ci
        rows = t.rows
        ids = [r[i_id] for r in rows]
        try:
            lat = np.array(list(map(float, [r[i_lat] for r in rows])))
            lon = np.array(list(map(float, [r[i_lon] for r in rows])))
            seq = np.array(list(map(int, [r[i_seq] for r in rows])), dtype=np.int64)
            if not (np.isfinite(lat).all() and np.isfinite(lon).all()):
                raise ValueError("non-finite coordinate")
        except ValueError:
            keep = []
            for k, r in enumerate(rows):
                try:
                    int(r[i_seq])
                    if math.isfinite(float(r[i_lat])) and math.isfinite(float(r[i_lon])):
                        keep.append(k)
                except ValueError:
                    pass
            self._skip("shapes", len(rows) - len(keep))
            rows = [rows[k] for k in keep]
            if not rows:
                return
            ids = [r[i_id] for r in rows]
            lat = np.array([float(r[i_lat]) for r in rows])
            lon = np.array([float(r[i_lon]) for r in rows])
            seq = np.array([int(r[i_seq]) for r in rows], dtype=np.int64)
        if i_dist >= 0:
            txt = [r[i_dist] for r in rows]
            memo = {u: _float(u) for u in set(txt)}
            dist_all = list(map(memo.__getitem__, txt))
        else:
            dist_all = None
        codes: dict[str, int] = {}
        code = np.array([codes.setdefault(x, len(codes)) for x in ids], dtype=np.int64)
        order = np.lexsort((seq, code))
        code_s = code[order]
        phi = np.radians(lat[order])
        lam = np.radians(lon[order])
        step = np.zeros(len(order))
        h = np.sin(np.diff(phi) / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(np.diff(lam) / 2) ** 2
        step[1:] = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        bounds = np.flatnonzero(np.diff(code_s)) + 1
        starts = [0, *bounds.tolist()]
        ends = [*bounds.tolist(), len(order)]
        lat_l = lat[order].tolist()
        lon_l = lon[order].tolist()
        order_l = order.tolist()
        names = list(codes)
        for a, b in zip(starts, ends):
            seg = step[a:b].copy()
            seg[0] = 0.0
            cum = np.cumsum(seg).tolist()
            sid = names[code_s[a]]
            dist = [dist_all[k] for k in order_l[a:b]] if dist_all is not None else [None] * (b - a)
            self.shapes[sid] = Shape(lat_l[a:b], lon_l[a:b], cum, sid, dist)

    def _load_frequencies(self, t: Table | None) -> None:
        if t is None:
            return
        g = [_getter(t, c) for c in ("trip_id", "start_time", "end_time", "headway_secs", "exact_times")]
        parse = _TimeParser()
        bad = _TimeParser.BAD
        for r in t.rows:
            tid, start, end, headway, exact = (f(r) for f in g)
            a, b, h = parse(start), parse(end), _int(headway)
            if a is bad or b is bad or a is None or b is None or not h or h <= 0:
                self._skip("frequencies")
                continue
            self.frequencies.setdefault(tid, []).append((a, b, h, exact == "1"))
        for v in self.frequencies.values():
            v.sort()

    def _load_calendar(self, cal: Table | None, dates: Table | None) -> None:
        if cal is not None:
            days = [_getter(cal, c) for c in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                              "saturday", "sunday")]
            sid, start, end = (_getter(cal, c) for c in ("service_id", "start_date", "end_date"))
            for r in cal.rows:
                a, b = _int(start(r)), _int(end(r))
                if not sid(r) or a is None or b is None:
                    self._skip("calendar")
                    continue
                self.calendar[sid(r)] = CalendarRow(sid(r), tuple(f(r) == "1" for f in days), a, b)
        if dates is not None:
            sid, date, kind = (_getter(dates, c) for c in ("service_id", "date", "exception_type"))
            for r in dates.rows:
                d, k = _int(date(r)), _int(kind(r))
                if not sid(r) or d is None or k not in (1, 2):
                    self._skip("calendar_dates")
                    continue
                self.calendar_dates.setdefault(d, []).append((sid(r), k))

    # ------------------------------------------------------------------ queries
    def services_on(self, date) -> set[str]:
        """service_ids running on a date (datetime.date or 'YYYYMMDD'): calendar rows whose
        range and weekday match, then calendar_dates additions (1) and removals (2)."""
        d = _date_int(date)
        weekday = int_to_date(d).weekday()
        out = {c.service_id for c in self.calendar.values() if c.start <= d <= c.end and c.days[weekday]}
        for sid, kind in self.calendar_dates.get(d, ()):
            if kind == 1:
                out.add(sid)
            else:
                out.discard(sid)
        return out

    def trips_on(self, date) -> list[TripInfo]:
        """Trips whose service runs on the date, in feed order."""
        if self._trips_by_service is None:
            by: dict[str, list[TripInfo]] = {}
            for trip in self.trips.values():
                by.setdefault(trip.service_id, []).append(trip)
            self._trips_by_service = by
        services = self.services_on(date)
        if len(services) == 1:
            return list(self._trips_by_service.get(next(iter(services)), ()))
        return [t for t in self.trips.values() if t.service_id in services]

    def service_dates(self) -> list[dt.date]:
        """Every date on which at least one service runs, sorted."""
        ints: set[int] = set()
        for c in self.calendar.values():
            day = int_to_date(c.start)
            last = int_to_date(c.end)
            while day <= last:
                if c.days[day.weekday()]:
                    ints.add(_date_int(day))
                day += dt.timedelta(days=1)
        for d in sorted(self.calendar_dates):
            if self.services_on(d):
                ints.add(d)
            else:
                ints.discard(d)
        return [int_to_date(d) for d in sorted(ints)]

    def stop_index(self) -> dict[str, list[tuple[TripInfo, int]]]:
        """stop_id -> [(trip, position in trip.stop_ids)], built on first use."""
        if self._stop_index is None:
            idx: dict[str, list[tuple[TripInfo, int]]] = {}
            for trip in self.trips.values():
                for k, sid in enumerate(trip.stop_ids):
                    idx.setdefault(sid, []).append((trip, k))
            self._stop_index = idx
        return self._stop_index


def _first(item):
    return item[0]

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
from dataclasses import dataclass, field

from .reader import RawFeed, Table

EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG)
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


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
        value = self.BAD
        parts = text.split(":")
        if len(parts) == 3 and len(parts[1]) == 2 and len(parts[2]) == 2:
            try:
                h, m, s = int(parts[0]), int(parts[1]), int(parts[2])
                if h >= 0 and 0 <= m < 60 and 0 <= s < 60:
                    value = h * 3600 + m * 60 + s
            except ValueError:
                pass
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
        if t is None:
            return
        ci = {c: t.index(c) for c in ("trip_id", "arrival_time", "departure_time", "stop_id",
                                      "stop_sequence", "shape_dist_traveled")}
        if min(ci["trip_id"], ci["stop_id"], ci["stop_sequence"]) < 0:
            self._skip("stop_times", len(t.rows))
            return
        i_trip, i_stop, i_seq = ci["trip_id"], ci["stop_id"], ci["stop_sequence"]
        i_arr, i_dep, i_dist = ci["arrival_time"], ci["departure_time"], ci["shape_dist_traveled"]
        parse = _TimeParser()
        bad = _TimeParser.BAD
        fmemo: dict[str, float | None] = {"": None}
        groups: dict[str, list] = {}
        trips = self.trips
        skipped = 0
        for r in t.rows:
            tid = r[i_trip]
            if tid not in trips:
                skipped += 1
                continue
            try:
                seq = int(r[i_seq])
            except ValueError:
                skipped += 1
                continue
            a = parse(r[i_arr]) if i_arr >= 0 else None
            d = parse(r[i_dep]) if i_dep >= 0 else None
            if a is bad or d is bad:
                skipped += 1
                continue
            if i_dist >= 0:
                txt = r[i_dist]
                try:
                    x = fmemo[txt]
                except KeyError:
                    x = fmemo[txt] = _float(txt)
            else:
                x = None
            g = groups.get(tid)
            if g is None:
                g = groups[tid] = []
            g.append((seq, r[i_stop], a, d, x))
        self._skip("stop_times", skipped)
        for tid, g in groups.items():
            g.sort(key=_first)
            trip = trips[tid]
            trip.seqs, trip.stop_ids, trip.arr, trip.dep, trip.dist = (list(c) for c in zip(*g))

    def _load_shapes(self, t: Table | None) -> None:
        if t is None:
            return
        ci = [t.index(c) for c in ("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence",
                                   "shape_dist_traveled")]
        if min(ci[:4]) < 0:
            self._skip("shapes", len(t.rows))
            return
        i_id, i_lat, i_lon, i_seq, i_dist = ci
        groups: dict[str, list] = {}
        skipped = 0
        for r in t.rows:
            try:
                seq = int(r[i_seq])
                la = float(r[i_lat])
                lo = float(r[i_lon])
            except ValueError:
                skipped += 1
                continue
            x = _float(r[i_dist]) if i_dist >= 0 else None
            g = groups.get(r[i_id])
            if g is None:
                g = groups[r[i_id]] = []
            g.append((seq, la, lo, x))
        self._skip("shapes", skipped)
        radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
        two_r = 2 * EARTH_RADIUS_M
        for sid, g in groups.items():
            g.sort(key=_first)
            _, lats, lons, dist = (list(c) for c in zip(*g))
            cum = [0.0] * len(lats)
            total = 0.0
            p_prev, l_prev = radians(lats[0]), radians(lons[0])
            c_prev = cos(p_prev)
            for k in range(1, len(lats)):
                p, lam = radians(lats[k]), radians(lons[k])
                c = cos(p)
                a = sin((p - p_prev) / 2) ** 2 + c_prev * c * sin((lam - l_prev) / 2) ** 2
                total += two_r * asin(min(1.0, sqrt(a)))
                cum[k] = total
                p_prev, l_prev, c_prev = p, lam, c
            self.shapes[sid] = Shape(lats, lons, cum, sid, dist)

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

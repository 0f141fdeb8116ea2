"""Open data: a read API compatible with OpenAQ v3, mounted at /openaq/v3/, so OpenAQ's
clients (openaq-python, openaq-r, scripts written against api.openaq.org/v3) read Binh
Duong's published stations unchanged: point them at this base URL.

Resources (as OpenAQ v3): `locations`, `locations/{id}`, `locations/{id}/sensors`,
`locations/{id}/latest`, `sensors/{id}`, `sensors/{id}/measurements` (raw readings),
`sensors/{id}/hours` (hourly means), `sensors/{id}/days` (daily means of the hourly
means, the day from 01:00 to 24:00 local, as OpenAQ and Decision 1459 count it),
`parameters`, `parameters/{id}`. Envelope `{"meta": {name, website, page, limit, found},
"results": [...]}`; a bad query parameter is a 422 with FastAPI's `{"detail": [{type, loc,
msg, input}]}`, an unknown id a 404 `{"detail": "..."}`.

Ids: a location is a station (its primary key), a sensor a hub datastream (its primary
key); both stable. Parameter ids follow OpenAQ's list where it has the parameter in the
same unit (pm10 1, pm25 2, o3 3, co 4, no2 5, so2 6 in µg/m³; relativehumidity 98;
temperature 100); this platform's other parameters get ids of 100000 and above, derived
from their code (CRC-32), so they never change and never collide with OpenAQ's.
Only published stations; only valid readings enter hours and days (the hub's rollups).
"""
import math
import re
import statistics
import zlib

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from smartcity.environment.models import Station, StationKind
from smartcity.environment.publish import INDEX_QUANTITIES
from smartcity.hub import registry
from smartcity.hub.geo import haversine_m
from smartcity.hub.models import Datastream, Latest, Status
from smartcity.hub.timebase import DAY, HOUR, day_bucket, iso, iso_utc, parse_time

WEBSITE = "/openaq/v3/"
PROVIDER = {"id": 1, "name": "Binh Duong Smart City"}
COUNTRY = {"id": None, "code": "VN", "name": "Viet Nam"}
TIMEZONE = "Asia/Ho_Chi_Minh"
MAX_LIMIT = 1000
MAX_RADIUS_M = 25000

# our quantity code -> OpenAQ (id, name, units, displayName, description)
OPENAQ_PARAMETERS = {
    "pm10": (1, "pm10", "µg/m³", "PM10", "Particulate matter less than 10 micrometers in diameter mass concentration"),
    "pm25": (2, "pm25", "µg/m³", "PM2.5", "Particulate matter less than 2.5 micrometers in diameter mass concentration"),
    "o3": (3, "o3", "µg/m³", "O₃ mass", "Ozone mass concentration"),
    "co": (4, "co", "µg/m³", "CO mass", "Carbon Monoxide mass concentration"),
    "no2": (5, "no2", "µg/m³", "NO₂ mass", "Nitrogen Dioxide mass concentration"),
    "so2": (6, "so2", "µg/m³", "SO₂ mass", "Sulfur Dioxide mass concentration"),
    "relative_humidity": (98, "relativehumidity", "%", "RH", "Relative humidity (%)"),
    "temperature": (100, "temperature", "c", "Temperature (C)", "Temperature (C)"),
}
OWN_ID_BASE = 100000


def parameter_id(code: str) -> int:
    known = OPENAQ_PARAMETERS.get(code)
    return known[0] if known else OWN_ID_BASE + zlib.crc32(code.encode()) % 900000


def parameter(code: str, unit: str, full: bool = False) -> dict:
    known = OPENAQ_PARAMETERS.get(code)
    if known and (unit == known[2] or (known[2] == "c" and unit == "°C")):
        out = {"id": known[0], "name": known[1], "units": known[2], "displayName": known[3]}
        if full:
            out["description"] = known[4]
        return out
    q = registry.QUANTITIES.get(code)
    out = {"id": parameter_id(code), "name": code, "units": unit, "displayName": q.name_en if q else code}
    if full:
        out["description"] = f"{q.name_en} ({q.name_vi})" if q else code
    return out


# -- envelope and errors ---------------------------------------------------------------------
def _answer(results, page=1, limit=100, found=None, status=200):
    response = JsonResponse({"meta": {"name": "openaq-api", "website": WEBSITE, "page": page, "limit": limit,
                                      "found": len(results) if found is None else found}, "results": results},
                            status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


class Invalid(Exception):
    """A 422 as FastAPI writes it: {"detail": [{"type", "loc", "msg", "input"}]}."""

    def __init__(self, where: str, name: str, kind: str, message: str, value):
        super().__init__(message)
        self.item = {"type": kind, "loc": [where, name], "msg": message, "input": value}


class NotFound(Exception):
    pass


def _error(exc):
    if isinstance(exc, NotFound):
        response = JsonResponse({"detail": str(exc)}, status=404)
    else:
        response = JsonResponse({"detail": [exc.item]}, status=422, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def endpoint(fn):
    @require_GET
    def view(request, **kwargs):
        try:
            return fn(request, **kwargs)
        except (Invalid, NotFound) as exc:
            return _error(exc)
    view.__name__ = fn.__name__
    view.__doc__ = fn.__doc__
    return view


def _int(value, name: str, where="query", lo=None, hi=None):
    try:
        v = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid(where, name, "int_parsing", "Input should be a valid integer, unable to parse string as an integer", value) from None
    if lo is not None and v < lo:
        raise Invalid(where, name, "greater_than_equal", f"Input should be greater than or equal to {lo}", value)
    if hi is not None and v > hi:
        raise Invalid(where, name, "less_than_equal", f"Input should be less than or equal to {hi}", value)
    return v


def _paging(request):
    page = _int(request.GET.get("page", 1), "page", lo=1)
    limit = _int(request.GET.get("limit", 100), "limit", lo=1, hi=MAX_LIMIT)
    return page, limit


def _bool(request, name):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    low = raw.strip().lower()
    if low in ("true", "1", "yes", "on"):
        return True
    if low in ("false", "0", "no", "off"):
        return False
    raise Invalid("query", name, "bool_parsing", "Input should be a valid boolean, unable to interpret input", raw)


def _ids(request, name):
    values = []
    for raw in request.GET.getlist(name):
        for part in raw.split(","):
            if part.strip():
                values.append(_int(part, name, lo=1))
    return values


def _time(request, name):
    raw = request.GET.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        # an unencoded "+07:00" arrives as " 07:00"
        return parse_time(re.sub(r" (\d\d:\d\d)$", r"+\1", raw.strip()))
    except (ValueError, OverflowError):
        raise Invalid("query", name, "datetime_from_date_parsing",
                      "Input should be a valid datetime or date (ISO 8601, e.g. 2025-01-15 or 2025-01-15T10:00:00+07:00)", raw) from None


def _dt(t):
    return None if t is None else {"utc": iso_utc(int(t)), "local": iso(int(t))}


def _interval(seconds: int) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


# -- locations and sensors -------------------------------------------------------------------
def _stations():
    return Station.objects.filter(published=True).select_related("asset", "owner", "asset__admin_unit").order_by("pk")


def _streams(station_ids) -> dict:
    out = {}
    for d in (Datastream.objects.filter(asset__station__in=station_ids).exclude(quantity_id__in=INDEX_QUANTITIES)
              .select_related("asset__station").order_by("pk")):
        out.setdefault(d.asset.station.pk, []).append(d)
    return out


def _extent(ds_ids) -> dict:
    """{datastream id: (first t, last t)}: the first raw reading (one index seek each, in
    one statement) and the latest state."""
    ds_ids = list(ds_ids)
    if not ds_ids:
        return {}
    marks = ",".join(["%s"] * len(ds_ids))
    with connection.cursor() as cur:
        cur.execute(f"SELECT d.id, (SELECT o.t FROM hub_observation o WHERE o.datastream_id = d.id ORDER BY o.t LIMIT 1), "
                    f"l.t FROM hub_datastream d LEFT JOIN hub_latest l ON l.datastream_id = d.id WHERE d.id IN ({marks})", ds_ids)
        return {r[0]: (r[1] if r[1] is not None else r[2], r[2]) for r in cur.fetchall()}


def _sensor_base(d) -> dict:
    p = parameter(d.quantity_id, d.unit)
    return {"id": d.pk, "name": f"{p['name']} {p['units']}", "parameter": p}


def _location(st, streams, extent, distance=None) -> dict:
    a = st.asset
    firsts = [extent[d.pk][0] for d in streams if d.pk in extent and extent[d.pk][0] is not None]
    lasts = [extent[d.pk][1] for d in streams if d.pk in extent and extent[d.pk][1] is not None]
    locality = (a.admin_unit.name if a.admin_unit else "") or st.river or st.industrial_park or None
    lat, lon = a.latitude, a.longitude
    return {
        "id": st.pk, "name": a.name, "locality": locality, "timezone": TIMEZONE, "country": dict(COUNTRY),
        "owner": {"id": st.owner.pk, "name": st.owner.name}, "provider": dict(PROVIDER),
        "isMobile": st.kind == StationKind.MOBILE, "isMonitor": True, "instruments": [],
        "sensors": [_sensor_base(d) for d in streams],
        "coordinates": {"latitude": lat, "longitude": lon}, "licenses": None,
        "bounds": [lon, lat, lon, lat] if lat is not None else [0.0, 0.0, 0.0, 0.0],
        "distance": distance, "datetimeFirst": _dt(min(firsts)) if firsts else None,
        "datetimeLast": _dt(max(lasts)) if lasts else None,
    }


def _floats(raw):
    parts = [p for p in (raw or "").split(",") if p.strip()]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    return values


@endpoint
def locations(request):
    """GET /locations?coordinates=lat,lon&radius=m | bbox=minx,miny,maxx,maxy &parameters_id=2
    &iso=VN &mobile= &monitor= &owners_id= &page= &limit= &order_by=id &sort_order=asc|desc"""
    page, limit = _paging(request)
    coords, radius, bbox = request.GET.get("coordinates"), request.GET.get("radius"), request.GET.get("bbox")
    if (coords or radius) and bbox:
        raise Invalid("query", "bbox", "value_error", "Value error, Cannot pass both bounding box and coordinate/radius query in the same URL", bbox)
    centre = None
    if coords or radius:
        if not (coords and radius):
            raise Invalid("query", "coordinates" if not coords else "radius", "value_error",
                          "Value error, Coordinates and radius must be used together", coords or radius)
        pair = _floats(coords)
        if len(pair) != 2 or not (-90 <= pair[0] <= 90 and -180 <= pair[1] <= 180):
            raise Invalid("query", "coordinates", "value_error", "Value error, coordinates must be latitude,longitude in WGS 84", coords)
        r = _int(radius, "radius", lo=1, hi=MAX_RADIUS_M)
        centre = (pair[0], pair[1], r)
    box = None
    if bbox:
        b = _floats(bbox)
        if len(b) != 4 or not (-180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90):
            raise Invalid("query", "bbox", "value_error", "Value error, bbox must be minx,miny,maxx,maxy (longitude,latitude) in WGS 84", bbox)
        box = b
    iso_code = (request.GET.get("iso") or "").strip()
    if iso_code and (len(iso_code) != 2 or not iso_code.isalpha()):
        raise Invalid("query", "iso", "string_pattern_mismatch", "String should match pattern '^[a-zA-Z]{2}$'", iso_code)
    params = _ids(request, "parameters_id")
    owners = _ids(request, "owners_id")
    providers = _ids(request, "providers_id")
    mobile, monitor = _bool(request, "mobile"), _bool(request, "monitor")
    order = request.GET.get("order_by", "id")
    if order != "id":
        raise Invalid("query", "order_by", "enum", "Input should be 'id'", order)
    direction = (request.GET.get("sort_order") or "asc").lower()
    if direction not in ("asc", "desc"):
        raise Invalid("query", "sort_order", "enum", "Input should be 'asc' or 'desc'", request.GET.get("sort_order"))

    stations = list(_stations())
    if iso_code and iso_code.upper() != "VN" or (providers and PROVIDER["id"] not in providers) or monitor is False:
        stations = []
    if owners:
        stations = [s for s in stations if s.owner_id in owners]
    if mobile is not None:
        stations = [s for s in stations if (s.kind == StationKind.MOBILE) == mobile]
    streams = _streams([s.pk for s in stations])
    if params:
        wanted = set(params)
        stations = [s for s in stations if any(parameter(d.quantity_id, d.unit)["id"] in wanted for d in streams.get(s.pk, []))]
    distances = {}
    if centre:
        kept = []
        for s in stations:
            if s.asset.latitude is None:
                continue
            d = haversine_m(centre[0], centre[1], s.asset.latitude, s.asset.longitude)
            if d <= centre[2]:
                distances[s.pk] = round(d, 1)
                kept.append(s)
        stations = kept
    if box:
        stations = [s for s in stations if s.asset.latitude is not None
                    and box[0] <= s.asset.longitude <= box[2] and box[1] <= s.asset.latitude <= box[3]]
    if direction == "desc":
        stations.reverse()
    found = len(stations)
    chosen = stations[(page - 1) * limit: page * limit]
    extent = _extent(d.pk for s in chosen for d in streams.get(s.pk, []))
    return _answer([_location(s, streams.get(s.pk, []), extent, distances.get(s.pk)) for s in chosen], page, limit, found)


def _station(raw_id):
    pk = _int(raw_id, "locations_id", where="path", lo=1)
    st = _stations().filter(pk=pk).first()
    if st is None:
        raise NotFound("Location not found")
    return st


@endpoint
def location_detail(request, locations_id):
    st = _station(locations_id)
    streams = _streams([st.pk]).get(st.pk, [])
    return _answer([_location(st, streams, _extent(d.pk for d in streams))], 1, 100, 1)


def _sensor_full(d, extent, stats) -> dict:
    first, last = extent.get(d.pk, (None, None))
    interval = max(1, d.expected_interval_s)
    n, total, vmin, vmax = stats.get(d.pk, (0, 0.0, None, None))
    expected = int((last - first) // interval) + 1 if first is not None and last is not None else 0
    latest = getattr(d, "_latest", None)
    lat = latest.lat if latest and latest.lat is not None else d.asset.latitude
    lon = latest.lon if latest and latest.lon is not None else d.asset.longitude
    pct = round(100.0 * n / expected, 2) if expected else 0.0
    return {
        **_sensor_base(d),
        "datetimeFirst": _dt(first), "datetimeLast": _dt(last),
        "coverage": {"expectedCount": expected, "expectedInterval": _interval(interval * expected) if expected else "00:00:00",
                     "observedCount": n, "observedInterval": _interval(interval * n), "percentComplete": pct,
                     "percentCoverage": pct, "datetimeFrom": _dt(first), "datetimeTo": _dt(last)},
        "latest": ({"datetime": _dt(latest.t), "value": latest.value, "coordinates": {"latitude": lat, "longitude": lon}}
                   if latest is not None and latest.value is not None else None),
        "summary": {"min": vmin, "q02": None, "q25": None, "median": None, "q75": None, "q98": None, "max": vmax,
                    "avg": (total / n) if n else None, "sd": None},
    }


def _sensors_full(streams) -> list:
    ids = [d.pk for d in streams]
    extent = _extent(ids)
    stats = {}
    if ids:
        marks = ",".join(["%s"] * len(ids))
        with connection.cursor() as cur:
            cur.execute(f"SELECT datastream_id, SUM(n), SUM(total), MIN(vmin), MAX(vmax) FROM hub_rollup_day "
                        f"WHERE datastream_id IN ({marks}) GROUP BY datastream_id", ids)
            stats = {r[0]: (int(r[1] or 0), r[2] or 0.0, r[3], r[4]) for r in cur.fetchall()}
    latest = {r.datastream_id: r for r in Latest.objects.filter(datastream_id__in=ids)}
    for d in streams:
        d._latest = latest.get(d.pk)
    return [_sensor_full(d, extent, stats) for d in streams]


@endpoint
def location_sensors(request, locations_id):
    st = _station(locations_id)
    streams = _streams([st.pk]).get(st.pk, [])
    return _answer(_sensors_full(streams), 1, 100, len(streams))


@endpoint
def location_latest(request, locations_id):
    """GET /locations/{id}/latest: the newest reading of each sensor."""
    st = _station(locations_id)
    streams = _streams([st.pk]).get(st.pk, [])
    page, limit = _paging(request)
    rows = Latest.objects.filter(datastream__in=streams, value__isnull=False).order_by("datastream_id")
    results = [{"datetime": _dt(r.t), "value": r.value,
                "coordinates": {"latitude": r.lat if r.lat is not None else st.asset.latitude,
                                "longitude": r.lon if r.lon is not None else st.asset.longitude},
                "sensorsId": r.datastream_id, "locationsId": st.pk} for r in rows]
    return _answer(results[(page - 1) * limit: page * limit], page, limit, len(results))


def _sensor(raw_id):
    pk = _int(raw_id, "sensors_id", where="path", lo=1)
    d = (Datastream.objects.filter(pk=pk, asset__station__published=True).exclude(quantity_id__in=INDEX_QUANTITIES)
         .select_related("asset", "asset__station").first())
    if d is None:
        raise NotFound("Sensor not found")
    return d


@endpoint
def sensor_detail(request, sensors_id):
    d = _sensor(sensors_id)
    return _answer(_sensors_full([d]), 1, 100, 1)


def _range(request):
    start, end = _time(request, "datetime_from"), _time(request, "datetime_to")
    if start is not None and end is not None and end <= start:
        raise Invalid("query", "datetime_to", "value_error", "Value error, datetime_to must be later than datetime_from",
                      request.GET.get("datetime_to"))
    return (-(2 ** 62) if start is None else start), (2 ** 62 if end is None else end)


@endpoint
def sensor_measurements(request, sensors_id):
    """GET /sensors/{id}/measurements?datetime_from=&datetime_to=&page=&limit=: raw
    readings in time order, each as the period that ends at its time (OpenAQ's convention)."""
    d = _sensor(sensors_id)
    page, limit = _paging(request)
    start, end = _range(request)
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM hub_observation WHERE datastream_id = %s AND t > %s AND t <= %s AND value IS NOT NULL",
                    [d.pk, start, end])
        found = cur.fetchone()[0]
        cur.execute("SELECT t, value, status, lat, lon FROM hub_observation WHERE datastream_id = %s AND t > %s AND t <= %s "
                    "AND value IS NOT NULL ORDER BY t LIMIT %s OFFSET %s", [d.pk, start, end, limit, (page - 1) * limit])
        rows = cur.fetchall()
    p = parameter(d.quantity_id, d.unit)
    step = max(1, d.expected_interval_s)
    every = _interval(step)
    results = []
    for t, value, status, lat, lon in rows:
        frm, to = _dt(t - step), _dt(t)
        results.append({
            "value": value, "flagInfo": {"hasFlags": status != Status.VALID}, "parameter": p,
            "period": {"label": "raw", "interval": every, "datetimeFrom": frm, "datetimeTo": to},
            "coordinates": {"latitude": lat, "longitude": lon} if lat is not None and lon is not None else None,
            "summary": None,
            "coverage": {"expectedCount": 1, "expectedInterval": every, "observedCount": 1, "observedInterval": every,
                         "percentComplete": 100.0, "percentCoverage": 100.0, "datetimeFrom": frm, "datetimeTo": to},
        })
    return _answer(results, page, limit, found)


def _summary(values) -> dict:
    """OpenAQ's summary of the values inside one period (here: hourly means of a day)."""
    v = sorted(values)
    if not v:
        return {k: None for k in ("min", "q02", "q25", "median", "q75", "q98", "max", "avg", "sd")}

    def q(p):  # linear interpolation between closest ranks, as PostgreSQL's percentile_cont
        pos = (len(v) - 1) * p
        lo = math.floor(pos)
        hi = min(lo + 1, len(v) - 1)
        return v[lo] + (v[hi] - v[lo]) * (pos - lo)
    return {"min": v[0], "q02": q(0.02), "q25": q(0.25), "median": q(0.5), "q75": q(0.75), "q98": q(0.98), "max": v[-1],
            "avg": sum(v) / len(v), "sd": statistics.stdev(v) if len(v) > 1 else None}


@endpoint
def sensor_hours(request, sensors_id):
    """GET /sensors/{id}/hours: hourly means of valid readings (the hub's hourly rollups);
    an hour is returned when it starts inside [datetime_from, datetime_to)."""
    d = _sensor(sensors_id)
    page, limit = _paging(request)
    start, end = _range(request)
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM hub_rollup_hour WHERE datastream_id = %s AND bucket >= %s AND bucket < %s AND n > 0",
                    [d.pk, start, end])
        found = cur.fetchone()[0]
        cur.execute("SELECT bucket, n, total, vmin, vmax FROM hub_rollup_hour WHERE datastream_id = %s AND bucket >= %s "
                    "AND bucket < %s AND n > 0 ORDER BY bucket LIMIT %s OFFSET %s", [d.pk, start, end, limit, (page - 1) * limit])
        rows = cur.fetchall()
    p = parameter(d.quantity_id, d.unit)
    step = max(1, d.expected_interval_s)
    expected = max(1, HOUR // step)
    results = []
    for bucket, n, total, vmin, vmax in rows:
        frm, to = _dt(bucket), _dt(bucket + HOUR)
        avg = total / n
        results.append({
            "value": avg, "flagInfo": {"hasFlags": False}, "parameter": p,
            "period": {"label": "1hour", "interval": "01:00:00", "datetimeFrom": frm, "datetimeTo": to},
            "coordinates": None,
            "summary": {"min": vmin, "q02": None, "q25": None, "median": None, "q75": None, "q98": None, "max": vmax,
                        "avg": avg, "sd": None},
            "coverage": {"expectedCount": expected, "expectedInterval": "01:00:00", "observedCount": n,
                         "observedInterval": _interval(n * step), "percentComplete": round(100.0 * n / expected, 2),
                         "percentCoverage": round(min(100.0, 100.0 * n / expected), 2), "datetimeFrom": frm, "datetimeTo": to},
        })
    return _answer(results, page, limit, found)


@endpoint
def sensor_days(request, sensors_id):
    """GET /sensors/{id}/days: the mean of the day's hourly means, the day running from
    01:00 to 24:00 local (the hours that end in it: hourly buckets 00:00-23:00); a day is
    returned when it starts inside [datetime_from, datetime_to)."""
    d = _sensor(sensors_id)
    page, limit = _paging(request)
    start, end = _range(request)
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM hub_rollup_day WHERE datastream_id = %s AND bucket >= %s AND bucket < %s AND n > 0",
                    [d.pk, start, end])
        found = cur.fetchone()[0]
        cur.execute("SELECT bucket FROM hub_rollup_day WHERE datastream_id = %s AND bucket >= %s AND bucket < %s AND n > 0 "
                    "ORDER BY bucket LIMIT %s OFFSET %s", [d.pk, start, end, limit, (page - 1) * limit])
        days = [r[0] for r in cur.fetchall()]
        hours = {}
        if days:
            cur.execute("SELECT bucket, n, total FROM hub_rollup_hour WHERE datastream_id = %s AND bucket >= %s AND bucket < %s "
                        "AND n > 0 ORDER BY bucket", [d.pk, days[0], days[-1] + DAY])
            for bucket, n, total in cur.fetchall():
                hours.setdefault(day_bucket(bucket), []).append(total / n)
    p = parameter(d.quantity_id, d.unit)
    results = []
    for day in days:
        means = hours.get(day, [])
        if not means:
            continue
        frm, to = _dt(day), _dt(day + DAY)
        summary = _summary(means)
        results.append({
            "value": summary["avg"], "flagInfo": {"hasFlags": False}, "parameter": p,
            "period": {"label": "1day", "interval": "24:00:00", "datetimeFrom": frm, "datetimeTo": to},
            "coordinates": None, "summary": summary,
            "coverage": {"expectedCount": 24, "expectedInterval": "24:00:00", "observedCount": len(means),
                         "observedInterval": _interval(len(means) * HOUR), "percentComplete": round(100.0 * len(means) / 24, 2),
                         "percentCoverage": round(100.0 * len(means) / 24, 2), "datetimeFrom": frm, "datetimeTo": to},
        })
    return _answer(results, page, limit, found)


def _parameter_list() -> list[dict]:
    used = {(code, unit) for code, unit in Datastream.objects.filter(asset__station__published=True)
            .exclude(quantity_id__in=INDEX_QUANTITIES).values_list("quantity_id", "unit").distinct()}
    for code, (pid, name, units, display, desc) in OPENAQ_PARAMETERS.items():
        used.add((code, registry.QUANTITIES[code].unit if code in registry.QUANTITIES else units))
    seen, out = set(), []
    for code, unit in sorted(used):
        p = parameter(code, unit, full=True)
        if p["id"] not in seen:
            seen.add(p["id"])
            out.append(p)
    return sorted(out, key=lambda p: p["id"])


@endpoint
def parameters(request):
    page, limit = _paging(request)
    items = _parameter_list()
    return _answer(items[(page - 1) * limit: page * limit], page, limit, len(items))


@endpoint
def parameter_detail(request, parameters_id):
    pk = _int(parameters_id, "parameters_id", where="path", lo=1)
    found = [p for p in _parameter_list() if p["id"] == pk]
    if not found:
        raise NotFound("Parameter not found")
    return _answer(found, 1, 100, 1)


urlpatterns = [
    path("locations", locations, name="openaq-locations"),
    path("locations/<str:locations_id>", location_detail, name="openaq-location"),
    path("locations/<str:locations_id>/sensors", location_sensors, name="openaq-location-sensors"),
    path("locations/<str:locations_id>/latest", location_latest, name="openaq-location-latest"),
    path("sensors/<str:sensors_id>", sensor_detail, name="openaq-sensor"),
    path("sensors/<str:sensors_id>/measurements", sensor_measurements, name="openaq-measurements"),
    path("sensors/<str:sensors_id>/hours", sensor_hours, name="openaq-hours"),
    path("sensors/<str:sensors_id>/days", sensor_days, name="openaq-days"),
    path("parameters", parameters, name="openaq-parameters"),
    path("parameters/<str:parameters_id>", parameter_detail, name="openaq-parameter"),
]

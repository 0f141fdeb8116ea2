"""The hub's read side: latest values, series (raw or from the rollups), keyset paging,
geo filters. No HTTP here: the API views, the CLI and other apps call these functions.

Hot paths are plain SQL through `django.db.connection`, the same text on SQLite and
PostgreSQL (Django's cursor turns `%s` into `?` on SQLite):
- latest values of any number of datastreams: one query over hub_latest with its joins;
- a series: one index range scan per datastream on its primary key (datastream_id, t) or
  (datastream_id, bucket), so paging deep into a year of data costs the same as page one.

Paging is keyset, never OFFSET: the cursor is the last (datastream, time) returned, and
the next page starts strictly after it, so each row is returned exactly once.

Time ranges are half-open, [from, to). An aggregated point covers its whole bucket (an
hour, or a local UTC+7 day) and is returned when the bucket overlaps the range.
"""
import base64
import gc
import hashlib
import hmac
import math
import re
import threading
from dataclasses import dataclass, field
from operator import itemgetter

import orjson
from django.db import connection
from django.utils.translation import gettext as _

from smartcity.hub.geo import bbox_around, haversine_m
from smartcity.hub import registry
from smartcity.hub.models import Status
from smartcity.hub.timebase import DAY, DAY_OFFSET, HOUR, iso, parse_time

# -- constants -----------------------------------------------------------------------------
MAX_CHART_POINTS = 1000  # agg=auto keeps a chart at about this many points per datastream
DEFAULT_LIMIT = 10_000  # points per JSON page (all datastreams together)
MAX_LIMIT = 100_000
EXPORT_PAGE = 10_000  # rows fetched per keyset page while streaming CSV
AGGS = ("raw", "1h", "1d")
STATS = ("avg", "min", "max", "count", "sum")
FOREVER_LO = -(2 ** 62)
FOREVER_HI = 2 ** 62

STATUS_NAMES = {s.value: s.name.lower() for s in Status}
CSV_COLUMNS = ("asset", "quantity", "unit", "time", "value", "status")


class QueryError(ValueError):
    """A bad query parameter: becomes a 400 with a field-level error."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.message = field, code, message

    def as_error(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}




# -- geo (pure maths plus shapely) ---------------------------------------------------------
def parse_bbox(text: str, field_name: str = "bbox") -> tuple[float, float, float, float]:
    """`minLon,minLat,maxLon,maxLat` (the GeoJSON / OGC order)."""
    parts = [p for p in re.split(r"[,\s]+", (text or "").strip()) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise QueryError(field_name, "bad_bbox", _("bbox must be minLon,minLat,maxLon,maxLat (four numbers)"))
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise QueryError(field_name, "bad_bbox", _("bbox longitudes must be within ±180 and latitudes within ±90"))
    if min_lon > max_lon or min_lat > max_lat:
        raise QueryError(field_name, "bad_bbox", _("bbox minimum must not exceed its maximum (minLon,minLat,maxLon,maxLat)"))
    return (min_lon, min_lat, max_lon, max_lat)


def parse_near(text: str, field_name: str = "near") -> tuple[float, float, float]:
    """`lat,lon,radius_m`."""
    parts = [p for p in re.split(r"[,\s]+", (text or "").strip()) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 3 or not all(math.isfinite(v) for v in values):
        raise QueryError(field_name, "bad_near", _("near must be lat,lon,radius_m (three numbers)"))
    lat, lon, radius = values
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(field_name, "bad_near", _("near latitude must be within ±90 and longitude within ±180"))
    if not (0 < radius <= 20_000_000):
        raise QueryError(field_name, "bad_near", _("near radius must be a positive number of metres (at most 20,000 km)"))
    return (lat, lon, radius)


def parse_polygon(value, field_name: str = "within"):
    """A polygon from a GeoJSON geometry or Feature (dict or JSON text), a JSON list of
    [lon, lat] pairs (one ring, or a list of rings), or plain text `lon lat, lon lat, ...`
    / `lon,lat;lon,lat;...`. The ring is closed if needed. Returns a prepared shapely geometry."""
    import orjson
    import shapely
    from shapely.geometry import Polygon, shape

    data = value
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "{[":
            try:
                data = orjson.loads(text)
            except orjson.JSONDecodeError:
                raise QueryError(field_name, "bad_polygon", _("within is not valid JSON")) from None
        else:
            data = _plain_ring(text, field_name)
    try:
        if isinstance(data, dict):
            if data.get("type") == "Feature":
                data = data.get("geometry") or {}
            if data.get("type") not in ("Polygon", "MultiPolygon"):
                raise QueryError(field_name, "bad_polygon", _("within must be a GeoJSON Polygon or MultiPolygon"))
            geom = shape(data)
        elif isinstance(data, list) and data:
            rings = data if isinstance(data[0], list) and data[0] and isinstance(data[0][0], list) else [data]
            rings = [_closed([(float(p[0]), float(p[1])) for p in ring]) for ring in rings]
            geom = Polygon(rings[0], rings[1:])
        else:
            raise QueryError(field_name, "bad_polygon", _("within must be a GeoJSON polygon or a list of lon,lat points"))
    except QueryError:
        raise
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        raise QueryError(field_name, "bad_polygon", _("unreadable polygon: %(error)s") % {"error": exc}) from None
    if geom.is_empty:
        raise QueryError(field_name, "bad_polygon", _("the polygon needs at least three distinct points"))
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
        raise QueryError(field_name, "bad_polygon", _("polygon coordinates are lon,lat in degrees (lon within ±180, lat within ±90)"))
    if not geom.is_valid:
        raise QueryError(field_name, "bad_polygon", _("the polygon is not valid: %(reason)s") % {"reason": shapely.is_valid_reason(geom)})
    if geom.area == 0:
        raise QueryError(field_name, "bad_polygon", _("the polygon needs at least three distinct points"))
    shapely.prepare(geom)
    return geom


def _plain_ring(text: str, field_name: str) -> list:
    """`lon,lat;lon,lat;...`, `lon lat, lon lat, ...` or a flat `lon,lat,lon,lat,...`."""
    if ";" in text:
        pairs = [re.split(r"[\s,]+", p.strip()) for p in text.split(";") if p.strip()]
    else:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if any(re.search(r"\s", p) for p in parts):
            pairs = [re.split(r"\s+", p) for p in parts]
        else:
            pairs = [parts[i:i + 2] for i in range(0, len(parts), 2)]
    points = []
    for pair in pairs:
        if len(pair) != 2:
            raise QueryError(field_name, "bad_polygon", _("write the polygon as lon,lat;lon,lat;... or as GeoJSON"))
        try:
            points.append([float(pair[0]), float(pair[1])])
        except ValueError:
            raise QueryError(field_name, "bad_polygon", _("polygon coordinates must be numbers")) from None
    return points


def _closed(ring: list) -> list:
    if len(ring) >= 1 and ring[0] != ring[-1]:
        ring = ring + [ring[0]]
    return ring


def points_within(geom, lons: list, lats: list) -> list[bool]:
    """Which points lie inside or on the boundary of the polygon (vectorised, shapely 2)."""
    import numpy as np
    import shapely

    if not lons:
        return []
    return shapely.intersects_xy(geom, np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)).tolist()


@dataclass
class GeoFilter:
    """bbox / near / within, applied as a SQL bounding-box prefilter plus an exact test."""

    bbox: tuple | None = None
    near: tuple | None = None
    within: object = None

    def __bool__(self):
        return bool(self.bbox or self.near or self.within is not None)

    def prefilter(self) -> tuple | None:
        """The intersection of every bounding box involved, or None."""
        boxes = []
        if self.bbox:
            boxes.append(self.bbox)
        if self.near:
            boxes.append(bbox_around(*self.near))
        if self.within is not None:
            boxes.append(self.within.bounds)
        if not boxes:
            return None
        return (max(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes), min(b[3] for b in boxes))

    def exact(self, lats: list, lons: list) -> tuple[list[bool], list]:
        """(keep flags, distances in metres or None) for points that passed the prefilter."""
        n = len(lats)
        keep = [la is not None and lo is not None for la, lo in zip(lats, lons)]
        dist = [None] * n
        if self.near:
            clat, clon, radius = self.near
            for i in range(n):
                if keep[i]:
                    d = haversine_m(clat, clon, lats[i], lons[i])
                    dist[i] = round(d, 1)
                    keep[i] = d <= radius
        if self.within is not None:
            idx = [i for i in range(n) if keep[i]]
            inside = points_within(self.within, [lons[i] for i in idx], [lats[i] for i in idx])
            for i, ok in zip(idx, inside):
                keep[i] = ok
        return keep, dist


def geo_filter(bbox=None, near=None, within=None) -> GeoFilter:
    """Parse the three geo parameters (strings, or already parsed values)."""
    return GeoFilter(
        bbox=parse_bbox(bbox) if isinstance(bbox, str) and bbox else (tuple(bbox) if bbox else None),
        near=parse_near(near) if isinstance(near, str) and near else (tuple(near) if near else None),
        within=parse_polygon(within) if isinstance(within, (str, dict, list)) and within else within,
    )


def filter_assets_geo(queryset, geo: GeoFilter):
    """Assets (a queryset) narrowed by a GeoFilter on their point location.
    Returns (queryset, {asset_id: distance_m}); with `near`, ids come nearest first."""
    if not geo:
        return queryset, {}
    box = geo.prefilter()
    candidates = list(queryset.filter(latitude__gte=box[1], latitude__lte=box[3], longitude__gte=box[0],
                                      longitude__lte=box[2]).values_list("id", "latitude", "longitude"))
    keep, dist = geo.exact([c[1] for c in candidates], [c[2] for c in candidates])
    ids = [c[0] for c, k in zip(candidates, keep) if k]
    distances = {c[0]: d for c, k, d in zip(candidates, keep, dist) if k and d is not None}
    return queryset.filter(id__in=ids), distances


# -- parameters ----------------------------------------------------------------------------
_SPACED_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


def parse_time_param(value: str | None, field_name: str) -> int | None:
    """ISO 8601 with an offset or Z (naive means Asia/Ho_Chi_Minh), a date, or epoch seconds.
    A '+' left unencoded in a URL arrives as a space; it is put back."""
    if value is None or value == "":
        return None
    text = _SPACED_OFFSET.sub(r"\1+\2", value.strip())
    try:
        return parse_time(text)
    except (ValueError, TypeError, OverflowError):
        message = _("%(field)s must be an ISO 8601 time such as 2026-11-23T08:00:00+07:00 (without an offset: "
                    "Vietnam time), not %(value)r") % {"field": field_name, "value": value}
        raise QueryError(field_name, "bad_time", message) from None


def split_list(values) -> list[str]:
    """Comma-separated and repeated parameters as one list: ?asset=a,b&asset=c."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def resolve_quantities(names, field_name: str = "quantity") -> list[str]:
    codes = []
    for name in split_list(names):
        code = registry.resolve_quantity(name)
        if code is None:
            raise QueryError(field_name, "unknown_quantity", _("unknown quantity %(name)r") % {"name": name})
        codes.append(code)
    return codes


def parse_agg(value: str | None) -> str:
    value = (value or "auto").strip().lower()
    value = {"hour": "1h", "pt1h": "1h", "day": "1d", "p1d": "1d", "none": "raw"}.get(value, value)
    if value not in (*AGGS, "auto"):
        raise QueryError("agg", "bad_agg", _("agg must be raw, 1h, 1d or auto"))
    return value


def parse_stat(value: str | None) -> str:
    value = (value or "avg").strip().lower()
    value = {"mean": "avg", "n": "count", "total": "sum"}.get(value, value)
    if value not in STATS:
        raise QueryError("stat", "bad_stat", _("stat must be avg, min, max, count or sum"))
    return value


def parse_limit(value, default: int = DEFAULT_LIMIT) -> int:
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if not (1 <= n <= MAX_LIMIT):
        raise QueryError("limit", "bad_limit", _("limit must be a whole number from 1 to %(max)d") % {"max": MAX_LIMIT})
    return n


# -- who sees what -------------------------------------------------------------------------
def _visibility(user, alias: str = "a") -> tuple[str, list]:
    """SQL condition of the platform's read rule on assets: published, or owned by the
    caller's organisation; coordinators and superusers see everything."""
    from smartcity.core.permissions import is_coordinator

    if user is not None and is_coordinator(user):
        return "", []
    org_id = getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    if org_id:
        return f"({alias}.published = %s OR {alias}.owner_id = %s)", [True, org_id]
    return f"{alias}.published = %s", [True]


def _in(column: str, values) -> tuple[str, list]:
    values = list(values)
    return f"{column} IN ({','.join(['%s'] * len(values))})", values


def admin_unit_ids(values) -> list[int]:
    """Ids of the named administrative units (id or code) and of every unit below them, so
    a district also finds assets filed under its wards."""
    from smartcity.core.models import AdministrativeUnit

    names = split_list(values)
    if not names:
        return []
    ids_given = [int(n) for n in names if n.isdigit() and len(n) <= 18]
    codes = [n for n in names if not n.isdigit()]
    found = set(AdministrativeUnit.objects.filter(id__in=ids_given).values_list("id", flat=True))
    found |= set(AdministrativeUnit.objects.filter(code__in=codes + [str(i) for i in ids_given]).values_list("id", flat=True))
    if not found:
        raise QueryError("admin_unit", "unknown_admin_unit", _("no administrative unit %(name)s") % {"name": ", ".join(names)})
    frontier = set(found)
    for _depth in range(4):  # province > district > commune: a few levels at most
        children = set(AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        if not children:
            break
        found |= children
        frontier = children
    return sorted(found)


@dataclass
class AssetFilter:
    """Which assets (and datastreams): every list is OR inside, AND across."""

    assets: list = field(default_factory=list)  # slugs
    types: list = field(default_factory=list)  # asset type codes
    owners: list = field(default_factory=list)  # organisation codes
    admin_units: list = field(default_factory=list)  # unit ids (already expanded)
    quantities: list = field(default_factory=list)  # quantity codes
    datastreams: list = field(default_factory=list)  # ids
    active: bool | None = None

    def sql(self, user) -> tuple[list[str], list]:
        where, params = [], []
        vis, vp = _visibility(user)
        if vis:
            where.append(vis)
            params += vp
        for column, values in (("a.slug", self.assets), ("a.asset_type_id", self.types), ("o.code", self.owners),
                               ("a.admin_unit_id", self.admin_units), ("d.quantity_id", self.quantities),
                               ("d.id", self.datastreams)):
            if values:
                clause, p = _in(column, values)
                where.append(clause)
                params += p
        if self.active is not None:
            where.append("a.active = %s")
            params.append(self.active)
        return where, params


def asset_filter(asset=None, type=None, owner=None, admin_unit=None, quantity=None, datastream=None, active=None) -> AssetFilter:
    """An AssetFilter from raw parameter values (strings or lists), validated."""
    ds_ids = []
    for v in split_list(datastream):
        if not v.isdigit() or len(v) > 18:
            raise QueryError("datastream", "bad_datastream", _("datastream ids are whole numbers, not %(value)r") % {"value": v})
        ds_ids.append(int(v))
    types = split_list(type)
    if types:
        from smartcity.hub.models import AssetType

        known = set(AssetType.objects.filter(code__in=types).values_list("code", flat=True))
        unknown = [t for t in types if t not in known]
        if unknown:
            raise QueryError("type", "unknown_type", _("unknown asset type %(name)r") % {"name": unknown[0]})
    if isinstance(active, str):
        low = active.strip().lower()
        if low in ("", "all"):
            active = None
        elif low in ("1", "true", "yes"):
            active = True
        elif low in ("0", "false", "no"):
            active = False
        else:
            raise QueryError("active", "bad_boolean", _("active must be true or false"))
    return AssetFilter(assets=split_list(asset), types=types, owners=split_list(owner),
                       admin_units=admin_unit_ids(admin_unit) if admin_unit else [],
                       quantities=resolve_quantities(quantity), datastreams=ds_ids, active=active)


# -- latest values -------------------------------------------------------------------------
# Two queries instead of one wide join: the readings with ids only, then each asset once.
# For 10,000 datastreams on 1,000 assets this moves a third less data out of the database.
_LATEST_SQL = (
    "SELECT l.datastream_id, d.asset_id, d.quantity_id, d.unit, l.t, l.value, l.status, l.lat, l.lon "
    "FROM hub_latest l JOIN hub_datastream d ON d.id = l.datastream_id JOIN hub_asset a ON a.id = d.asset_id"
)
_ORG_JOIN = " JOIN core_organisation o ON o.id = a.owner_id"
_ASSETS_SQL = ("SELECT a.id, a.slug, a.name, a.asset_type_id, o.code, a.latitude, a.longitude "
               "FROM hub_asset a JOIN core_organisation o ON o.id = a.owner_id WHERE ")
_by_quantity = itemgetter(2)


class PausedGC:
    """Pause the cyclic garbage collector while a large answer is built: tens of thousands
    of new tuples and dicts (none in a cycle) would otherwise trigger collections, full
    ones among them, that walk every object of the process."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


def ids_clause(column: str, ids) -> tuple[str, list]:
    """`column` among these integers as one parameter, however many they are: an array on
    PostgreSQL, a JSON array read by json_each on SQLite (no statement with thousands of
    placeholders to write, bind and, in DEBUG, quote back)."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", ["[" + ",".join(map(str, ids)) + "]"]


def _assets_by_id(cur, ids) -> dict:
    clause, params = ids_clause("a.id", ids)
    cur.execute(_ASSETS_SQL + clause, params)
    return {row[0]: row[1:] for row in cur.fetchall()}


def latest_values(filters: AssetFilter | None = None, geo: GeoFilter | None = None, user=None) -> list[dict]:
    """The newest reading of every matching datastream. The position is the reading's own
    (a moving vehicle) or else the asset's. With `near`, nearest first and a `distance_m`
    on each row; otherwise ordered by asset and quantity."""
    filters = filters or AssetFilter()
    where, params = filters.sql(user)
    box = geo.prefilter() if geo else None
    if box:
        where.append("COALESCE(l.lat, a.latitude) BETWEEN %s AND %s AND COALESCE(l.lon, a.longitude) BETWEEN %s AND %s")
        params += [box[1], box[3], box[0], box[2]]
    sql = _LATEST_SQL + (_ORG_JOIN if any("o." in w for w in where) else "") + (" WHERE " + " AND ".join(where) if where else "")
    with PausedGC():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
            assets = _assets_by_id(cur, {r[1] for r in rows})
        # (slug, quantity) order, in Python (cheaper than SQLite's temporary B-tree): the
        # readings grouped by asset, the assets by slug, the few readings of each by quantity
        by_asset: dict = {}
        for r in rows:
            group = by_asset.get(r[1])
            if group is None:
                by_asset[r[1]] = [r]
            else:
                group.append(r)
        names = STATUS_NAMES
        stamps = {}  # the datastreams of one asset usually share their time
        out = []
        append = out.append
        for aid in sorted(by_asset, key=lambda aid: assets[aid][0]):
            slug, name, asset_type, owner, asset_lat, asset_lon = assets[aid]
            group = by_asset[aid]
            if len(group) > 1:
                group.sort(key=_by_quantity)
            for ds, _aid, quantity, unit, t, value, status, lat, lon in group:
                stamp = stamps.get(t)
                if stamp is None:
                    stamp = stamps[t] = iso(t)
                append({"datastream": ds, "asset": slug, "asset_name": name, "type": asset_type, "owner": owner,
                        "quantity": quantity, "unit": unit, "time": stamp, "value": value,
                        "status": names.get(status) or str(status),
                        "lat": asset_lat if lat is None else lat, "lon": asset_lon if lon is None else lon})
    if geo:
        keep, dist = geo.exact([item["lat"] for item in out], [item["lon"] for item in out])
        if geo.near:
            for item, d in zip(out, dist):
                item["distance_m"] = d
        out = [item for item, k in zip(out, keep) if k]
        if geo.near:
            out.sort(key=lambda item: item["distance_m"])
    return out


class _LatestFragments:
    """Process-wide cache behind `latest_json`: per datastream, what it shows of its asset
    (slug, name, type, owner, quantity, unit, position) and the encoded JSON object of its
    newest reading. The reading's object is re-encoded only when the row read from
    hub_latest differs from the one it was encoded from; the asset part is reloaded when
    the history of assets, datastreams or organisations grew (every change made through
    the models adds a history row). Building 10,000 objects per request was most of the
    time of `/api/hub/latest`; comparing 10,000 small tuples is a small part of it."""

    # the newest history row of each table, its id and its time: ids alone can come back
    # after a rolled-back transaction (SQLite), the time with them does not
    VERSION_SQL = " UNION ALL ".join(
        f"SELECT * FROM (SELECT '{table}', history_id, history_date FROM {table} ORDER BY history_id DESC LIMIT 1) AS {table}"
        for table in ("hub_historicalasset", "hub_historicaldatastream", "core_historicalorganisation"))
    META_SQL = ("SELECT d.id, a.slug, a.name, a.asset_type_id, o.code, d.quantity_id, d.unit, a.latitude, a.longitude "
                "FROM hub_datastream d JOIN hub_asset a ON a.id = d.asset_id JOIN core_organisation o ON o.id = a.owner_id")

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        # (meta, encoded), replaced together: meta is ds -> (rank, slug, name, type, owner,
        # quantity, unit, asset lat, asset lon); encoded is ds -> (row, (rank, bytes))
        self.state: tuple[dict, dict] = ({}, {})

    def refresh(self, cur) -> tuple[dict, dict]:
        cur.execute(self.VERSION_SQL)
        version = tuple(cur.fetchall())
        if version != self.version:
            with self.lock:
                cur.execute(self.META_SQL)
                rows = sorted(cur.fetchall(), key=lambda r: (r[1], r[5]))
                self.state = ({r[0]: (rank, *r[1:]) for rank, r in enumerate(rows)}, {})
                self.version = version
        return self.state


_FRAGMENTS = _LatestFragments()


def latest_meta(cur, force: bool = False) -> dict:
    """ds -> (rank, slug, name, type, owner, quantity, unit, asset lat, asset lon), cached
    per process and reloaded when assets, datastreams or organisations changed."""
    if force:
        _FRAGMENTS.version = None
    return _FRAGMENTS.refresh(cur)[0]
_LATEST_ROWS_SQL = (
    "SELECT l.datastream_id, l.t, l.value, l.status, l.lat, l.lon "
    "FROM hub_latest l JOIN hub_datastream d ON d.id = l.datastream_id JOIN hub_asset a ON a.id = d.asset_id"
)


def latest_json(filters: AssetFilter | None = None, user=None) -> bytes:
    """`{"count": n, "results": [...]}` of `latest_values` without a geographic filter,
    encoded: the same bytes, from the per-datastream fragments of `_LatestFragments`."""
    filters = filters or AssetFilter()
    where, params = filters.sql(user)
    sql = _LATEST_ROWS_SQL + (_ORG_JOIN if any("o." in w for w in where) else "") + (" WHERE " + " AND ".join(where) if where else "")
    cache = _FRAGMENTS
    with PausedGC():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
            try:
                parts = _encode_latest(rows, *cache.refresh(cur))
            except KeyError:  # a datastream made without a history row (bulk) since the last load
                cache.version = None
                parts = _encode_latest(rows, *cache.refresh(cur))
        parts.sort(key=_first)
        return b'{"count":%d,"results":[' % len(parts) + b",".join([p[1] for p in parts]) + b"]}"


def _encode_latest(rows, meta: dict, encoded: dict) -> list[tuple[int, bytes]]:
    """(rank, encoded object) per row; an unchanged row costs a look-up and a comparison."""
    names = STATUS_NAMES
    parts = []
    append = parts.append
    for row in rows:
        hit = encoded.get(row[0])
        if hit is None or hit[0] != row:
            ds, t, value, status, lat, lon = row
            m = meta[ds]
            hit = encoded[ds] = (row, (m[0], orjson.dumps({
                "datastream": ds, "asset": m[1], "asset_name": m[2], "type": m[3], "owner": m[4], "quantity": m[5],
                "unit": m[6], "time": iso(t), "value": value, "status": names.get(status) or str(status),
                "lat": m[7] if lat is None else lat, "lon": m[8] if lon is None else lon})))
        append(hit[1])
    return parts


_first = itemgetter(0)


# -- datastreams ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StreamInfo:
    id: int
    asset: str
    quantity: str
    unit: str
    interval_s: int


def find_streams(filters: AssetFilter, user=None, strict: bool = True) -> list[StreamInfo]:
    """Datastreams matching the filter that the caller may read, ordered by id (the keyset
    order). With `strict`, a named datastream id or asset slug that is unknown (or not
    visible) is an error rather than an empty answer."""
    where, params = filters.sql(user)
    sql = ("SELECT d.id, a.slug, d.quantity_id, d.unit, d.expected_interval_s FROM hub_datastream d "
           "JOIN hub_asset a ON a.id = d.asset_id JOIN core_organisation o ON o.id = a.owner_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.id")
    with connection.cursor() as cur:
        cur.execute(sql, params)
        streams = [StreamInfo(*row) for row in cur.fetchall()]
    if strict:
        if filters.datastreams:
            missing = set(filters.datastreams) - {s.id for s in streams}
            if missing:
                message = _("no datastream %(id)s (or not visible to you)") % {"id": min(missing)}
                raise QueryError("datastream", "unknown_datastream", message)
        if filters.assets:
            vis, vp = _visibility(user)
            clause, p = _in("a.slug", filters.assets)
            with connection.cursor() as cur:
                cur.execute(f"SELECT a.slug FROM hub_asset a WHERE {clause}" + (f" AND {vis}" if vis else ""), p + vp)
                known = {r[0] for r in cur.fetchall()}
            missing = [s for s in filters.assets if s not in known]
            if missing:
                raise QueryError("asset", "unknown_asset", _("no asset %(slug)r (or not visible to you)") % {"slug": missing[0]})
    return streams


def data_extent(stream_ids) -> tuple[int, int] | None:
    """(first t, last t) of the raw data of these datastreams, from the key index."""
    lo = hi = None
    with connection.cursor() as cur:
        for ds in stream_ids:
            cur.execute("SELECT t FROM hub_observation WHERE datastream_id = %s ORDER BY t LIMIT 1", [ds])
            first = cur.fetchone()
            if first is None:
                continue
            cur.execute("SELECT t FROM hub_observation WHERE datastream_id = %s ORDER BY t DESC LIMIT 1", [ds])
            last = cur.fetchone()
            lo = first[0] if lo is None else min(lo, first[0])
            hi = last[0] if hi is None else max(hi, last[0])
    return None if lo is None else (lo, hi + 1)


def choose_agg(start: int, end: int, interval_s: int, max_points: int = MAX_CHART_POINTS) -> str:
    """raw while the range holds at most ~max_points readings at the expected interval,
    hourly while it holds at most max_points hours, daily beyond."""
    span = max(0, end - start)
    if span <= max_points * max(1, interval_s):
        return "raw"
    if span <= max_points * HOUR:
        return "1h"
    return "1d"


# -- series and keyset paging --------------------------------------------------------------
_SOURCES = {
    "raw": ("hub_observation", "t", "value, status"),
    "1h": ("hub_rollup_hour", "bucket", "n, total, vmin, vmax"),
    "1d": ("hub_rollup_day", "bucket", "n, total, vmin, vmax"),
}


def bucket_floor(agg: str, t: int) -> int:
    if agg == "1h":
        return t - t % HOUR
    if agg == "1d":
        local = t + DAY_OFFSET
        return local - local % DAY - DAY_OFFSET
    return t


def _cursor_tag(raw: bytes) -> str:
    from django.conf import settings

    return hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()[:12]


def encode_cursor(agg: str, ds: int, t: int) -> str:
    """Opaque and tamper-evident: `agg:ds:t` plus a short HMAC, base64url."""
    raw = f"{agg}:{ds}:{t}".encode()
    return base64.urlsafe_b64encode(raw + b":" + _cursor_tag(raw).encode()).decode().rstrip("=")


def decode_cursor(text: str, agg: str) -> tuple[int, int]:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        raw, _sep, tag = data.rpartition(b":")
        kind, ds, t = raw.decode().split(":")
        ds, t = int(ds), int(t)
        if not hmac.compare_digest(tag.decode(), _cursor_tag(raw)):
            raise ValueError("tag")
    except (ValueError, UnicodeDecodeError, TypeError):
        raise QueryError("cursor", "bad_cursor", _("cursor is not one this API gave out")) from None
    if kind != agg:
        message = _("this cursor belongs to agg=%(cursor_agg)s, not agg=%(agg)s") % {"cursor_agg": kind, "agg": agg}
        raise QueryError("cursor", "bad_cursor", message)
    return ds, t


def fetch_page(stream_ids, agg: str, start: int | None, end: int | None, limit: int, after: tuple | None = None):
    """One keyset page: up to `limit` rows (ds, t, *values) in (datastream id, time) order,
    strictly after `after` = (ds, t). Returns (rows, next_after or None).
    Raw rows carry (value, status); rollup rows (n, total, vmin, vmax)."""
    table, col, vals = _SOURCES[agg]
    lo = FOREVER_LO if start is None else bucket_floor(agg, start)
    hi = FOREVER_HI if end is None else end
    ids = sorted(set(stream_ids))
    if after is not None:
        ids = [ds for ds in ids if ds >= after[0]]
    sql = f"SELECT {col}, {vals} FROM {table} WHERE datastream_id = %s AND {col} >= %s AND {col} < %s ORDER BY {col} LIMIT %s"
    rows = []
    remaining = limit
    more = False
    with connection.cursor() as cur:
        for i, ds in enumerate(ids):
            first = max(lo, after[1] + 1) if after is not None and ds == after[0] else lo
            cur.execute(sql, [ds, first, hi, remaining + 1])
            got = cur.fetchall()
            if len(got) > remaining:
                rows.extend((ds, *r) for r in got[:remaining])
                more = True
                break
            rows.extend((ds, *r) for r in got)
            remaining -= len(got)
            if remaining == 0:
                rest = ids[i + 1:]
                if rest:  # is there anything after the full page? one cheap probe
                    clause, p = _in("datastream_id", rest)
                    cur.execute(f"SELECT 1 FROM {table} WHERE {clause} AND {col} >= %s AND {col} < %s LIMIT 1", p + [lo, hi])
                    more = cur.fetchone() is not None
                break
    next_after = (rows[-1][0], rows[-1][1]) if more and rows else None
    return rows, next_after


def stat_value(stat: str, n, total, vmin, vmax):
    if stat == "avg":
        return total / n if n else None
    if stat == "min":
        return vmin
    if stat == "max":
        return vmax
    if stat == "count":
        return n
    return total


@dataclass
class SeriesPage:
    agg: str
    stat: str
    start: int | None
    end: int | None
    streams: list
    points: dict  # ds id -> list of points
    next: str | None

    def as_dict(self) -> dict:
        return {
            "agg": self.agg, "stat": self.stat,
            "from": iso(self.start) if self.start is not None else None,
            "to": iso(self.end) if self.end is not None else None,
            "datastreams": [{"id": s.id, "asset": s.asset, "quantity": s.quantity, "unit": s.unit,
                             "points": self.points.get(s.id, [])} for s in self.streams],
            "next": self.next,
        }


def resolve_agg(agg: str, streams, start, end) -> str:
    """`auto` becomes raw, 1h or 1d from the range (or, when open, from the data's extent)."""
    if agg != "auto":
        return agg
    if not streams:
        return "raw"
    lo, hi = start, end
    if lo is None or hi is None:
        extent = data_extent([s.id for s in streams])
        if extent is None:
            return "raw"
        lo = extent[0] if lo is None else lo
        hi = extent[1] if hi is None else hi
    return choose_agg(lo, hi, min(s.interval_s for s in streams))


def series(streams, start: int | None = None, end: int | None = None, agg: str = "auto", stat: str = "avg",
           limit: int = DEFAULT_LIMIT, cursor: str | None = None, with_status: bool = False) -> SeriesPage:
    """A page of points for these datastreams: [time_iso, value] (plus the status name
    when `with_status`, raw only). `next` is the cursor of the following page, or None."""
    if start is not None and end is not None and end <= start:
        raise QueryError("to", "bad_range", _("to must be later than from"))
    agg = resolve_agg(agg, streams, start, end)
    after = decode_cursor(cursor, agg) if cursor else None
    rows, next_after = fetch_page([s.id for s in streams], agg, start, end, limit, after)
    points: dict[int, list] = {}
    if agg == "raw":
        names = STATUS_NAMES
        for ds, t, value, status in rows:
            p = [iso(t), value]
            if with_status:
                p.append(names.get(status, str(status)))
            points.setdefault(ds, []).append(p)
    else:
        for ds, t, n, total, vmin, vmax in rows:
            points.setdefault(ds, []).append([iso(t), stat_value(stat, n, total, vmin, vmax)])
    nxt = encode_cursor(agg, *next_after) if next_after else None
    return SeriesPage(agg, stat, start, end, list(streams), points, nxt)


def iter_rows(streams, start: int | None = None, end: int | None = None, agg: str = "raw", stat: str = "avg",
              page_size: int | None = None):
    """Every row in the range, page after keyset page (no cap, bounded memory):
    yields (StreamInfo, t, value, status_code). Aggregates have status VALID."""
    by_id = {s.id: s for s in streams}
    agg = resolve_agg(agg, streams, start, end)
    after = None
    size = page_size or EXPORT_PAGE
    while by_id:
        rows, after = fetch_page(list(by_id), agg, start, end, size, after)
        if agg == "raw":
            for ds, t, value, status in rows:
                yield by_id[ds], t, value, status
        else:
            for ds, t, n, total, vmin, vmax in rows:
                yield by_id[ds], t, stat_value(stat, n, total, vmin, vmax), Status.VALID
        if after is None:
            return


def csv_value(v) -> str:
    """Shortest text that reads back as the same float; whole numbers without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def _csv_text(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def iter_csv(streams, start=None, end=None, agg="raw", stat="avg", page_size=None, header=True, rows_per_chunk=2000):
    """CSV text chunks `asset,quantity,unit,time,value,status`, streamed through keyset pages."""
    if header:
        yield ",".join(CSV_COLUMNS) + "\n"
    names = STATUS_NAMES
    prefix = {}
    buf = []
    for s, t, value, status in iter_rows(streams, start, end, agg, stat, page_size):
        head = prefix.get(s.id)
        if head is None:
            head = prefix[s.id] = f"{_csv_text(s.asset)},{_csv_text(s.quantity)},{_csv_text(s.unit)},"
        buf.append(f"{head}{iso(t)},{csv_value(value)},{names.get(status, status)}\n")
        if len(buf) >= rows_per_chunk:
            yield "".join(buf)
            buf = []
    if buf:
        yield "".join(buf)

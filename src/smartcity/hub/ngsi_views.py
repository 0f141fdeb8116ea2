"""NGSI-LD read API (ETSI GS CIM 009) over the hub: /ngsi-ld/v1/entities, temporal
entities, types and attributes.

Plain Django views on a hot path: rows are read with `.values()` and one raw query for the
newest readings (hub_latest) of a whole page of entities, then shaped by the pure helpers
in `ngsi.py` and serialised with orjson. Only what `core.permissions.visible` lets the
caller see is ever read: published assets, plus the caller's own organisation's.
"""
from __future__ import annotations

import gc
import hashlib
from contextlib import nullcontext
from datetime import datetime, timezone

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import DataError, connection, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from smartcity.core.permissions import visible
from smartcity.hub import ngsi, queries
from smartcity.hub.models import Asset, AssetType, Datastream, Latest
from smartcity.hub.ngsi import N_, NgsiError, bad_request
from smartcity.hub.queries import ids_clause

ASSET_FIELDS = ("id", "slug", "asset_type_id", "name", "latitude", "longitude", "geometry", "address", "properties",
                "owner__code", "created_at", "updated_at")
NEVER = Q(pk__in=[])  # a condition no row meets (Django answers it without a query)
STATIC_FIELDS = {"name": "name", "address": "address", "dataProvider": "owner__code"}
NOT_QUERYABLE = {"location", "dateObserved", "createdAt", "modifiedAt", "observedAt", "id", "type", "@context"}

TITLES = {
    ngsi.BAD_REQUEST: N_("Bad request data"),
    ngsi.INVALID_REQUEST: N_("Invalid request"),
    ngsi.NOT_FOUND: N_("Resource not found"),
    ngsi.NOT_SUPPORTED: N_("Operation not supported"),
    ngsi.TOO_MANY: N_("Too many results"),
}


# ---------------------------------------------------------------------------------------
# Plumbing: content negotiation, answers, errors, who is asking

def _error_response(err: NgsiError) -> HttpResponse:
    detail = gettext(err.message)
    if err.params:
        detail = detail % err.params
    body = ngsi.problem_details(err.kind, gettext(TITLES.get(err.kind, err.kind)), detail, err.status, err.field)
    return HttpResponse(orjson.dumps(body), status=err.status, content_type="application/json")


def _negotiate(request, geo: bool = False) -> str:
    """'json', 'ld' or 'geo' from the Accept header; NgsiError 406 when none fits."""
    header = request.META.get("HTTP_ACCEPT", "").strip() or "*/*"
    ranges = []
    for n, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, n, media.lower()))
    for _q, _n, media in sorted(ranges):
        if media == "application/ld+json":
            return "ld"
        if media == "application/geo+json" and geo:
            return "geo"
        if media in ("application/json", "application/*", "*/*"):
            return "json"
    raise NgsiError(ngsi.INVALID_REQUEST, N_("The Accept header must allow application/json or application/ld+json."), 406)


def _link_header() -> str:
    return f'<{ngsi.CORE_CONTEXT_URL}>; rel="{ngsi.JSONLD_REL}"; type="application/ld+json"'


def _answer(body, fmt: str, status: int = 200, headers: dict | None = None) -> HttpResponse:
    """JSON-LD puts the @context in the body (in every entity of a list); JSON and GeoJSON
    point to it with a Link header."""
    if fmt == "ld":
        if isinstance(body, list):
            body = [{**item, "@context": ngsi.CORE_CONTEXT_URL} if isinstance(item, dict) else item for item in body]
        else:
            body = {**body, "@context": ngsi.CORE_CONTEXT_URL}
        ctype = "application/ld+json"
    else:
        ctype = "application/geo+json" if fmt == "geo" else "application/json"
    response = HttpResponse(orjson.dumps(body), status=status, content_type=ctype)
    if fmt != "ld":
        response["Link"] = _link_header()
    response["Vary"] = "Accept"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _user(request):
    """The session user, or the owner of a personal token (Authorization: Bearer sc_...)."""
    from smartcity.core.auth import user_for_key
    from smartcity.core.tokens import key_from_header

    key = key_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    if key and key.startswith("sc_"):
        user, _token = user_for_key(key)
        if user is None:
            raise NgsiError(ngsi.INVALID_REQUEST, N_("The token is invalid, expired or revoked."), 401)
        return user
    return request.user


def ngsi_endpoint(view):
    """GET (and HEAD) only; every failure becomes a ProblemDetails body."""

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error_response(NgsiError(ngsi.NOT_SUPPORTED, N_("This server offers the NGSI-LD read API only: use GET."), 405))
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except NgsiError as err:
            return _error_response(err)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


class _Types:
    """Asset type code <-> NGSI-LD type name (a tiny table, read once per request)."""

    def __init__(self):
        self.by_code = {code: ngsi.ngsi_type_for(code, nt) for code, nt in AssetType.objects.values_list("code", "ngsi_type")}

    def codes(self, ngsi_types) -> list[str]:
        wanted = set(ngsi_types)
        return [code for code, nt in self.by_code.items() if nt in wanted]


# ---------------------------------------------------------------------------------------
# Conditions: q terms and attrs in SQL

def _number(value):
    """value if it is a number (not a boolean), else None."""
    return None if isinstance(value, bool) or not isinstance(value, (int, float)) else value


def _value_condition(term: ngsi.Term, to_stored) -> Q | None:
    """The condition on one hub_latest row for a measured attribute; None = exists only."""
    if term.sub_attr is not None:
        if term.sub_attr != "observedAt":
            raise bad_request(N_("Only the observedAt sub-attribute can be queried in q (got %(name)s)."), field="q", name=term.sub_attr)
        return _comparison("t", term.op, term.value, lambda v: v.epoch if isinstance(v, ngsi.DateTimeValue) else None)
    if term.path:
        return NEVER
    return _comparison("value", term.op, term.value, lambda v: None if _number(v) is None else to_stored(v))


def _comparison(field: str, op, value, convert) -> Q | None:
    """Q for `field op value`; values that convert to None cannot match."""
    if op is None:
        return None
    if op in ("~=", "!~="):
        return NEVER
    if isinstance(value, tuple):
        items = [c for c in (convert(v) for v in value) if c is not None]
        cond = Q(**{f"{field}__in": items}) if items else NEVER
    elif isinstance(value, ngsi.Range):
        low, high = convert(value.low), convert(value.high)
        if low is None or high is None:
            return NEVER
        cond = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    else:
        c = convert(value)
        if c is None:
            return NEVER
        lookup = {"==": "exact", "!=": "exact", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}[op]
        cond = Q(**{f"{field}__{lookup}": c})
    return ~cond if op == "!=" else cond


def _measured_condition(types: _Types, attr: str, term: ngsi.Term | None) -> tuple[Q | None, list[str]]:
    """Entities whose newest reading of `attr` exists (and meets `term`), and the asset
    types in which `attr` names a quantity."""
    groups: dict[tuple, list[str]] = {}
    for code, ngsi_type in types.by_code.items():
        for quantity in ngsi.quantities_for(ngsi_type, attr):
            groups.setdefault((quantity,), []).append(code)
    # merge quantities that share the same set of types and divisor into one subquery
    merged: dict[tuple, list[str]] = {}
    for (quantity,), codes in groups.items():
        merged.setdefault((tuple(sorted(codes)), ngsi.divisor_of(quantity)), []).append(quantity)
    cond = None
    measured_types = sorted({c for codes in groups.values() for c in codes})
    for (codes, divisor), quantities in merged.items():
        sub = Latest.objects.filter(datastream__asset_id=OuterRef("pk"), datastream__quantity_id__in=quantities, value__isnull=False)
        if term is not None:
            value_cond = _value_condition(term, lambda v, q=quantities[0]: ngsi.stored_value(q, v))
            if value_cond is NEVER:
                continue
            if value_cond is not None:
                sub = sub.filter(value_cond)
        every_type = len(codes) == len(types.by_code)
        part = Q(Exists(sub)) if every_type else Q(asset_type_id__in=list(codes)) & Q(Exists(sub))
        cond = part if cond is None else cond | part
    return cond, measured_types


def _check_key(key: str):
    if not ngsi.ATTRIBUTE_NAME.match(key) or "__" in key:
        raise bad_request(N_("%(name)s cannot be used as an attribute name in q."), field="q", name=key)


def _property_condition(term: ngsi.Term) -> Q:
    """A condition on Asset.properties[attr] (the attributes a domain app stores there)."""
    for key in (term.attr, *term.path):
        _check_key(key)
    if term.attr in ngsi.RESERVED:
        return NEVER
    if term.sub_attr is not None:
        return NEVER
    lookup = "__".join(("properties", term.attr, *term.path))
    exists = Q(**{f"{lookup}__isnull": False})
    op, value = term.op, term.value
    if op is None:
        return exists
    if op in ("~=", "!~="):
        cond = Q(**{f"{lookup}__regex": value})
        return exists & (cond if op == "~=" else ~cond)

    def json_value(v):
        return None if isinstance(v, ngsi.DateTimeValue) else v

    if isinstance(value, tuple):
        items = [v for v in value if json_value(v) is not None]
        cond = NEVER
        for item in items:
            cond = cond | Q(**{lookup: item})
    elif isinstance(value, ngsi.Range):
        if json_value(value.low) is None or json_value(value.high) is None:
            return NEVER
        cond = Q(**{f"{lookup}__gte": value.low, f"{lookup}__lte": value.high})
    else:
        if isinstance(value, ngsi.DateTimeValue):
            value = value.text
        lookup_op = {"==": "", "!=": "", ">": "__gt", ">=": "__gte", "<": "__lt", "<=": "__lte"}[op]
        cond = Q(**{f"{lookup}{lookup_op}": value})
    return exists & (~cond if op == "!=" else cond)


def _field_condition(field: str, term: ngsi.Term) -> Q:
    """A condition on a text column (name, address, owner code)."""
    if term.path or term.sub_attr:
        return NEVER
    if term.op is None:
        return ~Q(**{field: ""})
    if term.op in ("~=", "!~="):
        cond = Q(**{f"{field}__regex": term.value})
        return cond if term.op == "~=" else ~cond

    def text(v):
        if isinstance(v, ngsi.DateTimeValue):
            return v.text
        return v if isinstance(v, str) else None

    return _comparison(field, term.op, term.value, text)


def _term_condition(types: _Types, term: ngsi.Term) -> Q:
    attr = term.attr
    if attr in STATIC_FIELDS:
        return _field_condition(STATIC_FIELDS[attr], term)
    if attr in NOT_QUERYABLE:
        raise bad_request(N_("%(name)s cannot be used in q; use georel for location."), field="q", name=attr)
    measured, measured_types = _measured_condition(types, attr, term)
    if len(measured_types) == len(types.by_code):  # a measured name in every type
        return measured if measured is not None else NEVER
    prop = _property_condition(term)
    others = prop if not measured_types else (~Q(asset_type_id__in=measured_types) & prop)
    return others if measured is None else (measured | others)


def _q_condition(types: _Types, node) -> Q:
    if isinstance(node, ngsi.Term):
        return _term_condition(types, node)
    parts = [_q_condition(types, p) for p in node.parts]
    cond = parts[0]
    for part in parts[1:]:
        cond = (cond & part) if isinstance(node, ngsi.And) else (cond | part)
    return cond


def _has_attribute(types: _Types, attr: str) -> Q:
    """Entities that show attribute `attr` (for the attrs parameter)."""
    if attr == "location":
        return Q(latitude__isnull=False, longitude__isnull=False) | Q(geometry__isnull=False)
    if attr == "name":
        return ~Q(name="")
    if attr == "address":
        return ~Q(address="")
    if attr == "dataProvider":
        return Q(owner__isnull=False)
    if attr == "dateObserved":
        observed = [code for code, nt in types.by_code.items() if nt.endswith("Observed")]
        sub = Latest.objects.filter(datastream__asset_id=OuterRef("pk"), value__isnull=False)
        return Q(asset_type_id__in=observed) & Q(Exists(sub))
    if attr in NOT_QUERYABLE or not ngsi.ATTRIBUTE_NAME.match(attr) or "__" in attr:
        return NEVER
    return _term_condition(types, ngsi.Term(attr))


# ---------------------------------------------------------------------------------------
# Reading rows

_in_clause = ids_clause  # a page holds up to 1,000 entities: their ids go as one parameter


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _readings(asset_ids, sys_attrs: bool = False) -> dict[int, list[tuple]]:
    """Newest reading of every datastream of these assets, in one query, as tuples in
    ngsi.Reading's order (building 10,000 objects would cost more than the query)."""
    out: dict[int, list[tuple]] = {}
    if not asset_ids:
        return out
    where, params = _in_clause("d.asset_id", asset_ids)
    if sys_attrs:
        sql = ("SELECT d.quantity_id, d.unit, l.t, l.value, l.status, l.received, d.created_at, d.asset_id "
               f"FROM hub_datastream d JOIN hub_latest l ON l.datastream_id = d.id WHERE {where}")
    else:  # the row itself is the reading (asset_id rides in the place of `received`, unused here)
        sql = ("SELECT d.quantity_id, d.unit, l.t, l.value, l.status, d.asset_id "
               f"FROM hub_datastream d JOIN hub_latest l ON l.datastream_id = d.id WHERE {where}")
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    for row in rows:
        if sys_attrs:
            asset_id, row = row[7], (*row[:6], _as_datetime(row[6]))
        else:
            asset_id = row[5]
        bucket = out.get(asset_id)
        if bucket is None:
            out[asset_id] = [row]
        else:
            bucket.append(row)
    return out


def _fields(sys_attrs: bool) -> tuple:
    return ASSET_FIELDS if sys_attrs else ASSET_FIELDS[:-2]


def _json(value):
    if value is None or isinstance(value, (dict, list)):
        return value
    if value == "{}":
        return {}
    return orjson.loads(value)


def _fetch_assets(qs, sys_attrs: bool) -> list[tuple]:
    """Rows of ASSET_FIELDS for a (sliced) queryset. The ORM writes the SQL; the rows are
    read with the cursor, decoding only the two JSON columns (and times if asked)."""
    try:
        sql, params = qs.values_list(*_fields(sys_attrs)).query.sql_with_params()
    except EmptyResultSet:  # a condition that can never hold (e.g. an unknown type)
        return []
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    out = []
    for row in rows:
        row = list(row)
        row[6], row[8] = _json(row[6]), _json(row[8])
        if sys_attrs:
            row[10], row[11] = _as_datetime(row[10]), _as_datetime(row[11])
        out.append(row)
    return out


def _asset_row(types: _Types, row: tuple) -> ngsi.AssetRow:
    """An AssetRow from a values_list row in ASSET_FIELDS order."""
    code = row[2]
    return ngsi.AssetRow(row[1], types.by_code.get(code) or ngsi.ngsi_type_for(code), row[3], row[4], row[5], row[6],
                         row[7], row[8] or {}, row[9], *(row[10:12] if len(row) > 10 else ()))


def _entities_for(types: _Types, rows: list[tuple], attrs: set | None, sys_attrs: bool) -> list[dict]:
    readings = _readings([r[0] for r in rows], sys_attrs)
    build, empty = ngsi.build_entity, ()
    if not sys_attrs:  # the page builder: one plan of attribute names per shape of entity
        return ngsi.build_entities([_asset_row(types, r) for r in rows], [readings.get(r[0], empty) for r in rows], attrs)
    return [build(_asset_row(types, r), readings.get(r[0], empty), attrs, sys_attrs) for r in rows]


class _NoGC:
    """Pause the cyclic garbage collector while a large answer is built: tens of thousands
    of new dicts and tuples (none in a cycle) would otherwise trigger full collections
    that walk every object of the process, a third of the time of a 1,000-entity page."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


def _shape(entities: list[dict], fmt: str, simplified: bool):
    if fmt == "geo":
        return {"type": "FeatureCollection", "features": [ngsi.geojson_feature(e, simplified) for e in entities]}
    if simplified:
        return [ngsi.key_values(e) for e in entities]
    return entities


def _int_param(params, name: str, default: int) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit():
        raise bad_request(N_("%(name)s must be a whole number of zero or more."), field=name, name=name)
    return int(text)


def _bool_param(params, name: str) -> bool:
    text = (params.get(name) or "false").lower()
    if text not in ("true", "false"):
        raise bad_request(N_("%(name)s must be true or false."), field=name, name=name)
    return text == "true"


def _type_names(text: str | None) -> list[list[str]] | None:
    """type=A,B or A|B (either), A;B (both: only equal names can match one entity)."""
    if not text:
        return None
    out = []
    for alternative in text.replace("|", ",").split(","):
        names = [ngsi.compact_term(n.strip("() ")) for n in alternative.split(";") if n.strip("() ")]
        if names:
            out.append(names)
    return out


# ---------------------------------------------------------------------------------------
# Views

@ngsi_endpoint
def entities(request):
    """GET /entities: query by type, id, idPattern, attrs, q and geo-query, paged."""
    fmt = _negotiate(request, geo=True)
    p = request.GET
    user = _user(request)
    options = ngsi.parse_options(p.get("options"), p.get("format"))
    simplified, sys_attrs = "keyValues" in options, "sysAttrs" in options
    type_names = _type_names(p.get("type"))
    ids = ngsi.split_list(p.get("id"))
    id_pattern = p.get("idPattern") or None
    attrs = [ngsi.compact_term(a) for a in ngsi.split_list(p.get("attrs"))]
    q_tree = ngsi.parse_q(p["q"]) if "q" in p else None
    geo = ngsi.parse_geoquery(p.get("georel"), p.get("geometry"), p.get("coordinates"), p.get("geoproperty"))
    limit = _int_param(p, "limit", ngsi.DEFAULT_LIMIT)
    offset = _int_param(p, "offset", 0)
    count = _bool_param(p, "count")
    if limit > ngsi.MAX_LIMIT:
        raise NgsiError(ngsi.TOO_MANY, N_("limit may be at most %(max)s."), 400, "limit", max=ngsi.MAX_LIMIT)
    if limit == 0 and not count:
        raise bad_request(N_("limit=0 is only allowed with count=true."), field="limit")
    if not (type_names or ids or id_pattern or attrs or q_tree or geo):
        raise bad_request(N_("A query needs at least one of type, id, idPattern, attrs, q or a geo-query."), field="type")
    if id_pattern:
        ngsi.check_pattern(id_pattern, "idPattern")

    types = _Types()
    qs = visible(Asset.objects.all(), user)
    if type_names is not None:
        wanted = {names[0] for names in type_names if len(set(names)) == 1}
        qs = qs.filter(asset_type_id__in=types.codes(wanted))
    if ids:
        cond = NEVER
        by_type: dict[str, list[str]] = {}
        for text in ids:
            parsed = ngsi.parse_entity_id(text)
            if parsed:
                by_type.setdefault(parsed[0], []).append(parsed[1])
        for ngsi_type, slugs in by_type.items():
            cond = cond | Q(asset_type_id__in=types.codes([ngsi_type]), slug__in=slugs)
        qs = qs.filter(cond)
    if id_pattern:
        qs = qs.alias(ngsi_id=Concat(Value(ngsi.URN_PREFIX), F("asset_type__ngsi_type"), Value(":"), F("slug"),
                                     output_field=CharField())).filter(ngsi_id__regex=id_pattern)
    if attrs:
        cond = NEVER
        for attr in attrs:
            cond = cond | _has_attribute(types, attr)
        qs = qs.filter(cond)
    if q_tree is not None:
        qs = qs.filter(_q_condition(types, q_tree))
    qs = qs.order_by("slug")

    # a pattern Python accepts may still be refused by PostgreSQL's regex engine
    # ((?P<name>...), for one): answer 400, in a savepoint so the connection stays usable
    guard = transaction.atomic() if (id_pattern or (q_tree is not None and "~=" in p["q"])) else nullcontext()
    with _NoGC():
        try:
            with guard:
                rows, total = _run_query(qs, geo, offset, limit, count, sys_attrs)
        except DataError:
            raise bad_request(N_("The database cannot evaluate one of the patterns of this query."),
                              field="idPattern" if id_pattern else "q") from None
        headers = {"NGSILD-Results-Count": str(total)} if count else None
        if not sys_attrs:
            return _answer_encoded(_encoded_entities(types, rows, set(attrs) if attrs else None, fmt, simplified), fmt, headers)
        result = _entities_for(types, rows, set(attrs) if attrs else None, sys_attrs)
        return _answer(_shape(result, fmt, simplified), fmt, headers=headers)


# Encoded entities kept between requests, per (asset, answer form): an entity is encoded
# again only when its asset row or one of its newest readings differs from the ones it was
# encoded from. Building and encoding 1,000 entities of 10 attributes was most of the time
# of a page; comparing their rows is a small part of it. (sysAttrs answers, which carry
# times of the request, are always built.)
_ENCODED: dict[tuple, tuple] = {}
_ENCODED_MAX = 200_000


def _encoded_entities(types: _Types, rows: list, attrs: set | None, fmt: str, simplified: bool) -> list[bytes]:
    if not rows:
        return []
    # the newest readings as numbers only (no text to decode); quantity and unit come from
    # the hub's per-datastream cache (queries._FRAGMENTS) when an entity must be rebuilt
    where, params = _in_clause("d.asset_id", [r[0] for r in rows])
    with connection.cursor() as cur:
        cur.execute("SELECT d.asset_id, l.datastream_id, l.t, l.value, l.status "
                    f"FROM hub_datastream d JOIN hub_latest l ON l.datastream_id = d.id WHERE {where}", params)
        found = cur.fetchall()
        meta = queries.latest_meta(cur)
    readings: dict = {}
    for r in found:
        bucket = readings.get(r[0])
        if bucket is None:
            readings[r[0]] = [r]
        else:
            bucket.append(r)
    variant = (fmt, simplified, frozenset(attrs) if attrs else None)
    if len(_ENCODED) > _ENCODED_MAX:
        _ENCODED.clear()
    out, missing, empty = [], [], []
    for i, row in enumerate(rows):
        key = (row[0], variant)
        source = (types.by_code.get(row[2]), row, readings.get(row[0], empty))
        hit = _ENCODED.get(key)
        if hit is not None and hit[0] == source:
            out.append(hit[1])
        else:
            out.append(None)
            missing.append((i, key, source))
    if missing:
        try:
            full = [[(meta[ds][5], meta[ds][6], t, value, status, aid) for aid, ds, t, value, status in m[2][2]] for m in missing]
        except KeyError:  # a datastream made since the cache was loaded
            with connection.cursor() as cur:
                meta = queries.latest_meta(cur, force=True)
            full = [[(meta[ds][5], meta[ds][6], t, value, status, aid) for aid, ds, t, value, status in m[2][2]] for m in missing]
        built = ngsi.build_entities([_asset_row(types, m[2][1]) for m in missing], full, attrs)
        for (i, key, source), entity in zip(missing, built):
            if fmt == "geo":
                item = ngsi.geojson_feature(entity, simplified)
            else:
                item = ngsi.key_values(entity) if simplified else entity
                if fmt == "ld":
                    item = {**item, "@context": ngsi.CORE_CONTEXT_URL}
            encoded = orjson.dumps(item)
            _ENCODED[key] = (source, encoded)
            out[i] = encoded
    return out


def _answer_encoded(parts: list[bytes], fmt: str, headers: dict | None) -> HttpResponse:
    """`_answer` for entities already encoded one by one."""
    items = b"[" + b",".join(parts) + b"]"
    if fmt == "geo":
        body, ctype = b'{"type":"FeatureCollection","features":' + items + b"}", "application/geo+json"
    else:
        body, ctype = items, ("application/ld+json" if fmt == "ld" else "application/json")
    response = HttpResponse(body, content_type=ctype)
    if fmt != "ld":
        response["Link"] = _link_header()
    response["Vary"] = "Accept"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _run_query(qs, geo, offset: int, limit: int, count: bool, sys_attrs: bool) -> tuple[list, int | None]:
    """One page of asset rows (and the total when asked or known)."""
    total = None
    if geo is None:
        if count:
            total = qs.count()
        rows = _fetch_assets(qs[offset:offset + limit], sys_attrs) if limit else []
    else:
        box = geo.bbox()
        if box is not None:
            min_lon, min_lat, max_lon, max_lat = box
            qs = qs.filter(Q(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)
                           | Q(latitude__isnull=True, geometry__isnull=False) | Q(longitude__isnull=True, geometry__isnull=False))
        matched = [pk for pk, lat, lon, geom in qs.values_list("id", "latitude", "longitude", "geometry")
                   if geo.matches(ngsi.location_geometry(ngsi.AssetRow("", "", latitude=lat, longitude=lon, geometry=geom)))]
        total = len(matched)
        page_ids = matched[offset:offset + limit]
        by_id = {r[0]: r for r in _fetch_assets(Asset.objects.filter(id__in=page_ids), sys_attrs)} if page_ids else {}
        rows = [by_id[pk] for pk in page_ids if pk in by_id]
    return rows, total


def _find_asset(request, types: _Types, entity_id: str, type_param: str | None = None) -> tuple:
    parsed = ngsi.parse_entity_id(entity_id)
    not_found = NgsiError(ngsi.NOT_FOUND, N_("No entity with id %(id)s."), 404, "id", id=entity_id)
    if parsed is None:
        raise not_found
    ngsi_type, slug = parsed
    if type_param and ngsi.compact_term(type_param) != ngsi_type:
        raise not_found
    codes = types.codes([ngsi_type])
    if not codes:
        raise not_found
    rows = _fetch_assets(visible(Asset.objects.all(), _user(request)).filter(slug=slug, asset_type_id__in=codes)[:1], True)
    if not rows:
        raise not_found
    return rows[0]


@ngsi_endpoint
def entity(request, entity_id: str):
    """GET /entities/{id}."""
    fmt = _negotiate(request, geo=True)
    p = request.GET
    options = ngsi.parse_options(p.get("options"), p.get("format"))
    attrs = [ngsi.compact_term(a) for a in ngsi.split_list(p.get("attrs"))]
    types = _Types()
    row = _find_asset(request, types, entity_id, p.get("type"))
    sys_attrs = "sysAttrs" in options
    result = _entities_for(types, [row], set(attrs) if attrs else None, sys_attrs)[0]
    if attrs and not any(a in result for a in attrs):
        raise NgsiError(ngsi.NOT_FOUND, N_("The entity %(id)s has none of the requested attributes."), 404, "attrs", id=entity_id)
    simplified = "keyValues" in options
    if fmt == "geo":
        return _answer(ngsi.geojson_feature(result, simplified), fmt)
    return _answer(ngsi.key_values(result) if simplified else result, fmt)


# ---------------------------------------------------------------------------------------
# Temporal

def _time_bounds(tq: ngsi.TemporalQuery, column: str) -> tuple[str, list]:
    sql, params = "", []
    if tq.start is not None:
        sql += f" AND {column} >= %s"
        params.append(tq.start)
    if tq.end is not None:
        sql += f" AND {column} < %s"
        params.append(tq.end)
    return sql, params


def _raw_instances(ds_id: int, tq: ngsi.TemporalQuery, cap: int) -> tuple[list, bool]:
    bounds, params = _time_bounds(tq, "t")
    want = min(tq.last_n, cap) if tq.last_n else cap
    order = "DESC" if tq.last_n else "ASC"
    sql = (f"SELECT t, value, status FROM hub_observation WHERE datastream_id = %s{bounds} "
           f"ORDER BY t {order} LIMIT %s")
    with connection.cursor() as cur:
        cur.execute(sql, [ds_id, *params, want + 1])
        rows = cur.fetchall()
    truncated = len(rows) > want and (not tq.last_n or tq.last_n > cap)
    rows = rows[:want]
    if tq.last_n:
        rows.reverse()
    return rows, truncated


def _aggregate_buckets(ds_id: int, tq: ngsi.TemporalQuery, cap: int) -> tuple[list, bool]:
    """Buckets (start, end, n, total, min, max) of VALID readings. PT1H/P1D (and their
    multiples) come from the hourly/daily rollups when the range is aligned to them."""
    period = tq.period
    if period == 0:
        bounds, params = _time_bounds(tq, "t")
        sql = ("SELECT COUNT(value), SUM(value), MIN(value), MAX(value), MIN(t), MAX(t) FROM hub_observation "
               f"WHERE datastream_id = %s AND status = 0 AND value IS NOT NULL{bounds}")
        with connection.cursor() as cur:
            cur.execute(sql, [ds_id, *params])
            n, total, lo, hi, first, last = cur.fetchone()
        if not n:
            return [], False
        start = tq.start if tq.start is not None else first
        end = tq.end if tq.end is not None else last
        return [(start, end, n, total, lo, hi)], False
    offset = ngsi.DAY_OFFSET
    if period % 86400 == 0 and ngsi.aligned(tq.start, 86400) and ngsi.aligned(tq.end, 86400):
        source, column, n_expr = "hub_rollup_day", "bucket", "SUM(n), SUM(total), MIN(vmin), MAX(vmax)"
    elif period % 3600 == 0 and ngsi.aligned(tq.start, 3600) and ngsi.aligned(tq.end, 3600):
        source, column, n_expr = "hub_rollup_hour", "bucket", "SUM(n), SUM(total), MIN(vmin), MAX(vmax)"
    else:
        source, column, n_expr = "hub_observation", "t", "COUNT(value), SUM(value), MIN(value), MAX(value)"
    bounds, params = _time_bounds(tq, column)
    valid = " AND status = 0 AND value IS NOT NULL" if source == "hub_observation" else ""
    want = min(tq.last_n, cap) if tq.last_n else cap
    order = "DESC" if tq.last_n else "ASC"
    bucket = f"({column} - (({column} + {int(offset)}) %% {int(period)}))"  # %% is one % for the driver
    sql = (f"SELECT {bucket} AS b, {n_expr} FROM {source} WHERE datastream_id = %s{valid}{bounds} "
           f"GROUP BY {bucket} ORDER BY b {order} LIMIT %s")
    with connection.cursor() as cur:
        cur.execute(sql, [ds_id, *params, want + 1])
        rows = cur.fetchall()
    truncated = len(rows) > want and (not tq.last_n or tq.last_n > cap)
    rows = rows[:want]
    if tq.last_n:
        rows.reverse()
    return [(b, b + period, n, total, lo, hi) for b, n, total, lo, hi in rows], truncated


@ngsi_endpoint
def temporal_entity(request, entity_id: str):
    """GET /temporal/entities/{id}: the history of the measured attributes."""
    fmt = _negotiate(request)
    p = request.GET
    options = ngsi.parse_options(p.get("options"), p.get("format"))
    aggregated = "aggregatedValues" in options or bool(p.get("aggrMethods"))
    tq = ngsi.parse_temporal(p.get("timerel"), p.get("timeAt"), p.get("endTimeAt"), p.get("lastN"), p.get("aggrMethods"),
                             p.get("aggrPeriodDuration"), p.get("timeproperty"), aggregated)
    attrs = {ngsi.compact_term(a) for a in ngsi.split_list(p.get("attrs"))}
    types = _Types()
    row = _find_asset(request, types, entity_id, p.get("type"))
    ngsi_type = types.by_code.get(row[2]) or ngsi.ngsi_type_for(row[2])
    body: dict = {"id": ngsi.entity_id(ngsi_type, row[1]), "type": ngsi_type}
    streams = sorted(Datastream.objects.filter(asset_id=row[0]).values_list("id", "quantity_id", "unit"), key=lambda s: s[1])
    simplified = "keyValues" in options
    cap = ngsi.TEMPORAL_MAX_INSTANCES
    with _NoGC():  # up to 10,000 instances per attribute
        seen, truncated_any, first_t, last_t = set(), False, None, None
        for ds_id, quantity, unit in streams:
            name = ngsi.attribute_name(ngsi_type, quantity)
            if name in seen:
                name = quantity
            seen.add(name)
            if attrs and name not in attrs:
                continue
            if tq.methods:
                buckets, truncated = _aggregate_buckets(ds_id, tq, cap)
                if not buckets:
                    continue
                body[name] = {"type": "Property", **ngsi.aggregate_values(quantity, tq.methods, buckets, tq.period)}
                times = [buckets[0][0], buckets[-1][0]]
            else:
                rows, truncated = _raw_instances(ds_id, tq, cap)
                instances = [(t, ngsi.temporal_instance(quantity, unit, t, value, status, ngsi_type)) for t, value, status in rows]
                instances = [(t, inst) for t, inst in instances if inst is not None]
                if not instances:
                    continue
                if simplified:
                    body[name] = {"type": "Property", "values": [[inst["value"], inst["observedAt"]] for _t, inst in instances]}
                else:
                    body[name] = [inst for _t, inst in instances]
                times = [instances[0][0], instances[-1][0]]
            if truncated:
                truncated_any = True
                first_t = times[0] if first_t is None else min(first_t, times[0])
                last_t = times[1] if last_t is None else max(last_t, times[1])
        if truncated_any:
            content_range = f"date-time {ngsi.iso_utc(first_t)}-{ngsi.iso_utc(last_t)}/*"
            return _answer(body, fmt, status=206, headers={"Content-Range": content_range})
        return _answer(body, fmt)


# ---------------------------------------------------------------------------------------
# Types and attributes

def _catalog(user, types: _Types) -> dict:
    """{ngsi_type: {"count": n, "attrs": {name: [entity_count, attribute_type]}}} over the
    entities the user can see."""
    assets = visible(Asset.objects.all(), user)
    catalog: dict[str, dict] = {}
    for code, n in assets.values_list("asset_type_id").annotate(n=Count("id")).order_by():
        nt = types.by_code.get(code) or ngsi.ngsi_type_for(code)
        entry = catalog.setdefault(nt, {"count": 0, "attrs": {}})
        entry["count"] += n

    def add(nt, name, n, kind="Property"):
        slot = catalog.setdefault(nt, {"count": 0, "attrs": {}})["attrs"].setdefault(name, [0, kind])
        slot[0] += n

    for code, name, address, lat, lon, geom, props in assets.values_list(
            "asset_type_id", "name", "address", "latitude", "longitude", "geometry", "properties"):
        nt = types.by_code.get(code) or ngsi.ngsi_type_for(code)
        if name:
            add(nt, "name", 1)
        if address:
            add(nt, "address", 1)
        if ngsi.location_geometry(ngsi.AssetRow("", nt, latitude=lat, longitude=lon, geometry=geom)) is not None:
            add(nt, "location", 1, "GeoProperty")
        add(nt, "dataProvider", 1)
        for key in ngsi.property_attribute_names(props):
            add(nt, key, 1, "Relationship" if ngsi.is_relationship(key, props[key]) else "Property")
    # one datastream per (asset, quantity): counting rows counts entities
    measured = (Datastream.objects.filter(asset__in=assets, latest__value__isnull=False)
                .values_list("asset__asset_type_id", "quantity_id").annotate(n=Count("id")).order_by())
    for code, quantity, n in measured:
        nt = types.by_code.get(code) or ngsi.ngsi_type_for(code)
        add(nt, ngsi.attribute_name(nt, quantity), n)
    observed = [code for code, nt in types.by_code.items() if nt.endswith("Observed")]
    if observed:
        with_readings = (assets.filter(asset_type_id__in=observed)
                         .filter(Exists(Latest.objects.filter(datastream__asset_id=OuterRef("pk"), value__isnull=False)))
                         .values_list("asset_type_id").annotate(n=Count("id")).order_by())
        for code, n in with_readings:
            add(types.by_code[code], "dateObserved", n)
    return {nt: entry for nt, entry in catalog.items() if entry["count"]}


def _list_id(kind: str, names) -> str:
    digest = hashlib.sha1("\n".join(names).encode("utf-8")).hexdigest()[:16]
    return f"urn:ngsi-ld:{kind}:{digest}"


@ngsi_endpoint
def types_list(request):
    """GET /types (details=true for the attribute names of each type)."""
    fmt = _negotiate(request)
    details = _bool_param(request.GET, "details")
    types = _Types()
    user = _user(request)
    if not details:
        counts = visible(Asset.objects.all(), user).values_list("asset_type_id", flat=True).distinct().order_by()
        names = sorted({types.by_code.get(code) or ngsi.ngsi_type_for(code) for code in counts})
        return _answer({"id": _list_id("EntityTypeList", names), "type": "EntityTypeList", "typeList": names}, fmt)
    catalog = _catalog(user, types)
    body = [{"id": ngsi.expand_term(nt), "type": "EntityType", "typeName": nt, "attributeNames": sorted(entry["attrs"])}
            for nt, entry in sorted(catalog.items())]
    return _answer(body, fmt)


@ngsi_endpoint
def type_detail(request, type_name: str):
    """GET /types/{type}: entity count and attribute details of one type."""
    fmt = _negotiate(request)
    nt = ngsi.compact_term(type_name)
    catalog = _catalog(_user(request), _Types())
    entry = catalog.get(nt)
    if entry is None:
        raise NgsiError(ngsi.NOT_FOUND, N_("No entity of type %(type)s."), 404, "type", type=nt)
    body = {"id": ngsi.expand_term(nt), "type": "EntityTypeInfo", "typeName": nt, "entityCount": entry["count"],
            "attributeDetails": [{"id": ngsi.expand_term(name), "type": "Attribute", "attributeName": name,
                                  "attributeTypes": [kind]} for name, (_n, kind) in sorted(entry["attrs"].items())]}
    return _answer(body, fmt)


def _attributes(catalog: dict) -> dict:
    out: dict[str, dict] = {}
    for nt, entry in catalog.items():
        for name, (n, kind) in entry["attrs"].items():
            slot = out.setdefault(name, {"count": 0, "kinds": set(), "types": set()})
            slot["count"] += n
            slot["kinds"].add(kind)
            slot["types"].add(nt)
    return out


@ngsi_endpoint
def attributes_list(request):
    """GET /attributes (details=true for the types that use each attribute)."""
    fmt = _negotiate(request)
    details = _bool_param(request.GET, "details")
    attributes = _attributes(_catalog(_user(request), _Types()))
    if not details:
        names = sorted(attributes)
        return _answer({"id": _list_id("AttributeList", names), "type": "AttributeList", "attributeList": names}, fmt)
    body = [{"id": ngsi.expand_term(name), "type": "Attribute", "attributeName": name, "typeNames": sorted(a["types"])}
            for name, a in sorted(attributes.items())]
    return _answer(body, fmt)


@ngsi_endpoint
def attribute_detail(request, attr_name: str):
    """GET /attributes/{attr}."""
    fmt = _negotiate(request)
    name = ngsi.compact_term(attr_name)
    a = _attributes(_catalog(_user(request), _Types())).get(name)
    if a is None:
        raise NgsiError(ngsi.NOT_FOUND, N_("No entity has the attribute %(name)s."), 404, "attr", name=name)
    body = {"id": ngsi.expand_term(name), "type": "Attribute", "attributeName": name, "attributeCount": a["count"],
            "attributeTypes": sorted(a["kinds"]), "typeNames": sorted(a["types"])}
    return _answer(body, fmt)


@ngsi_endpoint
def core_context(request):
    """The built-in core @context, served from the package (closed networks can use it)."""
    response = HttpResponse(orjson.dumps(ngsi.core_context()), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@csrf_exempt
def not_found(request, rest: str = ""):
    """Any other path under /ngsi-ld/v1/ answers in ProblemDetails too."""
    return _error_response(NgsiError(ngsi.NOT_FOUND, N_("Unknown NGSI-LD path: %(path)s"), 404, None, path=request.path))

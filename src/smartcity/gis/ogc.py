"""OGC API - Features Part 1 (Core): parameter parsing and links, with no Django import.

Every parser raises `OgcParamError(parameter, message)` on a value the API definition does
not allow; the views turn it into a 400 with the platform's problem shape
(/req/core/query-param-invalid).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode

CONF_CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
CONF_GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
CONF_OAS30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
CONF_HTML = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"
CONFORMANCE = [CONF_CORE, CONF_GEOJSON, CONF_OAS30, CONF_HTML]

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CRS84H = "http://www.opengis.net/def/crs/OGC/0/CRS84h"

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"

LIMIT_DEFAULT = 10
LIMIT_MAX = 10000

# Parameters each resource accepts; anything else is a 400 (/req/core/query-param-unknown).
ITEMS_PARAMS = frozenset({"f", "bbox", "bbox-crs", "datetime", "limit", "offset"})
OTHER_PARAMS = frozenset({"f"})


class OgcParamError(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class BBox:
    """A CRS84 box; `minx > maxx` means it crosses the antimeridian."""

    minx: float
    miny: float
    maxx: float
    maxy: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.minx > self.maxx

    def parts(self) -> list[tuple[float, float, float, float]]:
        """One box, or two when it crosses the antimeridian."""
        if self.crosses_antimeridian:
            return [(self.minx, self.miny, 180.0, self.maxy), (-180.0, self.miny, self.maxx, self.maxy)]
        return [(self.minx, self.miny, self.maxx, self.maxy)]


def _number(parameter: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise OgcParamError(parameter, f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise OgcParamError(parameter, f"'{text}' is not a finite number")
    return value


def parse_bbox(value: str | None, crs: str | None = None) -> BBox | None:
    """`minx,miny,maxx,maxy` or `minx,miny,minz,maxx,maxy,maxz` in CRS84 (heights ignored)."""
    if value is None:
        if crs is not None:
            raise OgcParamError("bbox-crs", "bbox-crs given without bbox")
        return None
    if crs not in (None, "", CRS84, CRS84H):
        raise OgcParamError("bbox-crs", f"only {CRS84} is supported")
    parts = [p.strip() for p in value.split(",")]
    if len(parts) not in (4, 6):
        raise OgcParamError("bbox", f"expected 4 or 6 numbers, got {len(parts)}")
    numbers = [_number("bbox", p) for p in parts]
    if len(numbers) == 6:
        minx, miny, minz, maxx, maxy, maxz = numbers
        if minz > maxz:
            raise OgcParamError("bbox", "the lower height is above the upper height")
    else:
        minx, miny, maxx, maxy = numbers
    for x in (minx, maxx):
        if not -180 <= x <= 180:
            raise OgcParamError("bbox", f"longitude {x} outside -180..180")
    for y in (miny, maxy):
        if not -90 <= y <= 90:
            raise OgcParamError("bbox", f"latitude {y} outside -90..90")
    if miny > maxy:
        raise OgcParamError("bbox", "the southern edge is north of the northern edge")
    return BBox(minx, miny, maxx, maxy)


def _instant(text: str, *, end: bool) -> datetime:
    """An RFC 3339 date-time (UTC if no offset) or a date (its whole day)."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
            return moment
        moment = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise OgcParamError("datetime", f"'{text}' is not an RFC 3339 date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_datetime(value: str | None) -> tuple[datetime | None, datetime | None] | None:
    """An instant (`2025-07-01`, `2025-07-01T00:00:00Z`) or an interval `start/end` where
    either end may be `..` or empty (open). Returns (start, end), None for an open end;
    None when the parameter is absent. A date as an instant means that whole day."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise OgcParamError("datetime", "empty value")
    if "/" not in value:
        return _instant(value, end=False), _instant(value, end=True)
    if value.count("/") != 1:
        raise OgcParamError("datetime", "an interval has exactly one '/'")
    left, right = value.split("/")
    start = None if left in ("", "..") else _instant(left, end=False)
    finish = None if right in ("", "..") else _instant(right, end=True)
    if start is None and finish is None:
        raise OgcParamError("datetime", "an interval needs at least one bound")
    if start is not None and finish is not None and start > finish:
        raise OgcParamError("datetime", "the interval ends before it starts")
    return start, finish


def _integer(parameter: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise OgcParamError(parameter, f"'{value}' is not an integer") from None


def parse_limit(value: str | None, default: int = LIMIT_DEFAULT, maximum: int = LIMIT_MAX) -> int:
    if value is None:
        return default
    limit = _integer("limit", value)
    if not 1 <= limit <= maximum:
        raise OgcParamError("limit", f"must be between 1 and {maximum}")
    return limit


def parse_offset(value: str | None) -> int:
    if value is None:
        return 0
    offset = _integer("offset", value)
    if offset < 0:
        raise OgcParamError("offset", "must not be negative")
    return offset


def check_params(names, allowed: frozenset) -> None:
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise OgcParamError(unknown[0], "unknown parameter")


def choose_format(f: str | None, accept: str | None) -> str:
    """'json' or 'html': `f` wins; otherwise HTML only when the Accept header ranks text/html
    above every JSON type (browsers); clients sending */* or nothing get JSON."""
    if f is not None:
        f = f.strip().lower()
        if f in ("json", "geojson", "application/json", GEOJSON):
            return "json"
        if f in ("html", HTML):
            return "html"
        raise OgcParamError("f", "use f=json or f=html")
    best_html = best_json = 0.0
    for item in (accept or "").split(","):
        fields = [p.strip() for p in item.split(";")]
        media = fields[0].lower()
        q = 1.0
        for p in fields[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media in (HTML, "application/xhtml+xml"):
            best_html = max(best_html, q)
        elif media in (JSON, GEOJSON) or media.endswith("+json"):
            best_json = max(best_json, q)
    return "html" if best_html > best_json else "json"


def url_with(base: str, params: dict) -> str:
    """`base` with these query parameters (None values left out)."""
    query = urlencode([(k, v) for k, v in params.items() if v is not None])
    return f"{base}?{query}" if query else base


def link(href: str, rel: str, type_: str, title: str | None = None) -> dict:
    out = {"href": href, "rel": rel, "type": type_}
    if title:
        out["title"] = title
    return out


def self_links(base: str, params: dict, fmt: str, json_type: str = JSON, titles=("This document as JSON", "This document as HTML")) -> list[dict]:
    """The `self` link in the format served and the `alternate` in the other one."""
    as_json = link(url_with(base, {**params, "f": "json"}), "self" if fmt == "json" else "alternate", json_type, titles[0])
    as_html = link(url_with(base, {**params, "f": "html"}), "self" if fmt == "html" else "alternate", HTML, titles[1])
    return [as_json, as_html] if fmt == "json" else [as_html, as_json]


def paging_links(base: str, params: dict, *, offset: int, limit: int, matched: int, fmt: str, json_type: str = GEOJSON) -> list[dict]:
    """`next` while features remain, `prev` after the first page, in the served format."""
    type_ = json_type if fmt == "json" else HTML
    links = []
    if offset + limit < matched:
        links.append(link(url_with(base, {**params, "limit": limit, "offset": offset + limit, "f": fmt}), "next", type_, "Next page"))
    if offset > 0:
        links.append(link(url_with(base, {**params, "limit": limit, "offset": max(0, offset - limit), "f": fmt}), "prev", type_, "Previous page"))
    return links


def timestamp(now: datetime) -> str:
    return now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def interval_overlaps(valid_from, valid_to, start, end) -> bool:
    """Does a feature's validity [valid_from, valid_to] (None = open) meet [start, end]?"""
    if start is not None and valid_to is not None and valid_to < start:
        return False
    return not (end is not None and valid_from is not None and valid_from > end)



def _param(name: str, description: str, schema: dict, style: str | None = None, explode: bool | None = None) -> dict:
    out = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if style:
        out["style"] = style
    if explode is not None:
        out["explode"] = explode
    return out


def _ok(description: str, media: dict) -> dict:
    return {"200": {"description": description, "content": media}, "400": {"$ref": "#/components/responses/Problem"}}


def openapi(server: str, collections: list[tuple[str, str]]) -> dict:
    """The OpenAPI 3.0 definition of these resources; `server` is the absolute /ogc base
    (no trailing slash), `collections` (id, title) pairs for the collectionId enum."""
    f = {"$ref": "#/components/parameters/f"}
    json_or_html = {JSON: {"schema": {"type": "object"}}, HTML: {"schema": {"type": "string"}}}
    geojson_or_html = {GEOJSON: {"schema": {"type": "object"}}, HTML: {"schema": {"type": "string"}}}
    collection_id = {"name": "collectionId", "in": "path", "required": True, "description": "The layer's key",
                     "schema": {"type": "string", **({"enum": [c for c, _ in collections]} if collections else {})}}
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}}
    not_found = {"404": {"$ref": "#/components/responses/Problem"}}
    return {
        "openapi": "3.0.2",
        "info": {"title": "Binh Duong GIS: OGC API - Features", "version": "1.0.0",
                 "description": "OGC API - Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) for the published layers."},
        "servers": [{"url": server}],
        "paths": {
            "/": {"get": {"operationId": "getLandingPage", "summary": "Landing page", "tags": ["Capabilities"],
                          "parameters": [f], "responses": _ok("Links to the API", json_or_html)}},
            "/conformance": {"get": {"operationId": "getConformanceDeclaration", "summary": "Conformance classes",
                                     "tags": ["Capabilities"], "parameters": [f],
                                     "responses": _ok("The conformance classes", json_or_html)}},
            "/api": {"get": {"operationId": "getApi", "summary": "This API definition", "tags": ["Capabilities"],
                             "parameters": [f],
                             "responses": _ok("OpenAPI 3.0", {OPENAPI_JSON: {"schema": {"type": "object"}},
                                                               HTML: {"schema": {"type": "string"}}})}},
            "/collections": {"get": {"operationId": "getCollections", "summary": "The published layers",
                                     "tags": ["Capabilities"], "parameters": [f],
                                     "responses": _ok("The collections", json_or_html)}},
            "/collections/{collectionId}": {"get": {
                "operationId": "describeCollection", "summary": "One layer", "tags": ["Capabilities"],
                "parameters": [collection_id, f],
                "responses": {**_ok("The collection", json_or_html), **not_found}}},
            "/collections/{collectionId}/items": {"get": {
                "operationId": "getFeatures", "summary": "The layer's features", "tags": ["Data"],
                "parameters": [collection_id, {"$ref": "#/components/parameters/bbox"},
                               {"$ref": "#/components/parameters/bbox-crs"}, {"$ref": "#/components/parameters/datetime"},
                               {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}, f],
                "responses": {**_ok("A GeoJSON FeatureCollection (numberMatched, numberReturned, next/prev links)",
                                    geojson_or_html), **not_found}}},
            "/collections/{collectionId}/items/{featureId}": {"get": {
                "operationId": "getFeature", "summary": "One feature", "tags": ["Data"],
                "parameters": [collection_id, feature_id, f],
                "responses": {**_ok("A GeoJSON Feature", geojson_or_html), **not_found}}},
        },
        "components": {
            "parameters": {
                "f": _param("f", "The format of the response", {"type": "string", "enum": ["json", "html"]}),
                "bbox": _param("bbox", "minx,miny,maxx,maxy (or with heights: minx,miny,minz,maxx,maxy,maxz) in CRS84; "
                               "features intersecting it", {"type": "array", "minItems": 4, "maxItems": 6,
                                                           "items": {"type": "number"}}, "form", False),
                "bbox-crs": _param("bbox-crs", "Only CRS84", {"type": "string", "format": "uri", "enum": [CRS84, CRS84H]}),
                "datetime": _param("datetime", "An instant or an interval (`..` or empty for an open end), RFC 3339; "
                                   "features valid at that time", {"type": "string"}, "form", False),
                "limit": _param("limit", "Features per page", {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX,
                                                               "default": LIMIT_DEFAULT}, "form", False),
                "offset": _param("offset", "Features skipped (paging; follow the next link)",
                                 {"type": "integer", "minimum": 0, "default": 0}, "form", False),
            },
            "responses": {"Problem": {"description": "An error (status, code, detail, errors)", "content": {
                JSON: {"schema": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "code": {"type": "string"}, "detail": {"type": "string"},
                    "errors": {"type": "array", "items": {"type": "object"}}}}}}}},
        },
    }

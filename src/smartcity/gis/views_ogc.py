"""OGC API - Features Part 1 (Core) under /ogc/ for every published layer: landing page,
conformance, collections, items (bbox, datetime, limit, offset paging), single features
and the OpenAPI 3.0 definition, each as JSON (GeoJSON for features) and HTML.

Plain Django views (no DRF) on the hot path; parameters are parsed by `smartcity.gis.ogc`
and a bad one is a 400 in the platform's problem shape. The bbox query overlaps the
stored bbox columns (`spatial.features_in_bbox`, shared with the map and the planning
check), then shapely checks the exact intersection only for the features
whose bbox crosses the window's edge (a bbox inside the window always intersects), so
`numberMatched` and the paging are exact.
"""
import json

from django.conf import settings
from django.db.models import Max, Min, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from shapely.geometry import box, shape

from smartcity.core.api.errors import json_error
from smartcity.gis import ogc, spatial
from smartcity.gis.models import Feature, Layer

JSON_DUMPS = {"ensure_ascii": False}


def _bad(err: ogc.OgcParamError):
    return json_error(400, "invalid_parameter", f"Invalid query parameter '{err.parameter}': {err.message}",
                      [{"field": err.parameter, "code": "invalid", "message": err.message}])


def _not_found(detail: str):
    return json_error(404, "not_found", detail)


def _json(data, content_type=ogc.JSON, status=200):
    return JsonResponse(data, content_type=content_type, status=status, json_dumps_params=JSON_DUMPS)


def _negotiate(request, allowed=ogc.OTHER_PARAMS) -> str:
    ogc.check_params(request.GET.keys(), allowed)
    return ogc.choose_format(request.GET.get("f"), request.headers.get("Accept"))


def _abs(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _vary(response):
    """Content negotiation by Accept; public read-only data, so any origin may read it
    (web map clients on other sites), without credentials."""
    patch_vary_headers(response, ["Accept"])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def published_layers():
    return Layer.objects.filter(published=True).order_by("key")


def _layer(collection_id):
    return published_layers().filter(key=collection_id).first()


# ---------------------------------------------------------------------------- landing
@require_safe
def landing(request):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    base = _abs(request, "ogc-landing")
    links = ogc.self_links(base, {}, fmt) + [
        ogc.link(_abs(request, "ogc-api"), "service-desc", ogc.OPENAPI_JSON, "The API definition (OpenAPI 3.0, JSON)"),
        ogc.link(ogc.url_with(_abs(request, "ogc-api"), {"f": "html"}), "service-doc", ogc.HTML, "The API documentation"),
        ogc.link(_abs(request, "ogc-conformance"), "conformance", ogc.JSON, "Conformance classes"),
        ogc.link(_abs(request, "ogc-collections"), "data", ogc.JSON, "Collections (the published layers)"),
    ]
    data = {
        "title": _("Binh Duong GIS: OGC API - Features"),
        "description": _("The published layers of the Department of Construction (administrative boundaries, "
                         "planning zones, red lines, corridors, parcels, projects, permits) as OGC API - Features."),
        "links": links,
    }
    if fmt == "html":
        return _vary(render(request, "gis/ogc/landing.html", {"data": data, "layer_count": published_layers().count()}))
    return _vary(_json(data))


@require_safe
def conformance(request):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    data = {"conformsTo": list(ogc.CONFORMANCE)}
    if fmt == "html":
        return _vary(render(request, "gis/ogc/conformance.html", {"data": data}))
    return _vary(_json(data))


# ------------------------------------------------------------------------ collections
def _extent_bbox(layer):
    ext = layer.extent
    if isinstance(ext, dict):
        ext = ext.get("bbox") or ext.get("spatial")
    if isinstance(ext, (list, tuple)) and len(ext) == 1 and isinstance(ext[0], (list, tuple)):
        ext = ext[0]
    if isinstance(ext, (list, tuple)) and len(ext) == 4 and all(isinstance(v, (int, float)) for v in ext):
        return [float(v) for v in ext]
    agg = Feature.objects.filter(layer=layer).aggregate(a=Min("minx"), b=Min("miny"), c=Max("maxx"), d=Max("maxy"))
    if agg["a"] is None:
        return None
    return [agg["a"], agg["b"], agg["c"], agg["d"]]


def _collection(request, layer, fmt_links=None) -> dict:
    base = _abs(request, "ogc-collection", layer.key)
    items = _abs(request, "ogc-items", layer.key)
    bbox = _extent_bbox(layer)
    start = layer.valid_from.isoformat() + "T00:00:00Z" if layer.valid_from else None
    end = layer.valid_to.isoformat() + "T23:59:59Z" if layer.valid_to else None
    links = (fmt_links if fmt_links is not None else [ogc.link(base, "self", ogc.JSON, layer.title)]) + [
        ogc.link(ogc.url_with(items, {"f": "json"}), "items", ogc.GEOJSON, "Features as GeoJSON"),
        ogc.link(ogc.url_with(items, {"f": "html"}), "items", ogc.HTML, "Features as HTML"),
    ]
    data = {
        "id": layer.key,
        "title": layer.title,
        "description": layer.description or layer.get_kind_display(),
        "itemType": "feature",
        "crs": [ogc.CRS84],
        "storageCrs": ogc.CRS84,
        "extent": {
            "spatial": {"bbox": [bbox] if bbox else [[-180.0, -90.0, 180.0, 90.0]], "crs": ogc.CRS84},
            "temporal": {"interval": [[start, end]], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"},
        },
        "links": links,
        "keywords": [layer.kind],
    }
    return data


@require_safe
def collections(request):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    base = _abs(request, "ogc-collections")
    layers = list(published_layers())
    data = {
        "links": ogc.self_links(base, {}, fmt),
        "collections": [_collection(request, layer) for layer in layers],
    }
    if fmt == "html":
        rows = list(zip(layers, data["collections"]))
        return _vary(render(request, "gis/ogc/collections.html", {"data": data, "rows": rows}))
    return _vary(_json(data))


@require_safe
def collection(request, collection_id):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    layer = _layer(collection_id)
    if layer is None:
        return _not_found(f"No published collection '{collection_id}'")
    base = _abs(request, "ogc-collection", layer.key)
    data = _collection(request, layer, ogc.self_links(base, {}, fmt))
    if fmt == "html":
        return _vary(render(request, "gis/ogc/collection.html", {"data": data, "layer": layer}))
    return _vary(_json(data))


# ------------------------------------------------------------------------------ items
def query_features(layer, bbox: ogc.BBox | None, interval):
    """The layer's features matching bbox (exact intersects) and datetime, ordered by id."""
    qs = Feature.objects.filter(layer=layer)
    if interval is not None:
        start, end = interval
        if start is not None:
            qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        if end is not None:
            qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    if bbox is not None:
        parts = bbox.parts()
        if len(parts) == 1:  # the shared bbox query (part 3's spatial module)
            qs = spatial.features_in_bbox(layer, *parts[0], queryset=qs)
        else:  # across the antimeridian: either half
            qs = qs.filter(spatial.bbox_q(*parts[0]) | spatial.bbox_q(*parts[1]))
        inside = Q()
        for i, (minx, miny, maxx, maxy) in enumerate(parts):
            part_inside = Q(minx__gte=minx, maxx__lte=maxx, miny__gte=miny, maxy__lte=maxy)
            inside = part_inside if i == 0 else inside | part_inside
        window = None
        for part in bbox.parts():
            window = box(*part) if window is None else window.union(box(*part))
        # Only features whose bbox crosses the window's edge need the exact test.
        rejected = [pk for pk, text in qs.exclude(inside).values_list("pk", "geometry")
                    if not shape(json.loads(text)).intersects(window)]
        if rejected:
            qs = qs.exclude(pk__in=rejected)
    return qs.order_by("id")


def _feature_json(request, layer, feature) -> dict:
    href = _abs(request, "ogc-item", layer.key, feature.fid)
    return {
        "type": "Feature",
        "id": feature.fid,
        "geometry": json.loads(feature.geometry),
        "properties": feature.properties or {},
        "links": [
            ogc.link(href, "self", ogc.GEOJSON, "This feature"),
            ogc.link(_abs(request, "ogc-collection", layer.key), "collection", ogc.JSON, layer.title),
        ],
    }


@require_safe
def items(request, collection_id):
    try:
        fmt = _negotiate(request, ogc.ITEMS_PARAMS)
        bbox = ogc.parse_bbox(request.GET.get("bbox"), request.GET.get("bbox-crs"))
        interval = ogc.parse_datetime(request.GET.get("datetime"))
        limit = ogc.parse_limit(request.GET.get("limit"))
        offset = ogc.parse_offset(request.GET.get("offset"))
    except ogc.OgcParamError as err:
        return _bad(err)
    layer = _layer(collection_id)
    if layer is None:
        return _not_found(f"No published collection '{collection_id}'")
    qs = query_features(layer, bbox, interval)
    matched = qs.count()
    page = list(qs.only("id", "fid", "geometry", "properties")[offset:offset + limit])
    base = _abs(request, "ogc-items", layer.key)
    kept = {k: request.GET[k] for k in ("bbox", "bbox-crs", "datetime") if k in request.GET}
    links = ogc.self_links(base, {**kept, "limit": limit, "offset": offset}, fmt, ogc.GEOJSON)
    links += ogc.paging_links(base, kept, offset=offset, limit=limit, matched=matched, fmt=fmt)
    links.append(ogc.link(_abs(request, "ogc-collection", layer.key), "collection", ogc.JSON, layer.title))
    data = {
        "type": "FeatureCollection",
        "features": [_feature_json(request, layer, f) for f in page],
        "links": links,
        "timeStamp": ogc.timestamp(timezone.now()),
        "numberMatched": matched,
        "numberReturned": len(page),
    }
    if fmt == "html":
        return _vary(render(request, "gis/ogc/items.html", {
            "data": data, "layer": layer, "offset": offset, "limit": limit,
            "first": offset + 1 if page else 0, "last": offset + len(page),
            "next": next((ln["href"] for ln in links if ln["rel"] == "next"), None),
            "prev": next((ln["href"] for ln in links if ln["rel"] == "prev"), None),
            "columns": (columns := _columns(layer, page)),
            "rows": [(f["id"], [f["properties"].get(c) for c in columns]) for f in data["features"]],
            "map": _map_config({"type": "FeatureCollection", "features": data["features"]}),
        }))
    return _vary(_json(data, ogc.GEOJSON))


def _map_config(geojson) -> dict:
    return {"geojson": geojson, "tiles": getattr(settings, "SMARTCITY_MAP_TILES", ""),
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", "")}


def _columns(layer, page) -> list[str]:
    names = [a.get("name") for a in (layer.schema or []) if isinstance(a, dict) and a.get("name")]
    for f in page:
        for k in (f.properties or {}):
            if k not in names:
                names.append(k)
    return names[:8]


@require_safe
def item(request, collection_id, feature_id):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    layer = _layer(collection_id)
    if layer is None:
        return _not_found(f"No published collection '{collection_id}'")
    feature = Feature.objects.filter(layer=layer, fid=feature_id).first()
    if feature is None:
        return _not_found(f"No feature '{feature_id}' in collection '{collection_id}'")
    data = _feature_json(request, layer, feature)
    href = _abs(request, "ogc-item", layer.key, feature.fid)
    data["links"] = ogc.self_links(href, {}, fmt, ogc.GEOJSON) + data["links"][1:]
    if fmt == "html":
        return _vary(render(request, "gis/ogc/item.html", {
            "data": data, "layer": layer, "feature": feature, "map": _map_config(data)}))
    return _vary(_json(data, ogc.GEOJSON))


# -------------------------------------------------------------------------------- api
@require_safe
def api(request):
    try:
        fmt = _negotiate(request)
    except ogc.OgcParamError as err:
        return _bad(err)
    doc = ogc.openapi(_abs(request, "ogc-landing").rstrip("/"), [(layer.key, layer.title) for layer in published_layers()])
    if fmt == "html":
        paths = [(path, ops["get"]["summary"], [prm.get("name") or prm["$ref"].rsplit("/", 1)[-1] for prm in ops["get"]["parameters"]])
                 for path, ops in doc["paths"].items()]
        return _vary(render(request, "gis/ogc/api.html", {"doc": doc, "paths": paths}))
    return _vary(_json(doc, ogc.OPENAPI_JSON))

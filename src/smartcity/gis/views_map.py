"""The map viewer at /gis/ban-do/: the GIS layers the user may read, grouped by kind with
their legends, drawn through the GeoJSON tiles (`static/gis/tiles.js`); identify, search by
parcel number or place, geodesic measure, print, and a map image export; the other modules'
data as overlays.

- /gis/ban-do/                           the viewer (state in the URL hash: centre, zoom, layers)
- /gis/ban-do/lop-phu/<key>.geojson      an overlay as GeoJSON: environment monitoring stations,
                                         data hub assets, bus routes, bus stops, buses (live),
                                         transport projects — read from those modules (their
                                         own models and functions, read-only), so the viewer
                                         draws everything with one loader and one identify
- /gis/ban-do/anh.png, anh.svg           the view as an image: ?bbox=minx,miny,maxx,maxy
                                         &layers=key,key&width=&height= (readable layers only)
"""
import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from smartcity.core.api.errors import json_error
from smartcity.core.permissions import visible
from smartcity.gis import mapimage, spatial
from smartcity.gis.models import Layer, LayerKind

log = logging.getLogger(__name__)

IMAGE_FEATURE_LIMIT = 20_000  # per layer and image: a whole-province parcel picture is no use at 800 px
DEFAULT_CENTRE = (10.98, 106.66)  # Thủ Dầu Một
DEFAULT_ZOOM = 13


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def readable_layers(user):
    return visible(Layer.objects.select_related("owner"), user)


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def tile_template(key: str) -> str:
    """The layer's tile URL template for L.gisTiles, from the `gis-tile` route when it
    exists (helper part), else the contract's path."""
    url = _url("gis-tile", key, 1, 2, 3)
    if url:
        return url.replace("/1/2/3.", "/{z}/{x}/{y}.")
    return f"/gis/tiles/{key}/{{z}}/{{x}}/{{y}}.geojson"


def layer_config(layer) -> dict:
    history = _url("gis-feature-history", layer.key, "__FID__")
    return {
        "key": layer.key, "title": layer.title, "title_vi": layer.title_vi, "title_en": layer.title_en or layer.title_vi,
        "kind": layer.kind, "geometry_type": layer.geometry_type, "style": layer.style or {},
        "schema": [{"name": f.get("name"), "label_vi": f.get("label_vi") or f.get("name"),
                    "label_en": f.get("label_en") or f.get("label_vi") or f.get("name")}
                   for f in layer.schema or [] if isinstance(f, dict) and f.get("name")],
        "extent": layer.extent if isinstance(layer.extent, list) else None, "count": layer.feature_count,
        "owner": layer.owner.code if layer.owner_id else "", "published": layer.published,
        "tiles": tile_template(layer.key), "items": _url("ogc-items", layer.key) or f"/ogc/collections/{layer.key}/items",
        "history": history,
    }


# ------------------------------------------------------------------------------ overlays
def _fields(*pairs):
    return [{"name": n, "label_vi": vi, "label_en": en} for n, vi, en in pairs]


OVERLAYS = {
    "tram-moi-truong": {
        "title_vi": "Trạm quan trắc môi trường", "title_en": "Environmental monitoring stations", "module": "environment",
        "style": {"color": "#117864", "fillColor": "#1abc9c", "fill": 0.9, "weight": 2},
        "schema": _fields(("name", "Tên trạm", "Station"), ("code", "Mã truyền dữ liệu", "Transmission code"),
                          ("kind_label", "Loại trạm", "Station kind"), ("river", "Sông", "River"),
                          ("industrial_park", "Khu công nghiệp", "Industrial park"), ("owner", "Đơn vị quản lý", "Operator")),
    },
    "tai-san-do-thi": {
        "title_vi": "Thiết bị và tài sản đô thị (kho dữ liệu)", "title_en": "City data hub assets", "module": "hub",
        "style": {"color": "#6c3483", "fillColor": "#a569bd", "fill": 0.9, "weight": 1},
        "schema": _fields(("name", "Tên", "Name"), ("type", "Loại thiết bị", "Asset type"), ("slug", "Mã định danh", "Identifier"),
                          ("owner", "Đơn vị quản lý", "Owner")),
    },
    "tuyen-xe-buyt": {
        "title_vi": "Tuyến xe buýt", "title_en": "Bus routes", "module": "mobility",
        "style": {"color": "#0b5d8f", "weight": 3, "fill": 0},
        "schema": _fields(("short_name", "Số hiệu tuyến", "Route"), ("long_name", "Tên tuyến", "Route name"),
                          ("agency", "Đơn vị vận hành", "Operator")),
    },
    "tram-xe-buyt": {
        "title_vi": "Trạm dừng xe buýt", "title_en": "Bus stops", "module": "mobility",
        "style": {"color": "#0b5d8f", "fillColor": "#ffffff", "fill": 1, "weight": 1},
        "schema": _fields(("name", "Tên trạm dừng", "Stop"), ("stop_id", "Mã trạm", "Stop id"),
                          ("routes_text", "Các tuyến", "Routes")),
    },
    "xe-buyt": {
        "title_vi": "Vị trí xe buýt (trực tuyến)", "title_en": "Bus positions (live)", "module": "mobility", "refresh_s": 15,
        "style": {"color": "#7e5109", "fillColor": "#f39c12", "fill": 1, "weight": 2},
        "schema": _fields(("id", "Xe", "Bus"), ("short_name", "Tuyến", "Route"), ("headsign", "Hướng đi", "Towards"),
                          ("speed_kmh", "Tốc độ (km/h)", "Speed (km/h)"), ("age_s", "Cập nhật cách đây (giây)", "Seen (seconds ago)")),
    },
    "du-an-giao-thong": {
        "title_vi": "Dự án giao thông", "title_en": "Transport projects", "module": "mobility",
        "style": {"color": "#c2410c", "weight": 4, "fill": 0.2,
                  "categories": {"attribute": "kind", "colors": {"road": "#c2410c", "brt": "#b91c1c", "rail": "#6d28d9",
                                                                 "waterway": "#0891b2", "logistics": "#047857", "bus": "#0b5d8f"}}},
        "schema": _fields(("name_vi", "Tên dự án", "Project"), ("name_en", "Tên tiếng Anh", "English name"),
                          ("kind_label", "Loại dự án", "Kind"), ("status_label", "Tình trạng", "Status"),
                          ("progress", "Tiến độ (%)", "Progress (%)"), ("owner_name", "Chủ đầu tư", "Owner")),
    },
}
OVERLAY_GROUP = gettext_lazy("Other modules")


def _point(lon, lat, fid, props) -> dict:
    return {"type": "Feature", "id": fid, "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def overlay_stations(user) -> list[dict]:
    from smartcity.environment.models import Station
    from smartcity.hub.models import Asset

    assets = visible(Asset.objects.all(), user).filter(active=True, latitude__isnull=False, longitude__isnull=False)
    out = []
    for s in Station.objects.filter(asset__in=assets).select_related("asset", "owner").order_by("code"):
        a = s.asset
        out.append(_point(a.longitude, a.latitude, s.code, {
            "name": a.name_en if _english() and a.name_en else a.name, "code": s.code, "kind": s.kind,
            "kind_label": str(s.get_kind_display()), "river": s.river, "industrial_park": s.industrial_park,
            "owner": s.owner.code if s.owner_id else "", "url": _url("env-station", s.code)}))
    return out


def overlay_assets(user) -> list[dict]:
    from smartcity.hub.models import Asset

    out = []
    qs = visible(Asset.objects.all(), user).filter(active=True).select_related("asset_type", "owner").order_by("slug")
    for a in qs:
        geom = a.geometry if isinstance(a.geometry, dict) and a.geometry.get("type") else None
        if geom is None and (a.latitude is None or a.longitude is None):
            continue
        t = a.asset_type
        props = {"name": a.name_en if _english() and a.name_en else a.name, "slug": a.slug,
                 "type": (t.name_en if _english() else t.name_vi) if t else "", "type_code": a.asset_type_id,
                 "owner": a.owner.code if a.owner_id else "", "url": _url("hub-asset", a.slug)}
        if geom is not None:
            out.append({"type": "Feature", "id": a.slug, "geometry": geom, "properties": props})
        else:
            out.append(_point(a.longitude, a.latitude, a.slug, props))
    return out


def _network() -> dict:
    from smartcity.mobility.views_public import network

    return network()


def overlay_routes(user) -> list[dict]:
    out = []
    for i, f in enumerate(_network()["features"]):
        p = f["properties"]
        if p.get("kind") != "route":
            continue
        props = {k: v for k, v in p.items() if isinstance(v, (str, int, float)) or v is None}
        props["color"] = p.get("colour")
        out.append({"type": "Feature", "id": f"{p.get('feed', '')}-{p.get('route_id', i)}-{p.get('direction_id', 0)}",
                    "geometry": f["geometry"], "properties": props})
    return out


def overlay_stops(user) -> list[dict]:
    out = []
    for f in _network()["features"]:
        p = f["properties"]
        if p.get("kind") != "stop":
            continue
        props = dict(p, routes_text=", ".join(p.get("routes") or []))
        out.append({"type": "Feature", "id": f"{p.get('feed', '')}-{p['stop_id']}", "geometry": f["geometry"], "properties": props})
    return out


def overlay_buses(user) -> list[dict]:
    from smartcity.mobility.views_public import live_buses

    out = []
    for b in live_buses():
        if b.get("lat") is None or b.get("lon") is None:
            continue
        props = {k: b.get(k) for k in ("id", "short_name", "headsign", "speed_kmh", "age_s", "route_id", "delay_s")}
        props["color"] = b.get("colour")
        out.append(_point(b["lon"], b["lat"], f"{b.get('feed')}-{b['id']}", props))
    return out


def overlay_projects(user) -> list[dict]:
    from smartcity.mobility.models import TransportProject
    from smartcity.mobility.services.projects import feature_collection

    qs = visible(TransportProject.objects.select_related("owner"), user).order_by("code")
    fc = feature_collection(qs, lambda p: _url("mobility-project-detail", p.code), "en" if _english() else "vi")
    return fc["features"]


BUILDERS = {"tram-moi-truong": overlay_stations, "tai-san-do-thi": overlay_assets, "tuyen-xe-buyt": overlay_routes,
            "tram-xe-buyt": overlay_stops, "xe-buyt": overlay_buses, "du-an-giao-thong": overlay_projects}


def overlay_config(key: str) -> dict:
    spec = OVERLAYS[key]
    return {"key": key, "title": spec["title_en"] if _english() else spec["title_vi"], "title_vi": spec["title_vi"],
            "title_en": spec["title_en"], "kind": "overlay", "module": spec["module"], "style": spec["style"],
            "schema": spec["schema"], "url": reverse("gis-map-overlay", args=[key]), "refresh_s": spec.get("refresh_s")}


@require_safe
def overlay(request, key):
    """One overlay as a GeoJSON FeatureCollection (what the user may see of that module)."""
    if key not in BUILDERS:
        return json_error(404, "not_found", _("No such overlay."))
    error = None
    try:
        features = BUILDERS[key](request.user)
    except Exception as exc:  # another module's data missing (no active feed, table not migrated): an empty overlay, said so
        log.warning("map overlay %s failed: %s", key, exc)
        features, error = [], _("This overlay is not available right now.")
    body = {"type": "FeatureCollection", "overlay": key, "title": overlay_config(key)["title"], "features": features}
    if error:
        body["error"] = error
    response = JsonResponse(body, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store" if OVERLAYS[key].get("refresh_s") else "private, max-age=60"
    return response


# ---------------------------------------------------------------------------------- viewer
def _units() -> list[dict]:
    """Administrative outlines under the layers when no tile server is configured."""
    if settings.SMARTCITY_MAP_TILES:
        return []
    from smartcity.hub.views import _context_units

    return [u for u in _context_units() if u.get("geometry")]


def map_view(request):
    layers = list(readable_layers(request.user).order_by("kind", "title_vi"))
    labels = dict(LayerKind.choices)
    groups = []
    for kind, _label in LayerKind.choices:
        rows = [layer_config(layer) for layer in layers if layer.kind == kind]
        if rows:
            groups.append({"kind": kind, "label": str(labels[kind]), "layers": rows})
    groups.append({"kind": "overlay", "label": str(OVERLAY_GROUP), "layers": [overlay_config(k) for k in OVERLAYS]})
    config = {
        "lang": "en" if _english() else "vi",
        "centre": list(DEFAULT_CENTRE), "zoom": DEFAULT_ZOOM,
        "default_layers": [layer.key for layer in layers if layer.kind in (LayerKind.PLANNING_ZONE, LayerKind.PARCEL, LayerKind.RED_LINE)][:4],
        "groups": groups,
        "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _units(),
        "urls": {"search": reverse("api-gis-search"), "png": reverse("gis-map-image", args=["png"]),
                 "svg": reverse("gis-map-image", args=["svg"])},
        "labels": _labels(),
    }
    return render(request, "gis/map.html", {"config": config, "groups": groups})


def _labels() -> dict:
    return {
        "attributes": _("Attributes"), "layer": _("Layer"), "feature": _("Feature"), "open": _("Open page"),
        "history": _("History of changes"), "no_results": _("Nothing found."), "searching": _("Searching…"),
        "distance": _("Distance"), "area": _("Area"), "perimeter": _("Perimeter"),
        "measure_hint": _("Click on the map to add points; double-click or press Finish to end."),
        "zoom_in": _("Zoom in to see this layer"), "not_available": _("This overlay is not available right now."),
        "features_count": _("features"), "parcel": _("Parcel"), "unit": _("Administrative unit"),
    }


# ----------------------------------------------------------------------------------- image
def _bad(field: str, message: str):
    return json_error(400, "invalid_parameter", message, [{"field": field, "code": "invalid", "message": message}])


def parse_image_params(params):
    """(bbox, layer keys, width, height) from the query, or raises ValueError(field, message)."""
    try:
        bbox = [float(v) for v in params.get("bbox", "").split(",")]
    except ValueError:
        bbox = []
    if len(bbox) != 4 or not (-180 <= bbox[0] < bbox[2] <= 180 and -90 <= bbox[1] < bbox[3] <= 90):
        raise ValueError("bbox", _("bbox must be minLon,minLat,maxLon,maxLat (WGS84) with min < max."))
    keys = [k for k in params.get("layers", "").split(",") if k.strip()]
    try:
        width, height = int(params.get("width", 800)), int(params.get("height", 600))
    except ValueError:
        raise ValueError("width", _("width and height must be whole numbers of pixels.")) from None
    if not (16 <= width <= mapimage.MAX_SIDE and 16 <= height <= mapimage.MAX_SIDE):
        raise ValueError("width", _("width and height must be between 16 and %(max)s pixels.") % {"max": mapimage.MAX_SIDE})
    return bbox, keys, width, height


def image_layers(user, keys, bbox) -> list[dict]:
    """The requested layers the user may read and overlays, in the requested order (bottom
    first), with their features in the bbox. Unknown or unreadable keys are left out, as
    the tiles do."""
    by_key = {layer.key: layer for layer in readable_layers(user).filter(key__in=keys)}
    out = []
    for key in keys:
        layer = by_key.get(key)
        if layer is None and key in BUILDERS:  # an overlay: what the user may see of that module
            try:
                feats = [(f["geometry"], f.get("properties") or {}) for f in BUILDERS[key](user) if f.get("geometry")]
            except Exception as exc:  # as in `overlay`: a module without data draws nothing
                log.warning("map image overlay %s failed: %s", key, exc)
                continue
            out.append({"key": key, "style": OVERLAYS[key]["style"], "features": feats})
            continue
        if layer is None:
            continue
        rows = spatial.features_in_bbox(layer, *bbox, limit=IMAGE_FEATURE_LIMIT)
        feats = []
        for f in rows:
            try:
                feats.append((json.loads(f.geometry), f.properties or {}))
            except ValueError:
                continue
        out.append({"key": key, "style": layer.style or {}, "features": feats})
    return out


@require_safe
def image(request, fmt):
    try:
        bbox, keys, width, height = parse_image_params(request.GET)
    except ValueError as err:
        field, message = err.args
        return _bad(field, message)
    layers = image_layers(request.user, keys, bbox)
    if fmt == "png":
        response = HttpResponse(mapimage.render_png(layers, bbox, width, height), content_type="image/png")
    elif fmt == "svg":
        title = _("Binh Duong GIS map") + " – " + ", ".join(layer["key"] for layer in layers)
        response = HttpResponse(mapimage.render_svg(layers, bbox, width, height, title=title), content_type="image/svg+xml; charset=utf-8")
    else:
        raise Http404
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="ban-do.{fmt}"'
    response["X-Layers"] = ",".join(layer["key"] for layer in layers)
    response["Cache-Control"] = "private, max-age=60"
    return response

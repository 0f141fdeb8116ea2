"""API: create, change and delete features of a layer, with history (under /api/gis/):

    GET    layers/{key}/features/                    (api-gis-features) GeoJSON FeatureCollection;
                                                      ?bbox=minlon,minlat,maxlon,maxlat&limit=&offset=
    POST   layers/{key}/features/                    a GeoJSON Feature (optional "id", "reason")
                                                      -> 201 the feature, ETag, Location
    GET    layers/{key}/features/{fid}/              (api-gis-feature) the feature with its
                                                      version, measures and ETag
    PUT    layers/{key}/features/{fid}/              geometry and properties replaced
    PATCH  layers/{key}/features/{fid}/              only what is given (properties merge)
    DELETE layers/{key}/features/{fid}/              -> 204
    GET    layers/{key}/features/{fid}/history/      (api-gis-feature-history) every version
    POST   layers/{key}/features/{fid}/revert/       (api-gis-feature-revert) {"history_id": N}
                                                      -> the feature at a new version

Geometry is GeoJSON in WGS84 lon/lat. Writes: signed in (session with its CSRF token, or a
personal API token), editors of the layer's owner organisation only (401/403). PUT, PATCH,
DELETE and revert honour `If-Match` with the ETag of a GET (412 `stale_version` when
someone saved in between). A "reason" in the body (or the `X-Change-Reason` header) is kept
in the history. Validation errors: 400 `validation_error` with one entry per problem
({"field": "geometry" | "properties.<name>" | "id", "code", "message"}); a repaired
geometry is saved and reported under "warnings".
"""
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.permissions import can_change, can_read
from smartcity.gis import ogc, spatial
from smartcity.gis.models import Feature, Layer
from smartcity.gis.services import editing

router_entries = []
LIMIT_DEFAULT, LIMIT_MAX = 100, 1000


def _layer(request, key) -> Layer:
    layer = get_object_or_404(Layer.objects.select_related("owner"), key=key)
    if not can_read(request.user, layer):
        raise Http404
    return layer


def _feature(layer, fid) -> Feature:
    feature = Feature.objects.filter(layer=layer, fid=fid).select_related("layer").first()
    if feature is None:
        raise Http404
    return feature


def _denied(request, layer):
    """None when the user may write to the layer, else the 401/403 response."""
    if not request.user.is_authenticated:
        return Response(problem(401, "not_authenticated", "Sign in (session or API token) to edit features."), status=401)
    if not can_change(request.user, layer):
        return Response(problem(403, "permission_denied", "Only editors of the layer's organisation may change its features."),
                        status=403)
    return None


def feature_json(feature: Feature, version: int | None = None) -> dict:
    import json

    geometry = json.loads(feature.geometry)
    version = editing.version_of(feature) if version is None else version
    key = feature.layer.key
    return {"type": "Feature", "id": feature.fid, "geometry": geometry, "properties": feature.properties or {},
            "bbox": [feature.minx, feature.miny, feature.maxx, feature.maxy], "version": version,
            "updated_at": feature.updated_at, "measures": editing.measures(geometry),
            "links": {"self": reverse("api-gis-feature", args=[key, feature.fid]),
                      "history": reverse("api-gis-feature-history", args=[key, feature.fid])}}


def _with_etag(response: Response, version: int) -> Response:
    response["ETag"] = editing.etag(version)
    return response


def _invalid(exc: editing.ValidationFailed) -> Response:
    return Response(problem(400, "validation_error", "The feature is not valid.", exc.errors), status=400)


def _stale(exc: editing.StaleVersion) -> Response:
    return _with_etag(Response(problem(412, "stale_version", "Someone changed this feature since you loaded it: reload it and "
                                                              "apply your change again.", current_version=exc.current),
                               status=412), exc.current)


def _reason(request) -> str | None:
    data = request.data if isinstance(request.data, dict) else {}
    from urllib.parse import unquote

    header = request.headers.get("X-Change-Reason")
    return data.get("reason") or data.get("change_reason") or (unquote(header) if header else None)


def _saved(feature, notes, layer, status=200) -> Response:
    version = editing.version_of(feature)
    body = feature_json(feature, version)
    body["warnings"] = notes
    body["layer_version"] = layer.version
    response = _with_etag(Response(body, status=status), version)
    if status == 201:
        response["Location"] = body["links"]["self"]
    return response


def _body(request):
    data = request.data
    if not isinstance(data, dict):
        return None
    return data


@api_view(["GET", "POST"])
@permission_classes([permissions.AllowAny])
def features(request, key):
    layer = _layer(request, key)
    if request.method == "POST":
        denied = _denied(request, layer)
        if denied:
            return denied
        data = _body(request)
        if data is None:
            return Response(problem(400, "validation_error", "Send a GeoJSON Feature.",
                                    [{"field": None, "code": "invalid", "message": "The body must be a JSON object."}]), status=400)
        try:
            feature, notes = editing.create(layer, data, user=request.user, reason=_reason(request))
        except editing.ValidationFailed as exc:
            return _invalid(exc)
        layer.refresh_from_db()
        return _saved(feature, notes, layer, status=201)
    try:
        limit = ogc.parse_limit(request.query_params.get("limit"), LIMIT_DEFAULT, LIMIT_MAX)
        offset = ogc.parse_offset(request.query_params.get("offset"))
        bbox = ogc.parse_bbox(request.query_params.get("bbox"))
    except ogc.OgcParamError as exc:
        return Response(problem(400, "invalid_parameter", exc.message, [{"field": exc.parameter, "code": "invalid",
                                                                         "message": exc.message}]), status=400)
    if bbox is not None and not bbox.crosses_antimeridian:
        qs = spatial.features_in_bbox(layer, bbox.minx, bbox.miny, bbox.maxx, bbox.maxy)
        matched = spatial.count_in_bbox(layer, bbox.minx, bbox.miny, bbox.maxx, bbox.maxy)
    elif bbox is not None:
        a, b = bbox.parts()
        qs = Feature.objects.filter(layer=layer).filter(spatial.bbox_q(*a) | spatial.bbox_q(*b)).order_by("id")
        matched = qs.count()
    else:
        qs = Feature.objects.filter(layer=layer).order_by("id")
        matched = qs.count()
    page = list(qs.select_related("layer")[offset:offset + limit])
    versions = _versions([f.pk for f in page])
    return Response({"type": "FeatureCollection", "layer": layer.key, "numberMatched": matched, "numberReturned": len(page),
                     "limit": limit, "offset": offset, "features": [feature_json(f, versions.get(f.pk, 0)) for f in page]})


def _versions(ids) -> dict:
    from django.db.models import Count

    rows = Feature.history.model.objects.filter(id__in=ids).values("id").annotate(n=Count("history_id"))
    return {r["id"]: r["n"] for r in rows}


@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([permissions.AllowAny])
def feature(request, key, fid):
    layer = _layer(request, key)
    obj = _feature(layer, fid)
    if request.method == "GET":
        version = editing.version_of(obj)
        if_none = request.headers.get("If-None-Match")
        if if_none and editing.matches(if_none, version):
            return _with_etag(Response(status=304), version)
        return _with_etag(Response(feature_json(obj, version)), version)
    denied = _denied(request, layer)
    if denied:
        return denied
    if_match = request.headers.get("If-Match")
    if request.method == "DELETE":
        try:
            version = editing.delete(obj, user=request.user, reason=_reason(request), if_match=if_match)
        except editing.StaleVersion as exc:
            return _stale(exc)
        return _with_etag(Response(status=204), version)
    data = _body(request)
    if data is None:
        return Response(problem(400, "validation_error", "Send a GeoJSON Feature.",
                                [{"field": None, "code": "invalid", "message": "The body must be a JSON object."}]), status=400)
    try:
        obj, notes = editing.update(obj, data, user=request.user, reason=_reason(request), partial=request.method == "PATCH",
                                    if_match=if_match)
    except editing.StaleVersion as exc:
        return _stale(exc)
    except editing.ValidationFailed as exc:
        return _invalid(exc)
    layer.refresh_from_db()
    return _saved(obj, notes, layer)


def _history_json(layer, version: dict) -> dict:
    out = dict(version)
    out["date"] = version["date"].isoformat()
    return out


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def feature_history(request, key, fid):
    layer = _layer(request, key)
    versions = editing.history(layer, fid)
    if not versions:
        raise Http404
    return Response({"layer": layer.key, "id": fid, "count": len(versions), "current_version": len(versions),
                     "deleted": versions[-1]["change"] == "deleted",
                     "results": [_history_json(layer, v) for v in versions]})


@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def feature_revert(request, key, fid):
    layer = _layer(request, key)
    if not editing.history(layer, fid):
        raise Http404
    denied = _denied(request, layer)
    if denied:
        return denied
    data = _body(request) or {}
    try:
        history_id = int(data.get("history_id"))
    except (TypeError, ValueError):
        return Response(problem(400, "validation_error", "history_id is required.",
                                [{"field": "history_id", "code": "required", "message": "Give the history_id of a version."}]),
                        status=400)
    try:
        obj, notes = editing.revert(layer, fid, history_id, user=request.user, reason=_reason(request),
                                    if_match=request.headers.get("If-Match"))
    except editing.NotFound:
        return Response(problem(400, "validation_error", "No such version of this feature.",
                                [{"field": "history_id", "code": "not_found", "message": "No such version of this feature."}]),
                        status=400)
    except editing.StaleVersion as exc:
        return _stale(exc)
    except editing.ValidationFailed as exc:
        return _invalid(exc)
    layer.refresh_from_db()
    return _saved(obj, notes, layer)


urlpatterns = [
    path("layers/<slug:key>/features/", features, name="api-gis-features"),
    path("layers/<slug:key>/features/<str:fid>/", feature, name="api-gis-feature"),
    path("layers/<slug:key>/features/<str:fid>/history/", feature_history, name="api-gis-feature-history"),
    path("layers/<slug:key>/features/<str:fid>/revert/", feature_revert, name="api-gis-feature-revert"),
]

"""API of the planning check (under /api/gis/), for the staff of the unit holding a permit dossier:

    GET  planning/dossiers/{id}/checks/    the dossier's checks, newest first
    POST planning/dossiers/{id}/checks/    {parcel: feature id | "layer/fid", or footprint: GeoJSON Polygon (WGS84),
                                            use, height_m, floors, coverage_pct} -> 201 the check, its findings and
                                            the evidence document's download link
    GET  planning/checks/{id}/             one check
    GET  planning/checks/{id}/map.svg      its map snapshot

Refusals are 400 with the service's code (bad_geometry, invalid, missing, bad_state); users
who may not see the dossier get 404, who may see but not act 403; nobody signed in 401/403.
"""
import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from rest_framework import permissions, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.gis import planning as rules
from smartcity.gis.models import Feature, PlanningCheck
from smartcity.gis.services import planning as service
from smartcity.onestop import permissions as perms
from smartcity.onestop.models import Dossier


def check_json(check) -> dict:
    doc = service.evidence_document(check)
    return {
        "id": check.pk, "dossier": check.dossier_id, "dossier_code": check.dossier.code if check.dossier_id else None,
        "parcel": f"{check.parcel.layer.key}/{check.parcel.fid}" if check.parcel_id else None,
        "footprint": json.loads(check.footprint), "use": check.use, "height_m": float(check.height_m), "floors": check.floors,
        "coverage_pct": float(check.coverage_pct), "result": check.result, "findings": check.findings,
        "checked_at": check.checked_at, "checked_by": check.checked_by.username if check.checked_by_id else None,
        "document": {"id": doc.pk, "title": doc.title, "size": doc.size, "sha256": doc.sha256,
                     "url": reverse("onestop-dossier-document", args=[check.dossier_id, doc.pk])} if doc else None,
        "map": reverse("api-gis-planning-map", args=[check.pk]),
    }


def _visible_dossier(request, pk):
    dossier = get_object_or_404(Dossier.objects.select_related("current_unit", "owner", "procedure"), pk=pk)
    if not perms.can_view(request.user, dossier):
        return None
    return dossier


def find_parcel(value):
    """A parcel feature by its id or "layer/fid"."""
    if value in (None, ""):
        return None
    qs = Feature.objects.select_related("layer")
    if isinstance(value, int) or str(value).isdigit():
        return qs.filter(pk=int(value)).first()
    layer, _, fid = str(value).partition("/")
    return qs.filter(layer__key=layer, fid=fid).first()


@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def dossier_checks(request, pk):
    dossier = _visible_dossier(request, pk)
    if dossier is None:
        return Response(problem(404, "not_found", "No such dossier."), status=404)
    if request.method == "GET":
        return Response({"dossier": dossier.code, "may_check": service.can_check(request.user, dossier),
                         "checks": [check_json(c) for c in service.recent_checks(dossier)]})
    data = request.data
    parcel = None
    if data.get("parcel") not in (None, ""):
        parcel = find_parcel(data.get("parcel"))
        if parcel is None:
            return Response(problem(400, "invalid", "No such parcel.", [{"field": "parcel", "code": "invalid"}]), status=400)
    missing = [f for f in ("use", "height_m", "floors", "coverage_pct") if data.get(f) in (None, "")]
    if missing:
        return Response(problem(400, "validation_error", "The request has invalid fields.",
                                [{"field": f, "code": "required"} for f in missing]), status=400)
    try:
        check = service.check_dossier(dossier, parcel=parcel, footprint=data.get("footprint") or None, use=data["use"],
                                      height_m=data["height_m"], floors=data["floors"], coverage_pct=data["coverage_pct"],
                                      user=request.user)
    except PermissionDenied:
        return Response(problem(403, "permission_denied", "Only the unit holding the dossier may run its planning check."),
                        status=403)
    except service.PlanningError as exc:
        errors = [{"field": exc.field, "code": exc.code}] if exc.field else []
        return Response(problem(400, exc.code, exc.message, errors), status=400)
    return Response(check_json(check), status=status.HTTP_201_CREATED)


def _visible_check(request, pk):
    check = get_object_or_404(PlanningCheck.objects.select_related("dossier", "parcel__layer", "checked_by", "document"), pk=pk)
    if check.dossier_id is None or not perms.can_view(request.user, check.dossier):
        return None
    return check


@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def check_detail(request, pk):
    check = _visible_check(request, pk)
    if check is None:
        return Response(problem(404, "not_found", "No such planning check."), status=404)
    return Response(check_json(check))


@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def check_map(request, pk):
    check = _visible_check(request, pk)
    if check is None:
        return Response(problem(404, "not_found", "No such planning check."), status=404)
    return HttpResponse(snapshot(check), content_type="image/svg+xml")


def snapshot(check) -> str:
    """The check's map, drawn from the planning features around its footprint now."""
    from shapely.geometry import shape

    footprint = json.loads(check.footprint)
    around = service.planning_features(shape(footprint).bounds)
    return rules.snapshot_svg(footprint, check.findings, **around)


router_entries = []
urlpatterns = [
    path("planning/dossiers/<int:pk>/checks/", dossier_checks, name="api-gis-planning-dossier-checks"),
    path("planning/checks/<int:pk>/", check_detail, name="api-gis-planning-check"),
    path("planning/checks/<int:pk>/map.svg", check_map, name="api-gis-planning-map"),
]

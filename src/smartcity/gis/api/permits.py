"""API: the construction permit register.

    GET /api/gis/permits/                   permits (filters: year, status, kind, ward, district,
                                            q, bbox; limit/offset); `?format=geojson` answers a
                                            GeoJSON FeatureCollection of the located ones
    GET /api/gis/permits/<id>/              one permit with its art. 102 deadlines
    GET /api/gis/permits/stats?year=2026    yearly statistics per ward/commune and former district

Anyone reads published permits without personal data; the Department of Construction (the
owner) and the coordinator also get the dossier code, the applicant and the internal note.
"""
from django.urls import path
from django.utils import timezone
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.gis.services import permits as service

MAX_LIMIT = 5000
DEFAULT_LIMIT = 500


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def _int(value, default, low, high):
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
@renderer_classes([JSONRenderer, GeoJSONRenderer, BrowsableAPIRenderer])
def permit_list(request):
    user = request.user
    full = service.is_staff(user)
    status = request.query_params.get("status")
    if status and status not in service.rules.STATUSES:
        return Response(problem(400, "bad_status", f"status is one of {', '.join(service.rules.STATUSES)}."), status=400)
    year = request.query_params.get("year")
    if year and not year.strip().isdigit():
        return Response(problem(400, "bad_year", "year is a four-digit year."), status=400)
    try:
        qs = service.filter_permits(service.visible(user), request.query_params).order_by("-received_at", "pk")
    except service.PermitError as exc:
        return Response(problem(400, exc.code, exc.message), status=400)
    limit = _int(request.query_params.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int(request.query_params.get("offset"), 0, 0, 10**9)
    total = qs.count()
    page = list(qs[offset:offset + limit])
    if getattr(request.accepted_renderer, "format", "") == "geojson":
        body = service.geojson(page, full=full)
        body.update({"numberMatched": total, "numberReturned": len(body["features"])})
        return Response(body, content_type="application/geo+json")
    now = timezone.now()
    return Response({"count": total, "limit": limit, "offset": offset,
                     "results": [service.as_dict(p, full=full, now=now) for p in page]})


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def permit_detail(request, pk):
    user = request.user
    permit = service.visible(user).filter(pk=pk).first()
    if permit is None:
        return Response(problem(404, "not_found", "No such permit."), status=404)
    now = timezone.now()
    body = service.as_dict(permit, full=service.is_staff(user, permit), now=now)
    steps = service.deadlines(permit, now)
    body["stopped_days"] = steps.pop()["stopped_days"]
    body["deadlines"] = [{"key": s["key"], "days": s["days"], "due_at": s["due_at"].isoformat() if s["due_at"] else None,
                          "done_at": s["done_at"].isoformat() if s["done_at"] else None, "state": s["state"]} for s in steps]
    return Response(body)


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def permit_stats(request):
    raw = (request.query_params.get("year") or "").strip()
    if raw and not (raw.isdigit() and 1990 <= int(raw) <= 2100):
        return Response(problem(400, "bad_year", "year is a four-digit year."), status=400)
    year = int(raw) if raw else service.years(request.user)[0]
    return Response(service.stats(year, request.user))


urlpatterns = [
    path("permits/", permit_list, name="api-gis-permits"),
    path("permits/stats", permit_stats, name="api-gis-permit-stats"),
    path("permits/<int:pk>/", permit_detail, name="api-gis-permit"),
]
router_entries = []

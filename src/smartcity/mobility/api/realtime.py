"""Realtime API under /api/mobility/:

- POST gtfs-rt/<source_id>/  one GTFS-Realtime FeedMessage (protobuf `application/x-protobuf`,
  or JSON in protobuf's JSON mapping). Authorization: Bearer <device token of the source's
  owner organisation> or <personal token of an editor of it>. 200 with what was stored,
  checked and matched (207 when some positions were refused, listed in `errors`); 400 with
  a machine-readable code for a body that cannot be read (nothing stored); 401 / 403 / 404.
- GET vehicles/?owner=&route=&max_age=  live vehicles: position, trip, route, delay.
"""
import time

import orjson
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from smartcity.core.api.errors import problem
from smartcity.core.permissions import can_change
from smartcity.hub.auth import principal_for_request
from smartcity.mobility.gtfs import rt
from smartcity.mobility.models import RealtimeSource

router_entries = []


def _json(body, status: int = 200, **headers) -> HttpResponse:
    resp = HttpResponse(orjson.dumps(body), status=status, content_type="application/json")
    for k, v in headers.items():
        resp[k.replace("_", "-")] = v
    return resp


def _fail(status: int, code: str, detail: str, errors=None) -> HttpResponse:
    return _json(problem(status, code, detail, errors), status)


def may_post(principal, source: RealtimeSource) -> bool:
    """A device token of the source's owner, or a user who may change the owner's records."""
    if principal.user is not None:
        return can_change(principal.user, source.owner_id)
    return principal.owner_id == source.owner_id


@csrf_exempt
@require_POST
def post_message(request, source_id: int):
    from smartcity.mobility.services import realtime

    principal = principal_for_request(request)
    if principal is None:
        return _fail(401, "invalid_token", "send a valid device or personal token: Authorization: Bearer <token>")
    source = RealtimeSource.objects.filter(pk=source_id).select_related("owner").first()
    if source is None:
        return _fail(404, "not_found", f"no realtime source {source_id}")
    if not may_post(principal, source):
        return _fail(403, "permission_denied", "this token may not send data for this source's organisation")
    if not source.enabled:
        return _fail(409, "source_disabled", "this realtime source is disabled")
    try:
        report = realtime.ingest(source, request.body, request.content_type, principal=principal)
    except rt.RtError as exc:
        return _fail(exc.status, exc.code, exc.message)
    body = report.as_dict()
    return _json(body, 207 if report.errors else 200)


@require_GET
def vehicles(request):
    from smartcity.mobility.services import realtime

    now = int(time.time())
    try:
        max_age = int(request.GET.get("max_age", 900))
    except ValueError:
        return _fail(400, "invalid_parameter", "max_age must be whole seconds",
                     [{"field": "max_age", "code": "not_integer", "message": "max_age must be whole seconds"}])
    qs = realtime.live_vehicles(max_age if max_age > 0 else None, now)
    if request.GET.get("owner"):
        qs = qs.filter(vehicle__asset__owner__code=request.GET["owner"])
    if request.GET.get("route"):
        qs = qs.filter(route_id=request.GET["route"])
    states = list(qs[:5000])
    routes = realtime.routes_for({vs.feed_id for vs in states if vs.feed_id})
    rows = [realtime.vehicle_dict(vs, routes, now) for vs in states]
    return _json({"count": len(rows), "time": now, "results": rows}, Cache_Control="public, max-age=5")


urlpatterns = [
    path("gtfs-rt/<int:source_id>/", post_message, name="api-mob-gtfs-rt-post"),
    path("vehicles/", vehicles, name="api-mob-vehicles"),
]

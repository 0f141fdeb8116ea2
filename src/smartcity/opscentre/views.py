"""The operations-centre wall: one full-screen page and the two JSON endpoints its script
polls (state: indicators + alerts since a cursor; one GeoJSON per map layer). Staff of
government organisations only (access.wall_required)."""
import time

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smartcity.alerts.models import Severity
from smartcity.core import indicators
from smartcity.opscentre import feed, knobs
from smartcity.opscentre.access import wall_required
from smartcity.opscentre.layers import LAYERS, collection


def _labels() -> dict:
    return {
        "offline": _("Connection lost – reconnecting"), "retry_in": _("next attempt in"), "seconds": _("seconds"),
        "updated": _("Last updated"), "never": _("not yet"), "pause": _("Pause rotation"), "resume": _("Resume rotation"),
        "no_alerts": _("No alert."), "no_readings": _("No indicator registered yet."), "error": _("unavailable"),
        "open_alerts": _("Open alerts by severity"), "new": _("new"), "layer_error": _("Layer not updated"),
    }


def _units() -> list:
    if settings.SMARTCITY_MAP_TILES:
        return []
    from smartcity.hub.views import _context_units

    return _context_units()


@wall_required
@require_GET
def wall(request):
    cfg = knobs.parse(request.GET)
    data = {
        "state_url": reverse("api-opscentre-state"),
        "layer_url": reverse("api-opscentre-layer", args=["__name__"]),
        "layers": [{"name": layer.name, "label": str(layer.label), "radius": layer.radius} for layer in LAYERS.values()],
        "severities": [{"code": c, "label": str(label)} for c, label in reversed(Severity.choices)],
        "knobs": cfg, "lang": "en" if (get_language() or "vi").startswith("en") else "vi", "labels": _labels(),
        "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _units(), "max_alerts": feed.INITIAL,
    }
    return render(request, "opscentre/wall.html", {"data": data, "knobs": cfg, "severities": data["severities"]})


@never_cache
@wall_required
@require_GET
def state_json(request):
    """Indicators of every domain (registry, cached 30 s) and the alerts changed after
    `?cursor=` (or the latest ones without it), with the counts of open alerts."""
    changes = feed.changes(request.user, request.GET.get("cursor"))
    body = {"now": int(time.time() * 1000), **changes, "open_counts": feed.open_counts(request.user),
            "indicators": indicators.collect(public_only=False)}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@never_cache
@wall_required
@require_GET
def layer_geojson(request, name):
    if name not in LAYERS:
        raise Http404(_("No such layer."))
    return JsonResponse(collection(name, request.user), content_type="application/geo+json",
                        json_dumps_params={"ensure_ascii": False})

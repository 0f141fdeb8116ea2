"""Public pages (no login): the map of hotspots with their state from the hub's latest
readings and the list beside it, `map.json` for the map's refresh, and the roadmap."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from smartcity.wifi import services
from smartcity.wifi.models import RoadmapItem

REFRESH_S = 60


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def state_labels() -> dict:
    return {"up": _("Working"), "down": _("Not reporting"), "maintenance": _("Under maintenance"),
            "planned": _("Planned"), "retired": _("Retired")}


def cards() -> list[dict]:
    hotspots = [h for h in services.public_hotspots() if h.status != "retired"]
    states = services.states(hotspots)
    english = _english()
    labels = state_labels()
    out = []
    for h in sorted(hotspots, key=lambda h: h.asset.name):
        s = states[h.pk]
        out.append({"slug": h.slug, "name": h.asset.name_en if english and h.asset.name_en else h.asset.name,
                    "address": h.asset.address, "lat": h.asset.latitude, "lon": h.asset.longitude,
                    "state": s["state"], "state_label": labels[s["state"]], "users": s["users"],
                    "capacity": h.capacity, "operator": h.operator, "ssid": h.ssid, "venue": h.get_venue_kind_display(),
                    "radius_m": h.radius_m,
                    "area": h.asset.admin_unit.name if h.asset.admin_unit_id else ""})
    return out


def _labels() -> dict:
    return {"users": _("connected now"), "operator": pgettext("network operator", "Operator"), "ssid": _("Network name (SSID)"),
            "capacity": pgettext("hotspot users", "Capacity"), "states": state_labels()}


def hotspot_map(request):
    rows = cards()
    from smartcity.hub.views import _context_units

    data = {"hotspots": [c for c in rows if c["lat"] is not None and c["lon"] is not None],
            "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "units": [] if settings.SMARTCITY_MAP_TILES else _context_units(), "json": reverse("wifi-map-json"),
            "refresh_s": REFRESH_S, "lang": "en" if _english() else "vi", "labels": _labels()}
    counts = {k: sum(1 for c in rows if c["state"] == k) for k in state_labels()}
    return render(request, "wifi/map.html", {"cards": rows, "data": data, "tiles": bool(settings.SMARTCITY_MAP_TILES),
                                             "states": state_labels(), "counts": counts, "refresh_s": REFRESH_S})


@require_GET
def map_json(request):
    rows = cards()
    return JsonResponse({"now": timezone.now().isoformat(), "count": len(rows), "hotspots": rows},
                        json_dumps_params={"ensure_ascii": False})


def roadmap(request):
    english = _english()
    items = RoadmapItem.objects.filter(published=True).select_related("programme_item", "owner").prefetch_related("hotspots__asset")
    rows = []
    for r in items:
        hotspots = [h for h in r.hotspots.all() if h.published]
        rows.append({"item": r, "title": r.title(english), "hotspots": hotspots,
                     "active": sum(1 for h in hotspots if h.status == "active"),
                     "programme": r.programme_item})
    return render(request, "wifi/roadmap.html", {"rows": rows})

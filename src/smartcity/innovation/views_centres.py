"""The network of startup centres of the province on a Leaflet map (and as a list)."""
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from smartcity.core.permissions import visible
from smartcity.innovation.models import Centre


def centre_cards(user) -> list[dict]:
    english = (get_language() or "vi").startswith("en")
    return [{"slug": c.slug, "name": (c.name_en if english and c.name_en else c.name), "kind": c.kind,
             "kind_label": str(c.get_kind_display()), "address": c.address, "lat": c.latitude, "lon": c.longitude,
             "website": c.website, "organisation": str(c.organisation) if c.organisation_id else ""}
            for c in visible(Centre.objects.select_related("organisation"), user).order_by("kind", "name")]


def map_config(points: list[dict], mode: str) -> dict:
    from smartcity.environment.views_public import _context_units

    return {"points": points, "mode": mode, "tiles": settings.SMARTCITY_MAP_TILES,
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "units": _context_units()}


def centre_map(request):
    cards = centre_cards(request.user)
    return render(request, "innovation/centres.html", {
        "cards": cards, "data": map_config([c for c in cards if c["lat"] is not None], "centres"),
        "tiles": bool(settings.SMARTCITY_MAP_TILES),
    })

"""The public map of toilets (no login): published toilets only, with whether they are
open, free or full, their cleanliness score and accessible cubicles; Vietnamese first,
English with the platform's language switch. `map.json` feeds the map's refresh."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from smartcity.toilets import services
from smartcity.toilets.models import Toilet

REFRESH_S = 60


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def state_labels() -> dict:
    return {"available": _("Open, free cubicles"), "full": _("Open, all cubicles in use"), "closed": pgettext("toilet", "Closed"),
            "out_of_order": _("Out of order")}


def _cards():
    toilets = list(Toilet.objects.filter(published=True, asset__published=True).select_related("asset").order_by("asset__name"))
    states = services.states(toilets)
    english = _english()
    labels = state_labels()
    cards = []
    for t in toilets:
        s = states[t.pk]
        cards.append({
            "slug": t.slug, "name": (t.asset.name_en if english and t.asset.name_en else t.asset.name),
            "address": t.asset.address, "lat": t.asset.latitude, "lon": t.asset.longitude,
            "state": s["state"], "state_label": labels[s["state"]], "open": s["open"], "hours": t.hours_label,
            "free": s["free"], "cubicles": t.cubicles, "accessible": t.cubicles_accessible,
            "score": s["score"], "fee": t.fee_vnd,
        })
    return cards


def _labels() -> dict:
    return {"score": _("Cleanliness"), "votes": _("votes in 24 h"), "free": _("free cubicles"), "hours": _("Opening hours"),
            "accessible": _("Accessible cubicle"), "fee": _("Fee"), "free_of_charge": _("Free of charge"),
            "no_score": _("No feedback yet"), "states": state_labels()}


def toilet_map(request):
    cards = _cards()
    from smartcity.environment.views_public import _context_units

    data = {"toilets": [c for c in cards if c["lat"] is not None and c["lon"] is not None],
            "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "units": _context_units(), "json": reverse("toilets-map-json"), "refresh_s": REFRESH_S,
            "lang": "en" if _english() else "vi", "labels": _labels()}
    return render(request, "toilets/map.html", {"cards": cards, "data": data, "tiles": bool(settings.SMARTCITY_MAP_TILES),
                                                 "states": state_labels(), "refresh_s": REFRESH_S})


@require_GET
def map_json(request):
    cards = _cards()
    return JsonResponse({"now": timezone.now().isoformat(), "count": len(cards), "toilets": cards},
                        json_dumps_params={"ensure_ascii": False})

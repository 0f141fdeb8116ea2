"""Map layers of the wall, one GeoJSON FeatureCollection per domain, read from each
module's own models and services (the same functions their public maps use), so a layer
shows exactly what the module's page shows. Every feature is a Point with the same
properties: id, name, colour, status, status_label, detail, url, so the wall's script
draws every layer with one function.

Rows are filtered with core.permissions.visible (published records plus the viewer's own
organisation's), except buses (public live positions) and citizen reports (confirmed
reports are public)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from smartcity.core.permissions import visible

GREY = "#8a96a3"
GREEN, AMBER, ORANGE, RED, BLUE = "#2e9d4f", "#f0a202", "#e8702a", "#d0342c", "#2f80ed"


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def feature(fid, lat, lon, *, name, colour, status, status_label="", detail="", url="", value=None) -> dict:
    return {"type": "Feature", "id": str(fid), "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {"id": str(fid), "name": name, "colour": colour, "status": status,
                           "status_label": str(status_label), "detail": detail, "url": url, "value": value}}


def _fmt(value, places=0) -> str:
    return "–" if value is None else f"{value:.{places}f}"


# -- one builder per layer --------------------------------------------------------------
def air(user) -> list[dict]:
    """Air monitoring stations coloured by their current VN_AQI band (grey: no current index)."""
    from smartcity.environment import publish
    from smartcity.environment.models import Station

    english = _english()
    out = []
    for c in publish.cards(publish.public_stations("air", qs=visible(Station.objects.all(), user)), english=english):
        if c["lat"] is None or c["lon"] is None:
            continue
        idx = c["index"] or {}
        ok = idx.get("state") == "ok" and idx.get("band")
        band = idx.get("band") or {}
        out.append(feature(c["code"], c["lat"], c["lon"], name=c["name"], colour=band.get("colour", GREY) if ok else GREY,
                           status=band.get("code", "") if ok else idx.get("state", "nodata"),
                           status_label=(band.get("name_en") if english else band.get("name_vi")) if ok else _("No current index"),
                           detail=f"VN_AQI {_fmt(idx.get('value'))}" if ok else "", value=idx.get("value") if ok else None,
                           url=_url("env-station", c["code"])))
    return out


def buses(user) -> list[dict]:
    """Buses that reported a position recently, in their route's colour."""
    from smartcity.mobility.views_public import live_buses

    out = []
    for b in live_buses():
        late = b.get("delay_s")
        detail = f"{_('Route')} {b['short_name']}" + (f" → {b['headsign']}" if b.get("headsign") else "")
        if late is not None:
            detail += f" · {round(late / 60):+d} {_('min')}"
        out.append(feature(f"{b['feed']}-{b['id']}", b["lat"], b["lon"], name=f"{_('Bus')} {b['id']}", colour=b["colour"],
                           status="late" if late is not None and late > 300 else "running",
                           status_label=_("Running"), detail=detail, value=b.get("speed_kmh"),
                           url=_url("mobility-map")))
    return out


def lights(user) -> list[dict]:
    """Streetlights whose latest state is a fault (the lamp reports a failure)."""
    from smartcity.lighting import services
    from smartcity.lighting.models import Luminaire

    lums = list(visible(Luminaire.objects.filter(pole__isnull=False, asset__isnull=False), user)
                .values_list("code", "asset_id", "pole__latitude", "pole__longitude", "pole__street"))
    values = services.latest_values([row[1] for row in lums])
    now = int(time.time())
    out = []
    for code, asset_id, lat, lon, street in lums:
        if lat is None or lon is None or services.state_of(values.get(asset_id), now) != "fault":
            continue
        out.append(feature(code, lat, lon, name=code, colour=RED, status="fault", status_label=_("Lamp fault"),
                           detail=street, url=_url("lighting-luminaire", code)))
    return out


def bins(user) -> list[dict]:
    """Smart bins coloured by their latest fill level: green under half, amber below the
    bin's collection threshold, red at or above it, grey without a reading."""
    from smartcity.sanitation import services
    from smartcity.sanitation.models import Bin

    rows = list(visible(Bin.objects.select_related("asset"), user))
    levels = services.latest_levels(rows)
    out = []
    for b in rows:
        a = b.asset
        if a.latitude is None or a.longitude is None:
            continue
        level = levels.get(b.pk, (None, None))[1]
        if level is None:
            colour, status, label = GREY, "nodata", _("No reading")
        elif level >= b.threshold_pct:
            colour, status, label = RED, "full", _("To collect")
        elif level >= 50:
            colour, status, label = AMBER, "filling", _("Filling")
        else:
            colour, status, label = GREEN, "ok", _("Room left")
        out.append(feature(b.code, a.latitude, a.longitude, name=a.name, colour=colour, status=status, status_label=label,
                           detail=f"{_fmt(level)} %" if level is not None else "", value=level,
                           url=_url("sanitation-bin", b.code)))
    return out


TOILET_COLOURS = {"available": GREEN, "full": AMBER, "closed": GREY, "out_of_order": RED}


def toilets(user) -> list[dict]:
    """Public toilets: open with free cubicles, full, closed or out of order."""
    from smartcity.toilets import services
    from smartcity.toilets.models import Toilet
    from smartcity.toilets.views_public import state_labels

    rows = list(visible(Toilet.objects.select_related("asset"), user))
    states = services.states(rows)
    labels = state_labels()
    english = _english()
    out = []
    for t in rows:
        a = t.asset
        if a.latitude is None or a.longitude is None:
            continue
        s = states[t.pk]
        score = (s.get("score") or {}).get("value")
        detail = f"{s['free']}/{t.cubicles} {_('free cubicles')}" if s.get("free") is not None else ""
        out.append(feature(t.slug, a.latitude, a.longitude, name=a.name_en if english and a.name_en else a.name,
                           colour=TOILET_COLOURS.get(s["state"], GREY), status=s["state"],
                           status_label=labels.get(s["state"], s["state"]), detail=detail, value=score,
                           url=_url("toilets-detail", t.slug)))
    return out


RESERVOIR_COLOURS = {"normal": BLUE, "near-crest": ORANGE, "overflow": RED, "low": AMBER}


def reservoirs(user) -> list[dict]:
    """Reservoirs coloured by their level against the crest and the minimum operating level."""
    from smartcity.water.views_reservoirs import _latest, _reservoirs

    labels = {"normal": _("Normal level"), "near-crest": _("Near the crest"), "overflow": _("Overflowing"),
              "low": _("Below the minimum level")}
    out = []
    for r in _reservoirs(user):
        a = r.asset
        if a.latitude is None or a.longitude is None:
            continue
        latest = _latest(r)
        state = latest["state"]
        out.append(feature(a.slug, a.latitude, a.longitude, name=a.name, colour=RESERVOIR_COLOURS.get(state, GREY),
                           status=state or "nodata", status_label=labels.get(state, _("No reading")),
                           detail=f"{_fmt(latest['fill'])} %" if latest["fill"] is not None else "",
                           value=latest["fill"], url=_url("water-reservoir", a.slug)))
    return out


WIFI_COLOURS = {"up": GREEN, "down": RED, "maintenance": AMBER, "planned": GREY}


def wifi(user) -> list[dict]:
    """Public Wi-Fi hotspots: working, not reporting, under maintenance or planned."""
    from smartcity.wifi import services
    from smartcity.wifi.views_public import state_labels

    rows = [h for h in services.public_hotspots(user) if h.status != "retired"]
    states = services.states(rows)
    labels = state_labels()
    english = _english()
    out = []
    for h in rows:
        a = h.asset
        if a.latitude is None or a.longitude is None:
            continue
        s = states[h.pk]
        out.append(feature(h.slug, a.latitude, a.longitude, name=a.name_en if english and a.name_en else a.name,
                           colour=WIFI_COLOURS.get(s["state"], GREY), status=s["state"], status_label=labels.get(s["state"], ""),
                           detail=f"{s['users']}/{h.capacity}" if s["state"] == "up" and s["users"] is not None else "",
                           value=s["users"], url=_url("wifi-map")))
    return out


REPORT_COLOURS = {"received": RED, "assigned": ORANGE, "in_progress": BLUE}


def reports(user) -> list[dict]:
    """Citizen reports still open (received, assigned, in progress); confirmed reports only."""
    from smartcity.participation.models import Report

    out = []
    for r in Report.objects.filter(published=True, state__in=tuple(REPORT_COLOURS)).order_by("-submitted_at")[:500]:
        out.append(feature(r.code, r.latitude, r.longitude, name=f"{r.code} · {r.get_category_display()}",
                           colour=REPORT_COLOURS[r.state], status=r.state, status_label=r.get_state_display(),
                           detail=(r.address or r.description)[:120], url=_url("participation-track", r.code)))
    return out


@dataclass(frozen=True)
class Layer:
    name: str
    label: object  # lazily translated
    build: Callable[[object], list[dict]]
    radius: int = 8


LAYERS = {layer.name: layer for layer in (
    Layer("air", _l("Air quality stations"), air, 11),
    Layer("buses", _l("Buses"), buses, 7),
    Layer("lights", _l("Streetlight faults"), lights, 6),
    Layer("bins", _l("Smart bins"), bins, 6),
    Layer("toilets", _l("Public toilets"), toilets, 8),
    Layer("reservoirs", _l("Reservoirs"), reservoirs, 11),
    Layer("wifi", _l("Wi-Fi hotspots"), wifi, 7),
    Layer("reports", _l("Open citizen reports"), reports, 7),
)}


def collection(name: str, user) -> dict:
    features = LAYERS[name].build(user)
    return {"type": "FeatureCollection", "name": name, "features": features}

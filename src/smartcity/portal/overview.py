"""The live city overview: the key indicators every module registers (core.indicators),
public ones only, and a few live things for the home page's map."""
from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from smartcity.core.indicators import collect

log = logging.getLogger(__name__)

OVERVIEW_MAX_AGE = 30  # seconds the cards may be old (the page refreshes every 60 s)
MAP_MAX_AGE = 60


def overview() -> dict:
    """{"at", "domains": [{domain, label, icon, readings: [...], error}]}, public readings only,
    domains without any reading left out."""
    data = collect(public_only=True, max_age=OVERVIEW_MAX_AGE)
    return {"at": data["at"], "domains": [d for d in data["domains"] if d["readings"]]}


def map_points() -> dict:
    """A few live things with a position: air stations with their VN_AQI, Wi-Fi hotspots
    with their state, buses on the road. Cached per language for MAP_MAX_AGE seconds."""
    key = f"portal.map:{get_language() or 'vi'}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    points = []
    now = int(time.time())
    try:
        from smartcity.environment import publish

        stations = list(publish.public_stations("air,mobile"))
        current = publish.current_indices([s.pk for s in stations], kinds=("vn_aqi_h",))
        english = (get_language() or "vi").startswith("en")
        for s in stations:
            if s.asset.latitude is None:
                continue
            iv = current.get((s.pk, "vn_aqi_h"))
            fresh = iv is not None and iv.value is not None and now - iv.t <= publish.STALE_AFTER["vn_aqi_h"]
            points.append({"layer": "air", "name": publish.station_name(s, english), "lat": s.asset.latitude,
                           "lon": s.asset.longitude, "value": iv.value if fresh else None,
                           "url": reverse("env-station", args=[s.code])})
    except Exception:  # noqa: BLE001 - the map shows what it can, and the log says what it could not
        log.exception("website map: air stations")
    try:
        from smartcity.wifi import services as wifi

        hotspots = [h for h in wifi.public_hotspots() if h.status == "active"]
        states = wifi.states(hotspots, now)
        for h in hotspots:
            if h.asset.latitude is not None:
                points.append({"layer": "wifi", "name": h.asset.name, "lat": h.asset.latitude, "lon": h.asset.longitude,
                               "value": states[h.pk]["state"], "url": reverse("wifi-map")})
    except Exception:  # noqa: BLE001
        log.exception("website map: Wi-Fi hotspots")
    try:
        from smartcity.mobility.models import VehicleState

        for s in VehicleState.objects.filter(t__gte=now - 300).select_related("vehicle")[:200]:
            points.append({"layer": "bus", "name": s.vehicle.label or str(s.vehicle_id), "lat": s.lat, "lon": s.lon,
                           "value": s.route_id, "url": reverse("mobility-map")})
    except Exception:  # noqa: BLE001
        log.exception("website map: buses")
    from django.conf import settings

    tiles = settings.SMARTCITY_MAP_TILES or ""
    units = []
    if not tiles:  # no tile server: the administrative outlines under the points, as the other maps draw
        try:
            from smartcity.hub.views import _context_units

            units = [{"name": u["name"], "geometry": u["geometry"]} for u in _context_units() if u["geometry"]]
        except Exception:  # noqa: BLE001
            log.exception("website map: administrative outlines")
            units = []
    data = {"points": points, "tiles": tiles, "units": units}
    cache.set(key, data, MAP_MAX_AGE)
    return data

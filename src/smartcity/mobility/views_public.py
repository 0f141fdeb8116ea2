"""The public bus map (no login):

- /mobility/                      routes drawn from their shapes in their colours, stops,
                                  buses moving live, a route filter, the transport projects;
- /mobility/network.geojson       the active feeds' routes (one line per route and
                                  direction: its most used shape) and stops; built once per
                                  feed version (versions never change after import);
- /mobility/live.json             buses seen in the last LIVE_WINDOW_S (VehicleState), polled
                                  by the map every REFRESH_S;
- /mobility/stops/<stop_id>/      a stop: its routes and next arrivals (predictions when the
                                  prediction service is installed, else the timetable plus
                                  the trip's current delay), refreshed from arrivals.json.

Only ACTIVE feed versions are shown: the public sees what the operators published.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

from django.conf import settings
from django.http import Http404, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from smartcity.mobility.models import Feed, FeedStatus, VehicleState

REFRESH_S = 5
LIVE_WINDOW_S = 300  # a bus silent for longer leaves the map
ARRIVALS_LIMIT = 10
ARRIVALS_REFRESH_S = 30
DEFAULT_COLOUR = "0B5D8F"
_network_cache: dict[int, dict] = {}
_lock = threading.Lock()


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def active_feeds() -> list[Feed]:
    return list(Feed.objects.filter(status=FeedStatus.ACTIVE).select_related("owner").order_by("-activated_at", "-pk"))


def _schedule(feed):
    from smartcity.mobility.services.feeds import schedule_for

    return schedule_for(feed)


def _colour(text: str) -> str:
    text = (text or "").strip().lstrip("#")
    return "#" + (text.upper() if len(text) == 6 and all(c in "0123456789abcdefABCDEF" for c in text) else DEFAULT_COLOUR)


def _text_colour(text: str, background: str) -> str:
    text = (text or "").strip().lstrip("#")
    if len(text) == 6:
        return "#" + text.upper()
    r, g, b = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 160 else "#FFFFFF"


def _route_props(feed, route) -> dict:
    colour = _colour(route.color)
    return {"feed": feed.pk, "route_id": route.route_id, "short_name": route.short_name or route.route_id,
            "long_name": route.long_name, "colour": colour, "text_colour": _text_colour(route.text_color, colour)}


def _sort_key(short: str):
    digits = "".join(c for c in short if c.isdigit())
    return (0, int(digits[:6]), short) if digits else (1, 0, short)


def build_network(feed) -> dict:
    """GeoJSON FeatureCollection of a feed version: a LineString per route and direction (the
    shape most of its trips use; the stops' line when there is none) and a Point per stop
    served, with the routes serving it."""
    schedule = _schedule(feed)
    shape_use: dict[tuple, Counter] = {}
    stop_routes: dict[str, set] = {}
    pattern: dict[tuple, list[str]] = {}
    for trip in schedule.trips.values():
        key = (trip.route_id, trip.direction_id or 0)
        shape_use.setdefault(key, Counter())[trip.shape_id] += 1
        if len(trip.stop_ids) > len(pattern.get(key, ())):
            pattern[key] = trip.stop_ids
        for sid in trip.stop_ids:
            stop_routes.setdefault(sid, set()).add(trip.route_id)
    features, routes = [], []
    for (route_id, direction), counts in sorted(shape_use.items()):
        route = schedule.routes.get(route_id)
        if route is None:
            continue
        shape_id = counts.most_common(1)[0][0]
        shape = schedule.shapes.get(shape_id) if shape_id else None
        if shape is not None and len(shape.lats) > 1:
            coords = [[round(lo, 6), round(la, 6)] for la, lo in zip(shape.lats, shape.lons)]
        else:
            stops = [schedule.stops.get(s) for s in pattern.get((route_id, direction), [])]
            coords = [[s.lon, s.lat] for s in stops if s is not None and s.lat is not None]
        if len(coords) < 2:
            continue
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                         "properties": dict(_route_props(feed, route), kind="route", direction_id=direction)})
    for route_id in {r for r, _d in shape_use}:
        if route_id in schedule.routes:
            routes.append(_route_props(feed, schedule.routes[route_id]))
    routes.sort(key=lambda r: _sort_key(r["short_name"]))
    short = {r["route_id"]: r["short_name"] for r in routes}
    for sid, served in sorted(stop_routes.items()):
        stop = schedule.stops.get(sid)
        if stop is None or stop.lat is None:
            continue
        names = sorted({short.get(r, r) for r in served}, key=_sort_key)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
                         "properties": {"kind": "stop", "feed": feed.pk, "stop_id": sid, "name": stop.name,
                                        "routes": names, "url": reverse("mobility-stop", args=[sid])}})
    return {"type": "FeatureCollection", "routes": routes, "features": features}


def network_for(feed) -> dict:
    with _lock:
        hit = _network_cache.get(feed.pk)
    if hit is None:
        hit = build_network(feed)
        with _lock:
            _network_cache[feed.pk] = hit
            while len(_network_cache) > 8:
                _network_cache.pop(next(iter(_network_cache)))
    return hit


def network(feeds=None) -> dict:
    """The active feeds' networks merged into one FeatureCollection."""
    out = {"type": "FeatureCollection", "routes": [], "features": []}
    for feed in feeds if feeds is not None else active_feeds():
        part = network_for(feed)
        out["routes"] += part["routes"]
        out["features"] += part["features"]
    return out


@require_GET
def network_geojson(request):
    feeds = active_feeds()
    etag = '"' + "-".join(f"{f.pk}.{(f.sha256 or '')[:12]}" for f in feeds) + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(network(feeds), content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


# -- live buses ---------------------------------------------------------------------------------
def live_buses(now: int | None = None) -> list[dict]:
    """Buses with a position in the last LIVE_WINDOW_S, with their route's colour."""
    now = int(time.time()) if now is None else now
    states = list(VehicleState.objects.filter(t__gte=now - LIVE_WINDOW_S).select_related("vehicle"))
    routes: dict[tuple, dict] = {}
    headsigns: dict[tuple, str] = {}
    feeds = {f.pk: f for f in active_feeds()}
    for s in states:
        feed = feeds.get(s.feed_id)
        if feed is None or not s.route_id or (s.feed_id, s.route_id) in routes:
            continue
        route = _schedule(feed).routes.get(s.route_id)
        if route is not None:
            routes[(s.feed_id, s.route_id)] = _route_props(feed, route)
    out = []
    for s in states:
        r = routes.get((s.feed_id, s.route_id)) or {"short_name": s.route_id or "", "colour": "#" + DEFAULT_COLOUR,
                                                      "text_colour": "#FFFFFF"}
        feed = feeds.get(s.feed_id)
        headsign = ""
        if feed is not None and s.trip_id:
            key = (feed.pk, s.trip_id)
            if key not in headsigns:
                trip = _schedule(feed).trips.get(s.trip_id)
                headsigns[key] = trip.headsign if trip else ""
            headsign = headsigns[key]
        out.append({"id": s.vehicle.label or str(s.vehicle_id), "lat": s.lat, "lon": s.lon, "bearing": s.bearing,
                    "speed_kmh": None if s.speed_kmh is None else round(s.speed_kmh, 1), "t": s.t, "age_s": now - s.t,
                    "feed": s.feed_id, "route_id": s.route_id, "short_name": r["short_name"], "colour": r["colour"],
                    "text_colour": r["text_colour"], "trip_id": s.trip_id, "headsign": headsign, "delay_s": s.delay_s,
                    "at_stop": s.at_stop})
    out.sort(key=lambda b: (_sort_key(b["short_name"]), b["id"]))
    return out


@require_GET
def live_json(request):
    now = int(time.time())
    response = JsonResponse({"now": now, "refresh_s": REFRESH_S, "buses": live_buses(now)},
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


# -- the map page -------------------------------------------------------------------------------
def _projects_url() -> str:
    try:
        return reverse("api-mob-projects-geojson")
    except NoReverseMatch:
        return "/api/mobility/projects/geojson"


def _labels() -> dict:
    return {"buses": _("buses on the road"), "bus": _("Bus"), "route": _("Route"), "towards": _("towards"),
            "late": _("late"), "early": _("early"), "on_time": _("on time"), "min": _("min"),
            "speed": _("speed"), "updated": _("updated"), "stop_open": _("Next arrivals"), "routes": _("Routes"),
            "no_live": _("No bus is reporting its position right now."), "projects": _("Transport projects"),
            "projects_missing": _("Transport projects are not available."), "all": _("All routes"),
            "seconds_ago": _("s ago"), "open_project": _("Open project page")}


def _units() -> list[dict]:
    if settings.SMARTCITY_MAP_TILES:
        return []
    from smartcity.hub.views import _context_units

    return _context_units()


def bus_map(request):
    """/mobility/: the public bus map."""
    feeds = active_feeds()
    net = network(feeds)
    stops = sorted((f["properties"] for f in net["features"] if f["properties"]["kind"] == "stop"), key=lambda p: p["name"])
    config = {"network": reverse("mobility-network-geojson"), "live": reverse("mobility-live"), "projects": _projects_url(),
              "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
              "units": _units(), "refresh_s": REFRESH_S, "lang": "en" if _english() else "vi", "labels": _labels()}
    return render(request, "mobility/public_map.html", {
        "routes": net["routes"], "stops": stops, "feeds": feeds, "config": config, "tiles": bool(settings.SMARTCITY_MAP_TILES),
        "refresh_s": REFRESH_S})


# -- a stop and its next arrivals -----------------------------------------------------------------
def _stop_feed(stop_id: str, feed_id: str | None = None):
    for feed in active_feeds():
        if feed_id and str(feed.pk) != feed_id:
            continue
        if stop_id in _schedule(feed).stops:
            return feed
    return None


ARRIVALS_HORIZON_S = 6 * 3600  # how far ahead the stop page looks in the timetable


def scheduled_arrivals(feed, stop_id: str, now: int, limit: int = ARRIVALS_LIMIT) -> list[dict]:
    """Next departures from the timetable (today's service and yesterday's trips past
    midnight), with the trip's current delay from its bus when one is matched to it (the
    baseline: schedule + current delay). Same keys as predictions.next_arrivals."""
    from zoneinfo import ZoneInfo

    schedule = _schedule(feed)
    tz = ZoneInfo(schedule.timezone or "Asia/Ho_Chi_Minh")
    today = dt.datetime.fromtimestamp(now, tz).date()
    candidates = []
    for day in (today - dt.timedelta(days=1), today):
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
        day0 = int(noon.timestamp()) - 12 * 3600
        services = schedule.services_on(day)
        for trip, k in schedule.stop_index().get(stop_id, ()):
            if trip.service_id not in services or k == len(trip.stop_ids) - 1:
                continue
            s = trip.dep[k] if trip.dep[k] is not None else trip.arr[k]
            if s is None:
                continue
            t = day0 + s
            if now - 1800 <= t <= now + ARRIVALS_HORIZON_S:
                candidates.append((t, trip, day))
    live = {}
    trip_ids = {c[1].trip_id for c in candidates}
    for st in VehicleState.objects.filter(feed=feed, trip_id__in=trip_ids, t__gte=now - LIVE_WINDOW_S).select_related("vehicle"):
        live[st.trip_id] = st
    out = []
    for t, trip, day in candidates:
        st = live.get(trip.trip_id)
        delay = st.delay_s if st is not None and st.delay_s is not None else None
        predicted = t + (delay or 0)
        if predicted < now - 30:
            continue
        route = schedule.routes.get(trip.route_id)
        out.append({"trip_id": trip.trip_id, "route_id": trip.route_id,
                    "route_short_name": (route.short_name if route else "") or trip.route_id,
                    "headsign": trip.headsign, "vehicle_label": st.vehicle.label if st is not None else "",
                    "scheduled": t, "predicted": predicted, "delay_s": delay, "realtime": delay is not None})
    out.sort(key=lambda a: (a["predicted"], a["trip_id"]))
    return out[:limit]


def next_arrivals(feed, stop_id: str, now: int, limit: int = ARRIVALS_LIMIT) -> tuple[list[dict], str]:
    """(arrivals, source): the prediction service's when installed, else the timetable's."""
    try:
        from smartcity.mobility.services.predictions import next_arrivals as predicted
    except ImportError:
        return scheduled_arrivals(feed, stop_id, now, limit), "schedule"
    return predicted(feed, stop_id, now, limit=limit), "predictions"


def _arrival_rows(feed, arrivals: list[dict], now: int) -> list[dict]:
    schedule = _schedule(feed)
    rows = []
    for a in arrivals:
        route = schedule.routes.get(a.get("route_id", ""))
        props = _route_props(feed, route) if route else {"colour": "#" + DEFAULT_COLOUR, "text_colour": "#FFFFFF"}
        when = a.get("predicted") or a.get("scheduled")
        delay = a.get("delay_s")
        rows.append(dict(a, colour=props["colour"], text_colour=props["text_colour"],
                         minutes=max(0, round((when - now) / 60)) if when else None,
                         scheduled_label=_clock(a.get("scheduled"), schedule.timezone),
                         predicted_label=_clock(when, schedule.timezone),
                         delay_min=None if delay is None else round(delay / 60)))
    return rows


def _clock(epoch, tz_name: str) -> str:
    if not epoch:
        return ""
    from zoneinfo import ZoneInfo

    return dt.datetime.fromtimestamp(int(epoch), ZoneInfo(tz_name or "Asia/Ho_Chi_Minh")).strftime("%H:%M")


def _stop_context(request, stop_id: str):
    feed = _stop_feed(stop_id, request.GET.get("feed"))
    if feed is None:
        raise Http404(_("No such stop in the published timetables."))
    now = int(time.time())
    arrivals, source = next_arrivals(feed, stop_id, now)
    return feed, now, _arrival_rows(feed, arrivals, now), source


def stop_page(request, stop_id: str):
    """/mobility/stops/<stop_id>/: a stop with its routes and next arrivals."""
    feed, now, rows, source = _stop_context(request, stop_id)
    schedule = _schedule(feed)
    stop = schedule.stops[stop_id]
    served = {t.route_id for t, _k in schedule.stop_index().get(stop_id, ())}
    routes = sorted((_route_props(feed, schedule.routes[r]) for r in served if r in schedule.routes),
                    key=lambda r: _sort_key(r["short_name"]))
    config = {"arrivals": reverse("mobility-stop-arrivals", args=[stop_id]), "refresh_s": ARRIVALS_REFRESH_S,
              "lat": stop.lat, "lon": stop.lon, "name": stop.name, "tiles": settings.SMARTCITY_MAP_TILES,
              "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "lang": "en" if _english() else "vi",
              "labels": {"min": _("min"), "now": pgettext("bus arrival", "now"), "late": _("late"), "early": _("early"), "on_time": _("on time"),
                         "live": _("live"), "timetable": _("timetable"), "none": _("No more buses today.")}}
    return render(request, "mobility/public_stop.html", {
        "feed": feed, "stop": stop, "routes": routes, "arrivals": rows, "source": source, "config": config,
        "updated": _clock(now, schedule.timezone), "refresh_s": ARRIVALS_REFRESH_S})


@require_GET
def stop_arrivals_json(request, stop_id: str):
    feed, now, rows, source = _stop_context(request, stop_id)
    response = JsonResponse({"now": now, "stop_id": stop_id, "source": source, "arrivals": rows},
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response

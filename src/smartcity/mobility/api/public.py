"""Binh Duong's buses as public GTFS-Realtime feeds (no token; cacheable for 10 s), so
trip planners (Google Maps, Transit, OneBusAway) can consume them:

- /api/mobility/gtfs-rt/vehicle-positions.pb and .json
- /api/mobility/gtfs-rt/trip-updates.pb and .json

Vehicles seen in the last 15 minutes. Trip updates come from the prediction service
(`services.predictions.trip_predictions`) when it answers, else from the schedule shifted
by the vehicle's current delay (OneBusAway's baseline) for the stops still ahead.
The .json variants are protobuf's JSON mapping of the very same message.
"""
import datetime as dt
import logging
import time

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from smartcity.mobility.gtfs import rt

log = logging.getLogger("smartcity.mobility.realtime")
router_entries = []
MAX_AGE_S = 900
CACHE = "public, max-age=10"


def _positions(states) -> list:
    out = []
    for vs in states:
        trip = None
        if vs.trip_id:
            trip = rt.TripRef(trip_id=vs.trip_id, route_id=vs.route_id or None, direction_id=vs.direction_id,
                              start_date=vs.service_date.strftime("%Y%m%d") if vs.service_date else None,
                              start_time=vs.start_time or None)
        elif vs.route_id:
            trip = rt.TripRef(route_id=vs.route_id)
        slug = vs.vehicle.asset.slug
        out.append(rt.Position(
            entity_id=slug, vehicle_id=slug, label=vs.vehicle.label or slug, license_plate=vs.vehicle.license_plate or None,
            trip=trip, lat=vs.lat, lon=vs.lon, bearing=vs.bearing,
            speed=None if vs.speed_kmh is None else round(vs.speed_kmh / 3.6, 2), timestamp=vs.t,
            current_stop_sequence=vs.stop_sequence if vs.trip_id else None, stop_id=(vs.stop_id or None) if vs.trip_id else None,
            status=("STOPPED_AT" if vs.at_stop else "IN_TRANSIT_TO") if vs.trip_id and vs.stop_id else None))
    return out


def _predictions(feed, vs, now: int) -> list | None:
    try:
        from smartcity.mobility.services.predictions import trip_predictions
    except ImportError:
        return None
    try:
        return trip_predictions(feed, vs.trip_id, vs.service_date, now) or None
    except Exception:  # a prediction failure must not take the feed down: the baseline answers
        log.exception("trip predictions failed for %s", vs.trip_id)
        return None


def _trip_updates(states, now: int) -> list:
    from smartcity.mobility.models import Feed
    from smartcity.mobility.services import realtime

    feeds = {f.pk: f for f in Feed.objects.filter(pk__in={vs.feed_id for vs in states if vs.feed_id})}
    out = []
    for vs in states:
        feed = feeds.get(vs.feed_id)
        if not vs.trip_id or feed is None or vs.service_date is None:
            continue
        matcher = realtime.matcher_for(feed)
        trip = matcher.schedule.trips.get(vs.trip_id) if matcher is not None else None
        if trip is None:
            continue
        slug = vs.vehicle.asset.slug
        ref = rt.TripRef(trip_id=vs.trip_id, route_id=vs.route_id or None, direction_id=vs.direction_id,
                         start_date=vs.service_date.strftime("%Y%m%d"), start_time=vs.start_time or None)
        updates = []
        preds = _predictions(feed, vs, now)
        if preds:
            for p in preds:
                updates.append(rt.StopTimeUpdate(stop_sequence=p.get("stop_sequence"), stop_id=p.get("stop_id"),
                                                 arrival_time=_int(p.get("predicted_arrival")),
                                                 departure_time=_int(p.get("predicted_departure"))))
        else:
            g = matcher.geom(trip)
            tt = matcher.times(trip, g)
            base = matcher.day_start(vs.service_date) + (vs.shift_s or 0)
            delay = vs.delay_s or 0
            start = vs.next_idx if vs.next_idx is not None else 0
            for k in range(max(0, start), len(trip.stop_ids)):
                a, d = tt.arr[k], tt.dep[k]
                updates.append(rt.StopTimeUpdate(
                    stop_sequence=trip.seqs[k], stop_id=trip.stop_ids[k],
                    arrival_time=None if a is None else int(base + a + delay),
                    departure_time=None if d is None else int(base + d + delay)))
        if not updates:
            continue
        out.append(rt.TripUpdate(entity_id=f"{slug}-{vs.trip_id}", trip=ref, vehicle_id=slug, label=vs.vehicle.label or slug,
                                 timestamp=vs.t, delay=vs.delay_s, stop_time_updates=updates))
    return out


def _int(v):
    return None if v is None else int(v)


def build_feed(kind: str, now: int | None = None):
    """The FeedMessage of `vehicle-positions` or `trip-updates` now."""
    from smartcity.mobility.services import realtime

    now = int(time.time()) if now is None else now
    states = list(realtime.live_vehicles(MAX_AGE_S, now)[:10000])
    if kind == "vehicle-positions":
        return rt.build(now, positions=_positions(states))
    return rt.build(now, trip_updates=_trip_updates(states, now))


def _respond(kind: str, fmt: str) -> HttpResponse:
    msg = build_feed(kind)
    if fmt == "pb":
        resp = HttpResponse(rt.to_bytes(msg), content_type="application/x-protobuf")
    else:
        resp = HttpResponse(rt.to_json(msg), content_type="application/json")
    resp["Cache-Control"] = CACHE
    resp["Access-Control-Allow-Origin"] = "*"
    resp["Last-Modified"] = dt.datetime.fromtimestamp(msg.header.timestamp, dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return resp


@require_GET
def vehicle_positions_pb(request):
    return _respond("vehicle-positions", "pb")


@require_GET
def vehicle_positions_json(request):
    return _respond("vehicle-positions", "json")


@require_GET
def trip_updates_pb(request):
    return _respond("trip-updates", "pb")


@require_GET
def trip_updates_json(request):
    return _respond("trip-updates", "json")


urlpatterns = [
    path("gtfs-rt/vehicle-positions.pb", vehicle_positions_pb, name="api-mob-gtfs-rt-vehicle-positions-pb"),
    path("gtfs-rt/vehicle-positions.json", vehicle_positions_json, name="api-mob-gtfs-rt-vehicle-positions-json"),
    path("gtfs-rt/trip-updates.pb", trip_updates_pb, name="api-mob-gtfs-rt-trip-updates-pb"),
    path("gtfs-rt/trip-updates.json", trip_updates_json, name="api-mob-gtfs-rt-trip-updates-json"),
]

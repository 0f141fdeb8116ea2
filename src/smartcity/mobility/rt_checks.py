"""The CUTR / MobilityData GTFS-Realtime validator's checks that matter for buses, on one
parsed message against the schedule. Pure Python, no Django.

`check(message, schedule, now=..., previous_header_t=...)` returns [(code, sample)], one
entry per occurrence; the caller counts them per source and day and keeps a few samples.
Codes and thresholds follow the reference validator:

E003 trip_id not in the schedule (unless the trip is ADDED)    E004 route_id not in the schedule
E011 stop_id not in the schedule                               E012 header older than an entity
E018 header timestamp went backwards (vs the previous message) E026 latitude/longitude out of range
E027 bearing outside 0-360                                     E028 vehicle outside the agency area
E029 vehicle farther than 200 m from its trip's shape          E050 timestamp in the future (> 60 s)
W004 unrealistic speed (> 26 m/s, ~94 km/h)                    W008 header older than 65 s

E028's area is the stops' bounding box grown by 1609 m (one mile, as the reference does).
E029 uses the trip's shape when it has one (the reference skips trips without a shape).
"""
import math

from smartcity.mobility.matching import M_PER_DEG, Line

AREA_BUFFER_M = 1609.0
SHAPE_MAX_M = 200.0
FUTURE_S = 60
STALE_S = 65
MAX_SPEED_MS = 26.0

CODES = {
    "E003": "trip_id not in the schedule",
    "E004": "route_id not in the schedule",
    "E011": "stop_id not in the schedule",
    "E012": "header timestamp older than an entity's",
    "E018": "header timestamp went backwards",
    "E026": "invalid vehicle latitude/longitude",
    "E027": "invalid vehicle bearing",
    "E028": "vehicle outside the agency area",
    "E029": "vehicle too far from its trip's shape",
    "E050": "timestamp in the future",
    "W004": "unrealistic vehicle speed",
    "W008": "feed older than 65 seconds",
}

_AREAS: dict = {}
_SHAPES: dict = {}


def agency_area(schedule) -> tuple | None:
    """(min_lat, min_lon, max_lat, max_lon) of the stops grown by 1609 m; kept per schedule."""
    key = id(schedule)
    hit = _AREAS.get(key)
    if hit is not None and hit[0] is schedule:
        return hit[1]
    lats = [s.lat for s in schedule.stops.values() if s.lat is not None]
    lons = [s.lon for s in schedule.stops.values() if s.lon is not None]
    area = None
    if lats:
        dlat = AREA_BUFFER_M / M_PER_DEG
        mid = math.radians((min(lats) + max(lats)) / 2)
        dlon = AREA_BUFFER_M / (M_PER_DEG * max(math.cos(mid), 0.01))
        area = (min(lats) - dlat, min(lons) - dlon, max(lats) + dlat, max(lons) + dlon)
    if len(_AREAS) > 32:
        _AREAS.clear()
    _AREAS[key] = (schedule, area)
    return area


def shape_line(schedule, shape_id: str) -> Line | None:
    key = (id(schedule), shape_id)
    hit = _SHAPES.get(key)
    if hit is not None and hit[0] is schedule:
        return hit[1]
    shape = schedule.shapes.get(shape_id)
    line = Line(shape.lats, shape.lons) if shape is not None and len(shape.lats) >= 2 else None
    if len(_SHAPES) > 20000:
        _SHAPES.clear()
    _SHAPES[key] = (schedule, line)
    return line


def _vid(p) -> str:
    return p.vehicle_id or p.label or p.entity_id


def check(message, schedule, *, now: int, previous_header_t: int | None = None) -> list[tuple[str, dict]]:
    """[(code, sample dict)] for one message. `schedule` may be None (schedule checks skipped)."""
    out = []
    add = out.append
    header_t = message.timestamp
    if header_t is not None:
        if previous_header_t is not None and header_t < previous_header_t:
            add(("E018", {"header_timestamp": header_t, "previous": previous_header_t}))
        if header_t > now + FUTURE_S:
            add(("E050", {"entity": None, "timestamp": header_t, "now": now}))
        if now - header_t > STALE_S:
            add(("W008", {"header_timestamp": header_t, "age_s": now - header_t}))
    trips = schedule.trips if schedule is not None else None
    routes = schedule.routes if schedule is not None else None
    stops = schedule.stops if schedule is not None else None
    area = agency_area(schedule) if schedule is not None else None

    def trip_checks(ref, entity):
        if ref is None or schedule is None:
            return
        if ref.trip_id and ref.trip_id not in trips and ref.schedule_relationship != "ADDED":
            add(("E003", {"entity": entity, "trip_id": ref.trip_id}))
        if ref.route_id and ref.route_id not in routes:
            add(("E004", {"entity": entity, "route_id": ref.route_id}))

    for p in message.positions:
        ent = p.entity_id
        trip_checks(p.trip, ent)
        if p.stop_id and stops is not None and p.stop_id not in stops:
            add(("E011", {"entity": ent, "vehicle": _vid(p), "stop_id": p.stop_id}))
        if p.timestamp is not None:
            if header_t is not None and p.timestamp > header_t:
                add(("E012", {"entity": ent, "vehicle": _vid(p), "timestamp": p.timestamp, "header_timestamp": header_t}))
            if p.timestamp > now + FUTURE_S:
                add(("E050", {"entity": ent, "vehicle": _vid(p), "timestamp": p.timestamp, "now": now}))
        if p.lat is None:
            continue
        if not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180) or math.isnan(p.lat) or math.isnan(p.lon):
            add(("E026", {"entity": ent, "vehicle": _vid(p), "lat": p.lat, "lon": p.lon}))
            continue
        if p.bearing is not None and not (0 <= p.bearing <= 360):
            add(("E027", {"entity": ent, "vehicle": _vid(p), "bearing": p.bearing}))
        if p.speed is not None and (p.speed < 0 or p.speed > MAX_SPEED_MS):
            add(("W004", {"entity": ent, "vehicle": _vid(p), "speed_ms": round(p.speed, 2)}))
        if area is not None and not (area[0] <= p.lat <= area[2] and area[1] <= p.lon <= area[3]):
            add(("E028", {"entity": ent, "vehicle": _vid(p), "lat": round(p.lat, 6), "lon": round(p.lon, 6)}))
            continue
        if p.trip is not None and p.trip.trip_id and trips is not None:
            trip = trips.get(p.trip.trip_id)
            if trip is not None and trip.shape_id:
                line = shape_line(schedule, trip.shape_id)
                if line is not None:
                    off = line.distance(p.lat, p.lon)
                    if off > SHAPE_MAX_M:
                        add(("E029", {"entity": ent, "vehicle": _vid(p), "trip_id": trip.trip_id,
                                      "shape_id": trip.shape_id, "distance_m": round(off, 1)}))
    for u in message.trip_updates:
        ent = u.entity_id
        trip_checks(u.trip, ent)
        if u.timestamp is not None:
            if header_t is not None and u.timestamp > header_t:
                add(("E012", {"entity": ent, "timestamp": u.timestamp, "header_timestamp": header_t}))
            if u.timestamp > now + FUTURE_S:
                add(("E050", {"entity": ent, "timestamp": u.timestamp, "now": now}))
        if stops is not None:
            for s in u.stop_time_updates:
                if s.stop_id and s.stop_id not in stops:
                    add(("E011", {"entity": ent, "trip_id": u.trip.trip_id, "stop_id": s.stop_id}))
    return out


def summarise(found, max_samples: int = 5) -> dict:
    """{code: (count, first samples)} of check()'s list."""
    out: dict = {}
    for code, sample in found:
        entry = out.get(code)
        if entry is None:
            out[code] = entry = [0, []]
        entry[0] += 1
        if len(entry[1]) < max_samples:
            entry[1].append(sample)
    return {k: (v[0], v[1]) for k, v in out.items()}

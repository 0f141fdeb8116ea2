"""GTFS-Realtime FeedMessages <-> plain dataclasses. Pure Python (protobuf bindings), no Django.

Producers send protobuf (the spec's wire format) or JSON with protobuf's JSON mapping
(lowerCamelCase or the .proto's snake_case names): both are read through the official
`gtfs_realtime_pb2` classes, so what we accept is exactly what gtfs-realtime.proto
allows, and the dataclasses give the rest of the app plain attributes with None for
absent optional fields (protobuf would give 0). Anything unreadable raises
`RtError(code, message)`; nothing is half-parsed.
"""
from dataclasses import dataclass, field

import orjson
from google.protobuf import json_format
from google.protobuf.message import DecodeError
from google.transit import gtfs_realtime_pb2 as pb

MAX_BYTES = 16 * 1024 * 1024
STATUS_NAMES = {pb.VehiclePosition.INCOMING_AT: "INCOMING_AT", pb.VehiclePosition.STOPPED_AT: "STOPPED_AT",
                pb.VehiclePosition.IN_TRANSIT_TO: "IN_TRANSIT_TO"}
STATUS_CODES = {v: k for k, v in STATUS_NAMES.items()}
TRIP_REL = {v: k for k, v in pb.TripDescriptor.ScheduleRelationship.items()}
STU_REL = {v: k for k, v in pb.TripUpdate.StopTimeUpdate.ScheduleRelationship.items()}


class RtError(ValueError):
    """A message that cannot be read. `code` is machine-readable (bad_protobuf, malformed_json ...)."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass
class TripRef:
    trip_id: str | None = None
    route_id: str | None = None
    direction_id: int | None = None
    start_time: str | None = None
    start_date: str | None = None
    schedule_relationship: str = "SCHEDULED"


@dataclass
class Position:
    """One VehiclePosition entity (speed in m/s as in the spec)."""

    entity_id: str
    vehicle_id: str | None = None
    label: str | None = None
    license_plate: str | None = None
    trip: TripRef | None = None
    lat: float | None = None
    lon: float | None = None
    bearing: float | None = None
    speed: float | None = None
    odometer: float | None = None
    timestamp: int | None = None
    current_stop_sequence: int | None = None
    stop_id: str | None = None
    status: str | None = None

    @property
    def key(self) -> str:
        """What identifies the vehicle: its id, else its label, else the entity id."""
        return self.vehicle_id or self.label or self.entity_id


@dataclass
class StopTimeUpdate:
    stop_sequence: int | None = None
    stop_id: str | None = None
    arrival_delay: int | None = None
    arrival_time: int | None = None
    departure_delay: int | None = None
    departure_time: int | None = None
    schedule_relationship: str = "SCHEDULED"

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class TripUpdate:
    entity_id: str
    trip: TripRef
    vehicle_id: str | None = None
    label: str | None = None
    timestamp: int | None = None
    delay: int | None = None
    stop_time_updates: list[StopTimeUpdate] = field(default_factory=list)


@dataclass
class Message:
    version: str
    timestamp: int | None
    incremental: bool = False
    positions: list[Position] = field(default_factory=list)
    trip_updates: list[TripUpdate] = field(default_factory=list)
    alerts: int = 0
    entities: int = 0


# -- reading ----------------------------------------------------------------------------------
def parse(data, content_type: str | None = None) -> Message:
    """Protobuf bytes or JSON (bytes, text or an already decoded dict). The content type
    decides when given; otherwise a body starting with `{` is JSON."""
    if isinstance(data, dict):
        return from_pb(_from_dict(data))
    if not isinstance(data, (bytes, bytearray, memoryview, str)):
        raise RtError("bad_body", "send a GTFS-Realtime FeedMessage as protobuf or JSON")
    if len(data) > MAX_BYTES:
        raise RtError("payload_too_large", f"the message is {len(data)} bytes; the limit is {MAX_BYTES}", 413)
    if not data:
        raise RtError("empty_body", "the message is empty")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("application/json", "text/json") or (not ctype.endswith("protobuf") and _looks_json(data)):
        return parse_json(data)
    return parse_pb(bytes(data) if not isinstance(data, str) else data.encode())


def _looks_json(data) -> bool:
    head = bytes(data[:64]) if not isinstance(data, str) else data[:64].encode()
    return head.lstrip()[:1] in (b"{", b"[")


def parse_pb(data: bytes) -> Message:
    msg = pb.FeedMessage()
    try:
        msg.ParseFromString(bytes(data))
    except (DecodeError, RuntimeError, ValueError) as exc:
        raise RtError("bad_protobuf", f"not a GTFS-Realtime FeedMessage: {exc}") from None
    return from_pb(msg)


def parse_json(data) -> Message:
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RtError("malformed_json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise RtError("bad_json", "a FeedMessage in JSON is an object with `header` and `entity`")
    return from_pb(_from_dict(obj))


def _from_dict(obj: dict) -> pb.FeedMessage:
    msg = pb.FeedMessage()
    try:
        json_format.ParseDict(obj, msg, ignore_unknown_fields=True)
    except json_format.ParseError as exc:
        raise RtError("bad_json", f"not a GTFS-Realtime FeedMessage: {exc}") from None
    missing = msg.FindInitializationErrors()
    if missing:
        raise RtError("missing_required_fields", f"required fields are missing: {', '.join(missing[:10])}")
    return msg


def _opt(obj, name):
    return getattr(obj, name) if obj.HasField(name) else None


def _trip(td) -> TripRef:
    return TripRef(
        trip_id=_opt(td, "trip_id") or None, route_id=_opt(td, "route_id") or None, direction_id=_opt(td, "direction_id"),
        start_time=_opt(td, "start_time") or None, start_date=_opt(td, "start_date") or None,
        schedule_relationship=TRIP_REL.get(td.schedule_relationship, "SCHEDULED"))


def from_pb(msg) -> Message:
    """A parsed `gtfs_realtime_pb2.FeedMessage` -> Message."""
    h = msg.header
    out = Message(version=h.gtfs_realtime_version, timestamp=h.timestamp if h.HasField("timestamp") else None,
                  incremental=h.incrementality == pb.FeedHeader.DIFFERENTIAL, entities=len(msg.entity))
    for ent in msg.entity:
        if ent.is_deleted:
            continue
        if ent.HasField("vehicle"):
            v = ent.vehicle
            p = Position(entity_id=ent.id)
            if v.HasField("vehicle"):
                d = v.vehicle
                p.vehicle_id, p.label = _opt(d, "id") or None, _opt(d, "label") or None
                p.license_plate = _opt(d, "license_plate") or None
            if v.HasField("trip"):
                p.trip = _trip(v.trip)
            if v.HasField("position"):
                pos = v.position
                p.lat, p.lon = pos.latitude, pos.longitude
                p.bearing, p.speed, p.odometer = _opt(pos, "bearing"), _opt(pos, "speed"), _opt(pos, "odometer")
            p.timestamp = _opt(v, "timestamp")
            p.current_stop_sequence = _opt(v, "current_stop_sequence")
            p.stop_id = _opt(v, "stop_id") or None
            if v.HasField("current_status"):
                p.status = STATUS_NAMES.get(v.current_status)
            out.positions.append(p)
        if ent.HasField("trip_update"):
            tu = ent.trip_update
            u = TripUpdate(entity_id=ent.id, trip=_trip(tu.trip), timestamp=_opt(tu, "timestamp"), delay=_opt(tu, "delay"))
            if tu.HasField("vehicle"):
                u.vehicle_id, u.label = _opt(tu.vehicle, "id") or None, _opt(tu.vehicle, "label") or None
            for s in tu.stop_time_update:
                st = StopTimeUpdate(stop_sequence=_opt(s, "stop_sequence"), stop_id=_opt(s, "stop_id") or None,
                                    schedule_relationship=STU_REL.get(s.schedule_relationship, "SCHEDULED"))
                if s.HasField("arrival"):
                    st.arrival_delay, st.arrival_time = _opt(s.arrival, "delay"), _opt(s.arrival, "time")
                if s.HasField("departure"):
                    st.departure_delay, st.departure_time = _opt(s.departure, "delay"), _opt(s.departure, "time")
                u.stop_time_updates.append(st)
            out.trip_updates.append(u)
        if ent.HasField("alert"):
            out.alerts += 1
    return out


# -- writing ----------------------------------------------------------------------------------
def _set_trip(td, trip: TripRef) -> None:
    if trip.trip_id:
        td.trip_id = trip.trip_id
    if trip.route_id:
        td.route_id = trip.route_id
    if trip.direction_id is not None:
        td.direction_id = trip.direction_id
    if trip.start_time:
        td.start_time = trip.start_time
    if trip.start_date:
        td.start_date = trip.start_date
    if trip.schedule_relationship and trip.schedule_relationship != "SCHEDULED":
        td.schedule_relationship = pb.TripDescriptor.ScheduleRelationship.Value(trip.schedule_relationship)


def build(timestamp: int, positions=(), trip_updates=(), incremental: bool = False):
    """A `gtfs_realtime_pb2.FeedMessage` (version 2.0) from dataclasses."""
    msg = pb.FeedMessage()
    msg.header.gtfs_realtime_version = "2.0"
    msg.header.incrementality = pb.FeedHeader.DIFFERENTIAL if incremental else pb.FeedHeader.FULL_DATASET
    msg.header.timestamp = int(timestamp)
    for p in positions:
        ent = msg.entity.add()
        ent.id = p.entity_id
        v = ent.vehicle
        if p.trip is not None:
            _set_trip(v.trip, p.trip)
        if p.vehicle_id:
            v.vehicle.id = p.vehicle_id
        if p.label:
            v.vehicle.label = p.label
        if p.license_plate:
            v.vehicle.license_plate = p.license_plate
        if p.lat is not None and p.lon is not None:
            v.position.latitude, v.position.longitude = p.lat, p.lon
            if p.bearing is not None:
                v.position.bearing = p.bearing
            if p.speed is not None:
                v.position.speed = p.speed
            if p.odometer is not None:
                v.position.odometer = p.odometer
        if p.timestamp is not None:
            v.timestamp = int(p.timestamp)
        if p.current_stop_sequence is not None:
            v.current_stop_sequence = p.current_stop_sequence
        if p.stop_id:
            v.stop_id = p.stop_id
        if p.status:
            v.current_status = STATUS_CODES[p.status]
    for u in trip_updates:
        ent = msg.entity.add()
        ent.id = u.entity_id
        tu = ent.trip_update
        _set_trip(tu.trip, u.trip)
        if u.vehicle_id:
            tu.vehicle.id = u.vehicle_id
        if u.label:
            tu.vehicle.label = u.label
        if u.timestamp is not None:
            tu.timestamp = int(u.timestamp)
        if u.delay is not None:
            tu.delay = int(u.delay)
        for s in u.stop_time_updates:
            st = tu.stop_time_update.add()
            if s.stop_sequence is not None:
                st.stop_sequence = s.stop_sequence
            if s.stop_id:
                st.stop_id = s.stop_id
            if s.schedule_relationship and s.schedule_relationship != "SCHEDULED":
                st.schedule_relationship = pb.TripUpdate.StopTimeUpdate.ScheduleRelationship.Value(s.schedule_relationship)
            if s.arrival_time is not None or s.arrival_delay is not None:
                if s.arrival_time is not None:
                    st.arrival.time = int(s.arrival_time)
                if s.arrival_delay is not None:
                    st.arrival.delay = int(s.arrival_delay)
            if s.departure_time is not None or s.departure_delay is not None:
                if s.departure_time is not None:
                    st.departure.time = int(s.departure_time)
                if s.departure_delay is not None:
                    st.departure.delay = int(s.departure_delay)
    return msg


def to_bytes(msg) -> bytes:
    return msg.SerializeToString()


def to_json(msg) -> bytes:
    """Protobuf's JSON mapping (lowerCamelCase names, 64-bit integers as strings)."""
    return orjson.dumps(json_format.MessageToDict(msg))

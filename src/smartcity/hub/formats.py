"""Device wire formats -> record dicts for `hub.ingest.Normaliser`. Pure Python, no Django.

Three payload formats reach the hub over MQTT and HTTP:

- ours (topic `smartcity/<key>/<asset>/attrs`): JSON, either one device reading
  `{"time": ..., "values": {"pm25": 35.2, "t": 31}}`, one row `{"quantity", "time", "value"}`,
  a list of such objects, or `{"observations": [...]}`. A row without `asset` belongs to the
  topic's asset.
- FIWARE IoT Agent JSON (topic `/json/<key>/<device>/attrs`, HTTP `POST /iot/json`):
  `{"t": 32.6, "h": 34.4}` or a list of such objects (several measures in one message);
  the reserved key `TimeInstant` carries the observation time.
- FIWARE IoT Agent UltraLight 2.0 (topic `/ul/<key>/<device>/attrs`, HTTP `POST /iot/d`):
  `t|32.6|h|34.4`; several measures separated by `#`; a measure with an odd number of
  fields starts with its timestamp (`2026-11-23T08:00:00+07:00|t|32.6`), and the key
  `TimeInstant` works as in the JSON format.
- FIWARE single-attribute topics (`/json/<key>/<device>/attrs/<attr>` and the `/ul/` one):
  the payload is the bare value.

Short keys (`t`, `h`) stay as they are here: the Normaliser maps them through the asset's
or its type's `attribute_map` (the IoT Agent's device provisioning). A reading without a
time gets the arrival time (`now`); devices that send their own time get exactly-once
storage across redeliveries, because a second copy of a reading is the same
(datastream, time) and changes nothing.

Anything unreadable raises `FormatError(code, message)`; nothing is half-parsed.
"""
from dataclasses import dataclass

import orjson

TIME_KEY = "TimeInstant"
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024

FORMAT_SMARTCITY = "smartcity"
FORMAT_JSON = "json"
FORMAT_UL = "ul"


class FormatError(ValueError):
    """A message that cannot be read at all. `code` is what clients branch on."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Topic:
    format: str  # smartcity | json | ul
    key: str
    device: str
    attribute: str | None = None  # single-attribute FIWARE topics

    @property
    def error_topic(self) -> str:
        """Where the bridge reports what it rejected from this device."""
        return f"smartcity/{self.key}/{self.device}/errors"


# -- topics ------------------------------------------------------------------------------
def parse_topic(topic: str) -> Topic:
    """`smartcity/<key>/<asset>/attrs`, `/json/<key>/<device>/attrs[/<attr>]`,
    `/ul/<key>/<device>/attrs[/<attr>]` (the FIWARE ones with or without the leading slash)."""
    parts = topic.split("/")
    if parts and parts[0] == "":
        parts = parts[1:]
    if len(parts) in (4, 5) and parts[0] in (FORMAT_SMARTCITY, FORMAT_JSON, FORMAT_UL) and parts[3] == "attrs":
        fmt, key, device = parts[0], parts[1], parts[2]
        attribute = parts[4] if len(parts) == 5 else None
        if fmt == FORMAT_SMARTCITY and (attribute is not None or topic.startswith("/")):
            raise FormatError("bad_topic", f"unknown topic {redact_topic(topic)!r}; use smartcity/<key>/<asset>/attrs")
        if not key or not device or attribute == "":
            raise FormatError("bad_topic", f"topic {redact_topic(topic)!r} lacks a key or a device id")
        return Topic(fmt, key, device, attribute)
    raise FormatError("bad_topic", f"unknown topic {redact_topic(topic)!r}; use smartcity/<key>/<asset>/attrs, "
                                   "/json/<key>/<device>/attrs or /ul/<key>/<device>/attrs")


def redact_topic(topic: str) -> str:
    """The topic with its key shortened to a prefix, for logs (keys are secrets)."""
    parts = topic.split("/")
    lead = 1 if parts and parts[0] == "" else 0
    if len(parts) > lead + 1 and len(parts[lead + 1]) > 10:
        parts[lead + 1] = parts[lead + 1][:10] + "…"
    return "/".join(parts)


# -- payloads ----------------------------------------------------------------------------
def _text(payload, what: str) -> str:
    if isinstance(payload, str):
        return payload
    if isinstance(payload, (bytes, bytearray, memoryview)):
        if len(payload) > MAX_PAYLOAD_BYTES:
            raise FormatError("payload_too_large", f"the payload is {len(payload)} bytes; the limit is {MAX_PAYLOAD_BYTES}", 413)
        try:
            return bytes(payload).decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError("bad_encoding", f"{what} must be UTF-8 text") from None
    raise FormatError("bad_payload", f"{what} must be text")


def _json(payload):
    if isinstance(payload, (bytes, bytearray, memoryview)) and len(payload) > MAX_PAYLOAD_BYTES:
        raise FormatError("payload_too_large", f"the payload is {len(payload)} bytes; the limit is {MAX_PAYLOAD_BYTES}", 413)
    if not payload or (isinstance(payload, (bytes, str)) and not payload.strip()):
        raise FormatError("empty_payload", "the payload is empty")
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise FormatError("malformed_json", f"the payload is not valid JSON: {exc}") from None


def _looks_like_time(field: str) -> bool:
    """An ISO 8601 time (2026-11-23T08:00:00Z) or epoch seconds/milliseconds."""
    return bool(field) and field[0].isdigit() and (("-" in field and len(field) >= 10) or (field.isdigit() and len(field) >= 9))


def parse_ultralight(payload, device: str, now: int) -> list[dict]:
    """UltraLight 2.0 -> one device record per measure group.

    `t|32.6|h|34.4#t|32.9|h|35` -> [{asset, time: now, values: {t: "32.6", h: "34.4"}}, ...].
    Values stay text; the Normaliser reads numbers (also with a decimal comma)."""
    text = _text(payload, "an UltraLight payload").strip()
    if not text:
        raise FormatError("empty_payload", "the payload is empty")
    records = []
    for n, group in enumerate(text.split("#")):
        group = group.strip()
        if not group:
            continue
        fields = [f.strip() for f in group.split("|")]
        time_value = now
        if len(fields) % 2 == 1:  # a leading timestamp, or a key without its value
            if not _looks_like_time(fields[0]):
                raise FormatError("bad_ultralight", f"measure {n} ({group!r}) has a key without a value: "
                                                    "expected key|value pairs like t|32.6")
            time_value, fields = fields[0], fields[1:]
        values = {}
        for i in range(0, len(fields), 2):
            key, value = fields[i], fields[i + 1]
            if not key:
                raise FormatError("bad_ultralight", f"measure {n}: an attribute key is empty in {group!r}")
            if key == TIME_KEY:
                time_value = value
            else:
                values[key] = value
        if not values:
            raise FormatError("bad_ultralight", f"measure {n} has no attribute: expected key|value pairs like t|32.6")
        records.append({"asset": device, "time": time_value, "values": values})
    if not records:
        raise FormatError("empty_payload", "the payload has no measure")
    return records


def _measure(obj: dict, device: str, now: int, n: int) -> dict:
    values = {k: v for k, v in obj.items() if k != TIME_KEY}
    if not values:
        raise FormatError("bad_payload", f"measure {n} has no attribute: expected an object like {{\"t\": 32.6}}")
    return {"asset": device, "time": obj.get(TIME_KEY, now), "values": values}


def parse_iota_json(payload, device: str, now: int) -> list[dict]:
    """FIWARE IoT Agent JSON: an object of attribute: value, or a list of such objects."""
    data = _json(payload)
    if isinstance(data, dict):
        return [_measure(data, device, now, 0)]
    if isinstance(data, list) and data:
        if not all(isinstance(m, dict) for m in data):
            raise FormatError("bad_payload", "a list of measures must hold objects only")
        return [_measure(m, device, now, n) for n, m in enumerate(data)]
    raise FormatError("bad_payload", "send an object of attribute: value (or a non-empty list of them)")


def parse_single_attribute(payload, device: str, attribute: str, now: int) -> list[dict]:
    """FIWARE `.../attrs/<attr>` topics: the payload is the value alone."""
    text = _text(payload, "the value").strip()
    if not text:
        raise FormatError("empty_payload", "the payload is empty")
    return [{"asset": device, "time": now, "values": {attribute: text}}]


def parse_smartcity_json(payload, asset: str, now: int) -> list[dict]:
    """Our JSON: a device record, a row, a list of them, or {"observations": [...]}.
    Each record without an asset gets the topic's; each without a time gets `now`."""
    data = _json(payload)
    if isinstance(data, dict):
        if "observations" in data:
            data = data["observations"]
        else:
            data = [data]
    if not isinstance(data, list) or not data:
        raise FormatError("bad_payload", "send {\"time\", \"values\": {...}}, a row, or a non-empty list of them")
    records = []
    for rec in data:
        if isinstance(rec, dict):
            if "datastream" not in rec:
                rec.setdefault("asset", asset)
            if rec.get("time") in (None, ""):
                rec["time"] = now
        records.append(rec)  # anything else is reported per row by the Normaliser
    return records


def parse_body(fmt: str, payload, device: str, now: int, attribute: str | None = None) -> list[dict]:
    if attribute is not None:
        return parse_single_attribute(payload, device, attribute, now)
    if fmt == FORMAT_UL:
        return parse_ultralight(payload, device, now)
    if fmt == FORMAT_JSON:
        return parse_iota_json(payload, device, now)
    if fmt == FORMAT_SMARTCITY:
        return parse_smartcity_json(payload, device, now)
    raise FormatError("bad_format", f"unknown format {fmt!r}")


def parse_message(topic: str, payload, now: int) -> tuple[Topic, list[dict]]:
    """An MQTT message -> (its topic's parts, records for the Normaliser)."""
    t = parse_topic(topic)
    return t, parse_body(t.format, payload, t.device, now, t.attribute)

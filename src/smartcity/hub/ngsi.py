"""NGSI-LD (ETSI GS CIM 009) mapping for the hub, as pure functions: no Django here.

What lives here and why it is separate from the views: the naming rules (our quantity
codes -> FIWARE Smart Data Models attribute names per entity type), the entity and
temporal representations, the query language (`q`), geo-queries and the error bodies are
all plain data transformations, so they are fast to test and easy to read next to the
standard. The views (ngsi_views.py) only fetch rows and call these.

Entities are the hub's assets: id `urn:ngsi-ld:<Type>:<slug>`, type = AssetType.ngsi_type.
Measured attributes are the newest reading of each datastream (hub_latest).
"""
from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from smartcity.hub import registry
from smartcity.hub.geo import EARTH_RADIUS_M, haversine_m
from smartcity.hub.timebase import DAY_OFFSET, iso_utc, parse_time

CORE_CONTEXT_URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
CORE_CONTEXT_FILE = Path(__file__).with_name("ngsi-ld-core-context.json")
DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"
NGSI_LD_PREFIX = "https://uri.etsi.org/ngsi-ld/"
JSONLD_REL = "http://www.w3.org/ns/json-ld#context"
URN_PREFIX = "urn:ngsi-ld:"

ERROR_BASE = "https://uri.etsi.org/ngsi-ld/errors/"
BAD_REQUEST = "BadRequestData"
INVALID_REQUEST = "InvalidRequest"
NOT_FOUND = "ResourceNotFound"
NOT_SUPPORTED = "OperationNotSupported"
TOO_MANY = "TooManyResults"

DEFAULT_LIMIT = 20
MAX_LIMIT = 1000
# a temporal answer holds at most this many instances per attribute; more -> 206 + Content-Range
TEMPORAL_MAX_INSTANCES = 10_000

# reading status (hub.models.Status) by number, so non-valid readings can say what they are
STATUS_NAMES = {0: "valid", 1: "calibrating", 2: "error", 3: "suspect", 4: "maintenance", 9: "unknown"}


def N_(message: str) -> str:
    """Marks an English msgid that the views translate (like gettext_noop)."""
    return message


class NgsiError(Exception):
    """An error that becomes a ProblemDetails body. `message` is an English msgid with
    %(name)s placeholders filled from `params` after translation."""

    def __init__(self, kind: str, message: str, status: int = 400, field: str | None = None, **params):
        super().__init__(message % params if params else message)
        self.kind, self.message, self.status, self.field, self.params = kind, message, status, field, params


def bad_request(message: str, field: str | None = None, **params) -> NgsiError:
    return NgsiError(BAD_REQUEST, message, 400, field, **params)


def problem_details(kind: str, title: str, detail: str, status: int, field: str | None = None) -> dict:
    """RFC 7807 ProblemDetails with the NGSI-LD error type URI, plus the platform's own
    error keys (code, errors) so every API error of the platform can be read the same way."""
    errors = [{"field": field, "code": kind, "message": detail}] if field else []
    return {"type": ERROR_BASE + kind, "title": title, "status": status, "detail": detail, "code": kind, "errors": errors}


@lru_cache(maxsize=1)
def core_context() -> dict:
    """The NGSI-LD core @context, shipped in the package: nothing is fetched."""
    return json.loads(CORE_CONTEXT_FILE.read_text(encoding="utf-8"))


def expand_term(term: str) -> str:
    """Full URI of a short name under the core context (default vocabulary otherwise)."""
    if "://" in term or term.startswith("urn:"):
        return term
    entry = core_context()["@context"].get(term)
    if isinstance(entry, dict):
        entry = entry.get("@id")
    if isinstance(entry, str) and entry.startswith("ngsi-ld:"):
        return NGSI_LD_PREFIX + entry[len("ngsi-ld:"):]
    return DEFAULT_VOCAB + term


def compact_term(term: str) -> str:
    """Short name of a type or attribute given either way. We resolve no remote @context:
    a full URI is reduced to its last segment (default-context, Smart Data Models, ...)."""
    term = term.strip()
    if term.startswith(NGSI_LD_PREFIX) and not term.startswith(DEFAULT_VOCAB):
        return term.rsplit("/", 1)[-1]
    if "://" in term:
        return re.split(r"[/#]", term.rstrip("/#"))[-1]
    return term


# ---------------------------------------------------------------------------------------
# Units: our unit strings -> UN/CEFACT Common Codes (Recommendation 20), which NGSI-LD's
# unitCode expects. Units without a code (NTU, MPN/100mL, pH's "-") get no unitCode.
UNIT_CODES = {
    "µg/m³": "GQ",      # microgram per cubic metre
    "mg/m³": "GP",      # milligram per cubic metre
    "°C": "CEL",        # degree Celsius
    "K": "KEL",         # kelvin
    "%": "P1",          # percent
    "mg/L": "M1",       # milligram per litre
    "W": "WTT",         # watt
    "kW": "KWT",        # kilowatt
    "kWh": "KWH",       # kilowatt hour
    "Wh": "WHR",        # watt hour
    "m/s": "MTS",       # metre per second
    "km/h": "KMH",      # kilometre per hour
    "hPa": "A97",       # hectopascal
    "kPa": "KPA",       # kilopascal
    "Pa": "PAL",        # pascal
    "mm": "MMT",        # millimetre
    "cm": "CMT",        # centimetre
    "m": "MTR",         # metre
    "m³": "MTQ",        # cubic metre
    "m³/h": "MQH",      # cubic metre per hour
    "m³/s": "MQS",      # cubic metre per second
    "L/s": "G51",       # litre per second
    "lx": "LUX",        # lux
    "dB(A)": "2N",      # decibel
    "°": "DD",          # degree (angle)
    "µS/cm": "G42",     # microsiemens per centimetre
    "mS/cm": "H61",     # millisiemens per centimetre
    "count": "C62",     # one (a plain number)
    "MB": "4L",         # megabyte
    "GB": "E34",        # gigabyte
    "kB": "2P",         # kilobyte
    "ppm": "59",        # part per million
    "ppb": "61",        # part per billion
}


def unit_code(unit: str | None) -> str | None:
    return UNIT_CODES.get(unit or "")


# ---------------------------------------------------------------------------------------
# Attribute names. Smart Data Models spell some names in ways no rule derives (O2, bod,
# NH4, Cr-VI), and one quantity may be named differently by two types (nitrite is NO2 in
# WaterQualityObserved, while no2 is nitrogen dioxide in AirQualityObserved).
# Order of lookup: per-type table, then the explicit table, then the registry's ngsi_name,
# then the quantity code in camelCase.
TYPE_ATTRIBUTES = {
    "WaterQualityObserved": {"nitrite": "NO2", "water_temperature": "temperature", "flow": "flow"},
    "AirQualityObserved": {"aqi": "airQualityIndex"},
    "Streetlight": {"dimming_level": "illuminanceLevel", "power": "powerConsumption"},
    "WasteContainer": {"fill_level": "fillingLevel"},
}
QUANTITY_ATTRIBUTES = {
    "arsenic": "As", "cadmium": "Cd", "chromium_vi": "Cr-VI", "copper": "Cu", "mercury": "Hg", "lead": "Pb",
    "zinc": "Zn", "e_coli": "escherichiaColi", "dissolved_oxygen": "O2", "bod5": "bod", "ammonium": "NH4",
    "nitrate": "NO3", "phosphate": "PO4", "ph": "pH", "relative_humidity": "relativeHumidity",
}
# quantities whose stored value is divided on the way out: fill_level is kept in %, while
# Smart Data Models' fillingLevel is a ratio 0..1. (divisor, unitCode of the scaled value)
SCALES = {"fill_level": (100, "C62")}


def _camel(code: str) -> str:
    head, *rest = code.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def attribute_name(ngsi_type: str, quantity: str) -> str:
    """The NGSI-LD attribute name of quantity `quantity` in an entity of type `ngsi_type`."""
    name = TYPE_ATTRIBUTES.get(ngsi_type, {}).get(quantity) or QUANTITY_ATTRIBUTES.get(quantity)
    if name:
        return name
    qdef = registry.QUANTITIES.get(quantity)
    if qdef is not None and qdef.ngsi_name:
        return qdef.ngsi_name
    return _camel(quantity)


@lru_cache(maxsize=256)
def _reverse(ngsi_type: str, n_quantities: int) -> dict:
    out: dict[str, list[str]] = {}
    for code in sorted(registry.QUANTITIES):
        out.setdefault(attribute_name(ngsi_type, code), []).append(code)
    return out


def quantities_for(ngsi_type: str, name: str) -> list[str]:
    """Quantity codes that appear as attribute `name` in entities of type `ngsi_type`."""
    return _reverse(ngsi_type, len(registry.QUANTITIES)).get(name, [])


def divisor_of(quantity: str) -> float:
    """Exposed value = stored value / divisor (1 for nearly every quantity)."""
    return SCALES.get(quantity, (1, None))[0]


def stored_value(quantity: str, exposed: float) -> float:
    """The stored value that shows as `exposed` (for comparisons done in SQL)."""
    d = divisor_of(quantity)
    return exposed if d == 1 else round(exposed * d, 9)


def ngsi_type_for(code: str, ngsi_type: str | None = None) -> str:
    """AssetType.ngsi_type, or a CamelCase name made from the type code when it is unset."""
    if ngsi_type:
        return ngsi_type
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[-_]", code) if p)


# ---------------------------------------------------------------------------------------
# Entity ids
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def entity_id(ngsi_type: str, slug: str) -> str:
    return f"{URN_PREFIX}{ngsi_type}:{slug}"


def is_uri(text: str) -> bool:
    return bool(_URI.match(text or ""))


def parse_entity_id(text: str) -> tuple[str, str] | None:
    """(type, slug) of one of our ids; None for a URI that is not ours.
    Raises NgsiError(BadRequestData) when the text is not a URI at all."""
    if not is_uri(text):
        raise bad_request(N_("The entity id %(id)s is not a URI."), field="id", id=text)
    if not text.startswith(URN_PREFIX):
        return None
    rest = text[len(URN_PREFIX):]
    ngsi_type, sep, slug = rest.partition(":")
    if not sep or not ngsi_type or not slug:
        return None
    return ngsi_type, slug


# ---------------------------------------------------------------------------------------
# Entities
RESERVED = {"id", "type", "@context", "scope", "location", "observationSpace", "operationSpace", "createdAt",
            "modifiedAt", "deletedAt", "observedAt", "name", "address", "dataProvider", "dateObserved"}
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


class Reading(NamedTuple):
    """The newest reading of one datastream, as the entity shows it. A plain tuple in this
    order (a database row) works as well: a page of 1,000 entities has ~10,000 of them."""

    quantity: str
    unit: str
    t: int
    value: float | None
    status: int = 0
    received: int | None = None
    created: datetime | None = None


@dataclass
class AssetRow:
    """What an entity needs from an asset (a row, not a model instance: cheap to build)."""

    slug: str
    ngsi_type: str
    name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geometry: dict | None = None
    address: str = ""
    properties: dict = field(default_factory=dict)
    owner: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def _iso_dt(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def location_geometry(row: AssetRow) -> dict | None:
    """GeoJSON of the entity's location: the point when known, else the asset's geometry."""
    if row.latitude is not None and row.longitude is not None:
        return {"type": "Point", "coordinates": [row.longitude, row.latitude]}
    geom = row.geometry
    if isinstance(geom, dict) and geom.get("type") == "Feature":
        geom = geom.get("geometry")
    if isinstance(geom, dict) and "type" in geom and ("coordinates" in geom or "geometries" in geom):
        return geom
    return None


def property_attribute_names(properties) -> list[str]:
    """Keys of Asset.properties that are exposed as attributes."""
    if not isinstance(properties, dict):
        return []
    return [k for k, v in properties.items() if v is not None and k not in RESERVED and ATTRIBUTE_NAME.match(k)]


def _static_attributes(row: AssetRow) -> dict:
    out = {}
    if row.name:
        out["name"] = {"type": "Property", "value": row.name}
    if row.address:
        out["address"] = {"type": "Property", "value": {"streetAddress": row.address, "addressCountry": "VN"}}
    geom = location_geometry(row)
    if geom is not None:
        out["location"] = {"type": "GeoProperty", "value": geom}
    if row.owner:
        out["dataProvider"] = {"type": "Property", "value": row.owner}
    return out


def is_relationship(key: str, value) -> bool:
    """Smart Data Models name references refXxx; their values are entity ids."""
    if not (key.startswith("ref") and len(key) > 3 and key[3].isupper()):
        return False
    return isinstance(value, str) or (isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))


def _property_attributes(row: AssetRow) -> dict:
    out = {}
    for key in property_attribute_names(row.properties):
        value = row.properties[key]
        if is_relationship(key, value):
            out[key] = {"type": "Relationship", "object": value}
        else:
            out[key] = {"type": "Property", "value": value}
    return out


_ISO: dict[int, str] = {}


def iso_z(t: int) -> str:
    """iso_utc with a memo: the readings of a page mostly share a few timestamps."""
    text = _ISO.get(t)
    if text is None:
        if len(_ISO) > 100_000:
            _ISO.clear()
        text = _ISO[t] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    return text


_INFO: dict[tuple, tuple] = {}
_INFO_SIZE = [0]


def attribute_info(ngsi_type: str, quantity: str, unit: str) -> tuple[str, float, str | None]:
    """(attribute name, divisor, unitCode) of a datastream, memoised."""
    if _INFO_SIZE[0] != len(registry.QUANTITIES):  # the registry grew: names may change
        _INFO.clear()
        _INFO_SIZE[0] = len(registry.QUANTITIES)
    key = (ngsi_type, quantity, unit)
    info = _INFO.get(key)
    if info is None:
        divisor, scaled_unit = SCALES.get(quantity, (1, None))
        info = _INFO[key] = (attribute_name(ngsi_type, quantity), divisor, scaled_unit or unit_code(unit))
    return info


def _property(value, t: int, divisor, code, status) -> dict:
    prop = {"type": "Property", "value": value if divisor == 1 else value / divisor, "observedAt": iso_z(t)}
    if code:
        prop["unitCode"] = code
    if status:
        prop["readingStatus"] = {"type": "Property", "value": STATUS_NAMES.get(status, "unknown")}
    return prop


def measured_property(reading, ngsi_type: str = "", sys_attrs: bool = False) -> dict | None:
    """The Property of one reading; None when it has no value to show."""
    quantity, unit, t, value, status = reading[:5]
    if value is None or value != value:  # NULL or NaN
        return None
    _name, divisor, code = attribute_info(ngsi_type, quantity, unit)
    prop = _property(value, t, divisor, code, status)
    if sys_attrs:
        created = reading[6] if len(reading) > 6 else None
        received = reading[5] if len(reading) > 5 else None
        if created is not None:
            prop["createdAt"] = _iso_dt(created)
        if received is not None:
            prop["modifiedAt"] = iso_z(received)
    return prop


_by_quantity = itemgetter(0)


def build_entity(row: AssetRow, readings, attrs: set[str] | None = None, sys_attrs: bool = False) -> dict:
    """The normalized NGSI-LD entity of one asset and its newest readings (Reading or
    tuples in the same order). Attributes come in a stable order: name, address,
    location, dataProvider, dateObserved, then the others alphabetically."""
    if _INFO_SIZE[0] != len(registry.QUANTITIES):
        attribute_info("", "", "")  # the registry grew: forget memoised names
    ngsi_type = row.ngsi_type
    entity: dict = {"id": f"{URN_PREFIX}{ngsi_type}:{row.slug}", "type": ngsi_type}
    first = _static_attributes(row)
    rest = _property_attributes(row) if row.properties else {}
    newest = None
    seen = set()
    info_get = _INFO.get
    iso_get = _ISO.get
    for reading in sorted(readings, key=_by_quantity) if len(readings) > 1 else readings:
        quantity, unit, t, value, status = reading[:5]
        if value is None or value != value:  # NULL or NaN
            continue
        info = info_get((ngsi_type, quantity, unit)) or attribute_info(ngsi_type, quantity, unit)
        name = info[0]
        if name in seen:  # two quantities with one name: the second keeps its code
            name = quantity
        seen.add(name)
        if sys_attrs:
            prop = measured_property(reading, ngsi_type, True)
        else:  # the hot path, inlined: ~10,000 of these for a page of 1,000 entities
            prop = {"type": "Property", "value": value if info[1] == 1 else value / info[1],
                    "observedAt": iso_get(t) or iso_z(t)}
            if info[2]:
                prop["unitCode"] = info[2]
            if status:
                prop["readingStatus"] = {"type": "Property", "value": STATUS_NAMES.get(status, "unknown")}
        rest[name] = prop
        if newest is None or t > newest:
            newest = t
    if newest is not None and ngsi_type.endswith("Observed"):
        first["dateObserved"] = {"type": "Property", "value": iso_z(newest)}
    for name, attr in first.items():
        if attrs is None or name in attrs:
            entity[name] = attr
    for name in sorted(rest, key=str.lower):
        if attrs is None or name in attrs:
            entity[name] = rest[name]
    if sys_attrs:
        if row.created_at is not None:
            entity["createdAt"] = _iso_dt(row.created_at)
        if row.updated_at is not None:
            entity["modifiedAt"] = _iso_dt(row.updated_at)
    return entity


_by_time = itemgetter(2)
_quantity_of, _unit_of = itemgetter(0), itemgetter(1)


def _plan(ngsi_type: str, quantities: tuple, units: tuple, attrs: set[str] | None) -> tuple:
    """((index of the reading, attribute name, divisor, unitCode), ...) in the order
    build_entity puts the measured attributes of an entity of this type whose readings
    are these (quantity, unit) pairs, in this order, all with a value; attributes outside
    `attrs` are left out. build_entity's own rules, worked out once per shape of entity."""
    names, seen = {}, set()
    for i in sorted(range(len(quantities)), key=quantities.__getitem__):  # build_entity's order: by quantity
        quantity = quantities[i]
        name, divisor, code = attribute_info(ngsi_type, quantity, units[i])
        if name in seen:  # two quantities with one name: the second keeps its code
            name = quantity
        seen.add(name)
        names[name] = (i, name, divisor, code)
    return tuple(names[name] for name in sorted(names, key=str.lower) if attrs is None or name in attrs)


def build_entities(rows, readings_of, attrs: set[str] | None = None) -> list[dict]:
    """[build_entity(row, readings, attrs) for each row and its readings], the normalized
    form without sysAttrs, for a page of entities. Entities of one type with the same
    datastreams (quantity and unit) share one plan of their attribute names and order,
    worked out once per page, so each reading costs one Property dict. An entity with
    attributes from its asset's properties, or with a reading without a value, takes
    build_entity itself."""
    if _INFO_SIZE[0] != len(registry.QUANTITIES):
        attribute_info("", "", "")  # the registry grew: forget memoised names
    plans: dict[tuple, tuple] = {}
    iso_get = _ISO.get
    out = []
    append = out.append
    for row, readings in zip(rows, readings_of):
        if row.properties:
            append(build_entity(row, readings, attrs))
            continue
        ngsi_type = row.ngsi_type
        key = (ngsi_type, tuple(map(_quantity_of, readings)), tuple(map(_unit_of, readings)))
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(ngsi_type, key[1], key[2], attrs)
        entity: dict = {"id": f"{URN_PREFIX}{ngsi_type}:{row.slug}", "type": ngsi_type}
        first = _static_attributes(row)
        if readings and ngsi_type.endswith("Observed"):
            first["dateObserved"] = {"type": "Property", "value": iso_z(max(map(_by_time, readings)))}
        if attrs is None:
            entity.update(first)
        else:
            for name, attr in first.items():
                if name in attrs:
                    entity[name] = attr
        for i, name, divisor, code in plan:
            _q, _u, t, value, status = readings[i][:5]
            if value is None or value != value:  # NULL or NaN: not this shape after all
                break
            prop = {"type": "Property", "value": value if divisor == 1 else value / divisor, "observedAt": iso_get(t) or iso_z(t)}
            if code:
                prop["unitCode"] = code
            if status:
                prop["readingStatus"] = {"type": "Property", "value": STATUS_NAMES.get(status, "unknown")}
            entity[name] = prop
        else:  # every reading of the plan has a value; the others (if any) must have one too
            if len(plan) == len(readings) or all(r[3] is not None and r[3] == r[3] for r in readings):
                append(entity)
                continue
        append(build_entity(row, readings, attrs))  # a reading without a value: the general rules
    return out


def key_values(entity: dict) -> dict:
    """The simplified (keyValues) form of a normalized entity."""
    out = {}
    for key, attr in entity.items():
        if isinstance(attr, dict) and "type" in attr:
            kind = attr["type"]
            if kind == "Relationship":
                out[key] = attr.get("object")
            else:
                out[key] = attr.get("value")
        else:
            out[key] = attr
    return out


def geojson_feature(entity: dict, simplified: bool = False) -> dict:
    """One entity as a GeoJSON Feature (Accept: application/geo+json)."""
    loc = entity.get("location")
    if isinstance(loc, dict) and loc.get("type") == "GeoProperty":
        geometry = loc.get("value")
    elif isinstance(loc, dict) and "coordinates" in loc:
        geometry = loc
    else:
        geometry = None
    props = {k: v for k, v in entity.items() if k != "id"}
    if simplified:
        props = key_values(props)
    return {"id": entity["id"], "type": "Feature", "geometry": geometry, "properties": props}


# ---------------------------------------------------------------------------------------
# The query language (clause 4.9): q=pm25>50;temperature<30|(no2==10..40)
# ';' is AND, '|' is OR, AND binds tighter, parentheses group.

@dataclass(frozen=True)
class DateTimeValue:
    epoch: int
    text: str


@dataclass(frozen=True)
class Range:
    low: object
    high: object


@dataclass(frozen=True)
class Term:
    attr: str
    path: tuple = ()        # sub-attribute (attr.observedAt) or compound value keys (attr[key])
    op: str | None = None   # None: the attribute exists
    value: object = None    # number, str, bool, DateTimeValue, Range, or tuple (a list)
    sub_attr: str | None = None


@dataclass(frozen=True)
class And:
    parts: tuple


@dataclass(frozen=True)
class Or:
    parts: tuple


_OPERATORS = ("!~=", "==", "!=", ">=", "<=", "~=", ">", "<")
_NUMBER = re.compile(r"^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_NAME_STOP = set("=!<>~;|()[].\"'")
MAX_Q_LENGTH = 2000
MAX_Q_DEPTH = 20


class _QParser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.depth = 0

    def fail(self, message, **params):
        raise NgsiError(BAD_REQUEST, message, 400, "q", **params)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def parse(self):
        node = self.expr()
        if self.i != len(self.s):
            self.fail(N_("Unexpected character %(char)s at position %(pos)s in q."), char=self.s[self.i], pos=self.i + 1)
        return node

    def expr(self):
        parts = [self.and_expr()]
        while self.peek() == "|":
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = [self.factor()]
        while self.peek() == ";":
            self.i += 1
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def factor(self):
        if self.peek() == "(":
            self.depth += 1
            if self.depth > MAX_Q_DEPTH:
                self.fail(N_("The q expression is nested too deeply."))
            self.i += 1
            node = self.expr()
            if self.peek() != ")":
                self.fail(N_("A parenthesis is not closed in q."))
            self.i += 1
            self.depth -= 1
            return node
        return self.term()

    def name(self) -> str:
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in _NAME_STOP and not self.s[self.i].isspace():
            self.i += 1
        text = self.s[start:self.i]
        if not text:
            self.fail(N_("An attribute name is missing at position %(pos)s in q."), pos=start + 1)
        return text

    def term(self):
        attr = compact_term(self.name())
        sub_attr = None
        path = []
        if self.peek() == ".":
            self.i += 1
            sub_attr = self.name()
        while self.peek() == "[":
            self.i += 1
            path.append(self.name())
            if self.peek() != "]":
                self.fail(N_("A bracket is not closed in q."))
            self.i += 1
        op = next((o for o in _OPERATORS if self.s.startswith(o, self.i)), None)
        if op is None:
            if self.peek() not in ("", ";", "|", ")"):
                self.fail(N_("Unknown operator at position %(pos)s in q."), pos=self.i + 1)
            return Term(attr, tuple(path), None, None, sub_attr)
        self.i += len(op)
        if op in ("~=", "!~="):
            value = self.regex()
        else:
            value = self.value(op)
        return Term(attr, tuple(path), op, value, sub_attr)

    def regex(self) -> str:
        if self.peek() == '"':
            pattern = self.quoted()
        else:
            start, depth = self.i, 0
            while self.i < len(self.s):
                ch = self.s[self.i]
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif ch in ";|" and depth == 0:
                    break
                self.i += 1
            pattern = self.s[start:self.i]
        return check_pattern(pattern, "q")

    def quoted(self) -> str:
        self.i += 1
        out = []
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch == "\\" and self.i + 1 < len(self.s):
                out.append(self.s[self.i + 1])
                self.i += 2
                continue
            if ch == '"':
                self.i += 1
                return "".join(out)
            out.append(ch)
            self.i += 1
        self.fail(N_("A quoted string is not closed in q."))

    def raw_value(self) -> list:
        """Comma-separated items up to the end of the term; quoted items keep their quotes' meaning."""
        items, cur, quoted_item = [], [], False
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch == '"' and not cur:
                items.append(("q", self.quoted()))
                quoted_item = True
                continue
            if ch in ";|)":
                break
            if ch == ",":
                if not quoted_item:
                    items.append(("r", "".join(cur)))
                cur, quoted_item = [], False
                self.i += 1
                continue
            cur.append(ch)
            self.i += 1
        if not quoted_item:
            items.append(("r", "".join(cur)))
        return items

    def value(self, op: str):
        items = self.raw_value()
        if len(items) > 1:
            if op not in ("==", "!="):
                self.fail(N_("A list of values may only follow == or != in q."))
            return tuple(self.scalar(kind, text) for kind, text in items)
        kind, text = items[0]
        if kind == "r" and ".." in text and not _DATETIME.match(text):
            low, _, high = text.partition("..")
            if op not in ("==", "!="):
                self.fail(N_("A range may only follow == or != in q."))
            return Range(self.scalar("r", low), self.scalar("r", high))
        return self.scalar(kind, text)

    def scalar(self, kind: str, text: str):
        if kind == "q":
            return text
        text = text.strip()
        if not text:
            self.fail(N_("A value is missing in q."))
        if text[0] in "=<>!~":
            self.fail(N_("Unknown operator at position %(pos)s in q."), pos=self.i - len(text) + 1)
        if text in ("true", "false"):
            return text == "true"
        if _NUMBER.match(text):
            number = float(text)
            return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
        if _DATETIME.match(text):
            try:
                return DateTimeValue(parse_time(text), text)
            except ValueError:
                self.fail(N_("The time %(value)s in q is not valid."), value=text)
        return text  # a URI or a bare word: compared as a string


MAX_PATTERN_LENGTH = 256
# a quantified group that itself holds a quantifier, e.g. (a+)+ or (.*)*: patterns like
# these backtrack exponentially in Python's re (SQLite evaluates REGEXP with it)
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)(?:[*+]|\{\d*,)")


def check_pattern(pattern: str, field: str) -> str:
    """A regular expression from a request, refused when invalid, long or explosive."""
    if len(pattern) > MAX_PATTERN_LENGTH or _NESTED_QUANTIFIER.search(pattern):
        raise bad_request(N_("The pattern %(pattern)s is too long or too complex."), field=field, pattern=pattern[:60])
    try:
        re.compile(pattern)
    except re.error:
        raise bad_request(N_("The pattern %(pattern)s is not a valid regular expression."), field=field,
                          pattern=pattern[:60]) from None
    return pattern


def parse_q(text: str):
    """The query as a tree of And/Or/Term. Raises NgsiError(BadRequestData)."""
    if text is None or not text.strip():
        raise bad_request(N_("The q parameter is empty."), field="q")
    if len(text) > MAX_Q_LENGTH:
        raise bad_request(N_("The q parameter is too long."), field="q")
    return _QParser(text.strip()).parse()


# ---------------------------------------------------------------------------------------
# Geo-queries (clause 4.10): georel=near;maxDistance==2000&geometry=Point&coordinates=[lon,lat]
GEORELS = ("near", "within", "contains", "intersects", "equals", "disjoint", "overlaps")
GEOMETRIES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


@dataclass
class GeoQuery:
    rel: str
    geometry: dict
    max_distance: float | None = None
    min_distance: float | None = None
    _shape: object = None

    @property
    def shape(self):
        if self._shape is None:
            from shapely.geometry import shape

            self._shape = shape(self.geometry)
        return self._shape

    def bbox(self) -> tuple[float, float, float, float] | None:
        """(min_lon, min_lat, max_lon, max_lat) that every matching point lies in; None when
        no box can be said (disjoint, minDistance only)."""
        if self.rel == "disjoint":
            return None
        if self.rel == "near":
            if self.max_distance is None:
                return None
            lon, lat = self.geometry["coordinates"][:2]
            dlat = math.degrees(self.max_distance / EARTH_RADIUS_M) * 1.01
            coslat = max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6)
            dlon = dlat / coslat
            return lon - dlon, lat - dlat, lon + dlon, lat + dlat
        return self.shape.bounds

    def matches(self, geom: dict | None) -> bool:
        if geom is None:
            return False
        if self.rel == "near":
            distance = distance_m(self.geometry["coordinates"][:2], geom)
            if distance is None:
                return False
            if self.max_distance is not None and distance > self.max_distance:
                return False
            if self.min_distance is not None and distance < self.min_distance:
                return False
            return True
        from shapely.geometry import shape

        try:
            target = shape(geom)
        except Exception:  # a stored geometry that is not valid GeoJSON never matches
            return False
        return bool(getattr(target, {"within": "within", "contains": "contains", "intersects": "intersects",
                                     "equals": "equals", "disjoint": "disjoint", "overlaps": "overlaps"}[self.rel])(self.shape))


def distance_m(point, geom: dict) -> float | None:
    """Metres from a [lon, lat] point to a GeoJSON geometry: exact for a point; for other
    shapes, to their nearest point in degrees (close enough at city scale)."""
    lon, lat = point
    if geom.get("type") == "Point":
        glon, glat = geom["coordinates"][:2]
        return haversine_m(lat, lon, glat, glon)
    try:
        from shapely.geometry import Point, shape

        target = shape(geom)
    except Exception:
        return None
    if target.contains(Point(lon, lat)):
        return 0.0
    from shapely.ops import nearest_points

    nearest = nearest_points(target, Point(lon, lat))[0]
    return haversine_m(lat, lon, nearest.y, nearest.x)


def parse_geoquery(georel: str | None, geometry: str | None, coordinates: str | None,
                   geoproperty: str | None = None) -> GeoQuery | None:
    """The geo-query of a request, or None when there is none. Raises NgsiError."""
    if not georel and not geometry and not coordinates:
        return None
    if not (georel and geometry and coordinates):
        raise bad_request(N_("A geo-query needs georel, geometry and coordinates together."), field="georel")
    if geoproperty and compact_term(geoproperty) != "location":
        raise bad_request(N_("Only the location attribute can be used in a geo-query."), field="geoproperty")
    parts = [p.strip() for p in georel.split(";")]
    rel = parts[0]
    if rel not in GEORELS:
        raise bad_request(N_("Unknown georel %(value)s; use near, within, contains, intersects, equals, disjoint or overlaps."),
                          field="georel", value=rel)
    if geometry not in GEOMETRIES:
        raise bad_request(N_("Unknown geometry %(value)s."), field="geometry", value=geometry)
    try:
        coords = json.loads(coordinates)
    except ValueError:
        coords = None
    if not isinstance(coords, list) or not _valid_coordinates(geometry, coords):
        raise bad_request(N_("The coordinates do not form a valid %(geometry)s."), field="coordinates", geometry=geometry)
    query = GeoQuery(rel, {"type": geometry, "coordinates": coords})
    for modifier in parts[1:]:
        m = re.fullmatch(r"(maxDistance|minDistance)==(\d+(?:\.\d+)?)", modifier)
        if not m or rel != "near":
            raise bad_request(N_("Invalid georel modifier %(value)s; near takes maxDistance==N or minDistance==N (metres)."),
                              field="georel", value=modifier)
        if m.group(1) == "maxDistance":
            query.max_distance = float(m.group(2))
        else:
            query.min_distance = float(m.group(2))
    if rel == "near":
        if geometry != "Point":
            raise bad_request(N_("near needs a Point geometry."), field="geometry")
        if query.max_distance is None and query.min_distance is None:
            raise bad_request(N_("near needs maxDistance==N or minDistance==N (metres)."), field="georel")
    elif rel in ("within", "overlaps") and geometry not in ("Polygon", "MultiPolygon"):
        raise bad_request(N_("%(rel)s needs a Polygon or MultiPolygon geometry."), field="geometry", rel=rel)
    if geometry != "Point":
        try:
            if not query.shape.is_valid:
                raise bad_request(N_("The coordinates do not form a valid %(geometry)s."), field="coordinates", geometry=geometry)
        except NgsiError:
            raise
        except Exception:
            raise bad_request(N_("The coordinates do not form a valid %(geometry)s."), field="coordinates", geometry=geometry) from None
    return query


def _is_position(p) -> bool:
    return (isinstance(p, list) and len(p) in (2, 3) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in p)
            and -180 <= p[0] <= 180 and -90 <= p[1] <= 90)


def _valid_coordinates(geometry: str, c) -> bool:
    if geometry == "Point":
        return _is_position(c)
    if geometry in ("MultiPoint", "LineString"):
        return len(c) >= (1 if geometry == "MultiPoint" else 2) and all(_is_position(p) for p in c)
    if geometry == "MultiLineString":
        return len(c) >= 1 and all(isinstance(line, list) and _valid_coordinates("LineString", line) for line in c)
    if geometry == "Polygon":
        return (len(c) >= 1 and all(isinstance(ring, list) and len(ring) >= 4 and all(_is_position(p) for p in ring)
                                    and ring[0][:2] == ring[-1][:2] for ring in c))
    if geometry == "MultiPolygon":
        return len(c) >= 1 and all(isinstance(poly, list) and _valid_coordinates("Polygon", poly) for poly in c)
    return False


# ---------------------------------------------------------------------------------------
# Temporal queries (clause 4.11 and 6.18-6.19)
AGGREGATE_METHODS = ("totalCount", "sum", "avg", "min", "max")


@dataclass
class TemporalQuery:
    start: int | None = None      # inclusive, epoch seconds
    end: int | None = None        # exclusive
    last_n: int | None = None
    methods: tuple = ()
    period: int = 0               # seconds; 0 = the whole range as one bucket


def parse_temporal(timerel: str | None, time_at: str | None, end_time_at: str | None, last_n: str | None,
                   aggr_methods: str | None, aggr_period: str | None, timeproperty: str | None = None,
                   aggregated: bool = False) -> TemporalQuery:
    """before: t < timeAt; after: t >= timeAt; between: timeAt <= t < endTimeAt."""
    from smartcity.hub.timebase import parse_duration

    tq = TemporalQuery()
    if timeproperty and timeproperty != "observedAt":
        raise bad_request(N_("Only timeproperty=observedAt is supported."), field="timeproperty")
    if timerel:
        if timerel not in ("before", "after", "between"):
            raise bad_request(N_("Unknown timerel %(value)s; use before, after or between."), field="timerel", value=timerel)
        if not time_at:
            raise bad_request(N_("timerel needs timeAt."), field="timeAt")
        at = _parse_instant(time_at, "timeAt")
        if timerel == "before":
            tq.end = at
        elif timerel == "after":
            tq.start = at
        else:
            if not end_time_at:
                raise bad_request(N_("timerel=between needs endTimeAt."), field="endTimeAt")
            end = _parse_instant(end_time_at, "endTimeAt")
            if end <= at:
                raise bad_request(N_("endTimeAt must be later than timeAt."), field="endTimeAt")
            tq.start, tq.end = at, end
    elif time_at or end_time_at:
        raise bad_request(N_("timeAt and endTimeAt need timerel."), field="timerel")
    if last_n is not None and last_n != "":
        if not last_n.isdigit() or int(last_n) < 1:
            raise bad_request(N_("lastN must be a positive whole number."), field="lastN")
        tq.last_n = int(last_n)
    if aggr_methods:
        methods = [m.strip() for m in aggr_methods.split(",") if m.strip()]
        unknown = [m for m in methods if m not in AGGREGATE_METHODS]
        if unknown or not methods:
            raise bad_request(N_("Unsupported aggrMethods %(value)s; use totalCount, sum, avg, min or max."),
                              field="aggrMethods", value=",".join(unknown) or aggr_methods)
        tq.methods = tuple(dict.fromkeys(methods))
    elif aggregated:
        raise bad_request(N_("options=aggregatedValues needs aggrMethods."), field="aggrMethods")
    if aggr_period:
        if not tq.methods:
            raise bad_request(N_("aggrPeriodDuration needs aggrMethods."), field="aggrPeriodDuration")
        try:
            tq.period = parse_duration(aggr_period)
        except ValueError:
            raise bad_request(N_("aggrPeriodDuration %(value)s is not an ISO 8601 duration in weeks, days, hours, minutes or seconds."),
                              field="aggrPeriodDuration", value=aggr_period) from None
    return tq


def _parse_instant(text: str, name: str) -> int:
    # an unencoded "+07:00" in a URL arrives as " 07:00": put the plus sign back
    text = re.sub(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$", r"\1+\2", (text or "").strip())
    try:
        return parse_time(text)
    except (ValueError, TypeError, OverflowError):
        raise bad_request(N_("%(name)s is not an ISO 8601 date-time: %(value)s"), field=name, name=name, value=text) from None


def bucket_start(t: int, period: int) -> int:
    """Start of the aggregation bucket holding t. Buckets are aligned on local (UTC+7)
    midnight, so PT1H and P1D agree with the hub's hourly and daily rollups."""
    return t - (t + DAY_OFFSET) % period


def aligned(t: int | None, step: int) -> bool:
    return t is None or (t + DAY_OFFSET) % step == 0


def temporal_instance(quantity: str, unit: str, t: int, value, status: int, ngsi_type: str = "") -> dict | None:
    return measured_property((quantity, unit, t, value, status), ngsi_type)


def aggregate_values(quantity: str, methods, buckets, period: int) -> dict:
    """{method: [[value, start, end], ...]} from buckets (start, end, n, total, vmin, vmax)."""
    d = divisor_of(quantity)
    out = {m: [] for m in methods}
    for start, end, n, total, vmin, vmax in buckets:
        if not n:
            continue
        s, e = iso_utc(start), iso_utc(end)
        for m in methods:
            if m == "totalCount":
                v = n
            elif m == "sum":
                v = total / d
            elif m == "avg":
                v = total / n / d
            elif m == "min":
                v = vmin / d
            else:
                v = vmax / d
            out[m].append([v, s, e])
    return out


def parse_options(*values: str | None) -> set[str]:
    """`options` (and `format`) as a set of names; keyValues and simplified are the same."""
    out = set()
    for value in values:
        for opt in (value or "").split(","):
            opt = opt.strip()
            if opt:
                out.add({"simplified": "keyValues", "temporalValues": "keyValues", "normalized": "normalized"}.get(opt, opt))
    return out


def split_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]

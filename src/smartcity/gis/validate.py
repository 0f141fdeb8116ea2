"""Validation of imported features (pure: no Django).

Geometry: an invalid geometry is repaired with shapely's `make_valid` when the repair keeps
its kind (a self-intersecting "bow-tie" parcel becomes a MultiPolygon), and rejected with a
reason when it cannot be used (empty, non-finite or out-of-range coordinates, a polygon
that collapses to a line, the wrong geometry type for the layer).

Attributes: the layer's schema ([{"name", "type", "required"}], types string, integer,
number, boolean, date) — values coerced to the type, problems listed per attribute.

    geom, outcome = check_geometry(geojson_dict, expected="Polygon")
    # outcome.action: None (valid), "repaired" or "rejected"; outcome.reason: text
    props, problems = check_properties({"so_thua": "12"}, schema)
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import shapely
from shapely.geometry import (
    GeometryCollection,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    mapping,
    shape,
)
from shapely.validation import explain_validity, make_valid

REPAIRED = "repaired"
REJECTED = "rejected"

_FAMILY = {"Point": "Point", "MultiPoint": "Point", "LineString": "LineString", "MultiLineString": "LineString",
           "LinearRing": "LineString", "Polygon": "Polygon", "MultiPolygon": "Polygon"}
_DIM = {"Point": 0, "LineString": 1, "Polygon": 2}


@dataclass
class Outcome:
    action: str | None = None  # None, "repaired", "rejected"
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.action != REJECTED


def family(geom_type: str) -> str | None:
    """'MultiPolygon' -> 'Polygon' (the layer's geometry_type values)."""
    return _FAMILY.get(geom_type)


def _parts_of_dim(geom, dim: int):
    """The parts of a (collection) geometry with the given dimension, as one geometry."""
    parts = []
    for g in getattr(geom, "geoms", [geom]):
        if isinstance(g, GeometryCollection) and not hasattr(g, "exterior"):
            sub = _parts_of_dim(g, dim)
            if sub is not None:
                parts.extend(getattr(sub, "geoms", [sub]))
        elif not g.is_empty and _DIM.get(_FAMILY.get(g.geom_type, ""), -1) == dim:
            parts.append(g)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    cls = {0: MultiPoint, 1: MultiLineString, 2: MultiPolygon}[dim]
    flat = []
    for p in parts:
        flat.extend(getattr(p, "geoms", [p]))
    return cls(flat)


def check_shape(geom, expected: str | None = None, *, lonlat: bool = False):
    """(geometry or None, Outcome) for a shapely geometry. `expected`: the layer's geometry
    type ("Point", "LineString", "Polygon", "any" or None). `lonlat`: check the WGS84 range."""
    if geom is None or geom.is_empty:
        return None, Outcome(REJECTED, "empty geometry")
    kind = family(geom.geom_type)
    if kind is None:
        if isinstance(geom, GeometryCollection):
            return None, Outcome(REJECTED, "mixed geometry collection")
        return None, Outcome(REJECTED, f"unsupported geometry type {geom.geom_type}")
    coords = shapely.get_coordinates(geom)
    if not all(math.isfinite(v) for v in coords.flat):
        return None, Outcome(REJECTED, "non-finite coordinates (NaN or infinity)")
    if lonlat:
        minx, miny, maxx, maxy = geom.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            return None, Outcome(REJECTED, f"coordinates outside longitude/latitude range ({minx:.1f}, {miny:.1f}): wrong source CRS?")
    if expected and expected != "any" and kind != expected:
        return None, Outcome(REJECTED, f"{geom.geom_type} in a layer of {expected} features")
    if geom.is_valid:
        return geom, Outcome()
    reason = explain_validity(geom)
    fixed = _parts_of_dim(make_valid(geom), _DIM[kind])
    if fixed is None or fixed.is_empty or (kind == "Polygon" and fixed.area == 0):
        return None, Outcome(REJECTED, f"invalid geometry that cannot be repaired: {reason}")
    return fixed, Outcome(REPAIRED, f"repaired: {reason}")


def check_geometry(geojson: dict | None, expected: str | None = None, *, lonlat: bool = False):
    """(GeoJSON dict or None, Outcome) for a GeoJSON geometry."""
    if not geojson:
        return None, Outcome(REJECTED, "no geometry")
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        return None, Outcome(REJECTED, f"unreadable geometry: {exc}")
    fixed, outcome = check_shape(geom, expected, lonlat=lonlat)
    return (mapping(fixed) if fixed is not None else None), outcome


# -- attributes ---------------------------------------------------------------------------
TYPES = ("string", "integer", "number", "boolean", "date")
_TRUE = {"1", "true", "t", "yes", "y", "có", "co", "x"}
_FALSE = {"0", "false", "f", "no", "n", "không", "khong", ""}


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def coerce(value, type_: str):
    """The value as the schema type; ValueError when it cannot be."""
    if _blank(value):
        return None
    if type_ == "string":
        return str(value).strip() if isinstance(value, str) else str(value)
    if type_ == "integer":
        if isinstance(value, bool):
            raise ValueError("not an integer")
        f = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
        if not f.is_integer():
            raise ValueError("not an integer")
        return int(f)
    if type_ == "number":
        if isinstance(value, bool):
            raise ValueError("not a number")
        f = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
        if not math.isfinite(f):
            raise ValueError("not a number")
        return f
    if type_ == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("not a yes/no value")
    if type_ == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%Y%m%d"):
            try:
                return dt.datetime.strptime(text[:10], fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError("not a date")
    return value


def missing_attributes(field_names, schema) -> list[str]:
    """Required attributes of the schema that the file has no column for."""
    have = {str(n).lower() for n in field_names}
    return [a["name"] for a in schema or [] if a.get("required") and a["name"].lower() not in have]


def check_properties(props: dict, schema) -> tuple[dict, list[dict]]:
    """(properties with schema attributes coerced, problems [{"field", "code", "message"}]).
    Columns not in the schema are kept as they are; names match case-insensitively (DBF
    field names are often upper case) and take the schema's spelling."""
    props = dict(props or {})
    if not schema:
        return {k: (None if _blank(v) else v) for k, v in props.items()}, []
    lower = {k.lower(): k for k in props}
    out, problems = {}, []
    used = set()
    for attr in schema:
        name, type_ = attr["name"], attr.get("type", "string")
        src = lower.get(name.lower())
        value = props.get(src) if src is not None else None
        if src is not None:
            used.add(src)
        try:
            v = coerce(value, type_)
        except (ValueError, TypeError):
            problems.append({"field": name, "code": "wrong_type", "message": f"{name}: {value!r} is not of type {type_}"})
            v = None
        if v is None and attr.get("required") and not any(p["field"] == name for p in problems):
            problems.append({"field": name, "code": "missing", "message": f"{name}: required value missing"})
        out[name] = v
    for k, v in props.items():
        if k not in used:
            out[k] = None if _blank(v) else v
    return out, problems

"""Which administrative unit holds a point: the ward or commune formed on 1 July 2025 and the
former district-level unit (before 1 July 2025), from `AdministrativeUnit.geometry`.

Permits, imports and reports call `locate` once per row, so the unit polygons are parsed and
prepared once per process and kept until the units change. Whether they changed is a cheap
fingerprint of the units' history (count and latest history row) read per call, so a change
made by another process (the admin, a demo load) is seen at the next call; saves in this
process also drop the cache at once (signals). A `queryset.update()` bypasses both history and
signals: call `invalidate()` after one.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save

WARD = "ward"
DISTRICT = "district"


@dataclass
class _Index:
    """Prepared polygons of one kind of unit, with their bounding boxes for a quick reject."""

    units: list = field(default_factory=list)   # [(minx, miny, maxx, maxy, prepared geometry, unit)]

    def add(self, geometry, unit) -> None:
        import shapely

        if geometry is None or geometry.is_empty:
            return
        shapely.prepare(geometry)
        self.units.append((*geometry.bounds, geometry, unit))

    def find(self, lon: float, lat: float):
        """The first unit (by code) whose polygon covers the point: a point on a shared edge
        belongs to one unit, always the same."""
        import shapely

        point = None
        for minx, miny, maxx, maxy, geometry, unit in self.units:
            if minx <= lon <= maxx and miny <= lat <= maxy:
                point = point or shapely.Point(lon, lat)
                if geometry.covers(point):
                    return unit
        return None


_lock = threading.Lock()
_cache: dict = {"fingerprint": None, "indexes": None}


def _parse(value):
    """A shapely geometry from a GeoJSON geometry (dict or text, or a Feature wrapping one);
    None for a missing or broken one, which is then left out (not worth failing a permit)."""
    from shapely.geometry import shape

    if not value:
        return None
    try:
        if isinstance(value, str):
            value = json.loads(value)
        if value.get("type") == "Feature":
            value = value.get("geometry")
        geometry = shape(value)
        if not geometry.is_valid:
            geometry = geometry.buffer(0)
        return geometry
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _fingerprint():
    from django.db.models import Count, Max

    from smartcity.core.models import AdministrativeUnit

    # a save or a delete through the ORM adds a history row: one aggregate query tells
    agg = AdministrativeUnit.history.aggregate(n=Count("history_id"), last=Max("history_id"), at=Max("history_date"))
    return (agg["n"], agg["last"], agg["at"])


def _build():
    from smartcity.core import reference as ref
    from smartcity.core.models import AdminLevel, AdministrativeUnit

    wards, districts = _Index(), _Index()
    rows = AdministrativeUnit.objects.filter(geometry__isnull=False).order_by("code", "valid_from")
    for unit in rows:
        if unit.level == AdminLevel.COMMUNE and unit.valid_from >= ref.FIRST_DAY_NEW:
            wards.add(_parse(unit.geometry), unit)
        elif unit.level == AdminLevel.DISTRICT and unit.valid_from < ref.FIRST_DAY_NEW:
            districts.add(_parse(unit.geometry), unit)
    return {WARD: wards, DISTRICT: districts}


def _indexes():
    fingerprint = _fingerprint()
    with _lock:
        if _cache["indexes"] is None or _cache["fingerprint"] != fingerprint:
            _cache["indexes"] = _build()
            _cache["fingerprint"] = fingerprint
        return _cache["indexes"]


def invalidate(*_args, **_kwargs) -> None:
    """Forget the prepared polygons (also a signal receiver)."""
    with _lock:
        _cache["indexes"] = None
        _cache["fingerprint"] = None


post_save.connect(invalidate, sender="core.AdministrativeUnit", weak=False, dispatch_uid="gis-units-save")
post_delete.connect(invalidate, sender="core.AdministrativeUnit", weak=False, dispatch_uid="gis-units-delete")


def locate(lon: float, lat: float) -> dict:
    """{"ward": the ward or commune formed on 1 July 2025 holding the point, "district": the
    former district-level unit holding it}; either is None outside every known polygon."""
    if lon is None or lat is None:
        return {WARD: None, DISTRICT: None}
    indexes = _indexes()
    lon, lat = float(lon), float(lat)
    return {WARD: indexes[WARD].find(lon, lat), DISTRICT: indexes[DISTRICT].find(lon, lat)}


def locate_geometry(geometry) -> dict:
    """`locate` for a GeoJSON geometry: at its representative point (inside a polygon, on a line)."""
    shape = _parse(geometry)
    if shape is None or shape.is_empty:
        return {WARD: None, DISTRICT: None}
    point = shape.representative_point()
    return locate(point.x, point.y)

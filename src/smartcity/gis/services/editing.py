"""Editing one feature of a layer (the API and the browser editor both go through here):
validation of the geometry and the attributes, optimistic concurrency on the feature's
version, the history row of every change (who, when, why), the layer refreshed after it.

    feature, notes = editing.create(layer, {"geometry": {...}, "properties": {...}}, user=u, reason="...")
    feature, notes = editing.update(feature, data, user=u, partial=True, if_match='"3"')
    editing.delete(feature, user=u, if_match='"4"')
    feature, notes = editing.revert(layer, fid, history_id, user=u)
    versions = editing.history(layer, fid)          # oldest first, each with what changed

The version of a feature is the number of its history rows (1 after creation; every
change, a revert included, adds one), so it never goes back and two editors who loaded the
same version cannot both save: the second gets `StaleVersion` (HTTP 412). The row is
locked (`select_for_update`, PostgreSQL) between the check and the write.

Errors are raised as `ValidationFailed` with a list of {"field", "code", "message"}: the
field is "geometry", "properties.<name>" or "id"; `notes` list repairs made (a
self-intersecting polygon becomes valid MultiPolygon parts) in the same shape.
"""
from __future__ import annotations

import json
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartcity.gis import measure, validate
from smartcity.gis.models import Feature, Layer
from smartcity.gis.services import importer

CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
FID_RE = re.compile(r"^[\w.\-]{1,80}$")


class ValidationFailed(ValueError):
    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


class StaleVersion(Exception):
    def __init__(self, current: int):
        super().__init__(f"the feature is at version {current}")
        self.current = current


class NotFound(LookupError):
    pass


# -- versions and ETags -----------------------------------------------------------------
def version_of(feature: Feature) -> int:
    return Feature.history.model.objects.filter(id=feature.pk).count()


def etag(version: int) -> str:
    return f'"{version}"'


def matches(if_match: str | None, version: int) -> bool:
    """Does an If-Match header accept this version? Absent header or `*`: yes. Weak tags
    (W/"3") compare by their value."""
    if if_match is None or not if_match.strip():
        return True
    for tag in if_match.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag.strip('"') == str(version):
            return True
    return False


# -- validation ------------------------------------------------------------------------
def _geometry_code(reason: str) -> str:
    if "in a layer of" in reason:
        return "wrong_geometry_type"
    if "outside longitude/latitude" in reason:
        return "out_of_range"
    if reason in ("no geometry", "empty geometry"):
        return "missing"
    if reason.startswith("unreadable") or reason.startswith("unsupported") or reason.startswith("mixed"):
        return "unreadable_geometry"
    if reason.startswith("non-finite"):
        return "out_of_range"
    return "invalid_geometry"


def check_geometry(layer: Layer, geometry) -> tuple[dict, list[dict]]:
    """(GeoJSON in WGS84, repair notes) or ValidationFailed."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            geometry = None
    if not isinstance(geometry, dict):
        raise ValidationFailed([{"field": "geometry", "code": "missing", "message": _("A GeoJSON geometry is required.")}])
    fixed, outcome = validate.check_geometry(geometry, layer.geometry_type, lonlat=True)
    if fixed is None or not outcome.ok:
        code = _geometry_code(outcome.reason)
        message = {
            "wrong_geometry_type": _("This layer holds %(kind)s features; got %(got)s.") % {
                "kind": layer.get_geometry_type_display(), "got": geometry.get("type")},
            "out_of_range": _("Coordinates must be longitude/latitude in WGS84 (-180..180, -90..90)."),
            "missing": _("The geometry is empty."),
        }.get(code, outcome.reason)
        raise ValidationFailed([{"field": "geometry", "code": code, "message": message, "reason": outcome.reason}])
    notes = []
    if outcome.action == validate.REPAIRED:
        notes.append({"field": "geometry", "code": "repaired",
                      "message": _("The geometry was repaired: %(reason)s") % {"reason": outcome.reason.removeprefix("repaired: ")}})
    return _plain(fixed), notes


def _plain(geojson: dict) -> dict:
    """Tuples to lists (shapely's mapping) so the stored text is the usual GeoJSON."""
    return json.loads(json.dumps(geojson))


def check_properties(layer: Layer, props, existing: dict | None = None) -> dict:
    """Properties coerced to the layer's schema, or ValidationFailed listing each problem.
    Attributes outside the schema are refused unless the feature already had them (an
    import may have brought extra columns)."""
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise ValidationFailed([{"field": "properties", "code": "invalid", "message": _("properties must be an object.")}])
    schema = layer.schema or []
    errors = []
    if schema:
        known = {a["name"].lower() for a in schema if isinstance(a, dict) and a.get("name")}
        known |= {k.lower() for k in (existing or {})}
        for k in props:
            if str(k).lower() not in known:
                errors.append({"field": f"properties.{k}", "code": "unknown_attribute",
                               "message": _("%(name)s is not an attribute of this layer.") % {"name": k}})
    out, problems = validate.check_properties(props, schema)
    labels = {a["name"]: a for a in schema if isinstance(a, dict)}
    for p in problems:
        attr = labels.get(p["field"], {})
        label = attr.get("label_vi") or p["field"]
        if p["code"] == "missing":
            message = _("%(label)s is required.") % {"label": label}
        else:
            message = _("%(label)s: %(value)s is not a valid %(type)s.") % {
                "label": label, "value": _shown(props, p["field"]), "type": _type_label(attr.get("type", "string"))}
        errors.append({"field": f"properties.{p['field']}", "code": p["code"], "message": message})
    if errors:
        raise ValidationFailed(errors)
    return out


def _shown(props, name):
    for k, v in props.items():
        if str(k).lower() == name.lower():
            return repr(v) if not isinstance(v, str) else f"“{v}”"
    return "—"


def _type_label(type_: str) -> str:
    return {"integer": _("whole number"), "number": _("number"), "boolean": _("yes/no value"), "date": _("date"),
            "string": _("text")}.get(type_, type_)


def _fid_of(layer: Layer, data: dict) -> str:
    fid = data.get("id", data.get("fid"))
    if fid in (None, ""):
        return _next_fid(layer)
    fid = str(fid).strip()
    if not FID_RE.match(fid):
        raise ValidationFailed([{"field": "id", "code": "invalid",
                                 "message": _("A feature id is 1 to 80 letters, digits, dots, dashes or underscores.")}])
    if Feature.objects.filter(layer=layer, fid=fid).exists():
        raise ValidationFailed([{"field": "id", "code": "duplicate", "message": _("Feature %(fid)s already exists.") % {"fid": fid}}])
    return fid


def _next_fid(layer: Layer) -> str:
    """One above the largest numeric id of the layer (ids from files are often row numbers)."""
    numbers = [int(f) for f in Feature.objects.filter(layer=layer).values_list("fid", flat=True) if f.isdigit()]
    deleted = [int(f) for f in Feature.history.model.objects.filter(layer_id=layer.pk).values_list("fid", flat=True).distinct()
               if f.isdigit()]
    return str(max(numbers + deleted + [0]) + 1)


def _apply(feature: Feature, geometry: dict, properties: dict) -> None:
    from shapely.geometry import shape

    minx, miny, maxx, maxy = shape(geometry).bounds
    feature.geometry = json.dumps(geometry, separators=(",", ":"))
    feature.minx, feature.miny, feature.maxx, feature.maxy = minx, miny, maxx, maxy
    feature.properties = properties


def _stamp(feature: Feature, user, reason: str | None) -> None:
    feature._history_user = user if getattr(user, "is_authenticated", False) else None
    feature._change_reason = (reason or "").strip()[:100] or None


# -- writes ----------------------------------------------------------------------------
def create(layer: Layer, data: dict, *, user=None, reason: str | None = None) -> tuple[Feature, list[dict]]:
    errors, geometry, notes, properties = [], None, [], {}
    try:
        geometry, notes = check_geometry(layer, data.get("geometry"))
    except ValidationFailed as exc:
        errors += exc.errors
    try:
        properties = check_properties(layer, data.get("properties"))
    except ValidationFailed as exc:
        errors += exc.errors
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        fid = _fid_of(layer, data)
        feature = Feature(layer=layer, fid=fid)
        _apply(feature, geometry, properties)
        _stamp(feature, user, reason)
        try:
            with transaction.atomic():
                feature.save()
        except IntegrityError:
            raise ValidationFailed([{"field": "id", "code": "duplicate",
                                     "message": _("Feature %(fid)s already exists.") % {"fid": fid}}]) from None
        importer.refresh_layer(layer)
    return feature, notes


def _locked(feature: Feature) -> Feature:
    return Feature.objects.select_for_update().select_related("layer").get(pk=feature.pk)


def update(feature: Feature, data: dict, *, user=None, reason: str | None = None, partial: bool = False,
           if_match: str | None = None) -> tuple[Feature, list[dict]]:
    """PUT (geometry and properties replace the feature's) or PATCH (`partial`: only what
    is given; properties merge, a null value clears an attribute)."""
    layer = feature.layer
    with transaction.atomic():
        feature = _locked(feature)
        current = version_of(feature)
        if not matches(if_match, current):
            raise StaleVersion(current)
        errors, notes = [], []
        geometry = json.loads(feature.geometry)
        if not partial or "geometry" in data:
            try:
                geometry, notes = check_geometry(layer, data.get("geometry"))
            except ValidationFailed as exc:
                errors += exc.errors
        props = data.get("properties")
        if partial:
            if props is not None and not isinstance(props, dict):
                errors.append({"field": "properties", "code": "invalid", "message": _("properties must be an object.")})
                props = {}
            props = {**(feature.properties or {}), **(props or {})}
        properties = feature.properties
        try:
            properties = check_properties(layer, props, existing=feature.properties)
        except ValidationFailed as exc:
            errors += exc.errors
        new_fid = data.get("id")
        if new_fid not in (None, "") and str(new_fid) != feature.fid:
            errors.append({"field": "id", "code": "immutable", "message": _("A feature's id cannot change.")})
        if errors:
            raise ValidationFailed(errors)
        _apply(feature, geometry, properties)
        _stamp(feature, user, reason)
        feature.save()
        importer.refresh_layer(layer)
    return feature, notes


def delete(feature: Feature, *, user=None, reason: str | None = None, if_match: str | None = None) -> int:
    """Deletes the feature; its history stays (a revert brings it back). Returns the
    version the deletion made."""
    layer = feature.layer
    with transaction.atomic():
        feature = _locked(feature)
        current = version_of(feature)
        if not matches(if_match, current):
            raise StaleVersion(current)
        _stamp(feature, user, reason)
        feature.delete()
        importer.refresh_layer(layer)
    return current + 1


def revert(layer: Layer, fid: str, history_id: int, *, user=None, reason: str | None = None,
           if_match: str | None = None) -> tuple[Feature, list[dict]]:
    """Makes a past version current again, as a new version (the history keeps what came
    between). A deleted feature comes back under its old id."""
    rows = _rows(layer, fid)
    target = next((r for r in rows if r.history_id == history_id), None)
    if target is None:
        raise NotFound(history_id)
    if target.history_type == "-":
        raise ValidationFailed([{"field": "history_id", "code": "deleted_version",
                                 "message": _("This version is a deletion; choose a version that has a geometry.")}])
    number = rows.index(target) + 1
    reason = reason or _("Reverted to version %(n)s") % {"n": number}
    with transaction.atomic():
        feature = Feature.objects.select_for_update().filter(pk=target.id).first()
        if feature is None:
            feature = Feature(pk=target.id, layer=layer, fid=target.fid)
            if not matches(if_match, len(rows)):
                raise StaleVersion(len(rows))
        else:
            current = version_of(feature)
            if not matches(if_match, current):
                raise StaleVersion(current)
        _apply(feature, json.loads(target.geometry), dict(target.properties or {}))
        feature.valid_from, feature.valid_to, feature.area_id = target.valid_from, target.valid_to, target.area_id
        _stamp(feature, user, reason)
        feature.save()
        importer.refresh_layer(layer)
    return feature, []


# -- history ---------------------------------------------------------------------------
def _rows(layer: Layer, fid: str) -> list:
    """History rows of the feature with this id in the layer, oldest first. After a delete
    and a revert the feature keeps its database id, so one id is one story; when the id was
    reused by a new feature (deleted then created again), the rows of the latest one count."""
    model = Feature.history.model
    live = Feature.objects.filter(layer=layer, fid=fid).values_list("id", flat=True).first()
    if live is None:
        last = model.objects.filter(layer_id=layer.pk, fid=fid).order_by("-history_date", "-history_id").first()
        if last is None:
            return []
        live = last.id
    return list(model.objects.filter(id=live).select_related("history_user").order_by("history_date", "history_id"))


def user_label(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.username})" if full else user.username


def history(layer: Layer, fid: str) -> list[dict]:
    """Every version of the feature, oldest first: number, history id, date, user, change
    type (created, changed, deleted), reason, the attributes that changed (name, before,
    after), whether the geometry changed, the geometry and its measures."""
    rows = _rows(layer, fid)
    out, prev = [], None
    for n, row in enumerate(rows, start=1):
        geometry = json.loads(row.geometry) if row.geometry else None
        props = row.properties or {}
        before = (prev.properties or {}) if prev is not None else {}
        if row.history_type == "-":
            changes = []
            geometry_changed = False
        else:
            changes = [{"name": k, "before": before.get(k), "after": props.get(k)}
                       for k in list(dict.fromkeys([*before, *props])) if before.get(k) != props.get(k)]
            geometry_changed = prev is None or prev.history_type == "-" or _geom_differs(prev.geometry, row.geometry)
        out.append({
            "version": n, "history_id": row.history_id, "date": row.history_date,
            "user": user_label(row.history_user), "user_id": row.history_user_id,
            "change": CHANGE_TYPES.get(row.history_type, row.history_type), "reason": row.history_change_reason or "",
            "changed_attributes": changes, "geometry_changed": geometry_changed,
            "geometry": geometry, "properties": props, "measures": measures(geometry) if geometry else {},
        })
        prev = row
    return out


def _geom_differs(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a != b
    return json.loads(a) != json.loads(b)


def measures(geometry: dict) -> dict:
    """Area (m²) of polygons, length (m) of lines and of polygon outlines, on the sphere
    (`gis.measure`), as the editor's readout shows them."""
    kind = geometry.get("type")
    if kind in ("Polygon", "MultiPolygon"):
        polys = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
        perimeter = sum(measure.length_m(rings[0]) for rings in polys if rings)
        return {"area_m2": round(measure.area_m2(geometry), 2), "perimeter_m": round(perimeter, 2)}
    if kind in ("LineString", "MultiLineString"):
        lines = [geometry["coordinates"]] if kind == "LineString" else geometry["coordinates"]
        return {"length_m": round(sum(measure.length_m(line) for line in lines), 2)}
    return {}

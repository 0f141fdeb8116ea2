"""API: search parcels by number and places by address (map viewer).

    GET /api/gis/search?q=tờ 21 thửa 142       parcels by map sheet and parcel number
    GET /api/gis/search?q=21/142                the same, short form ("sheet/parcel")
    GET /api/gis/search?q=phu cuong             administrative units and features whose name,
                                                address or place name matches (with or without
                                                Vietnamese diacritics)

Answer: `{"query", "results": [{"kind": "parcel"|"unit"|"feature", "label", "layer", "fid",
"bbox": [minx, miny, maxx, maxy], "lon", "lat"}]}` (WGS84), parcels first. Only layers the
user may read (`permissions.visible`: published ones, plus the user's organisation's).

Matching folds case and diacritics in Python (`fold`): SQLite and PostgreSQL disagree on
accent-insensitive comparisons and `unaccent` is an extension not every database has. The
scan reads only the text attributes named in NAME_FIELDS, at most SCAN_LIMIT features.
"""
import re

from django.db.models import Q
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.permissions import visible
from smartcity.core.text import fold

SHEET_FIELDS = ("so_to", "to_ban_do", "sheet", "so_hieu_to")
PARCEL_FIELDS = ("so_thua", "thua", "parcel", "so_hieu_thua")
NAME_FIELDS = ("dia_chi", "address", "ten", "name", "ten_khu", "ten_duong", "tuyen", "dia_danh", "phuong", "place")
MAX_RESULTS = 20
SCAN_LIMIT = 50_000
MIN_QUERY = 2

_PARCEL_WORDS = re.compile(
    r"^\s*(?:to|to ban do|sheet|map sheet)\s*(?:so\s*)?(\d+)\s*[,;]?\s*(?:thua|parcel|thua dat)\s*(?:so\s*)?(\d+)\s*$")
_PARCEL_WORDS_REV = re.compile(
    r"^\s*(?:thua|parcel|thua dat)\s*(?:so\s*)?(\d+)\s*[,;]?\s*(?:to|to ban do|sheet|map sheet)\s*(?:so\s*)?(\d+)\s*$")
_PARCEL_SHORT = re.compile(r"^\s*(\d+)\s*[/\-]\s*(\d+)\s*$")


def parse_parcel(q: str):
    """(sheet, parcel) numbers from 'tờ 21 thửa 142', 'thửa 142 tờ 21', 'sheet 21 parcel 142',
    '21/142' or '21-142'; None when the text is not a parcel number."""
    text = fold(q).replace(".", " ").replace(":", " ")
    for pattern, order in ((_PARCEL_WORDS, (1, 2)), (_PARCEL_WORDS_REV, (2, 1)), (_PARCEL_SHORT, (1, 2))):
        m = pattern.match(text)
        if m:
            return int(m.group(order[0])), int(m.group(order[1]))
    return None


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _layers(user):
    from smartcity.gis.models import Layer

    return visible(Layer.objects.all(), user)


def _field(layer, candidates):
    names = {f.get("name") for f in layer.schema or [] if isinstance(f, dict)}
    return next((c for c in candidates if c in names), candidates[0])


def _result(kind, label, layer, fid, bbox):
    minx, miny, maxx, maxy = bbox
    return {"kind": kind, "label": label, "layer": layer, "fid": fid, "bbox": [minx, miny, maxx, maxy],
            "lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2}


def _feature_bbox(f):
    return (f.minx, f.miny, f.maxx, f.maxy)


def search_parcels(user, sheet: int, number: int) -> list[dict]:
    from smartcity.gis.models import Feature, LayerKind

    out = []
    for layer in _layers(user).filter(kind=LayerKind.PARCEL).order_by("key"):
        sf, pf = _field(layer, SHEET_FIELDS), _field(layer, PARCEL_FIELDS)
        cond = (Q(**{f"properties__{sf}": sheet}) | Q(**{f"properties__{sf}": str(sheet)})) & \
               (Q(**{f"properties__{pf}": number}) | Q(**{f"properties__{pf}": str(number)}))
        for f in Feature.objects.filter(layer=layer).filter(cond).order_by("id")[:MAX_RESULTS]:
            ward = f.properties.get("phuong") or f.properties.get("ward") or ""
            label = _("Sheet %(sheet)s, parcel %(parcel)s") % {"sheet": sheet, "parcel": number}
            out.append(_result("parcel", f"{label}{' – ' + ward if ward else ''} ({layer.title})", layer.key, f.fid,
                               _feature_bbox(f)))
    return out


def _unit_bbox(unit):
    geom = unit.geometry
    if isinstance(geom, dict) and geom.get("coordinates"):
        from shapely.geometry import shape

        try:
            return shape(geom).bounds
        except (ValueError, TypeError, AttributeError):
            pass
    if unit.latitude is not None and unit.longitude is not None:
        d = 0.01
        return (unit.longitude - d, unit.latitude - d, unit.longitude + d, unit.latitude + d)
    return None


def search_units(key: str) -> list[dict]:
    """Administrative units (old and new) whose name matches, in force ones first."""
    from smartcity.core.models import AdministrativeUnit

    out = []
    units = AdministrativeUnit.objects.exclude(level="province").order_by("-valid_from", "level", "name_vi")
    for unit in units:
        names = (fold(unit.name_vi), fold(unit.name_en), fold(f"{unit.unit_type} {unit.name_vi}"))
        if not any(key in n for n in names):
            continue
        bbox = _unit_bbox(unit)
        if bbox is None:
            continue
        until = f" ({_('until')} {unit.valid_to:%d/%m/%Y})" if unit.valid_to else ""
        out.append(_result("unit", f"{unit.unit_type} {unit.name_en if _english() else unit.name_vi}{until}", None, unit.code, bbox))
    return out


def search_features(user, key: str, limit: int) -> list[dict]:
    """Features of readable layers with a name/address attribute containing `key` (folded)."""
    from smartcity.gis.models import Feature

    out = []
    scanned = 0
    for layer in _layers(user).order_by("kind", "key"):
        names = [f["name"] for f in layer.schema or [] if isinstance(f, dict) and f.get("name") in NAME_FIELDS] or list(NAME_FIELDS)
        names = [n for n in names if n not in ("phuong",)] or names  # the ward of a parcel is no place name of its own
        rows = Feature.objects.filter(layer=layer).order_by("id").values_list("fid", "properties", "minx", "miny", "maxx", "maxy")
        for fid, props, minx, miny, maxx, maxy in rows.iterator(chunk_size=2000):
            scanned += 1
            if scanned > SCAN_LIMIT:
                return out
            if not isinstance(props, dict):
                continue
            hit = next((str(props[n]) for n in names if isinstance(props.get(n), str) and key in fold(props[n])), None)
            if hit:
                out.append(_result("feature", f"{hit} ({layer.title})", layer.key, fid, (minx, miny, maxx, maxy)))
                if len(out) >= limit:
                    return out
    return out


def search(user, q: str, limit: int = MAX_RESULTS) -> list[dict]:
    parcel = parse_parcel(q)
    if parcel:
        return search_parcels(user, *parcel)[:limit]
    key = fold(q)
    results = search_units(key)
    results += search_features(user, key, max(0, limit - len(results)))
    return results[:limit]


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def search_view(request):
    """Search parcels by sheet/parcel number, and places (administrative units, named or
    addressed features) by name, diacritics-insensitive."""
    q = (request.query_params.get("q") or "").strip()
    if len(fold(q)) < MIN_QUERY:
        return Response(problem(400, "query_too_short", _("Type at least %(n)s characters.") % {"n": MIN_QUERY},
                                [{"field": "q", "code": "too_short", "message": _("Type at least %(n)s characters.") % {"n": MIN_QUERY}}]),
                        status=400)
    try:
        limit = max(1, min(MAX_RESULTS, int(request.query_params.get("limit", MAX_RESULTS))))
    except ValueError:
        return Response(problem(400, "invalid_parameter", _("limit must be a whole number."),
                                [{"field": "limit", "code": "invalid", "message": _("limit must be a whole number.")}]), status=400)
    parcel = parse_parcel(q)
    return Response({"query": q, "parcel": {"sheet": parcel[0], "parcel": parcel[1]} if parcel else None,
                     "results": search(request.user, q, limit)})


urlpatterns = [path("search", search_view, name="api-gis-search")]
router_entries = []

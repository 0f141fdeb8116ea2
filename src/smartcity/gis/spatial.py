"""The bounding-box query every part of the GIS uses (OGC items, the map, the planning
check): features of a layer whose bbox overlaps a window, in WGS84 lon/lat.

Overlap test on the stored bbox columns (`minx <= maxx_q and maxx >= minx_q and miny <=
maxy_q and maxy >= miny_q`); the exact geometry test (shapely `intersects`) is the
caller's, on the few rows returned. Ordered by id so offset paging is stable.

    from smartcity.gis.spatial import features_in_bbox, count_in_bbox
    page = features_in_bbox(layer, 106.64, 10.97, 106.66, 10.99, limit=10, offset=0)
    total = count_in_bbox(layer, 106.64, 10.97, 106.66, 10.99)

`layer` is a Layer or its id. Without `limit` the result is a lazy QuerySet (filter it
further, e.g. by `valid_from`); with `limit` a sliced QuerySet (a list once evaluated).
`queryset=` narrows a starting set of the layer's features (e.g. a datetime filter).
"""
from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

RTREE = "gis_feature_rtree"
_TRIGGERS = ("gis_feature_rtree_ins", "gis_feature_rtree_upd", "gis_feature_rtree_del")


def bbox_q(minx: float, miny: float, maxx: float, maxy: float) -> Q:
    """The overlap condition on Feature's bbox columns (closed intervals: touching counts)."""
    minx, miny, maxx, maxy = _ordered(minx, miny, maxx, maxy)
    return Q(minx__lte=maxx, maxx__gte=minx, miny__lte=maxy, maxy__gte=miny)


def _ordered(minx, miny, maxx, maxy):
    minx, miny, maxx, maxy = float(minx), float(miny), float(maxx), float(maxy)
    if minx > maxx:
        minx, maxx = maxx, minx
    if miny > maxy:
        miny, maxy = maxy, miny
    return minx, miny, maxx, maxy


def _base(layer, queryset=None):
    from smartcity.gis.models import Feature

    qs = queryset if queryset is not None else Feature.objects.all()
    layer_id = getattr(layer, "pk", layer)
    return qs.filter(layer_id=layer_id)


def has_gist(alias: str = "default") -> bool:
    """PostgreSQL with the GiST bbox index of migration 0002."""
    conn = connections[alias]
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('gis_feature_bbox_gist') IS NOT NULL")
        return bool(cur.fetchone()[0])


def has_rtree(alias: str = "default") -> bool:
    """SQLite with the R*Tree of migration 0002 and its three sync triggers in place."""
    conn = connections[alias]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM sqlite_master WHERE (type = 'table' AND name = %s) OR (type = 'trigger' AND name IN (%s, %s, %s))",
                    [RTREE, *_TRIGGERS])
        return cur.fetchone()[0] == 4


def _filtered(layer, minx, miny, maxx, maxy, queryset=None):
    qs = _base(layer, queryset)
    q = bbox_q(minx, miny, maxx, maxy)
    if has_rtree(qs.db):
        # the R*Tree narrows to the window (its float32 boxes are rounded outwards: a
        # superset), the exact column test stays
        minx, miny, maxx, maxy = _ordered(minx, miny, maxx, maxy)
        q &= Q(id__in=RawSQL(f"SELECT id FROM {RTREE} WHERE minx <= %s AND maxx >= %s AND miny <= %s AND maxy >= %s",
                             (maxx, minx, maxy, miny)))
    elif has_gist(qs.db):
        minx, miny, maxx, maxy = _ordered(minx, miny, maxx, maxy)
        t = '"gis_feature"'
        overlap = RawSQL(f"box(point({t}.minx, {t}.miny), point({t}.maxx, {t}.maxy)) && box(point(%s, %s), point(%s, %s))",
                         (minx, miny, maxx, maxy), output_field=BooleanField())
        return qs.filter(q).filter(overlap)
    return qs.filter(q)


def features_in_bbox(layer, minx, miny, maxx, maxy, *, limit=None, offset=0, queryset=None):
    """Features of `layer` whose bbox overlaps the window, ordered by id; `limit`/`offset`
    page them. Returns a QuerySet (sliced when `limit` is given)."""
    qs = _filtered(layer, minx, miny, maxx, maxy, queryset).order_by("id")
    offset = max(int(offset or 0), 0)
    if limit is not None:
        return qs[offset:offset + max(int(limit), 0)]
    return qs[offset:] if offset else qs


def count_in_bbox(layer, minx, miny, maxx, maxy, *, queryset=None) -> int:
    """How many features of `layer` have a bbox overlapping the window (numberMatched)."""
    return _filtered(layer, minx, miny, maxx, maxy, queryset).count()

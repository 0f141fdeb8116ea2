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
from django.db.models import Q


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


def features_in_bbox(layer, minx, miny, maxx, maxy, *, limit=None, offset=0, queryset=None):
    """Features of `layer` whose bbox overlaps the window, ordered by id; `limit`/`offset`
    page them. Returns a QuerySet (sliced when `limit` is given)."""
    qs = _base(layer, queryset).filter(bbox_q(minx, miny, maxx, maxy)).order_by("id")
    offset = max(int(offset or 0), 0)
    if limit is not None:
        return qs[offset:offset + max(int(limit), 0)]
    return qs[offset:] if offset else qs


def count_in_bbox(layer, minx, miny, maxx, maxy, *, queryset=None) -> int:
    """How many features of `layer` have a bbox overlapping the window (numberMatched)."""
    return _base(layer, queryset).filter(bbox_q(minx, miny, maxx, maxy)).count()

"""GeoJSON tiles: the XYZ web-mercator tile grid (OSM's, 256 px) and the generalisation of
geometry for a zoom, so a browser map of a 100,000-parcel layer only ever receives the
features of the tiles in view, with no more vertices and digits than the screen can show.

Pure maths, no Django: the view (`views_tiles.py`) queries the rows, this module decides
what a tile covers and how coarse its geometry may be.

    from smartcity.gis import tiles
    west, south, east, north = tiles.tile_bounds(14, 13024, 7661)
    tol = tiles.tolerance(14, lat=10.98)       # degrees: half a screen pixel
    out = tiles.generalise_many([geojson_text, ...], 14, lat=10.98)
    out.geometries  # GeoJSON texts (None for a dropped feature), out.dropped

Why these choices:
- Tolerance half a pixel (Douglas-Peucker with topology preserved): the simplified line
  stays within half a pixel of the original, which no eye sees; rings keep their holes and
  do not cross themselves.
- Coordinates rounded to a grid of at most a quarter pixel (decimal places per zoom): the
  digits past that only cost bytes (a full double prints 17 digits per coordinate).
- A polygon or line smaller than half a pixel both ways is dropped (and counted): it would
  draw as nothing. A visible polygon that the rounding flattens (a sliver thinner than the
  grid) is kept as its bounding rectangle, at least one grid step each way: the minimal
  shape that still shows where it is. Points are always kept.
"""
import math
from dataclasses import dataclass, field

import numpy as np
import orjson
import shapely

TILE_SIZE = 256
MAX_ZOOM = 24
MAX_LAT = 85.0511287798066  # web mercator's square: atan(sinh(pi))
# degrees of longitude per pixel at zoom 0
_DEG_PER_PX0 = 360.0 / TILE_SIZE


class TileError(ValueError):
    """A z/x/y outside the grid (the view answers 400)."""


def check_tile(z: int, x: int, y: int) -> None:
    """Raise TileError unless 0 <= z <= MAX_ZOOM and x, y are on the zoom's 2^z grid."""
    if not 0 <= z <= MAX_ZOOM:
        raise TileError(f"zoom {z} outside 0-{MAX_ZOOM}")
    n = 1 << z
    if not (0 <= x < n and 0 <= y < n):
        raise TileError(f"tile {x}/{y} outside the {n}x{n} grid of zoom {z}")


def _lat(y: float, n: int) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in WGS84 degrees of tile z/x/y (y counted from the north)."""
    check_tile(z, x, y)
    n = 1 << z
    return x / n * 360.0 - 180.0, _lat(y + 1, n), (x + 1) / n * 360.0 - 180.0, _lat(y, n)


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The x, y of the zoom-z tile that holds the point (latitudes clamped to mercator's)."""
    n = 1 << z
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def pixel_degrees(z: int, lat: float = 0.0) -> float:
    """Degrees a screen pixel spans at zoom z: in longitude 360/(256*2^z) everywhere; in
    latitude that times cos(lat) (mercator stretches north-south). The smaller one, so a
    tolerance from it is never coarser than a pixel either way."""
    return _DEG_PER_PX0 / (1 << z) * math.cos(math.radians(max(-MAX_LAT, min(MAX_LAT, lat))))


def tolerance(z: int, lat: float = 0.0) -> float:
    """Simplification tolerance in degrees for zoom z: half a pixel."""
    return pixel_degrees(z, lat) / 2


def precision(z: int, lat: float = 0.0) -> int:
    """Decimal places of degrees the zoom needs: the coarsest grid of at most a quarter
    pixel (z14 -> 5 places, about 1 m; z18 -> 6, about 0.1 m), at most 7 (1 cm)."""
    quarter = pixel_degrees(z, lat) / 4
    return min(7, max(0, math.ceil(-math.log10(quarter))))


def buffered_bounds(z: int, x: int, y: int, pixels: float = 4.0) -> tuple[float, float, float, float]:
    """The tile's bounds grown by `pixels` on each side, so a feature just outside whose
    stroke reaches into the tile, or a line crossing its edge, is part of it."""
    west, south, east, north = tile_bounds(z, x, y)
    pad = _DEG_PER_PX0 / (1 << z) * pixels
    return west - pad, max(-90.0, south - pad), east + pad, min(90.0, north + pad)


@dataclass
class Generalised:
    """What `generalise_many` gives back: GeoJSON text per input (None = dropped or not
    in the window), how many were dropped as too small, how many collapsed to a rectangle."""

    geometries: list = field(default_factory=list)
    dropped: int = 0
    boxed: int = 0


_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
_LINEAR = (shapely.GeometryType.LINESTRING, shapely.GeometryType.MULTILINESTRING, shapely.GeometryType.LINEARRING)


# a polygon stored in fewer characters than this has few vertices (~20 at full precision):
# nothing for Douglas-Peucker to take out, so it is only rounded, in plain Python
FAST_CHARS = 800


def generalise_many(geojson_texts, z: int, lat: float = 0.0, window=None, simplify: bool = True) -> Generalised:
    """Generalise many GeoJSON geometries (texts, as stored) for zoom z: simplified to half
    a pixel, rounded to the zoom's precision, the invisible ones dropped. Returns GeoJSON
    texts (str or bytes) in the input's order.

    `window` (minx, miny, maxx, maxy): lines and large polygons that do not really
    intersect it (only their bbox does) come back as None, not counted as dropped.
    `simplify=False` returns the geometries as they are (the benchmark's baseline).

    Two paths, the same rules: points and small polygons (the bulk of a parcel layer) are
    parsed with orjson and rounded in Python (shapely's GeoJSON reader and writer would cost
    more than the rest of the tile); lines and large polygons go through shapely 2,
    vectorised over the tile."""
    texts = list(geojson_texts)
    if not texts:
        return Generalised()
    if not simplify:
        return Generalised(geometries=texts)
    tol, places = tolerance(z, lat), precision(z, lat)
    out = [None] * len(texts)
    slow = []
    result = Generalised()
    for i, text in enumerate(texts):
        try:
            geom = orjson.loads(text)
            kind = geom.get("type")
        except (orjson.JSONDecodeError, AttributeError, TypeError):
            continue
        if kind in ("Point", "MultiPoint") or (kind in _FAST_POLYGONS and len(text) <= FAST_CHARS):
            try:
                out[i] = _fast(geom, kind, tol, places, result)
            except (TypeError, ValueError, IndexError):
                continue
        else:
            slow.append(i)
    if slow:
        part = _generalise_shapely([texts[i] for i in slow], tol, places, window)
        for i, text in zip(slow, part.geometries):
            out[i] = text
        result.dropped += part.dropped
        result.boxed += part.boxed
    result.geometries = out
    return result


_FAST_POLYGONS = {"Polygon": 1, "MultiPolygon": 2}  # nesting of rings above the points


def _rounder(places: int):
    """x -> x on the decimal grid (round(x * 10^p) / 10^p: the double nearest k / 10^p,
    which prints short; about five times faster than round(x, p))."""
    scale = float(10 ** places)
    return lambda v: round(v * scale) / scale


def _fast(geom: dict, kind: str, tol: float, places: int, result: Generalised):
    """A point or small polygon: rounded; a polygon under half a pixel dropped (counted);
    one the rounding flattens kept as its rectangle, at least one grid step each way."""
    r = _rounder(places)
    coords = geom["coordinates"]
    if kind == "Point":
        return orjson.dumps({"type": kind, "coordinates": [r(coords[0]), r(coords[1])]})
    if kind == "MultiPoint":
        return orjson.dumps({"type": kind, "coordinates": [[r(x), r(y)] for x, y, *_ in coords]})
    polys = [coords] if kind == "Polygon" else coords
    xs = [pt[0] for poly in polys for pt in poly[0]]
    ys = [pt[1] for poly in polys for pt in poly[0]]
    if not xs:
        return None
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    if max(maxx - minx, maxy - miny) < tol:
        result.dropped += 1
        return None
    s = float(10 ** places)  # r() inlined: the hot loop of a parcel tile
    rounded = [[[[round(pt[0] * s) / s, round(pt[1] * s) / s] for pt in ring] for ring in poly] for poly in polys]
    rminx, rmaxx, rminy, rmaxy = r(minx), r(maxx), r(miny), r(maxy)
    if rminx == rmaxx or rminy == rmaxy:
        step = 10.0 ** -places
        rmaxx, rmaxy = r(max(rmaxx, rminx + step)), r(max(rmaxy, rminy + step))
        result.boxed += 1
        ring = [[rminx, rminy], [rmaxx, rminy], [rmaxx, rmaxy], [rminx, rmaxy], [rminx, rminy]]
        return orjson.dumps({"type": "Polygon", "coordinates": [ring]})
    return orjson.dumps({"type": kind, "coordinates": rounded[0] if kind == "Polygon" else rounded})


def _generalise_shapely(texts, tol: float, places: int, window=None) -> Generalised:
    """The vectorised path (lines, large polygons, collections): see generalise_many."""
    geoms = shapely.from_geojson(texts, on_invalid="ignore")
    keep = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if window is not None:
        keep &= shapely.intersects(geoms, shapely.box(*window))
    types = shapely.get_type_id(geoms)
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        size = np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
    sized = np.isin(types, _POLYGONAL + _LINEAR)
    tiny = keep & sized & (size < tol)
    result = Generalised(dropped=int(tiny.sum()))
    keep &= ~tiny
    out = np.full(len(texts), None, dtype=object)
    idx = np.flatnonzero(keep)
    if len(idx):
        simple = shapely.simplify(geoms[idx], tol, preserve_topology=True)
        rounded = shapely.transform(simple, lambda c: np.round(c, places))
        # a polygon the rounding flattened (a sliver thinner than the grid): its bounding
        # rectangle, at least one grid step each way, so it still draws as an area
        collapsed = np.isin(types[idx], _POLYGONAL) & (shapely.is_empty(rounded) | (shapely.area(rounded) == 0))
        if collapsed.any():
            step = 10.0 ** -places
            b = np.round(bounds[idx][collapsed], places)
            rounded[collapsed] = shapely.box(b[:, 0], b[:, 1], np.fmax(b[:, 2], b[:, 0] + step), np.fmax(b[:, 3], b[:, 1] + step))
            rounded[collapsed] = shapely.transform(rounded[collapsed], lambda c: np.round(c, places))
            result.boxed = int(collapsed.sum())
        out[idx] = shapely.to_geojson(rounded)
    result.geometries = out.tolist()
    return result


def generalise(geometry: dict, z: int, lat: float = 0.0):
    """One GeoJSON geometry (dict) generalised for zoom z; None when too small to see."""
    text = generalise_many([orjson.dumps(geometry)], z, lat).geometries[0]
    return orjson.loads(text) if text is not None else None

"""The tile grid and the generalisation (smartcity.gis.tiles, pure): bounds of known tiles,
point <-> tile round trips, half-pixel tolerance, rounding and the tiny-feature rule."""
import json
import math

import pytest
from shapely.geometry import shape

from smartcity.gis import tiles

MERC = 85.0511287798066


def test_known_tile_bounds():
    assert tiles.tile_bounds(0, 0, 0) == pytest.approx((-180, -MERC, 180, MERC))
    assert tiles.tile_bounds(1, 0, 0) == pytest.approx((-180, 0, 0, MERC), abs=1e-9)
    assert tiles.tile_bounds(1, 1, 1) == pytest.approx((0, -MERC, 180, 0), abs=1e-9)
    # OSM wiki: z2 x1 y1 spans 90 W - 0, 66.5133 N - 0
    assert tiles.tile_bounds(2, 1, 1) == pytest.approx((-90, 0, 0, 66.51326044311186), abs=1e-9)


def test_neighbouring_tiles_share_edges_and_hold_their_points():
    z = 14
    x, y = tiles.lonlat_to_tile(106.6519, 10.9804, z)  # Thủ Dầu Một
    w, s, e, n = tiles.tile_bounds(z, x, y)
    assert w <= 106.6519 < e and s < 10.9804 <= n
    assert e - w == pytest.approx(360 / 2 ** z)
    assert tiles.tile_bounds(z, x + 1, y)[0] == pytest.approx(e)
    assert tiles.tile_bounds(z, x, y + 1)[3] == pytest.approx(s)  # y grows southwards
    for z2 in (0, 5, 18):
        cx, cy = tiles.lonlat_to_tile(106.6519, 10.9804, z2)
        w2, s2, e2, n2 = tiles.tile_bounds(z2, cx, cy)
        assert w2 <= 106.6519 <= e2 and s2 <= 10.9804 <= n2


@pytest.mark.parametrize("z,x,y", [(-1, 0, 0), (25, 0, 0), (3, 8, 0), (3, 0, 8), (0, 1, 0), (2, -1, 1)])
def test_tiles_off_the_grid_are_refused(z, x, y):
    with pytest.raises(tiles.TileError):
        tiles.tile_bounds(z, x, y)


def test_tolerance_is_half_a_pixel_and_halves_per_zoom():
    assert tiles.tolerance(0) == pytest.approx(360 / 256 / 2)
    assert tiles.tolerance(15, 11) == pytest.approx(tiles.tolerance(14, 11) / 2)
    assert tiles.tolerance(14, 60) < tiles.tolerance(14, 11) < tiles.tolerance(14, 0)
    for z in (10, 14, 18):
        places = tiles.precision(z, 11)
        # the grid is at most a quarter pixel and not ten times finer than needed
        assert 10 ** -places <= tiles.pixel_degrees(z, 11) / 4 < 10 ** -(places - 1)
    assert tiles.precision(18) >= tiles.precision(14) >= tiles.precision(8)


def _wiggly_ring(cx, cy, r, n=400):
    pts = [[cx + r * (1 + 0.002 * math.sin(7 * k)) * math.cos(2 * math.pi * k / n),
            cy + r * (1 + 0.002 * math.sin(7 * k)) * math.sin(2 * math.pi * k / n)] for k in range(n)]
    return pts + [pts[0]]


def test_generalisation_drops_vertices_far_out_keeps_them_close_in_and_stays_within_half_a_pixel():
    poly = {"type": "Polygon", "coordinates": [_wiggly_ring(106.65, 10.98, 0.01)]}
    far, near = tiles.generalise(poly, 12, 11), tiles.generalise(poly, 20, 11)
    n_far, n_near = len(far["coordinates"][0]), len(near["coordinates"][0])
    assert n_far < n_near <= 401 and n_far < 100
    original = shape(poly)
    assert shape(far).is_valid and original.hausdorff_distance(shape(far)) <= tiles.tolerance(12, 11) * 1.5
    places = tiles.precision(12, 11)
    assert all(round(c, places) == c for pt in far["coordinates"][0] for c in pt)


def test_tiny_features_are_dropped_and_counted_points_kept():
    z = 12
    tol = tiles.tolerance(z, 11)
    speck = {"type": "Polygon", "coordinates": [[[106.6, 10.9], [106.6 + tol / 3, 10.9], [106.6 + tol / 3, 10.9 + tol / 3],
                                                 [106.6, 10.9]]]}
    field = {"type": "Polygon", "coordinates": [[[106.6, 10.9], [106.6 + 50 * tol, 10.9], [106.6 + 50 * tol, 10.9 + 50 * tol],
                                                 [106.6, 10.9 + 50 * tol], [106.6, 10.9]]]}
    point = {"type": "Point", "coordinates": [106.61234567, 10.91234567]}
    out = tiles.generalise_many([json.dumps(g) for g in (speck, field, point)], z, 11)
    assert out.dropped == 1 and out.geometries[0] is None
    assert json.loads(out.geometries[1])["type"] == "Polygon"
    assert json.loads(out.geometries[2])["coordinates"] == [round(106.61234567, tiles.precision(z, 11)),
                                                             round(10.91234567, tiles.precision(z, 11))]
    # the same speck is visible (kept) at a close zoom
    assert tiles.generalise_many([json.dumps(speck)], 20, 11).dropped == 0


def test_a_thin_visible_polygon_collapsing_is_kept_as_its_rectangle():
    z = 14
    tol = tiles.tolerance(z, 11)
    # 30 half-pixels long, a hundredth of one wide: simplification flattens it
    sliver = {"type": "Polygon", "coordinates": [[[106.6, 10.9], [106.6 + 30 * tol, 10.9], [106.6 + 15 * tol, 10.9 + tol / 100],
                                                  [106.6, 10.9]]]}
    out = tiles.generalise_many([json.dumps(sliver)], z, 11)
    assert out.dropped == 0 and out.boxed == 1 and out.geometries[0] is not None
    rect = shape(json.loads(out.geometries[0]))
    assert rect.bounds[2] > 106.6 + 20 * tol and rect.area > 0 and len(rect.exterior.coords) == 5


def test_window_leaves_out_features_whose_bbox_only_meets_it_and_baseline_is_untouched():
    diagonal = {"type": "LineString", "coordinates": [[106.0, 10.0], [107.0, 11.0]]}
    text = json.dumps(diagonal)
    assert tiles.generalise_many([text], 14, 11, window=(106.9, 10.0, 107.0, 10.1)).geometries == [None]
    assert tiles.generalise_many([text], 14, 11, window=(106.45, 10.45, 106.55, 10.55)).geometries[0] is not None
    assert tiles.generalise_many([text], 14, 11, simplify=False).geometries == [text]


def test_the_fast_path_for_small_polygons_agrees_with_shapely():
    """Small polygons are rounded in plain Python, the rest through shapely: same rules."""
    rings = [[[106.6519 + dx * 0.00031, 10.9804 + dy * 0.00027] for dx, dy in ((0, 0), (1, 0), (1.2, 1), (0, 1.1), (0, 0))],
             [[106.70011, 10.95013], [106.70061, 10.95013], [106.70061, 10.95063], [106.70011, 10.95013]]]
    for z in (14, 16, 18):
        places = tiles.precision(z, 11)
        for ring in rings:
            text = json.dumps({"type": "Polygon", "coordinates": [ring]})
            fast = json.loads(tiles.generalise_many([text], z, 11).geometries[0])
            slow = json.loads(tiles._generalise_shapely([text], tiles.tolerance(z, 11), places).geometries[0])
            assert fast == slow
            assert fast["coordinates"][0][1] == [round(ring[1][0], places), round(ring[1][1], places)]

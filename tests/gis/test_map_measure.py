"""The viewer's geodesic ruler (gis/measure.py) against closed forms and pyproj's
ellipsoidal geodesics."""
import math

import pytest
from pyproj import Geod

from smartcity.gis import measure

GEOD = Geod(ellps="WGS84")
TDM = (106.6535, 10.9810)   # Phú Cường, Thủ Dầu Một
DI_AN = (106.7680, 10.9060)


def test_one_degree_of_meridian_is_the_arc_of_the_mean_radius():
    assert measure.distance_m((106.65, 10.0), (106.65, 11.0)) == pytest.approx(measure.EARTH_RADIUS_M * math.pi / 180, rel=1e-9)


def test_distance_agrees_with_the_wgs84_ellipsoid_and_is_symmetric():
    _az, _baz, expected = GEOD.inv(*TDM, *DI_AN)
    got = measure.distance_m(TDM, DI_AN)
    assert got == pytest.approx(expected, rel=5e-3)
    assert measure.distance_m(DI_AN, TDM) == pytest.approx(got)
    assert measure.distance_m(TDM, TDM) == 0


def test_line_length_sums_its_segments():
    mid = ((TDM[0] + DI_AN[0]) / 2, TDM[1] + 0.01)
    assert measure.length_m([TDM, mid, DI_AN]) == pytest.approx(measure.distance_m(TDM, mid) + measure.distance_m(mid, DI_AN))
    assert measure.length_m([TDM]) == 0


def test_area_of_a_lat_lon_cell_is_the_closed_form():
    lon0, lat0, lon1, lat1 = 106.6, 10.9, 106.8, 11.1
    ring = [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0)]
    exact = measure.EARTH_RADIUS_M ** 2 * math.radians(lon1 - lon0) * (math.sin(math.radians(lat1)) - math.sin(math.radians(lat0)))
    assert measure.ring_area_m2(ring) == pytest.approx(exact, rel=1e-9)
    assert measure.ring_area_m2(list(reversed(ring))) == pytest.approx(exact, rel=1e-9)   # orientation does not matter
    assert measure.ring_area_m2(ring[:-1]) == pytest.approx(exact, rel=1e-9)              # nor closing the ring


def test_parcel_area_agrees_with_the_ellipsoid_and_holes_are_subtracted():
    x0, y0, w, h = 106.6540, 10.9645, 0.0002, 0.0004   # a demo parcel, ~22 m x 44 m
    outer = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]
    expected, _perimeter = GEOD.polygon_area_perimeter([p[0] for p in outer], [p[1] for p in outer])
    poly = {"type": "Polygon", "coordinates": [outer]}
    assert measure.area_m2(poly) == pytest.approx(abs(expected), rel=5e-3)
    hole = [[x0 + w / 4, y0 + h / 4], [x0 + w / 2, y0 + h / 4], [x0 + w / 2, y0 + h / 2], [x0 + w / 4, y0 + h / 2], [x0 + w / 4, y0 + h / 4]]
    with_hole = measure.area_m2({"type": "Polygon", "coordinates": [outer, hole]})
    assert with_hole == pytest.approx(measure.area_m2(poly) - measure.ring_area_m2(hole))
    assert measure.area_m2({"type": "MultiPolygon", "coordinates": [[outer], [outer]]}) == pytest.approx(2 * measure.area_m2(poly))
    assert measure.area_m2({"type": "LineString", "coordinates": outer}) == 0


def test_labels_change_unit_with_size():
    assert measure.format_length(842.4) == "842 m"
    assert measure.format_length(12_345) == "12.35 km"
    assert measure.format_area(1250) == "1 250 m²"
    assert measure.format_area(34_200) == "3.42 ha"
    assert measure.format_area(12_500_000) == "12.50 km²"

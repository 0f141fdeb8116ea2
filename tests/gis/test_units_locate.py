"""`gis.units.locate`: the ward formed on 1 July 2025 and the former district holding a point,
from AdministrativeUnit.geometry, with the prepared polygons cached until the units change."""
import pytest

from smartcity.core import reference as ref


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@pytest.fixture
def units(reference):
    """Own geometries: Phú Lợi and Chánh Hiệp side by side inside the former Thủ Dầu Một."""
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis import units as gis_units

    AdministrativeUnit.objects.update(geometry=None)
    gis_units.invalidate()
    get = AdministrativeUnit.objects.get
    tdm = get(code="718", valid_from=ref.BEFORE_2025)
    phu_loi = get(code=ref.new_unit_code("Phú Lợi"), valid_from=ref.FIRST_DAY_NEW)
    chanh_hiep = get(code=ref.new_unit_code("Chánh Hiệp"), valid_from=ref.FIRST_DAY_NEW)
    tdm.geometry = _box(106.60, 10.95, 106.72, 11.06)
    phu_loi.geometry = _box(106.66, 10.96, 106.70, 11.00)
    chanh_hiep.geometry = _box(106.62, 10.96, 106.66, 11.00)   # shares the edge lon 106.66
    for unit in (tdm, phu_loi, chanh_hiep):
        unit.save()
    return {"tdm": tdm, "phu_loi": phu_loi, "chanh_hiep": chanh_hiep}


def test_point_in_ward_and_former_district(units):
    from smartcity.gis.units import locate

    found = locate(106.68, 10.98)
    assert found["ward"] == units["phu_loi"]
    assert found["district"] == units["tdm"]
    assert locate(106.64, 10.97)["ward"] == units["chanh_hiep"]


def test_point_outside_every_polygon(units):
    from smartcity.gis.units import locate

    assert locate(106.90, 11.40) == {"ward": None, "district": None}
    inside_district_only = locate(106.70, 11.04)
    assert inside_district_only["ward"] is None and inside_district_only["district"] == units["tdm"]


def test_shared_edge_goes_to_one_unit_always(units):
    from smartcity.gis.units import locate

    first = locate(106.66, 10.98)["ward"]
    assert first in (units["phu_loi"], units["chanh_hiep"])
    assert all(locate(106.66, 10.98)["ward"] == first for _ in range(3))


def test_only_new_wards_and_old_districts_count(units):
    """A commune valid before 1 July 2025 is no 'ward formed on 1 July 2025'; the new HCMC
    province-level unit is no former district."""
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis.units import locate

    AdministrativeUnit.objects.create(code="25741", valid_from=ref.BEFORE_2025, valid_to=ref.LAST_DAY_OLD,
                                      name_vi="Phú Cường", name_en="Phu Cuong", level="commune", unit_type="Phường",
                                      geometry=_box(106.705, 11.01, 106.715, 11.02))
    hcmc = AdministrativeUnit.objects.get(code="79", valid_from=ref.FIRST_DAY_NEW)
    hcmc.geometry = _box(106.0, 10.0, 107.5, 12.0)
    hcmc.save()
    found = locate(106.71, 11.015)
    assert found["ward"] is None
    assert found["district"] == units["tdm"]


def test_saved_change_is_seen_at_once(units):
    from smartcity.gis.units import locate

    assert locate(106.68, 10.98)["ward"] == units["phu_loi"]
    moved = units["phu_loi"]
    moved.geometry = _box(106.80, 11.10, 106.82, 11.12)
    moved.save()
    assert locate(106.68, 10.98)["ward"] is None
    assert locate(106.81, 11.11)["ward"] == moved


def test_change_by_another_process_is_seen_by_fingerprint(units):
    """Without this process's signals (as if the admin of another worker saved the unit), the
    history fingerprint still drops the cached polygons."""
    from django.db.models.signals import post_save

    from smartcity.gis import units as gis_units

    assert gis_units.locate(106.68, 10.98)["ward"] == units["phu_loi"]
    post_save.disconnect(dispatch_uid="gis-units-save", sender="core.AdministrativeUnit")
    try:
        moved = units["phu_loi"]
        moved.geometry = _box(106.80, 11.10, 106.82, 11.12)
        moved.save()
        assert gis_units._cache["indexes"] is not None  # not dropped by a signal
        assert gis_units.locate(106.68, 10.98)["ward"] is None
        assert gis_units.locate(106.81, 11.11)["ward"] == moved
    finally:
        post_save.connect(gis_units.invalidate, sender="core.AdministrativeUnit", weak=False,
                          dispatch_uid="gis-units-save")


def test_cached_calls_cost_one_query(units, django_assert_max_num_queries):
    from smartcity.gis.units import locate

    locate(106.68, 10.98)
    lons = (106.61, 106.63, 106.67, 106.69, 106.71)
    with django_assert_max_num_queries(len(lons)):  # the fingerprint only, no reload of the units
        for lon in lons:
            locate(lon, 10.99)


def test_broken_geometry_is_left_out(units):
    from smartcity.gis.units import locate

    units["chanh_hiep"].geometry = {"type": "Polygon", "coordinates": "not coordinates"}
    units["chanh_hiep"].save()
    assert locate(106.64, 10.97)["ward"] is None
    assert locate(106.68, 10.98)["ward"] == units["phu_loi"]


def test_locate_geometry_uses_a_point_inside(units):
    from smartcity.gis.units import locate_geometry

    parcel = _box(106.67, 10.97, 106.675, 10.975)
    assert locate_geometry(parcel)["ward"] == units["phu_loi"]
    assert locate_geometry(None) == {"ward": None, "district": None}

"""Demo wards and communes of 1 July 2025: a published boundary layer, polygons that tile the
former province, written into the administrative units that `gis.units.locate` reads."""
import json
from datetime import date

import pytest
from shapely.geometry import Polygon, shape
from shapely.ops import unary_union

from smartcity.core import reference as ref

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(reference):
    from smartcity.gis import demo_layers, demo_wards

    demo_layers.load(parcels_per_block=20)
    return demo_wards.load()


def test_layer_is_published_with_the_new_units(loaded):
    from smartcity.gis.models import Layer

    assert loaded == {"features": 36, "units": 36, "districts": 9}
    layer = Layer.objects.get(key="ranh-gioi-xa-phuong-2025")
    assert layer.published and layer.owner.code == "DOC" and layer.kind == "boundary"
    assert layer.valid_from == date(2025, 7, 1) and layer.feature_count == 36
    names = {name for name, _type in ref.NEW_UNITS}
    features = list(layer.features.select_related("area"))
    assert {f.properties["ten"] for f in features} == names
    for f in features:
        assert f.properties["can_cu"] == "Nghị quyết 1685/NQ-UBTVQH15"
        assert f.properties["loai"] in ("Phường", "Xã") and f.properties["ma"] == f.fid == f.area.code
    assert sum(f.properties["loai"] == "Xã" for f in features) == sum(t == "Xã" for _n, t in ref.NEW_UNITS)


def test_polygons_cover_the_outline_without_overlaps(loaded):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis.demo_layers import PROVINCE_OUTLINE

    units = list(AdministrativeUnit.objects.filter(valid_from=ref.FIRST_DAY_NEW, level="commune"))
    assert len(units) == 36
    polygons = {u.name_vi: shape(u.geometry) for u in units}
    assert all(p.is_valid and not p.is_empty and p.area > 1e-4 for p in polygons.values()), \
        [n for n, p in polygons.items() if p.is_empty or p.area <= 1e-4]
    outline = Polygon(PROVINCE_OUTLINE)
    union = unary_union(list(polygons.values()))
    assert union.symmetric_difference(outline).area < outline.area * 1e-5        # no gap, nothing outside
    assert abs(sum(p.area for p in polygons.values()) - union.area) < outline.area * 1e-5  # no overlap
    # each unit's polygon holds the centre the demo gave it
    from shapely.geometry import Point

    from smartcity.gis.demo_wards import CENTRES

    assert all(polygons[name].contains(Point(CENTRES[name])) for name in polygons)


def test_locate_answers_from_the_demo(loaded):
    from smartcity.gis.demo_wards import CENTRES
    from smartcity.gis.models import Feature
    from smartcity.gis.units import locate

    for name in ("Thủ Dầu Một", "Bình Dương", "Dĩ An", "Lái Thiêu", "Dầu Tiếng", "Phước Hòa"):
        assert locate(*CENTRES[name])["ward"].name_vi == name
    # a demo parcel of Phú Cường (old centre of Thủ Dầu Một) and one of Dĩ An
    parcel = shape(json.loads(Feature.objects.get(layer__key="thua-dat-mau", fid="PC-11-1").geometry)).centroid
    found = locate(parcel.x, parcel.y)
    assert found["ward"].name_vi == "Thủ Dầu Một" and found["district"].code == "718"
    parcel = shape(json.loads(Feature.objects.get(layer__key="thua-dat-mau", fid="DA-51-1").geometry)).centroid
    found = locate(parcel.x, parcel.y)
    assert found["district"].code == "724"
    # every former district centre falls in its own district polygon
    for code, _vi, _en, _type, lat, lon in ref.OLD_DISTRICTS:
        assert locate(lon, lat)["district"].code == code


def test_second_load_changes_nothing(loaded):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis import demo_wards
    from smartcity.gis.models import Feature, Layer

    layer = Layer.objects.get(key="ranh-gioi-xa-phuong-2025")
    before = (AdministrativeUnit.history.count(), Feature.history.count(), layer.version, layer.updated_at)
    assert demo_wards.load() == {"features": 0, "units": 0, "districts": 0}
    layer.refresh_from_db()
    assert (AdministrativeUnit.history.count(), Feature.history.count(), layer.version, layer.updated_at) == before


def test_a_damaged_unit_is_repaired_by_the_next_load(loaded):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis import demo_wards

    unit = AdministrativeUnit.objects.get(code=ref.new_unit_code("Lái Thiêu"), valid_from=ref.FIRST_DAY_NEW)
    unit.geometry = None
    unit.save()
    assert demo_wards.load()["units"] == 1
    unit.refresh_from_db()
    assert shape(unit.geometry).area > 0

"""The GIS demo layers: districts, wards, zones with the planning rules, red lines, the
river corridor and the synthetic parcels — idempotent, published, usable by the check."""
import json
import time

import pytest
from shapely.geometry import Point, shape

pytestmark = pytest.mark.django_db


def test_demo_layers_load_once_and_are_consistent(reference):
    from smartcity.core import reference as ref
    from smartcity.gis import demo_layers, planning
    from smartcity.gis.models import Feature, Layer
    from smartcity.gis.spatial import count_in_bbox, features_in_bbox

    start = time.perf_counter()
    counts = demo_layers.load()
    elapsed = time.perf_counter() - start
    assert counts == {"districts": 9, "wards": 11, "zones": 11, "red_lines": 2, "corridors": 1, "parcels": 3000}
    assert elapsed < 10
    assert set(demo_layers.load().values()) == {0}  # a second load adds nothing
    assert Feature.objects.filter(layer__key="thua-dat-mau").count() == 3000

    layers = {layer.key: layer for layer in Layer.objects.all()}
    assert all(layer.published and layer.owner.code == "DOC" for layer in layers.values())
    parcels = layers["thua-dat-mau"]
    assert parcels.feature_count == 3000 and parcels.kind == "parcel"
    assert parcels.extent[0] < 106.66 < parcels.extent[2] and parcels.extent[1] < 10.98 < parcels.extent[3]

    # each former district's polygon holds its centre and carries its unit; no two overlap much
    districts = list(layers["ranh-gioi-huyen-2024"].features.select_related("area"))
    centres = {row[0]: (row[5], row[4]) for row in ref.OLD_DISTRICTS}
    for f in districts:
        assert shape(json.loads(f.geometry)).contains(Point(centres[f.fid])), f.fid
        assert f.area.code == f.fid and f.properties["ten"] == f.area.name_vi
    tdm = next(shape(json.loads(f.geometry)) for f in districts if f.fid == "718")
    assert all(tdm.buffer(1e-6).contains(shape(json.loads(w.geometry))) for w in layers["ranh-gioi-phuong-thu-dau-mot"].features.all())

    # zones carry the planning check's rule attributes
    zone = layers["quy-hoach-phan-khu"].features.get(fid="TDM-O-01")
    assert zone.properties[planning.USE] == "residential" and zone.properties[planning.MAX_FLOORS] == 6
    assert zone.properties[planning.DECISION].endswith("/QĐ-UBND") and zone.properties[planning.PLAN_VERSION] == 2

    # a parcel of Phú Cường found by the bbox query; no parcel lies across the avenue's red lines
    pc = parcels.features.get(fid="PC-11-1")
    assert pc.properties["phuong"] == "Phú Cường" and pc.properties["so_to"] == 11 and "chu" not in json.dumps(pc.properties)
    assert pc.id in [f.id for f in features_in_bbox(parcels, pc.minx, pc.miny, pc.maxx, pc.maxy)]
    red = [shape(json.loads(f.geometry)) for f in layers["chi-gioi-duong-do"].features.all()]
    for line in red:
        minx, miny, maxx, maxy = line.bounds
        near = features_in_bbox(parcels, minx, miny, maxx, maxy)
        assert not any(line.intersects(shape(json.loads(f.geometry))) for f in near)
    assert count_in_bbox(parcels, 106.6540, 10.9760, 106.6590, 10.9870) == 500  # the Phú Cường block


def test_demo_zone_checks_a_house_in_chanh_nghia(reference):
    from smartcity.gis import demo_layers, planning

    demo_layers.load(parcels_per_block=20)
    from smartcity.gis.models import Feature

    def rows(key):
        return [{"layer": key, "fid": f.fid, "geometry": json.loads(f.geometry), "properties": f.properties}
                for f in Feature.objects.filter(layer__key=key)]

    parcel = json.loads(Feature.objects.get(layer__key="thua-dat-mau", fid="CN-21-1").geometry)
    house = planning.Request(use="residential", height_m=15, floors=4, coverage_pct=70)
    out = planning.check(parcel, house, zones=rows("quy-hoach-phan-khu"), red_lines=rows("chi-gioi-duong-do"),
                         corridors=rows("hanh-lang-song-sai-gon"))
    assert out["result"] == "pass", out
    assert [f["fid"] for f in out["findings"] if f["kind"] == "zone"] == ["TDM-O-01"]
    tower = planning.Request(use="residential", height_m=40, floors=10, coverage_pct=70)
    assert planning.check(parcel, tower, zones=rows("quy-hoach-phan-khu"))["result"] == "fail"

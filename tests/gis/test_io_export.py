"""GET /api/gis/layers/<key>/export: every format, in WGS84 and VN-2000, read back by our
own importer to the same features; bad parameters are 400 problems; reads honour can_read."""
import json

import pytest
from django.urls import reverse
from shapely.geometry import box, shape

from smartcity.gis.models import Feature
from smartcity.gis.services import importer

pytestmark = pytest.mark.django_db

PARCELS = [("BC-0142", "Phạm Thị Thuỷ", "ODT", 0.0),
           ("BC-0143", "Đặng Quốc Hưng", "TMD", 0.0004),
           ("BC-0144", "Võ Ngọc Ánh", "ONT", 0.0008)]


@pytest.fixture
def parcels(make_layer, add_feature):
    layer = make_layer("thua-dat-ben-cat", geometry_type="Polygon", source_crs="VN2000-BD",
                       schema=[{"name": "ten_chu", "type": "string"}, {"name": "loai_dat", "type": "string"},
                               {"name": "so_tang", "type": "integer"}])
    for fid, owner, use, dx in PARCELS:
        add_feature(layer, fid, box(106.5951 + dx, 11.1502, 106.5954 + dx, 11.1505).__geo_interface__,
                    ten_chu=owner, loai_dat=use, so_tang=3)
    importer.refresh_layer(layer)
    return layer


CASES = [(f, c) for f in ("shp", "gpkg", "geojson", "tab") for c in ("EPSG:4326", "VN2000-BD")] + [("kml", "EPSG:4326")]
TYPES = {"shp": "application/zip", "tab": "application/zip", "gpkg": "application/geopackage+sqlite3",
         "geojson": "application/geo+json", "kml": "application/vnd.google-earth.kml+xml"}


@pytest.mark.parametrize("fmt,crs_key", CASES)
def test_export_round_trips_through_the_importer(api, parcels, make_layer, tmp_path, fmt, crs_key):
    r = api.get(reverse("api-gis-layer-export", args=[parcels.key]), {"format": fmt, "crs": crs_key})
    assert r.status_code == 200, r.content[:300]
    assert r["Content-Type"].startswith(TYPES[fmt])
    disposition = r["Content-Disposition"]
    assert disposition.startswith("attachment") and parcels.key in disposition
    name = disposition.split('filename="', 1)[1].rstrip('"')
    assert ("vn2000-bd" in name) == (crs_key == "VN2000-BD")
    target = tmp_path / name
    target.write_bytes(b"".join(r.streaming_content))
    copy = make_layer(f"ban-sao-{fmt}", geometry_type="Polygon")
    job = importer.import_file(copy, target)
    assert job.status == "done", job.error
    assert (job.imported, job.rejected) == (len(PARCELS), 0)
    assert job.source_crs == crs_key  # the file says which CRS it is in
    original = {f.fid: f for f in Feature.objects.filter(layer=parcels)}
    back = {f.fid: f for f in Feature.objects.filter(layer=copy)}
    assert set(back) == set(original)
    for fid, f in back.items():
        assert f.properties["ten_chu"] == original[fid].properties["ten_chu"]  # Vietnamese text intact
        a, b = shape(json.loads(f.geometry)), shape(json.loads(original[fid].geometry))
        assert a.symmetric_difference(b).area < 0.02 * b.area
        assert max(abs(x - y) for x, y in zip(a.bounds, b.bounds)) < 2e-6  # ~0.2 m


def test_bad_parameters_are_problems(api, parcels):
    url = reverse("api-gis-layer-export", args=[parcels.key])
    r = api.get(url, {"format": "dwg"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_format"
    r = api.get(url, {"format": "gpkg", "crs": "VN2000-ZZ"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_crs"
    r = api.get(url, {"format": "kml", "crs": "VN2000-BD"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "crs"
    r = api.get(url, {"format": "shp", "encoding": "koi8-r"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_encoding"


def test_export_honours_can_read(api, make_layer, make_user):
    hidden = make_layer("ranh-gioi-du-thao", published=False, owner="DOC")
    url = reverse("api-gis-layer-export", args=[hidden.key])
    assert api.get(url, {"format": "geojson"}).status_code == 404
    api.force_authenticate(make_user("tnmt.xem", "DONRE"))
    assert api.get(url, {"format": "geojson"}).status_code == 404
    api.force_authenticate(make_user("sxd.xem", "DOC", "viewer"))
    r = api.get(url, {"format": "geojson"})
    assert r.status_code == 200 and json.loads(b"".join(r.streaming_content))["features"] == []

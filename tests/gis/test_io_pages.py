"""The layer page, the import page and the new-layer page: what each shows, and who may
import or create (editors of the owner organisation; others read only or get 403)."""
import json

import pytest
from django.urls import reverse
from shapely.geometry import box

from smartcity.gis.models import ImportJob, Layer
from smartcity.gis.services import importer

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones(make_layer, add_feature):
    layer = make_layer("phan-khu-di-an", kind="planning_zone", geometry_type="Polygon", source_crs="VN2000-BD",
                       title_vi="Phân khu quy hoạch Dĩ An", valid_from="2024-01-01",
                       schema=[{"name": "ma_khu", "type": "string", "label_vi": "Mã khu", "label_en": "Zone code", "required": True},
                               {"name": "tang_cao_toi_da", "type": "integer", "label_vi": "Tầng cao tối đa", "label_en": "Max floors"}])
    add_feature(layer, "DA-01", box(106.76, 10.90, 106.78, 10.92).__geo_interface__, ma_khu="DA-01", tang_cao_toi_da=9)
    importer.refresh_layer(layer)
    ImportJob.objects.create(layer=layer, file_name="phan_khu_di_an.zip", file_format="zip", status="done", progress=100,
                             total=1, imported=1, source_crs="VN2000-BD")
    return layer


def test_layer_page_for_an_editor(client_as, make_user, zones):
    page = client_as(make_user("sxd.quyhoach", "DOC")).get(reverse("gis-layer", args=[zones.key])).content.decode()
    assert "Phân khu quy hoạch Dĩ An" in page and 'data-field="crs">VN2000-BD' in page
    assert f'data-field="version">{zones.version}' in page and 'data-field="feature_count">1' in page
    assert 'data-attr="tang_cao_toi_da"' in page and "Tầng cao tối đa" in page
    assert "phan_khu_di_an.zip" in page and reverse("gis-layer-import", args=[zones.key]) in page
    assert reverse("api-gis-import", args=[zones.imports.get().pk]) in page
    export = reverse("api-gis-layer-export", args=[zones.key])
    assert f'action="{export}"' in page and all(f'value="{f}"' in page for f in ("shp", "gpkg", "geojson", "tab"))
    assert f"{export}?format=kml" in page and 'value="VN2000-BD"' in page
    assert "/ogc/collections/phan-khu-di-an?f=html" in page and 'id="read-only"' not in page
    data = json.loads(page.split('id="gis-extent-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["extent"] == pytest.approx([106.76, 10.90, 106.78, 10.92])


def test_layer_page_read_only_for_others_and_hidden_when_unpublished(client, client_as, make_user, zones, make_layer):
    page = client.get(reverse("gis-layer", args=[zones.key])).content.decode()
    assert 'id="read-only"' in page and "phan_khu_di_an.zip" not in page
    assert reverse("gis-layer-import", args=[zones.key]) not in page
    make_layer("ranh-thua-du-thao", published=False)
    assert client.get(reverse("gis-layer", args=["ranh-thua-du-thao"])).status_code == 404
    other = client_as(make_user("tnmt.bientap", "DONRE"))
    assert other.get(reverse("gis-layer-import", args=[zones.key])).status_code == 403


def test_import_page_needs_sign_in_and_shows_a_job(client, client_as, make_user, zones):
    url = reverse("gis-layer-import", args=[zones.key])
    assert client.get(url).status_code == 302
    c = client_as(make_user("sxd.nhap", "DOC"))
    page = c.get(url).content.decode()
    assert 'id="gis-import-form"' in page and 'value="cp1258"' in page and 'value="tcvn3"' in page and 'value="replace"' in page
    assert '<option value="VN2000-BD" selected>' in page  # the layer's own CRS by default
    job = zones.imports.get()
    cfg = c.get(url + f"?job={job.pk}").content.decode().split('id="gis-import-config" type="application/json">', 1)[1]
    assert json.loads(cfg.split("</script>", 1)[0])["job"] == reverse("api-gis-import", args=[job.pk])


def test_new_layer_infers_schema_then_creates(client, client_as, make_user, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("gis-layer-new")
    assert client.get(url).status_code == 302
    assert client_as(make_user("sxd.xem", "DOC", "viewer")).get(url).status_code == 403
    c = client_as(make_user("sxd.tao", "DOC"))
    sample = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": box(106.65, 10.98, 106.651, 10.981).__geo_interface__,
         "properties": {"so_thua": 12, "dien_tich": 152.5, "chu_su_dung": "Huỳnh Thị Mai"}}]}
    form = {"key": "thua-dat-phu-hoa", "title_vi": "Thửa đất phường Phú Hoà", "title_en": "Phu Hoa parcels", "kind": "parcel",
            "geometry_type": "", "crs": "EPSG:4326", "attr_count": "0"}
    r = c.post(url, {**form, "action": "infer",
                     "sample": SimpleUploadedFile("phu_hoa.geojson", json.dumps(sample, ensure_ascii=False).encode())})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="sample-info"' in page
    assert 'name="attr_0_name" value="so_thua"' in page and '<option selected>integer</option>' in page
    assert '<option selected>number</option>' in page and '<option value="Polygon" selected>' in page
    assert not Layer.objects.filter(key="thua-dat-phu-hoa").exists()
    rows = {"attr_count": "4", "attr_0_name": "so_thua", "attr_0_type": "integer", "attr_0_label_vi": "Số thửa",
            "attr_0_label_en": "Parcel number", "attr_0_required": "1", "attr_1_name": "dien_tich", "attr_1_type": "number",
            "attr_2_name": "chu_su_dung", "attr_2_type": "string", "attr_2_drop": "1",
            "attr_3_name": "muc_dich", "attr_3_type": "string", "attr_3_label_vi": "Mục đích sử dụng"}
    bad = c.post(url, {**form, **rows, "geometry_type": "Polygon", "key": "moi", "action": "create"})
    assert bad.status_code == 400 and not Layer.objects.filter(key="moi").exists()
    r = c.post(url, {**form, **rows, "geometry_type": "Polygon", "action": "create"})
    assert r.status_code == 302 and r["Location"] == reverse("gis-layer-import", args=["thua-dat-phu-hoa"])
    layer = Layer.objects.get(key="thua-dat-phu-hoa")
    assert layer.owner.code == "DOC" and layer.geometry_type == "Polygon" and layer.source_crs == "EPSG:4326"
    assert [a["name"] for a in layer.schema] == ["so_thua", "dien_tich", "muc_dich"]
    assert layer.schema[0] == {"name": "so_thua", "type": "integer", "label_vi": "Số thửa", "label_en": "Parcel number", "required": True}

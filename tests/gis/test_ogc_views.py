"""OGC API - Features over HTTP (Django test client): resources, parameters, 400s, HTML."""
from datetime import UTC, datetime

import pytest

from smartcity.gis import ogc

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/thua-dat-phu-cuong/items"


def square(x, y, d=0.001):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


@pytest.fixture
def parcels(make_layer, add_feature):
    """12 parcels of Phú Cường ward (Thủ Dầu Một) in a row, 0.001° apart; an unpublished layer."""
    layer = make_layer("thua-dat-phu-cuong", title_vi="Thửa đất phường Phú Cường", title_en="Parcels of Phú Cường ward",
                       schema=[{"name": "so_thua", "type": "integer"}, {"name": "so_to", "type": "integer"}])
    for i in range(12):
        add_feature(layer, f"PC-21-{100 + i}", square(106.650 + i * 0.002, 10.980), so_thua=100 + i, so_to=21)
    hidden = make_layer("quy-hoach-nhap", kind="planning_zone", published=False, title_vi="Quy hoạch (bản nháp)")
    add_feature(hidden, "Z1", square(106.65, 10.98))
    return layer


def test_landing_conformance_and_api(client, parcels):
    body = client.get("/ogc/").json()
    rels = {ln["rel"]: ln for ln in body["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"] == ogc.OPENAPI_JSON and rels["data"]["href"].endswith("/ogc/collections")
    conf = client.get("/ogc/conformance").json()["conformsTo"]
    assert set(conf) == {ogc.CONF_CORE, ogc.CONF_GEOJSON, ogc.CONF_OAS30, ogc.CONF_HTML}
    resp = client.get("/ogc/api")
    assert resp["Content-Type"] == ogc.OPENAPI_JSON
    doc = resp.json()
    assert doc["servers"][0]["url"] == "http://testserver/ogc"
    assert doc["paths"]["/collections/{collectionId}"]["get"]["parameters"][0]["schema"]["enum"] == ["thua-dat-phu-cuong"]


def test_collections_only_published(client, parcels):
    body = client.get("/ogc/collections").json()
    assert [c["id"] for c in body["collections"]] == ["thua-dat-phu-cuong"]
    c = client.get("/ogc/collections/thua-dat-phu-cuong").json()
    assert c["itemType"] == "feature" and c["crs"] == [ogc.CRS84]
    assert c["extent"]["spatial"]["bbox"][0] == pytest.approx([106.65, 10.98, 106.673, 10.981])
    assert any(ln["rel"] == "items" and ln["type"] == ogc.GEOJSON for ln in c["links"])
    assert client.get("/ogc/collections/quy-hoach-nhap").status_code == 404
    assert client.get("/ogc/collections/quy-hoach-nhap/items").status_code == 404
    assert client.get("/ogc/collections/quy-hoach-nhap/items/Z1").json()["code"] == "not_found"


def test_items_default_limit_and_paging(client, parcels):
    resp = client.get(ITEMS)
    assert resp["Content-Type"] == ogc.GEOJSON
    page = resp.json()
    assert page["type"] == "FeatureCollection" and page["numberMatched"] == 12 and page["numberReturned"] == 10
    assert page["features"][0]["id"] == "PC-21-100" and page["features"][0]["properties"]["so_thua"] == 100
    assert page["timeStamp"].endswith("Z")
    nxt = next(ln["href"] for ln in page["links"] if ln["rel"] == "next")
    assert "offset=10" in nxt and not any(ln["rel"] == "prev" for ln in page["links"])
    second = client.get(nxt.replace("http://testserver", "")).json()
    assert [f["id"] for f in second["features"]] == ["PC-21-110", "PC-21-111"]
    rels = [ln["rel"] for ln in second["links"]]
    assert "prev" in rels and "next" not in rels
    assert client.get(ITEMS, {"limit": 3, "offset": 4}).json()["features"][0]["id"] == "PC-21-104"


def test_items_bbox_overlap_then_exact(client, parcels, add_feature):
    # parcels 0..2 sit in 106.650..106.655
    page = client.get(ITEMS, {"bbox": "106.6495,10.9795,106.6555,10.9815"}).json()
    assert [f["id"] for f in page["features"]] == ["PC-21-100", "PC-21-101", "PC-21-102"] and page["numberMatched"] == 3
    assert client.get(ITEMS, {"bbox": "106.6495,10.9795,0,106.6555,10.9815,100"}).json()["numberMatched"] == 3
    across = client.get(ITEMS, {"bbox": "170,10,106.6515,11"}).json()  # crosses the antimeridian: 170..180, -180..106.6515
    assert [f["id"] for f in across["features"]] == ["PC-21-100"]
    # a diagonal road whose bbox overlaps the window but whose line does not cross it
    add_feature(parcels, "DUONG-1", {"type": "LineString", "coordinates": [[106.640, 10.970], [106.648, 10.978], [106.660, 10.990]]})
    crossing = {"bbox": "106.6501,10.9801,106.6509,10.9809"}  # inside parcel 0, the road crosses it
    assert [f["id"] for f in client.get(ITEMS, crossing).json()["features"]] == ["PC-21-100", "DUONG-1"]
    corner = {"bbox": "106.657,10.971,106.659,10.973"}  # in the road's bbox, away from the line and the parcels
    page = client.get(ITEMS, corner).json()
    assert page["numberMatched"] == 0 and page["features"] == []


def test_items_datetime(client, parcels):
    from smartcity.gis.models import Feature

    utc = UTC
    Feature.objects.filter(fid="PC-21-100").update(valid_to=datetime(2025, 6, 30, 23, 59, tzinfo=utc))
    Feature.objects.filter(fid="PC-21-101").update(valid_from=datetime(2025, 7, 1, tzinfo=utc))
    ids = lambda params: [f["id"] for f in client.get(ITEMS, {"limit": 100, **params}).json()["features"]]
    before = ids({"datetime": "2025-06-15"})
    assert "PC-21-100" in before and "PC-21-101" not in before and len(before) == 11
    after = ids({"datetime": "2025-07-01T00:00:00Z/.."})
    assert "PC-21-100" not in after and "PC-21-101" in after
    assert len(ids({"datetime": "../2025-06-30T23:59:59Z"})) == 11


@pytest.mark.parametrize("params, field", [
    ({"bbox": "106.6,10.9,106.7"}, "bbox"),
    ({"bbox": "106.6,10.9,x,11"}, "bbox"),
    ({"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3405", "bbox": "1,2,3,4"}, "bbox-crs"),
    ({"datetime": "hôm qua"}, "datetime"),
    ({"datetime": "2025-07-01/2025-01-01"}, "datetime"),
    ({"limit": "0"}, "limit"),
    ({"limit": "10001"}, "limit"),
    ({"limit": "mười"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"f": "xml"}, "f"),
    ({"so_thua": "100"}, "so_thua"),
])
def test_items_bad_parameters_are_400_problems(client, parcels, params, field):
    resp = client.get(ITEMS, params)
    assert resp.status_code == 400
    body = resp.json()
    assert body["status"] == 400 and body["code"] == "invalid_parameter" and body["errors"][0]["field"] == field


def test_other_resources_reject_unknown_parameters(client, parcels):
    assert client.get("/ogc/collections", {"limit": 5}).status_code == 400
    assert client.get("/ogc/", {"f": "pdf"}).json()["errors"][0]["field"] == "f"


def test_single_feature(client, parcels):
    resp = client.get(ITEMS + "/PC-21-105")
    assert resp["Content-Type"] == ogc.GEOJSON
    assert resp["Access-Control-Allow-Origin"] == "*"
    f = resp.json()
    assert f["type"] == "Feature" and f["id"] == "PC-21-105" and f["geometry"]["type"] == "Polygon"
    assert f["properties"] == {"so_thua": 105, "so_to": 21}
    assert {ln["rel"] for ln in f["links"]} >= {"self", "alternate", "collection"}
    assert client.get(ITEMS + "/PC-99-999").status_code == 404


def test_html_by_f_and_accept(client, parcels):
    browser = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for url in ("/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/thua-dat-phu-cuong", ITEMS,
                ITEMS + "/PC-21-100", "/ogc/api"):
        resp = client.get(url, **browser)
        assert resp.status_code == 200 and resp["Content-Type"].startswith("text/html"), url
        assert "Accept" in resp["Vary"]
    page = client.get(ITEMS, {"f": "html", "limit": 5}).content.decode()
    assert "PC-21-104" in page and "PC-21-105" not in page and 'id="ogc-next"' in page and "offset=5" in page
    assert "Thửa đất phường Phú Cường" in page  # Vietnamese first
    landing = client.get("/ogc/?f=html", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Dịch vụ dữ liệu bản đồ" in landing and "số lớp đã công bố: 1" in landing
    assert "Đối tượng 1–5 trên tổng số 12" in page
    item = client.get(ITEMS + "/PC-21-100?f=html").content.decode()
    assert "so_thua" in item and "ogc-map-data" in item
    assert client.get("/ogc/collections?f=json", **browser)["Content-Type"] == "application/json"

"""GET /api/gis/search: parcels by sheet/parcel number in every written form, places by
name or address with or without diacritics, and only layers the user may read."""
import pytest
from django.urls import reverse

from smartcity.gis.api.search import fold, parse_parcel

pytestmark = pytest.mark.django_db

PARCEL_SCHEMA = [{"name": "so_to", "type": "integer", "label_vi": "Số tờ bản đồ", "label_en": "Map sheet"},
                 {"name": "so_thua", "type": "integer", "label_vi": "Số thửa", "label_en": "Parcel number"},
                 {"name": "dia_chi", "type": "string", "label_vi": "Địa chỉ", "label_en": "Address"}]


def _rect(x, y, d=0.0002):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


@pytest.fixture
def parcels(make_layer, add_feature):
    layer = make_layer("thua-dat-phu-cuong", schema=PARCEL_SCHEMA, published=True)
    add_feature(layer, "PC-21-142", _rect(106.6540, 10.9800), so_to=21, so_thua=142, dia_chi="18 Ngô Quyền, phường Phú Cường")
    add_feature(layer, "PC-21-143", _rect(106.6545, 10.9800), so_to=21, so_thua=143, dia_chi="20 Ngô Quyền, phường Phú Cường")
    add_feature(layer, "PC-14-21", _rect(106.6550, 10.9810), so_to=14, so_thua=21, dia_chi="5 Bạch Đằng, phường Phú Cường")
    # an imported layer keeps numbers as text
    text_layer = make_layer("thua-dat-chanh-nghia", schema=PARCEL_SCHEMA, published=True)
    add_feature(text_layer, "CN-21-142", _rect(106.6560, 10.9650), so_to="21", so_thua="142", dia_chi="Đường Cách Mạng Tháng Tám")
    return layer, text_layer


def _get(client, q, **extra):
    return client.get(reverse("api-gis-search"), {"q": q, **extra})


@pytest.mark.parametrize("text", ["tờ 21 thửa 142", "Tờ 21, thửa 142", "to 21 thua 142", "thửa 142 tờ 21", "21/142", "21 - 142",
                                  "sheet 21 parcel 142", "tờ bản đồ số 21 thửa số 142"])
def test_parcel_number_forms(text):
    assert parse_parcel(text) == (21, 142)


def test_not_parcel_numbers():
    assert parse_parcel("Phú Cường") is None
    assert parse_parcel("21") is None


def test_fold_removes_diacritics_and_case():
    assert fold("  Thủ Dầu  Một ") == "thu dau mot"
    assert fold("ĐƯỜNG Bạch Đằng") == "duong bach dang"


def test_parcel_search_finds_numbers_stored_as_numbers_or_text(client, parcels):
    body = _get(client, "tờ 21 thửa 142").json()
    found = {(r["layer"], r["fid"]) for r in body["results"]}
    assert found == {("thua-dat-phu-cuong", "PC-21-142"), ("thua-dat-chanh-nghia", "CN-21-142")}
    hit = next(r for r in body["results"] if r["fid"] == "PC-21-142")
    assert hit["kind"] == "parcel"
    assert hit["bbox"] == pytest.approx([106.6540, 10.9800, 106.6542, 10.9802])
    assert hit["lon"] == pytest.approx(106.6541) and hit["lat"] == pytest.approx(10.9801)
    assert body["parcel"] == {"sheet": 21, "parcel": 142}
    # sheet and parcel are not swapped: 14/21 is its own parcel
    assert [r["fid"] for r in _get(client, "14/21").json()["results"]] == ["PC-14-21"]
    assert _get(client, "21/999").json()["results"] == []


def test_address_search_ignores_diacritics(client, parcels):
    for q in ("bach dang", "Bạch Đằng", "BACH ĐANG"):
        fids = [r["fid"] for r in _get(client, q).json()["results"] if r["kind"] == "feature"]
        assert fids == ["PC-14-21"], q
    assert {r["fid"] for r in _get(client, "ngo quyen").json()["results"]} == {"PC-21-142", "PC-21-143"}


def test_administrative_units_by_name(client, parcels):
    results = _get(client, "thu dau mot").json()["results"]
    units = [r for r in results if r["kind"] == "unit"]
    assert units, results
    assert all("Thủ Dầu Một" in r["label"] for r in units)
    for r in units:
        minx, miny, maxx, maxy = r["bbox"]
        assert minx < r["lon"] < maxx and miny < r["lat"] < maxy


def test_unpublished_layers_only_for_their_organisation(client, client_as, make_layer, add_feature, make_user):
    hidden = make_layer("thua-dat-du-thao", schema=PARCEL_SCHEMA, published=False)
    add_feature(hidden, "DT-7-9", _rect(106.70, 11.05), so_to=7, so_thua=9, dia_chi="Khu dân cư Hòa Phú")
    assert _get(client, "tờ 7 thửa 9").json()["results"] == []
    assert _get(client, "hoa phu").json()["results"] == [] or all(r["kind"] == "unit" for r in _get(client, "hoa phu").json()["results"])
    other = client_as(make_user("donre.thao", "DONRE"))
    assert _get(other, "7/9").json()["results"] == []
    own = client_as(make_user("doc.hung", "DOC"))
    assert [r["fid"] for r in _get(own, "7/9").json()["results"]] == ["DT-7-9"]
    assert "DT-7-9" in [r["fid"] for r in _get(own, "hoa phu").json()["results"]]


def test_short_or_bad_queries_are_problems(client, parcels):
    for params in ({"q": "a"}, {"q": ""}):
        response = client.get(reverse("api-gis-search"), params)
        assert response.status_code == 400
        assert response.json()["code"] == "query_too_short"
    response = _get(client, "ngo quyen", limit="many")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "limit"
    assert len(_get(client, "ngo quyen", limit="1").json()["results"]) == 1

"""Editing features through the API: create, change, delete and revert with a history row
(user, reason, what changed) each time; validation of geometry and attributes; who may
write; optimistic concurrency with ETag / If-Match."""
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCHEMA = [
    {"name": "so_thua", "type": "integer", "label_vi": "Số thửa", "label_en": "Parcel number", "required": True},
    {"name": "so_to", "type": "integer", "label_vi": "Số tờ bản đồ", "label_en": "Map sheet", "required": False},
    {"name": "loai_dat", "type": "string", "label_vi": "Loại đất", "label_en": "Land use", "required": False},
    {"name": "dien_tich_phap_ly", "type": "number", "label_vi": "Diện tích pháp lý (m²)", "label_en": "Legal area (m²)"},
]


def square(lon, lat, d=0.0003):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]}


@pytest.fixture
def layer(make_layer):
    return make_layer("thua-dat-phu-cuong", geometry_type="Polygon", schema=SCHEMA, title_vi="Thửa đất phường Phú Cường")


@pytest.fixture
def editor(make_user):
    return make_user("xd.lan", "DOC", first_name="Lan", last_name="Nguyễn Thị")


def _post(api, layer, body, **headers):
    return api.post(reverse("api-gis-features", args=[layer.key]), body, format="json", headers=headers)


def test_create_update_delete_revert_keep_history(api, layer, editor):
    from smartcity.gis.models import Feature

    api.force_authenticate(editor)
    r = _post(api, layer, {"type": "Feature", "geometry": square(106.6521, 10.9803),
                           "properties": {"so_thua": "142", "so_to": 37, "loai_dat": "ODT"}, "reason": "Đo đạc bổ sung"})
    assert r.status_code == 201, r.json()
    body = r.json()
    fid = body["id"]
    assert r["ETag"] == '"1"' and body["version"] == 1 and r["Location"].endswith(f"/features/{fid}/")
    assert body["properties"]["so_thua"] == 142  # coerced to the schema's integer
    assert 1000 < body["measures"]["area_m2"] < 1200  # ~33 m x 33 m at 11° N
    f = Feature.objects.get(layer=layer, fid=fid)
    assert (f.minx, f.miny) == pytest.approx((106.6521, 10.9803)) and f.maxx == pytest.approx(106.6524)
    layer.refresh_from_db()
    assert layer.feature_count == 1 and layer.extent == pytest.approx([106.6521, 10.9803, 106.6524, 10.9806])

    url = reverse("api-gis-feature", args=[layer.key, fid])
    moved = square(106.6530, 10.9810)
    r = api.put(url, {"geometry": moved, "properties": {"so_thua": 142, "so_to": 37, "loai_dat": "TMD"}},
                format="json", headers={"If-Match": '"1"', "X-Change-Reason": "Chuyển mục đích sử dụng"})
    assert r.status_code == 200, r.json()
    assert r["ETag"] == '"2"'
    f.refresh_from_db()
    assert f.minx == pytest.approx(106.6530) and f.properties["loai_dat"] == "TMD"

    r = api.patch(url, {"properties": {"dien_tich_phap_ly": "1085,5"}}, format="json", headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["properties"]["dien_tich_phap_ly"] == 1085.5  # decimal comma accepted
    assert r.json()["properties"]["loai_dat"] == "TMD"  # PATCH merges

    hist = api.get(reverse("api-gis-feature-history", args=[layer.key, fid])).json()
    assert [v["change"] for v in hist["results"]] == ["created", "changed", "changed"]
    first, second = hist["results"][0], hist["results"][1]
    assert first["user"] == "Lan Nguyễn Thị (xd.lan)" and first["reason"] == "Đo đạc bổ sung"
    assert second["reason"] == "Chuyển mục đích sử dụng" and second["geometry_changed"] is True
    assert {"name": "loai_dat", "before": "ODT", "after": "TMD"} in second["changed_attributes"]
    assert hist["results"][2]["geometry_changed"] is False
    assert second["geometry"]["coordinates"][0][0] == [106.6530, 10.9810]

    r = api.delete(url, headers={"If-Match": '"3"'})
    assert r.status_code == 204
    assert not Feature.objects.filter(layer=layer, fid=fid).exists()
    layer.refresh_from_db()
    assert layer.feature_count == 0 and layer.extent is None
    hist = api.get(reverse("api-gis-feature-history", args=[layer.key, fid])).json()
    assert hist["deleted"] is True and hist["results"][-1]["change"] == "deleted"

    # revert to the first version: the feature comes back, as version 5
    r = api.post(reverse("api-gis-feature-revert", args=[layer.key, fid]), {"history_id": first["history_id"]}, format="json")
    assert r.status_code == 200, r.json()
    assert r["ETag"] == '"5"' and r.json()["properties"]["loai_dat"] == "ODT"
    f = Feature.objects.get(layer=layer, fid=fid)
    assert f.minx == pytest.approx(106.6521)
    hist = api.get(reverse("api-gis-feature-history", args=[layer.key, fid])).json()
    assert hist["count"] == 5 and hist["results"][-1]["reason"].endswith("1") and hist["results"][-1]["user_id"] == editor.pk
    assert all(v["user_id"] == editor.pk for v in hist["results"])


def test_list_with_bbox_limit_offset(api, layer, add_feature):
    for i in range(5):
        add_feature(layer, 100 + i, square(106.65 + i * 0.01, 10.98), so_thua=100 + i)
    url = reverse("api-gis-features", args=[layer.key])
    data = api.get(url, {"bbox": "106.649,10.979,106.6705,10.99"}).json()
    assert [f["id"] for f in data["features"]] == ["100", "101", "102"] and data["numberMatched"] == 3
    data = api.get(url, {"limit": 2, "offset": 3}).json()
    assert [f["id"] for f in data["features"]] == ["103", "104"] and data["numberMatched"] == 5
    r = api.get(url, {"bbox": "106.6,10.9,west,11"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "bbox"


def test_validation_errors_listed_per_field(api, layer, editor):
    api.force_authenticate(editor)
    # a point in a polygon layer, and a required attribute missing, and a wrong number
    r = _post(api, layer, {"geometry": {"type": "Point", "coordinates": [106.65, 10.98]},
                           "properties": {"so_to": "ba mươi bảy", "loai_dat": "ODT"}})
    assert r.status_code == 400
    errors = {(e["field"], e["code"]) for e in r.json()["errors"]}
    assert errors == {("geometry", "wrong_geometry_type"), ("properties.so_thua", "missing"), ("properties.so_to", "wrong_type")}
    # coordinates in VN-2000 metres, not WGS84
    r = _post(api, layer, {"geometry": square(578000.0, 1213000.0, 30), "properties": {"so_thua": 1}})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "out_of_range"
    # an attribute the layer does not have
    r = _post(api, layer, {"geometry": square(106.65, 10.98), "properties": {"so_thua": 1, "chu_su_dung": "Trần Văn Bình"}})
    err = r.json()["errors"][0]
    assert r.status_code == 400 and (err["field"], err["code"]) == ("properties.chu_su_dung", "unknown_attribute")
    assert "chu_su_dung" in err["message"]
    # no geometry at all
    r = _post(api, layer, {"properties": {"so_thua": 1}})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "geometry"
    from smartcity.gis.models import Feature
    assert not Feature.objects.filter(layer=layer).exists()


def test_bow_tie_polygon_repaired_and_reported(api, layer, editor):
    api.force_authenticate(editor)
    lon, lat, d = 106.655, 10.975, 0.0004
    bow_tie = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat + d], [lon + d, lat], [lon, lat + d], [lon, lat]]]}
    r = _post(api, layer, {"geometry": bow_tie, "properties": {"so_thua": 57}})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["geometry"]["type"] == "MultiPolygon" and len(body["geometry"]["coordinates"]) == 2
    assert body["warnings"][0]["field"] == "geometry" and body["warnings"][0]["code"] == "repaired"
    assert "Self-intersection" in body["warnings"][0]["message"]
    from shapely.geometry import shape
    assert shape(body["geometry"]).is_valid


def test_permissions(api, layer, editor, make_user, add_feature):
    add_feature(layer, 7, square(106.65, 10.98), so_thua=7)
    url = reverse("api-gis-feature", args=[layer.key, "7"])
    body = {"geometry": square(106.651, 10.981), "properties": {"so_thua": 7}}
    # anonymous: reads yes, writes 401
    assert api.get(url).status_code == 200
    r = api.put(url, body, format="json")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    assert _post(api, layer, body).status_code == 401
    # another organisation's editor, and a viewer of the owner: 403
    for user in (make_user("tnmt.minh", "DONRE"), make_user("xd.xem", "DOC", role="viewer")):
        api.force_authenticate(user)
        r = api.delete(url)
        assert r.status_code == 403 and r.json()["code"] == "permission_denied"
        r = api.post(reverse("api-gis-feature-revert", args=[layer.key, "7"]), {"history_id": 1}, format="json")
        assert r.status_code == 403
    # an unpublished layer does not exist for outsiders
    hidden = type(layer).objects.create(key="quy-hoach-nhap", title_vi="Quy hoạch (dự thảo)", owner=layer.owner, published=False)
    api.force_authenticate(make_user("tnmt.hoa", "DONRE"))
    assert api.get(reverse("api-gis-features", args=[hidden.key])).status_code == 404


def test_token_authentication_and_session_csrf(client, layer, editor):
    from smartcity.core.services import issue_api_token

    key = issue_api_token(editor, "QGIS của phòng Quy hoạch")[1]
    r = client.post(reverse("api-gis-features", args=[layer.key]),
                    json.dumps({"geometry": square(106.66, 10.97), "properties": {"so_thua": 9}}),
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 201, r.content
    from django.test import Client
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    r = csrf_client.post(reverse("api-gis-features", args=[layer.key]),
                         json.dumps({"geometry": square(106.67, 10.97), "properties": {"so_thua": 10}}),
                         content_type="application/json")
    assert r.status_code == 403  # a session without its CSRF token may not write


def test_stale_if_match_gives_412(api, layer, editor, add_feature):
    add_feature(layer, 21, square(106.65, 10.98), so_thua=21)
    api.force_authenticate(editor)
    url = reverse("api-gis-feature", args=[layer.key, "21"])
    r = api.get(url)
    tag = r["ETag"]
    assert api.get(url, headers={"If-None-Match": tag}).status_code == 304
    # a colleague saves first
    assert api.patch(url, {"properties": {"loai_dat": "ODT"}}, format="json", headers={"If-Match": tag}).status_code == 200
    r = api.patch(url, {"properties": {"loai_dat": "CLN"}}, format="json", headers={"If-Match": tag})
    assert r.status_code == 412 and r.json()["code"] == "stale_version" and r.json()["current_version"] == 2
    assert r["ETag"] == '"2"'
    assert api.delete(url, headers={"If-Match": tag}).status_code == 412
    from smartcity.gis.models import Feature
    assert Feature.objects.get(layer=layer, fid="21").properties["loai_dat"] == "ODT"
    assert api.delete(url, headers={"If-Match": '"2"'}).status_code == 204

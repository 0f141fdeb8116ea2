"""The management API (assets, datastreams, registries) and the plain read views
(latest, series) through the HTTP stack, with the permission rule at every door."""
import orjson
import pytest
from django.db import transaction

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.hub.models import Asset, DailyRollup, Datastream, HourlyRollup, Latest, Observation
from smartcity.hub.store import store
from smartcity.hub.timebase import HOUR

T0 = 1_763_917_200  # 2025-11-24T00:00:00+07:00
ASSETS = "/api/hub/assets/"
DATASTREAMS = "/api/hub/datastreams/"

TDM = {"slug": "kk-thu-dau-mot", "asset_type": "air-station", "name": "Trạm quan trắc không khí Thủ Dầu Một",
       "name_en": "Thu Dau Mot air monitoring station", "latitude": 10.98, "longitude": 106.65,
       "address": "Đường Cách Mạng Tháng Tám, phường Phú Cường, Thủ Dầu Một"}


@pytest.fixture
def people(make_user):
    return {
        "donre": make_user("donre.minh", "DONRE", "editor", is_staff=True),
        "donre_viewer": make_user("donre.xem", "DONRE", "viewer"),
        "dot": make_user("dot.nam", "DOT", "editor", is_staff=True),
        "office": make_user("vptptm.huong", "VPTPTM", "editor", is_staff=True),
    }


@pytest.fixture
def stations(make_asset):
    tdm = make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.98, lon=106.65,
                     admin_unit=AdministrativeUnit.objects.get(code="718"))
    di_an = make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769,
                       admin_unit=AdministrativeUnit.objects.get(code="724"))
    ben_cat = make_asset("kk-ben-cat", name="Trạm quan trắc không khí Bến Cát", lat=11.154, lon=106.593, active=False)
    draft = make_asset("kk-bau-bang", name="Trạm quan trắc không khí KCN Bàu Bàng", lat=11.254, lon=106.617, published=False)
    lamp = make_asset("den-dai-lo-binh-duong-001", "streetlight", owner="DOT", name="Đèn đường Đại lộ Bình Dương – cột 001",
                      lat=10.97, lon=106.67)
    streams = {}
    for asset in (tdm, di_an):
        streams[asset.slug] = Datastream.objects.create(asset=asset, quantity_id="pm25", unit="µg/m³")
    rows = [(streams["kk-thu-dau-mot"].id, T0 + i * 300, 20.0 + i % 17, 0, None, None) for i in range(600)]
    rows += [(streams["kk-di-an"].id, T0 + h * HOUR, 30.0 + h % 5, 0, None, None) for h in range(48)]
    with transaction.atomic():
        store(rows, "test")
    return {"tdm": tdm, "di_an": di_an, "ben_cat": ben_cat, "draft": draft, "lamp": lamp, "streams": streams}


# -- assets: the permission rule -----------------------------------------------------------
def test_anonymous_reads_published_assets_only(api, stations):
    r = api.get(ASSETS)
    assert r.status_code == 200
    slugs = [a["slug"] for a in r.json()["results"]]
    assert slugs == ["den-dai-lo-binh-duong-001", "kk-ben-cat", "kk-di-an", "kk-thu-dau-mot"]
    one = api.get(ASSETS + "kk-thu-dau-mot/").json()
    assert one["ngsi_id"] == "urn:ngsi-ld:AirQualityObserved:kk-thu-dau-mot"
    assert one["owner"] == "DONRE" and one["asset_type"] == "air-station"
    assert [d["quantity"] for d in one["datastreams"]] == ["pm25"]
    assert api.get(ASSETS + "kk-bau-bang/").status_code == 404


def test_owner_sees_its_unpublished_asset(api, stations, people):
    api.force_authenticate(people["donre_viewer"])
    assert api.get(ASSETS + "kk-bau-bang/").status_code == 200
    api.force_authenticate(people["dot"])
    assert api.get(ASSETS + "kk-bau-bang/").status_code == 404


def test_create_follows_the_rule(api, hub, people):
    api.force_authenticate(people["donre"])
    r = api.post(ASSETS, TDM, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["owner"] == "DONRE"  # defaults to the caller's organisation
    asset = Asset.objects.get(slug="kk-thu-dau-mot")
    assert asset.history.count() == 1

    api.force_authenticate(people["dot"])
    r = api.post(ASSETS, {**TDM, "slug": "kk-di-an", "name": "Trạm quan trắc không khí Dĩ An", "owner": "DONRE"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert not Asset.objects.filter(slug="kk-di-an").exists()
    r = api.post(ASSETS, {"slug": "den-dai-lo-binh-duong-002", "asset_type": "streetlight",
                          "name": "Đèn đường Đại lộ Bình Dương – cột 002", "latitude": 10.971, "longitude": 106.671}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DOT"

    api.force_authenticate(people["donre_viewer"])
    r = api.post(ASSETS, {**TDM, "slug": "kk-tan-uyen"}, format="json")
    assert r.status_code == 403

    api.force_authenticate(people["office"])  # the Smart City Office may create for any organisation
    r = api.post(ASSETS, {**TDM, "slug": "kk-tan-uyen", "name": "Trạm quan trắc không khí Tân Uyên", "owner": "DONRE",
                          "latitude": 11.064, "longitude": 106.797}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DONRE"

    api.force_authenticate(None)
    assert api.post(ASSETS, {**TDM, "slug": "kk-khac"}, format="json").status_code == 401


def test_update_and_delete_follow_the_rule(api, stations, people):
    url = ASSETS + "kk-thu-dau-mot/"
    api.force_authenticate(people["dot"])
    r = api.patch(url, {"name": "Trạm bị sửa"}, format="json")
    assert r.status_code == 403 and r.json()["status"] == 403
    assert api.delete(url).status_code == 403
    assert Asset.objects.get(slug="kk-thu-dau-mot").name == "Trạm quan trắc không khí Thủ Dầu Một"

    api.force_authenticate(people["donre"])
    r = api.patch(url, {"address": "Số 1 Trần Văn Ơn, phường Phú Hòa, Thủ Dầu Một"}, format="json")
    assert r.status_code == 200 and r.json()["address"].startswith("Số 1 Trần Văn Ơn")
    r = api.patch(url, {"owner": "DOT"}, format="json")  # may not hand it to another organisation
    assert r.status_code == 403
    r = api.patch(url, {"slug": "kk-tdm"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "slug"

    api.force_authenticate(people["office"])
    assert api.patch(url, {"active": False}, format="json").status_code == 200


def test_delete_removes_readings_rollups_and_latest(api, stations, people):
    ds = stations["streams"]["kk-thu-dau-mot"].id
    assert Observation.objects.filter(datastream_id=ds).count() == 600
    api.force_authenticate(people["donre"])
    assert api.delete(ASSETS + "kk-thu-dau-mot/").status_code == 204
    for model in (Observation, HourlyRollup, DailyRollup, Latest):
        assert not model.objects.filter(datastream_id=ds).exists(), model.__name__
    assert Observation.objects.filter(datastream_id=stations["streams"]["kk-di-an"].id).count() == 48  # others untouched


@pytest.mark.parametrize("payload,field_name", [
    ({"latitude": 95}, "latitude"),
    ({"longitude": 106.65, "latitude": None}, "latitude"),
    ({"asset_type": "tau-ngam"}, "asset_type"),
    ({"geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]}}, "geometry"),
    ({"attribute_map": {"t": "độ phóng xạ"}}, "attribute_map"),
    ({"properties": [1, 2]}, "properties"),
])
def test_bad_asset_fields_are_reported_by_field(api, hub, people, payload, field_name):
    api.force_authenticate(people["donre"])
    r = api.post(ASSETS, {**TDM, **payload}, format="json")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "validation_error" and field_name in [e["field"] for e in body["errors"]]
    assert not Asset.objects.exists()


def test_geometry_only_asset_gets_a_point(api, hub, people):
    api.force_authenticate(people["donre"])
    river = {"type": "LineString", "coordinates": [[106.640, 10.990], [106.645, 10.985], [106.650, 10.975]]}
    r = api.post(ASSETS, {"slug": "nm-song-sai-gon", "asset_type": "water-station", "name": "Đoạn sông Sài Gòn qua Thủ Dầu Một",
                          "geometry": river}, format="json")
    assert r.status_code == 201
    body = r.json()
    assert 10.975 <= body["latitude"] <= 10.990 and 106.640 <= body["longitude"] <= 106.650


# -- assets: filters and geo ---------------------------------------------------------------
def slugs(api, query):
    r = api.get(ASSETS + query)
    assert r.status_code == 200, r.json()
    return [a["slug"] for a in r.json()["results"]]


def test_asset_filters(api, stations):
    assert slugs(api, "?type=streetlight") == ["den-dai-lo-binh-duong-001"]
    assert slugs(api, "?owner=DONRE&active=false") == ["kk-ben-cat"]
    assert slugs(api, "?admin_unit=724") == ["kk-di-an"]
    assert slugs(api, "?admin_unit=74") == ["kk-di-an", "kk-thu-dau-mot"]
    assert slugs(api, "?q=Dĩ An") == ["kk-di-an"]
    assert slugs(api, "?type=air-station,streetlight&active=true") == ["den-dai-lo-binh-duong-001", "kk-di-an", "kk-thu-dau-mot"]


def test_asset_geo_queries(api, stations):
    assert slugs(api, "?bbox=106.6,10.9,106.8,11.0") == ["den-dai-lo-binh-duong-001", "kk-di-an", "kk-thu-dau-mot"]
    r = api.get(ASSETS + "?near=10.98,106.65,25000")
    near = r.json()["results"]
    assert [a["slug"] for a in near] == ["kk-thu-dau-mot", "den-dai-lo-binh-duong-001", "kk-di-an", "kk-ben-cat"]  # nearest first
    assert near[0]["distance_m"] == 0 and 15_000 < near[2]["distance_m"] < 15_800
    polygon = orjson.dumps({"type": "Polygon", "coordinates": [[[106.74, 10.88], [106.80, 10.88], [106.80, 10.93],
                                                                 [106.74, 10.93], [106.74, 10.88]]]}).decode()
    assert slugs(api, "?within=" + polygon) == ["kk-di-an"]
    assert slugs(api, "?within=106.55,11.1;106.65,11.1;106.65,11.2;106.55,11.2") == ["kk-ben-cat"]
    assert slugs(api, "?within=106.55,11.1;106.65,11.1;106.65,11.2;106.55,11.2&active=true") == []


@pytest.mark.parametrize("query,field_name", [("?near=10.98,106.65", "near"), ("?bbox=1,2,3", "bbox"),
                                              ("?within=106.6,10.9;106.7,10.9", "within"), ("?admin_unit=khong-co", "admin_unit")])
def test_bad_geo_parameters(api, stations, query, field_name):
    r = api.get(ASSETS + query)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field_name


# -- admin ---------------------------------------------------------------------------------
def test_admin_follows_the_rule(client_as, stations, people):
    asset = stations["tdm"]
    url = f"/admin/hub/asset/{asset.pk}/change/"
    client = client_as(people["dot"])
    assert client.get(url).status_code == 200  # staff may look
    form = {"slug": asset.slug, "asset_type": "air-station", "name": "Trạm bị sửa", "owner": Organisation.objects.get(code="DOT").pk,
            "published": "on", "active": "on", "properties": "{}", "attribute_map": "{}", "geometry": "null",
            "datastreams-TOTAL_FORMS": "0", "datastreams-INITIAL_FORMS": "0"}
    assert client.post(url, form).status_code == 403
    assert client.post(f"/admin/hub/asset/{asset.pk}/delete/", {"post": "yes"}).status_code == 403
    asset.refresh_from_db()
    assert asset.name == "Trạm quan trắc không khí Thủ Dầu Một"

    client = client_as(people["donre"])
    form["owner"] = asset.owner_id
    ds = stations["streams"]["kk-thu-dau-mot"]
    form.update({"datastreams-TOTAL_FORMS": "1", "datastreams-INITIAL_FORMS": "1", "datastreams-0-id": ds.pk,
                 "datastreams-0-asset": asset.pk, "datastreams-0-quantity": "pm25", "datastreams-0-expected_interval_s": "300"})
    r = client.post(url, {**form, "name": "Trạm quan trắc không khí Thủ Dầu Một (Phú Cường)"})
    assert r.status_code == 302, r.content.decode()[:2000]
    asset.refresh_from_db()
    assert asset.name == "Trạm quan trắc không khí Thủ Dầu Một (Phú Cường)"
    r = client.post(f"/admin/hub/asset/{asset.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert not Observation.objects.filter(datastream_id=ds.pk).exists()


def test_admin_registries_are_read_only_except_tuning_by_coordinators(client_as, stations, people):
    client = client_as(people["donre"])
    assert client.get("/admin/hub/quantity/").status_code == 200
    assert client.get("/admin/hub/quantity/add/").status_code == 403
    form = {"default_interval_s": "60", "retention_days": "365"}
    assert client.post("/admin/hub/assettype/air-station/change/", form).status_code == 403
    client = client_as(people["office"])
    assert client.post("/admin/hub/assettype/air-station/change/", form).status_code == 302
    from smartcity.hub.models import AssetType

    t = AssetType.objects.get(code="air-station")
    assert (t.default_interval_s, t.retention_days, t.ngsi_type) == (60, 365, "AirQualityObserved")


# -- datastreams ---------------------------------------------------------------------------
def test_datastream_create_update_delete(api, stations, people):
    api.force_authenticate(people["dot"])
    r = api.post(DATASTREAMS, {"asset": "kk-di-an", "quantity": "PM10"}, format="json")
    assert r.status_code == 403

    api.force_authenticate(people["donre"])
    r = api.post(DATASTREAMS, {"asset": "kk-di-an", "quantity": "PM10"}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["quantity"], body["unit"], body["expected_interval_s"], body["latest"]) == ("pm10", "µg/m³", 300, None)
    r = api.post(DATASTREAMS, {"asset": "kk-di-an", "quantity": "pm_10"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "duplicate"
    r = api.post(DATASTREAMS, {"asset": "kk-di-an", "quantity": "no2", "unit": "kg"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "unit"
    r = api.post(DATASTREAMS, {"asset": "kk-di-an", "quantity": "độ phóng xạ"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "unknown_quantity"

    url = f"{DATASTREAMS}{body['id']}/"
    r = api.patch(url, {"expected_interval_s": 60, "retention_days": 730}, format="json")
    assert r.status_code == 200 and (r.json()["expected_interval_s"], r.json()["retention_days"]) == (60, 730)
    r = api.patch(url, {"quantity": "no2"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "immutable"

    tdm = stations["streams"]["kk-thu-dau-mot"]
    listed = api.get(DATASTREAMS + "?asset=kk-thu-dau-mot").json()["results"]
    assert listed[0]["latest"] == {"time": "2025-11-26T01:55:00+07:00", "value": 20.0 + 599 % 17, "status": "valid"}
    api.force_authenticate(people["dot"])
    assert api.delete(f"{DATASTREAMS}{tdm.id}/").status_code == 403
    assert Observation.objects.filter(datastream_id=tdm.id).count() == 600
    api.force_authenticate(people["donre"])
    assert api.delete(f"{DATASTREAMS}{tdm.id}/").status_code == 204
    for model in (Observation, HourlyRollup, DailyRollup, Latest):
        assert not model.objects.filter(datastream_id=tdm.id).exists(), model.__name__


def test_datastream_list_filters_and_visibility(api, stations, people):
    draft_ds = Datastream.objects.create(asset=stations["draft"], quantity_id="pm25", unit="µg/m³")
    ids = [d["id"] for d in api.get(DATASTREAMS).json()["results"]]
    assert draft_ds.id not in ids and len(ids) == 2
    assert [d["asset"] for d in api.get(DATASTREAMS + "?quantity=PM2.5&owner=DONRE").json()["results"]] == ["kk-thu-dau-mot", "kk-di-an"]
    api.force_authenticate(people["donre_viewer"])
    assert draft_ds.id in [d["id"] for d in api.get(DATASTREAMS).json()["results"]]


def test_registries_are_read_only(api, hub, people):
    r = api.get("/api/hub/quantities/pm25/")
    assert r.status_code == 200 and r.json()["unit"] == "µg/m³" and "PM2.5" in r.json()["aliases"]
    types = {t["code"]: t for t in api.get("/api/hub/asset-types/").json()}
    assert types["waste-bin"]["ngsi_type"] == "WasteContainer" and "fill_level" in types["waste-bin"]["quantities"]
    api.force_authenticate(people["office"])
    assert api.post("/api/hub/quantities/", {"code": "radioactivity"}, format="json").status_code == 405
    assert api.delete("/api/hub/asset-types/bus/").status_code == 405


# -- GET /api/hub/latest and /api/hub/series ----------------------------------------------
def test_latest_endpoint(client, stations):
    r = client.get("/api/hub/latest", {"type": "air-station", "near": "10.98,106.65,5000"})
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    body = r.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["asset"], row["quantity"], row["unit"], row["time"], row["status"]) == (
        "kk-thu-dau-mot", "pm25", "µg/m³", "2025-11-26T01:55:00+07:00", "valid")
    assert client.get("/api/hub/latest", {"owner": "DONRE", "quantity": "pm2_5"}).json()["count"] == 2
    assert client.get("/api/hub/latest", {"admin_unit": "724"}).json()["results"][0]["asset"] == "kk-di-an"
    assert client.get("/api/hub/latest", {"bbox": "106.7,10.85,106.8,10.95"}).json()["count"] == 1


@pytest.mark.parametrize("params,field_name,code", [
    ({"near": "10.98,106.65,-1"}, "near", "bad_near"),
    ({"bbox": "106,10"}, "bbox", "bad_bbox"),
    ({"quantity": "độ phóng xạ"}, "quantity", "unknown_quantity"),
    ({"ownr": "DONRE"}, "ownr", "unknown_parameter"),
])
def test_latest_endpoint_bad_parameters(client, stations, params, field_name, code):
    r = client.get("/api/hub/latest", params)
    assert r.status_code == 400
    body = r.json()
    assert body["status"] == 400 and body["code"] == "invalid_parameter"
    assert body["errors"] == [{"field": field_name, "code": code, "message": body["errors"][0]["message"]}]


def test_series_endpoint_hourly(client, stations):
    ds = stations["streams"]["kk-thu-dau-mot"]
    r = client.get("/api/hub/series", {"datastream": ds.id, "from": "2025-11-24T00:00:00+07:00",
                                       "to": "2025-11-23T23:00:00Z", "agg": "1h", "stat": "max"})
    assert r.status_code == 200
    body = r.json()
    assert (body["agg"], body["stat"], body["next"]) == ("1h", "max", None)
    points = body["datastreams"][0]["points"]
    assert len(points) == 6 and points[0] == ["2025-11-24T00:00:00+07:00", 31.0]  # 12 readings 20..31


def test_series_endpoint_by_asset_and_quantity_with_auto(client, stations):
    r = client.get("/api/hub/series", {"asset": "kk-thu-dau-mot", "quantity": "PM2.5", "from": "2025-11-24T00:00:00",
                                       "to": "2025-11-25T00:00:00"})
    body = r.json()
    assert body["agg"] == "raw" and len(body["datastreams"][0]["points"]) == 288
    r = client.get("/api/hub/series", {"asset": "kk-thu-dau-mot", "quantity": "pm25", "from": "2025-10-01", "to": "2025-12-01"})
    assert r.json()["agg"] == "1d"


def test_series_endpoint_pages_with_next(client, stations):
    ds = stations["streams"]["kk-thu-dau-mot"].id
    params = {"datastream": ds, "agg": "raw", "limit": 250}
    seen, url_params = [], dict(params)
    for _ in range(10):
        body = client.get("/api/hub/series", url_params).json()
        seen += [p[0] for p in body["datastreams"][0]["points"]]
        if body["next"] is None:
            break
        url_params = {**params, "cursor": body["next"]}
    assert len(seen) == 600 and len(set(seen)) == 600 and seen == sorted(seen)


def test_series_plus_sign_decoded_as_space_is_accepted(client, stations):
    ds = stations["streams"]["kk-thu-dau-mot"].id
    r = client.get(f"/api/hub/series?datastream={ds}&agg=raw&from=2025-11-24T01:00:00+07:00&to=2025-11-24T02:00:00+07:00")
    assert r.status_code == 200 and len(r.json()["datastreams"][0]["points"]) == 12


@pytest.mark.parametrize("params,field_name", [
    ({"from": "hôm qua"}, "from"),
    ({"from": "2025-11-25", "to": "2025-11-24"}, "to"),
    ({"agg": "5m"}, "agg"),
    ({"stat": "median"}, "stat"),
    ({"limit": "0"}, "limit"),
    ({"cursor": "giả-mạo"}, "cursor"),
    ({"format": "xlsx"}, "format"),
])
def test_series_endpoint_bad_parameters(client, stations, params, field_name):
    ds = stations["streams"]["kk-thu-dau-mot"].id
    r = client.get("/api/hub/series", {"datastream": ds, **params})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field_name


def test_series_of_hidden_or_unknown_datastreams_is_refused(client, stations, people, client_as):
    draft_ds = Datastream.objects.create(asset=stations["draft"], quantity_id="pm25", unit="µg/m³")
    r = client.get("/api/hub/series", {"datastream": draft_ds.id})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "unknown_datastream"
    assert client_as(people["donre_viewer"]).get("/api/hub/series", {"datastream": draft_ds.id}).status_code == 200


def test_personal_token_reads_and_a_bad_token_is_refused(client, stations, people):
    from smartcity.core.services import issue_api_token

    draft_ds = Datastream.objects.create(asset=stations["draft"], quantity_id="pm25", unit="µg/m³")
    _token, key = issue_api_token(people["donre_viewer"], "Bảng điều khiển")
    r = client.get("/api/hub/series", {"datastream": draft_ds.id}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200
    r = client.get("/api/hub/latest", HTTP_AUTHORIZATION="Bearer sc_khongdung")
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"


def test_read_views_refuse_writes_in_the_error_shape(client, stations):
    for url in ("/api/hub/latest", "/api/hub/series", "/api/hub/export.csv"):
        r = client.post(url, {})
        assert r.status_code == 405 and r.json()["code"] == "method_not_allowed" and "GET" in r["Allow"]


def test_latest_answer_follows_readings_renames_and_new_datastreams(client, stations, make_asset):
    """Without a geographic filter the answer is assembled from per-datastream fragments
    kept between requests: it must stay byte for byte what the values say, after a new
    reading, a renamed asset and a new asset."""
    import orjson

    from smartcity.hub import queries
    from smartcity.hub.models import Asset, Datastream
    from smartcity.hub.store import store

    from django.contrib.auth.models import AnonymousUser

    def both():
        body = client.get("/api/hub/latest").content
        rows = queries.latest_values(user=AnonymousUser())
        assert body == orjson.dumps({"count": len(rows), "results": rows})
        return {(r["asset"], r["quantity"]): r for r in orjson.loads(body)["results"]}

    before = both()
    pm25 = Datastream.objects.get(asset__slug="kk-thu-dau-mot", quantity_id="pm25")
    store([(pm25.id, 1_764_100_000, 61.5, 0, None, None)], "test")
    assert both()[("kk-thu-dau-mot", "pm25")]["value"] == 61.5
    asset = Asset.objects.get(slug="kk-thu-dau-mot")
    asset.name = "Trạm quan trắc không khí Thủ Dầu Một (Phú Cường)"
    asset.save()
    assert both()[("kk-thu-dau-mot", "pm25")]["asset_name"] == "Trạm quan trắc không khí Thủ Dầu Một (Phú Cường)"
    new = make_asset("kk-tan-uyen", name="Trạm quan trắc không khí Tân Uyên", lat=11.06, lon=106.79)
    ds = Datastream.objects.create(asset=new, quantity_id="pm25", unit="µg/m³")
    store([(ds.id, 1_764_100_000, 33.0, 0, None, None)], "test")
    after = both()
    assert after[("kk-tan-uyen", "pm25")]["value"] == 33.0 and len(after) == len(before) + 1

"""Hub pages through Django's test client: map, asset page, asset types, the JSON views
behind the live refresh, and device-token management under the permission rule."""
import json
import re
import time

import orjson
import pytest
from django.db import transaction

from smartcity.hub.models import Datastream, DeviceToken, Status
from smartcity.hub.store import store


def page_data(html: str, script_id: str) -> dict:
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no {script_id} on the page"
    return json.loads(found.group(1))


@pytest.fixture
def stations(make_asset):
    """An air station reporting, a water station gone quiet, a lamp in maintenance, a bin
    with no data yet, and an unpublished DONRE test station."""
    from smartcity.core.models import AdministrativeUnit

    tdm = AdministrativeUnit.objects.get(code="718", level="district")
    air = make_asset("kk-tdm-phu-cuong", name="Trạm quan trắc không khí tự động Thủ Dầu Một (Phú Cường)",
                     name_en="Thu Dau Mot automatic air station", lat=10.9812, lon=106.6545, admin_unit=tdm,
                     address="Đường Quang Trung, phường Phú Cường, TP. Thủ Dầu Một",
                     properties={"station_code": "BD-KK-01", "standard": "QCVN 05:2023/BTNMT", "free_of_charge": True})
    water = make_asset("nm-song-sai-gon-tdm", "water-station", name="Trạm quan trắc nước mặt tự động sông Sài Gòn",
                       lat=10.9768, lon=106.6478, admin_unit=tdm)
    lamp = make_asset("dd-dai-lo-binh-duong-01", "streetlight", owner="DOT", name="Đèn LED Đại lộ Bình Dương – trụ 01",
                      lat=10.9612, lon=106.6752)
    make_asset("tr-tdm-01", "waste-bin", name="Thùng rác thông minh TDM-01", lat=10.9788, lon=106.6502)
    hidden = make_asset("kk-noi-bo", name="Trạm thử nghiệm nội bộ", published=False)
    now = int(time.time())
    slot = now - now % 300
    ds = {"slot": slot}
    for asset, q, unit in [(air, "pm25", "µg/m³"), (air, "temperature", "°C"), (water, "ph", "-"), (lamp, "power", "W"),
                           (hidden, "pm25", "µg/m³")]:
        ds[(asset.slug, q)] = Datastream.objects.create(asset=asset, quantity_id=q, unit=unit, expected_interval_s=300)
    rows = []
    for i in range(288):  # one day of five-minute readings, newest first
        t = slot - i * 300
        rows.append((ds[("kk-tdm-phu-cuong", "pm25")].id, t, 35.2 if i == 0 else 20.0 + i % 12, Status.VALID, None, None))
        rows.append((ds[("kk-tdm-phu-cuong", "temperature")].id, t, 31.0, Status.VALID, None, None))
        rows.append((ds[("kk-noi-bo", "pm25")].id, t, 12.0, Status.VALID, None, None))
    rows.append((ds[("nm-song-sai-gon-tdm", "ph")].id, slot - 2 * 3600, 7.12, Status.VALID, None, None))
    rows.append((ds[("dd-dai-lo-binh-duong-01", "power")].id, slot, 0.0, Status.MAINTENANCE, None, None))
    with transaction.atomic():
        store(rows, source="test")
    return ds


def test_map_page_vietnamese_with_states(client, stations):
    response = client.get("/hub/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<h1>Bản đồ thiết bị</h1>" in html
    assert "Trạm quan trắc không khí tự động Thủ Dầu Một (Phú Cường)" in html
    assert "<b>35,2</b>" in html  # the newest PM2.5 with a Vietnamese decimal comma
    assert "Sở Tài nguyên và Môi trường" in html  # organisation filter
    assert "Trạm quan trắc không khí tự động</option>" in html  # type filter, Vietnamese type name
    data = page_data(html, "hub-map-data")
    states = {a["slug"]: a["state"] for a in data["assets"]}
    assert states == {"kk-tdm-phu-cuong": "ok", "nm-song-sai-gon-tdm": "stale", "dd-dai-lo-binh-duong-01": "attention",
                      "tr-tdm-01": "nodata"}  # the unpublished station is not shown to visitors
    air = next(a for a in data["assets"] if a["slug"] == "kk-tdm-phu-cuong")
    assert [r["quantity"] for r in air["readings"]] == ["pm25", "temperature"]  # the type's order
    assert air["readings"][0]["value"] == 35.2 and air["readings"][0]["label"] == "Bụi PM2.5"
    assert air["url"] == "/hub/assets/kk-tdm-phu-cuong/"
    assert data["tiles"] == "" and any(u["name"] == "Thành phố Thủ Dầu Một" for u in data["units"])
    assert data["labels"]["states"]["stale"] == "Mất dữ liệu gần đây"


def test_map_uses_configured_tiles(client, stations, settings):
    settings.SMARTCITY_MAP_TILES = "https://tiles.example.gov.vn/{z}/{x}/{y}.png"
    data = page_data(client.get("/hub/").content.decode(), "hub-map-data")
    assert data["tiles"] == "https://tiles.example.gov.vn/{z}/{x}/{y}.png"


def test_map_filters_and_english(client, stations):
    water = page_data(client.get("/hub/?type=water-station").content.decode(), "hub-map-data")
    assert [a["slug"] for a in water["assets"]] == ["nm-song-sai-gon-tdm"]
    dot = page_data(client.get("/hub/?owner=DOT").content.decode(), "hub-map-data")
    assert [a["slug"] for a in dot["assets"]] == ["dd-dai-lo-binh-duong-01"]
    english = client.get("/hub/?lang=en").content.decode()
    assert "<h1>Map of assets</h1>" in english and "Thu Dau Mot automatic air station" in english
    assert "<b>35.2</b>" in english


def test_map_sees_own_unpublished_assets(client_as, make_user, stations):
    client = client_as(make_user("donre.lan", "DONRE", "viewer"))
    data = page_data(client.get("/hub/").content.decode(), "hub-map-data")
    assert "kk-noi-bo" in {a["slug"] for a in data["assets"]}


def test_map_query_count_does_not_grow_with_assets(client, stations, make_asset, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/hub/")
    for i in range(15):
        make_asset(f"kk-them-{i}", lat=10.9 + i / 100, lon=106.7)
    with django_assert_max_num_queries(12):
        assert client.get("/hub/").status_code == 200


def test_asset_page(client, stations):
    response = client.get("/hub/assets/kk-tdm-phu-cuong/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Trạm quan trắc không khí tự động Thủ Dầu Một (Phú Cường)</h1>" in html
    assert "Số đo mới nhất" in html and "Bụi PM2.5" in html and "µg/m³" in html and "<b data-value>35,2</b>" in html
    assert "hợp lệ" in html  # reading status in Vietnamese
    assert "Mã trạm" in html and "BD-KK-01" in html and "Miễn phí" in html
    assert "Thành phố Thủ Dầu Một" in html and 'href="/organisations/DONRE/"' in html
    assert "7 ngày" in html and "1 năm" in html
    assert 'href="/alerts/?asset=kk-tdm-phu-cuong"' in html
    assert 'id="tokens"' not in html  # visitors do not see device tokens
    data = page_data(html, "hub-asset-data")
    pm25 = next(d for d in data["datastreams"] if d["quantity"] == "pm25")
    assert 287 <= len(pm25["points"]) <= 288  # a day of 5-minute readings (the oldest may just have left the window)
    assert pm25["points"][-1][1] == pytest.approx(35.2)
    assert pm25["points"][-1][0].endswith("+07:00")
    assert "24 giờ qua: thấp nhất 20" in html


def test_unpublished_asset_page(client, client_as, make_user, stations):
    assert client.get("/hub/assets/kk-noi-bo/").status_code == 404
    assert client.get("/hub/assets/khong-co/").status_code == 404
    viewer = client_as(make_user("donre.lan", "DONRE", "viewer"))
    assert viewer.get("/hub/assets/kk-noi-bo/").status_code == 200


def test_types_page(client, stations):
    html = client.get("/hub/types/").content.decode()
    assert "<h1>Loại thiết bị</h1>" in html
    row = re.search(r'<tr data-type="air-station">(.*?)</tr>', html, re.S).group(1)
    assert "Trạm quan trắc không khí tự động" in row
    assert "<td class=\"num\" data-assets>1</td>" in row  # the unpublished one is not counted for visitors
    assert "STNMT" in row


def test_latest_json(client, stations):
    body = client.get("/hub/latest.json?asset=kk-tdm-phu-cuong").json()
    assert body["count"] == 2
    pm25 = next(r for r in body["results"] if r["quantity"] == "pm25")
    assert pm25["value"] == 35.2 and pm25["status"] == "valid" and pm25["owner"] == "DONRE" and pm25["type"] == "air-station"
    assert pm25["time"].endswith("+07:00") and pm25["lat"] == 10.9812
    lamp = client.get("/hub/latest.json?type=streetlight").json()["results"]
    assert [(r["asset"], r["status"]) for r in lamp] == [("dd-dai-lo-binh-duong-01", "maintenance")]
    assert client.get("/hub/latest.json?asset=kk-noi-bo").json()["count"] == 0  # not visible


def test_series_json(client, stations):
    pm25 = stations[("kk-tdm-phu-cuong", "pm25")].id
    hourly = client.get(f"/hub/series.json?datastream={pm25}&range=7d").json()
    assert hourly["agg"] == "1h" and hourly["datastreams"][0]["quantity"] == "pm25"
    assert 24 <= len(hourly["datastreams"][0]["points"]) <= 25
    daily = client.get(f"/hub/series.json?datastream={pm25}&range=1y").json()
    assert daily["agg"] == "1d" and 1 <= len(daily["datastreams"][0]["points"]) <= 2
    bad = client.get(f"/hub/series.json?datastream={pm25}&range=2w")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_parameter" and bad.json()["errors"][0]["field"] == "range"
    assert client.get("/hub/series.json?datastream=abc").status_code == 400
    hidden = stations[("kk-noi-bo", "pm25")].id
    assert client.get(f"/hub/series.json?datastream={hidden}").status_code == 404


def post_reading(client, key, asset):
    rows = [{"asset": asset, "quantity": "pm25", "time": int(time.time()) - 1, "value": 41.5}]
    return client.post("/api/hub/observations", data=orjson.dumps(rows), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def test_device_token_create_use_revoke(client, client_as, make_user, stations):
    editor = make_user("donre.minh", "DONRE", "editor")
    browser = client_as(editor)
    html = browser.get("/hub/assets/kk-tdm-phu-cuong/").content.decode()
    assert 'id="tokens"' in html and "Tạo mã thiết bị" in html
    response = browser.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "Bộ ghi dữ liệu trạm BD-KK-01"})
    assert response.status_code == 200
    key = re.search(r"<code>(dv_[A-Za-z0-9_-]+)</code>", response.content.decode()).group(1)
    token = DeviceToken.objects.get(name="Bộ ghi dữ liệu trạm BD-KK-01")
    assert list(token.assets.values_list("slug", flat=True)) == ["kk-tdm-phu-cuong"] and token.created_by == editor
    assert key not in browser.get("/hub/assets/kk-tdm-phu-cuong/").content.decode()  # shown once
    # the key writes to this asset and to no other
    assert post_reading(client, key, "kk-tdm-phu-cuong").status_code == 200
    assert post_reading(client, key, "nm-song-sai-gon-tdm").json()["errors"][0]["code"] == "forbidden_asset"
    response = browser.post(f"/hub/assets/kk-tdm-phu-cuong/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"].endswith("/hub/assets/kk-tdm-phu-cuong/#tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert post_reading(client, key, "kk-tdm-phu-cuong").status_code == 401


def test_device_token_permission(client, client_as, make_user, stations, device_token):
    token, _key = device_token("DONRE", assets=[stations[("kk-tdm-phu-cuong", "pm25")].asset])
    dot = client_as(make_user("dot.nam", "DOT", "editor"))
    assert 'id="tokens"' not in dot.get("/hub/assets/kk-tdm-phu-cuong/").content.decode()
    response = dot.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "Không được phép"})
    assert response.status_code == 403
    assert dot.post(f"/hub/assets/kk-tdm-phu-cuong/tokens/{token.pk}/revoke/").status_code == 403
    # DOT may manage its own lamp's tokens, not a DONRE token through it
    assert dot.post(f"/hub/assets/dd-dai-lo-binh-duong-01/tokens/{token.pk}/revoke/").status_code == 404
    assert dot.post("/hub/assets/dd-dai-lo-binh-duong-01/tokens/", {"name": "Tủ điều khiển ĐLBD-03"}).status_code == 200
    client.logout()
    viewer = client_as(make_user("donre.lan", "DONRE", "viewer"))
    assert viewer.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "Xem thôi"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not DeviceToken.objects.filter(name__in=["Không được phép", "Xem thôi"]).exists()


def test_device_token_anonymous_and_bad_name(client, client_as, make_user, stations):
    response = client.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "Ẩn danh"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    office = client_as(make_user("vptptm.huong", "VPTPTM", "manager"))  # the coordinator may
    response = office.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "  "})
    assert response.status_code == 400 and "tối đa 120 ký tự" in response.content.decode()
    assert office.post("/hub/assets/kk-tdm-phu-cuong/tokens/", {"name": "Trạm BD-KK-01"}).status_code == 200
    assert DeviceToken.objects.filter(name="Trạm BD-KK-01").count() == 1


def test_module_on_home_page(client, stations):
    from smartcity.core.modules import all_modules
    from smartcity.hub import ui

    ui.register()
    module = next(m for m in all_modules() if m.key == "hub")
    counts = dict((str(label), n) for label, n in module.counts())
    assert (counts["thiết bị đã kết nối"], counts["chuỗi dữ liệu"]) == (5, 5)
    assert 3 * 287 + 1 <= counts["số đo trong 24 giờ qua"] <= 3 * 288 + 1  # valid readings only
    html = client.get("/").content.decode()
    assert "Trung tâm dữ liệu đô thị" in html and 'href="/hub/"' in html

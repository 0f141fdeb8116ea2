"""The Wi-Fi API: public reads with filters and GeoJSON, writes by the owner only (another
organisation gets 403 in the project's error shape), the usage report and its errors; the
public map's JSON states; the demo loader twice."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.wifi.conftest import LOCAL


@pytest.fixture
def three(make_hotspot, readings):
    now = timezone.now().astimezone(LOCAL)
    up = make_hotspot("wifi-cho-thu-dau-mot")
    down = make_hotspot("wifi-ben-xe-binh-duong", venue_kind="station", lat=10.9709, lon=106.6744)
    repair = make_hotspot("wifi-cho-di-an", district="724", status="maintenance", operator="Viettel Bình Dương",
                          lat=10.9055, lon=106.7690)
    make_hotspot("wifi-chua-cong-bo", published=False)
    readings(up, [("connected_users", now - timedelta(minutes=5), 17)], interval_s=900)
    readings(down, [("connected_users", now - timedelta(hours=2), 12)], interval_s=900)
    return up, down, repair


def test_public_list_filters_geojson(api, three):
    r = api.get("/api/wifi/hotspots/")
    assert r.status_code == 200
    rows = {h["slug"]: h for h in r.json()["results"]}
    assert set(rows) == {"wifi-cho-thu-dau-mot", "wifi-ben-xe-binh-duong", "wifi-cho-di-an"}  # not the unpublished one
    assert rows["wifi-cho-thu-dau-mot"]["state"]["state"] == "up" and rows["wifi-cho-thu-dau-mot"]["state"]["users"] == 17
    assert rows["wifi-ben-xe-binh-duong"]["state"]["state"] == "down"
    assert rows["wifi-cho-di-an"]["state"]["state"] == "maintenance" and rows["wifi-cho-di-an"]["radius_m"] == 60
    assert [h["slug"] for h in api.get("/api/wifi/hotspots/?district=724").json()["results"]] == ["wifi-cho-di-an"]
    assert [h["slug"] for h in api.get("/api/wifi/hotspots/?operator=Viettel Bình Dương").json()["results"]] == ["wifi-cho-di-an"]
    g = api.get("/api/wifi/hotspots/?as=geojson&venue_kind=station").json()
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 1
    assert g["features"][0]["geometry"] == {"type": "Point", "coordinates": [106.6744, 10.9709]}


def test_writes_by_owner_only(api, three, make_user):
    payload = {"capacity": 80}
    assert api.patch("/api/wifi/hotspots/wifi-cho-thu-dau-mot/", payload, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("donre.an", "DONRE"))
    r = api.patch("/api/wifi/hotspots/wifi-cho-thu-dau-mot/", payload, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["status"] == 403
    assert "detail" in r.json() and "errors" in r.json()
    api.force_authenticate(make_user("dic.bao", "DIC"))
    r = api.patch("/api/wifi/hotspots/wifi-cho-thu-dau-mot/", payload, format="json")
    assert r.status_code == 200 and r.json()["capacity"] == 80
    three[0].refresh_from_db()
    assert three[0].history.count() == 2  # created, changed
    r = api.patch("/api/wifi/hotspots/wifi-cho-thu-dau-mot/", {"capacity": 0}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "capacity", "code": "out_of_range",
                                                              "message": r.json()["errors"][0]["message"]}
    r = api.post("/api/wifi/roadmap/", {"code": "wifi-giai-doan-4", "phase": 4, "title_vi": "Giai đoạn 4: phủ sóng khu công nghiệp",
                                        "target_year": 2028, "planned_hotspots": 30}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DIC"
    api.force_authenticate(make_user("donre.binh", "DONRE"))
    r = api.patch("/api/wifi/roadmap/wifi-giai-doan-4/", {"planned_hotspots": 1}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"


def test_usage_api_and_errors(api, make_hotspot, readings):
    from tests.wifi.conftest import local

    a = make_hotspot("wifi-cho-thu-dau-mot")
    readings(a, [("connected_users", local(2026, 10, 5, 9), 20), ("wifi_sessions", local(2026, 10, 5, 9), 33),
                 ("connected_users", local(2026, 11, 5, 9), 45), ("wifi_sessions", local(2026, 11, 5, 9), 7)])
    r = api.get("/api/wifi/usage/?from=2026-10-01&to=2026-11-30")
    assert r.status_code == 200
    assert [(x["month"], x["sessions"], x["peak_users"]) for x in r.json()["results"]] == [("2026-10", 33, 20), ("2026-11", 7, 45)]
    r = api.get("/api/wifi/usage/?month=2026-10&by=district")
    assert [(x["key"], x["sessions"], x["utilisation"]) for x in r.json()["results"]] == [("718", 33, 40.0)]
    r = api.get("/api/wifi/usage/?by=province")
    assert r.status_code == 400 and r.json()["code"] and r.json()["errors"][0]["field"] == "by"
    assert api.get("/api/wifi/usage/?month=2026-13").json()["errors"][0]["field"] == "month"


def test_map_json_states_and_pages(client, three, make_user):
    r = client.get("/wifi/map.json")
    states = {h["slug"]: h["state"] for h in r.json()["hotspots"]}
    assert states == {"wifi-cho-thu-dau-mot": "up", "wifi-ben-xe-binh-duong": "down", "wifi-cho-di-an": "maintenance"}
    page = client.get("/wifi/").content.decode()
    assert "Bản đồ Wi-Fi công cộng" in page and 'data-state="down"' in page
    assert client.get("/wifi/roadmap/").status_code == 200
    assert client.get("/wifi/usage/").status_code == 302  # staff page: login
    client.force_login(make_user("dic.bao", "DIC"))
    for by in ("hotspot", "district", "ward"):
        assert client.get(f"/wifi/usage/?by={by}").status_code == 200


def test_demo_loader_is_idempotent(hub, monkeypatch):
    from smartcity.wifi import demo_wifi
    from smartcity.wifi.models import Hotspot, RoadmapItem

    monkeypatch.setattr(demo_wifi, "DAYS", 2)
    now = int(timezone.now().timestamp())
    first = demo_wifi.load(now=now)
    assert first["new_hotspots"] == 14 and first["roadmap_items"] == 3 and first["readings"] > 1000
    again = demo_wifi.load(now=now)
    assert again["new_hotspots"] == 0 and again["roadmap_items"] == 0 and again["readings"] == 0
    assert Hotspot.objects.count() == 14 and RoadmapItem.objects.count() == 3
    from smartcity.wifi import services

    states = services.states(Hotspot.objects.select_related("asset"), now=now)
    by_slug = {h.slug: states[h.pk]["state"] for h in Hotspot.objects.select_related("asset")}
    assert by_slug["wifi-cho-ben-cat"] == "down" and by_slug["wifi-lang-dai-hoc"] == "up"
    assert by_slug["wifi-thu-vien-tinh"] == "maintenance" and by_slug["wifi-trung-tam-hanh-chinh-tan-uyen"] == "planned"

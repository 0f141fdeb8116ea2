"""Public environment pages through Django's test client: the map coloured by stored
indices, the station page (Table 3 of Decision 1459), the display board and its JSON, the
mobile track. The `network` fixture is shared with the OpenAQ and browser tests."""
import json
import math
import re
import time

import pytest
from django.db import transaction

from smartcity.environment.models import IndexValue
from smartcity.hub.models import Datastream, Status
from smartcity.hub.store import store
from smartcity.hub.timebase import DAY, HOUR, day_bucket

NOW = int(time.time())
HOUR_END = NOW - NOW % HOUR  # end of the last complete hour: the newest hourly index


def page_data(html: str, script_id: str) -> dict:
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no {script_id} on the page"
    return json.loads(found.group(1))


def put(station, quantity, rows):
    """Store readings (t, value[, status[, lat, lon]]) of one parameter through the hub."""
    ds = Datastream.objects.get(asset=station.asset, quantity_id=quantity)
    full = [(ds.id, r[0], r[1], r[2] if len(r) > 2 else Status.VALID, r[3] if len(r) > 3 else None,
             r[4] if len(r) > 4 else None) for r in rows]
    with transaction.atomic():
        store(full, source="test")
    return ds


def index(station, kind, t, value, dominant="", parts=None):
    return IndexValue.objects.create(station=station, kind=kind, t=t, value=value, dominant=dominant, band="", parts=parts or {})


@pytest.fixture
def network(make_station):
    """Binh Duong stations: Dĩ An air (AQI 152, bad, PM2.5 dominant), Thủ Dầu Một air (42,
    good), Bến Cát air (index 10 hours old), the Sài Gòn river at Thủ Dầu Một (WQI 68), the
    Sóng Thần wastewater outlet (no index, flow calibrating), an unpublished test station
    and a monitoring vehicle with a located track."""
    from smartcity.core.models import AdministrativeUnit

    di_an_unit = AdministrativeUnit.objects.filter(name_vi__icontains="Dĩ An").first()
    s = {}
    s["dian"] = make_station("BD_KK_DIAN", "air", name="Trạm quan trắc không khí tự động Dĩ An", lat=10.9065, lon=106.7690,
                             short_name="Dĩ An", address="Đường Trần Hưng Đạo, phường Dĩ An", admin_unit=di_an_unit,
                             name_en="Di An automatic air station")
    s["tdm"] = make_station("BD_KK_TDM", "air", name="Trạm quan trắc không khí tự động Thủ Dầu Một", lat=10.9804, lon=106.6519,
                            short_name="Thủ Dầu Một")
    s["bencat"] = make_station("BD_KK_BENCAT", "air", name="Trạm quan trắc không khí tự động Bến Cát", lat=11.1531, lon=106.5947,
                               short_name="Bến Cát")
    s["river"] = make_station("BD_NM_SAIGON_TDM", "surface-water", name="Trạm quan trắc nước mặt tự động sông Sài Gòn (Thủ Dầu Một)",
                              lat=10.9733, lon=106.6424, short_name="Sông Sài Gòn", river="Sông Sài Gòn")
    s["waste"] = make_station("BD_KCNSONGTHAN_NT01", "wastewater", name="Trạm quan trắc nước thải KCN Sóng Thần 1", lat=10.8941,
                              lon=106.7507, industrial_park="KCN Sóng Thần 1", facility="Công ty CP Đại Nam – nhà máy XLNT KCN Sóng Thần")
    s["hidden"] = make_station("BD_KK_TEST", "air", name="Trạm thử nghiệm nội bộ", lat=10.95, lon=106.70, published=False)
    s["car"] = make_station("BD_XE_QT01", "mobile", name="Xe quan trắc không khí di động số 1", lat=10.98, lon=106.65,
                            short_name="Xe QT01")

    # Dĩ An: PM2.5 every 15 minutes for 30 days, the gases hourly; the newest PM2.5 high
    last = NOW - NOW % 900
    put(s["dian"], "pm25", [(last - i * 900, 95.0 if i < 4 else 30.0 + (i % 24)) for i in range(30 * 96)])
    for q, base in (("pm10", 80.0), ("o3", 120.0), ("no2", 40.0), ("so2", 15.0), ("co", 900.0), ("temperature", 31.0)):
        put(s["dian"], q, [(last - i * HOUR, base + (i % 7)) for i in range(30 * 24)])
    put(s["dian"], "relative_humidity", [(last, 78.0, Status.CALIBRATING)])
    index(s["dian"], "vn_aqi_h", HOUR_END, 152, "PM2.5", {"sub": {"pm25": 152, "pm10": 66, "o3": 38, "no2": 20, "so2": 6, "co": 5}})
    for h in range(1, 24):
        index(s["dian"], "vn_aqi_h", HOUR_END - h * HOUR, 60 + h * 3, "pm25", {"sub": {"pm25": 60 + h * 3}})
    for d in range(1, 30):
        index(s["dian"], "vn_aqi_d", day_bucket(NOW) - (d - 1) * DAY, 40 + d * 4, "pm25", {"sub": {"pm25": 40 + d * 4}})
    index(s["dian"], "us_aqi_h", HOUR_END, 171, "pm25", {})
    # Thủ Dầu Một: good air, O3 dominant
    put(s["tdm"], "pm25", [(last - i * 900, 12.0) for i in range(8)])
    put(s["tdm"], "o3", [(last - i * HOUR, 110.0) for i in range(3)])
    index(s["tdm"], "vn_aqi_h", HOUR_END, 42, "O3", {"sub": {"pm25": 24, "o3": 42}})
    # Bến Cát: its newest index is 10 hours old
    put(s["bencat"], "pm25", [(HOUR_END - 10 * HOUR, 40.0)])
    index(s["bencat"], "vn_aqi_h", HOUR_END - 10 * HOUR, 88, "pm25", {"sub": {"pm25": 88}})
    # the river: WQI 68, no dominant stored: the lowest sub-index (COD) is shown
    for q, v in (("ph", 7.1), ("dissolved_oxygen", 5.2), ("cod", 24.0), ("tss", 31.0), ("ammonium", 0.42)):
        put(s["river"], q, [(last - i * HOUR, v) for i in range(48)])
    index(s["river"], "vn_wqi", HOUR_END, 68, "", {"sub": {"ph": 100, "dissolved_oxygen": 80, "cod": 62, "tss": 70, "ammonium": 68}})
    # wastewater: readings only; the flow meter is being calibrated
    put(s["waste"], "cod", [(last, 45.3)])
    put(s["waste"], "flow", [(last, 85.2, Status.CALIBRATING)])
    # the unpublished station has an alarming index that must not leak
    index(s["hidden"], "vn_aqi_h", HOUR_END, 300, "pm25", {"sub": {"pm25": 300}})
    # the vehicle: a drive along Đại lộ Bình Dương today, one reading a minute
    start = day_bucket(NOW) + 8 * HOUR if NOW - day_bucket(NOW) > 9 * HOUR else day_bucket(NOW) - DAY + 8 * HOUR
    values = [18.0, 22.0, 31.0, 48.0, 62.0, 85.0, 120.0, 160.0, 90.0, 40.0]
    put(s["car"], "pm25", [(start + i * 60, values[i], Status.VALID, 10.98 - i * 0.008, 106.655 + i * 0.004) for i in range(10)])
    s["track_start"] = start
    return s


# -- map -------------------------------------------------------------------------------------
def test_map_colours_published_stations_by_stored_index(client, network):
    response = client.get("/environment/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chất lượng không khí và nước" in html  # Vietnamese by default
    data = page_data(html, "env-map-data")
    by_code = {s["code"]: s for s in data["stations"]}
    assert "BD_KK_TEST" not in by_code and "Trạm thử nghiệm nội bộ" not in html  # unpublished stays hidden
    dian = by_code["BD_KK_DIAN"]["index"]
    assert (dian["value"], dian["state"], dian["band"]["code"], dian["band"]["colour"]) == (152, "ok", "bad", "#ff0000")
    assert dian["dominant"] == "pm25" and dian["dominant_label"] == "PM2.5"
    assert by_code["BD_KK_TDM"]["index"]["band"]["colour"] == "#00e400"
    assert by_code["BD_KK_BENCAT"]["index"]["state"] == "stale"  # grey on the map
    river = by_code["BD_NM_SAIGON_TDM"]["index"]
    assert (river["value"], river["band"]["code"], river["dominant"]) == (68, "medium", "cod")
    assert by_code["BD_KCNSONGTHAN_NT01"]["index"] is None  # readings only
    assert data["refresh_s"] == 60
    # the ranking: AQI worst first, then WQI worst first; stale stations are not ranked
    aqi_bars = re.findall(r'<li class="env-bar" data-code="([^"]+)"', html)
    assert aqi_bars == ["BD_KK_DIAN", "BD_KK_TDM", "BD_NM_SAIGON_TDM"]


def test_map_kind_filter_and_english(client, network):
    html = client.get("/environment/?kind=water&lang=en").content.decode()
    codes = {s["code"] for s in page_data(html, "env-map-data")["stations"]}
    assert codes == {"BD_NM_SAIGON_TDM", "BD_KCNSONGTHAN_NT01"}
    assert "Air and water quality" in html and "Ranking" in html


def test_stations_json_refresh(client, network):
    data = client.get("/environment/stations.json?kind=air").json()
    assert {c["code"] for c in data["stations"]} == {"BD_KK_DIAN", "BD_KK_TDM", "BD_KK_BENCAT"}
    index(network["tdm"], "vn_aqi_h", HOUR_END + HOUR, 117, "pm25", {"sub": {"pm25": 117}})  # a new hour arrives
    tdm = next(c for c in client.get("/environment/stations.json").json()["stations"] if c["code"] == "BD_KK_TDM")
    assert tdm["index"]["value"] == 117 and tdm["index"]["band"]["code"] == "poor"
    bad = client.get("/environment/stations.json?kind=volcano")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "kind"


# -- station page ------------------------------------------------------------------------------
def test_station_page_table3(client, network):
    response = client.get("/environment/stations/BD_KK_DIAN/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trạm quan trắc không khí tự động Dĩ An" in html
    assert "10.90650, 106.76900" in html  # coordinates
    assert "Đường Trần Hưng Đạo" in html
    # the index with its band colour and advice
    assert 'data-band="bad"' in html and "background: #ff0000" in html
    assert "Xấu" in html and "PM2.5" in html
    # every parameter; the highest sub-index highlighted, and only that one
    rows = re.findall(r'<tr data-quantity="([^"]+)" class="([^"]*)"', html)
    assert [q for q, _ in rows][:6] == ["pm25", "pm10", "co", "no2", "so2", "o3"]
    assert [q for q, cls in rows if "env-highest" in cls] == ["pm25"]
    # a reading that is not valid is shown as such
    assert ("relative_humidity", " env-notvalid") in rows
    assert 'data-status="calibrating"' in html and "đang hiệu chuẩn" in html
    # method and data source (Table 3)
    assert "Tổng cục Môi trường" in html and "1459/QĐ-TCMT" in html
    assert "Sở Tài nguyên và Môi trường" in html  # the operator: DONRE
    data = page_data(html, "env-station-data")
    pm25 = next(d for d in data["datastreams"] if d["quantity"] == "pm25")
    assert 23 <= len(pm25["points"]["24h"]) <= 24  # hourly means
    assert 29 <= len(pm25["points"]["30d"]) <= 30  # daily means
    newest_hour = pm25["points"]["24h"][-1][1]
    assert newest_hour == pytest.approx(95.0) or newest_hour < 95.0  # means of valid readings only
    assert len(data["history"]["24h"]) == 24 and data["history"]["24h"][-1]["colour"] == "#ff0000"
    assert len(data["history"]["30d"]) == 29


def test_station_page_water_english_and_unpublished(client, network):
    html = client.get("/environment/stations/BD_NM_SAIGON_TDM/?lang=en").content.decode()
    assert "Sông Sài Gòn" in html and "1460/QĐ-TCMT" in html and "Medium" in html
    rows = re.findall(r'<tr data-quantity="([^"]+)" class="([^"]*)"', html)
    assert [q for q, cls in rows if "env-highest" in cls] == ["cod"]
    assert client.get("/environment/stations/BD_KK_TEST/").status_code == 404
    assert client.get("/environment/stations/NO_SUCH/").status_code == 404


def test_station_page_stale_and_no_index(client, network):
    html = client.get("/environment/stations/BD_KK_BENCAT/").content.decode()
    assert 'data-state="stale"' in html and "88" in html
    html = client.get("/environment/stations/BD_KCNSONGTHAN_NT01/").content.decode()
    assert "KCN Sóng Thần 1" in html and "Công ty CP Đại Nam" in html
    assert 'data-status="calibrating"' in html


def test_unpublished_station_visible_to_its_organisation(client_as, make_user, network):
    staff = make_user("donre.lan", "DONRE", "viewer")
    assert client_as(staff).get("/environment/stations/BD_KK_TEST/").status_code == 200


# -- board ------------------------------------------------------------------------------------
def test_board_page_and_json(client, network):
    html = client.get("/environment/board/?interval=7&kind=air").content.decode()
    assert "<header class=\"topbar\"" not in html  # no site chrome
    data = page_data(html, "board-data")
    assert data["interval_s"] == 7 and data["refresh_s"] == 60
    assert [c["code"] for c in data["cards"]] == ["BD_KK_BENCAT", "BD_KK_DIAN", "BD_KK_TDM"]
    assert data["labels"]["vi"]["dominant"] == "Chất ô nhiễm chính" and data["labels"]["en"]["dominant"] == "Main pollutant"
    dian = data["cards"][1]
    assert dian["short_name"] == "Dĩ An" and dian["index"]["band"]["advice_vi"] and dian["index"]["band"]["advice_en"]
    assert dian["method"]["issuer_vi"] == "Tổng cục Môi trường" and dian["method"]["decision"] == "1459/QĐ-TCMT"
    # ?stations= chooses and orders; the wastewater station has no index and is left out
    data = client.get("/environment/board.json?stations=BD_NM_SAIGON_TDM,BD_KK_DIAN,BD_KCNSONGTHAN_NT01,BD_KK_TEST").json()
    assert [c["code"] for c in data["cards"]] == ["BD_NM_SAIGON_TDM", "BD_KK_DIAN"]
    assert data["cards"][0]["index_name"] == "VN_WQI"
    # a bad interval falls back to the default rather than breaking the kiosk
    assert page_data(client.get("/environment/board/?interval=abc").content.decode(), "board-data")["interval_s"] == 12


# -- mobile track -----------------------------------------------------------------------------
def test_mobile_track(client, network):
    from smartcity.hub.timebase import to_datetime

    day = to_datetime(network["track_start"]).date().isoformat()
    html = client.get(f"/environment/mobile/BD_XE_QT01/?date={day}&parameter=pm25").content.decode()
    data = page_data(html, "env-track-data")
    assert len(data["points"]) == 10 and data["banded"]
    colours = [p["colour"] for p in data["points"]]
    # 18 and 22 µg/m³ good, 31 moderate, 62 poor, 85 bad, 160 very bad (Decision 1459 PM2.5 breakpoints)
    assert colours[:3] == ["#00e400", "#00e400", "#ffff00"]
    assert (colours[4], colours[5], colours[7]) == ("#ff7e00", "#ff0000", "#8f3f97")
    assert data["points"][3]["lat"] == pytest.approx(10.956) and not math.isnan(data["points"][3]["lon"])
    assert html.count('<tr data-t="') == 10
    # another day: nothing; a bad date: a clear message
    assert page_data(client.get("/environment/mobile/BD_XE_QT01/?date=2020-01-01").content.decode(), "env-track-data")["points"] == []
    assert "YYYY-MM-DD" in client.get("/environment/mobile/BD_XE_QT01/?date=hôm-qua").content.decode()

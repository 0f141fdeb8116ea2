"""Usage and coverage maths against hand computations, then the same figures from readings
stored through the hub and read back from its daily rollups."""
import math
from datetime import date

import pytest

from smartcity.wifi import usage
from smartcity.wifi.usage import DayRow
from tests.wifi.conftest import local

D1, D2 = date(2026, 11, 10), date(2026, 11, 11)
ROWS = [
    # A: users 10, 40, 20 on day 1 (3 hourly readings), 30 on day 2 (1); 1 GB a day; 25 + 15 sessions; 30 + 10 unique
    DayRow("a", D1, sessions=25, unique_users=30, traffic_mb=1024, peak_users=40, user_readings=3, interval_s=3600),
    DayRow("a", D2, sessions=15, unique_users=10, traffic_mb=1024, peak_users=30, user_readings=1, interval_s=3600),
    DayRow("b", D1, sessions=50, peak_users=90, user_readings=1, interval_s=3600),
]
CAP = {"a": 50, "b": 100}


def test_monthly_per_hotspot_by_hand():
    out = usage.monthly(ROWS, CAP, until=D2)
    a = out[("a", "2026-11")].as_dict()
    # 4 hours of readings over the 48 hours since A's first reading: 8.3 %
    assert a == {"hotspots": 1, "sessions": 40, "unique_users": 40, "unique_users_per_day": 20.0, "traffic_gb": 2.0,
                 "peak_users": 40, "capacity": 50, "utilisation": 80.0, "availability": 8.3}
    b = out[("b", "2026-11")].as_dict()
    assert b["utilisation"] == 90.0 and b["unique_users_per_day"] is None and b["availability"] == round(100 / 48, 1)


def test_monthly_per_area_adds_peaks_and_capacities():
    area = usage.monthly(ROWS, CAP, group={"a": "718", "b": "718"}, until=D2)[("718", "2026-11")].as_dict()
    assert area["sessions"] == 90 and area["peak_users"] == 130 and area["capacity"] == 150
    assert area["utilisation"] == round(100 * 130 / 150, 1)  # 86.7
    assert area["availability"] == round(100 * 5 / 96, 1)  # 5 hours of 2 x 48
    assert area["unique_users_per_day"] == 20.0  # 40 user-days over the 2 days with a count
    # a hotspot outside the grouping is left out; months split at the boundary
    assert usage.monthly(ROWS, CAP, group={"a": "718"}, until=D2)[("718", "2026-11")].as_dict()["hotspots"] == 1
    split = usage.monthly([DayRow("a", date(2026, 10, 31), sessions=5, user_readings=24, interval_s=3600),
                           DayRow("a", date(2026, 11, 1), sessions=7, user_readings=24, interval_s=3600)], CAP)
    assert split[("a", "2026-10")].sessions == 5 and split[("a", "2026-11")].sessions == 7
    assert split[("a", "2026-10")].availability == 100.0  # 24 hourly readings cover the one day since the first


def test_coverage_by_hand():
    assert usage.lens_m2(100, 100, 200) == 0.0
    assert usage.lens_m2(100, 50, 10) == pytest.approx(math.pi * 2500)
    # two discs of r 100 m, 100 m apart: lens = 2 r^2 acos(d/2r) - d/2 sqrt(4r^2 - d^2)
    lens = 2 * 100 ** 2 * math.acos(0.5) - 50 * math.sqrt(4 * 100 ** 2 - 100 ** 2)
    assert usage.lens_m2(100, 100, 100) == pytest.approx(lens)
    d_lat = 100 / (math.pi / 180 * usage.EARTH_R)  # 100 m north
    c = usage.coverage([(11.0, 106.6, 100), (11.0 + d_lat, 106.6, 100)], area_m2=1_000_000, population=20_000)
    assert c["covered_m2"] == round(2 * math.pi * 10_000 - lens)
    assert c["share"] == pytest.approx(100 * (2 * math.pi * 10_000 - lens) / 1e6, abs=1e-3)
    assert c["population_served"] == round(20_000 * (2 * math.pi * 10_000 - lens) / 1e6)
    assert usage.coverage([], None)["covered_m2"] == 0


def test_usage_from_hub_rollups(make_hotspot, readings):
    from smartcity.wifi import services

    a = make_hotspot("wifi-cho-thu-dau-mot", capacity=50)
    b = make_hotspot("wifi-nha-van-hoa-di-an", capacity=100, district="724", lat=10.9071, lon=106.7671)
    readings(a, [("connected_users", local(2026, 11, 10, 8), 10), ("connected_users", local(2026, 11, 10, 9), 40),
                 ("connected_users", local(2026, 11, 10, 10), 20), ("connected_users", local(2026, 11, 11, 8), 30),
                 ("data_volume", local(2026, 11, 10, 9), 512), ("data_volume", local(2026, 11, 10, 10), 512),
                 ("data_volume", local(2026, 11, 11, 9), 1024), ("wifi_sessions", local(2026, 11, 10, 9), 25),
                 ("wifi_sessions", local(2026, 11, 11, 9), 15), ("wifi_unique_users", local(2026, 11, 10, 23), 30),
                 ("wifi_unique_users", local(2026, 11, 11, 23), 10)])
    readings(b, [("connected_users", local(2026, 11, 10, 12), 90), ("wifi_sessions", local(2026, 11, 10, 12), 50)])
    rows = services.day_rows([a, b], D1, D2)
    assert sorted((r.key, r.day, r.sessions, r.peak_users, r.user_readings) for r in rows) == [
        ("wifi-cho-thu-dau-mot", D1, 25, 40, 3), ("wifi-cho-thu-dau-mot", D2, 15, 30, 1), ("wifi-nha-van-hoa-di-an", D1, 50, 90, 1)]
    table = {r["key"]: r for r in services.usage_table([a, b], start=D1, end=D2)}
    assert table["wifi-cho-thu-dau-mot"]["traffic_gb"] == 2.0 and table["wifi-cho-thu-dau-mot"]["availability"] == 8.3
    by_district = {r["key"]: r for r in services.usage_table([a, b], by="district", start=D1, end=D2)}
    assert set(by_district) == {"718", "724"} and by_district["724"]["name"] == "Dĩ An"
    assert by_district["724"]["utilisation"] == 90.0

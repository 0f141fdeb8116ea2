"""Key indicators computed from records made here (the figures follow from what was
created), the public overview JSON, and that every public reading links to a page an
anonymous visitor can open."""
import datetime as dt
import time

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _readings(domain: str, public_only: bool = False) -> dict:
    from smartcity.core.indicators import collect

    data = collect(public_only=public_only, max_age=0)
    block = next(d for d in data["domains"] if d["domain"] == domain)
    assert block["error"] == ""
    return {r["key"]: r for r in block["readings"]}


def _store(asset, quantity, values):
    from django.db import transaction

    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    ds, _ = Datastream.objects.get_or_create(asset=asset, quantity_id=quantity,
                                             defaults={"unit": registry.QUANTITIES[quantity].unit, "expected_interval_s": 900})
    with transaction.atomic():
        store([(ds.id, int(t), float(v), 0, None, None) for t, v in values], source="test")


def test_air_quality_is_the_worst_fresh_station(hub):
    from smartcity.core.models import Organisation
    from smartcity.environment.models import IndexValue
    from smartcity.environment.services import create_station

    donre = Organisation.objects.get(code="DONRE")
    now = int(time.time())
    a = create_station("BD_KK_DIAN", "Trạm quan trắc không khí Dĩ An", "air", donre, 10.90, 106.77)
    b = create_station("BD_KK_TDM", "Trạm quan trắc không khí Thủ Dầu Một", "air", donre, 10.98, 106.65)
    c = create_station("BD_KK_BENCAT", "Trạm quan trắc không khí Bến Cát", "air", donre, 11.15, 106.59)
    IndexValue.objects.create(station=a, kind="vn_aqi_h", t=now - 1800, value=87)
    IndexValue.objects.create(station=b, kind="vn_aqi_h", t=now - 1800, value=134)
    IndexValue.objects.create(station=c, kind="vn_aqi_h", t=now - 5 * 3600, value=190)  # stale: not "now"
    r = _readings("environment", public_only=True)["environment.aqi_max"]
    assert (r["value"], r["status"], r["url"]) == (134, "warn", "/environment/stations/BD_KK_TDM/")
    assert "Thủ Dầu Một" in r["detail"]
    IndexValue.objects.filter(station=b).update(value=95)
    assert _readings("environment")["environment.aqi_max"]["value"] == 95
    assert _readings("environment")["environment.aqi_max"]["status"] == "ok"


def test_buses_running_and_on_time(make_asset):
    from smartcity.mobility.models import Vehicle, VehicleState

    now = int(time.time())
    delays = {"51-01": 30, "51-02": 420, "52-01": None, "52-02": -50, "70-01": 10}
    for i, (label, delay) in enumerate(delays.items()):
        v = Vehicle.objects.create(asset=make_asset(f"bus-{label}", "bus", owner="DOT"), label=label)
        t = now - 60 if label != "70-01" else now - 3600  # 70-01 silent for an hour: not on the road
        VehicleState.objects.create(vehicle=v, t=t, lat=10.98, lon=106.65 + i / 100, delay_s=delay)
    r = _readings("mobility")
    assert r["mobility.buses_running"]["value"] == 4
    # known delays of the running buses: 30, 420, -50 -> 2 of 3 within (-60, +300)
    assert r["mobility.on_time"]["value"] == 67 and r["mobility.on_time"]["status"] == "warn"


def test_bins_near_full_and_wifi_hotspots(make_asset):
    from smartcity.sanitation.models import Bin
    from smartcity.wifi.models import Hotspot
    from smartcity.wifi.indicators import today_bucket

    now = time.time()
    levels = [("bin-pho-cuong-1", 92, 0), ("bin-pho-cuong-2", 81, 0), ("bin-pho-cuong-3", 40, 0), ("bin-pho-cuong-4", 95, 8)]
    for slug, level, hours_ago in levels:
        asset = make_asset(slug, "waste-bin", owner="DONRE")
        b = Bin.objects.create(asset=asset, owner=asset.owner, code=slug, threshold_pct=80)
        _store(b.asset, "fill_level", [(now - hours_ago * 3600 - 60, level)])
    r = _readings("sanitation")["sanitation.bins_full"]
    assert r["value"] == 2 and "2 " in r["detail"] and "4" in r["detail"]  # the 8-hour-old 95 % is not "now"
    up = make_asset("wifi-cho-thu-dau-mot", "wifi-hotspot", owner="DIC")
    down = make_asset("wifi-ben-xe", "wifi-hotspot", owner="DIC")
    for a in (up, down):
        Hotspot.objects.create(asset=a, owner=a.owner, operator="VNPT Bình Dương")
    _store(up, "connected_users", [(now - 300, 23)])
    _store(down, "connected_users", [(now - 6 * 3600, 5)])
    start = today_bucket()
    _store(up, "wifi_sessions", [(start + 60, 40), (start + 120, 35)])
    _store(down, "wifi_sessions", [(start + 60, 7), (start - 3600, 1000)])  # yesterday's do not count
    r = _readings("wifi")
    assert (r["wifi.hotspots_up"]["value"], r["wifi.hotspots_up"]["status"]) == (1, "warn")
    assert r["wifi.sessions_today"]["value"] == 82


def test_programme_progress_and_overdue_work_orders(make_asset):
    from smartcity.core.models import Organisation
    from smartcity.maintenance.models import WorkOrder
    from smartcity.programme.models import Item, Plan

    dic = Organisation.objects.get(code="DIC")
    plan = Plan.objects.create(code="kh-thu", owner=dic, number="11/KH-BDH", title_vi="Kế hoạch thử", issued_on="2018-03-08",
                               year=2018, start_date="2018-01-01", end_date="2018-12-31")
    parent = Item.objects.create(plan=plan, owner=dic, kind="programme", number="II.10", title_vi="Wi-Fi công cộng")
    for n, progress in (("II.10.1", 100), ("II.10.2", 40), ("II.10.3", 100), ("II.10.4", 0)):
        Item.objects.create(plan=plan, owner=dic, kind="item", number=n, title_vi=f"Nhiệm vụ {n}", parent=parent, progress=progress)
    r = _readings("programme")
    plan.refresh_from_db()  # the plan's own roll-up (signals) is what the indicator shows: mean of the leaves here
    assert plan.progress == pytest.approx(60) and r["programme.progress"]["value"] == 60 and r["programme.items_done"]["value"] == 50
    assert r["programme.items_done"]["detail"].startswith("2 ")
    lamp = make_asset("den-dai-lo-binh-duong-001", "streetlight", owner="DOT")
    now = timezone.now()
    WorkOrder.objects.create(owner=lamp.owner, title="Đèn tắt", asset=lamp, fault_type="lampFailure", priority="urgent",
                             raised_at=now - dt.timedelta(hours=5))
    WorkOrder.objects.create(owner=lamp.owner, title="Đèn chập chờn", asset=lamp, fault_type="dimmingFailure",
                             raised_at=now - dt.timedelta(hours=5))
    WorkOrder.objects.create(owner=lamp.owner, title="Mất điện", asset=lamp, fault_type="supplyLoss", priority="high",
                             raised_at=now - dt.timedelta(days=3), state="closed")
    m = _readings("maintenance")
    assert (m["maintenance.active"]["value"], m["maintenance.overdue"]["value"]) == (2, 1)
    assert "maintenance" not in {d["domain"] for d in _public_domains()}  # operations room only


def _public_domains():
    from smartcity.core.indicators import collect

    return [d for d in collect(public_only=True, max_age=0)["domains"] if d["readings"]]


def test_overview_json_shape_and_public_links(client, hub):
    data = client.get("/portal/api/overview.json").json()
    assert set(data) == {"at", "domains", "refresh_s"} and data["refresh_s"] == 60
    assert data["domains"], "every domain offers readings even without data"
    keys = {"key", "label", "value", "unit", "status", "detail", "url", "public"}
    seen = set()
    for d in data["domains"]:
        assert set(d) == {"domain", "label", "icon", "readings", "error"} and d["error"] == ""
        for r in d["readings"]:
            assert set(r) == keys and r["public"] is True and r["status"] in ("ok", "warn", "alert", "none")
            seen.add(r["key"])
            assert client.get(r["url"]).status_code == 200, r["url"]  # a public page, no login
    assert {"environment.aqi_max", "mobility.buses_running", "lighting.lamps_on", "sanitation.bins_full",
            "onestop.on_time_rate", "programme.progress", "wifi.hotspots_up"} <= seen
    assert not seen & {"alerts.open", "maintenance.overdue", "onestop.overdue_now"}
    home = client.get("/portal/").content.decode()
    assert 'data-key="programme.progress"' in home and 'lang="vi"' in home and home.count("<h1") == 1

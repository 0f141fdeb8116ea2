"""Fixtures of the operations-centre wall tests: staff of a government department and of an
enterprise, alerts raised through the alerts app's own lifecycle (Batch.open), records of
the domains the map shows, readings stored through the hub."""
import itertools
from datetime import datetime, timedelta, timezone

import pytest

_KEYS = itertools.count(1)


@pytest.fixture
def gov_user(make_user):
    return make_user("nguyen.van.an", "DONRE", role="viewer", first_name="An", last_name="Nguyễn Văn")


@pytest.fixture
def raise_alert(make_asset):
    """raise_alert(slug, severity=..., owner=...) -> Alert, through alerts.services.Batch."""
    from smartcity.alerts.models import AlertRule
    from smartcity.alerts.services import Batch
    from smartcity.core.models import Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, Datastream

    def make(slug="tram-phu-cuong", *, severity="high", owner="DONRE", published=True, name=None,
             rule="PM2.5 vượt QCVN 05:2023", value=78.0, minutes_ago=2):
        asset = Asset.objects.filter(slug=slug).first() or make_asset(
            slug, "air-station", owner=owner, published=published, name=name or f"Trạm quan trắc không khí {slug}")
        ds, _ = Datastream.objects.get_or_create(asset=asset, quantity_id="pm25",
                                                 defaults={"unit": registry.QUANTITIES["pm25"].unit})
        org = Organisation.objects.get(code=owner)
        r, _ = AlertRule.objects.get_or_create(owner=org, name=rule, defaults=dict(
            kind="threshold", target="asset_type", asset_type_id="air-station", severity=severity, published=True,
            params={"op": ">", "value": 50, "clear_value": 45, "duration_s": 0}))
        t = int((datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)).timestamp())
        batch = Batch(t)
        alert = batch.open(r, ds, f"wall-{next(_KEYS)}", t, t, value, unit="µg/m³", severity=severity)
        batch.flush()
        alert.refresh_from_db()
        return alert

    return make


@pytest.fixture
def store_readings():
    """store_readings(asset, [(quantity, datetime, value)]) through hub.store."""
    from django.db import transaction

    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    def put(asset, values, interval_s=900):
        rows = []
        for q, at, v in values:
            ds, _ = Datastream.objects.get_or_create(asset=asset, quantity_id=q, defaults={
                "unit": registry.QUANTITIES[q].unit, "expected_interval_s": interval_s})
            rows.append((ds.id, int(at.timestamp()), float(v), 0, None, None))
        with transaction.atomic():
            return store(rows, source="test")

    return put


@pytest.fixture
def city(make_asset, store_readings):
    """One record per map layer, in Thủ Dầu Một and Dĩ An, with the readings that give each
    its colour: a hotspot with users now, a bin 92 % full, a toilet, a reservoir over its
    crest, a lamp reporting a fault (and one that is on), an open and a resolved citizen
    report, an air station without an index yet. Returns {layer: expected feature id}."""
    from django.utils import timezone

    from smartcity.core.models import Organisation
    from smartcity.environment.models import Station
    from smartcity.lighting.models import Luminaire, Pole
    from smartcity.participation.models import Report
    from smartcity.sanitation.models import Bin
    from smartcity.toilets.models import Toilet
    from smartcity.water.models import Reservoir
    from smartcity.wifi.models import Hotspot

    now = timezone.now()
    org = {code: Organisation.objects.get(code=code) for code in ("DIC", "DONRE", "DOC", "DOT")}
    a = make_asset("wifi-cho-thu-dau-mot", "wifi-hotspot", owner="DIC", name="Wi-Fi công cộng Chợ Thủ Dầu Một",
                   lat=10.9797, lon=106.6524, published=True)
    Hotspot.objects.create(asset=a, owner=org["DIC"], published=True, operator="VNPT Bình Dương", capacity=50, venue_kind="market")
    store_readings(a, [("connected_users", now - timedelta(minutes=3), 23)])

    a = make_asset("thung-rac-phu-cuong-01", "waste-bin", owner="DONRE", name="Thùng rác Phú Cường 01", lat=10.981, lon=106.655,
                   published=True)
    Bin.objects.create(asset=a, owner=org["DONRE"], published=True, code="PC-01", threshold_pct=80)
    store_readings(a, [("fill_level", now - timedelta(minutes=5), 92)], interval_s=1800)

    a = make_asset("nha-ve-sinh-cong-vien-thanh-pho", "public-toilet", owner="DOC", name="Nhà vệ sinh công cộng Công viên Thành phố",
                   lat=10.9706, lon=106.6719, published=True)
    Toilet.objects.create(asset=a, owner=org["DOC"], published=True, cubicles_men=3, cubicles_women=3, opens="00:00", closes="00:00")

    a = make_asset("ho-dieu-hoa-di-an", "reservoir", owner="DONRE", name="Hồ điều hòa Dĩ An", lat=10.905, lon=106.769, published=True)
    Reservoir.objects.create(asset=a, owner=org["DONRE"], published=True, crest_level=12.0, min_operating_level=9.0,
                             capacity_m3=45000)
    store_readings(a, [("water_level", now - timedelta(minutes=10), 12.2)])

    for code, state, lat in (("DL-743-0001", 3, 10.9201), ("DL-743-0002", 1, 10.9211)):
        a = make_asset(f"den-{code.lower()}", "streetlight", owner="DOT", name=f"Đèn {code}", lat=lat, lon=106.7102, published=True)
        pole = Pole.objects.create(owner=org["DOT"], published=True, code=f"T-{code}", latitude=lat, longitude=106.7102,
                                   street="Đường ĐT743")
        Luminaire.objects.create(owner=org["DOT"], published=True, asset=a, code=code, pole=pole, rated_power_w=100)
        store_readings(a, [("lamp_state", now - timedelta(minutes=2), state)])

    for code, state in (("PA-2026-000123", "received"), ("PA-2026-000099", "resolved")):
        Report.objects.create(owner=org["DOT"], published=True, code=code, category="roads", state=state,
                              description="Ổ gà lớn trước cổng chợ, xe máy dễ té ngã", latitude=10.9802, longitude=106.6531,
                              address="Đường Bạch Đằng, phường Phú Cường", submitted_at=now - timedelta(hours=5))

    a = make_asset("tram-khong-khi-phu-cuong", "air-station", owner="DONRE", name="Trạm quan trắc không khí Phú Cường",
                   lat=10.9804, lon=106.6519, published=True)
    Station.objects.create(asset=a, owner=org["DONRE"], published=True, code="BD_KK_PHUCUONG", kind="air")
    return {"wifi": "wifi-cho-thu-dau-mot", "bins": "PC-01", "toilets": "nha-ve-sinh-cong-vien-thanh-pho",
            "reservoirs": "ho-dieu-hoa-di-an", "lights": "DL-743-0001", "reports": "PA-2026-000123", "air": "BD_KK_PHUCUONG"}

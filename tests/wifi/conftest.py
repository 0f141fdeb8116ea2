"""Fixtures of the Wi-Fi tests: hotspots on hub assets, readings stored through the hub."""
from datetime import datetime, timedelta, timezone

import pytest

LOCAL = timezone(timedelta(hours=7))


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL)


@pytest.fixture
def make_hotspot(make_asset):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.wifi.models import Hotspot

    def make(slug="wifi-cho-thu-dau-mot", owner="DIC", published=True, district="718", **extra):
        unit = AdministrativeUnit.objects.filter(level="district", code=district).first()
        asset = make_asset(slug, "wifi-hotspot", owner=owner, name=extra.pop("name", f"Wi-Fi công cộng {slug}"),
                           name_en=extra.pop("name_en", ""),
                           lat=extra.pop("lat", 10.9797), lon=extra.pop("lon", 106.6524), published=published,
                           address=extra.pop("address", "Đường Nguyễn Thái Học, phường Phú Cường, TP. Thủ Dầu Một"),
                           admin_unit=unit)
        fields = dict(operator="VNPT Bình Dương", capacity=50, backhaul_mbps=200, venue_kind="market")
        fields.update(extra)
        return Hotspot.objects.create(asset=asset, owner=asset.owner, published=published, **fields)

    return make


@pytest.fixture
def readings():
    """Store readings [(quantity, local datetime, value)] of a hotspot through hub.store."""
    from django.db import transaction

    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    def put(hotspot, values, interval_s=3600):
        rows = []
        for q, at, v in values:
            ds, _ = Datastream.objects.get_or_create(asset=hotspot.asset, quantity_id=q, defaults={
                "unit": registry.QUANTITIES[q].unit, "expected_interval_s": 86400 if q == "wifi_unique_users" else interval_s})
            rows.append((ds.id, int(at.timestamp()), float(v), 0, None, None))
        with transaction.atomic():
            return store(rows, source="test")

    return put

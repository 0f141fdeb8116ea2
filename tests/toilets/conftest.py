"""Fixtures of the toilets tests: a toilet on a hub asset, readings stored through the hub."""
from datetime import datetime, time

import pytest

from smartcity.toilets.scoring import LOCAL


@pytest.fixture
def make_toilet(make_asset):
    from smartcity.toilets.models import Toilet

    def make(slug="vs-cho-thu-dau-mot", owner="DONRE", published=True, opens=time(5), closes=time(22), **extra):
        asset = make_asset(slug, "public-toilet", owner=owner, name=extra.pop("name", f"Nhà vệ sinh {slug}"),
                           lat=extra.pop("lat", 10.9802), lon=extra.pop("lon", 106.6528), published=published,
                           address="Đường Nguyễn Thái Học, phường Phú Cường, TP. Thủ Dầu Một")
        fields = dict(cubicles_men=3, cubicles_women=4, cubicles_accessible=1, operator="Công ty Công trình Đô thị", fee_vnd=2000)
        fields.update(extra)
        return Toilet.objects.create(asset=asset, owner=asset.owner, published=published, opens=opens, closes=closes, **fields)

    return make


@pytest.fixture
def readings():
    """Store readings {quantity: value} of a toilet at local time `at` through hub.store."""
    from django.db import transaction

    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    def put(toilet, at: datetime, values: dict):
        rows = []
        for q, v in values.items():
            ds, _ = Datastream.objects.get_or_create(asset=toilet.asset, quantity_id=q,
                                                     defaults={"unit": registry.QUANTITIES[q].unit, "expected_interval_s": 900})
            rows.append((ds.id, int(at.timestamp()), float(v), 0, None, None))
        with transaction.atomic():
            return store(rows, source="test")

    return put


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL)

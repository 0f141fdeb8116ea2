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

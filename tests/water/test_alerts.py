"""Reservoir alerts: overflow at the crest or near it while it rains, low level, silent sensor."""
import orjson
import pytest

from smartcity.alerts.models import Alert
from smartcity.core.models import Organisation
from smartcity.water import alert_rules

pytestmark = pytest.mark.django_db


def test_judge_bands():
    j = alert_rules.judge
    assert j(2.5, 2.5, 0.2, 0.6, False, 0.05)["overflow"] == (True, "high")
    assert j(2.4, 2.5, 0.2, 0.6, True, 0.05)["overflow"] == (True, "medium")
    assert j(2.4, 2.5, 0.2, 0.6, False, 0.05)["overflow"] == (False, None)
    assert j(2.2, 2.5, 0.2, 0.6, True, 0.05)["overflow"] == (False, None)
    assert j(0.5, 2.5, 0.2, 0.6, False, 0.05)["low"] is True
    assert j(0.62, 2.5, 0.2, 0.6, False, 0.05)["low"] is None  # inside the hysteresis band
    assert j(0.66, 2.5, 0.2, 0.6, False, 0.05)["low"] is False


def post(client, key, rows):
    r = client.post("/api/hub/observations", data=orjson.dumps(rows), content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200, r.content
    return r


def open_alerts(asset, key):
    return Alert.objects.filter(asset=asset, key=key).exclude(state="cleared")


def test_overflow_while_raining_then_low_level_then_clear(client, make_reservoir, device_token):
    r = make_reservoir()
    assert alert_rules.ensure_rules(Organisation.objects.get(code="BECAMEX")) == 2
    assert alert_rules.ensure_rules(Organisation.objects.get(code="BECAMEX")) == 0  # idempotent
    _t, key = device_token("BECAMEX", all_owner_assets=True)
    gauge = r.rain_gauge.slug
    # 2.40 m is within the 0.15 m margin of the 2.5 m crest... but it is dry: nothing
    post(client, key, [{"asset": r.slug, "time": "2025-09-10T13:00:00+07:00", "values": {"water_level": 2.40}}])
    assert not open_alerts(r.asset, "overflow").exists()
    # an afternoon storm: 18 mm at the gauge, the level at 2.40 m -> a medium overflow warning
    post(client, key, [{"asset": gauge, "time": "2025-09-10T14:00:00+07:00", "values": {"rainfall": 18.0}},
                       ])
    post(client, key, [{"asset": r.slug, "time": "2025-09-10T14:00:00+07:00", "values": {"water_level": 2.40}}])
    [alert] = open_alerts(r.asset, "overflow")
    assert alert.severity == "medium"
    # the spillway runs: escalated to high on the same alert
    post(client, key, [{"asset": r.slug, "time": "2025-09-10T15:00:00+07:00", "values": {"water_level": 2.56}}])
    [alert2] = open_alerts(r.asset, "overflow")
    assert alert2.pk == alert.pk and alert2.severity == "high" and alert2.peak == pytest.approx(2.56)
    # the lake drains below crest - margin: cleared
    post(client, key, [{"asset": r.slug, "time": "2025-09-11T09:00:00+07:00", "values": {"water_level": 2.30}}])
    assert not open_alerts(r.asset, "overflow").exists()
    assert Alert.objects.get(pk=alert.pk).state == "cleared"
    # dry season: below the 0.6 m minimum operating level
    post(client, key, [{"asset": r.slug, "time": "2026-03-20T09:00:00+07:00", "values": {"water_level": 0.55}}])
    [low] = open_alerts(r.asset, "low")
    assert low.value == pytest.approx(0.55)
    post(client, key, [{"asset": r.slug, "time": "2026-03-21T09:00:00+07:00", "values": {"water_level": 0.63}}])
    assert open_alerts(r.asset, "low").exists()  # within the hysteresis band it stays open
    post(client, key, [{"asset": r.slug, "time": "2026-03-22T09:00:00+07:00", "values": {"water_level": 0.70}}])
    assert not open_alerts(r.asset, "low").exists()


def test_silent_level_sensor_raises_missing_data(client, make_reservoir, device_token):
    from smartcity.alerts.services import check_missing

    r = make_reservoir()
    alert_rules.ensure_rules(r.owner)
    _t, key = device_token("BECAMEX", assets=[r.asset])
    post(client, key, [{"asset": r.slug, "time": "2025-09-10T13:00:00+07:00", "values": {"water_level": 1.2}}])
    check_missing()
    [alert] = Alert.objects.filter(asset=r.asset, kind="missing").exclude(state="cleared")
    assert alert.datastream.quantity_id == "water_level"

"""TALQ failures judged from the hub readings of streetlights, raised as alerts and turned
into maintenance work orders."""
import datetime as dt

import orjson
import pytest

from smartcity.lighting import failures

LAT, LON = 11.055, 106.667  # Trung tâm Hành chính tỉnh, Thành phố mới Bình Dương


def local(day, h, m=0):
    return int(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=failures.TZ).timestamp())


def test_day_and_night_at_the_luminaire():
    day = dt.date(2026, 7, 15)
    assert failures.period(local(day, 12), LAT, LON) == failures.DAY
    assert failures.period(local(day, 23), LAT, LON) == failures.NIGHT
    rise, _ = failures.sun_times(day, LAT, LON)
    assert failures.period(rise + 600, LAT, LON) == failures.TWILIGHT


@pytest.mark.parametrize("power, when, dim, active", [
    (0.0, failures.NIGHT, 100, {"lampFailure"}),
    (150.0, failures.NIGHT, 100, set()),
    (90.0, failures.NIGHT, 100, {"lampPowerTooLow"}),
    (200.0, failures.NIGHT, 100, {"lampPowerTooHigh"}),
    (82.0, failures.NIGHT, 50, set()),             # dimmed to 50 % light: the driver draws ~55 %
    (148.0, failures.NIGHT, 50, {"dimmingFailure"}),
    (150.0, failures.DAY, None, {"lampUnexpectedOn"}),
    (0.0, failures.DAY, None, set()),
])
def test_power_judgements(power, when, dim, active):
    judged = failures.judge_power(power, 150.0, when, dim)
    assert {k for k, v in judged.items() if v} == active
    if when == failures.DAY:
        assert "lampFailure" not in judged  # a lamp off by day says nothing of its health


@pytest.fixture
def lamp(hub, make_asset):
    from smartcity.core.models import Organisation
    from smartcity.lighting.models import Luminaire

    asset = make_asset("den-hung-vuong-07", type_code="streetlight", owner="BECAMEX", name="Đèn Đại lộ Hùng Vương 07",
                       lat=LAT, lon=LON)
    Luminaire.objects.create(owner=Organisation.objects.get(code="BECAMEX"), asset=asset, code="HV-07", rated_power_w=150)
    return asset


def test_lamp_failure_at_night_becomes_a_work_order_and_clears(lamp, device_token, client, make_user):
    from smartcity.alerts import index
    from smartcity.alerts.models import Alert
    from smartcity.core.models import Organisation
    from smartcity.maintenance import services
    from smartcity.maintenance.models import WorkOrder

    index.clear_all()
    failures.ensure_rules(Organisation.objects.get(code="BECAMEX"))
    _t, key = device_token(owner="BECAMEX", assets=[lamp])
    night = dt.date.today() - dt.timedelta(days=1)

    def post(rows):
        r = client.post("/api/hub/observations", data=orjson.dumps(rows), content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {key}")
        assert r.status_code == 200, r.content

    post([{"asset": lamp.slug, "quantity": "power", "time": local(night, 21), "value": 151.0},
          {"asset": lamp.slug, "quantity": "power", "time": local(night, 22), "value": 0.0}])
    alert = Alert.objects.get()
    assert (alert.key, alert.severity, alert.state) == ("lampFailure", "high", "raised")
    order = WorkOrder.objects.get()
    assert (order.fault_type, order.source, order.owner.code, order.priority) == ("lampFailure", "alert", "BECAMEX", "high")
    # the crew replaces the driver: fixing clears the alert; the next night the lamp is fine
    boss = make_user("becamex.hai", "BECAMEX")
    services.transition(order, "start", boss)
    services.transition(order, "fix", boss)
    alert.refresh_from_db()
    assert alert.state == "cleared"
    post([{"asset": lamp.slug, "quantity": "power", "time": local(night, 23, 30), "value": 149.0}])
    assert Alert.objects.count() == 1 and WorkOrder.objects.count() == 1
    index.clear_all()


def test_evaluator_is_listed(api, make_user):
    api.force_authenticate(make_user("xem", "BECAMEX"))
    body = api.get("/api/alerts/evaluators").json()
    names = [e["name"] for e in (body["results"] if isinstance(body, dict) and "results" in body else body)]
    assert failures.EVALUATOR in names

"""Rules evaluated on ingest through POST /api/hub/observations (the real HTTP path)."""
import pytest
from django.db import IntegrityError, transaction

from smartcity.alerts import evaluators, index, services
from smartcity.alerts.evaluators import Finding
from smartcity.alerts.models import Alert, AlertEvent, AlertRule, RuleState
from tests.alerts.conftest import T0, pm25

SLUG = "kk-thu-dau-mot"


def actions(alert):
    return list(alert.events.values_list("action", flat=True))


def test_threshold_with_duration_and_hysteresis(station_key, make_rule, ingest):
    make_rule()
    # one batch: 45, then above 50 from minute 10; one hour is not reached yet
    ingest(station_key, pm25(SLUG, [(0, 45), (10, 55), (20, 60), (30, 57), (40, 52)]))
    assert not Alert.objects.exists()
    # the next batch completes the hour at minute 70: raised once, starting at minute 10
    ingest(station_key, pm25(SLUG, [(50, 58), (60, 61), (70, 59)]))
    alert = Alert.objects.get()
    assert (alert.state, alert.severity, alert.value, alert.peak) == ("raised", "high", 59, 59)
    assert int(alert.first_at.timestamp()) == T0 + 10 * 60 and int(alert.raised_at.timestamp()) == T0 + 70 * 60
    # 45 and 41 are between the clearing value and the limit: still open; 66 makes it worse
    ingest(station_key, pm25(SLUG, [(80, 45), (90, 41), (100, 66)]))
    alert.refresh_from_db()
    assert alert.state == "raised" and alert.peak == 66 and alert.value == 66 and alert.readings == 4
    assert Alert.objects.count() == 1
    # 39 is below the clearing value 40: cleared
    ingest(station_key, pm25(SLUG, [(110, 39)]))
    alert.refresh_from_db()
    assert alert.state == "cleared" and int(alert.cleared_at.timestamp()) == T0 + 110 * 60
    assert actions(alert) == ["raised", "updated", "cleared"]
    # a new breach is a new alert, again only after an hour
    ingest(station_key, pm25(SLUG, [(120, 70), (150, 70)]))
    assert Alert.objects.count() == 1
    ingest(station_key, pm25(SLUG, [(180, 70)]))
    assert Alert.objects.count() == 2 and Alert.objects.open().count() == 1


def test_reposting_the_same_batch_changes_nothing(station_key, make_rule, ingest):
    make_rule(params={"op": ">", "value": 50, "clear_value": 40, "duration_s": 0})
    rows = pm25(SLUG, [(0, 80), (10, 85)])
    ingest(station_key, rows)
    again = ingest(station_key, rows)
    assert again["unchanged"] == 2
    alert = Alert.objects.get()
    assert alert.readings == 2 and AlertEvent.objects.filter(alert=alert).count() == 2  # raised + one worse


def test_one_open_alert_per_rule_and_datastream_is_enforced_by_the_database(station_key, make_rule, ingest):
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, pm25(SLUG, [(0, 80)]))
    alert = Alert.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(rule=alert.rule, rule_name="x", kind="threshold", owner=alert.owner, asset=alert.asset,
                             datastream=alert.datastream, state="acknowledged", severity="low", first_at=alert.first_at,
                             raised_at=alert.raised_at, last_at=alert.last_at)
    alert.state = "cleared"
    alert.save()
    Alert.objects.create(rule=alert.rule, rule_name="x", kind="threshold", owner=alert.owner, asset=alert.asset,
                         datastream=alert.datastream, state="raised", severity="low", first_at=alert.first_at,
                         raised_at=alert.raised_at, last_at=alert.last_at)
    assert Alert.objects.count() == 2


def test_rate_of_change(station_key, make_rule, ingest, station):
    ingest(station_key, pm25(SLUG, [(0, 30)]))
    ds = station.datastreams.get(quantity="pm25")
    make_rule(name="PM2.5 tăng nhanh", kind="rate", target="datastream", asset_type=None, quantity=None,
              params={"max_per_hour": 20}, datastream=ds)
    ingest(station_key, pm25(SLUG, [(10, 31), (20, 45)]))  # +14 in ten minutes = 84 per hour
    alert = Alert.objects.get()
    assert alert.kind == "rate" and round(alert.value) == 84 and alert.unit == "µg/m³/h"
    ingest(station_key, pm25(SLUG, [(30, 46)]))
    alert.refresh_from_db()
    assert alert.state == "cleared"


def test_invalid_readings_do_not_count(station_key, make_rule, ingest):
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, [{"asset": SLUG, "quantity": "pm25", "time": T0, "value": 500, "status": "calibrating"}])
    assert not Alert.objects.exists()


def test_missing_data_sweep_and_clear_on_ingest(station, station_key, make_rule, make_asset, device_token, ingest):
    import time

    now = int(time.time())
    other = make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An")
    _t, other_key = device_token(assets=[other])
    ingest(station_key, pm25(SLUG, [(0, 20)], start=now - 7200))  # silent for two hours
    ingest(other_key, pm25("kk-di-an", [(0, 20)], start=now - 120))  # fresh
    make_rule(name="Trạm mất dữ liệu", kind="missing", quantity=None, params={"factor": 3}, severity="medium")
    summary = services.check_missing(now)
    assert (summary["missing"], summary["raised"]) == (1, 1)
    alert = Alert.objects.get()
    assert alert.asset == station and alert.kind == "missing" and alert.value == pytest.approx(120.0)
    assert int(alert.first_at.timestamp()) == now - 7200 + 900
    again = services.check_missing(now + 60)
    assert again["raised"] == 0 and Alert.objects.count() == 1
    alert.refresh_from_db()
    assert alert.value == pytest.approx(121.0) and actions(alert) == ["raised"]
    # a reading arrives: the ingest clears the alert at once
    ingest(station_key, pm25(SLUG, [(0, 22)], start=int(time.time())))
    alert.refresh_from_db()
    assert alert.state == "cleared"


def test_missing_sweep_reads_latest_in_constant_queries(make_asset, device_token, make_rule, ingest):
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = int(time.time())
    make_rule(name="Trạm mất dữ liệu", kind="missing", quantity=None, params={"factor": 3})

    def run():
        with CaptureQueriesContext(connection) as ctx:
            services.check_missing(now)
        return len(ctx.captured_queries)

    for i in range(2):
        a = make_asset(f"kk-{i}")
        ingest(device_token(assets=[a])[1], pm25(f"kk-{i}", [(0, 1)], start=now - 60))
    few = run()
    for i in range(2, 8):
        a = make_asset(f"kk-{i}")
        ingest(device_token(assets=[a])[1], pm25(f"kk-{i}", [(0, 1)], start=now - 60))
    assert run() == few  # the same queries for 2 or 8 datastreams: no scan per datastream
    assert not Alert.objects.exists()


def test_no_rule_costs_no_query(station_key, make_rule, ingest, station, django_assert_num_queries):
    ingest(station_key, pm25(SLUG, [(0, 10)]))
    ds = station.datastreams.get()
    written = [(ds.pk, T0 + 600, 99.0, 0, None, None)]
    index.current()
    with django_assert_num_queries(0):
        services.on_store(written, None)
    make_rule(name="Thùng rác đầy", asset_type="waste-bin", quantity="fill_level", params={"op": ">", "value": 85})
    index.current()
    services.on_store(written, None)  # learns this datastream's facts once
    with django_assert_num_queries(0):
        services.on_store(written, None)  # a rule exists, but not for this datastream


def test_rule_saved_after_ingest_applies_at_once(station_key, make_rule, ingest):
    ingest(station_key, pm25(SLUG, [(0, 90)]))
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, pm25(SLUG, [(10, 95)]))
    assert Alert.objects.open().count() == 1


def test_changes_behind_the_index_are_caught(station_key, make_rule, ingest):
    rule = make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, pm25(SLUG, [(0, 10)]))
    AlertRule.objects.filter(pk=rule.pk).update(enabled=False)  # no signal: the index still has it
    ingest(station_key, pm25(SLUG, [(10, 95)]))
    assert not Alert.objects.exists()


def test_disabling_a_rule_clears_its_alerts(station_key, make_rule, ingest):
    rule = make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, pm25(SLUG, [(0, 95)]))
    before = services.snapshot(rule)
    rule.enabled = False
    rule.save()
    services.rule_changed(rule, before)
    alert = Alert.objects.get()
    assert alert.state == "cleared" and not RuleState.objects.filter(rule=rule).exists()


def test_domain_evaluator(station_key, make_rule, ingest):
    seen = []

    @evaluators.register("test-24h-average", label="Trung bình 24 giờ")
    def over_limit(datastream, readings, params):
        seen.append((datastream.asset.slug, datastream.quantity_id, [r.value for r in readings]))
        last = readings[-1]
        return [Finding(active=last.value > params["limit"], t=last.t, value=last.value, key="24h",
                        message=f"Trung bình 24 giờ {last.value} > {params['limit']} µg/m³", severity="critical")]

    try:
        make_rule(name="Giới hạn QCVN", kind="evaluator", params={"evaluator": "test-24h-average", "limit": 50})
        ingest(station_key, pm25(SLUG, [(0, 40), (10, 62)]))
        alert = Alert.objects.get()
        assert (alert.key, alert.severity, alert.message) == ("24h", "critical", "Trung bình 24 giờ 62.0 > 50 µg/m³")
        assert seen == [(SLUG, "pm25", [40.0, 62.0])]
        ingest(station_key, pm25(SLUG, [(20, 30)]))
        alert.refresh_from_db()
        assert alert.state == "cleared"
    finally:
        evaluators.unregister("test-24h-average")


def test_a_failing_evaluator_does_not_cost_the_readings(station_key, make_rule, ingest, station):
    @evaluators.register("test-broken")
    def broken(datastream, readings):
        raise RuntimeError("bug in a domain evaluator")

    try:
        make_rule(name="Hỏng", kind="evaluator", params={"evaluator": "test-broken"})
        body = ingest(station_key, pm25(SLUG, [(0, 40)]))
        assert body["stored"] == 1
        assert station.datastreams.get().latest.value == 40
    finally:
        evaluators.unregister("test-broken")


def test_type_rules_watch_their_owner_unless_all_owners(make_asset, device_token, make_rule, ingest):
    bin_dot = make_asset("thung-rac-dot", type_code="waste-bin", owner="DOT")
    _t, key = device_token(owner="DOT", assets=[bin_dot])
    rule = make_rule(name="Thùng rác đầy", asset_type="waste-bin", quantity="fill_level",
                     params={"op": ">", "value": 85, "clear_value": 30})
    ingest(key, [{"asset": "thung-rac-dot", "quantity": "fill_level", "time": T0, "value": 90}])
    assert not Alert.objects.exists()
    rule.all_owners = True
    rule.save()
    ingest(key, [{"asset": "thung-rac-dot", "quantity": "fill_level", "time": T0 + 60, "value": 92}])
    alert = Alert.objects.get()
    assert alert.owner.code == "DONRE" and alert.asset == bin_dot

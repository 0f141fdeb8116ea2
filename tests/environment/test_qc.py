"""Quality control: the pure checks, the ingest hook (flags, SUSPECT through the store,
rollups exact), staff decisions with history, and the permission rule."""
import math
import random

import numpy as np
import pytest
from django.db import transaction

from smartcity.environment import qc
from smartcity.hub.models import Correction, DailyRollup, HourlyRollup, Observation
from smartcity.hub.store import store
from smartcity.hub.timebase import day_bucket, hour_bucket

T0 = 1_763_856_000  # 2025-11-23T07:00+07:00, on the hour
M5 = 300


# ---------------------------------------------------------------- pure checks

def test_range_depends_on_station_kind():
    assert qc.range_for("ph", "surface-water").lo == 3.5
    assert qc.range_for("ph", "wastewater").lo == 0
    v = np.array([2.5, 7.0, 12.5])
    assert qc.check_range(v, *(lambda r: (r.lo, r.hi))(qc.range_for("ph", "surface-water"))).tolist() == [True, False, True]
    assert qc.check_range(v, *(lambda r: (r.lo, r.hi))(qc.range_for("ph", "wastewater"))).tolist() == [False, False, False]
    assert qc.range_for("dissolved_oxygen", "groundwater").hi == 20  # the '*' row
    assert qc.range_for("pm25", "air").hi == 1000 and qc.range_for("pm25", "mobile").hi == 1000


def test_flatline_flags_the_run_after_its_first_reading_once_it_lasts_the_window():
    t = T0 + M5 * np.arange(30)
    v = np.r_[np.arange(5, dtype=float), np.full(25, 42.0)]  # 42 from index 5, 24 readings after = 2 h
    mask = qc.check_flatline(t, v, 2 * 3600)
    assert not mask[:6].any() and mask[6:].all()
    short = qc.check_flatline(t[:28], v[:28], 2 * 3600)  # 22 intervals = 1 h 50: not yet
    assert not short.any()


def test_spike_needs_both_neighbours():
    t = T0 + M5 * np.arange(6)
    v = np.array([20.0, 22.0, 180.0, 21.0, 23.0, 200.0])
    mask = qc.check_spike(t, v, 100.0)
    assert mask.tolist() == [False, False, True, False, False, False]  # the last one waits for its successor
    step = np.array([20.0, 22.0, 180.0, 185.0, 190.0, 188.0])  # a real change of level is no spike
    assert not qc.check_spike(t, step, 100.0).any()
    far = t.copy()
    far[3] += 3600  # a neighbour an hour away does not judge
    assert not qc.check_spike(far, v, 100.0, max_gap_s=900)[2]


def test_gaps_beyond_three_intervals():
    t = T0 + M5 * np.array([0, 1, 2, 3, 9, 10, 12])
    assert qc.find_gaps(t, M5) == [(T0 + 3 * M5, T0 + 9 * M5)]  # 2 intervals (10 -> 12) is no gap
    assert qc.completeness(t, T0, T0 + 12 * M5, M5) == pytest.approx(6 / 12)


def test_run_checks_judges_valid_readings_only():
    t = T0 + M5 * np.arange(5)
    v = np.array([10.0, 12.0, 1500.0, 11.0, 13.0])
    ok = np.array([True, True, False, True, True])
    assert qc.run_checks(t, v, ok, ok, "pm25", "air", M5) == []
    hits = qc.run_checks(t, v, np.ones(5, bool), np.ones(5, bool), "pm25", "air", M5)
    assert {(h.index, h.rule) for h in hits} == {(2, "range"), (2, "spike")}
    assert qc.run_checks(t, v, np.ones(5, bool), np.ones(5, bool), "aqi", "air", M5) == []


# ---------------------------------------------------------------- hook on ingest

def write(rows, source="test"):
    with transaction.atomic():
        return store(rows, source)


@pytest.fixture
def air(make_station):
    return make_station("BD_TDM_KK01", "air", name="Trạm không khí Thủ Dầu Một", lat=10.98, lon=106.65)


def ds_of(station, q):
    return station.asset.datastreams.get(quantity_id=q).id


def assert_rollups_exact(ds):
    for model, fn in ((HourlyRollup, hour_bucket), (DailyRollup, day_bucket)):
        want = {}
        for o in Observation.objects.filter(datastream_id=ds, status=0).exclude(value=None):
            a = want.setdefault(fn(o.t), [0, 0.0, math.inf, -math.inf])
            a[0] += 1
            a[1] += o.value
            a[2], a[3] = min(a[2], o.value), max(a[3], o.value)
        got = {r.bucket: [r.n, r.total, r.vmin, r.vmax] for r in model.objects.filter(datastream_id=ds)}
        assert set(want) == set(got), model.__name__
        for b, (n, total, lo, hi) in want.items():
            assert got[b][0] == n and math.isclose(got[b][1], total, rel_tol=1e-9) and got[b][2:] == [lo, hi]


def test_range_flag_makes_the_reading_suspect_and_keeps_rollups_exact(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "temperature")
    write([(ds, T0 + i * M5, 30.0 + 0.1 * i, 0, None, None) for i in range(6)] + [(ds, T0 + 6 * M5, 58.0, 0, None, None)])
    flag = QcFlag.objects.get(datastream_id=ds)
    assert (flag.rule, flag.t, flag.value, flag.state) == ("range", T0 + 6 * M5, 58.0, "raised")
    assert Observation.objects.get(datastream_id=ds, t=T0 + 6 * M5).status == 3
    assert Correction.objects.get(datastream_id=ds).source == "qc"
    assert HourlyRollup.objects.get(datastream_id=ds, bucket=T0).n == 6
    assert_rollups_exact(ds)


def test_spike_is_flagged_when_its_successor_arrives(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "pm25")
    write([(ds, T0 + i * M5, 20.0 + i % 3, 0, None, None) for i in range(5)])
    write([(ds, T0 + 5 * M5, 240.0, 0, None, None)])
    assert not QcFlag.objects.filter(datastream_id=ds).exists()  # one neighbour only: not judged yet
    write([(ds, T0 + 6 * M5, 21.0, 0, None, None)])
    flag = QcFlag.objects.get(datastream_id=ds)
    assert (flag.rule, flag.t) == ("spike", T0 + 5 * M5)
    assert Observation.objects.get(datastream_id=ds, t=T0 + 5 * M5).status == 3
    assert_rollups_exact(ds)


def test_stuck_pm25_for_two_hours_is_flagged_and_the_run_stays_one(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "pm25")
    write([(ds, T0 + i * M5, 35.0, 0, None, None) for i in range(20)])  # 1 h 35 min: not yet
    assert not QcFlag.objects.filter(datastream_id=ds).exists()
    write([(ds, T0 + i * M5, 35.0, 0, None, None) for i in range(20, 26)])  # now 2 h 05 min
    flagged = set(QcFlag.objects.filter(datastream_id=ds, rule="flatline").values_list("t", flat=True))
    assert flagged == {T0 + i * M5 for i in range(1, 26)}
    write([(ds, T0 + 26 * M5, 35.0, 0, None, None)])  # the run goes on through the suspect readings
    assert QcFlag.objects.filter(datastream_id=ds, rule="flatline", t=T0 + 26 * M5).exists()
    assert Observation.objects.filter(datastream_id=ds, status=0).count() == 1
    assert_rollups_exact(ds)


def test_gap_is_recorded_on_the_reading_after_it_without_making_it_suspect(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "pm25")
    write([(ds, T0 + i * M5, 20.0 + i, 0, None, None) for i in range(4)])
    write([(ds, T0 + 30 * M5, 25.0, 0, None, None)])  # 2 h 15 min silent
    flag = QcFlag.objects.get(datastream_id=ds, rule="missing")
    assert (flag.t, flag.since) == (T0 + 30 * M5, T0 + 3 * M5)
    assert "135 min" in flag.detail
    assert Observation.objects.get(datastream_id=ds, t=T0 + 30 * M5).status == 0
    write([(ds, T0 + i * M5, 22.0 + i % 2, 0, None, None) for i in range(4, 30)])  # late data fills the gap
    flag.refresh_from_db()
    assert flag.state == "cleared"


def test_stack_emissions_use_their_own_spike_thresholds(make_station):
    from smartcity.environment.models import QcFlag

    assert qc.spike_threshold("so2", "emission") > 100 * qc.spike_threshold("so2", "air")
    stack = make_station("BD_NMNHIETDIEN_KT01", "emission", name="Trạm khí thải lò hơi")
    ds = ds_of(stack, "so2")
    # 300 mg/Nm³ with ordinary burner swings of ±20 mg/Nm³ (µg/m³ canonical): no spike
    write([(ds, T0 + i * M5, 300_000.0 + (20_000.0 if i % 2 else -20_000.0), 0, None, None) for i in range(8)])
    assert not QcFlag.objects.filter(datastream_id=ds, rule="spike").exists()
    write([(ds, T0 + 8 * M5, 900_000.0, 0, None, None), (ds, T0 + 9 * M5, 300_000.0, 0, None, None)])
    assert QcFlag.objects.get(datastream_id=ds, rule="spike").t == T0 + 8 * M5


def test_a_vehicle_off_duty_is_not_missing_data(make_station):
    from smartcity.environment.models import QcFlag

    car = make_station("BD_TTQT_XE01", "mobile", name="Xe quan trắc không khí di động")
    ds = ds_of(car, "pm25")
    write([(ds, T0 + i * 60, 30.0 + i % 3, 0, 10.98, 106.65) for i in range(5)])
    write([(ds, T0 + 14 * 3600 + i * 60, 28.0 + i % 3, 0, 10.98, 106.65) for i in range(5)])  # next shift
    assert not QcFlag.objects.filter(datastream_id=ds, rule="missing").exists()


def test_only_valid_readings_are_checked(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "temperature")
    write([(ds, T0, 80.0, 1, None, None), (ds, T0 + M5, 80.0, 2, None, None)])  # calibrating, error
    assert not QcFlag.objects.exists()


def test_randomised_batches_keep_rollups_exact_after_flagging(air):
    from smartcity.environment.models import QcFlag

    rnd = random.Random(1997)
    ds = ds_of(air, "pm25")
    rows = []
    for i in range(400):
        v = round(rnd.uniform(10, 60), 1)
        if rnd.random() < 0.03:
            v = 1400.0  # out of range
        elif rnd.random() < 0.03:
            v = 400.0  # spike
        status = 0 if rnd.random() > 0.05 else 1
        rows.append((ds, T0 + i * M5, v, status, None, None))
    rows += [(ds, T0 + (400 + i) * M5, 33.3, 0, None, None) for i in range(30)]  # stuck 2.5 h
    order = rows[:]
    rnd.shuffle(order)
    i = 0
    while i < len(order):
        n = rnd.randint(1, 60)
        write(order[i:i + n])
        i += n
    assert QcFlag.objects.filter(datastream_id=ds, rule="range").count() >= 5
    assert QcFlag.objects.filter(datastream_id=ds, rule="flatline").exists()
    for f in QcFlag.objects.filter(datastream_id=ds).exclude(rule="missing"):
        assert Observation.objects.get(datastream_id=ds, t=f.t).status == 3
    assert_rollups_exact(ds)
    assert not Observation.objects.filter(datastream_id=ds, status=0, value__gt=1000).exists()


# ---------------------------------------------------------------- staff decisions

@pytest.fixture
def flagged(air):
    from smartcity.environment.models import QcFlag

    ds = ds_of(air, "temperature")
    write([(ds, T0 + i * M5, 30.0, 0, None, None) for i in range(3)] + [(ds, T0 + 3 * M5, 58.0, 0, None, None)])
    return QcFlag.objects.get(datastream_id=ds)


def test_override_restores_valid_and_confirm_keeps_suspect_with_history(flagged, make_user):
    from smartcity.environment.qc_hooks import decide

    ds = flagged.datastream_id
    lan = make_user("lan.donre", "DONRE")
    decide(flagged, lan, "override", "Nắng nóng thật, cảm biến đã kiểm tra")
    assert Observation.objects.get(datastream_id=ds, t=flagged.t).status == 0
    assert HourlyRollup.objects.get(datastream_id=ds, bucket=T0).n == 4
    flagged.refresh_from_db()
    assert (flagged.state, flagged.decided_by, flagged.note) == ("overridden", lan, "Nắng nóng thật, cảm biến đã kiểm tra")
    # the next batch does not flag it again
    write([(ds, T0 + 4 * M5, 31.0, 0, None, None)])
    assert Observation.objects.get(datastream_id=ds, t=flagged.t).status == 0
    decide(flagged, lan, "confirm", "Xem lại: lỗi cảm biến")
    assert Observation.objects.get(datastream_id=ds, t=flagged.t).status == 3
    assert HourlyRollup.objects.get(datastream_id=ds, bucket=T0).n == 4  # 3 + the 31.0
    states = list(flagged.history.order_by("history_date").values_list("state", "history_user_id", "note"))
    assert [s[0] for s in states] == ["raised", "overridden", "confirmed"]
    assert states[1][1] == lan.pk and states[0][1] is None
    assert states[1][2] == "Nắng nóng thật, cảm biến đã kiểm tra"
    assert_rollups_exact(ds)


def test_quality_control_runs_before_the_hooks_that_judge_readings():
    from smartcity.alerts import services as alert_services
    from smartcity.environment import qc_hooks
    from smartcity.hub import store as hub_store

    hooks = hub_store._AFTER_STORE
    assert hooks.index(qc_hooks.on_store) < hooks.index(alert_services.on_store)

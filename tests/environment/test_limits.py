"""Legal and permit limits: the seeded QCVN tables, the averaging periods, the coverage
rule, only VALID readings, validity dates (the PM2.5 switch of 01/01/2026), exceedance
alerts with their evidence, clearing, and the e-mail to the facility's contacts."""
import time
from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from smartcity.environment import limits as L

HOUR = 3600


@pytest.fixture(autouse=True)
def _fresh_index():
    from smartcity.alerts import index
    from smartcity.environment import limits_hooks

    index.clear_all()
    limits_hooks.clear_cache()
    yield
    index.clear_all()
    limits_hooks.clear_cache()


@pytest.fixture
def seeded(hub):
    from smartcity.environment import limits_seed

    return limits_seed.seed()


@pytest.fixture
def air(make_station, seeded):
    return make_station("BD_TDM_KK01", kind="air", name="Trạm không khí Thủ Dầu Một", facility="")


def stream(station, quantity):
    return station.asset.datastreams.get(quantity_id=quantity)


def feed(ds, start, hours, value=47.0, status=0, interval=300, skip=(), jitter=0.1):
    """Readings every `interval` s for `hours` hours from `start`, stored as one batch.
    Values alternate by ±jitter around `value` (the hour means stay exact): a value that
    never moves is a stuck sensor for the quality checks."""
    from smartcity.hub.store import store

    rows = []
    for i in range(int(hours * HOUR // interval)):
        t = start + i * interval
        if i in skip:
            continue
        v = value(t) if callable(value) else value
        v = v + (jitter if i % 2 else -jitter)
        s = status(t) if callable(status) else status
        rows.append((ds.pk, t, v, s, None, None))
    with transaction.atomic():
        return store(rows, source="test")


def midnight(y, m, d):
    return L.local_midnight(date(y, m, d))


def alerts(ds, key=None):
    from smartcity.alerts.models import Alert

    qs = Alert.objects.filter(datastream=ds)
    return qs.filter(key=key) if key is not None else qs


# -- the seeded tables -----------------------------------------------------------------------
def test_seed_has_every_qcvn05_cell_and_is_idempotent(seeded):
    from smartcity.alerts.models import AlertRule
    from smartcity.environment import limits_seed
    from smartcity.environment.models import LegalLimit

    air = LegalLimit.objects.filter(regulation="QCVN 05:2023/BTNMT")
    cells = {(r.quantity_id, r.averaging, r.valid_from, r.limit_max) for r in air}
    assert ("so2", "1h", date(2023, 9, 12), 350) in cells and ("co", "8h", date(2023, 9, 12), 10000) in cells
    assert ("pm25", "24h", date(2023, 9, 12), 50) in cells and ("pm25", "24h", date(2026, 1, 1), 45) in cells
    assert air.count() == 18  # the 17 cells of Table 1 + the second PM2.5 24 h row
    assert air.get(quantity_id="pm25", averaging="24h", limit_max=50).valid_to == date(2025, 12, 31)
    assert {r.unit for r in air} == {"µg/Nm³"}
    water = LegalLimit.objects.filter(regulation="QCVN 08:2023/BTNMT")
    assert water.get(quantity_id="dissolved_oxygen", column="B").limit_min == 5
    assert not water.get(quantity_id="bod5", column="A").verified
    assert water.filter(column="").count() == 23
    assert not LegalLimit.objects.filter(station_kind__in=["wastewater", "groundwater", "emission"]).exists()
    before = (LegalLimit.objects.count(), AlertRule.objects.count())
    again = limits_seed.seed()
    assert again["created"] == 0 and again["rules"] == 0
    assert (LegalLimit.objects.count(), AlertRule.objects.count()) == before
    rule = AlertRule.objects.get(asset_type_id="air-station", kind="evaluator")
    assert rule.owner.code == "DONRE" and rule.params == {"evaluator": "env-limits"} and rule.all_owners


# -- pure maths ------------------------------------------------------------------------------
def test_windows_and_coverage_maths():
    d = midnight(2026, 3, 10)
    assert L.window("24h", d + 5 * HOUR) == (d, d + 86400)
    assert L.window("8h", d + 10 * HOUR) == (d + 3 * HOUR, d + 11 * HOUR)
    assert L.needed_parts("24h", d, d + 86400) == 18 and L.needed_parts("8h", 0, 8 * HOUR) == 6
    assert L.hour_mean(9, 90.0, 300) == 10.0 and L.hour_mean(8, 80.0, 300) is None  # 9 of 12 = 75 %
    hours = {d + h * HOUR: (10.0, 12) for h in range(17)}
    assert L.window_mean("24h", d, d + 86400, hours) is None  # 17 of 24 hours
    hours[d + 20 * HOUR] = (28.0, 12)
    wm = L.window_mean("24h", d, d + 86400, hours)
    assert wm.parts == 18 and wm.mean == pytest.approx(11.0)
    lim = L.Limit("24h", 45, None, date(2026, 1, 1), None, "QCVN")
    assert not L.judge(45.0, lim).exceeded and L.judge(45.1, lim).exceeded
    assert L.severity(L.judge(50, lim)) == "medium" and L.severity(L.judge(80, lim)) == "high"
    assert L.severity(L.judge(100, lim)) == "critical"
    do = L.Limit("1h", None, 5, date(2023, 9, 12), None, "QCVN")
    assert L.judge(4.0, do).bound == "min" and not L.judge(5.0, do).exceeded
    assert L.message("PM2.5", "24h", 62.14, "µg/m³", L.judge(62.14, lim), "QCVN 05:2023/BTNMT") == \
        "PM2.5 trung bình 24 giờ 62,1 µg/m³ > 45 (QCVN 05:2023/BTNMT)"


def test_gaps_and_completeness_maths():
    times = [i * 300 for i in range(12)] + [7200 + i * 300 for i in range(12)]  # no data 01:00-02:00
    assert L.gaps(times, 0, 3 * HOUR, 300) == [(3600, 7200)]
    c = L.completeness([(t, 0 if t < 7200 else 1) for t in times], 0, 3 * HOUR, 300)
    assert (c.expected, c.received, c.valid) == (36, 24, 12)
    assert round(c.valid_pct, 1) == 33.3
    assert L.status_time([(t, 1) for t in times[:3]], 0, HOUR, 300) == {1: 900}


# -- validity dates: the PM2.5 switch ---------------------------------------------------------
def test_pm25_24h_of_47_is_fine_on_31_12_2025_and_exceeds_on_02_01_2026(air):
    from smartcity.environment.models import Exceedance

    ds = stream(air, "pm25")
    feed(ds, midnight(2025, 12, 31), 24, 47.0)
    assert not alerts(ds).exists() and not Exceedance.objects.exists()
    feed(ds, midnight(2026, 1, 2), 24, 47.0)
    alert = alerts(ds, "24h").get()
    assert alert.state == "raised" and alert.value == pytest.approx(47.0)
    assert alert.message == "PM2.5 trung bình 24 giờ 47,0 µg/m³ > 45 (QCVN 05:2023/BTNMT)"
    assert alert.severity == "medium"
    ex = Exceedance.objects.get()
    assert ex.alert == alert and ex.limit_value == 45 and ex.averaging == "24h"
    assert (ex.window_start, ex.window_end) == (midnight(2026, 1, 2), midnight(2026, 1, 3))
    assert len(ex.evidence) == 24 and ex.evidence[0] == [midnight(2026, 1, 2), 47.0, 12]
    assert ex.legal_limit.valid_from == date(2026, 1, 1)


def test_only_valid_readings_count_and_coverage_is_required(air):
    ds = stream(air, "pm25")
    day = midnight(2026, 2, 3)
    # the valid readings are 30; the higher values come with a calibration status
    feed(ds, day, 24, value=lambda t: 30.0 if (t // 300) % 2 == 0 else 300.0,
         status=lambda t: 0 if (t // 300) % 2 == 0 else 1)
    assert not alerts(ds).exists()  # 6 of 12 valid readings an hour: no hour mean at all
    day2 = midnight(2026, 2, 4)
    feed(ds, day2, 24, value=lambda t: 60.0 if (t // 300) % 4 else 900.0, status=lambda t: 0 if (t // 300) % 4 else 2)
    alert = alerts(ds, "24h").get()  # 9 of 12 valid: the hour means count, errors do not
    assert alert.value == pytest.approx(60.0, abs=0.05)
    day3 = midnight(2026, 2, 5)
    feed(ds, day3, 17, 80.0)  # 17 hours of data, then silence: below 75 % of the day
    feed(ds, day3 + 23 * HOUR + 3300, 1 / 12, 80.0)  # the day's last slot arrives
    assert alerts(ds, "24h").get().last_at.timestamp() == midnight(2026, 2, 5)  # day 3 not judged


def test_one_hour_and_eight_hour_means_raise_and_clear(air):
    from smartcity.environment.models import Exceedance

    ds = stream(air, "o3")
    start = midnight(2026, 4, 1) + 6 * HOUR
    # 6 hours at 100 then 3 hours at 250 (> 200 for 1 h), then 150
    feed(ds, start, 6, 100.0)
    assert not alerts(ds).exists()
    feed(ds, start + 6 * HOUR, 3, 250.0)
    one = alerts(ds, "1h").get()
    assert one.state == "raised" and one.value == pytest.approx(250.0) and one.severity == "medium"
    eight = alerts(ds, "8h").get()  # (5 x 100 + 3 x 250) / 8 = 156.25 > 120
    assert eight.value == pytest.approx(156.25)
    assert eight.message.startswith("O3 trung bình 8 giờ 156,2")
    feed(ds, start + 9 * HOUR, 1, 150.0)
    one.refresh_from_db()
    assert one.state == "cleared"
    ex = Exceedance.objects.filter(key="1h").order_by("window_end")
    assert [e.value for e in ex] == [250.0] * 3 and all(e.alert_id == one.pk for e in ex)
    assert alerts(ds, "8h").get().state == "raised"  # the 8 h mean is still high


def test_year_running_mean_is_an_advisory(air):
    ds = stream(air, "pm25")
    feed(ds, midnight(2026, 1, 1), 48, 30.0)  # 1-2 January: 30 > 25 (year), < 45 (24 h)
    alert = alerts(ds, "year").get()
    assert alert.severity == "info" and alert.message.startswith("Tham khảo: PM2.5 trung bình năm")
    assert not alerts(ds, "24h").exists()


def test_late_data_about_an_old_day_is_evidence_but_does_not_move_the_alert(air):
    from smartcity.environment.models import Exceedance

    ds = stream(air, "pm25")
    feed(ds, midnight(2026, 3, 1), 24, 20.0)
    feed(ds, midnight(2026, 3, 2), 24, 20.0)
    feed(ds, midnight(2026, 2, 20), 24, 80.0)  # a station's backlog arrives late
    assert not alerts(ds).exists()
    assert Exceedance.objects.get().window_end == midnight(2026, 2, 21)


# -- permit limits ---------------------------------------------------------------------------
@pytest.fixture
def wastewater(make_station, seeded):
    return make_station("BD_KCNSONGTHAN_NT01", kind="wastewater", name="Trạm xả thải KCN Sóng Thần",
                        facility="Công ty CP Khu công nghiệp Sóng Thần",
                        contact_emails="moitruong@kcnsongthan.vn\nquanly@kcnsongthan.vn")


def permit(station, quantity="cod", averaging="1h", limit_max=None, limit_min=None, unit="mg/L", valid_from=date(2026, 1, 1),
           valid_to=None, ref="GPMT 123/GP-UBND"):
    from smartcity.environment.models import PermitLimit

    return PermitLimit.objects.create(owner=station.owner, station=station, quantity_id=quantity, averaging=averaging,
                                      limit_max=limit_max, limit_min=limit_min, unit=unit, valid_from=valid_from,
                                      valid_to=valid_to, permit_ref=ref)


def test_permit_limit_applies_only_within_its_validity(wastewater):
    ds = stream(wastewater, "cod")
    permit(wastewater, limit_max=75, valid_from=date(2026, 5, 1), valid_to=date(2026, 5, 31))
    feed(ds, midnight(2026, 4, 30) + 20 * HOUR, 2, 90.0)  # before the permit
    assert not alerts(ds).exists()
    feed(ds, midnight(2026, 5, 10) + 8 * HOUR, 2, 90.0)
    alert = alerts(ds, "1h:permit").get()
    assert alert.message == "COD trung bình 1 giờ 90,0 mg/L > 75 (giấy phép GPMT 123/GP-UBND)"
    feed(ds, midnight(2026, 6, 2) + 8 * HOUR, 2, 90.0)  # after it ended: nothing judged, still open
    assert alerts(ds, "1h:permit").get().state == "raised"


def test_instant_permit_limit_and_ph_range(wastewater):
    ds = stream(wastewater, "ph")
    permit(wastewater, "ph", averaging="instant", limit_min=5.5, limit_max=9, unit="-")
    start = midnight(2026, 7, 1) + 9 * HOUR
    feed(ds, start, 4 * 300 / 3600, value=lambda t: {0: 7.0, 300: 9.6, 600: 9.5, 900: 7.2}[t - start], jitter=0)
    alert = alerts(ds, "instant:permit").get()
    assert alert.state == "cleared" and alert.peak == pytest.approx(9.6)
    assert [e.evidence for e in alert.exceedances.order_by("window_end")] == [[[start + 300, 9.6, 1]], [[start + 600, 9.5, 1]]]


def test_facility_contacts_are_emailed_with_the_alert(wastewater, settings, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    import smartcity.alerts.tasks  # noqa: F401
    from smartcity.alerts.models import Delivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ds = stream(wastewater, "cod")
    permit(wastewater, limit_max=75)
    start = (int(time.time()) // HOUR - 3) * HOUR  # recent: notifications are sent
    before, HUEY.immediate = HUEY.immediate, True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            feed(ds, start, 2, 150.0)
    finally:
        HUEY.immediate = before
    alert = alerts(ds, "1h:permit").get()
    assert alert.severity == "high"  # twice the limit
    sent = Delivery.objects.filter(alert=alert, channel="email")
    assert sorted(sent.values_list("target", flat=True)) == ["moitruong@kcnsongthan.vn", "quanly@kcnsongthan.vn"]
    assert set(sent.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2 and "COD trung bình 1 giờ 150,0 mg/L > 75" in mail.outbox[0].body
    assert alert.exceedances.count() == 2


def test_surface_water_class_limits_follow_the_station_class(make_station, seeded):
    st = make_station("BD_SG_TDM01", kind="surface-water", name="Trạm nước mặt sông Sài Gòn - Thủ Dầu Một", river="Sài Gòn")
    ds = stream(st, "dissolved_oxygen")
    feed(ds, midnight(2026, 8, 1), 24, 4.5)
    assert not alerts(ds).exists()  # no class chosen: only health limits apply
    st.asset.properties = {"qcvn08_class": "B"}
    st.asset.save()
    feed(ds, midnight(2026, 8, 2), 24, 4.5)
    alert = alerts(ds, "24h").get()
    assert alert.message == "DO trung bình 24 giờ 4,5 mg/L < 5 (QCVN 08:2023/BTNMT, loại B)"


def test_demo_loader_seeds_and_judges_the_last_day(air):
    """Readings stored before the rules existed are judged when the demo loader replays."""
    from smartcity.alerts.models import AlertRule
    from smartcity.environment import limits_hooks

    AlertRule.objects.all().delete()
    ds = stream(air, "o3")
    start = (int(time.time()) // HOUR - 5) * HOUR
    feed(ds, start, 3, 260.0)
    assert not alerts(ds).exists()
    out = limits_hooks.load_demo()
    assert out["rules"] == 5 and out["raised"] >= 1
    assert alerts(ds, "1h").get().value == pytest.approx(260.0)


def test_batches_that_close_no_window_cost_no_query(air, django_assert_num_queries):
    from smartcity.alerts.evaluators import Reading
    from smartcity.environment import limits_hooks
    from smartcity.hub.models import Datastream

    pm = Datastream.objects.select_related("asset", "quantity").get(pk=stream(air, "pm25").pk)
    temp = Datastream.objects.select_related("asset", "quantity").get(pk=stream(air, "temperature").pk)
    limits_hooks.cached_limits(pm), limits_hooks.cached_limits(temp)
    mid_hour = midnight(2026, 3, 3) + 10 * HOUR + 1200
    with django_assert_num_queries(0):
        assert limits_hooks.evaluate(pm, [Reading(mid_hour, 50.0, 0)]) == []
        assert limits_hooks.evaluate(temp, [Reading(midnight(2026, 3, 3) + 11 * HOUR, 31.0, 0)]) == []

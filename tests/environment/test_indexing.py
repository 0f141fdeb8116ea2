"""Indices computed as data arrives: hour-ending alignment with the hub's hour-start
buckets (the worked example of Decision 1459), late data, QC flags and overrides, daily
VN_AQI, VN_WQI, the hub datastreams, and the drain after commit."""
import pytest
from django.db import transaction

from smartcity.environment import indexing
from smartcity.hub.models import Latest
from smartcity.hub.store import store

T0 = 1_763_856_000  # 2025-11-23T00:00Z = 07:00 local
MIDNIGHT = T0 - 7 * 3600  # 2025-11-23T00:00+07:00


def L(hour: float) -> int:
    """UTC seconds of a local clock time on 2025-11-23 (24 = midnight ending the day)."""
    return MIDNIGHT + int(hour * 3600)


# Decision 1459's worked example: PM2.5 hourly means of the hours ENDING 09:00 ... 20:00
PM25 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]


def write(rows):
    with transaction.atomic():
        return store(rows, "test")


def hour_rows(ds, ending: int, value: float, slots=range(12)):
    """5-minute readings of the hour ending at `ending` (local), all equal to `value`."""
    return [(ds, L(ending - 1) + k * 300, value, 0, None, None) for k in slots]


@pytest.fixture
def air(make_station):
    return make_station("BD_TDM_KK01", "air", name="Trạm không khí Thủ Dầu Một", lat=10.98, lon=106.65)


def ds_of(station, q):
    return station.asset.datastreams.get(quantity_id=q).id


def index(station, kind, t):
    from smartcity.environment.models import IndexValue

    return IndexValue.objects.filter(station=station, kind=kind, t=t).first()


def load_example(air, no2_last=118.7, skip_hour=None):
    pm, o3, no2 = ds_of(air, "pm25"), ds_of(air, "o3"), ds_of(air, "no2")
    for h, v in zip(range(9, 21), PM25):
        slots = range(8) if h == skip_hour else range(12)
        write(hour_rows(pm, h, v, slots))
    write(hour_rows(o3, 20, 136.1) + hour_rows(no2, 20, 118.7, range(11)) + [(no2, L(19) + 11 * 300, no2_last, 0, None, None)])
    return pm, o3, no2


def test_hourly_vn_aqi_at_hour_end_reproduces_the_decision_example(air):
    load_example(air)
    out = indexing.process_dirty()
    assert out["stations"] == 1
    iv = index(air, "vn_aqi_h", L(20))  # the value "at 20:00" is the mean of 19:00-20:00 (hub bucket 19:00)
    assert iv is not None and iv.value in (59, 60) and iv.dominant == "no2"  # printed 60; the formula gives 59.35
    assert iv.band == "moderate"
    assert iv.parts["inputs"]["pm25"] == 20.6 and iv.parts["inputs"]["no2"] == pytest.approx(118.7)
    assert iv.parts["sub"]["pm25"] == 41 and iv.parts["sub"]["o3"] == 43
    assert iv.parts["conc"]["pm25"] == pytest.approx(20.3, abs=0.05)
    earlier = index(air, "vn_aqi_h", L(19))
    assert earlier.parts["inputs"]["pm25"] == 19.6 and "no2" not in earlier.parts["inputs"]
    assert index(air, "vn_aqi_h", L(9)) is None  # NowCast needs 2 of the last 3 hours
    assert index(air, "vn_aqi_h", L(10)).parts["inputs"]["pm25"] == 24.7
    assert index(air, "us_aqi_h", L(20)) is not None
    # the headline goes to the hub's aqi datastream of the station asset, labelled by hour end
    latest = Latest.objects.get(datastream__asset=air.asset, datastream__quantity_id="aqi")
    assert (latest.t, latest.value, latest.status) == (L(20), float(iv.value), 0)
    assert Latest.objects.filter(datastream__asset=air.asset, datastream__quantity_id="us_aqi").exists()
    # idempotent: computing again writes nothing
    assert indexing.recompute(air, L(8), L(20))["written"] == 0


def test_an_open_hour_waits_until_its_last_slot_arrives(air):
    pm = ds_of(air, "pm25")
    for h, v in zip(range(9, 12), PM25):
        write(hour_rows(pm, h, v, range(11) if h == 11 else range(12)))
    indexing.process_dirty()
    assert index(air, "vn_aqi_h", L(11)) is None  # 10:00-10:50 in, the 10:55 slot still to come
    write(hour_rows(pm, 11, PM25[2], [11]))
    indexing.process_dirty()
    assert index(air, "vn_aqi_h", L(11)).parts["inputs"]["pm25"] == PM25[2]


def test_a_late_hour_recomputes_the_following_hours(air):
    pm, _o3, _no2 = load_example(air, skip_hour=19)  # the hour ending 19:00 has 8 of 12 readings: < 75 %
    indexing.process_dirty()
    before = index(air, "vn_aqi_h", L(20))
    assert "pm25" not in index(air, "vn_aqi_h", L(19)).parts["inputs"]
    before_conc = before.parts["conc"]["pm25"]
    write(hour_rows(pm, 19, 19.6, range(8, 12)))  # the missing readings arrive late
    indexing.process_dirty()
    after = index(air, "vn_aqi_h", L(20))
    assert after.parts["conc"]["pm25"] == pytest.approx(20.3, abs=0.05) != pytest.approx(before_conc, abs=0.05)
    assert index(air, "vn_aqi_h", L(19)).parts["inputs"]["pm25"] == 19.6


def test_flagged_reading_stays_out_of_the_index_until_overridden(air, make_user):
    from smartcity.environment.models import QcFlag
    from smartcity.environment.qc_hooks import decide

    load_example(air, no2_last=4500.0)  # out of the NO2 range: flagged SUSPECT
    indexing.process_dirty()
    iv = index(air, "vn_aqi_h", L(20))
    assert iv.value in (59, 60) and iv.parts["inputs"]["no2"] == pytest.approx(118.7)
    flag = QcFlag.objects.get(rule="range")
    decide(flag, make_user("lan.donre", "DONRE"), "override", "Đã kiểm tra tại trạm")
    indexing.process_dirty()
    iv.refresh_from_db()
    assert iv.parts["inputs"]["no2"] == pytest.approx((11 * 118.7 + 4500) / 12)
    assert iv.value == 128 and iv.dominant == "no2"  # 100 + 50 × (483.8 − 200) / (700 − 200) = 128.4
    assert Latest.objects.get(datastream__asset=air.asset, datastream__quantity_id="aqi").value == iv.value


def test_daily_vn_aqi_once_the_day_is_over(air):
    pm = ds_of(air, "pm25")
    rows = []
    for h in range(1, 25):  # hours ending 01:00 ... 24:00 (00:00 of the next day)
        rows += [(pm, L(h - 1) + k * 300, 55.6 if k % 2 else 55.8, 0, None, None) for k in range(12)]
    write(rows[:-1])
    indexing.process_dirty()
    assert index(air, "vn_aqi_d", L(24)) is None  # the last slot of 23:00-24:00 has not arrived
    write(rows[-1:])
    indexing.process_dirty()
    day = index(air, "vn_aqi_d", L(24))
    assert day.value == 110 and day.dominant == "pm25" and day.band == "poor"  # the decision's example: 55.7 -> 110


def test_water_station_gets_an_hourly_wqi(make_station):
    st = make_station("BD_SG_NM01", "surface-water", name="Trạm nước mặt Thủ Dầu Một (sông Sài Gòn)",
                      quantities=("ph", "dissolved_oxygen", "water_temperature", "cod", "ammonium", "phosphate"))
    values = {"ph": 7.1, "dissolved_oxygen": 6.2, "water_temperature": 29.0, "cod": 12.0, "ammonium": 0.2, "phosphate": 0.08}
    rows = []
    for q, v in values.items():
        rows += [(ds_of(st, q), L(9) + k * 300, v + (0.01 if k % 2 else 0), 0, None, None) for k in range(12)]
    write(rows)
    indexing.process_dirty()
    iv = index(st, "vn_wqi", L(10))
    assert iv is not None and 0 < iv.value <= 100 and iv.band
    assert set(iv.parts["inputs"]) >= {"ph", "cod", "dissolved_oxygen"}
    assert Latest.objects.get(datastream__asset=st.asset, datastream__quantity_id="wqi").value == iv.value


def test_indices_appear_after_commit_through_the_worker(air, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    from smartcity.environment.models import IndexDirty

    pm = ds_of(air, "pm25")
    before = HUEY.immediate
    HUEY.immediate = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                for h, v in zip(range(9, 12), PM25):
                    store(hour_rows(pm, h, v), "test")
                assert IndexDirty.objects.filter(station=air).count() == 3  # queued in the ingest transaction
    finally:
        HUEY.immediate = before
    assert index(air, "vn_aqi_h", L(11)) is not None
    assert not IndexDirty.objects.exists()


def test_recompute_command_rebuilds_a_period(air, capsys):
    """`smartcity env recompute`: indices deleted by hand come back over the period asked,
    for the stations asked; bad arguments are refused with their reason."""
    import json

    from django.core.management import CommandError, call_command

    from smartcity.environment.models import IndexValue

    load_example(air)
    indexing.process_dirty()
    before = set(IndexValue.objects.filter(station=air).values_list("kind", "t", "value"))
    IndexValue.objects.filter(station=air).delete()
    call_command("env", "recompute", "--from", "2025-11-23T07:00", "--to", "2025-11-23T21:00", "--station", "BD_TDM_KK01", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["BD_TDM_KK01"]["written"] > 0
    assert set(IndexValue.objects.filter(station=air).values_list("kind", "t", "value")) >= {b for b in before if b[0] == "vn_aqi_h"}
    with pytest.raises(CommandError, match="BD_KHONG_CO"):
        call_command("env", "recompute", "--from", "2025-11-23", "--station", "BD_KHONG_CO")
    with pytest.raises(CommandError, match="--to"):
        call_command("env", "recompute", "--from", "2025-11-23", "--to", "2025-11-22")

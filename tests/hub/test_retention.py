"""Retention of raw readings per asset type, asset or datastream, on data already stored."""
import io
import math
import time
from datetime import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from smartcity.hub.ingest import Normaliser, Principal
from smartcity.hub.models import AssetType, DailyRollup, Datastream, HourlyRollup, Latest, Observation
from smartcity.hub.retention import apply_retention, cutoff_for, effective_retention
from smartcity.hub.store import store
from smartcity.hub.timebase import DAY, HOUR, LOCAL_TZ, day_bucket, parse_time

NOW = parse_time("2026-01-01T00:10:00+07:00")
YEAR_START = parse_time("2025-01-01T00:00:00+07:00")
HOURS = 8760
END = YEAR_START + HOURS * HOUR  # 2026-01-01 00:00 local: the last reading is at 23:00 on 31/12


def value(quantity: str, h: int) -> float:
    """Plausible hourly readings: PM2.5/PM10 in µg/m³ with a daily cycle, pH of the Saigon
    river at Thủ Dầu Một around 6.8."""
    base = {"pm25": 28.0, "pm10": 52.0, "ph": 6.8}[quantity]
    swing = {"pm25": 9.0, "pm10": 15.0, "ph": 0.2}[quantity]
    return round(base + swing * math.sin(h / 24 * 2 * math.pi), 2)


def fill_year(ds: Datastream) -> None:
    rows = [(ds.id, YEAR_START + h * HOUR, value(ds.quantity_id, h), 0, None, None) for h in range(HOURS)]
    with transaction.atomic():
        store(rows, source="test")


@pytest.fixture
def streams(make_asset):
    """A year of hourly data: Dĩ An air station (PM2.5, PM10) and the Thủ Dầu Một water station (pH)."""
    di_an = make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)
    song = make_asset("nm-song-sai-gon-tdm", "water-station", name="Trạm quan trắc nước sông Sài Gòn - Thủ Dầu Một",
                      lat=10.975, lon=106.652)
    made = {
        "pm25": Datastream.objects.create(asset=di_an, quantity_id="pm25", unit="µg/m³"),
        "pm10": Datastream.objects.create(asset=di_an, quantity_id="pm10", unit="µg/m³"),
        "ph": Datastream.objects.create(asset=song, quantity_id="ph", unit="-"),
    }
    for ds in made.values():
        fill_year(ds)
    return made


def snapshot():
    return {
        "latest": sorted(Latest.objects.values_list("datastream_id", "t", "value")),
        # every rollup row itself: a SUM over them would depend on the database's summation order
        "hour": sorted(HourlyRollup.objects.values_list("datastream_id", "bucket", "n", "total", "vmin", "vmax")),
        "day": sorted(DailyRollup.objects.values_list("datastream_id", "bucket", "n", "total", "vmin", "vmax")),
    }


def raw_count(ds, before=None):
    qs = Observation.objects.filter(datastream=ds)
    return qs.filter(t__lt=before).count() if before is not None else qs.count()


def test_retention_on_an_asset_type_deletes_old_rows_of_all_its_datastreams(streams):
    before = snapshot()
    AssetType.objects.filter(code="air-station").update(retention_days=90)
    cutoff = cutoff_for(90, NOW)
    assert cutoff == parse_time("2025-10-03T00:00:00+07:00")  # whole local days: at least 90 days kept
    expected = (cutoff - YEAR_START) // HOUR
    result = apply_retention(now=NOW)
    per_ds = {p.datastream: p.deleted for p in result["datastreams"]}
    assert per_ds == {streams["pm25"].id: expected, streams["pm10"].id: expected}
    assert result["deleted"] == 2 * expected
    for q in ("pm25", "pm10"):
        assert raw_count(streams[q]) == HOURS - expected and raw_count(streams[q], cutoff) == 0
    assert raw_count(streams["ph"]) == HOURS  # the water station's type keeps everything
    assert snapshot() == before  # latest values and hourly/daily aggregates are untouched
    assert apply_retention(now=NOW)["deleted"] == 0  # nothing left to do


def test_the_datastream_wins_over_the_asset_which_wins_over_the_type(streams):
    AssetType.objects.filter(code="air-station").update(retention_days=365)
    Datastream.objects.filter(pk=streams["pm25"].pk).update(retention_days=30)
    streams["ph"].asset.retention_days = 60
    streams["ph"].asset.save()
    days = {ds_id: d for ds_id, d, _slug, _q in effective_retention()}
    assert days == {streams["pm25"].id: 30, streams["pm10"].id: 365, streams["ph"].id: 60}
    apply_retention(now=NOW)
    assert raw_count(streams["pm25"]) == (END - cutoff_for(30, NOW)) // HOUR == 30 * 24
    assert raw_count(streams["ph"]) == (END - cutoff_for(60, NOW)) // HOUR == 60 * 24
    assert raw_count(streams["pm10"]) == HOURS  # the whole of 2025 is within 365 days of 1/1/2026


def test_dry_run_changes_nothing_and_counts_what_a_real_run_deletes(streams):
    AssetType.objects.filter(code="air-station").update(retention_days=120)
    before = snapshot()
    dry = apply_retention(now=NOW, dry_run=True)
    assert dry["dry_run"] and dry["deleted"] > 0
    assert Observation.objects.count() == 3 * HOURS and snapshot() == before
    real = apply_retention(now=NOW)
    assert [(p.datastream, p.deleted) for p in real["datastreams"]] == [(p.datastream, p.deleted) for p in dry["datastreams"]]
    assert Observation.objects.count() == 3 * HOURS - real["deleted"]


def test_large_deletes_go_in_bounded_key_range_batches(streams):
    Datastream.objects.filter(pk=streams["pm25"].pk).update(retention_days=100)
    expected = (cutoff_for(100, NOW) - YEAR_START) // HOUR
    with CaptureQueriesContext(connection) as queries:
        result = apply_retention(now=NOW, batch_rows=1000)
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert result["deleted"] == expected == 265 * 24  # 1 January to 22 September
    assert len(deletes) == math.ceil(expected / 1000) + (1 if expected % 1000 == 0 else 0)
    assert all("datastream_id" in sql and "hub_observation" in sql for sql in deletes)
    assert raw_count(streams["pm25"]) == HOURS - expected


def test_rollups_stay_exact_after_retention(streams):
    AssetType.objects.filter(code="air-station").update(retention_days=90)
    apply_retention(now=NOW)
    ds = streams["pm25"]
    normaliser = Normaliser(Principal.system("test"), now=NOW)
    old = {"asset": "kk-di-an", "quantity": "pm25", "time": "2025-09-01T08:00:00+07:00", "value": 99}
    fix = {"asset": "kk-di-an", "quantity": "pm25", "time": "2025-10-03T08:00:00+07:00", "value": 99}
    readings, errors = normaliser.rows([old, fix])
    assert [e["code"] for e in errors] == ["too_old"]  # ingest refuses what retention would delete
    with transaction.atomic():
        assert store(readings, source="test").replaced == 1
    hour = HourlyRollup.objects.get(datastream=ds, bucket=parse_time("2025-10-03T08:00:00+07:00"))
    assert (hour.n, hour.total) == (1, 99)
    day = DailyRollup.objects.get(datastream=ds, bucket=day_bucket(parse_time("2025-10-03T08:00:00+07:00")))
    kept = Observation.objects.filter(datastream=ds, t__gte=day.bucket, t__lt=day.bucket + DAY)
    assert day.n == kept.count() == 24 and day.total == pytest.approx(sum(kept.values_list("value", flat=True)))
    old_day = DailyRollup.objects.get(datastream=ds, bucket=day_bucket(parse_time("2025-09-01T08:00:00+07:00")))
    assert old_day.n == 24  # the daily history stays after its raw rows are gone


def test_optional_hourly_rollup_retention_keeps_daily_rollups(streams, settings):
    settings.HUB_HOURLY_ROLLUP_RETENTION_DAYS = 200
    AssetType.objects.filter(code="air-station").update(retention_days=90)
    days_before = DailyRollup.objects.count()
    result = apply_retention(now=NOW)
    hourly_cutoff = cutoff_for(200, NOW)
    assert result["hourly_rollups_deleted"] == 2 * (hourly_cutoff - YEAR_START) // HOUR
    assert not HourlyRollup.objects.filter(datastream=streams["pm25"], bucket__lt=hourly_cutoff).exists()
    assert HourlyRollup.objects.filter(datastream=streams["ph"]).count() == HOURS  # no raw retention: hours kept
    assert DailyRollup.objects.count() == days_before
    settings.HUB_HOURLY_ROLLUP_RETENTION_DAYS = 10  # shorter than the raw retention: never past the raw cutoff
    apply_retention(now=NOW)
    assert HourlyRollup.objects.filter(datastream=streams["pm25"]).count() == (END - cutoff_for(90, NOW)) // HOUR


def test_command_reports_dry_run_and_real_run(streams):
    AssetType.objects.filter(code="air-station").update(retention_days=90)
    cutoff = cutoff_for(90, int(time.time()))  # the command works on the real clock
    expected = 2 * min(HOURS, max(0, (cutoff - YEAR_START) // HOUR))
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert f"{expected:,}" in out.getvalue() and "kk-di-an" in out.getvalue()
    assert Observation.objects.count() == 3 * HOURS
    out = io.StringIO()
    call_command("retention", stdout=out)  # real time: all of 2025 older than 90 days is deleted
    deleted = 3 * HOURS - Observation.objects.count()
    assert deleted == expected > 0 and f"{deleted:,}" in out.getvalue()
    assert raw_count(streams["ph"]) == HOURS


def test_the_nightly_task_runs_at_half_past_two_local_time(streams):
    from smartcity.hub.tasks import apply_retention_daily

    utc = apply_retention_daily.huey.utc
    at_0230_local = datetime(2026, 3, 10, 19, 30) if utc else datetime(2026, 3, 11, 2, 30, tzinfo=LOCAL_TZ).astimezone().replace(tzinfo=None)
    task = apply_retention_daily.task_class()
    assert task.validate_datetime(at_0230_local)
    assert not task.validate_datetime(at_0230_local.replace(minute=31))
    assert not task.validate_datetime(at_0230_local.replace(hour=2) if utc else at_0230_local.replace(hour=19))
    AssetType.objects.filter(code="air-station").update(retention_days=30)
    result = apply_retention_daily.call_local()
    assert result["deleted"] == 2 * HOURS - Observation.objects.filter(datastream__quantity_id__in=["pm25", "pm10"]).count() > 0

"""The write path: idempotent, corrections counted, rollups exact under any arrival order."""
import math
import random

import pytest
from django.db import connection, transaction

from smartcity.hub.models import Correction, DailyRollup, Datastream, HourlyRollup, Latest, Observation
from smartcity.hub.store import store
from smartcity.hub.timebase import day_bucket, hour_bucket

T0 = 1_763_856_000  # 2025-11-23T00:00:00Z


@pytest.fixture
def streams(make_asset):
    asset = make_asset("kk-thu-dau-mot")
    return [Datastream.objects.create(asset=asset, quantity_id=q, unit="µg/m³") for q in ("pm25", "pm10")]


def write(rows, source="test"):
    with transaction.atomic():
        return store(rows, source)


def expected_rollups(ds_id, bucket_fn):
    out = {}
    for o in Observation.objects.filter(datastream_id=ds_id, status=0).exclude(value=None):
        agg = out.setdefault(bucket_fn(o.t), [0, 0.0, math.inf, -math.inf])
        agg[0] += 1
        agg[1] += o.value
        agg[2] = min(agg[2], o.value)
        agg[3] = max(agg[3], o.value)
    return out


def stored_rollups(model, ds_id):
    return {r.bucket: [r.n, r.total, r.vmin, r.vmax] for r in model.objects.filter(datastream_id=ds_id)}


def assert_rollups_exact(ds_id):
    for model, fn in ((HourlyRollup, hour_bucket), (DailyRollup, day_bucket)):
        want, got = expected_rollups(ds_id, fn), stored_rollups(model, ds_id)
        assert set(want) == set(got), model.__name__
        for bucket, (n, total, lo, hi) in want.items():
            g = got[bucket]
            assert g[0] == n and math.isclose(g[1], total, rel_tol=1e-9) and g[2] == lo and g[3] == hi, (model.__name__, bucket)


def test_new_duplicate_and_correction(streams):
    ds = streams[0].id
    rows = [(ds, T0 + i * 300, 20.0 + i, 0, None, None) for i in range(24)]
    assert write(rows).as_dict() == {"stored": 24, "replaced": 0, "unchanged": 0}
    assert write(rows).as_dict() == {"stored": 0, "replaced": 0, "unchanged": 24}
    fixed = [(ds, T0 + 300, 99.5, 0, None, None)]
    assert write(fixed, "http:kiểm-định").as_dict() == {"stored": 0, "replaced": 1, "unchanged": 0}
    assert Observation.objects.get(datastream_id=ds, t=T0 + 300).value == 99.5
    corr = Correction.objects.get()
    assert (corr.old_value, corr.new_value, corr.source) == (21.0, 99.5, "http:kiểm-định")
    assert Observation.objects.filter(datastream_id=ds).count() == 24
    assert_rollups_exact(ds)


def test_latest_is_the_newest_reading_whatever_the_order(streams):
    ds = streams[0].id
    write([(ds, T0 + 600, 30.0, 0, None, None)])
    write([(ds, T0 + 300, 25.0, 0, None, None)])  # late, older: latest unchanged
    latest = Latest.objects.get(datastream_id=ds)
    assert (latest.t, latest.value) == (T0 + 600, 30.0)
    write([(ds, T0 + 600, 31.0, 1, None, None)])  # correction of the latest itself
    latest.refresh_from_db()
    assert (latest.value, latest.status) == (31.0, 1)


@pytest.mark.parametrize("copy_min", [0, 100_000], ids=["deltas-by-copy", "deltas-by-upserts"])
def test_rollups_exact_under_shuffled_late_duplicate_and_corrected_data(streams, copy_min, monkeypatch):
    """(PostgreSQL writes a batch's deltas by COPY and merges, or by upserts when they are
    few: both ways are run here; SQLite has one way.)"""
    from smartcity.hub import store as store_module

    monkeypatch.setattr(store_module, "PG_DELTA_COPY_MIN", copy_min)
    rnd = random.Random(2018)
    ds_a, ds_b = streams[0].id, streams[1].id
    truth = {}
    rows = []
    for ds in (ds_a, ds_b):
        for i in range(600):  # a little over two local days of 5-minute data
            t = T0 + i * 300
            value = round(rnd.uniform(5, 150), 2)
            status = 0 if rnd.random() > 0.05 else rnd.choice([1, 2])
            rows.append((ds, t, value, status, None, None))
    rnd.shuffle(rows)
    # arrive in random batches, with some rows sent twice and some corrected later
    i = 0
    while i < len(rows):
        n = rnd.randint(1, 150)
        batch = rows[i:i + n]
        batch += rnd.sample(rows[:i + n], min(10, i + n))  # duplicates of already-sent rows
        write(batch)
        i += n
    corrections = rnd.sample(rows, 80)
    for ds, t, value, status, _, _ in corrections:
        new_status = rnd.choice([0, 0, 0, 2])
        write([(ds, t, value * 1.5, new_status, None, None)])
        truth[(ds, t)] = (value * 1.5, new_status)
    for ds in (ds_a, ds_b):
        assert Observation.objects.filter(datastream_id=ds).count() == 600
        assert_rollups_exact(ds)
    for (ds, t), (value, status) in truth.items():
        o = Observation.objects.get(datastream_id=ds, t=t)
        assert (o.value, o.status) == (value, status)


def test_status_change_to_error_removes_reading_from_rollups(streams):
    ds = streams[0].id
    write([(ds, T0, 10.0, 0, None, None), (ds, T0 + 60, 20.0, 0, None, None)])
    write([(ds, T0 + 60, 20.0, 2, None, None)])
    hour = HourlyRollup.objects.get(datastream_id=ds)
    assert (hour.n, hour.total, hour.vmax) == (1, 10.0, 10.0)
    write([(ds, T0, 10.0, 2, None, None)])
    assert not HourlyRollup.objects.filter(datastream_id=ds).exists()
    assert not DailyRollup.objects.filter(datastream_id=ds).exists()


def test_local_day_boundaries(streams):
    ds = streams[0].id
    # 16:59Z and 17:00Z are 23:59 and 00:00 in Binh Duong: two different local days
    midnight_local = T0 + 17 * 3600
    write([(ds, midnight_local - 60, 1.0, 0, None, None), (ds, midnight_local, 2.0, 0, None, None)])
    assert sorted(DailyRollup.objects.filter(datastream_id=ds).values_list("bucket", flat=True)) == [midnight_local - 86400, midnight_local]


def test_located_observation_without_value(streams):
    ds = streams[0].id
    write([(ds, T0, None, 0, 10.9804, 106.6519)])
    o = Observation.objects.get(datastream_id=ds, t=T0)
    assert (o.value, o.lat, o.lon) == (None, 10.9804, 106.6519)
    assert not HourlyRollup.objects.exists()
    assert Latest.objects.get(datastream_id=ds).lat == 10.9804


@pytest.mark.django_db(transaction=True)
def test_store_refuses_to_run_outside_a_transaction(streams):
    with pytest.raises(RuntimeError):
        store([(streams[0].id, T0, 1.0, 0, None, None)])


def test_same_key_twice_in_one_batch_last_wins(streams):
    ds = streams[0].id
    assert write([(ds, T0, 1.0, 0, None, None), (ds, T0, 2.0, 0, None, None)]).stored == 1
    assert Observation.objects.get(datastream_id=ds, t=T0).value == 2.0
    assert connection.vendor in ("sqlite", "postgresql")


def test_deleting_an_asset_anywhere_removes_its_readings(streams, make_asset):
    """The purge hangs on the model, not on a door: an ORM delete (shell, cascade) cleans up too."""
    other = Datastream.objects.create(asset=make_asset("kk-ben-cat"), quantity_id="pm25", unit="µg/m³")
    write([(d.id, T0 + i * 300, 30.0, 0, None, None) for d in (*streams, other) for i in range(24)])
    streams[0].asset.delete()
    gone = [d.id for d in streams]
    for model in (Observation, HourlyRollup, DailyRollup, Latest):
        assert not model.objects.filter(datastream_id__in=gone).exists(), model.__name__
    assert Observation.objects.filter(datastream_id=other.id).count() == 24
    assert HourlyRollup.objects.filter(datastream_id=other.id).exists()

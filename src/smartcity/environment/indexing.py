"""Indices computed as data arrives (Django side): hourly VN_AQI and US AQI, daily VN_AQI,
hourly VN_WQI, stored as IndexValue rows and as hub readings of the station's `aqi`,
`us_aqi` and `wqi` datastreams (so the hub's latest API, map and NGSI-LD show them).

The maths is `aqi.py` / `wqi.py`, used as they are; this module only feeds them hourly
means and stores the answers.

Time alignment (tested by hand-computed examples):
- the hub's hourly rollup bucket `b` is the hour's START (t - t % 3600);
- Decision 1459 labels an hourly value by the hour's END: the value "at 10:00" is the mean
  of 09:00-10:00, i.e. the rollup bucket 09:00. IndexValue.t = b + 3600 for hourly values;
- the decision's day runs over the hours ending 01:00 ... 00:00, i.e. the buckets 00:00 ...
  23:00 of the local day, which is exactly the hub's daily bucket. IndexValue.t of a daily
  value is the local midnight that ends the day.

An hourly mean counts when it holds at least 75 % of the expected readings of the hour
(the EPA's completeness rule; Decision 1459 gives no number). An hour is computed once it
is over: a reading of its last expected slot or of a later hour has arrived.

Flow: `index_hooks` marks (station, hour) dirty inside the ingest transaction (a durable
queue, IndexDirty); after commit a Huey task drains the queue within seconds, and a
periodic task every minute is the safety net. Each dirty hour recomputes itself and the 12
hours after it (NowCast reaches back 12 hours) and its day.
"""
import logging
import math
import time
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.utils import timezone

from smartcity.environment import aqi
from smartcity.hub.timebase import DAY, HOUR, day_bucket

logger = logging.getLogger("smartcity.environment.indexing")

AIR_KINDS = ("air", "mobile")
WATER_KINDS = ("surface-water",)
COMPLETENESS = 0.75
NOWCAST_HOURS = 12
HISTORY_HOURS = 24  # hours before a computed hour the maths may look at (SO2 24 h, O3/CO 8 h, NowCast 12 h)
SOURCE = "env-index"
VALID, SUSPECT = 0, 3


def _wqi():
    from smartcity.environment import wqi

    return wqi


# Automatic river stations measure pH and group IV (DO with temperature, COD, N-NH4, ...)
# continuously, never pesticides or metals: the decision's "3 of 5 groups" rule would
# never hold, so hourly WQI uses the 'group4' validity (group IV with >= 3 parameters).
WQI_VALIDITY = "group4"


def wqi_quantities() -> tuple:
    mod = _wqi()
    return tuple(p for g in mod.GROUPS.values() for p in g) + (mod.TEMPERATURE,)


def index_quantities(kind: str) -> tuple:
    """Hub quantities of a station kind that feed its indices."""
    if kind in AIR_KINDS:
        return aqi.PARAMETERS
    if kind in WATER_KINDS:
        return wqi_quantities()
    return ()


def hour_end(bucket: int) -> int:
    """Decision 1459 label (hour ending) of a hub hourly bucket (hour start)."""
    return bucket + HOUR


# ---------------------------------------------------------------- the dirty queue

def mark_dirty(station_hours: dict) -> None:
    """Queue (station id -> set of hourly buckets) for recomputation. Runs inside the
    ingest transaction, so the queue commits with the readings."""
    from smartcity.environment.models import IndexDirty

    now = time.time()
    rows = [IndexDirty(station_id=s, hour=h, marked=now) for s, hours in station_hours.items() for h in hours]
    if rows:
        IndexDirty.objects.bulk_create(rows, update_conflicts=True, unique_fields=["station", "hour"], update_fields=["marked"])


def _clusters(hours: list[int]) -> list[tuple[int, int]]:
    """Dirty buckets merged into ranges [first - 1 h, last + 12 h]: the hour before may
    have been closed by these readings, the 12 after depend on them through NowCast."""
    out = []
    for h in sorted(hours):
        lo, hi = h - HOUR, h + NOWCAST_HOURS * HOUR
        if out and lo <= out[-1][1] + HOUR:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def process_dirty(now: float | None = None) -> dict:
    """Drain the queue: recompute every dirty station hour. Returns a summary."""
    from smartcity.environment.models import IndexDirty, Station

    started = time.time()
    rows = list(IndexDirty.objects.values_list("id", "station_id", "hour"))
    by_station = defaultdict(list)
    for _id, s, h in rows:
        by_station[s].append(h)
    summary = {"stations": 0, "hours": 0, "written": 0}
    stations = Station.objects.select_related("asset").in_bulk(list(by_station))
    for sid, hours in by_station.items():
        station = stations.get(sid)
        if station is None:
            continue
        summary["stations"] += 1
        for lo, hi in _clusters(hours):
            try:
                out = compute_station(station, lo, hi)
            except Exception:
                logger.exception("index computation failed for station %s hours %s-%s", station.code, lo, hi)
                continue
            summary["hours"] += out["hours"]
            summary["written"] += out["written"]
    if rows:
        IndexDirty.objects.filter(id__in=[r[0] for r in rows], marked__lt=started).delete()
    return summary


def recompute(station, start: int, end: int) -> dict:
    """(Re)compute all indices of a station for the hours whose buckets lie in
    [start, end] (UTC seconds; NowCast followers of the range included). The function the
    CLI, the demo and repairs call; `tasks.recompute_station_task` runs it in the worker."""
    from smartcity.environment.models import Station

    if not isinstance(station, Station):
        station = Station.objects.select_related("asset").get(pk=station)
    start = start - start % HOUR
    return compute_station(station, start - HOUR, end - end % HOUR + NOWCAST_HOURS * HOUR)


# ---------------------------------------------------------------- computation

def _streams(station, quantities) -> dict:
    return dict(station.asset.datastreams.filter(quantity_id__in=list(quantities)).values_list("quantity_id", "id"))


def _target_stream(station, quantity: str) -> int:
    from smartcity.hub import registry
    from smartcity.hub.models import Datastream

    ds, _ = Datastream.objects.get_or_create(
        asset=station.asset, quantity_id=quantity,
        defaults={"unit": registry.QUANTITIES[quantity].unit, "expected_interval_s": HOUR})
    return ds.id


def hourly_means(ds_by_q: dict, lo: int, hi: int) -> tuple[dict, dict, np.ndarray]:
    """Hourly means of VALID readings per quantity for buckets lo..hi (inclusive), NaN where
    the hour holds fewer than 75 % of its expected readings. Also the counts."""
    from smartcity.hub.models import Datastream, HourlyRollup

    n_hours = (hi - lo) // HOUR + 1
    buckets = lo + HOUR * np.arange(n_hours, dtype=np.int64)
    intervals = dict(Datastream.objects.filter(id__in=list(ds_by_q.values())).values_list("id", "expected_interval_s"))
    q_by_ds = {v: k for k, v in ds_by_q.items()}
    means = {q: np.full(n_hours, np.nan) for q in ds_by_q}
    counts = {q: np.zeros(n_hours, dtype=np.int64) for q in ds_by_q}
    for ds, b, n, total in HourlyRollup.objects.filter(datastream_id__in=list(ds_by_q.values()), bucket__gte=lo, bucket__lte=hi) \
            .values_list("datastream_id", "bucket", "n", "total"):
        q = q_by_ds[ds]
        i = (b - lo) // HOUR
        counts[q][i] = n
        need = max(1, math.ceil(COMPLETENESS * HOUR / max(intervals.get(ds) or HOUR, 1) - 1e-9))
        if n >= need:
            means[q][i] = total / n
    return means, counts, buckets


def _last_closed_bucket(ds_by_q: dict) -> int | None:
    """The newest hourly bucket that is over: a reading of its last expected slot (or of a
    later hour) has arrived."""
    from smartcity.hub.models import Latest

    best = None
    for t, interval in Latest.objects.filter(datastream_id__in=list(ds_by_q.values())).values_list("t", "datastream__expected_interval_s"):
        b = (t + max(interval or 0, 1)) // HOUR * HOUR - HOUR  # hour whose end is covered
        best = b if best is None else max(best, b)
    return best


def _parts(res, i, means, idx_slice=None) -> dict:
    sub = {p: _num(v[i]) for p, v in res.sub.items()}
    conc = {p: _num(v[i]) for p, v in res.conc.items()}
    parts = {"sub": {k: v for k, v in sub.items() if v is not None},
             "conc": {k: v for k, v in conc.items() if v is not None}}
    if means is not None:
        parts["inputs"] = {p: _num(v[i if idx_slice is None else idx_slice]) for p, v in means.items()}
        parts["inputs"] = {k: v for k, v in parts["inputs"].items() if v is not None}
    if res.beyond is not None and bool(res.beyond[i]):
        parts["beyond"] = True
    return parts


def _num(x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(x):
        return None
    return round(x, 4)


def compute_station(station, lo: int, hi: int) -> dict:
    """Compute and store the indices of one station for hourly buckets lo..hi (inclusive,
    clipped to hours that are over). Idempotent: unchanged values write nothing."""
    from smartcity.environment.models import IndexKind

    if station.kind in AIR_KINDS:
        kinds = (IndexKind.VN_AQI_HOURLY, IndexKind.US_AQI_HOURLY, IndexKind.VN_AQI_DAILY)
    elif station.kind in WATER_KINDS:
        kinds = (IndexKind.VN_WQI,)
    else:
        return {"hours": 0, "written": 0}
    ds_by_q = _streams(station, index_quantities(station.kind))
    if not ds_by_q:
        return {"hours": 0, "written": 0}
    closed = _last_closed_bucket(ds_by_q)
    if closed is None:
        return {"hours": 0, "written": 0}
    hi = min(hi, closed)
    if hi < lo:
        return {"hours": 0, "written": 0}
    values = {}  # (kind, t) -> (value|None, dominant, band, parts)
    if station.kind in AIR_KINDS:
        first = lo - HISTORY_HOURS * HOUR
        means, _counts, buckets = hourly_means(ds_by_q, first, hi)
        vn = aqi.vn_hourly(means)
        us = aqi.us_hourly(means)
        for i, b in enumerate(buckets):
            if b < lo:
                continue
            t = hour_end(int(b))
            for kind, res, band in ((IndexKind.VN_AQI_HOURLY, vn, aqi.band_vn), (IndexKind.US_AQI_HOURLY, us, aqi.band_us)):
                v = res.aqi[i]
                if np.isnan(v):
                    values[(kind, t)] = None
                else:
                    b_ = band(float(v))
                    values[(kind, t)] = (int(v), str(res.dominant[i]), b_.code if b_ else "", _parts(res, i, means))
        values.update(_daily(ds_by_q, lo, hi))
    else:
        values.update(_wqi_hourly(station, ds_by_q, lo, hi))
    with transaction.atomic():
        written = _save(station, kinds, values)
    return {"hours": (hi - lo) // HOUR + 1, "written": written}


def _daily(ds_by_q, lo, hi) -> dict:
    """Daily VN_AQI of the local days whose last hour (bucket 23:00, ending 00:00) is in
    lo..hi or whose hours changed; a day is computed only once it is over."""
    from smartcity.environment.models import IndexKind

    first_day = day_bucket(lo)
    last_day = day_bucket(hi)
    if hi < last_day + DAY - HOUR:  # the last day is not over yet
        last_day -= DAY
    if last_day < first_day:
        return {}
    start = first_day - DAY  # one day of history for the O3 8-hour windows
    end = last_day + DAY - HOUR
    means, _c, _b = hourly_means(ds_by_q, start, end)
    res = aqi.vn_daily(means, start_hour=1)
    out = {}
    for j in range(res.aqi.shape[-1]):
        day = start + j * DAY
        if day < first_day or day > last_day:
            continue
        t = day + DAY
        v = res.aqi[j]
        if np.isnan(v):
            out[(IndexKind.VN_AQI_DAILY, t)] = None
        else:
            b_ = aqi.band_vn(float(v))
            out[(IndexKind.VN_AQI_DAILY, t)] = (int(v), str(res.dominant[j]), b_.code if b_ else "", _parts(res, j, None))
    return out


def _wqi_hourly(station, ds_by_q, lo, hi) -> dict:
    """Hourly VN_WQI from the hour's means of VALID readings (same completeness rule)."""
    from smartcity.environment.models import IndexKind

    mod = _wqi()
    means, _c, buckets = hourly_means(ds_by_q, lo, hi)
    res = mod.vn_wqi(means, mod.WqiOptions(validity=WQI_VALIDITY))
    out = {}
    for i, b in enumerate(buckets):
        t = hour_end(int(b))
        v = res.wqi[i]
        if np.isnan(v):
            out[(IndexKind.VN_WQI, t)] = None
            continue
        parts = {"groups": {k: x for k, g in res.groups.items() if (x := _num(g[i])) is not None},
                 "sub": {k: x for k, g in res.sub.items() if (x := _num(g[i])) is not None},
                 "inputs": {q: x for q, m in means.items() if (x := _num(m[i])) is not None},
                 "formula": str(res.formula[i])}
        out[(IndexKind.VN_WQI, t)] = (int(v), "", str(res.band[i]), parts)
    return out


HUB_STREAM = {"vn_aqi_h": "aqi", "us_aqi_h": "us_aqi", "vn_wqi": "wqi"}


def _save(station, kinds, values: dict) -> int:
    """Upsert IndexValue rows and the hub readings of the headline indices."""
    from smartcity.environment.models import IndexValue
    from smartcity.hub import store

    if not values:
        return 0
    ts = [t for _k, t in values]
    existing = {(iv.kind, iv.t): iv for iv in IndexValue.objects.filter(station=station, kind__in=kinds, t__gte=min(ts), t__lte=max(ts))}
    create, update, delete, hub_rows = [], [], [], defaultdict(list)
    for (kind, t), val in values.items():
        old = existing.get((kind, t))
        if val is None:
            if old is not None:
                delete.append(old.pk)
                if kind in HUB_STREAM:
                    hub_rows[HUB_STREAM[kind]].append((t, None, SUSPECT))
            continue
        value, dominant, band, parts = val
        if old is None:
            create.append(IndexValue(station=station, kind=kind, t=t, value=value, dominant=dominant, band=band, parts=parts))
        elif (old.value, old.dominant, old.band, old.parts) != (value, dominant, band, parts):
            old.value, old.dominant, old.band, old.parts = value, dominant, band, parts
            old.computed_at = timezone.now()
            update.append(old)
        else:
            continue
        if kind in HUB_STREAM:
            hub_rows[HUB_STREAM[kind]].append((t, float(value), VALID))
    if delete:
        IndexValue.objects.filter(pk__in=delete).delete()
    if create:
        IndexValue.objects.bulk_create(create)
    if update:
        IndexValue.objects.bulk_update(update, ["value", "dominant", "band", "parts", "computed_at"])
    for quantity, rows in hub_rows.items():
        ds = _target_stream(station, quantity)
        store.store([(ds, t, v, s, None, None) for t, v, s in rows], source=SOURCE)
    return len(create) + len(update) + len(delete)

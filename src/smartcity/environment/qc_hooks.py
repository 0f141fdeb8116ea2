"""Quality control on ingest: the checks of `qc.py` run on every stored batch of station
readings, inside the store's transaction, over the batch plus its recent context.

A failed check writes a QcFlag and turns the reading SUSPECT through the hub's own store
(as a correction, source "qc"), so the hub recomputes the hour and day rollups from raw
rows and its latest state: rollups, indices and limit checks see VALID readings only.
Hooks registered after this one (indices, limits) receive the batch with the new status:
the flagged rows of `written` are replaced in place.

Staff decisions (`confirm`, `override`) are kept in the flag's history (who, when, note).
"""
import logging
import threading
from collections import defaultdict

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from smartcity.environment import qc
from smartcity.hub.timebase import iso

logger = logging.getLogger("smartcity.environment.qc")

VALID, SUSPECT = 0, 3
SOURCE = "qc"
_local = threading.local()  # set while the checks write their own corrections


def _context_s(quantity: str, interval: int) -> int:
    """How far before (and after) a batch the checks must look."""
    flat = qc.FLATLINE_RULES.get(quantity, (0, 0))[0]
    return flat + (qc.GAP_FACTOR + 1) * max(interval, 60)


def station_streams(ds_ids) -> dict:
    """Datastreams among these that belong to a monitoring station:
    id -> (station_id, station kind, quantity, expected interval, owner id).
    Inside a `hub.store.batch()` (many station files in one transaction) the answer is
    kept for the batch: QC and the index queue ask it for every file."""
    from smartcity.hub import store

    b = store.current_batch()
    if b is None:
        return _station_streams(ds_ids)
    cache = b.cache("environment.station_streams")
    missing = [ds for ds in ds_ids if ds not in cache]
    if missing:
        found = _station_streams(missing)
        for ds in missing:
            cache[ds] = found.get(ds)
    return {ds: cache[ds] for ds in ds_ids if cache[ds] is not None}


def _station_streams(ds_ids) -> dict:
    """One plain SQL join (the ORM built this query for longer than it ran)."""
    from smartcity.environment.models import Station
    from smartcity.hub.models import Asset, Datastream

    ids = list(ds_ids)
    if not ids:
        return {}
    out = {}
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            cur.execute(f"SELECT d.id, s.id, s.kind, d.quantity_id, d.expected_interval_s, a.owner_id "
                        f"FROM {Datastream._meta.db_table} d JOIN {Asset._meta.db_table} a ON a.id = d.asset_id "
                        f"JOIN {Station._meta.db_table} s ON s.asset_id = a.id WHERE d.id IN ({','.join(['%s'] * len(part))})", part)
            out.update((r[0], tuple(r[1:])) for r in cur.fetchall())
    return out


def _flags_in(ds_ids, lo: int, hi: int) -> dict:
    """QcFlags of these datastreams in [lo, hi] by (ds, t, rule). Most windows hold none:
    a bare existence query answers that before the ORM builds model instances."""
    from smartcity.environment.models import QcFlag

    ids = list(ds_ids)
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {QcFlag._meta.db_table} WHERE datastream_id IN ({','.join(['%s'] * len(ids))}) "
                    f"AND t >= %s AND t <= %s LIMIT 1", [*ids, lo, hi])
        if cur.fetchone() is None:
            return {}
    return {(f.datastream_id, f.t, f.rule): f for f in QcFlag.objects.filter(datastream_id__in=ids, t__gte=lo, t__lte=hi)}


def _readings(ds_windows: dict) -> dict:
    """ds -> list of (t, value, status, lat, lon) in its window, oldest first (one query)."""
    out = defaultdict(list)
    if not ds_windows:
        return out
    lo = min(w[0] for w in ds_windows.values())
    hi = max(w[1] for w in ds_windows.values())
    ids = list(ds_windows)
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cur:
        cur.execute(f"SELECT datastream_id, t, value, status, lat, lon FROM hub_observation WHERE datastream_id IN ({marks}) "
                    f"AND t >= %s AND t <= %s ORDER BY datastream_id, t", [*ids, lo, hi])
        for ds, t, v, s, la, lo_ in cur.fetchall():
            w = ds_windows[ds]
            if w[0] <= t <= w[1]:
                out[ds].append((t, v, s, la, lo_))
    return out


def _previous_t(ds: int, before: int) -> int | None:
    with connection.cursor() as cur:
        cur.execute("SELECT MAX(t) FROM hub_observation WHERE datastream_id = %s AND t < %s", [ds, before])
        row = cur.fetchone()
    return row[0] if row else None


def on_store(written, result) -> None:
    """hub.store.after_store hook. Cheap when the batch has no VALID station readings."""
    if getattr(_local, "busy", False) or not written:
        return
    valid_ds = {row[0] for row in written if row[3] == VALID and row[0]}
    if not valid_ds:
        return
    meta = station_streams(valid_ds)
    meta = {ds: m for ds, m in meta.items() if m[2] not in qc.NOT_CHECKED}
    if not meta:
        return
    _local.busy = True
    try:
        with transaction.atomic():  # a savepoint: a failing check never costs the readings
            suspects = check_batch(written, meta)
    except Exception:
        logger.exception("quality control failed for datastreams %s; readings are stored unchecked", sorted(meta)[:20])
        return
    finally:
        _local.busy = False
    if suspects:
        for i, row in enumerate(written):
            if (row[0], row[1]) in suspects:
                written[i] = (row[0], row[1], row[2], SUSPECT, row[4], row[5])


def check_batch(written, meta: dict) -> set:
    """Run the checks for the written rows of these station datastreams; write flags and
    turn the flagged readings SUSPECT. Returns the (ds, t) keys made SUSPECT."""
    from smartcity.environment.models import FlagState, QcFlag
    from smartcity.hub import store

    batch_t = defaultdict(list)
    for row in written:
        if row[0] in meta:
            batch_t[row[0]].append(row[1])
    windows = {}
    for ds, ts in batch_t.items():
        ctx = _context_s(meta[ds][2], meta[ds][3])
        windows[ds] = (min(ts) - ctx, max(ts) + ctx)
    readings = _readings(windows)
    lo = min(w[0] for w in windows.values())
    hi = max(w[1] for w in windows.values())
    flags = _flags_in(windows, lo, hi)
    # staff judged these readings valid: no check flags them again while the value stands
    vouched = {(f.datastream_id, f.t): f.value for f in flags.values() if f.state == FlagState.OVERRIDDEN}
    new_flags, changed, to_suspect = [], [], {}
    written_keys = {(row[0], row[1]) for row in written}
    for ds, rows in readings.items():
        if not rows:
            continue
        station_id, kind, quantity, interval, _owner = meta[ds]
        t = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        v = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
        s = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
        hits = qc.run_checks(t, v, s == VALID, (s == VALID) | (s == SUSPECT), quantity, kind, interval)
        hit_keys = set()
        for h in hits:
            ti, vi = int(t[h.index]), float(v[h.index])
            key = (ds, ti, h.rule)
            hit_keys.add(key)
            if h.rule != qc.MISSING and vouched.get((ds, ti), object()) == vi:
                continue
            f = flags.get(key)
            if f is None:
                f = QcFlag(datastream_id=ds, t=ti, rule=h.rule, detail=h.detail[:255], value=vi, original_status=VALID)
                new_flags.append(f)
                flags[key] = f
            elif f.state in (FlagState.OVERRIDDEN, FlagState.CLEARED) or f.value != vi:
                # the station sent a new value that fails again: the flag is raised afresh
                f.state, f.value, f.detail, f.note = FlagState.RAISED, vi, h.detail[:255], ""
                f.decided_by, f.decided_at = None, None
                changed.append(f)
            r = rows[h.index]
            to_suspect[(ds, ti)] = (ds, ti, r[1], SUSPECT, r[3], r[4])
        # a re-sent reading whose new value passes the range check loses its raised range flag
        for (fds, ft, rule), f in flags.items():
            if fds == ds and rule == qc.RANGE and f.state == FlagState.RAISED and (ds, ft) in written_keys \
                    and (ds, ft, rule) not in hit_keys and f.pk:
                f.state, f.note = FlagState.CLEARED, "new value passes the check"
                changed.append(f)
        if qc.gaps_checked(kind):
            _gap_flags(ds, t, windows[ds], rows, interval, flags, new_flags, changed, batch_t[ds])
    if new_flags:
        bulk_create_with_history(new_flags, QcFlag, default_change_reason="raised by the checks")
    for f in changed:
        f.save()
    # readings that are VALID now but carry an active flag become SUSPECT
    rows = []
    for key, row in to_suspect.items():
        current = next((r for r in readings[key[0]] if r[0] == key[1]), None)
        if current is not None and current[2] == VALID:
            rows.append(row)
    if rows:
        store.store(rows, source=SOURCE)
    return {(r[0], r[1]) for r in rows}


def _gap_flags(ds, t, window, rows, interval, flags, new_flags, changed, batch_times):
    """Gaps longer than GAP_FACTOR intervals: one information flag on the reading after
    the gap (it stays VALID). A late reading that fills a gap clears or shortens it."""
    from smartcity.environment.models import FlagState, QcFlag

    times = t
    if len(t) and int(t[0]) in set(batch_times):  # nothing before the batch in the window
        prev = _previous_t(ds, int(t[0]))
        if prev is not None:
            times = np.concatenate([[prev], t])
    gaps = {b: a for a, b in qc.find_gaps(times, interval)}
    value_at = {r[0]: r[1] for r in rows}
    for b, a in gaps.items():
        key = (ds, b, qc.MISSING)
        detail = f"no data for {(b - a) // 60} min after {iso(a)[:16].replace('T', ' ')}"
        f = flags.get(key)
        if f is None:
            f = QcFlag(datastream_id=ds, t=b, rule=qc.MISSING, detail=detail, value=value_at.get(b), since=a, original_status=VALID)
            new_flags.append(f)
            flags[key] = f
        elif f.since != a and f.state == FlagState.RAISED:
            f.since, f.detail = a, detail
            changed.append(f)
    for (fds, ft, rule), f in list(flags.items()):
        if fds == ds and rule == qc.MISSING and f.pk and f.state == FlagState.RAISED and ft not in gaps \
                and f.since is not None and f.since >= window[0] and window[0] <= ft <= window[1]:
            f.state, f.note = FlagState.CLEARED, "late data filled the gap"
            changed.append(f)


# ---------------------------------------------------------------- staff decisions

class DecisionError(Exception):
    """The flag is not in a state that allows this decision."""


def decide(flag, user, action: str, note: str = ""):
    """Confirm (the reading stays SUSPECT) or override (the reading is VALID again, unless
    another active flag still holds it) a flag. The flag's history keeps who, when, why.
    The caller checks the permission (core.permissions.can_change on the flag)."""
    from smartcity.environment.models import ACTIVE_FLAG_STATES, FlagState, QcFlag
    from smartcity.hub import store
    from smartcity.hub.models import Observation

    if action not in ("confirm", "override"):
        raise DecisionError(f"unknown action {action!r}: use confirm or override")
    with transaction.atomic():
        flag = QcFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.state == FlagState.CLEARED:
            raise DecisionError("this flag was cleared by newer data; nothing to decide")
        flag.state = FlagState.CONFIRMED if action == "confirm" else FlagState.OVERRIDDEN
        flag.decided_by, flag.decided_at, flag.note = user, timezone.now(), note
        flag._change_reason = f"{action}: {note}"[:100]
        flag._history_user = user
        flag.save()
        obs = Observation.objects.filter(datastream_id=flag.datastream_id, t=flag.t).first()
        if obs is None or flag.rule == qc.MISSING:
            return flag
        others = QcFlag.objects.filter(datastream_id=flag.datastream_id, t=flag.t, state__in=ACTIVE_FLAG_STATES) \
            .exclude(rule=qc.MISSING).exists()
        want = SUSPECT if others else VALID
        if want != obs.status and obs.status in (VALID, SUSPECT):
            store.store([(flag.datastream_id, flag.t, obs.value, want, obs.lat, obs.lon)],
                         source=f"qc-{action}:{getattr(user, 'username', '')}"[:120])
    return flag


def register() -> None:
    """Called once from EnvironmentConfig.ready()."""
    from smartcity.hub import store

    if on_store not in store._AFTER_STORE:
        store.after_store(on_store, order=10)  # before alerts and limits judge the readings

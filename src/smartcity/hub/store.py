"""The hub's write path: one bulk write of normalised readings, idempotent on
(datastream, t), keeping latest state and hourly/daily rollups exact.

Rows are tuples (datastream_id, t, value, status, lat, lon). Call `store` inside
`transaction.atomic()`; the caller acknowledges (HTTP 2xx, MQTT PUBACK) only after commit.

How the rollups stay exact:
- a reading that is new adds itself to its hour and day (n, sum, min, max are additive);
- a duplicate (same value and status) changes nothing;
- a correction recomputes its hour from the raw rows and its day from the hours.
Only VALID numeric readings enter rollups.
"""
import math
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

from smartcity.hub.timebase import DAY_OFFSET, DAY, HOUR

VALID = 0
# hooks called after a batch is written, inside the transaction: fn(rows_written, result).
# A hook treats each datastream on its own (what it does for one datastream's rows does
# not depend on the other datastreams of the call): callers may then merge the batches of
# different senders (station files of different stations) into one call.
_AFTER_STORE = []


_ORDER: dict = {}


def after_store(fn, order: int = 100):
    """Register a callback (alert rules, domain evaluators) run on every stored batch.
    Lower `order` runs first: quality control (which may mark readings SUSPECT) goes
    before the hooks that judge readings (alerts, limits), whatever the app order."""
    _ORDER[fn] = order
    _AFTER_STORE.append(fn)
    _AFTER_STORE.sort(key=lambda f: _ORDER.get(f, 100))  # stable: same order keeps registration order
    return fn


# -- batches of store() calls in one transaction ------------------------------------------------
_batch_local = threading.local()


class Batch:
    """Many `store()` calls in one transaction (a backfill or an inbox pass storing each
    station file in its own savepoint). Hooks still run on every call, but may keep
    caches of what does not change during the transaction (`cache`) and defer work whose
    result does not depend on the order of the calls (`at_end`, e.g. a queue of dirty
    hours) to the end of the batch, which runs inside the transaction before commit.
    A rolled-back savepoint may leave deferred work behind: it must be harmless to redo."""

    def __init__(self):
        self._caches: dict = {}
        self._state: dict = {}
        self._finishers: list = []

    def cache(self, key: str) -> dict:
        """A dict kept for the whole batch (facts that do not change in it)."""
        return self._caches.setdefault(key, {})

    def at_end(self, key: str, fn, factory=dict):
        """The state of deferred work `key` (created by `factory` on first use); `fn(state)`
        runs once at the end of the batch, in registration order."""
        if key not in self._state:
            self._state[key] = factory()
            self._finishers.append((fn, key))
        return self._state[key]

    def finish(self) -> None:
        for fn, key in self._finishers:
            fn(self._state[key])


def current_batch() -> Batch | None:
    """The active batch of this thread, or None (store() calls then stand alone)."""
    return getattr(_batch_local, "batch", None)


@contextmanager
def batch():
    """Group the store() calls of one transaction: `with transaction.atomic(), store.batch():`.
    On leaving it normally, deferred hook work runs (still inside the transaction); on an
    exception it is dropped with the transaction. Nested use joins the outer batch."""
    if current_batch() is not None:
        yield current_batch()
        return
    if not connection.in_atomic_block:
        raise RuntimeError("hub.store.batch() must run inside transaction.atomic()")
    b = Batch()
    _batch_local.batch = b
    try:
        yield b
        _batch_local.batch = None  # deferred work stores (if it does) as single calls
        b.finish()
    finally:
        _batch_local.batch = None


_batch_of_one = batch  # store() names its rows `batch`


@dataclass
class StoreResult:
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    datastreams: set = field(default_factory=set)
    written: list = field(default_factory=list)  # rows that were new or replaced
    replaced_keys: set = field(default_factory=set)  # (datastream, t) of the replaced ones

    def as_dict(self):
        return {"stored": self.stored, "replaced": self.replaced, "unchanged": self.unchanged}

    def add(self, other: "StoreResult"):
        self.stored += other.stored
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.datastreams |= other.datastreams


def _same(a, b) -> bool:
    return a == b or (a is None and b is None) or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


class _Sql:
    """The few statements that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"
        p = "%s" if self.pg else "?"
        self.p = p
        lo, hi = ("LEAST", "GREATEST") if self.pg else ("min", "max")
        self.insert_obs = f"INSERT INTO hub_observation (datastream_id, t, value, status, received, lat, lon) VALUES ({p},{p},{p},{p},{p},{p},{p})"
        self.update_obs = f"UPDATE hub_observation SET value={p}, status={p}, received={p}, lat={p}, lon={p} WHERE datastream_id={p} AND t={p}"
        self.insert_corr = (f"INSERT INTO hub_correction (datastream_id, t, old_value, new_value, old_status, new_status, source, at) "
                            f"VALUES ({p},{p},{p},{p},{p},{p},{p},{p})")
        self.upsert_latest = (
            f"INSERT INTO hub_latest (datastream_id, t, value, status, received, lat, lon) VALUES ({p},{p},{p},{p},{p},{p},{p}) "
            "ON CONFLICT (datastream_id) DO UPDATE SET t=excluded.t, value=excluded.value, status=excluded.status, "
            "received=excluded.received, lat=excluded.lat, lon=excluded.lon WHERE excluded.t >= hub_latest.t"
        )
        self.add_rollup = {
            table: (f"INSERT INTO {table} (datastream_id, bucket, n, total, vmin, vmax) VALUES ({p},{p},{p},{p},{p},{p}) "
                    f"ON CONFLICT (datastream_id, bucket) DO UPDATE SET n={table}.n+excluded.n, total={table}.total+excluded.total, "
                    f"vmin={lo}({table}.vmin, excluded.vmin), vmax={hi}({table}.vmax, excluded.vmax)")
            for table in ("hub_rollup_hour", "hub_rollup_day")
        }
        # PostgreSQL: per-batch deltas go through one COPY into a temporary table, then one
        # INSERT .. SELECT per target table (far cheaper than one statement per row)
        self.pg_temp = (
            "CREATE TEMP TABLE IF NOT EXISTS hub_tmp_delta (kind SMALLINT, datastream_id BIGINT, bucket BIGINT, n INT, "
            "total DOUBLE PRECISION, vmin DOUBLE PRECISION, vmax DOUBLE PRECISION, value DOUBLE PRECISION, status SMALLINT, "
            "received BIGINT, lat DOUBLE PRECISION, lon DOUBLE PRECISION) ON COMMIT DELETE ROWS"
        )
        self.pg_merge_rollup = {
            table: (f"INSERT INTO {table} (datastream_id, bucket, n, total, vmin, vmax) "
                    f"SELECT datastream_id, bucket, n, total, vmin, vmax FROM hub_tmp_delta WHERE kind = {kind} "
                    f"ON CONFLICT (datastream_id, bucket) DO UPDATE SET n={table}.n+excluded.n, total={table}.total+excluded.total, "
                    f"vmin=LEAST({table}.vmin, excluded.vmin), vmax=GREATEST({table}.vmax, excluded.vmax)")
            for table, kind in (("hub_rollup_hour", 1), ("hub_rollup_day", 2))
        }
        self.pg_merge_latest = (
            "INSERT INTO hub_latest (datastream_id, t, value, status, received, lat, lon) "
            "SELECT datastream_id, bucket, value, status, received, lat, lon FROM hub_tmp_delta WHERE kind = 3 "
            "ON CONFLICT (datastream_id) DO UPDATE SET t=excluded.t, value=excluded.value, status=excluded.status, "
            "received=excluded.received, lat=excluded.lat, lon=excluded.lon WHERE excluded.t >= hub_latest.t"
        )
        # PostgreSQL, small batches: one statement per table over arrays (one round trip
        # each, no temporary table, no per-row statement)
        obs_arrays = "unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::smallint[], %s::bigint[], %s::float8[], %s::float8[])"
        self.pg_insert_obs = f"INSERT INTO hub_observation (datastream_id, t, value, status, received, lat, lon) SELECT * FROM {obs_arrays}"
        self.pg_upsert_latest = (
            f"INSERT INTO hub_latest (datastream_id, t, value, status, received, lat, lon) SELECT * FROM {obs_arrays} "
            "ON CONFLICT (datastream_id) DO UPDATE SET t=excluded.t, value=excluded.value, status=excluded.status, "
            "received=excluded.received, lat=excluded.lat, lon=excluded.lon WHERE excluded.t >= hub_latest.t"
        )
        self.pg_add_rollup = {
            table: (f"INSERT INTO {table} (datastream_id, bucket, n, total, vmin, vmax) "
                    "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::float8[], %s::float8[], %s::float8[]) "
                    f"ON CONFLICT (datastream_id, bucket) DO UPDATE SET n={table}.n+excluded.n, total={table}.total+excluded.total, "
                    f"vmin=LEAST({table}.vmin, excluded.vmin), vmax=GREATEST({table}.vmax, excluded.vmax)")
            for table in ("hub_rollup_hour", "hub_rollup_day")
        }
        self.delete_bucket = {table: f"DELETE FROM {table} WHERE datastream_id={p} AND bucket={p}" for table in ("hub_rollup_hour", "hub_rollup_day")}
        self.recompute_hour = (
            f"INSERT INTO hub_rollup_hour (datastream_id, bucket, n, total, vmin, vmax) "
            f"SELECT datastream_id, {p}, COUNT(*), SUM(value), MIN(value), MAX(value) FROM hub_observation "
            f"WHERE datastream_id={p} AND t>={p} AND t<{p} AND status={VALID} AND value IS NOT NULL GROUP BY datastream_id"
        )
        self.recompute_day = (
            f"INSERT INTO hub_rollup_day (datastream_id, bucket, n, total, vmin, vmax) "
            f"SELECT datastream_id, {p}, SUM(n), SUM(total), MIN(vmin), MAX(vmax) FROM hub_rollup_hour "
            f"WHERE datastream_id={p} AND bucket>={p} AND bucket<{p} GROUP BY datastream_id"
        )


_SQL = {}


def _sql() -> _Sql:
    vendor = connection.vendor
    if vendor not in _SQL:
        _SQL[vendor] = _Sql(vendor)
    return _SQL[vendor]


def _existing(cur, sql: _Sql, keys: list[tuple[int, int]]) -> dict:
    """Stored rows for these (datastream, t) keys, by key."""
    found = {}
    chunk = 2000
    for i in range(0, len(keys), chunk):
        part = keys[i:i + chunk]
        if sql.pg:
            cur.execute(
                "SELECT o.datastream_id, o.t, o.value, o.status, o.lat, o.lon FROM hub_observation o "
                "JOIN unnest(%s::bigint[], %s::bigint[]) AS k(ds, t) ON o.datastream_id = k.ds AND o.t = k.t",
                ([int(k[0]) for k in part], [int(k[1]) for k in part]),  # one type per array
            )
        else:
            values = ",".join(["(?,?)"] * len(part))
            flat = [x for k in part for x in k]
            cur.execute(
                f"WITH k(ds, t) AS (VALUES {values}) SELECT o.datastream_id, o.t, o.value, o.status, o.lat, o.lon "
                "FROM k JOIN hub_observation o ON o.datastream_id = k.ds AND o.t = k.t", flat,
            )
        for ds, t, value, status, lat, lon in cur.fetchall():
            found[(ds, t)] = (value, status, lat, lon)
    return found


def _latest_times(cur, sql: _Sql, ds_ids) -> dict:
    ids = list(ds_ids)
    out = {}
    for i in range(0, len(ids), 5000):
        part = ids[i:i + 5000]
        if sql.pg:
            cur.execute("SELECT datastream_id, t FROM hub_latest WHERE datastream_id = ANY(%s)", (part,))
        else:
            cur.execute(f"SELECT datastream_id, t FROM hub_latest WHERE datastream_id IN ({','.join('?' * len(part))})", part)
        out.update(cur.fetchall())
    return out


def _pg_delta(cur, sql, rows):
    cur.execute(sql.pg_temp)
    with cur.copy("COPY hub_tmp_delta (kind, datastream_id, bucket, n, total, vmin, vmax, value, status, received, lat, lon) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _copy_new(cur, rows_with_received):
    with cur.copy("COPY hub_observation (datastream_id, t, value, status, received, lat, lon) FROM STDIN") as copy:
        for row in rows_with_received:
            copy.write_row(row)


def _cursor(sql: _Sql):
    """The driver's own cursor. On PostgreSQL a server-binding one: Django's connections
    bind client-side, which quotes every element of the arrays sent to unnest() in Python."""
    if sql.pg:
        import psycopg

        return psycopg.Cursor(connection.connection)
    return connection.connection.cursor()


def store(rows, source: str | dict = "api") -> StoreResult:
    """Write a batch of readings. Must run inside a transaction (the caller commits).
    `source` names the sender in the corrections log; a dict {datastream id: source}
    serves a call that merges the batches of several senders (station files of
    different stations written together)."""
    result = StoreResult()
    if not rows:
        return result
    if not connection.in_atomic_block:
        raise RuntimeError("hub.store.store() must run inside transaction.atomic()")
    sql = _sql()
    # the last reading wins when a batch holds the same key twice
    batch = {(row[0], row[1]): row for row in rows}
    ds_ids = {k[0] for k in batch}
    result.datastreams = ds_ids
    connection.ensure_connection()
    cur = _cursor(sql)
    try:
        if sql.pg:  # serialise writers per datastream: classification below stays true until commit
            cur.execute("SELECT id FROM hub_datastream WHERE id = ANY(%s) ORDER BY id FOR UPDATE", (sorted(ds_ids),))
        latest_t = _latest_times(cur, sql, ds_ids)
        # only readings not newer than a datastream's latest can already be stored
        maybe_old = [k for k in batch if k[1] <= latest_t.get(k[0], -2**62)]
        now = int(time.time())
        existing = _existing(cur, sql, maybe_old) if maybe_old else {}
        changed, corrections = [], []
        if not existing:  # the common case: nothing in this batch was stored before
            written = list(batch.values())
            new_plain = written
        else:
            new_plain, written = [], []
            for key, row in batch.items():
                old = existing.get(key)
                ds, t, value, status, lat, lon = row
                if old is None:
                    new_plain.append(row)
                    written.append(row)
                elif _same(old[0], value) and old[1] == status and _same(old[2], lat) and _same(old[3], lon):
                    result.unchanged += 1
                else:
                    changed.append((value, status, now, lat, lon, ds, t))
                    src = source.get(ds, "") if isinstance(source, dict) else source
                    corrections.append((ds, t, old[0], value, old[1], status, src[:120], _now_dt()))
                    result.replaced_keys.add(key)
                    written.append(row)
        new_rows = [(ds, t, v, s, now, la, lo) for ds, t, v, s, la, lo in new_plain]
        result.stored = len(new_rows)
        result.replaced = len(changed)
        result.written = written
        if new_rows:
            if sql.pg and len(new_rows) > 200:
                _copy_new(cur, new_rows)
            elif sql.pg:
                cur.execute(sql.pg_insert_obs, _columns(new_rows, _OBS_KINDS))
            else:
                cur.executemany(sql.insert_obs, new_rows)
        if changed:
            cur.executemany(sql.update_obs, changed)
            cur.executemany(sql.insert_corr, corrections)
        _write_latest_and_rollups(cur, sql, written, new_plain, latest_t, now)
        if changed:
            _recompute_rollups(cur, sql, [(c[5], c[6]) for c in changed])
    finally:
        cur.close()
    if _AFTER_STORE:
        if current_batch() is None:
            # a call on its own is a batch of one: the hooks share what they look up
            # (which datastreams are stations, which rules apply) instead of each asking
            with _batch_of_one():
                for hook in _AFTER_STORE:
                    hook(result.written, result)
        else:
            for hook in _AFTER_STORE:
                hook(result.written, result)
    return result


def _now_dt():
    """Correction time in the form each driver stores for a DateTimeField."""
    from django.utils import timezone

    now = timezone.now()
    if connection.vendor == "sqlite":
        return now.strftime("%Y-%m-%d %H:%M:%S.%f")  # what Django itself writes on SQLite (UTC)
    return now


def _aggregate(new_plain):
    """Hourly and daily (n, sum, min, max) of the VALID numeric readings among new rows."""
    groups = {}
    for ds, t, value, status, _la, _lo in new_plain:
        if status == VALID and value is not None:
            key = (ds, t - t % HOUR)
            g = groups.get(key)
            if g is None:
                groups[key] = [value]
            else:
                g.append(value)
    hours = {key: [len(g), sum(g), min(g), max(g)] for key, g in groups.items()}
    days = {}
    for (ds, hour), (n, total, lo, hi) in hours.items():
        local = hour + DAY_OFFSET
        key = (ds, local - local % DAY - DAY_OFFSET)
        d = days.get(key)
        if d is None:
            days[key] = [n, total, lo, hi]
        else:
            d[0] += n
            d[1] += total
            if lo < d[2]:
                d[2] = lo
            if hi > d[3]:
                d[3] = hi
    return hours, days


def _newest(written, latest_t):
    """Per datastream, the written reading that becomes its latest state (if any)."""
    best = {}
    for row in written:
        b = best.get(row[0])
        if b is None or row[1] > b[1]:
            best[row[0]] = row
    floor = -2**62
    return [row for ds, row in best.items() if row[1] >= latest_t.get(ds, floor)]


PG_DELTA_COPY_MIN = 1000


_OBS_KINDS = "iifiiff"  # datastream, t, value, status, received, lat, lon
_ROLLUP_KINDS = "iiifff"  # datastream, bucket, n, total, vmin, vmax


def _columns(rows, kinds: str) -> list[list]:
    """Rows as column lists, the parameters of an `unnest(...)` statement; each column of
    one Python type (`i` int, `f` float, None kept), as the driver sends an array whole."""
    if not rows:
        return [[] for _ in kinds]
    out = []
    for kind, col in zip(kinds, zip(*rows)):
        cast = int if kind == "i" else float
        out.append([None if v is None else cast(v) for v in col])
    return out


def _write_latest_and_rollups(cur, sql, written, new_plain, latest_t, now):
    newest = _newest(written, latest_t)
    hours, days = _aggregate(new_plain)
    # PostgreSQL, large batches: the deltas through one COPY and a merge per table; a small
    # batch (a bus position message, a station's reading) is cheaper as one upsert per
    # table over arrays (the per-datastream row locks taken above keep the order of
    # writers the same either way)
    if sql.pg and len(newest) + len(hours) + len(days) <= PG_DELTA_COPY_MIN:
        if newest:
            cur.execute(sql.pg_upsert_latest, _columns([(ds, t, v, s, now, la, lo) for ds, t, v, s, la, lo in newest], _OBS_KINDS))
        if hours:
            cur.execute(sql.pg_add_rollup["hub_rollup_hour"], _columns([(ds, b, *agg) for (ds, b), agg in hours.items()], _ROLLUP_KINDS))
            cur.execute(sql.pg_add_rollup["hub_rollup_day"], _columns([(ds, b, *agg) for (ds, b), agg in days.items()], _ROLLUP_KINDS))
        return
    if sql.pg:
        deltas = [(3, ds, t, None, None, None, None, v, s, now, la, lo) for ds, t, v, s, la, lo in newest]
        deltas += [(1, ds, b, *agg, None, None, None, None, None) for (ds, b), agg in hours.items()]
        deltas += [(2, ds, b, *agg, None, None, None, None, None) for (ds, b), agg in days.items()]
        if not deltas:
            return
        _pg_delta(cur, sql, deltas)
        if newest:
            cur.execute(sql.pg_merge_latest)
        if hours:
            cur.execute(sql.pg_merge_rollup["hub_rollup_hour"])
            cur.execute(sql.pg_merge_rollup["hub_rollup_day"])
        cur.execute("DELETE FROM hub_tmp_delta")
        return
    if newest:
        cur.executemany(sql.upsert_latest, [(ds, t, v, s, now, la, lo) for ds, t, v, s, la, lo in newest])
    if hours:
        cur.executemany(sql.add_rollup["hub_rollup_hour"], [(ds, b, *agg) for (ds, b), agg in hours.items()])
        cur.executemany(sql.add_rollup["hub_rollup_day"], [(ds, b, *agg) for (ds, b), agg in days.items()])


def _recompute_rollups(cur, sql, keys):
    hours = {(ds, t - t % HOUR) for ds, t in keys}
    for ds, hour in hours:
        cur.execute(sql.delete_bucket["hub_rollup_hour"], (ds, hour))
        cur.execute(sql.recompute_hour, (hour, ds, hour, hour + HOUR))
    days = set()
    for ds, hour in hours:
        local = hour + DAY_OFFSET
        days.add((ds, local - local % DAY - DAY_OFFSET))
    for ds, day in days:
        cur.execute(sql.delete_bucket["hub_rollup_day"], (ds, day))
        cur.execute(sql.recompute_day, (day, ds, day, day + DAY))


def recompute_all(ds_id: int) -> None:
    """Rebuild one datastream's rollups and latest state from its raw rows (repair tool)."""
    sql = _sql()
    connection.ensure_connection()
    cur = connection.connection.cursor()
    p = sql.p
    mod = "%%" if sql.pg else "%"  # a literal % next to psycopg's %s placeholders
    try:
        cur.execute(f"DELETE FROM hub_rollup_hour WHERE datastream_id={p}", (ds_id,))
        cur.execute(f"DELETE FROM hub_rollup_day WHERE datastream_id={p}", (ds_id,))
        cur.execute(
            f"INSERT INTO hub_rollup_hour (datastream_id, bucket, n, total, vmin, vmax) "
            f"SELECT datastream_id, t - (t {mod} {HOUR}), COUNT(*), SUM(value), MIN(value), MAX(value) FROM hub_observation "
            f"WHERE datastream_id={p} AND status={VALID} AND value IS NOT NULL GROUP BY datastream_id, t - (t {mod} {HOUR})", (ds_id,))
        local = f"(bucket + {DAY_OFFSET})"
        cur.execute(
            f"INSERT INTO hub_rollup_day (datastream_id, bucket, n, total, vmin, vmax) "
            f"SELECT datastream_id, {local} - ({local} {mod} {DAY}) - {DAY_OFFSET}, SUM(n), SUM(total), MIN(vmin), MAX(vmax) "
            f"FROM hub_rollup_hour WHERE datastream_id={p} GROUP BY datastream_id, {local} - ({local} {mod} {DAY})", (ds_id,))
        cur.execute(f"DELETE FROM hub_latest WHERE datastream_id={p}", (ds_id,))
        cur.execute(
            f"INSERT INTO hub_latest (datastream_id, t, value, status, received, lat, lon) "
            f"SELECT datastream_id, t, value, status, received, lat, lon FROM hub_observation WHERE datastream_id={p} "
            f"ORDER BY t DESC LIMIT 1", (ds_id,))
    finally:
        cur.close()

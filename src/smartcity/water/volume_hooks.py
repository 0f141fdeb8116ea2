"""Hub store hook: a reservoir's water_level readings become stored_volume readings
through the reservoir's stage-storage table valid on the reading's (local) day, inside the
same transaction, so the volume series is a hub datastream like any other (latest value,
rollups, alerts, exports) and a level and its volume commit together.

A corrected level stores a corrected volume (the hub's idempotent store replaces it); the
volume keeps the level's status. A reading older than the reservoir's first table gets no
volume (nothing says how the lake was shaped then). Batches with no reservoir level cost
one indexed query.
"""
import logging
from bisect import bisect_right
from datetime import date

from django.db import InterfaceError, OperationalError, connection, transaction

from smartcity.hub import store

log = logging.getLogger("smartcity.water")
ORDER = 50  # before alerts (100): rules on the volume see it in the same transaction
SOURCE = "water:stage-storage"


def level_streams(ds_ids) -> dict:
    """{datastream id: reservoir id} of the water_level datastreams of reservoirs among `ds_ids`."""
    from smartcity.hub.models import Datastream
    from smartcity.water.models import Reservoir

    ids = sorted(ds_ids)
    found = {}
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            cur.execute(f"SELECT d.id, r.id FROM {Datastream._meta.db_table} d JOIN {Reservoir._meta.db_table} r "
                        f"ON r.asset_id = d.asset_id WHERE d.quantity_id = 'water_level' "
                        f"AND d.id IN ({','.join(['%s'] * len(part))})", part)
            found.update(cur.fetchall())
    return found


class Tables:
    """The stage-storage versions of one reservoir, picked by day."""

    def __init__(self, reservoir_id: int):
        from smartcity.water.models import StageTable

        self.versions = []  # [(valid_from, Stage)] ascending
        for table in StageTable.objects.filter(reservoir_id=reservoir_id).order_by("valid_from"):
            try:
                self.versions.append((table.valid_from, table.stage()))
            except ValueError:
                log.warning("stage-storage table %s is not usable; skipped", table.pk)
        self.starts = [v[0] for v in self.versions]
        self.reservoir_id = reservoir_id
        self._volume_ds = None

    @property
    def volume_ds(self) -> int:
        if self._volume_ds is None:
            self._volume_ds = volume_stream(self.reservoir_id)
        return self._volume_ds

    def at(self, day: date):
        i = bisect_right(self.starts, day)
        return self.versions[i - 1][1] if i else None


def volume_rows(reservoir_id: int, level_rows, tables: Tables | None = None) -> list[tuple]:
    """Hub rows (volume datastream, t, m³, status, None, None) for level rows (ds, t, level, status, ...)."""
    from smartcity.water.balance import local_day

    tables = tables or Tables(reservoir_id)
    out = []
    for row in level_rows:
        t, value, status = row[1], row[2], row[3]
        if value is None:
            continue
        stage = tables.at(local_day(t))
        if stage is None:
            continue
        out.append((tables.volume_ds, t, round(stage.volume(value)[0], 3), status, None, None))
    return out


def volume_stream(reservoir_id: int) -> int:
    from smartcity.hub import registry
    from smartcity.hub.models import Datastream
    from smartcity.water.models import Reservoir

    r = Reservoir.objects.select_related("asset").get(pk=reservoir_id)
    level = Datastream.objects.filter(asset=r.asset, quantity_id="water_level").values_list("expected_interval_s", flat=True).first()
    ds, _ = Datastream.objects.get_or_create(
        asset=r.asset, quantity_id="stored_volume",
        defaults={"unit": registry.QUANTITIES["stored_volume"].unit, "expected_interval_s": level or 900})
    return ds.pk


def on_store(written, result) -> None:
    if not written:
        return
    b = store.current_batch()
    known = b.cache("water.level_streams") if b is not None else {}
    unknown = {row[0] for row in written} - known.keys()
    if unknown:
        found = level_streams(unknown)
        for ds in unknown:
            known[ds] = found.get(ds)
    per = {}
    for row in written:
        rid = known.get(row[0])
        if rid is not None:
            per.setdefault(rid, []).append(row)
    if not per:
        return
    tables = b.cache("water.tables") if b is not None else {}
    try:
        with transaction.atomic():
            rows = []
            for rid, level_rows in per.items():
                if rid not in tables:
                    tables[rid] = Tables(rid)
                rows += volume_rows(rid, level_rows, tables[rid])
            if rows:
                store.store(rows, source=SOURCE)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        log.exception("deriving stored volumes of %d level readings failed; the levels are kept", len(written))


def rederive(reservoir, since: date | None = None) -> int:
    """Recompute the stored volumes of a reservoir's levels from `since` (after a new or
    changed stage-storage table). Returns the number of level readings read."""
    from datetime import datetime, time as dtime

    from smartcity.hub.models import Datastream, Observation
    from smartcity.water.balance import LOCAL

    level = Datastream.objects.filter(asset=reservoir.asset, quantity_id="water_level").first()
    if level is None:
        return 0
    qs = Observation.objects.filter(datastream_id=level.pk)
    if since is not None:
        qs = qs.filter(t__gte=int(datetime.combine(since, dtime(0), LOCAL).timestamp()))
    rows = [(level.pk, t, v, s, None, None) for t, v, s in qs.order_by("t").values_list("t", "value", "status")]
    with transaction.atomic():
        out = volume_rows(reservoir.pk, rows)
        for i in range(0, len(out), 20_000):
            store.store(out[i:i + 20_000], source=SOURCE)
    return len(rows)


def register() -> None:
    store.after_store(on_store, ORDER)

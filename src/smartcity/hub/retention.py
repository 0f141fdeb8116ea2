"""Retention of raw readings: per datastream, asset or asset type, applied to data already
stored (daily by the task queue, or `smartcity retention`).

Effective retention of a datastream = Datastream.retention_days, else Asset.retention_days,
else AssetType.retention_days; none of them set means keep forever.

What is deleted and what is kept:
- Raw observations older than the cutoff are deleted with range deletes on the primary key
  (datastream_id, t), in bounded batches that each commit, so a huge backlog never holds one
  giant transaction or lock.
- The cutoff is rounded down to a local (UTC+7) midnight, so only whole days go. An hour
  or day bucket is therefore either wholly deleted or wholly kept, and the rollups stay
  exact: the store recomputes a corrected hour from its raw rows, and the ingest path
  refuses readings older than the retention ("too_old"), so no accepted reading can land in
  a bucket whose raw rows are gone.
- Hourly and daily rollups are kept: the long-term history (means, min, max, counts) stays
  after the raw rows go. The optional setting HUB_HOURLY_ROLLUP_RETENTION_DAYS (None =
  forever) trims hourly rollups too, only of datastreams with a raw retention and never
  past their raw cutoff (a corrected day is rebuilt from its hours); daily rollups stay.
- Latest state is kept (it is the current value, even from a sensor silent for longer
  than the retention), and so are corrections (the audit trail).
"""
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from smartcity.hub.models import Datastream
from smartcity.hub.timebase import DAY, day_bucket

BATCH_ROWS = 50_000


@dataclass
class Purge:
    datastream: int
    asset: str
    quantity: str
    retention_days: int
    cutoff: int  # epoch seconds: raw rows with t < cutoff are deleted
    deleted: int = 0

    def as_dict(self):
        return asdict(self)


def effective_retention() -> list[tuple[int, int, str, str]]:
    """(datastream id, days, asset slug, quantity) for every datastream with a retention."""
    qs = (Datastream.objects
          .annotate(days=Coalesce("retention_days", "asset__retention_days", "asset__asset_type__retention_days"),
                    slug=F("asset__slug"))
          .filter(days__isnull=False)
          .order_by("id")
          .values_list("id", "days", "slug", "quantity_id"))
    return list(qs)


def cutoff_for(days: int, now: int) -> int:
    """Start of the oldest local day that is kept: at least `days` days of raw data remain."""
    return day_bucket(now - days * DAY)


def apply_retention(now: int | None = None, dry_run: bool = False, batch_rows: int = BATCH_ROWS) -> dict:
    """Delete raw readings older than each datastream's retention (or, with dry_run, count
    them). Returns {"dry_run", "datastreams": [Purge...], "deleted", "hourly_rollups_deleted"}.

    Call it outside a transaction so every batch commits on its own (inside one, the batches
    become savepoints of the caller's transaction and commit with it)."""
    now = int(time.time()) if now is None else int(now)
    batch_rows = max(1, int(batch_rows))
    purges = []
    for ds_id, days, slug, quantity in effective_retention():
        purge = Purge(ds_id, slug, quantity, days, cutoff_for(days, now))
        if dry_run:
            purge.deleted = _count(ds_id, purge.cutoff)
        else:
            purge.deleted = _delete_older(ds_id, purge.cutoff, batch_rows)
        purges.append(purge)
    rollups = _trim_hourly_rollups(purges, now, dry_run, batch_rows)
    return {"dry_run": dry_run, "datastreams": purges, "deleted": sum(p.deleted for p in purges),
            "hourly_rollups_deleted": rollups}


def _count(ds_id: int, cutoff: int, table: str = "hub_observation", column: str = "t") -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table} WHERE datastream_id = %s AND {column} < %s", [ds_id, cutoff])
        return cur.fetchone()[0]


def _delete_older(ds_id: int, cutoff: int, batch_rows: int, table: str = "hub_observation", column: str = "t") -> int:
    """Range deletes of at most `batch_rows` rows each, oldest first, one commit each.
    The boundary of a batch is found on the primary key index (LIMIT 1 OFFSET n-1), so
    each DELETE is one key range: no row-by-row work, no giant transaction."""
    deleted = 0
    while True:  # bounded: every pass but the last removes batch_rows rows
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT {column} FROM {table} WHERE datastream_id = %s AND {column} < %s "
                        f"ORDER BY {column} LIMIT 1 OFFSET %s", [ds_id, cutoff, batch_rows - 1])
            row = cur.fetchone()
            if row is None:
                cur.execute(f"DELETE FROM {table} WHERE datastream_id = %s AND {column} < %s", [ds_id, cutoff])
                return deleted + cur.rowcount
            cur.execute(f"DELETE FROM {table} WHERE datastream_id = %s AND {column} <= %s", [ds_id, row[0]])
            deleted += cur.rowcount


def _trim_hourly_rollups(purges: list, now: int, dry_run: bool, batch_rows: int) -> int:
    """Hourly rollups older than HUB_HOURLY_ROLLUP_RETENTION_DAYS, only for datastreams with
    a raw retention and never newer than their raw cutoff: the store rebuilds a corrected
    day from its hours, so hours may only go where no reading can be accepted any more."""
    days = getattr(settings, "HUB_HOURLY_ROLLUP_RETENTION_DAYS", None)
    if not days:
        return 0
    rollup_cutoff = cutoff_for(int(days), now)
    total = 0
    for purge in purges:
        cutoff = min(rollup_cutoff, purge.cutoff)
        if dry_run:
            total += _count(purge.datastream, cutoff, "hub_rollup_hour", "bucket")
        else:
            total += _delete_older(purge.datastream, cutoff, batch_rows, "hub_rollup_hour", "bucket")
    return total

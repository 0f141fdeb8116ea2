"""In-process indexes that keep the ingest hook cheap.

- The rule index: enabled rules by datastream, asset and asset type. Rebuilt when a rule
  is saved or deleted in this process (signals), and at most every ALERTS_INDEX_TTL
  seconds checked against the table (count and newest update) so other processes (web,
  MQTT bridge, worker) see changes made elsewhere.
- Datastream facts (asset, type, quantity, owner, ...) by id, loaded once per datastream
  and dropped when the datastream or its asset is saved.

A batch whose datastreams match no rule costs a few dictionary look-ups and no query.
The index is only a pre-filter: before evaluating, `services` checks the matched rules
against the database, so a stale index can never act on a rule that changed.

Inside a `hub.store.batch()` (many store() calls in one transaction) `services` keeps, for
the transaction, the rules it has confirmed and the Datastream objects evaluators get
(`batch_cache`); saving a rule, a datastream or an asset in this process drops them too.
"""
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

_lock = threading.Lock()


@dataclass(frozen=True)
class CompiledRule:
    id: int
    owner_id: int
    name: str
    severity: str
    target: str
    asset_type: str | None
    asset_id: int | None
    datastream_id: int | None
    quantity: str | None
    all_owners: bool
    kind: str
    params: dict
    updated_at: object

    def matches(self, meta: "StreamMeta") -> bool:
        if self.target == "datastream":
            return meta.id == self.datastream_id
        if self.quantity and meta.quantity != self.quantity:
            return False
        if self.target == "asset":
            return meta.asset_id == self.asset_id
        if meta.asset_type != self.asset_type:
            return False
        return meta.owner_id == self.owner_id or (self.all_owners and meta.published)


@dataclass(frozen=True)
class StreamMeta:
    id: int
    asset_id: int
    asset_type: str
    quantity: str
    owner_id: int
    published: bool
    active: bool
    expected_interval_s: int
    unit: str


META_FIELDS = ("id", "asset_id", "asset__asset_type_id", "quantity_id", "asset__owner_id", "asset__published",
               "asset__active", "expected_interval_s", "unit")


def meta_from_row(row) -> StreamMeta:
    return StreamMeta(*row[:9])


class RuleIndex:
    def __init__(self, rules: list[CompiledRule], stamp):
        self.rules = {r.id: r for r in rules}
        self.stamp = stamp
        self.by_ds, self.by_asset, self.by_type = defaultdict(list), defaultdict(list), defaultdict(list)
        for r in rules:
            if r.target == "datastream":
                self.by_ds[r.datastream_id].append(r)
            elif r.target == "asset":
                self.by_asset[r.asset_id].append(r)
            else:
                self.by_type[r.asset_type].append(r)

    def __bool__(self):
        return bool(self.rules)

    def rules_for(self, meta: StreamMeta, kinds=None) -> list[CompiledRule]:
        found = []
        for group in (self.by_ds.get(meta.id), self.by_asset.get(meta.asset_id), self.by_type.get(meta.asset_type)):
            if group:
                found.extend(r for r in group if r.matches(meta) and (kinds is None or r.kind in kinds))
        return found

    def of_kind(self, kind: str) -> list[CompiledRule]:
        return [r for r in self.rules.values() if r.kind == kind]


_index: RuleIndex | None = None
_checked_at = 0.0
_meta: dict[int, StreamMeta] = {}
_asset_streams: dict[int, set] = defaultdict(set)


def _stamp():
    from smartcity.alerts.models import AlertRule

    agg = AlertRule.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"])


def _build() -> RuleIndex:
    from smartcity.alerts.models import AlertRule

    stamp = _stamp()
    rules = [CompiledRule(id=r.id, owner_id=r.owner_id, name=r.name, severity=r.severity, target=r.target,
                          asset_type=r.asset_type_id, asset_id=r.asset_id, datastream_id=r.datastream_id,
                          quantity=r.quantity_id, all_owners=r.all_owners, kind=r.kind, params=r.params or {},
                          updated_at=r.updated_at)
             for r in AlertRule.objects.filter(enabled=True)]
    return RuleIndex(rules, stamp)


def current(force: bool = False) -> RuleIndex:
    """The rule index, rebuilt if invalidated, forced, or changed elsewhere."""
    global _index, _checked_at
    now = time.monotonic()
    ttl = getattr(settings, "ALERTS_INDEX_TTL", 2.0)
    index = _index
    if index is not None and not force and now - _checked_at < ttl:
        return index
    with _lock:
        if _index is None or force or _stamp() != _index.stamp:
            _index = _build()
        _checked_at = now
        return _index


# per-transaction caches kept in the active hub.store.batch() (see services)
RULES_CHECKED = "alerts.rules_checked"  # {rule id: updated_at} confirmed against the table
STREAMS = "alerts.streams"  # {datastream id: Datastream with asset, type and quantity}


def batch_cache(key: str) -> dict | None:
    """The active store batch's cache `key`, or None outside a batch (nothing is kept)."""
    from smartcity.hub.store import current_batch

    b = current_batch()
    return None if b is None else b.cache(key)


def invalidate(*args, **kwargs) -> None:
    global _index
    _index = None
    checked = batch_cache(RULES_CHECKED)
    if checked is not None:
        checked.clear()


def forget_stream(ds_id) -> None:
    meta = _meta.pop(ds_id, None)
    if meta is not None:
        _asset_streams[meta.asset_id].discard(ds_id)
    streams = batch_cache(STREAMS)
    if streams is not None:
        streams.pop(ds_id, None)


def forget_asset(asset_id) -> None:
    for ds_id in list(_asset_streams.pop(asset_id, ())):
        _meta.pop(ds_id, None)
    streams = batch_cache(STREAMS)
    if streams is not None:  # its datastreams are not all known here: forget every one
        streams.clear()


def remember(meta: StreamMeta) -> None:
    _meta[meta.id] = meta
    _asset_streams[meta.asset_id].add(meta.id)


def stream_meta(ds_ids) -> dict[int, StreamMeta]:
    """Facts about these datastreams; one query for those not seen before."""
    from smartcity.hub.models import Datastream

    out, unknown = {}, []
    for ds in ds_ids:
        meta = _meta.get(ds)
        if meta is None:
            unknown.append(ds)
        else:
            out[ds] = meta
    if unknown:
        for i in range(0, len(unknown), 5000):
            for row in Datastream.objects.filter(id__in=unknown[i:i + 5000]).values_list(*META_FIELDS):
                meta = meta_from_row(row)
                remember(meta)
                out[meta.id] = meta
    return out


def clear_all() -> None:
    """Forget everything (tests, and after bulk changes made without signals)."""
    invalidate()
    _meta.clear()
    _asset_streams.clear()


def on_datastream_saved(sender, instance, **kwargs):
    forget_stream(instance.pk)


def on_asset_saved(sender, instance, **kwargs):
    forget_asset(instance.pk)

"""From whatever a device sends to normalised readings, with every bad row reported.

`Normaliser.rows(records)` takes dict records (JSON rows, CSV rows, MQTT payloads) and
returns (readings, errors). A reading is (datastream_id, t, value, status, lat, lon). An
error is {"index", "field", "code", "message"}: the same shape on every ingestion path.

Who may write is decided here too: a device token may write to its own assets (or, for an
integration token, to every asset of its organisation); a person follows the platform's
permission rule.
"""
import math
import time
from dataclasses import dataclass

from django.conf import settings

from smartcity.core.permissions import can_change
from smartcity.hub import registry
from smartcity.hub.models import STATUS_BY_NAME, Asset, Datastream, Status
from smartcity.hub.timebase import DAY, parse_time

_INF = float("inf")
STATION_STATUS = {"00": Status.VALID, "01": Status.CALIBRATING, "02": Status.ERROR}
VALID_STATUS_CODES = {s.value for s in Status}


class Reject(Exception):
    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


@dataclass
class Principal:
    """Who is writing: a device token (owner + assets) or a user."""

    owner_id: int | None = None
    asset_ids: frozenset | None = None  # None: every asset of owner_id
    user: object = None
    label: str = "api"

    @classmethod
    def for_token(cls, token) -> "Principal":
        ids = None if token.all_owner_assets else frozenset(token.assets.values_list("id", flat=True))
        return cls(owner_id=token.owner_id, asset_ids=ids, label=f"token:{token.prefix}")

    @classmethod
    def for_user(cls, user) -> "Principal":
        return cls(user=user, label=f"user:{user.username}")

    @classmethod
    def system(cls, label: str = "system") -> "Principal":
        """Trusted operator paths (file backfill run by an operator on the server)."""
        return cls(label=label, owner_id=-1)

    def may_write(self, asset) -> bool:
        if self.user is not None:
            return can_change(self.user, asset.owner_id)
        if self.owner_id == -1:
            return True
        if asset.owner_id != self.owner_id:
            return False
        return self.asset_ids is None or asset.id in self.asset_ids


def _number(value, field: str) -> float:
    if isinstance(value, bool) or value is None:
        raise Reject(field, "not_numeric", f"{field} must be a number, not {value!r}")
    if isinstance(value, (int, float)):
        v = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            v = float(text)
        except ValueError:
            raise Reject(field, "not_numeric", f"{field} must be a number, not {value!r}") from None
    else:
        raise Reject(field, "not_numeric", f"{field} must be a number, not {type(value).__name__}")
    if math.isnan(v) or math.isinf(v):
        raise Reject(field, "not_numeric", f"{field} must be a finite number")
    return v


def parse_status(value) -> int:
    if value is None or value == "":
        return Status.VALID
    if isinstance(value, bool):
        raise Reject("status", "bad_status", "status must be a name or a code")
    if isinstance(value, int):
        if value in VALID_STATUS_CODES:
            return value
    elif isinstance(value, str):
        text = value.strip().lower()
        if text in STATUS_BY_NAME:
            return STATUS_BY_NAME[text]
        if text in STATION_STATUS:
            return STATION_STATUS[text]
        if text.isdigit() and int(text) in VALID_STATUS_CODES:
            return int(text)
    names = ", ".join(STATUS_BY_NAME)
    raise Reject("status", "bad_status", f"unknown status {value!r}; use one of {names} or 00/01/02")


class Normaliser:
    """Resolves asset + quantity to datastreams (creating missing ones), checks units,
    times, values and rights. One per request or batch: it caches what it looked up."""

    def __init__(self, principal: Principal, now: int | None = None, future_tolerance_s: int | None = None,
                 auto_create: bool = True):
        self.principal = principal
        self.now = int(time.time()) if now is None else now
        tolerance = getattr(settings, "HUB_FUTURE_TOLERANCE_S", 300) if future_tolerance_s is None else future_tolerance_s
        self.latest_allowed = self.now + tolerance
        self.auto_create = auto_create
        self._assets: dict[str, Asset | None] = {}
        self._assets_by_id: dict[int, Asset] = {}
        self._streams: dict[tuple, tuple] = {}
        self._by_id: dict[int, tuple] = {}
        # per-batch caches: devices repeat the same asset/quantity names, times and units
        self._named: dict[tuple, tuple] = {}
        self._times: dict[str, int] = {}
        self._convs: dict[tuple, tuple | None] = {}

    def refresh(self, now: int | None = None) -> None:
        """Move the clock of a long-lived normaliser (the MQTT bridge keeps one per key)."""
        now = int(time.time()) if now is None else now
        self.latest_allowed += now - self.now
        self.now = now

    # -- lookups -----------------------------------------------------------------------
    def preload(self, slugs) -> None:
        missing = [s for s in set(slugs) if s not in self._assets]
        if not missing:
            return
        for asset in Asset.objects.filter(slug__in=missing).select_related("asset_type"):
            self._assets[asset.slug] = asset
            self._assets_by_id[asset.id] = asset
        for slug in missing:
            self._assets.setdefault(slug, None)
        found = [a.id for a in self._assets.values() if a is not None]
        for ds in Datastream.objects.filter(asset_id__in=found).select_related("quantity"):
            self._remember(ds)

    def _remember(self, ds):
        asset = self._assets_by_id.get(ds.asset_id) or ds.asset
        retention = ds.retention_days or asset.retention_days or asset.asset_type.retention_days
        entry = (ds.id, asset, ds.quantity_id, self.now - retention * DAY if retention else None)
        self._streams[(asset.slug, ds.quantity_id)] = entry
        self._by_id[ds.id] = entry

    def asset(self, slug) -> Asset:
        if not isinstance(slug, str) or not slug:
            raise Reject("asset", "missing_field", "asset is required")
        if slug not in self._assets:
            self.preload([slug])
        asset = self._assets[slug]
        if asset is None:
            raise Reject("asset", "unknown_asset", f"no asset with id {slug!r}")
        if not self.principal.may_write(asset):
            raise Reject("asset", "forbidden_asset", f"this token or user may not write to asset {slug!r}")
        if not asset.active:
            raise Reject("asset", "inactive_asset", f"asset {slug!r} is inactive")
        return asset

    def stream(self, slug, quantity_name) -> tuple:
        key = (slug, quantity_name)
        try:
            entry = self._named.get(key)
        except TypeError:  # unhashable values (lists, dicts) are simply invalid
            entry = None
        if entry is not None:
            return entry
        entry = self._resolve_stream(slug, quantity_name)
        self._named[key] = entry
        return entry

    def _resolve_stream(self, slug, quantity_name) -> tuple:
        asset = self.asset(slug)
        if not isinstance(quantity_name, str) or not quantity_name:
            raise Reject("quantity", "missing_field", "quantity is required")
        # the device's own short keys first, then its type's, then the global names and aliases
        mapped = (asset.attribute_map or {}).get(quantity_name) or (asset.asset_type.attribute_map or {}).get(quantity_name)
        code = registry.resolve_quantity(mapped) if isinstance(mapped, str) else None
        if code is None:
            code = registry.resolve_quantity(quantity_name)
            type_def = registry.ASSET_TYPES.get(asset.asset_type_id)
            if code is not None and type_def is not None:
                code = type_def.quantity_map.get(code, code)  # e.g. a water station's "Temp"
        if code is None:
            raise Reject("quantity", "unknown_quantity", f"unknown quantity {quantity_name!r}")
        entry = self._streams.get((slug, code))
        if entry is None:
            if not self.auto_create:
                raise Reject("quantity", "unknown_datastream", f"asset {slug!r} has no datastream for {code!r}")
            q = registry.QUANTITIES[code]
            ds, _ = Datastream.objects.get_or_create(
                asset=asset, quantity_id=code,
                defaults={"unit": q.unit, "expected_interval_s": asset.asset_type.default_interval_s})
            ds.asset = asset
            self._assets_by_id.setdefault(asset.id, asset)
            self._remember(ds)
            entry = self._streams[(slug, code)]
        return entry

    def stream_by_id(self, ds_id) -> tuple:
        if isinstance(ds_id, bool) or not isinstance(ds_id, int):
            raise Reject("datastream", "bad_datastream", "datastream must be an integer id")
        entry = self._by_id.get(ds_id)
        if entry is None:
            ds = Datastream.objects.filter(pk=ds_id).select_related("asset__asset_type", "quantity").first()
            if ds is None:
                raise Reject("datastream", "unknown_datastream", f"no datastream {ds_id}")
            self._assets.setdefault(ds.asset.slug, ds.asset)
            self._assets_by_id.setdefault(ds.asset.id, ds.asset)
            self._remember(ds)
            entry = self._by_id[ds_id]
        if not self.principal.may_write(entry[1]):
            raise Reject("datastream", "forbidden_asset", f"this token or user may not write to datastream {ds_id}")
        return entry

    # -- one reading ---------------------------------------------------------------------
    def reading(self, entry: tuple, time_value, value, unit=None, status=None, lat=None, lon=None,
                value_field="value") -> tuple:
        ds_id, _asset, code, oldest = entry
        if time_value is None or time_value == "":
            raise Reject("time", "missing_field", "time is required")
        t = self._times.get(time_value) if isinstance(time_value, str) else None
        if t is None:
            try:
                t = parse_time(time_value)
            except (ValueError, TypeError, OverflowError) as exc:
                raise Reject("time", "bad_time", f"unreadable time {time_value!r}: {exc}") from None
            if isinstance(time_value, str):
                self._times[time_value] = t
        if t > self.latest_allowed:
            raise Reject("time", "future_time", f"time {time_value!r} is in the future beyond the tolerance")
        if oldest is not None and t < oldest:
            raise Reject("time", "too_old", f"time {time_value!r} is older than this datastream's retention")
        st = Status.VALID if status is None else parse_status(status)
        if value is None and lat is not None:
            v = None  # a located observation with no scalar value (a position fix)
        else:
            v = float(value) if type(value) in (int, float) else _number(value, value_field)
            if v != v or v in (_INF, -_INF):
                raise Reject(value_field, "not_numeric", f"{value_field} must be a finite number")
            ckey = (code, unit)
            conv = self._convs.get(ckey, False) if isinstance(unit, (str, type(None))) else None
            if conv is False:
                conv = registry.conversion(code, unit)
                self._convs[ckey] = conv
            if conv is None:
                q = registry.QUANTITIES[code]
                raise Reject("unit", "wrong_unit", f"unit {unit!r} is not accepted for {code}; its unit is {q.unit!r}")
            if conv != (1.0, 0.0):
                v = v * conv[0] + conv[1]
            q = registry.QUANTITIES[code]
            if st == Status.VALID and ((q.minimum is not None and v < q.minimum) or (q.maximum is not None and v > q.maximum)):
                st = Status.SUSPECT  # kept, but out of the physical range: not used in rollups
        la = lo = None
        if lat is not None or lon is not None:
            la = _number(lat, "lat")
            lo = _number(lon, "lon")
            if not (-90 <= la <= 90 and -180 <= lo <= 180):
                raise Reject("lat", "bad_position", "lat must be within ±90 and lon within ±180")
        return (ds_id, t, v, st, la, lo)

    # -- records -------------------------------------------------------------------------
    def rows(self, records, start_index: int = 0):
        """Records in the row form {asset, quantity, time, value, unit?, status?, lat?, lon?}
        or {datastream, time, value, ...}, or the device form {asset, time, values: {q: v}}."""
        readings, errors = [], []
        slugs = [r.get("asset") for r in records if isinstance(r, dict) and isinstance(r.get("asset"), str)]
        self.preload(slugs)
        for i, rec in enumerate(records, start_index):
            if not isinstance(rec, dict):
                errors.append(error(i, None, "bad_row", "each row must be an object"))
                continue
            try:
                if "values" in rec:
                    values = rec["values"]
                    if not isinstance(values, dict) or not values:
                        raise Reject("values", "bad_values", "values must be a non-empty object of quantity: value")
                    units = rec.get("units") or {}
                    for name, value in values.items():
                        try:
                            entry = self.stream(rec.get("asset"), name)
                            readings.append(self.reading(entry, rec.get("time"), value, units.get(name), rec.get("status"),
                                                         rec.get("lat"), rec.get("lon"), value_field=f"values.{name}"))
                        except Reject as r:
                            field = r.field if r.field != "quantity" else f"values.{name}"
                            errors.append(error(i, field, r.code, r.message))
                    continue
                if rec.get("datastream") is not None:
                    entry = self.stream_by_id(rec["datastream"])
                else:
                    entry = self.stream(rec.get("asset"), rec.get("quantity"))
                readings.append(self.reading(entry, rec.get("time"), rec.get("value"), rec.get("unit"), rec.get("status"),
                                             rec.get("lat"), rec.get("lon")))
            except Reject as r:
                errors.append(error(i, r.field, r.code, r.message))
        return readings, errors


def error(index, field, code, message) -> dict:
    return {"index": index, "field": field, "code": code, "message": message}

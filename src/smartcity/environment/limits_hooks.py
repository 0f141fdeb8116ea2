"""Legal and permit limits wired into the platform: the `env-limits` domain evaluator of
the alerts app, the seeding of the national limits and DONRE's rules (post_migrate and
the demo), the evidence of each exceedance linked to its alert, and the e-mail to the
facility's contacts through the alerts app's delivery path.

No second alert system: the alerts app raises, updates and clears; this module only
tells it what the averages say (`Finding`s) and keeps the evidence beside the alert.
"""
import logging
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone as dt_timezone
from typing import NamedTuple

from django.db import DatabaseError, transaction

from smartcity.environment import limits as L
from smartcity.environment import limits_seed

logger = logging.getLogger("smartcity.environment")
VALID = 0

# short names of the parameters in messages (the rest use the Vietnamese name)
LABELS = {"pm25": "PM2.5", "pm10": "PM10", "tsp": "TSP", "so2": "SO2", "no2": "NO2", "co": "CO", "o3": "O3",
          "ph": "pH", "bod5": "BOD5", "cod": "COD", "dissolved_oxygen": "DO", "tss": "TSS", "coliform": "Coliform",
          "ammonium": "N-NH4", "nitrite": "N-NO2", "nox": "NOx", "dust_flue": "Bụi", "flow": "Lưu lượng"}
TYPE_KINDS = {t: k for k, t in (("air", "air-station"), ("surface-water", "water-station"),
                                ("groundwater", "groundwater-station"), ("wastewater", "wastewater-station"),
                                ("emission", "emission-station"))}


def label(quantity_id: str, name_vi: str = "") -> str:
    return LABELS.get(quantity_id, name_vi or quantity_id)


# -- units -----------------------------------------------------------------------------------
def canonical_factor(quantity: str, unit: str):
    """(factor, offset) from `unit` to the quantity's canonical unit, or None. Normal
    cubic metres (Nm³, the regulation's reference conditions) are taken as the station's
    m³: automatic stations report at reference conditions already."""
    from smartcity.hub import registry

    conv = registry.conversion(quantity, unit)
    if conv is None and unit:
        conv = registry.conversion(quantity, unit.replace("Nm³", "m³").replace("Nm3", "m3"))
    return conv


def to_canonical(quantity: str, value: float | None, unit: str) -> float | None:
    if value is None:
        return None
    conv = canonical_factor(quantity, unit)
    if conv is None:
        raise ValueError(unit)
    return value * conv[0] + conv[1]


def to_stream_unit(quantity: str, value: float | None, unit: str, stream_unit: str) -> float | None:
    """A limit given in `unit`, expressed in the datastream's unit (readings are stored in it)."""
    if value is None:
        return None
    canonical = to_canonical(quantity, value, unit)
    back = canonical_factor(quantity, stream_unit)
    if back is None or back[0] == 0:
        return canonical
    return (canonical - back[1]) / back[0]


# -- which limits apply to a datastream ------------------------------------------------------
def station_of(asset_id):
    from smartcity.environment.models import Station

    return Station.objects.filter(asset_id=asset_id).select_related("asset").first()


def applicable_limits(datastream, station=None, kind: str | None = None, *, legal=None, permits=None) -> list[L.Limit]:
    """Legal limits of the station kind (QCVN 08 river classes only for the station's
    class, set in its asset properties) and the station's permit limits, all converted to
    the datastream's unit. Validity dates are checked per window by the caller.
    `legal` / `permits`: the LegalLimit / PermitLimit rows of this kind (station) and
    quantity when the caller read them already (`load_limits`), else they are queried."""
    from smartcity.environment.models import LegalLimit, PermitLimit

    asset = datastream.asset
    if station is None:
        station = station_of(asset.pk)
    if kind is None:
        kind = station.kind if station else TYPE_KINDS.get(asset.asset_type_id)
    q = datastream.quantity_id
    out = []
    if kind:
        water_class = (asset.properties or {}).get(limits_seed.CLASS_PROPERTY, "")
        for lim in (LegalLimit.objects.filter(station_kind=kind, quantity_id=q) if legal is None else legal):
            if lim.column and lim.column != water_class:
                continue
            try:
                hi = to_stream_unit(q, lim.limit_max, lim.unit, datastream.unit)
                lo = to_stream_unit(q, lim.limit_min, lim.unit, datastream.unit)
            except ValueError:
                logger.warning("legal limit %s: unit %r does not convert for %s", lim.pk, lim.unit, q)
                continue
            reg = lim.regulation + (f", loại {lim.column}" if lim.column else "")
            out.append(L.Limit(lim.averaging, hi, lo, lim.valid_from, lim.valid_to, reg, "legal", lim.pk,
                               advisory=lim.averaging == "year"))
    if station is not None:
        for lim in (PermitLimit.objects.filter(station=station, quantity_id=q) if permits is None else permits):
            try:
                hi = to_stream_unit(q, lim.limit_max, lim.unit, datastream.unit)
                lo = to_stream_unit(q, lim.limit_min, lim.unit, datastream.unit)
            except ValueError:
                continue
            reg = f"giấy phép {lim.permit_ref}".strip() if lim.permit_ref else "giấy phép môi trường"
            out.append(L.Limit(lim.averaging, hi, lo, lim.valid_from, lim.valid_to, reg, "permit", lim.pk,
                               advisory=lim.averaging == "year"))
    return out


# Limits by (asset, quantity), kept CACHE_TTL seconds per process and dropped when a limit,
# a station or an asset is saved here: a batch of a datastream without limits costs no query.
CACHE_TTL = 30.0
_cache: dict = {}


# Inside a hub.store.batch() (one ingest transaction) the limits found are also kept for
# the whole transaction, so they cannot change between two store() calls of one chunk.
BATCH_KEY = "env.limits"


def _pinned() -> dict | None:
    from smartcity.hub.store import current_batch

    b = current_batch()
    return None if b is None else b.cache(BATCH_KEY)


def clear_cache(*_args, **_kwargs) -> None:
    _cache.clear()
    pinned = _pinned()
    if pinned is not None:
        pinned.clear()


def _key(datastream) -> tuple:
    return (datastream.asset_id, datastream.quantity_id, datastream.unit)


def _keep(key, station, limits, now: float) -> None:
    if len(_cache) > 50_000:
        _cache.clear()
    _cache[key] = (now + CACHE_TTL, station, limits)
    pinned = _pinned()
    if pinned is not None:
        pinned[key] = (station, limits)


def cached_limits(datastream):
    """(station or None, [Limit]) of a datastream, from the per-process cache."""
    key = _key(datastream)
    pinned = _pinned()
    if pinned is not None and key in pinned:
        return pinned[key]
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        if pinned is not None:
            pinned[key] = (hit[1], hit[2])
        return hit[1], hit[2]
    station = station_of(datastream.asset_id)
    limits = applicable_limits(datastream, station)
    _keep(key, station, limits, now)
    return station, limits


def load_limits(datastreams) -> None:
    """Put the limits of these datastreams (with their assets loaded) into the cache with
    three queries in all (stations, legal limits, permit limits) instead of three each:
    the whole network's datastreams miss the cache together when it expires."""
    from smartcity.environment.models import LegalLimit, PermitLimit, Station

    now = time.monotonic()
    pinned = _pinned()
    todo = {}
    for ds in datastreams:
        key = _key(ds)
        if pinned is not None and key in pinned:
            continue
        hit = _cache.get(key)
        if hit is None or hit[0] <= now:
            todo.setdefault(key, ds)
    if len(todo) < 2:
        return  # one datastream: cached_limits asks for it as before
    stations = {st.asset_id: st for st in Station.objects.filter(asset_id__in={ds.asset_id for ds in todo.values()})
                .select_related("asset")}
    kinds = {}
    for key, ds in todo.items():
        st = stations.get(ds.asset_id)
        kinds[key] = st.kind if st else TYPE_KINDS.get(ds.asset.asset_type_id)
    quantities = {ds.quantity_id for ds in todo.values()}
    legal: dict = {}
    wanted_kinds = {k for k in kinds.values() if k}
    if wanted_kinds:
        for lim in LegalLimit.objects.filter(station_kind__in=wanted_kinds, quantity_id__in=quantities):
            legal.setdefault((lim.station_kind, lim.quantity_id), []).append(lim)
    permits: dict = {}
    if stations:
        for lim in PermitLimit.objects.filter(station__in=list(stations.values()), quantity_id__in=quantities):
            permits.setdefault((lim.station_id, lim.quantity_id), []).append(lim)
    for key, ds in todo.items():
        st, kind = stations.get(ds.asset_id), kinds[key]
        limits = applicable_limits(ds, st, kind, legal=legal.get((kind, ds.quantity_id), []),
                                   permits=permits.get((st.pk, ds.quantity_id), []) if st else [])
        _keep(key, st, limits, now)


def hour_rollups(ds_id: int, start: int, end: int) -> list[tuple]:
    from smartcity.hub.models import HourlyRollup

    return list(HourlyRollup.objects.filter(datastream_id=ds_id, bucket__gte=start, bucket__lt=end)
                .values_list("bucket", "n", "total"))


def evidence_of(wm: L.WindowMean) -> list:
    """The hour means (or readings) behind a mean; a year-to-date keeps its daily means."""
    if wm.averaging != "year":
        return [[int(t), round(float(v), 4), int(n)] for t, v, n in wm.evidence]
    days: dict = {}
    for t, v, _n in wm.evidence:
        days.setdefault(L.day_start(t), []).append(v)
    return [[d, round(sum(vs) / len(vs), 4), len(vs)] for d, vs in sorted(days.items())]


def epoch(dt) -> int:
    return int(dt.timestamp())


# -- the evaluator ---------------------------------------------------------------------------
class _Plan(NamedTuple):
    """What judging a datastream's batch needs before any query."""

    station: object
    limits: list
    interval: int
    times: list
    averagings: list
    instant: list


def _plan(datastream, readings) -> _Plan | None:
    """None when there is nothing to judge: no limit, or the batch closes no window."""
    if not readings:
        return None
    station, limits = cached_limits(datastream)
    if not limits:
        return None
    interval = max(1, datastream.expected_interval_s or 300)
    times = [r.t for r in readings]
    averagings = sorted({lim.averaging for lim in limits} - {"instant"})
    instant = [lim for lim in limits if lim.averaging == "instant"]
    if not instant and not any(L.windows_to_judge(a, times, max(times), interval) for a in averagings):
        return None  # the batch closes no window: nothing to judge yet
    return _Plan(station, limits, interval, times, averagings, instant)


def _windows(plan: _Plan, latest) -> tuple[int, dict, list]:
    latest_t = max(latest or 0, max(plan.times))
    wins = {a: L.windows_to_judge(a, plan.times, latest_t, plan.interval) for a in plan.averagings}
    spans = [w for ws in wins.values() for w in ws]
    return latest_t, wins, spans


def _span(spans) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


class _Ahead(NamedTuple):
    """What `prefetch` read for one datastream: the plan (None: nothing to judge), its
    latest time and windows, the hour rollups of the windows and the open alerts' times."""

    plan: _Plan | None
    latest_t: int = 0
    wins: dict | None = None
    rows: list | None = None
    state: dict | None = None


_ahead = threading.local()


@contextmanager
def prefetch(items):
    """The alerts app calls this once per evaluation pass with [(datastream, readings)] of
    every datastream this evaluator will judge in it (alerts.services._prefetch). For those
    whose batch closes a window it reads the latest times, the hour rollups and the open
    alerts with one query each for all of them, instead of three per datastream; `evaluate`
    then takes each datastream's share once. Nothing it reads changes during the pass (the
    readings are written; the alerts of a datastream change only when it is judged)."""
    from smartcity.alerts.models import OPEN_STATES, Alert
    from smartcity.hub.models import Latest

    ahead, plans = {}, {}
    load_limits([datastream for datastream, readings in items if readings])
    for datastream, readings in items:
        plan = _plan(datastream, readings)
        if plan is None:
            ahead[datastream.pk] = _Ahead(None)
        else:
            plans[datastream.pk] = (datastream, plan)
    if plans:
        ids = list(plans)
        latest = dict(Latest.objects.filter(datastream_id__in=ids).values_list("datastream_id", "t"))
        windows = {ds: _windows(plan, latest.get(ds)) for ds, (_d, plan) in plans.items()}
        ranges = {ds: _span(spans) for ds, (_t, _w, spans) in windows.items() if spans}
        rows = hour_rollups_many(ranges)
        keys = {ds: {L.key_for(lim) for lim in plan.limits} for ds, (_d, plan) in plans.items()}
        state: dict = {ds: {} for ds in plans}
        for ds, key, at in Alert.objects.filter(datastream_id__in=ids, state__in=OPEN_STATES, kind="evaluator",
                                                key__in=set().union(*keys.values())).values_list("datastream_id", "key", "last_at"):
            if key in keys[ds]:
                state[ds][key] = epoch(at)
        for ds, (_d, plan) in plans.items():
            latest_t, wins, _spans = windows[ds]
            ahead[ds] = _Ahead(plan, latest_t, wins, rows.get(ds, []) if ds in ranges else None, state[ds])
    outer = getattr(_ahead, "items", None)  # a pass inside a pass (an evaluator that stores) reads per datastream
    _ahead.items = ahead
    try:
        yield
    finally:
        _ahead.items = outer


def _take(ds_id) -> _Ahead | None:
    items = getattr(_ahead, "items", None)
    return items.pop(ds_id, None) if items else None


def hour_rollups_many(ranges: dict) -> dict:
    """{datastream: [(bucket, n, total)]} of the hour rollups in [start, end) of each
    datastream's own range ({datastream: (start, end)}), in one query."""
    from django.db import connection

    out: dict = {ds: [] for ds in ranges}
    if not ranges:
        return out
    items = list(ranges.items())
    with connection.cursor() as cur:
        for i in range(0, len(items), 500):
            part = items[i:i + 500]
            if connection.vendor == "postgresql":
                cur.execute("SELECT r.datastream_id, r.bucket, r.n, r.total FROM hub_rollup_hour r "
                            "JOIN unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS k(ds, lo, hi) "
                            "ON r.datastream_id = k.ds AND r.bucket >= k.lo AND r.bucket < k.hi",
                            ([ds for ds, _r in part], [r[0] for _ds, r in part], [r[1] for _ds, r in part]))
            else:
                values = ",".join(["(%s,%s,%s)"] * len(part))
                cur.execute(f"WITH k(ds, lo, hi) AS (VALUES {values}) SELECT r.datastream_id, r.bucket, r.n, r.total "
                            "FROM k JOIN hub_rollup_hour r ON r.datastream_id = k.ds AND r.bucket >= k.lo AND r.bucket < k.hi",
                            [x for ds, (lo, hi) in part for x in (ds, lo, hi)])
            for ds, bucket, n, total in cur.fetchall():
                out[ds].append((bucket, n, total))
    return out


def evaluate(datastream, readings, params=None):
    """`env-limits`: judge the windows this batch closes against every applicable limit.
    Each exceeding window is recorded (Exceedance, with its evidence); the live windows
    become findings: active raises or updates the alert of (rule, datastream, key),
    inactive clears it. key = averaging period, plus ':permit' for permit limits."""
    from smartcity.alerts.evaluators import Finding
    from smartcity.alerts.models import OPEN_STATES, Alert
    from smartcity.hub.models import Latest

    if not readings:
        return []
    ahead = _take(datastream.pk)
    if ahead is not None:  # read ahead for the whole pass by `prefetch`
        plan = ahead.plan
        if plan is None:
            return []
        latest_t, wins, rows, state = ahead.latest_t, ahead.wins, ahead.rows, dict(ahead.state)
    else:
        plan = _plan(datastream, readings)
        if plan is None:
            return []
        latest = Latest.objects.filter(datastream_id=datastream.pk).values_list("t", flat=True).first()
        latest_t, wins, spans = _windows(plan, latest)
        rows = hour_rollups(datastream.pk, *_span(spans)) if spans else None
        keys = {L.key_for(lim) for lim in plan.limits}
        state = {k: epoch(at) for k, at in Alert.objects.filter(
            datastream_id=datastream.pk, state__in=OPEN_STATES, kind="evaluator", key__in=keys).values_list("key", "last_at")}
    station, limits, interval, instant = plan.station, plan.limits, plan.interval, plan.instant
    judgements = []
    if rows is not None:
        hours = L.hour_means(rows, interval)
        judgements = L.judge_windows(limits, hours, wins)
    live = {a: L.live_windows(a, ws, latest_t, interval) for a, ws in wins.items()}
    if instant:
        judgements += L.judge_readings(instant, [(r.t, r.value) for r in readings if r.status == VALID and r.value is not None])
        judgements.sort(key=lambda j: (j.window.end, j.key))
    name = label(datastream.quantity_id, getattr(datastream.quantity, "name_vi", ""))
    unit = datastream.unit
    findings = []
    for j in judgements:
        wm, v = j.window, j.verdict
        t = wm.start if wm.averaging == "instant" else wm.end
        if v.exceeded:
            _record(datastream, station, j, name, unit)
        if wm.averaging != "instant" and (wm.start, wm.end) not in live.get(wm.averaging, ()):
            continue  # late data about an old window: evidence only
        known = state.get(j.key)
        if known is not None and known >= t:
            continue  # the alert already knows this window or newer ones
        if v.exceeded:
            findings.append(Finding(True, t, value=round(wm.mean, 4), key=j.key,
                                    message=L.message(name, wm.averaging, wm.mean, unit, v, j.limit.regulation, j.limit.advisory),
                                    severity=L.severity(v, j.limit.advisory)))
            state[j.key] = t
        elif j.key in state:
            findings.append(Finding(False, t, value=round(wm.mean, 4), key=j.key,
                                    message=L.back_under(name, wm.averaging, wm.mean, unit, j.limit.regulation)))
            state.pop(j.key)
    return findings


evaluate.prefetch = prefetch


def _record(datastream, station, j: L.Judgement, name: str, unit: str) -> None:
    from smartcity.environment.models import Exceedance

    wm, v, lim = j.window, j.verdict, j.limit
    Exceedance.objects.update_or_create(
        datastream_id=datastream.pk, key=j.key, window_end=wm.end,
        defaults=dict(station=station, quantity_id=datastream.quantity_id, averaging=wm.averaging, window_start=wm.start,
                      value=wm.mean, limit_value=v.limit, bound=v.bound, unit=unit, regulation=lim.regulation[:200],
                      legal_limit_id=lim.ref if lim.source == "legal" else None,
                      permit_limit_id=lim.ref if lim.source == "permit" else None,
                      coverage=round(wm.coverage, 4), advisory=lim.advisory, evidence=evidence_of(wm),
                      message=L.message(name, wm.averaging, wm.mean, unit, v, lim.regulation, lim.advisory)[:255]))


# -- alerts: evidence links and the facility's contacts --------------------------------------
def _is_ours(rule_id) -> bool:
    from smartcity.alerts.models import AlertRule

    params = AlertRule.objects.filter(pk=rule_id).values_list("params", flat=True).first()
    return bool(params) and params.get("evaluator") == limits_seed.EVALUATOR


def on_alert_saved(sender, instance, created=False, **kwargs):
    """Link the exceedances of the alert's episode to it; on a new alert, tell the
    station's facility contacts by e-mail (Delivery rows, sent by the alerts worker)."""
    from smartcity.environment.models import Exceedance

    if instance.kind != "evaluator" or not instance.rule_id or not _is_ours(instance.rule_id):
        return
    Exceedance.objects.filter(datastream_id=instance.datastream_id, key=instance.key, alert__isnull=True,
                              window_end__gte=epoch(instance.first_at) - 1,
                              window_end__lte=epoch(instance.last_at) + 1).update(alert=instance)
    if created:
        plan_facility_emails(instance, "raised")


def plan_facility_emails(alert, event: str) -> list:
    from smartcity.alerts import notify
    from smartcity.alerts.models import Channel, Delivery
    from smartcity.alerts.services import notify_max_age

    station = station_of(alert.asset_id)
    contacts = station.contacts() if station else []
    if not contacts or time.time() - epoch(alert.raised_at) > notify_max_age():
        return []
    already = {address for _p, _u, channel, address in notify.recipients(alert, event) if channel == "email"}
    rows = [Delivery(alert=alert, event=event, channel=Channel.EMAIL, target=a[:500])
            for a in dict.fromkeys(contacts) if a not in already]
    if not rows:
        return []
    made = Delivery.objects.bulk_create(rows)
    ids = [d.pk for d in made]
    transaction.on_commit(lambda: notify.enqueue(ids))
    return made


def evidence_for_alert(alert):
    """The exceedances (with evidence) of an alert, newest first."""
    from smartcity.environment.models import Exceedance

    return Exceedance.objects.filter(alert=alert).order_by("-window_end")


# -- permit limits entered by staff ----------------------------------------------------------
class PermitError(ValueError):
    """Bad permit-limit input: `errors` is {field: [(code, message), ...]}."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(m for items in errors.values() for _c, m in items))
        self.errors = errors


def clean_permit(station, quantity: str, averaging: str, limit_min, limit_max, unit: str, valid_from, valid_to,
                 exclude_pk=None) -> dict:
    """Check a permit limit and bring its values to the parameter's canonical unit (the
    hub registry's conversions); refuse a unit that does not convert, a parameter the
    station does not measure, an empty or inverted range, and a validity that overlaps
    another limit of the same parameter and averaging period. Returns the fields to save."""
    from django.utils.translation import gettext as _

    from smartcity.environment.models import Averaging, PermitLimit
    from smartcity.hub import registry

    errors: dict = {}

    def add(field, code, message):
        errors.setdefault(field, []).append((code, message))

    q = registry.resolve_quantity(quantity or "") if quantity else None
    if q is None or q not in registry.QUANTITIES:
        add("quantity", "unknown_quantity", _("Unknown parameter."))
    elif not station.asset.datastreams.filter(quantity_id=q).exists():
        add("quantity", "not_measured", _("The station does not measure this parameter."))
    if averaging not in Averaging.values:
        add("averaging", "invalid_choice", _("Choose an averaging period."))
    if limit_min is None and limit_max is None:
        add("limit_max", "required", _("Enter an upper or a lower limit (or both)."))
    if limit_min is not None and limit_max is not None and limit_min >= limit_max:
        add("limit_min", "bad_range", _("The lower limit must be below the upper limit."))
    if valid_from is None:
        add("valid_from", "required", _("Enter the first day of validity."))
    if valid_from and valid_to and valid_to < valid_from:
        add("valid_to", "bad_range", _("The end of validity must not be before its start."))
    out = {}
    if q and "quantity" not in errors:
        canonical = registry.QUANTITIES[q].unit
        if canonical_factor(q, unit or "") is None:
            add("unit", "unit_not_convertible", _("The unit %(unit)s cannot be converted to %(canonical)s.")
                % {"unit": unit, "canonical": canonical})
        else:
            out = dict(quantity_id=q, unit=canonical, limit_min=to_canonical(q, limit_min, unit or ""),
                       limit_max=to_canonical(q, limit_max, unit or ""))
    if not errors and valid_from:
        others = PermitLimit.objects.filter(station=station, quantity_id=q, averaging=averaging)
        if exclude_pk:
            others = others.exclude(pk=exclude_pk)
        for other in others:
            if (other.valid_to is None or other.valid_to >= valid_from) and (valid_to is None or valid_to >= other.valid_from):
                add("valid_from", "overlap", _("Another limit of this parameter and period is valid from %(start)s to %(end)s: "
                                              "end it first.") % {"start": other.valid_from.strftime("%d/%m/%Y"),
                                                                  "end": other.valid_to.strftime("%d/%m/%Y") if other.valid_to else "…"})
                break
    if errors:
        raise PermitError(errors)
    out.update(averaging=averaging, valid_from=valid_from, valid_to=valid_to)
    for k in ("limit_min", "limit_max"):
        if out.get(k) is not None:
            out[k] = round(out[k], 10)
    return out


# -- seeding ---------------------------------------------------------------------------------
def on_post_migrate(sender, **kwargs):
    try:
        limits_seed.seed()
    except DatabaseError:  # migrating backwards: the tables are not as this code expects
        logger.warning("legal limits not seeded: the database is not at the latest migration")


def load_demo() -> dict:
    """`smartcity demo`: limits and DONRE's exceedance rules (the stations and their demo
    permits come from environment.demo), then the last day judged so the pages show
    exceedances at once. Replaying twice changes nothing new."""
    from smartcity.alerts.services import replay

    out = limits_seed.seed()
    done = replay(hours=26)
    out.update(raised=done["raised"], cleared=done["cleared"])
    return out


def register() -> None:
    """Called once from EnvironmentConfig.ready()."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_migrate, post_save
    from django.utils.translation import gettext_lazy as _

    from smartcity.alerts import evaluators
    from smartcity.alerts.models import Alert
    from smartcity.demo.registry import register as register_demo

    limits_seed.register_quantities()
    evaluators.register(limits_seed.EVALUATOR, label=_("Legal and permit limits (QCVN 05/08:2023, permits)"))(evaluate)
    post_migrate.connect(on_post_migrate, sender=apps.get_app_config("environment"), dispatch_uid="env-limits-seed")
    post_save.connect(on_alert_saved, sender=Alert, dispatch_uid="env-limits-alert-evidence")
    from smartcity.environment.models import LegalLimit, PermitLimit, Station
    from smartcity.hub.models import Asset

    for model in (LegalLimit, PermitLimit, Station, Asset):
        post_save.connect(clear_cache, sender=model, dispatch_uid=f"env-limits-cache-{model.__name__}")
        post_delete.connect(clear_cache, sender=model, dispatch_uid=f"env-limits-cache-del-{model.__name__}")
    register_demo(45, "environment-limits")(load_demo)


def as_dt(t: int) -> datetime:
    return datetime.fromtimestamp(t, tz=dt_timezone.utc)

"""Alert operations as plain functions: evaluation on ingest, the missing-data sweep,
the lifecycle (raise, update, acknowledge, clear) and who may see what.

Evaluation runs inside the ingest transaction (hub.store.after_store), in a savepoint:
a failing rule is logged and rolled back, the readings are stored all the same.
"""
import logging
import time
from collections import defaultdict
from contextlib import ExitStack
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smartcity.alerts import evaluate, evaluators, index, notify
from smartcity.alerts.models import (
    OPEN_STATES,
    Alert,
    AlertEvent,
    AlertRule,
    AlertState,
    EventAction,
    RuleKind,
    RuleState,
)
from smartcity.core.permissions import can_change, is_coordinator, require_change

logger = logging.getLogger("smartcity.alerts")
VALID = 0


class AlertConflict(Exception):
    """The alert is not in a state that allows this step."""


def as_dt(t: int | float) -> datetime:
    return datetime.fromtimestamp(t, tz=dt_timezone.utc)


def notify_max_age() -> int:
    """Readings older than this (backfilled history) raise alerts without notifying anyone."""
    return int(getattr(settings, "ALERTS_NOTIFY_MAX_AGE_S", 86400))


# ---------------------------------------------------------------- who sees what

def visible_alerts(user, queryset=None):
    """Alerts are operational, not public: a logged-in member of an organisation sees the
    alerts of published assets and every alert of their own organisation (as rule owner
    or asset owner); the Smart City Office and superusers see everything."""
    qs = Alert.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_coordinator(user):
        return qs
    if not user.organisation_id:
        return qs.none()
    org = user.organisation_id
    return qs.filter(Q(owner_id=org) | Q(asset__owner_id=org) | Q(asset__published=True))


def can_see_alert(user, alert) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    org = user.organisation_id
    return bool(org) and (alert.owner_id == org or alert.asset.owner_id == org or alert.asset.published)


def visible_rules(user, queryset=None):
    """Rules: their organisation's members see all of them, other members see published ones."""
    qs = AlertRule.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_coordinator(user):
        return qs
    if not user.organisation_id:
        return qs.none()
    return qs.filter(Q(owner_id=user.organisation_id) | Q(published=True))


def can_acknowledge(user, alert) -> bool:
    return alert.state == AlertState.RAISED and can_change(user, alert)


# ---------------------------------------------------------------- texts

def fmt(value) -> str:
    if value is None:
        return "–"
    value = round(float(value), 2)
    if value.is_integer():
        value = int(value)
    return number_format(value, decimal_pos=None, use_l10n=True)


def describe(alert) -> str:
    """What happened, in the active language (stored messages come from evaluators)."""
    if alert.message:
        return alert.message
    rule = alert.rule
    params = rule.params if rule else {}
    unit = alert.unit
    if alert.kind == RuleKind.THRESHOLD and params:
        values = {"value": fmt(alert.value), "limit": fmt(params.get("value")), "unit": unit,
                  "peak": fmt(alert.peak), "clear": fmt(params.get("clear_value"))}
        if params.get("op") == "<":
            return _("%(value)s %(unit)s, below the limit of %(limit)s %(unit)s (lowest %(peak)s; clears above %(clear)s)") % values
        return _("%(value)s %(unit)s, above the limit of %(limit)s %(unit)s (highest %(peak)s; clears below %(clear)s)") % values
    if alert.kind == RuleKind.RATE and params:
        return _("Changing by %(value)s %(unit)s (limit %(limit)s)") % {
            "value": fmt(alert.value), "unit": unit, "limit": fmt(params.get("max_per_hour"))}
    if alert.kind == RuleKind.MISSING:
        return _("No data for %(minutes)s minutes") % {"minutes": fmt(alert.value)}
    return _("Value %(value)s %(unit)s") % {"value": fmt(alert.value), "unit": unit}


def target_label(rule) -> str:
    quantity = rule.quantity.name_vi if rule.quantity_id and (translation.get_language() or "vi").startswith("vi") \
        else (rule.quantity.name_en if rule.quantity_id else "")
    if rule.target == "datastream" and rule.datastream_id:
        ds = rule.datastream
        return f"{ds.asset.name} · {ds.quantity_id}"
    if rule.target == "asset" and rule.asset_id:
        label = rule.asset.name
    elif rule.asset_type_id:
        label = _("every %(type)s") % {"type": str(rule.asset_type)}
        if rule.all_owners:
            label += " " + _("(all organisations)")
    else:
        label = "–"
    return f"{label} · {quantity}" if quantity else label


def rule_summary(rule) -> str:
    p = rule.params or {}
    if rule.kind == RuleKind.THRESHOLD and "value" in p:
        values = {"op": p.get("op"), "value": fmt(p.get("value")), "clear": fmt(p.get("clear_value")),
                  "minutes": fmt((p.get("duration_s") or 0) / 60)}
        if not p.get("duration_s"):
            return _("%(op)s %(value)s, clears past %(clear)s") % values
        return _("%(op)s %(value)s for %(minutes)s min, clears past %(clear)s") % values
    if rule.kind == RuleKind.RATE and "max_per_hour" in p:
        return _("changes more than %(limit)s per hour (%(direction)s)") % {
            "limit": fmt(p.get("max_per_hour")), "direction": {"rise": _("rise"), "fall": _("fall")}.get(p.get("direction"), _("rise or fall"))}
    if rule.kind == RuleKind.MISSING:
        return _("no reading for %(factor)s x the expected interval") % {"factor": fmt(p.get("factor", 3))}
    if rule.kind == RuleKind.EVALUATOR:
        ev = evaluators.get(p.get("evaluator", ""))
        return str(ev.label) if ev else _("evaluator %(name)s (not installed)") % {"name": p.get("evaluator")}
    return ""


# ---------------------------------------------------------------- lifecycle

class Batch:
    """Changes of one evaluation pass, written together at the end."""

    def __init__(self, now: int):
        self.now = now
        self.dirty: dict[int, Alert] = {}
        self.events: list[AlertEvent] = []
        self.notify: list[tuple[Alert, str, int]] = []
        self.raised = self.cleared = 0

    def open(self, rule, meta, key, since, t, value, *, unit="", severity=None, message="") -> Alert:
        alert = Alert.objects.create(
            rule_id=rule.id, rule_name=rule.name, kind=rule.kind, key=key, owner_id=rule.owner_id,
            asset_id=meta.asset_id, datastream_id=meta.id, state=AlertState.RAISED,
            severity=severity or rule.severity, first_at=as_dt(since if since is not None else t), raised_at=as_dt(t),
            last_at=as_dt(t), value=value, peak=value, unit=unit, message=message)
        self.events.append(AlertEvent(alert=alert, action=EventAction.RAISED, data_at=as_dt(t), value=value))
        self.notify.append((alert, EventAction.RAISED, t))
        self.raised += 1
        return alert

    def update(self, alert, direction, t, value, *, severity=None, message=None, count=1, log_worse=True):
        when = as_dt(t)
        if when > alert.last_at:
            alert.last_at = when
        alert.value = value
        alert.readings += count
        note = ""
        if severity and evaluate.SEVERITY_RANK.get(severity, -1) > evaluate.SEVERITY_RANK.get(alert.severity, -1):
            note = _("Severity raised from %(old)s to %(new)s") % {"old": alert.severity, "new": severity}
            alert.severity = severity
        if message:
            alert.message = message
        got_worse = evaluate.worse(direction, value, alert.peak)
        if got_worse:
            alert.peak = value
        if (got_worse and log_worse) or note:
            self.events.append(AlertEvent(alert=alert, action=EventAction.UPDATED, data_at=when, value=value, note=note))
        self.dirty[alert.pk] = alert

    def clear(self, alert, t, value, *, user=None, note="", notify_event=True):
        alert.state = AlertState.CLEARED
        alert.cleared_at = as_dt(t)
        if value is not None:
            alert.value = value
        alert.save()
        self.dirty.pop(alert.pk, None)
        self.events.append(AlertEvent(alert=alert, action=EventAction.CLEARED, data_at=as_dt(t), value=value, user=user, note=note))
        if notify_event:
            self.notify.append((alert, EventAction.CLEARED, t))
        self.cleared += 1

    def flush(self):
        for alert in self.dirty.values():
            alert.save(update_fields=["last_at", "value", "peak", "readings", "severity", "message", "updated_at"])
        if self.events:
            AlertEvent.objects.bulk_create(self.events)
        limit = notify_max_age()
        for alert, event, t in self.notify:
            if self.now - t <= limit:
                notify.plan(alert, event)
        self.dirty, self.events, self.notify = {}, [], []


def acknowledge(alert: Alert, user, note: str = "") -> Alert:
    """Someone of the owner organisation (editor+) or the Smart City Office has seen it."""
    require_change(user, alert)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state == AlertState.CLEARED:
            raise AlertConflict(_("The alert has already cleared."))
        if alert.state == AlertState.ACKNOWLEDGED:
            return alert
        alert.state = AlertState.ACKNOWLEDGED
        alert.acknowledged_by = user
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["state", "acknowledged_by", "acknowledged_at", "updated_at"])
        AlertEvent.objects.create(alert=alert, action=EventAction.ACKNOWLEDGED, user=user, note=note[:2000])
    return alert


def close_rule_alerts(rule: AlertRule, note: str, user=None) -> int:
    """Clear the open alerts of a rule that is disabled or deleted."""
    now = int(time.time())
    batch = Batch(now)
    alerts = list(Alert.objects.open().filter(rule=rule))
    for alert in alerts:
        batch.clear(alert, now, None, user=user, note=note, notify_event=False)
    batch.flush()
    return len(alerts)


def rule_changed(rule: AlertRule, before: dict | None, user=None) -> None:
    """After a rule is saved: forget evaluation memory when its meaning changed, close its
    alerts when it was disabled."""
    meaning = ("kind", "params", "target", "asset_type_id", "asset_id", "datastream_id", "quantity_id", "all_owners")
    if before is not None and any(before.get(f) != getattr(rule, f) for f in meaning):
        RuleState.objects.filter(rule=rule).delete()
    if not rule.enabled:
        RuleState.objects.filter(rule=rule).delete()
        close_rule_alerts(rule, _("Rule disabled"), user)
    index.invalidate()


def snapshot(rule: AlertRule) -> dict:
    return {f: getattr(rule, f) for f in ("kind", "params", "target", "asset_type_id", "asset_id", "datastream_id",
                                          "quantity_id", "all_owners", "enabled")}


def delete_rule(rule: AlertRule, user=None) -> None:
    with transaction.atomic():
        close_rule_alerts(rule, _("Rule deleted"), user)
        rule.delete()
    index.invalidate()


# ---------------------------------------------------------------- evaluation on ingest

def on_store(written, result) -> None:
    """hub.store.after_store hook: evaluate the rules of the datastreams just written.
    Costs nothing but dictionary look-ups when no rule applies to them."""
    if not written:
        return
    idx = index.current()
    if not idx:
        return
    ds_ids = {row[0] for row in written}
    metas = index.stream_meta(ds_ids)
    work = {}
    for ds in ds_ids:
        meta = metas.get(ds)
        if meta is not None:
            rules = idx.rules_for(meta)
            if rules:
                work[ds] = rules
    if not work:
        return
    try:
        with transaction.atomic():
            evaluate_batch(work, metas, written)
    except Exception:  # a broken rule must not cost the readings
        logger.exception("alert evaluation failed for datastreams %s; readings are stored", sorted(work)[:20])


def _check_rules(work, metas):
    """The index is a pre-filter: confirm the matched rules are still as indexed. Inside a
    `hub.store.batch()` a rule confirmed once is not asked for again in that transaction
    (the ingest does not change rules; saving one here forgets what was confirmed)."""
    wanted = {r.id: r.updated_at for rules in work.values() for r in rules}
    checked = index.batch_cache(index.RULES_CHECKED)
    if checked is not None and all(checked.get(i, checked) == u for i, u in wanted.items()):
        return work
    stored = dict(AlertRule.objects.filter(id__in=wanted, enabled=True).values_list("id", "updated_at"))
    if all(stored.get(r.id) == r.updated_at for rules in work.values() for r in rules):
        if checked is not None:
            checked.update(wanted)
        return work
    idx = index.current(force=True)
    fresh = {}
    for ds in work:
        rules = idx.rules_for(metas[ds])
        if rules:
            fresh[ds] = rules
    return fresh


def evaluate_batch(work: dict, metas: dict, written, now: int | None = None) -> Batch:
    now = int(time.time()) if now is None else now
    work = _check_rules(work, metas)
    batch = Batch(now)
    if not work:
        return batch
    rows_by_ds = defaultdict(list)
    for ds, t, value, status, _lat, _lon in written:
        if ds in work:
            rows_by_ds[ds].append((t, value, status))
    rule_ids = {r.id for rules in work.values() for r in rules}
    stateful = {(r.id, ds) for ds, rules in work.items() for r in rules if r.kind in (RuleKind.THRESHOLD, RuleKind.RATE)}
    states = {}
    if stateful:
        for st in RuleState.objects.filter(rule_id__in={p[0] for p in stateful}, datastream_id__in={p[1] for p in stateful}):
            states[(st.rule_id, st.datastream_id)] = st
    open_alerts = {(a.rule_id, a.datastream_id, a.key): a
                   for a in Alert.objects.filter(state__in=OPEN_STATES, rule_id__in=rule_ids, datastream_id__in=list(work))}
    streams, readings_of = None, {}
    new_states, changed_states = [], []
    with ExitStack() as prefetched:
        streams = _prefetch(prefetched, work, rows_by_ds, readings_of)
        _evaluate_rules(batch, work, metas, rows_by_ds, states, open_alerts, streams, readings_of, new_states,
                        changed_states, now)
    if new_states:
        RuleState.objects.bulk_create(new_states)
    if changed_states:
        RuleState.objects.bulk_update(changed_states, ["since", "last_t", "last_value"])
    batch.flush()
    return batch


def _streams(ds_ids) -> dict:
    """The Datastream objects (asset, type, quantity loaded) evaluators get; inside a
    `hub.store.batch()` loaded once per transaction (datastreams do not change in an ingest;
    saving one here forgets it, see index.forget_stream)."""
    from smartcity.hub.models import Datastream

    cache = index.batch_cache(index.STREAMS)
    if cache is None:
        return Datastream.objects.select_related("asset__asset_type", "quantity").in_bulk(list(ds_ids))
    missing = [ds for ds in ds_ids if ds not in cache]
    if missing:
        cache.update(Datastream.objects.select_related("asset__asset_type", "quantity").in_bulk(missing))
    return {ds: cache[ds] for ds in ds_ids if ds in cache}


def _prefetch(stack: ExitStack, work, rows_by_ds, readings_of):
    """Let evaluators that can (an `fn.prefetch(items)` context manager) read what they need
    for all datastreams of this pass at once. Only datastreams with exactly one rule of kind
    "evaluator" take part: nothing else in the pass can change that evaluator's alerts of
    the datastream before it runs, so what it reads ahead is what it would read in turn.
    Returns the Datastream objects (or None when no evaluator rule is in the pass)."""
    items = {}
    any_evaluator = False
    for ds, rules in work.items():
        mine = [r for r in rules if r.kind == RuleKind.EVALUATOR]
        any_evaluator = any_evaluator or bool(mine)
        if len(mine) == 1:
            ev = evaluators.get(mine[0].params.get("evaluator", ""))
            if ev is not None and callable(getattr(ev.fn, "prefetch", None)):
                items.setdefault(ev.name, (ev, []))[1].append(ds)
    if not any_evaluator:
        return None
    streams = _streams(work)
    for ev, ds_list in items.values():
        pairs = []
        for ds in ds_list:
            readings_of[ds] = [evaluators.Reading(t, v, s) for t, v, s in sorted(rows_by_ds[ds])]
            pairs.append((streams[ds], readings_of[ds]))
        stack.enter_context(ev.fn.prefetch(pairs))
    return streams


def _evaluate_rules(batch, work, metas, rows_by_ds, states, open_alerts, streams, readings_of, new_states,
                    changed_states, now):
    for ds, rules in work.items():
        meta = metas[ds]
        rows = sorted(rows_by_ds[ds])
        valid = [(t, v) for t, v, s in rows if s == VALID and v is not None]
        for rule in rules:
            p = rule.params
            if rule.kind in (RuleKind.THRESHOLD, RuleKind.RATE):
                if not valid:
                    continue
                st = states.get((rule.id, ds))
                track = evaluate.Track(st.since, st.last_t, st.last_value) if st else evaluate.Track()
                alert = open_alerts.get((rule.id, ds, ""))
                gap = 3 * max(meta.expected_interval_s, 1)
                if rule.kind == RuleKind.THRESHOLD:
                    track, events = evaluate.threshold(
                        valid, op=p["op"], value=p["value"], clear_value=p.get("clear_value"),
                        duration_s=p.get("duration_s", 0), max_gap_s=max(gap, p.get("duration_s", 0)),
                        active=alert is not None, track=track)
                    direction, unit = p["op"], meta.unit
                else:
                    track, events = evaluate.rate(valid, max_per_hour=p["max_per_hour"], direction=p.get("direction", "both"),
                                                  max_gap_s=gap, active=alert is not None, track=track)
                    direction, unit = "rate", f"{meta.unit}/h"
                alert = _apply(batch, rule, meta, "", events, alert, direction, unit)
                _keep(open_alerts, (rule.id, ds, ""), alert)
                if st is None:
                    new_states.append(RuleState(rule_id=rule.id, datastream_id=ds, since=track.since, last_t=track.last_t,
                                                last_value=track.last_value))
                elif (st.since, st.last_t, st.last_value) != (track.since, track.last_t, track.last_value):
                    st.since, st.last_t, st.last_value = track.since, track.last_t, track.last_value
                    changed_states.append(st)
            elif rule.kind == RuleKind.MISSING:
                alert = open_alerts.get((rule.id, ds, ""))
                if alert is not None and rows:
                    newest = rows[-1][0]
                    if evaluate.missing_for(now, newest, meta.expected_interval_s, p.get("factor", 3)) is None:
                        batch.clear(alert, newest, None, note=_("Data arrived again"))
                        open_alerts.pop((rule.id, ds, ""), None)
            elif rule.kind == RuleKind.EVALUATOR:
                ev = evaluators.get(p.get("evaluator", ""))
                if ev is None:
                    logger.warning("rule %s names evaluator %r, which is not installed", rule.id, p.get("evaluator"))
                    continue
                if streams is None:
                    streams = _streams(work)
                readings = readings_of.pop(ds, None)  # the list its evaluator read ahead for, if any
                if readings is None:
                    readings = [evaluators.Reading(t, v, s) for t, v, s in rows]
                findings = sorted(evaluators.run(ev, streams[ds], readings, p), key=lambda f: f.t)
                for f in findings:
                    key = (f.key or "")[:100]
                    alert = open_alerts.get((rule.id, ds, key))
                    if f.active:
                        if alert is None:
                            alert = batch.open(rule, meta, key, f.t, f.t, f.value, unit=meta.unit, severity=f.severity,
                                               message=f.message)
                            open_alerts[(rule.id, ds, key)] = alert
                        else:
                            batch.update(alert, ">", f.t, f.value, severity=f.severity, message=f.message)
                    elif alert is not None:
                        batch.clear(alert, f.t, f.value, note=f.message)
                        open_alerts.pop((rule.id, ds, key), None)


def _keep(open_alerts, key, alert):
    if alert is None:
        open_alerts.pop(key, None)
    else:
        open_alerts[key] = alert


def _apply(batch: Batch, rule, meta, key, events, alert, direction, unit):
    """Turn evaluate.Events into alert changes; consecutive updates are written once."""
    for ev in events:
        if ev.action == evaluate.RAISE:
            alert = batch.open(rule, meta, key, ev.since, ev.t, ev.value, unit=unit)
        elif ev.action == evaluate.UPDATE and alert is not None:
            batch.update(alert, direction, ev.t, ev.value)
        elif ev.action == evaluate.CLEAR and alert is not None:
            batch.clear(alert, ev.t, ev.value)
            alert = None
    return alert


# ---------------------------------------------------------------- missing data

def _target_q(rule) -> Q:
    if rule.target == "datastream":
        return Q(id=rule.datastream_id)
    q = Q(quantity_id=rule.quantity) if rule.quantity else Q()
    if rule.target == "asset":
        return q & Q(asset_id=rule.asset_id)
    owners = Q(asset__owner_id=rule.owner_id)
    if rule.all_owners:
        owners |= Q(asset__published=True)
    return q & Q(asset__asset_type_id=rule.asset_type) & owners


def check_missing(now: int | None = None) -> dict:
    """The one periodic check: datastreams covered by a missing-data rule whose newest
    reading (hub_latest, read in one query with the datastreams) is older than
    factor x expected interval. A datastream that never reported counts from its creation.
    Raises, refreshes and clears missing-data alerts."""
    from smartcity.hub.models import Datastream

    now = int(time.time()) if now is None else now
    idx = index.current(force=True)
    rules = idx.of_kind(RuleKind.MISSING)
    summary = {"rules": len(rules), "datastreams": 0, "missing": 0, "raised": 0, "cleared": 0}
    if not rules:
        return summary
    where = Q()
    for rule in rules:
        where |= _target_q(rule)
    rows = list(Datastream.objects.filter(where).values_list(*index.META_FIELDS, "latest__t", "created_at"))
    summary["datastreams"] = len(rows)
    with transaction.atomic():
        open_alerts = {(a.rule_id, a.datastream_id): a for a in
                       Alert.objects.filter(state__in=OPEN_STATES, kind=RuleKind.MISSING, rule_id__in=[r.id for r in rules])}
        batch = Batch(now)
        for row in rows:
            meta = index.meta_from_row(row)
            index.remember(meta)
            last_t = row[9] if row[9] is not None else int(row[10].timestamp())
            for rule in idx.rules_for(meta, kinds={RuleKind.MISSING}):
                alert = open_alerts.pop((rule.id, meta.id), None)
                factor = rule.params.get("factor", 3)
                silent = evaluate.missing_for(now, last_t, meta.expected_interval_s, factor) if meta.active else None
                if silent is not None:
                    summary["missing"] += 1
                    minutes = round(silent / 60.0, 1)
                    if alert is None:
                        batch.open(rule, meta, "", evaluate.missing_since(last_t, meta.expected_interval_s, factor), now,
                                   minutes, unit="min")
                    else:
                        batch.update(alert, ">", now, minutes, count=0, log_worse=False)
                elif alert is not None:
                    batch.clear(alert, now, None, note=_("Data arrived again"))
        for alert in open_alerts.values():  # the rule no longer covers this datastream
            batch.clear(alert, now, None, note=_("No longer covered by the rule"), notify_event=False)
        batch.flush()
    summary["raised"], summary["cleared"] = batch.raised, batch.cleared
    return summary


def open_counts_by_severity(queryset) -> dict:
    from django.db.models import Count

    counts = dict(queryset.filter(state__in=OPEN_STATES).values_list("severity").annotate(n=Count("id")).order_by())
    return counts


def replay(hours: float = 6, now: int | None = None) -> dict:
    """Evaluate the rules on the readings of the last `hours` (a new rule, the demo, after
    an outage of the worker). Readings already evaluated are skipped by each rule's
    memory, so replaying twice changes nothing."""
    from smartcity.hub.models import Datastream, Observation

    now = int(time.time()) if now is None else now
    idx = index.current(force=True)
    summary = {"datastreams": 0, "readings": 0, "raised": 0, "cleared": 0}
    if not idx:
        return summary
    where = Q()
    for rule in idx.rules.values():
        if rule.kind != RuleKind.MISSING:
            where |= _target_q(rule)
    if not where:
        return summary
    metas = {}
    for row in Datastream.objects.filter(where).values_list(*index.META_FIELDS):
        meta = index.meta_from_row(row)
        index.remember(meta)
        metas[meta.id] = meta
    since = now - int(hours * 3600)
    ids = list(metas)
    for i in range(0, len(ids), 200):
        part = ids[i:i + 200]
        work = {ds: rules for ds in part if (rules := idx.rules_for(metas[ds]))}
        if not work:
            continue
        rows = list(Observation.objects.filter(datastream_id__in=list(work), t__gte=since, t__lte=now)
                    .order_by("datastream_id", "t").values_list("datastream_id", "t", "value", "status", "lat", "lon"))
        if not rows:
            continue
        with transaction.atomic():
            batch = evaluate_batch(work, metas, rows, now=now)
        summary["datastreams"] += len(work)
        summary["readings"] += len(rows)
        summary["raised"] += batch.raised
        summary["cleared"] += batch.cleared
    return summary

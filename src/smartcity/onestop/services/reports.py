"""Reports on dossiers: the on-time rate per unit and procedure, volumes by channel, the
average processing time in working days, the overdue list.

    summary(start, end, *, unit=None)      -> dict  the period's figures (kpis.period_figures)
                                                    + overdue now
    by_unit(start, end)                    -> list  one entry per receiving unit
    by_procedure(start, end, *, unit=None) -> list  one entry per procedure
    by_month(start, end, *, unit=None)     -> list  volumes by channel and on-time rate per month
    overdue(now=None, *, unit=None)        -> list  open dossiers past their appointment
    report(start, end, *, unit=None)       -> dict  summary + by_unit + by_procedure from one read

`start` and `end` are dates, both included (local days, UTC+7); a period under way is
reported as of now (`bounds`). A dossier counts for the
unit competent to resolve it (its procedure version's `competent_unit`): since 2025 one
service centre receives nearly everything, so grouping by the counter would say nothing
about the departments; the overdue list also says who holds it now. Big tables: the figures are computed from `values_list` tuples (no model
instances) of the dossiers that touch the period, in one query; volumes per month are
counted by the database. Processing time uses the province's office hours
(`services.calendar.working_days_between` without a unit).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from smartcity.onestop import kpis
from smartcity.onestop.kpis import LOCAL


def working_days(start: dt.datetime, end: dt.datetime) -> float:
    """`services.calendar.working_days_between` on the province's office hours."""
    from smartcity.onestop.services.calendar import working_days_between

    return working_days_between(start, end)


def working_days_fn():
    """The same, bound once: the calendar is checked against the database once per report
    instead of once per dossier (`calendar_for` looks at a fingerprint on every call), and
    accumulated per day (`kpis.CumulativeWorkingTime`) so that a long overdue span does not
    walk its days again for every dossier."""
    from smartcity.onestop.services import calendar

    if hasattr(calendar, "calendar_for"):
        cal = calendar.calendar_for(None)
        if hasattr(cal, "working_seconds_between") and getattr(cal, "day_seconds", None):
            return kpis.CumulativeWorkingTime(cal.working_seconds_between, cal.day_seconds)
        return cal.working_days_between
    return working_days


def resolve_unit(unit):
    """An Organisation from an Organisation, a code or an id (None stays None); raises
    Organisation.DoesNotExist for an unknown one."""
    from smartcity.core.models import Organisation

    if unit is None or unit == "" or isinstance(unit, Organisation):
        return unit or None
    if isinstance(unit, int):
        return Organisation.objects.get(pk=unit)
    return Organisation.objects.get(code=unit)


def _org(org) -> dict | None:
    if org is None:
        return None
    return {"code": org.code, "name": org.name, "abbreviation": org.abbreviation or org.code}


def bounds(start: dt.date, end: dt.date, now=None) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes, its end capped at `now`: a period under way is
    reported as of now (a dossier due later today is not overdue yet)."""
    start_at, end_at = kpis.day_bounds(start, end)
    end_at = max(start_at, min(end_at, now or timezone.now()))
    return start_at, end_at


def rows(start_at: dt.datetime, end_at: dt.datetime, *, unit=None) -> list[kpis.Row]:
    """The dossiers touching [start_at, end_at) as plain rows: received before the end and
    not finished before the start (kpis decides the details)."""
    from smartcity.onestop.models import Dossier

    qs = Dossier.objects.with_legal_due().filter(received_at__isnull=False, received_at__lt=end_at)
    qs = qs.filter(Q(result_at__isnull=True) | Q(result_at__gte=start_at))
    qs = qs.exclude(result_at__isnull=True, status__in=tuple(kpis.CLOSED_WITHOUT_RESULT), closed_at__lt=start_at)
    if unit is not None:
        qs = qs.filter(procedure_version__competent_unit=unit)
    names = ["received_at", "legal_due", "result_at", "returned_at", "status", "channel", "procedure_version__competent_unit_id", "procedure_id", "closed_at", "id"]
    assert len(names) == len(kpis.FIELDS)
    return [kpis.Row(*t) for t in qs.order_by().values_list(*names).iterator(chunk_size=5000)]


def _unit_names(ids) -> dict:
    from smartcity.core.models import Organisation

    return {o.pk: _org(o) for o in Organisation.objects.filter(pk__in=set(ids))}


def _procedure_names(ids) -> dict:
    from smartcity.onestop.models import Procedure

    out = {}
    for p in Procedure.objects.filter(pk__in=set(ids)).select_related("field", "owner", "current_version"):
        limit = p.current_version.time_limit_days if p.current_version is not None else None
        out[p.pk] = {"id": p.pk, "code": p.code, "name": p.name, "field": {"id": p.field_id, "code": p.field.code, "name": p.field.name},
                     "unit": _org(p.owner), "time_limit_days": float(limit) if limit is not None else None}
    return out


def overdue_count(now=None, *, unit=None) -> int:
    return _overdue_qs(now or timezone.now(), unit).count()


def _overdue_qs(now, unit):
    """`Dossier.objects.overdue` less the dossiers whose result is ready and waits for the
    applicant (their lateness was settled when the result was ready)."""
    from smartcity.onestop.models import Dossier

    qs = Dossier.objects.overdue(now).filter(result_at__isnull=True)
    return qs.filter(procedure_version__competent_unit=unit) if unit is not None else qs


def _figures(period_rows, start_at, end_at, wd=None):
    wd = wd or working_days_fn()
    return kpis.period_figures(period_rows, start_at, end_at, working_days=wd)


def summary(start: dt.date, end: dt.date, *, unit=None, now=None) -> dict:
    """The period's figures for one receiving unit or all, plus the dossiers overdue now."""
    unit = resolve_unit(unit)
    start_at, end_at = bounds(start, end, now)
    fig = _figures(rows(start_at, end_at, unit=unit), start_at, end_at)
    return {"start": start, "end": end, "unit": _org(unit), **fig, "overdue_now": overdue_count(now, unit=unit)}


def _by_unit(period_rows, start_at, end_at, wd=None) -> list[dict]:
    wd = wd or working_days_fn()
    groups = kpis.grouped_figures(period_rows, start_at, end_at, key=lambda r: r.unit, working_days=wd)
    names = _unit_names(groups)
    out = [{"unit": names.get(k) or {"code": str(k), "name": str(k), "abbreviation": str(k)}, **fig} for k, fig in groups.items()]
    out.sort(key=lambda e: e["unit"]["name"])
    return out


def _by_procedure(period_rows, start_at, end_at, wd=None) -> list[dict]:
    wd = wd or working_days_fn()
    groups = kpis.grouped_figures(period_rows, start_at, end_at, key=lambda r: r.procedure, working_days=wd)
    names = _procedure_names(groups)
    out = [{"procedure": names[k], **fig} for k, fig in groups.items() if k in names]
    out.sort(key=lambda e: e["procedure"]["code"])
    return out


def by_unit(start: dt.date, end: dt.date, *, now=None) -> list[dict]:
    """One entry per receiving unit with dossiers in the period, by name."""
    start_at, end_at = bounds(start, end, now)
    return _by_unit(rows(start_at, end_at), start_at, end_at)


def by_procedure(start: dt.date, end: dt.date, *, unit=None, now=None) -> list[dict]:
    """One entry per procedure with dossiers in the period, by code."""
    unit = resolve_unit(unit)
    start_at, end_at = bounds(start, end, now)
    return _by_procedure(rows(start_at, end_at, unit=unit), start_at, end_at)


def report(start: dt.date, end: dt.date, *, unit=None, now=None) -> dict:
    """What the reports page shows, from a single read of the dossiers."""
    unit = resolve_unit(unit)
    start_at, end_at = bounds(start, end, now)
    period_rows = rows(start_at, end_at, unit=unit)
    wd = working_days_fn()
    return {
        "summary": {"start": start, "end": end, "unit": _org(unit), **_figures(period_rows, start_at, end_at, wd),
                    "overdue_now": overdue_count(now, unit=unit)},
        "by_unit": _by_unit(period_rows, start_at, end_at, wd),
        "by_procedure": _by_procedure(period_rows, start_at, end_at, wd),
    }


def by_month(start: dt.date, end: dt.date, *, unit=None) -> list[dict]:
    """Per local month touched by [start, end]: new dossiers by channel (received in the
    month) and results ready with how many were late. Two aggregate queries."""
    from smartcity.onestop.models import Dossier

    unit = resolve_unit(unit)
    start_at, end_at = kpis.day_bounds(start, end)
    base = Dossier.objects.all() if unit is None else Dossier.objects.filter(procedure_version__competent_unit=unit)
    months = {(y, m): {"month": f"{y:04d}-{m:02d}", "received": {"counter": 0, "online": 0, "post": 0, "total": 0},
                       "resolved": 0, "late": 0, "on_time_rate": None} for y, m in kpis.months_between(start, end)}
    received = (base.filter(received_at__gte=start_at, received_at__lt=end_at)
                .annotate(month=TruncMonth("received_at", tzinfo=LOCAL)).order_by()
                .values_list("month", "channel").annotate(n=Count("id")))
    for month, channel, n in received:
        entry = months.get(_ym(month))
        if entry is not None:
            entry["received"][channel] = entry["received"].get(channel, 0) + n
            entry["received"]["total"] += n
    resolved = (base.with_legal_due().filter(result_at__gte=start_at, result_at__lt=end_at)
                .annotate(month=TruncMonth("result_at", tzinfo=LOCAL)).order_by().values_list("month")
                .annotate(n=Count("id"), late=Count("id", filter=Q(legal_due__isnull=False, result_at__gt=F("legal_due")))))
    for month, n, late in resolved:
        entry = months.get(_ym(month))
        if entry is not None:
            entry["resolved"] += n
            entry["late"] += late
    for entry in months.values():
        entry["on_time_rate"] = kpis.rate(entry["resolved"] - entry["late"], entry["resolved"])
    return list(months.values())


def _ym(value) -> tuple[int, int]:
    """(year, month) of a TruncMonth value (a datetime or, on some backends, a date)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(LOCAL)
    return value.year, value.month


def mask_name(name: str) -> str:
    """'Nguyễn Văn Hùng' -> 'N. V. H.': enough for staff to recognise a dossier on a sheet
    that leaves the office, not enough to identify a person."""
    return " ".join(part[0] + "." for part in (name or "").split() if part)


def overdue(now=None, *, unit=None, limit: int | None = None) -> list[dict]:
    """Open dossiers past their appointment now (no result ready yet), most overdue first,
    with the working days late. No personal data beyond masked initials."""
    now = now or timezone.now()
    unit = resolve_unit(unit)
    qs = _overdue_qs(now, unit).order_by("due_at", "id").values_list(
        "id", "code", "status", "procedure_id", "procedure_version__competent_unit_id", "current_unit_id", "received_at", "due_at", "applicant_name")
    if limit:
        qs = qs[:limit]
    found = list(qs)
    wd = working_days_fn()
    procs = _procedure_names(r[3] for r in found)
    units = _unit_names([r[4] for r in found] + [r[5] for r in found])
    out = []
    for pk, code, status, proc, owner, holder, received, due, name in found:
        out.append({"id": pk, "code": code, "status": status, "procedure": procs.get(proc), "unit": units.get(owner),
                    "current_unit": units.get(holder), "received_at": received, "due_at": due,
                    "days_late": round(wd(due, now), 1), "applicant": mask_name(name)})
    return out

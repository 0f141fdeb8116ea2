"""The deadline function used everywhere: the working-day calendar from the database
(CalendarYear/CalendarDay exceptions + WorkingRules) applied by the pure arithmetic in
`onestop/workdays.py`.

Contract (other parts call these):
    due_at(received: datetime, days, *, unit=None) -> datetime          # cut-off applied
    add_working_time(start: datetime, days, *, unit=None) -> datetime    # no cut-off
    working_days_between(start: datetime, end: datetime, *, unit=None) -> float
    is_working_day(day: date) -> bool
    seed_year(year: int) -> CalendarYear                                  # idempotent
    ensure_years(*years)

A year with no CalendarYear row yet is computed from the Labor Code rules in memory
(`holiday_rules`), so deadlines are right before anyone seeds it; seeding stores the same
days so that staff can correct them with the government's announced swaps.

Cache: the calendar is loaded once per process and reused while a fingerprint of the
calendar tables (row counts, newest ids and history times) is unchanged. One tiny
aggregate query per call instead of loading rows; a change by another process, or a
rolled-back test transaction, changes the fingerprint and the calendar is reloaded.
Saves and deletes in this process also clear it at once (signals).
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from smartcity.onestop import holiday_rules
from smartcity.onestop.models import CalendarDay, CalendarYear, WorkingRules
from smartcity.onestop.workdays import DEFAULT_CUTOFF, DEFAULT_PERIODS, LOCAL, WorkCalendar, timeliness  # noqa: F401

_lock = threading.Lock()
_state: dict = {"fingerprint": None, "days": None, "years": None, "rules": None, "calendars": {}}


def tet_offsets() -> tuple:
    """Seed rule for the Tết days (relative to 1/1 lunar); `settings.ONESTOP_TET_OFFSETS`."""
    return tuple(getattr(settings, "ONESTOP_TET_OFFSETS", holiday_rules.TET_OFFSETS))


@lru_cache(maxsize=256)
def _rule_exceptions(year: int, offsets: tuple) -> dict:
    return {d.date: d.working for d in holiday_rules.year_days(year, tet_offsets=offsets)}


class _Exceptions(Mapping):
    """date -> working? from the database for stored years, from the rules for the others."""

    def __init__(self, stored: dict, years: frozenset):
        self.stored, self.years, self.offsets = stored, years, tet_offsets()

    def __getitem__(self, day):
        if day.year in self.years:
            return self.stored[day]
        return _rule_exceptions(day.year, self.offsets)[day]

    def __iter__(self):
        return iter(self.stored)

    def __len__(self):
        return len(self.stored)


@lru_cache(maxsize=1)
def _fingerprint_sql() -> str:
    parts = []
    for model in (CalendarDay, CalendarYear, WorkingRules):
        table, hist = model._meta.db_table, model.history.model._meta.db_table
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})",
                  f"(SELECT COUNT(*) FROM {hist})", f"(SELECT MAX(history_id) FROM {hist})",
                  f"(SELECT MAX(history_date) FROM {hist})"]
    return "SELECT " + ", ".join(parts)


def _fingerprint() -> tuple:
    """Changes whenever a calendar row or rule is added, changed or deleted (every change
    goes through the models and leaves a history row), or a transaction is rolled back."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def clear_cache(**_kwargs) -> None:
    with _lock:
        _state.update(fingerprint=None, days=None, years=None, rules=None, calendars={})


def _load() -> None:
    fingerprint = _fingerprint()
    if fingerprint == _state["fingerprint"]:
        return
    days = {d: w for d, w in CalendarDay.objects.values_list("date", "working")}
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    rules = {r.unit_id: r for r in WorkingRules.objects.all()}
    with _lock:
        _state.update(fingerprint=fingerprint, days=_Exceptions(days, years), years=years, rules=rules, calendars={})


def rules_for(unit=None) -> WorkingRules:
    """The unit's WorkingRules, else the province row, else the model defaults (unsaved)."""
    _load()
    rules = _state["rules"]
    unit_id = getattr(unit, "pk", unit)
    found = rules.get(unit_id) or rules.get(None)
    if found is not None:
        return found
    default = WorkingRules()  # the model defaults, as times (they are declared as strings)
    for name in ("morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff"):
        value = getattr(default, name)
        setattr(default, name, _as_time(value) if value else None)
    return default


def _as_time(value) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


def calendar_for(unit=None) -> WorkCalendar:
    """The pure WorkCalendar for a receiving unit (its own rules or the province's)."""
    _load()
    unit_id = getattr(unit, "pk", unit)
    cached = _state["calendars"].get(unit_id)
    if cached is not None:
        return cached
    r = rules_for(unit_id)
    periods = ((_as_time(r.morning_start), _as_time(r.morning_end)), (_as_time(r.afternoon_start), _as_time(r.afternoon_end)))
    cal = WorkCalendar(exceptions=_state["days"], periods=periods, cutoff=_as_time(r.cutoff) if r.cutoff else None)
    _state["calendars"][unit_id] = cal
    return cal


# -- the contract ----------------------------------------------------------------------------
def due_at(received: dt.datetime, days, *, unit=None) -> dt.datetime:
    return calendar_for(unit).due_at(received, days)


def add_working_time(start: dt.datetime, days, *, unit=None) -> dt.datetime:
    return calendar_for(unit).add_working_time(start, days)


def working_days_between(start: dt.datetime, end: dt.datetime, *, unit=None) -> float:
    return calendar_for(unit).working_days_between(start, end)


def is_working_day(day: dt.date) -> bool:
    return calendar_for(None).is_working_day(day)


def explain(received: dt.datetime, days, *, unit=None) -> dict:
    return calendar_for(unit).explain(received, days)


def working_days_in_year(year: int, *, unit=None) -> int:
    cal = calendar_for(unit)
    day, n = dt.date(year, 1, 1), 0
    while day.year == year:
        n += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    return n


# -- procedures ------------------------------------------------------------------------------
def version_in_force(procedure, on: dt.date):
    """The procedure's version in force on a date (the catalogue's function when present)."""
    try:
        from smartcity.onestop.services.catalogue import version_in_force as catalogue_version
    except ImportError:
        catalogue_version = None
    if catalogue_version is not None:
        try:
            return catalogue_version(procedure, on)
        except Exception:  # noqa: BLE001 - the catalogue raises its own "none in force" error
            return None
    from django.db.models import Q

    from smartcity.onestop.models import VersionStatus

    return (procedure.versions.filter(valid_from__lte=on).exclude(status=VersionStatus.DRAFT)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).order_by("-valid_from", "-number").first()
            or procedure.current_version)


def due_for_procedure(received: dt.datetime, code: str, days=None) -> tuple[dt.datetime, object]:
    """Due moment of a dossier of procedure `code` received at `received`: the version in
    force that day, its receiving unit's rules, and its time limit unless `days` is given.
    Raises OneStopError "unknown_procedure" / "no_version_in_force"."""
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Procedure

    procedure = Procedure.objects.filter(code=code.strip()).first()
    if procedure is None:
        raise OneStopError("unknown_procedure", f"No procedure has the code {code!r}.", "procedure")
    version = version_in_force(procedure, received.astimezone(LOCAL).date())
    if version is None:
        raise OneStopError("no_version_in_force", f"Procedure {code} has no version in force on {received:%d/%m/%Y}.", "procedure")
    limit = version.time_limit_days if days is None else days
    return due_at(received, limit, unit=version.receiving_unit), version


# -- seeding ---------------------------------------------------------------------------------
@transaction.atomic
def seed_year(year: int) -> CalendarYear:
    """Store the rule-computed days of `year`. Idempotent: rule rows are brought up to date
    (and stale ones removed), rows with source="staff" are never touched, and a date a staff
    row already holds is left to it."""
    cal_year, _created = CalendarYear.objects.get_or_create(year=year)
    existing = {d.date: d for d in cal_year.days.all()}
    wanted = {d.date: d for d in holiday_rules.year_days(year, tet_offsets=tet_offsets())}
    for date in _staff_deleted(year):
        wanted.pop(date, None)
    for date, day in wanted.items():
        row = existing.get(date)
        values = dict(kind=day.kind, working=day.working, name_vi=day.name_vi, name_en=day.name_en,
                      legal_basis=day.legal_basis[:255])
        if row is None:
            if CalendarDay.objects.filter(date=date).exists():  # held by another year's row: leave it
                continue
            CalendarDay.objects.create(year=cal_year, date=date, source="rule", **values)
        elif row.source == "rule" and any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
    for date, row in existing.items():
        if row.source == "rule" and date not in wanted:
            row.delete()
    cal_year.seeded_at = timezone.now()
    cal_year.save(update_fields=["seeded_at"])
    clear_cache()
    return cal_year


def _staff_deleted(year: int) -> set:
    """Dates of `year` whose last change was a staff deletion: reseeding leaves them out."""
    last = {}
    for h in CalendarDay.history.filter(date__year=year).order_by("history_date", "history_id"):
        last[h.date] = h
    return {d for d, h in last.items() if h.history_type == "-" and h.history_change_reason == STAFF_DELETE}


def ensure_years(*years: int) -> list[CalendarYear]:
    """Seed the years that have no CalendarYear row yet (the others are left as they are)."""
    present = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    out = [seed_year(y) for y in sorted(set(years)) if y not in present]
    return out


def year_days(year: int) -> list[dict]:
    """The exceptions of a year for display and the API: stored rows when the year is
    stored, else the computed rules (marked `stored: False`)."""
    rows = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    stored = CalendarYear.objects.filter(year=year).exists()
    if stored:
        return [{"date": r.date, "kind": r.kind, "working": r.working, "name_vi": r.name_vi, "name_en": r.name_en,
                 "source": r.source, "legal_basis": r.legal_basis, "id": r.pk, "stored": True} for r in rows]
    return [{"date": d.date, "kind": d.kind, "working": d.working, "name_vi": d.name_vi, "name_en": d.name_en,
             "source": "rule", "legal_basis": d.legal_basis, "id": None, "stored": False}
            for d in holiday_rules.year_days(year, tet_offsets=tet_offsets())]


# -- staff edits -------------------------------------------------------------------------------
STAFF_DELETE = "staff-delete"
EDITING_ORG = "DOHA"  # the Department of Home Affairs keeps the calendar (with the coordinator)


def can_edit(user) -> bool:
    """DOHA editors and the coordinator (Smart City Office) may change the calendar."""
    from smartcity.core.models import Organisation
    from smartcity.core.permissions import can_change, is_coordinator

    if is_coordinator(user):
        return True
    doha = Organisation.objects.filter(code=EDITING_ORG).only("pk").first()
    return doha is not None and can_change(user, doha)


def require_edit(user) -> None:
    from django.core.exceptions import PermissionDenied

    if not can_edit(user):
        raise PermissionDenied("Only editors of the Department of Home Affairs or the Smart City Office may change the calendar.")


def _validate_day(date: dt.date, kind: str, working: bool, name_vi: str) -> None:
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import DayKind

    if kind not in DayKind.values:
        raise OneStopError("invalid_kind", f"Unknown kind {kind!r}.", "kind")
    if not (name_vi or "").strip():
        raise OneStopError("required", "The Vietnamese name is required.", "name_vi")
    if not 1900 <= date.year <= 2150:
        raise OneStopError("invalid_date", "The date must lie between 1900 and 2150.", "date")
    if kind == DayKind.MAKEUP and not working:
        raise OneStopError("inconsistent", "A make-up day is a working day.", "working")
    if kind != DayKind.MAKEUP and working:
        raise OneStopError("inconsistent", "Only a make-up day is a working day; the other kinds are days off.", "working")
    if kind == DayKind.MAKEUP and date.weekday() < 5:
        raise OneStopError("makeup_on_weekday", "A make-up working day falls on a Saturday or Sunday.", "date")


@transaction.atomic
def put_day(user, *, date: dt.date, kind: str, name_vi: str, name_en: str = "", legal_basis: str = "",
            working: bool | None = None, instance: CalendarDay | None = None) -> CalendarDay:
    """Create or change an exception as staff (source="staff", kept by reseeding). The year
    is seeded first so that a first edit never hides the year's computed holidays. Changing
    the date of `instance` moves it; a date another row holds is refused."""
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import DayKind

    require_edit(user)
    working = (kind == DayKind.MAKEUP) if working is None else bool(working)
    _validate_day(date, kind, working, name_vi)
    ensure_years(date.year)
    other = CalendarDay.objects.filter(date=date).exclude(pk=getattr(instance, "pk", None)).first()
    if other is not None:
        if instance is not None:
            raise OneStopError("date_taken", f"{date:%d/%m/%Y} already has an entry; edit that one.", "date")
        instance = other  # adding on a date with a computed row turns it into a staff row
    row = instance or CalendarDay(date=date)
    row.year = CalendarYear.objects.get(year=date.year)
    row.date, row.kind, row.working = date, kind, working
    row.name_vi, row.name_en, row.legal_basis, row.source = name_vi.strip(), (name_en or "").strip(), (legal_basis or "")[:255], "staff"
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def delete_day(user, row: CalendarDay) -> None:
    """Remove an exception; the day becomes an ordinary one (Mon-Fri working) and reseeding
    does not bring a computed one back."""
    require_edit(user)
    row._history_user, row._change_reason = user, STAFF_DELETE
    row.delete()


def set_confirmed(user, year: int, confirmed: bool = True, note: str | None = None) -> CalendarYear:
    require_edit(user)
    ensure_years(year)
    cal_year = CalendarYear.objects.get(year=year)
    cal_year.confirmed = confirmed
    if note is not None:
        cal_year.note = note
    cal_year._history_user = user
    cal_year.save()
    return cal_year


def save_rules(user, rules: WorkingRules) -> WorkingRules:
    require_edit(user)
    from smartcity.onestop.errors import OneStopError

    if not (rules.morning_start < rules.morning_end <= rules.afternoon_start < rules.afternoon_end):
        raise OneStopError("invalid_hours", "Office hours must be in order: morning start < end <= afternoon start < end.", "morning_start")
    rules._history_user = user
    rules.save()
    return rules


def history(year: int, limit: int = 50) -> list:
    """Changes to a year's days, its confirmation, newest first (who, when, what)."""
    rows = [{"when": h.history_date, "who": h.history_user, "type": h.history_type, "date": h.date, "name": h.name_vi,
             "kind": h.kind, "source": h.source}
            for h in CalendarDay.history.filter(date__year=year).select_related("history_user").order_by("-history_date")[:limit]]
    rows += [{"when": h.history_date, "who": h.history_user, "type": h.history_type, "date": None,
              "name": "confirmed" if h.confirmed else "not confirmed", "kind": "year", "source": ""}
             for h in CalendarYear.history.filter(year=year).select_related("history_user").order_by("-history_date")[:limit]]
    return sorted(rows, key=lambda r: r["when"], reverse=True)[:limit]


for _model in (CalendarDay, CalendarYear, WorkingRules):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"onestop-calendar-save-{_model.__name__}")
    post_delete.connect(clear_cache, sender=_model, dispatch_uid=f"onestop-calendar-delete-{_model.__name__}")

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
    return rules.get(unit_id) or rules.get(None) or WorkingRules()


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


# -- seeding ---------------------------------------------------------------------------------
@transaction.atomic
def seed_year(year: int) -> CalendarYear:
    """Store the rule-computed days of `year`. Idempotent: rule rows are brought up to date
    (and stale ones removed), rows with source="staff" are never touched, and a date a staff
    row already holds is left to it."""
    cal_year, _created = CalendarYear.objects.get_or_create(year=year)
    existing = {d.date: d for d in cal_year.days.all()}
    wanted = {d.date: d for d in holiday_rules.year_days(year, tet_offsets=tet_offsets())}
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


for _model in (CalendarDay, CalendarYear, WorkingRules):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"onestop-calendar-save-{_model.__name__}")
    post_delete.connect(clear_cache, sender=_model, dispatch_uid=f"onestop-calendar-delete-{_model.__name__}")

"""Reporting periods of a schedule, as plain date arithmetic (no Django here).

A period has a key the reports keep (`2018-05` monthly, `2018-Q2` quarterly, `2018-H1`
half-yearly, `2018` yearly), a first and a last day; the report on it is due `due_days`
after its last day and a reminder goes out `remind_days` before that.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FREQUENCIES = ("monthly", "quarterly", "half", "yearly")
_MONTHS = {"monthly": 1, "quarterly": 3, "half": 6, "yearly": 12}
_KEY = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    def due(self, due_days: int) -> dt.date:
        return due_date(self.end, due_days)

    def remind(self, due_days: int, remind_days: int) -> dt.date:
        return reminder_date(self.due(due_days), remind_days)


def _check(frequency: str) -> int:
    if frequency not in _MONTHS:
        raise ValueError(f"unknown frequency {frequency!r}; one of {', '.join(FREQUENCIES)}")
    return _MONTHS[frequency]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(day: dt.date, frequency: str) -> Period:
    """The period of `frequency` that contains `day`."""
    months = _check(frequency)
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    start, end = dt.date(day.year, first, 1), _month_end(day.year, last)
    if frequency == "monthly":
        key = f"{day.year}-{first:02d}"
    elif frequency == "quarterly":
        key = f"{day.year}-Q{(first - 1) // 3 + 1}"
    elif frequency == "half":
        key = f"{day.year}-H{(first - 1) // 6 + 1}"
    else:
        key = f"{day.year}"
    return Period(key, start, end)


def parse_period(key: str) -> Period:
    """`2018-05`, `2018-Q2`, `2018-H1` or `2018` back to its Period; ValueError otherwise."""
    m = _KEY.match((key or "").strip())
    if not m:
        raise ValueError(f"not a period: {key!r} (2018-05, 2018-Q2, 2018-H1 or 2018)")
    year = int(m["y"])
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError(f"not a month: {key!r}")
        return period_of(dt.date(year, month, 1), "monthly")
    if m["q"]:
        return period_of(dt.date(year, (int(m["q"]) - 1) * 3 + 1, 1), "quarterly")
    if m["h"]:
        return period_of(dt.date(year, (int(m["h"]) - 1) * 6 + 1, 1), "half")
    return period_of(dt.date(year, 1, 1), "yearly")


def frequency_of(key: str) -> str:
    parse_period(key)
    if "-Q" in key:
        return "quarterly"
    if "-H" in key:
        return "half"
    return "monthly" if "-" in key else "yearly"


def periods(frequency: str, first_start: dt.date, last_end: dt.date) -> list[Period]:
    """Every period of `frequency` that overlaps [first_start, last_end], in order."""
    _check(frequency)
    if last_end < first_start:
        return []
    out, day = [], first_start
    while day <= last_end:
        p = period_of(day, frequency)
        out.append(p)
        day = p.end + dt.timedelta(days=1)
    return out


def due_date(period_end: dt.date, due_days: int) -> dt.date:
    return period_end + dt.timedelta(days=due_days)


def reminder_date(due: dt.date, remind_days: int) -> dt.date:
    return due - dt.timedelta(days=remind_days)


def days_late(due: dt.date, as_of: dt.date, done_on: dt.date | None = None) -> int:
    """Days past `due` as of `as_of` (or when it was done, if earlier); 0 when on time."""
    ref = min(as_of, done_on) if done_on else as_of
    return max(0, (ref - due).days)


def age_band(days: int, bands: tuple[int, ...] = (7, 30)) -> str:
    """"fresh" (≤ first band), "ageing" (≤ second), "old" (beyond) — how an open item looks."""
    if days <= bands[0]:
        return "fresh"
    if days <= bands[1]:
        return "ageing"
    return "old"

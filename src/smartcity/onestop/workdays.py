"""Working-time arithmetic for legal deadlines (pure: no Django).

A deadline "in N working days" is counted in working *minutes*: one working day is the
office hours of one working day (07:30-11:30 + 13:00-17:00 = 8 h by default), so a
fractional limit (0.5 day = 4 h) and a dossier received mid-morning both come out exact.

Rules, chosen to match the counters' practice (see docs/onestop-calendar.md):
- Working days are Monday to Friday, minus exceptions that say "off" (holidays,
  substitutes, swaps) plus exceptions that say "working" (make-up Saturdays).
- The clock starts at the next working minute: received during lunch -> 13:00, before
  opening -> opening time, after closing or on a day off -> the next working day's opening.
- `due_at` also applies the cut-off hour: received on a working day strictly after the
  cut-off (15:00 by default), the clock starts at the next working day's opening.
- A deadline that ends exactly at the close of a period stays there (17:00 of that day,
  not 07:30 of the next working day).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PERIODS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
DEFAULT_CUTOFF = dt.time(15, 0)
_MAX_SCAN_DAYS = 3660  # ten years without a working day means a broken calendar


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True)
class WorkCalendar:
    """Exceptions to Mon-Fri (`date -> working?`), the office periods of a day and the
    cut-off hour (None = no cut-off). `exceptions` may be any Mapping (e.g. one that
    computes a year not stored yet)."""

    exceptions: Mapping = field(default_factory=dict)
    periods: tuple = DEFAULT_PERIODS
    cutoff: dt.time | None = DEFAULT_CUTOFF
    tz: dt.tzinfo = LOCAL

    def __post_init__(self):
        spans = [(_seconds(a), _seconds(b)) for a, b in self.periods]
        if not spans or any(a >= b for a, b in spans) or any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
            raise ValueError("office periods must be non-empty, ordered and not overlapping")

    # -- days ---------------------------------------------------------------------------
    @property
    def day_seconds(self) -> int:
        return sum(_seconds(b) - _seconds(a) for a, b in self.periods)

    def is_working_day(self, day: dt.date) -> bool:
        working = self.exceptions.get(day)
        if working is None:
            return day.weekday() < 5
        return bool(working)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        for _ in range(_MAX_SCAN_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day within ten years")

    def _periods_of(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        return [(dt.datetime.combine(day, a, self.tz), dt.datetime.combine(day, b, self.tz)) for a, b in self.periods]

    def opening(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.periods[0][0], self.tz)

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is required")
        return moment.astimezone(self.tz)

    # -- the clock ----------------------------------------------------------------------
    def clock_start(self, received: dt.datetime, *, cutoff: bool = True) -> dt.datetime:
        """When the clock starts for something received at `received`: the next working
        minute (after the cut-off on a working day: the next working day's opening)."""
        t = self._local(received)
        if cutoff and self.cutoff is not None and self.is_working_day(t.date()) and t.time() > self.cutoff:
            return self.opening(self.next_working_day(t.date()))
        return self.add_seconds(t, 0)

    def add_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime:
        """`start` plus `seconds` of working time. With 0 it returns the next working
        minute (start itself when inside office hours). Ending exactly at the close of a
        period returns that close (17:00), never the next opening."""
        if seconds < 0:
            raise ValueError("working time to add must not be negative")
        t = self._local(start)
        remaining = dt.timedelta(seconds=seconds)
        whole_day = dt.timedelta(seconds=self.day_seconds)
        day = t.date()
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(day):
                periods = self._periods_of(day)
                if remaining > whole_day and t <= periods[0][0]:
                    remaining -= whole_day  # skip a whole working day at once
                else:
                    for begin, end in periods:
                        if t >= end:
                            continue
                        begin = max(t, begin)
                        if remaining <= end - begin:
                            return begin + remaining
                        remaining -= end - begin
            day += dt.timedelta(days=1)
            t = dt.datetime.combine(day, dt.time(0), self.tz)
        raise ValueError("no working time within ten years")

    def days_to_seconds(self, days) -> int:
        value = Decimal(str(days))
        if value < 0:
            raise ValueError("a time limit must not be negative")
        return int((value * self.day_seconds).to_integral_value())

    def add_working_time(self, start: dt.datetime, days) -> dt.datetime:
        """`start` plus `days` working days (fractional allowed), no cut-off."""
        return self.add_seconds(self.clock_start(start, cutoff=False), self.days_to_seconds(days))

    def due_at(self, received: dt.datetime, days) -> dt.datetime:
        """The appointment for something received at `received` with a limit of `days`
        working days: clock start with the cut-off, then the working time."""
        return self.add_seconds(self.clock_start(received, cutoff=True), self.days_to_seconds(days))

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working seconds elapsed from `start` to `end` (negative when end < start)."""
        a, b = self._local(start), self._local(end)
        if b < a:
            return -self.working_seconds_between(end, start)
        total = 0.0
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                for begin, close in self._periods_of(day):
                    lo, hi = max(begin, a), min(close, b)
                    if hi > lo:
                        total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return total

    def working_days_between(self, start: dt.datetime, end: dt.datetime) -> float:
        return self.working_seconds_between(start, end) / self.day_seconds

    def explain(self, received: dt.datetime, days) -> dict:
        """The computation shown on the 'check a deadline' form: when the clock started,
        the due moment, the working days counted (with the hours each contributed) and
        the days skipped between them."""
        start = self.clock_start(received, cutoff=True)
        due = self.add_seconds(start, self.days_to_seconds(days))
        counted, skipped = [], []
        day = self._local(received).date()
        while day <= due.date():
            if self.is_working_day(day):
                seconds = 0
                for begin, close in self._periods_of(day):
                    lo, hi = max(begin, start), min(close, due)
                    if hi > lo:
                        seconds += int((hi - lo).total_seconds())
                if seconds:
                    counted.append((day, seconds / 3600))
            else:
                skipped.append(day)
            day += dt.timedelta(days=1)
        local = self._local(received)
        cutoff_applied = (self.cutoff is not None and self.is_working_day(local.date()) and local.time() > self.cutoff)
        return {"received": local, "clock_start": start, "due": due, "cutoff_applied": cutoff_applied,
                "counted": counted, "skipped": skipped, "working_days": self.working_days_between(start, due)}


def timeliness(done: dt.datetime, due: dt.datetime, tz: dt.tzinfo = LOCAL) -> str:
    """'late' when done after the due moment; 'early' when done on a local date before the
    due date; otherwise 'on_time' (same day, not after the due time)."""
    if done > due:
        return "late"
    if done.astimezone(tz).date() < due.astimezone(tz).date():
        return "early"
    return "on_time"

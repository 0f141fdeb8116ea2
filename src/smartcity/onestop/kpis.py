"""The figures of the periodic report on handling administrative procedures, from plain rows
(no Django, only the pure `workdays` module: the service feeds tuples from `values_list`, tests feed hand-built rows).

For a period [start, end) -- aware datetimes, the service gives local midnights (UTC+7) --
the usual report shape of a provincial department counts:

    received  = carried over (received before the period, not finished at its start)
              + new online + new at the counter or by post
    resolved  = result ready in the period: early / on time / late against the legal
                appointment (`due_at` of a row = the dossier's `original_due_at`: moved when
                the clock stopped, never by an apology, so an apologised dossier counts late)
    in progress at the end: within time (due at or after the end) / overdue (due before it)
    withdrawn or refused in the period (neither resolved nor in progress)

so that `received.total == resolved.total + in_progress.total + withdrawn_refused` for any
period. Timeliness is the calendar's rule (`workdays.timeliness`, also pure): late when the
result is ready after the appointment, early when it is ready on an earlier local day, on
time otherwise. The on-time rate is (early + on time) / resolved.

Processing time (received -> result ready) is in working days through a function passed in
(`working_days(start, end) -> float`, the service passes
`services.calendar.working_days_between`), so this module stays pure; without it, calendar
days are used.

Known approximation: the rows carry the dossier's *current* status. A dossier paused now
(supplement requested, suspended) is never counted overdue, also for a past period end.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from smartcity.onestop.workdays import LOCAL
from smartcity.onestop.workdays import timeliness as _timeliness

# status values (the model's DossierStatus, repeated here to keep the module pure)
PAUSED = frozenset({"submitted", "supplement", "suspended"})  # the clock is stopped
CLOSED_WITHOUT_RESULT = frozenset({"rejected", "withdrawn"})
ONLINE = "online"
COUNTER_POST = frozenset({"counter", "post"})

WorkingDays = Callable[[dt.datetime, dt.datetime], float]


@dataclass(frozen=True)
class Row:
    """One dossier as the report needs it. `unit` and `procedure` are any hashable keys
    (the service uses database ids); `closed_at` dates a refusal or withdrawal."""

    received_at: dt.datetime | None
    due_at: dt.datetime | None
    result_at: dt.datetime | None
    returned_at: dt.datetime | None
    status: str
    channel: str
    unit: Hashable = None
    procedure: Hashable = None
    closed_at: dt.datetime | None = None
    id: Hashable = None


FIELDS = tuple(Row.__dataclass_fields__)  # the order the service selects in


def calendar_days(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 86400


def timeliness(done: dt.datetime, due: dt.datetime | None) -> str:
    """'early' | 'on_time' | 'late' by the calendar's rule (`workdays.timeliness`, pure); a
    dossier without an appointment cannot be late."""
    if due is None:
        return "on_time"
    return _timeliness(done, due)


def result_time(row: Row) -> dt.datetime | None:
    """When the result was ready (a returned dossier without `result_at`: its return)."""
    if row.result_at is not None:
        return row.result_at
    if row.status == "returned":
        return row.returned_at
    return None


def finish_time(row: Row) -> dt.datetime | None:
    """When the dossier left the in-progress count: result ready, or refused/withdrawn."""
    done = result_time(row)
    if done is not None:
        return done
    if row.status in CLOSED_WITHOUT_RESULT:
        return row.closed_at or row.returned_at or row.received_at
    return None


def rate(good: int, total: int) -> float | None:
    """A share in [0, 1], None when there is nothing to divide."""
    return good / total if total else None


def empty() -> dict:
    return {
        "received": {"total": 0, "carried_over": 0, "new": 0, "online": 0, "counter_post": 0},
        "by_channel": {"counter": 0, "online": 0, "post": 0},
        "resolved": {"total": 0, "early": 0, "on_time": 0, "late": 0},
        "in_progress": {"total": 0, "within_time": 0, "overdue": 0},
        "withdrawn_refused": 0,
        "on_time_rate": None,
        "processing_days": {"count": 0, "mean": None, "median": None},
        "_durations": [],
    }


def _add(fig: dict, row: Row, start: dt.datetime, end: dt.datetime, working_days: WorkingDays) -> None:
    received = row.received_at
    if received is None or received >= end:
        return
    finished = finish_time(row)
    if finished is not None and finished < start:
        return  # done before the period: not part of it
    rec = fig["received"]
    rec["total"] += 1
    if received < start:
        rec["carried_over"] += 1
    else:
        rec["new"] += 1
        if row.channel == ONLINE:
            rec["online"] += 1
        else:
            rec["counter_post"] += 1
        fig["by_channel"][row.channel] = fig["by_channel"].get(row.channel, 0) + 1
    if finished is not None and finished < end:
        done = result_time(row)
        if done is None:
            fig["withdrawn_refused"] += 1
            return
        fig["resolved"]["total"] += 1
        fig["resolved"][timeliness(done, row.due_at)] += 1
        fig["_durations"].append(working_days(received, done))
        return
    prog = fig["in_progress"]
    prog["total"] += 1
    if row.due_at is not None and row.due_at < end and row.status not in PAUSED:
        prog["overdue"] += 1
    else:
        prog["within_time"] += 1


def _finish(fig: dict) -> dict:
    res = fig["resolved"]
    fig["on_time_rate"] = rate(res["early"] + res["on_time"], res["total"])
    durations = fig.pop("_durations")
    fig["processing_days"] = {
        "count": len(durations),
        "mean": statistics.fmean(durations) if durations else None,
        "median": statistics.median(durations) if durations else None,
    }
    return fig


def period_figures(rows: Iterable[Row], start: dt.datetime, end: dt.datetime, *,
                   working_days: WorkingDays | None = None) -> dict:
    """The report's figures over all `rows` for [start, end)."""
    wd = working_days or calendar_days
    fig = empty()
    for row in rows:
        _add(fig, row, start, end, wd)
    return _finish(fig)


def grouped_figures(rows: Iterable[Row], start: dt.datetime, end: dt.datetime, key: Callable[[Row], Hashable], *,
                    working_days: WorkingDays | None = None) -> dict:
    """{key(row): figures} for [start, end); groups with no dossier in the period are left out."""
    wd = working_days or calendar_days
    groups: dict = defaultdict(empty)
    for row in rows:
        _add(groups[key(row)], row, start, end, wd)
    return {k: _finish(v) for k, v in groups.items() if v["received"]["total"]}


def overdue_rows(rows: Iterable[Row], at: dt.datetime, *, working_days: WorkingDays | None = None) -> list[tuple[Row, float]]:
    """Rows in progress and past their appointment at `at`, with the working days late,
    most late first (the same rule as `in_progress.overdue` for a period ending at `at`)."""
    wd = working_days or calendar_days
    out = []
    for row in rows:
        if row.received_at is None or row.received_at >= at or row.due_at is None or row.due_at >= at:
            continue
        finished = finish_time(row)
        if (finished is not None and finished < at) or row.status in PAUSED:
            continue
        out.append((row, wd(row.due_at, at)))
    out.sort(key=lambda pair: (-pair[1], pair[0].due_at))
    return out


def add_up(figures: Iterable[dict]) -> dict:
    """Totals of several groups' figures (counts summed, rates recomputed; processing time
    means weighted by counts; the median cannot be rebuilt and is left None)."""
    total = empty()
    total.pop("_durations")
    weighted = 0.0
    for fig in figures:
        for part in ("received", "by_channel", "resolved", "in_progress"):
            for k, v in fig[part].items():
                total[part][k] = total[part].get(k, 0) + v
        total["withdrawn_refused"] += fig["withdrawn_refused"]
        pd = fig["processing_days"]
        if pd["count"]:
            total["processing_days"]["count"] += pd["count"]
            weighted += pd["mean"] * pd["count"]
    res = total["resolved"]
    total["on_time_rate"] = rate(res["early"] + res["on_time"], res["total"])
    n = total["processing_days"]["count"]
    total["processing_days"]["mean"] = weighted / n if n else None
    return total


class CumulativeWorkingTime:
    """`working_days(start, end)` for many pairs at little cost: the working seconds from a
    first local midnight to every later (or earlier) one are accumulated once per day, so each
    call only measures two within-day stretches. Exact whenever `seconds_between` is additive
    (working time over [a, c] = over [a, b] + over [b, c]), which working time is.

    `seconds_between(start, end)` is the calendar's `working_seconds_between`; `day_seconds`
    the length of a working day in seconds. Pairs already asked are remembered (a report
    asks the same dossier's duration for the whole, its unit and its procedure)."""

    def __init__(self, seconds_between: Callable[[dt.datetime, dt.datetime], float], day_seconds: float, tz=LOCAL):
        self.f, self.day_seconds, self.tz = seconds_between, day_seconds, tz
        self.cum: dict[dt.date, float] = {}
        self.lo = self.hi = None
        self.memo: dict = {}

    def _midnight(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), self.tz)

    def _at_midnight(self, day: dt.date) -> float:
        if self.lo is None:
            self.lo = self.hi = day
            self.cum[day] = 0.0
        while day > self.hi:
            nxt = self.hi + dt.timedelta(days=1)
            self.cum[nxt] = self.cum[self.hi] + self.f(self._midnight(self.hi), self._midnight(nxt))
            self.hi = nxt
        while day < self.lo:
            prev = self.lo - dt.timedelta(days=1)
            self.cum[prev] = self.cum[self.lo] - self.f(self._midnight(prev), self._midnight(self.lo))
            self.lo = prev
        return self.cum[day]

    def seconds_to(self, moment: dt.datetime) -> float:
        day = moment.astimezone(self.tz).date()
        return self._at_midnight(day) + self.f(self._midnight(day), moment)

    def __call__(self, start: dt.datetime, end: dt.datetime) -> float:
        key = (start, end)
        days = self.memo.get(key)
        if days is None:
            days = self.memo[key] = (self.seconds_to(end) - self.seconds_to(start)) / self.day_seconds
        return days


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """[first local midnight of the month, first of the next) as aware datetimes."""
    start = dt.datetime(year, month, 1, tzinfo=LOCAL)
    nxt = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=LOCAL)
    return start, nxt


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A period of whole local days, `last` included."""
    return (dt.datetime.combine(first, dt.time(), LOCAL), dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), LOCAL))


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month touched by [first, last]."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out

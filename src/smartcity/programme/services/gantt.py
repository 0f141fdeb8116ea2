"""Layout of the timeline (Gantt-like) chart as fractions of the time axis, with no Django:
the browser only multiplies by its width, and the numbers can be tested here.

`layout(rows, start, end, as_of)` places every row's bar (start-end), its progress fill, its
deadline marker and the as-of line on [0, 1]; bars reaching outside the axis are clipped and
say so, so a programme running to 2020 does not squeeze the 2018 plan into a corner.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Mapping


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def frac(day: dt.date | None, start: dt.date, end: dt.date) -> float | None:
    """Where a day falls on the axis [start, end + 1 day) as 0..1 (unclipped); None for no day."""
    if day is None:
        return None
    span = max(1, _days(start, end) + 1)
    return _days(start, day) / span


def clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def month_ticks(start: dt.date, end: dt.date) -> list[dict]:
    """The first day of every month on the axis (the start itself when it is not a first)."""
    ticks, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            ticks.append({"date": day, "x": round(frac(day, start, end), 5), "month": day.month, "year": day.year})
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return ticks


def axis(rows: Iterable[Mapping], plan_start: dt.date | None, plan_end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The axis: the plan's own period when it has one, else the span of the rows' dates."""
    days = [d for r in rows for d in (r.get("start"), r.get("end"), r.get("deadline")) if d]
    start = plan_start or (min(days) if days else None)
    end = plan_end or (max(days) if days else None)
    if start is None or end is None:
        today = dt.date.today()
        start, end = start or end or dt.date(today.year, 1, 1), end or start or dt.date(today.year, 12, 31)
    if end < start:
        start, end = end, start
    return start, end


def place(row: Mapping, start: dt.date, end: dt.date) -> dict:
    """One bar: x0, x1 (clipped to the axis), whether it was clipped at either end, the
    progress fill's right edge, and the deadline marker (None when off the axis)."""
    s = row.get("start") or start
    e = row.get("end") or row.get("deadline") or end
    if e < s:
        s, e = e, s
    x0, x1 = frac(s, start, end), frac(e + dt.timedelta(days=1), start, end)
    progress = max(0.0, min(100.0, float(row.get("progress") or 0)))
    cx0, cx1 = clip(x0), clip(x1)
    if cx1 <= cx0:  # wholly outside the axis: a stub at the edge it lies beyond
        cx0 = cx1 = 0.0 if x1 <= 0 else 1.0
    fill = x0 + (x1 - x0) * progress / 100.0
    dl = frac(row.get("deadline"), start, end)
    if dl is not None:
        dl = frac(row["deadline"] + dt.timedelta(days=1), start, end)  # the end of the deadline day
    return {"x0": round(cx0, 5), "x1": round(cx1, 5), "fill": round(min(max(fill, cx0), cx1), 5),
            "clipped_start": x0 < 0, "clipped_end": x1 > 1,
            "deadline_x": None if dl is None or dl < 0 or dl > 1 else round(dl, 5),
            "dates_given": bool(row.get("start") and (row.get("end") or row.get("deadline")))}


def layout(rows: list[Mapping], start: dt.date, end: dt.date, as_of: dt.date | None = None) -> dict:
    """The whole chart: axis, month ticks, the as-of line and every row placed."""
    a = frac(as_of + dt.timedelta(days=1), start, end) if as_of else None
    return {"start": start, "end": end, "ticks": month_ticks(start, end),
            "as_of_x": None if a is None else round(clip(a), 5), "as_of_outside": a is not None and not 0 <= a <= 1,
            "rows": [{**dict(r), **place(r, start, end)} for r in rows]}

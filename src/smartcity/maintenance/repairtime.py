"""Repair-time statistics (pure: no Django).

Repair time is measured from when the fault was raised (the alert's start, or the
moment a person reported it) to when the crew marked it fixed (time to repair, the
"MTTR" of maintenance practice, EN 13306:2017 §8.6 "mean time to restoration") and to
when the order was closed (time to close, which adds the supervisor's check).
Medians are reported beside means because a few long waits for spare parts would
otherwise hide the ordinary case."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

LOCAL = timezone(timedelta(hours=7))  # Indochina Time, no daylight saving


@dataclass(frozen=True)
class Stat:
    fault_type: str
    month: str  # YYYY-MM (local time of the fix)
    n: int
    mean_h: float
    median_h: float
    p90_h: float
    max_h: float


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (the 'type 7' default of R and numpy)."""
    if not values:
        return math.nan
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def hours_between(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 3600.0


def month_of(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m")


def stats(rows, *, until: str = "fixed") -> list[Stat]:
    """rows: (fault_type, raised_at, fixed_at, closed_at); `until` "fixed" or "closed".
    One Stat per (fault type, month of the end), plus an "*" row per month for all faults."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for fault, raised, fixed, closed in rows:
        end = fixed if until == "fixed" else closed
        h = hours_between(raised, end)
        if h is None or h < 0:
            continue
        month = month_of(end)
        groups[(fault, month)].append(h)
        groups[("*", month)].append(h)
    out = []
    for (fault, month), hs in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0] == "*", kv[0][0])):
        out.append(Stat(fault, month, len(hs), sum(hs) / len(hs), percentile(hs, 0.5), percentile(hs, 0.9), max(hs)))
    return out

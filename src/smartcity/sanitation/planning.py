"""The arithmetic of a collection plan around the solver. No Django import.

- Shifts: local (UTC+7) windows; a plan for a shift visits the bins that would pass the
  threshold before the NEXT shift starts (fillrate.classify).
- Loads: a bin's expected content when the truck reaches it (its predicted level at the
  middle of the shift x its volume), in litres, or in kg through a loose density per waste
  kind. The densities are typical loose (uncompacted) bulk densities of the order of the
  US EPA's "Volume-to-Weight Conversion Factors" (2016) and of Vietnamese municipal waste,
  which is wetter and denser than Western waste; they are settings, not facts of a bin.
- Selection: every must-visit bin; may-visit bins by urgency while the fleet has room.
- Trips to trucks: the solver returns depot-to-depot trips (each ending at the disposal
  site); they go to trucks longest first onto the truck with the least distance so far
  (LPT, Graham 1969), so each truck's shift is balanced.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

LOCAL = dt.timezone(dt.timedelta(hours=7))

# code -> (start hour, end hour) local; the night shift ends the next morning
SHIFTS = {"morning": (5, 12), "afternoon": (13, 20), "night": (21, 28)}
SHIFT_ORDER = ("morning", "afternoon", "night")

# kg per litre, loose in the bin
DENSITY_KG_PER_L = {"general": 0.20, "recyclable": 0.06, "organic": 0.45}


def shift_window(day: dt.date, shift: str) -> tuple[int, int]:
    """(start, end) epoch seconds of `shift` on local `day`."""
    start_h, end_h = SHIFTS[shift]
    base = dt.datetime(day.year, day.month, day.day, tzinfo=LOCAL)
    return int((base + dt.timedelta(hours=start_h)).timestamp()), int((base + dt.timedelta(hours=end_h)).timestamp())


def next_shift_start(day: dt.date, shift: str) -> int:
    """Start of the shift after `shift` on `day` (the night shift is followed by the next morning)."""
    i = SHIFT_ORDER.index(shift)
    if i + 1 < len(SHIFT_ORDER):
        return shift_window(day, SHIFT_ORDER[i + 1])[0]
    return shift_window(day + dt.timedelta(days=1), SHIFT_ORDER[0])[0]


def current_shift(now: int) -> tuple[dt.date, str]:
    """The shift running at `now`, or the next one to start (for a plan made 'now')."""
    local = dt.datetime.fromtimestamp(now, LOCAL)
    for day in (local.date() - dt.timedelta(days=1), local.date(), local.date() + dt.timedelta(days=1)):
        for code in SHIFT_ORDER:
            start, end = shift_window(day, code)
            if now < end:
                return day, code
    raise AssertionError("unreachable")


def expected_load(level_pct: float, capacity_l: float, waste_kind: str, unit: str) -> int:
    """What emptying the bin adds to the truck, rounded up, in the truck's unit ('L' or 'kg')."""
    litres = max(0.0, min(100.0, level_pct)) / 100.0 * capacity_l
    value = litres if unit == "L" else litres * DENSITY_KG_PER_L.get(waste_kind, DENSITY_KG_PER_L["general"])
    return max(1, int(-(-value // 1)))


@dataclass(frozen=True)
class Candidate:
    key: object           # the caller's bin id
    visit: str            # 'must' or 'may'
    load: int             # in the truck unit
    urgency: float        # predicted level at the next shift start (higher: sooner full)


def select(candidates: Sequence[Candidate], room: int) -> tuple[list[Candidate], list[Candidate]]:
    """(chosen, left out): all must-visits, then may-visits most urgent first while their
    loads fit in `room` (the fleet's capacity over the shift) after the must-visits."""
    must = [c for c in candidates if c.visit == "must"]
    may = sorted((c for c in candidates if c.visit == "may"), key=lambda c: (-c.urgency, str(c.key)))
    used = sum(c.load for c in must)
    chosen, left = list(must), []
    for c in may:
        if used + c.load <= room:
            chosen.append(c)
            used += c.load
        else:
            left.append(c)
    return chosen, left


def assign_trips(trip_lengths: Sequence[int], trucks: int) -> list[list[int]]:
    """Trip indices per truck: longest trip first onto the truck with the least distance so far."""
    per = [[] for _ in range(max(1, trucks))]
    totals = [0] * len(per)
    for i in sorted(range(len(trip_lengths)), key=lambda i: (-trip_lengths[i], i)):
        k = min(range(len(per)), key=lambda k: (totals[k], k))
        per[k].append(i)
        totals[k] += trip_lengths[i]
    return per

"""Booking rules of a lab as interval arithmetic (no Django import).

Time slots are half-open intervals [start, end) of aware datetimes, as in RFC 5545 (an
event's DTEND is not part of it) and Allen's interval algebra: two slots overlap when each
starts before the other ends, so a booking ending at 10:00 and one starting at 10:00 do not
conflict. A request is checked against:

- the lab's opening hours: the slot lies inside one local day's window [opens, closes) on an
  open weekday (0 = Monday, as `datetime.weekday()`);
- its closures: no overlap with any;
- approved bookings of the same resource: a piece of equipment conflicts with approved
  bookings of that equipment and of the whole lab; a whole-lab booking conflicts with every
  approved booking of the lab.

Each problem is a `Problem(code, params)`; the caller words it in the user's language.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

WHOLE_LAB = None


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    resource: int | None = WHOLE_LAB  # equipment id, or None for the whole lab
    ref: str = ""  # what to name in a message (booking id, closure reason)


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict = field(default_factory=dict)


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share an instant."""
    return a_start < b_end and b_start < a_end


def same_resource(a: int | None, b: int | None) -> bool:
    """A whole-lab slot takes every resource; equipment slots collide only on the same item."""
    return a is WHOLE_LAB or b is WHOLE_LAB or a == b


def conflicts(request: Slot, approved: list[Slot]) -> list[Slot]:
    return [s for s in approved if same_resource(request.resource, s.resource)
            and overlaps(request.start, request.end, s.start, s.end)]


def opening_problems(start: datetime, end: datetime, opens: time, closes: time, weekdays: set[int], tz: tzinfo) -> list[Problem]:
    """Is [start, end) inside one open day's window, in the lab's local time?"""
    s, e = start.astimezone(tz), end.astimezone(tz)
    out = []
    if s.weekday() not in weekdays:
        out.append(Problem("closed_day", {"day": s.date()}))
        return out
    window_start = datetime.combine(s.date(), opens, tzinfo=s.tzinfo)
    window_end = datetime.combine(s.date(), closes, tzinfo=s.tzinfo)
    if closes <= opens:  # e.g. 08:00-08:00 means around the clock
        window_end = window_start + timedelta(days=1) if closes == opens else window_end + timedelta(days=1)
    if s < window_start or e > window_end:
        out.append(Problem("outside_hours", {"opens": opens, "closes": closes}))
    return out


def check(request: Slot, *, opens: time, closes: time, weekdays: set[int], tz: tzinfo,
          closures: list[Slot] = (), approved: list[Slot] = ()) -> list[Problem]:
    """Every reason the request cannot be granted (empty list: it can)."""
    if request.end <= request.start:
        return [Problem("end_before_start")]
    out = opening_problems(request.start, request.end, opens, closes, weekdays, tz)
    for c in closures:
        if overlaps(request.start, request.end, c.start, c.end):
            out.append(Problem("closure", {"start": c.start, "end": c.end, "reason": c.ref}))
    for other in conflicts(request, list(approved)):
        out.append(Problem("conflict", {"start": other.start, "end": other.end, "ref": other.ref}))
    return out


def week_days(any_day: date) -> list[date]:
    """Monday..Sunday of the ISO week holding `any_day`."""
    monday = any_day - timedelta(days=any_day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def clip_to_day(start: datetime, end: datetime, day: date, tz: tzinfo) -> tuple[float, float] | None:
    """The part of [start, end) on local `day`, as hours from midnight (for a week view)."""
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    s, e = max(start, midnight), min(end, midnight + timedelta(days=1))
    if e <= s:
        return None
    return ((s - midnight).total_seconds() / 3600, (e - midnight).total_seconds() / 3600)

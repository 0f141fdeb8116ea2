"""The switching and dimming timeline of one night (pure: no Django).

Modelled on the TALQ Smart City Protocol's scheduling (TALQ 2.x, "CalendarService" and
"ControlProgram"): a *calendar* holds ordered *rules*; the first rule that matches the
date selects a *control program*; a program is a list of *steps* (a time and a light
level). A step's time is `on` (the switch-on moment), `off`, or a local clock time.
Switch-on and switch-off come from the astronomical clock (sunset + offset, next sunrise
+ offset, for the luminaire's own position: `astro.py`) or from fixed clock times.

A night belongs to the date of its evening: the night of 2026-12-03 runs from the switch-on
on the 3rd to the switch-off on the 4th. Clock times from 12:00 to 23:59 are read on the
evening's date and those from 00:00 to 11:59 on the next morning's, so `23:00` and
`04:30` fall in the right order whatever time the lights come on. A level that a step set
before switch-on still holds at switch-on (a program "50 % after 23:00" with lights
switched on at 23:30 starts at 50 %). Level 0 is off.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from smartcity.lighting import astro

ON, OFF = "on", "off"
ASTRO, FIXED = "astro", "fixed"
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    """A program, switching rule or calendar that cannot be used (message says why)."""


def parse_clock(text: str) -> dt.time:
    m = CLOCK.match(text.strip())
    if not m:
        raise ScheduleError(f"not a clock time HH:MM: {text!r}")
    return dt.time(int(m.group(1)), int(m.group(2)))


@dataclass(frozen=True)
class Step:
    at: str  # "on", "off" or "HH:MM" (local)
    level: int  # 0..100 %

    def __post_init__(self):
        if self.at not in (ON, OFF):
            parse_clock(self.at)
        if not (0 <= int(self.level) <= 100):
            raise ScheduleError(f"a light level is 0..100 %, not {self.level}")


@dataclass(frozen=True)
class Switching:
    """When the lights come on and go off. Astro offsets are minutes after sunset (on) and
    after sunrise (off): on +10 and off -15 light up 10 min after sunset and go off 15 min
    before sunrise. Fixed mode uses `on_time` and `off_time` (local)."""

    mode: str = ASTRO
    on_offset_min: int = 0
    off_offset_min: int = 0
    on_time: str = "18:00"
    off_time: str = "06:00"

    def __post_init__(self):
        if self.mode not in (ASTRO, FIXED):
            raise ScheduleError(f"switching mode is astro or fixed, not {self.mode!r}")
        if self.mode == FIXED:
            parse_clock(self.on_time)
            parse_clock(self.off_time)
        if abs(self.on_offset_min) > 180 or abs(self.off_offset_min) > 180:
            raise ScheduleError("astronomical offsets are limited to 3 hours")


def steps_from(data) -> tuple[Step, ...]:
    """Steps from JSON-like data ([{"at": "on", "level": 100}, ...]), checked."""
    if not isinstance(data, (list, tuple)) or not data:
        raise ScheduleError("a program needs at least one step")
    out = []
    for item in data:
        if not isinstance(item, dict) or "at" not in item or "level" not in item:
            raise ScheduleError("each step is {\"at\": \"on\"|\"off\"|\"HH:MM\", \"level\": 0..100}")
        try:
            level = int(item["level"])
        except (TypeError, ValueError):
            raise ScheduleError(f"a light level is a number, not {item['level']!r}") from None
        out.append(Step(str(item["at"]).strip().lower() if str(item["at"]).strip().lower() in (ON, OFF) else str(item["at"]).strip(), level))
    if not any(s.at == ON for s in out):
        out.insert(0, Step(ON, 100))  # a program without an "on" step starts at full light
    return tuple(out)


@dataclass(frozen=True)
class Timeline:
    """One night: `on`, `off` and the level changes between them, as local aware datetimes."""

    date: dt.date
    on: dt.datetime
    off: dt.datetime
    changes: tuple  # ((datetime, level), ...): the first is at `on`, each differs from the previous
    sunset: dt.datetime | None = None
    sunrise: dt.datetime | None = None
    program: str = ""

    def level_at(self, moment: dt.datetime) -> int:
        """Commanded level (0..100) at an aware moment; 0 outside the night."""
        if moment < self.on or moment >= self.off:
            return 0
        level = 0
        for t, lv in self.changes:
            if t <= moment:
                level = lv
        return level

    @property
    def hours(self) -> float:
        return (self.off - self.on).total_seconds() / 3600

    def full_power_hours(self) -> float:
        """Burning hours weighted by level: the energy of a 1 W lamp that dims linearly, in Wh."""
        total = 0.0
        points = list(self.changes) + [(self.off, 0)]
        for (t0, lv), (t1, _) in zip(points, points[1:]):
            total += lv / 100 * (t1 - t0).total_seconds() / 3600
        return total

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "on": self.on.isoformat(), "off": self.off.isoformat(),
                "sunset": self.sunset.isoformat() if self.sunset else None,
                "sunrise": self.sunrise.isoformat() if self.sunrise else None, "program": self.program,
                "hours": round(self.hours, 3), "full_power_hours": round(self.full_power_hours(), 3),
                "steps": [{"t": t.isoformat(), "level": lv} for t, lv in self.changes]}


def _at(day: dt.date, clock: dt.time, zone) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=zone)


def _night_clock(day: dt.date, clock: dt.time, zone) -> dt.datetime:
    """A clock time of the night of `day`: 12:00-23:59 that evening, 00:00-11:59 next morning."""
    return _at(day if clock.hour >= 12 else day + dt.timedelta(days=1), clock, zone)


def switch_times(day: dt.date, lat: float, lon: float, switching: Switching, tz=astro.DEFAULT_TZ):
    """(on, off, sunset, sunrise) for the night of `day` at (lat, lon)."""
    zone = astro.ZoneInfo(tz) if isinstance(tz, str) else tz
    sunset = astro.sunset(day, lat, lon, zone)
    sunrise = astro.sunrise(day + dt.timedelta(days=1), lat, lon, zone)
    if switching.mode == ASTRO:
        on = sunset + dt.timedelta(minutes=switching.on_offset_min)
        off = sunrise + dt.timedelta(minutes=switching.off_offset_min)
    else:
        on = _night_clock(day, parse_clock(switching.on_time), zone)
        off = _night_clock(day, parse_clock(switching.off_time), zone)
    if off <= on:
        raise ScheduleError("switch-off must come after switch-on")
    return on, off, sunset, sunrise


def night(day: dt.date, lat: float, lon: float, switching: Switching, steps, tz=astro.DEFAULT_TZ,
          program: str = "") -> Timeline:
    """The timeline of the night of `day` for a luminaire at (lat, lon)."""
    on, off, sunset, sunrise = switch_times(day, lat, lon, switching, tz)
    zone = on.tzinfo
    start = next((s.level for s in steps if s.at == ON), 100)
    timed = []
    for i, s in enumerate(steps):
        if s.at != ON:
            t = off if s.at == OFF else _night_clock(day, parse_clock(s.at), zone)
            timed.append((t, i, s.level))
    timed.sort()
    changes = []
    for t, _i, level in timed:
        if t <= on:
            start = level
        elif t < off:
            changes.append((t, level))
    out = [(on, start)]
    for t, level in changes:
        if level != out[-1][1]:
            out.append((t, level))
    return Timeline(day, on, off, tuple(out), sunset, sunrise, program)


# -- calendars ----------------------------------------------------------------------------
TET, HOLIDAYS = "tet", "holidays"
SPECIAL_SETS = (TET, HOLIDAYS)


@dataclass(frozen=True)
class Rule:
    """One calendar rule (TALQ CalendarRule): it matches when every condition given holds.
    `weekdays`: 0=Monday..6=Sunday; `date_from`/`date_to`: inclusive, either may be open;
    `special`: "tet" (the five Tết days of the Labour Code) or "holidays" (every statutory
    public holiday, Tết included); `dates`: explicit dates."""

    program: str
    weekdays: frozenset = field(default_factory=frozenset)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    special: str = ""
    dates: frozenset = field(default_factory=frozenset)

    def matches(self, day: dt.date) -> bool:
        if self.weekdays and day.weekday() not in self.weekdays:
            return False
        if self.date_from and day < self.date_from:
            return False
        if self.date_to and day > self.date_to:
            return False
        if self.dates and day not in self.dates:
            return False
        if self.special and day not in special_days(day.year, self.special):
            return False
        return True


def special_days(year: int, kind: str) -> frozenset:
    """Dates of a named set of special days in `year` (Labour Code 2019 art. 112 holidays,
    computed from the Vietnamese lunar calendar by the one-stop app's pure modules)."""
    if kind not in SPECIAL_SETS:
        raise ScheduleError(f"special days are one of {', '.join(SPECIAL_SETS)}, not {kind!r}")
    return _special(year, kind)


_SPECIAL_CACHE: dict = {}


def _special(year: int, kind: str) -> frozenset:
    key = (year, kind)
    if key not in _SPECIAL_CACHE:
        from smartcity.onestop.holiday_rules import statutory_holidays

        days = statutory_holidays(year)
        if kind == TET:
            days = [d for d in days if d.name_en.startswith("Lunar New Year")]
        _SPECIAL_CACHE[key] = frozenset(d.date for d in days)
    return _SPECIAL_CACHE[key]


def select(rules, day: dt.date) -> str | None:
    """The program of the first rule (in order) that matches `day`, or None."""
    for rule in rules:
        if rule.matches(day):
            return rule.program
    return None

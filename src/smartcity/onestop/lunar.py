"""The Vietnamese lunisolar calendar (âm lịch), computed astronomically (pure: no Django).

Rules (the same as the Chinese calendar, but reckoned on Vietnam's time zone, UTC+7,
since 1968 — which is why Tết fell on 21/01/1985 in Vietnam but 20/02/1985 in China,
and on 17/02/2007 instead of 18/02/2007):
- a month begins on the local day of a new moon;
- month 11 is the month that contains the winter solstice (sun at 270°);
- a solstice year (month 11 to the next month 11) with 13 months has a leap month: the
  first month after month 11 that contains no major solar term (a multiple of 30° of
  solar longitude); it takes the number of the month before it.

Astronomy (Jean Meeus, *Astronomical Algorithms*, 2nd ed., 1998): the true new moon from
chapter 49 (mean phase + periodic terms + planetary arguments, accurate to seconds over
these centuries), the sun's apparent longitude from chapter 25 (low accuracy, ~0.01°,
i.e. ~15 minutes of time), and ΔT (TT - UT) from the Espenak-Meeus polynomials (NASA
eclipse web site, 2006). A month "contains" a term when the sun's longitude at local
midnight at its start and at the start of the next month fall in different 30° sectors.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

TZ_HOURS = 7.0
_SYNODIC = 29.530588861
_K0_JDE = 2451550.09766  # Meeus: new moon k = 0 (2000-01-06)
_RAD = math.pi / 180


# -- calendar day numbers ------------------------------------------------------------------------
def jdn(day: dt.date) -> int:
    """Julian day number of a Gregorian date (the JD at its noon)."""
    return day.toordinal() + 1721425


def from_jdn(number: int) -> dt.date:
    return dt.date.fromordinal(number - 1721425)


# -- astronomy -----------------------------------------------------------------------------------
def delta_t_seconds(year: float) -> float:
    """TT - UT in seconds (Espenak & Meeus polynomials, valid 1900-2150)."""
    y = year
    if y < 1920:
        t = y - 1900
        return -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
    if y < 1941:
        t = y - 1920
        return 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    if y < 1961:
        t = y - 1950
        return 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    if y < 1986:
        t = y - 1975
        return 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    if y < 2005:
        t = y - 2000
        return 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3 + 0.000651814 * t**4 + 0.00002373599 * t**5
    if y < 2050:
        t = y - 2000
        return 62.92 + 0.32217 * t + 0.005589 * t**2
    return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y)


_PLANETARY = (  # Meeus table 49.A (additional corrections): (A0, rate per k, coefficient)
    (251.88, 0.016321, 0.000165), (251.83, 26.651886, 0.000164), (349.42, 36.412478, 0.000126),
    (84.66, 18.206239, 0.000110), (141.74, 53.303771, 0.000062), (207.14, 2.453732, 0.000060),
    (154.84, 7.306860, 0.000056), (34.52, 27.261239, 0.000047), (207.19, 0.121824, 0.000042),
    (291.34, 1.844379, 0.000040), (161.72, 24.198154, 0.000037), (239.56, 25.513099, 0.000035),
    (331.55, 3.592518, 0.000023),
)


def new_moon_jde(k: int) -> float:
    """Julian Ephemeris Day (TT) of the true new moon number k (k = 0 on 2000-01-06)."""
    T = k / 1236.85
    jde = _K0_JDE + _SYNODIC * k + 0.00015437 * T**2 - 0.000000150 * T**3 + 0.00000000073 * T**4
    E = 1 - 0.002516 * T - 0.0000074 * T**2
    M = (2.5534 + 29.10535670 * k - 0.0000014 * T**2 - 0.00000011 * T**3) * _RAD
    Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T**2 + 0.00001238 * T**3 - 0.000000058 * T**4) * _RAD
    F = (160.7108 + 390.67050284 * k - 0.0016118 * T**2 - 0.00000227 * T**3 + 0.000000011 * T**4) * _RAD
    Om = (124.7746 - 1.56375588 * k + 0.0020672 * T**2 + 0.00000215 * T**3) * _RAD
    s = math.sin
    correction = (
        -0.40720 * s(Mp) + 0.17241 * E * s(M) + 0.01608 * s(2 * Mp) + 0.01039 * s(2 * F)
        + 0.00739 * E * s(Mp - M) - 0.00514 * E * s(Mp + M) + 0.00208 * E * E * s(2 * M)
        - 0.00111 * s(Mp - 2 * F) - 0.00057 * s(Mp + 2 * F) + 0.00056 * E * s(2 * Mp + M)
        - 0.00042 * s(3 * Mp) + 0.00042 * E * s(M + 2 * F) + 0.00038 * E * s(M - 2 * F)
        - 0.00024 * E * s(2 * Mp - M) - 0.00017 * s(Om) - 0.00007 * s(Mp + 2 * M)
        + 0.00004 * s(2 * Mp - 2 * F) + 0.00004 * s(3 * M) + 0.00003 * s(Mp + M - 2 * F)
        + 0.00003 * s(2 * Mp + 2 * F) - 0.00003 * s(Mp + M + 2 * F) + 0.00003 * s(Mp - M + 2 * F)
        - 0.00002 * s(Mp - M - 2 * F) - 0.00002 * s(3 * Mp + M) + 0.00002 * s(4 * Mp)
    )
    planetary = 0.000325 * s((299.77 + 0.107408 * k - 0.009173 * T**2) * _RAD)
    planetary += sum(c * s((a + r * k) * _RAD) for a, r, c in _PLANETARY)
    return jde + correction + planetary


def _ut(jde: float) -> float:
    year = 2000 + (jde - 2451545.0) / 365.25
    return jde - delta_t_seconds(year) / 86400


def sun_longitude(jd_ut: float) -> float:
    """Apparent geocentric longitude of the sun in degrees [0, 360) (Meeus ch. 25)."""
    year = 2000 + (jd_ut - 2451545.0) / 365.25
    T = (jd_ut + delta_t_seconds(year) / 86400 - 2451545.0) / 36525
    L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T**2
    M = (357.52911 + 35999.05029 * T - 0.0001537 * T**2) * _RAD
    C = ((1.914602 - 0.004817 * T - 0.000014 * T**2) * math.sin(M) + (0.019993 - 0.000101 * T) * math.sin(2 * M)
         + 0.000289 * math.sin(3 * M))
    omega = (125.04 - 1934.136 * T) * _RAD
    return (L0 + C - 0.00569 - 0.00478 * math.sin(omega)) % 360


@lru_cache(maxsize=4096)
def new_moon_day(k: int, tz: float = TZ_HOURS) -> int:
    """Julian day number of the local calendar day of new moon k."""
    return math.floor(_ut(new_moon_jde(k)) + 0.5 + tz / 24)


def _sector_at_day_start(day_number: int, tz: float) -> int:
    """Which 30° sector of solar longitude the sun is in at local midnight starting the day."""
    return int(sun_longitude(day_number - 0.5 - tz / 24) // 30)


def _lunation_containing(day_number: int, tz: float) -> int:
    """k such that new_moon_day(k) <= day_number < new_moon_day(k + 1)."""
    k = math.floor((day_number - _K0_JDE) / _SYNODIC)
    while new_moon_day(k + 1, tz) <= day_number:
        k += 1
    while new_moon_day(k, tz) > day_number:
        k -= 1
    return k


@lru_cache(maxsize=512)
def month11_k(year: int, tz: float = TZ_HOURS) -> int:
    """The lunation that is month 11 of the solstice of December `year`: it contains the
    winter solstice (the sun enters the 270° sector during it)."""
    k = _lunation_containing(jdn(dt.date(year, 12, 31)), tz)
    if _sector_at_day_start(new_moon_day(k, tz), tz) >= 9:  # solstice already passed at its start
        k -= 1
    return k


@lru_cache(maxsize=512)
def leap_offset(year: int, tz: float = TZ_HOURS) -> int | None:
    """In the solstice year from month 11 of `year` to month 11 of `year + 1`: the offset
    (1..12) from month 11 of the leap month, or None when the year has 12 months."""
    a, b = month11_k(year, tz), month11_k(year + 1, tz)
    if b - a < 13:
        return None
    for i in range(1, 13):
        if _sector_at_day_start(new_moon_day(a + i, tz), tz) == _sector_at_day_start(new_moon_day(a + i + 1, tz), tz):
            return i
    return None  # not reached with real astronomy


# -- conversions ---------------------------------------------------------------------------------
def solar_to_lunar(day: dt.date, tz: float = TZ_HOURS) -> tuple[int, int, int, bool]:
    """Gregorian date -> (lunar year, month, day, leap month?)."""
    n = jdn(day)
    k = _lunation_containing(n, tz)
    y0 = day.year if k >= month11_k(day.year, tz) else day.year - 1
    offset = k - month11_k(y0, tz)
    leap_at = leap_offset(y0, tz)
    leap = leap_at is not None and offset == leap_at
    number = offset - 1 if leap_at is not None and offset >= leap_at else offset  # 0 = month 11
    month = (10 + number) % 12 + 1
    year = y0 if number < 2 else y0 + 1
    return year, month, n - new_moon_day(k, tz) + 1, leap


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False, tz: float = TZ_HOURS) -> dt.date:
    """(lunar year, month, day, leap) -> Gregorian date; ValueError for a day that does not
    exist (day 30 of a 29-day month, a leap month the year does not have)."""
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError("lunar month must be 1..12 and day 1..30")
    y0 = year if month >= 11 else year - 1
    number = (month - 11) % 12  # 0 = month 11 of y0
    leap_at = leap_offset(y0, tz)
    if leap:
        if leap_at is None or leap_at != number + 1:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        offset = leap_at
    else:
        offset = number + 1 if leap_at is not None and number >= leap_at else number
    k = month11_k(y0, tz) + offset
    start = new_moon_day(k, tz)
    if day > new_moon_day(k + 1, tz) - start:
        raise ValueError(f"lunar month {month}/{year} has only {new_moon_day(k + 1, tz) - start} days")
    return from_jdn(start + day - 1)


def new_year(year: int, tz: float = TZ_HOURS) -> dt.date:
    """Tết Nguyên Đán: 1/1 of the lunar year that begins in Gregorian `year`."""
    return lunar_to_solar(year, 1, 1, tz=tz)


def hung_kings_day(year: int, tz: float = TZ_HOURS) -> dt.date:
    """Giỗ Tổ Hùng Vương: 10/3 lunar."""
    return lunar_to_solar(year, 3, 10, tz=tz)

"""Sunrise and sunset for the astronomical clock of street lighting (pure: no Django).

The maths is NOAA's solar calculator (Global Monitoring Laboratory, "General Solar
Position Calculations" and the NOAA_Solar_Calculations spreadsheet, after J. Meeus,
*Astronomical Algorithms*, 2nd ed., ch. 25 and 28): the sun's apparent longitude and
declination, the equation of time, then the hour angle at which the sun's centre is
0.833 degrees below the horizon (34' of refraction plus the 16' half-diameter), the
definition of sunrise and sunset used by almanacs and by TALQ's astronomical clock.
Each event is computed twice, the second time with the sun's position at the first
estimate, which is well under a second away from the fixed point near the tropics.

Near Binh Duong (11 N) the year's swing is small: sunset from about 17:30 to 18:15.
Tests compare with the astral package (a separate implementation of the same model).
"""
from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

ZENITH = 90.833  # degrees: geometric centre 50' below the horizon (refraction 34' + half disc 16')
DEFAULT_TZ = "Asia/Ho_Chi_Minh"


class NoSunEvent(ValueError):
    """The sun does not rise or set that day at that latitude (polar day or night)."""


def _julian_day(moment: dt.datetime) -> float:
    """Julian day of a UTC moment (Meeus 7.1, Gregorian calendar)."""
    y, m = moment.year, moment.month
    day = moment.day + (moment.hour + (moment.minute + moment.second / 60) / 60) / 24
    if m <= 2:
        y, m = y - 1, m + 12
    a = y // 100
    b = 2 - a + a // 4
    return math.floor(365.25 * (y + 4716)) + math.floor(30.6001 * (m + 1)) + day + b - 1524.5


def solar_position(jd: float) -> tuple[float, float]:
    """(declination in degrees, equation of time in minutes) at Julian day `jd` (NOAA)."""
    t = (jd - 2451545.0) / 36525.0
    l0 = (280.46646 + t * (36000.76983 + t * 0.0003032)) % 360
    m = 357.52911 + t * (35999.05029 - 0.0001537 * t)
    e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    mr = math.radians(m)
    c = (math.sin(mr) * (1.914602 - t * (0.004817 + 0.000014 * t)) + math.sin(2 * mr) * (0.019993 - 0.000101 * t)
         + math.sin(3 * mr) * 0.000289)
    omega = math.radians(125.04 - 1934.136 * t)
    apparent = math.radians(l0 + c - 0.00569 - 0.00478 * math.sin(omega))
    eps0 = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60
    eps = math.radians(eps0 + 0.00256 * math.cos(omega))
    declination = math.asin(math.sin(eps) * math.sin(apparent))
    y = math.tan(eps / 2) ** 2
    l0r = math.radians(l0)
    eot = 4 * math.degrees(y * math.sin(2 * l0r) - 2 * e * math.sin(mr) + 4 * e * y * math.sin(mr) * math.cos(2 * l0r)
                           - 0.5 * y * y * math.sin(4 * l0r) - 1.25 * e * e * math.sin(2 * mr))
    return math.degrees(declination), eot


def _event_utc_minutes(day: dt.date, lat: float, lon: float, rising: bool, zenith: float) -> float:
    """Minutes after 00:00 UTC of `day` at which the sun crosses `zenith` (may be <0 or >1440)."""
    midnight = dt.datetime(day.year, day.month, day.day)
    minutes = 720 - 4 * lon  # first guess: local solar noon
    for _ in range(3):
        decl, eot = solar_position(_julian_day(midnight + dt.timedelta(minutes=minutes)))
        la, de = math.radians(lat), math.radians(decl)
        cos_ha = math.cos(math.radians(zenith)) / (math.cos(la) * math.cos(de)) - math.tan(la) * math.tan(de)
        if cos_ha > 1 or cos_ha < -1:
            raise NoSunEvent(f"no {'sunrise' if rising else 'sunset'} at latitude {lat} on {day}")
        ha = math.degrees(math.acos(cos_ha))
        minutes = 720 - 4 * (lon + ha if rising else lon - ha) - eot
    return minutes


def _local_day_utc(day: dt.date, tz: dt.tzinfo) -> dt.date:
    """The UTC date whose events fall on local `day`: the sun's events happen in daylight, so
    they sit near local noon, and local noon's UTC date is the one to compute with."""
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
    return noon.astimezone(dt.timezone.utc).date()


def sun_event(day: dt.date, lat: float, lon: float, rising: bool, tz: str | dt.tzinfo = DEFAULT_TZ,
              zenith: float = ZENITH) -> dt.datetime:
    """Local time (aware, to the second) of sunrise (`rising`) or sunset on local date `day`."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    utc_day = _local_day_utc(day, zone)
    minutes = _event_utc_minutes(utc_day, lat, lon, rising, zenith)
    moment = dt.datetime(utc_day.year, utc_day.month, utc_day.day, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=minutes)
    return moment.replace(microsecond=0).astimezone(zone)


def sunrise(day: dt.date, lat: float, lon: float, tz: str | dt.tzinfo = DEFAULT_TZ) -> dt.datetime:
    return sun_event(day, lat, lon, True, tz)


def sunset(day: dt.date, lat: float, lon: float, tz: str | dt.tzinfo = DEFAULT_TZ) -> dt.datetime:
    return sun_event(day, lat, lon, False, tz)

"""Our NOAA sunrise/sunset against the astral package, and the night's timeline (pure)."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from astral import LocationInfo
from astral.sun import sun

from smartcity.lighting import astro, schedule
from smartcity.lighting.schedule import Rule, Step, Switching

PLACES = [  # Thành phố mới Bình Dương, Hà Nội, London, Sydney, Helsinki
    (11.05, 106.70, "Asia/Ho_Chi_Minh"), (21.03, 105.85, "Asia/Ho_Chi_Minh"), (51.5, -0.12, "Europe/London"),
    (-33.87, 151.21, "Australia/Sydney"), (60.17, 24.94, "Europe/Helsinki"),
]


@pytest.mark.parametrize("lat,lon,tz", PLACES)
def test_sunrise_and_sunset_agree_with_astral_within_a_minute(lat, lon, tz):
    zone = ZoneInfo(tz)
    worst = 0.0
    day = dt.date(2026, 1, 3)
    while day.year == 2026:
        ref = sun(LocationInfo("x", "y", tz, lat, lon).observer, date=day, tzinfo=zone)
        for ours, theirs in ((astro.sunrise(day, lat, lon, zone), ref["sunrise"]), (astro.sunset(day, lat, lon, zone), ref["sunset"])):
            assert ours.date() == theirs.date()
            worst = max(worst, abs((ours - theirs).total_seconds()))
        day += dt.timedelta(days=11)
    assert worst < 60


def test_binh_duong_swing_is_small_and_polar_night_is_refused():
    sets = [astro.sunset(dt.date(2026, m, 15), 11.05, 106.70) for m in range(1, 13)]
    minutes = [s.hour * 60 + s.minute for s in sets]
    assert 17 * 60 + 20 < min(minutes) < max(minutes) < 18 * 60 + 30
    assert max(minutes) - min(minutes) < 60  # the small seasonal swing near 11 N
    with pytest.raises(astro.NoSunEvent):
        astro.sunrise(dt.date(2026, 12, 21), 80.0, 10.0, "UTC")


PROGRAM = (Step("on", 100), Step("23:00", 50), Step("04:30", 100))


def test_night_timeline_follows_sun_offsets_and_dimming_steps():
    day = dt.date(2026, 12, 3)
    sw = Switching(schedule.ASTRO, on_offset_min=10, off_offset_min=-15)
    tl = schedule.night(day, 11.05, 106.70, sw, PROGRAM)
    assert tl.on == astro.sunset(day, 11.05, 106.70) + dt.timedelta(minutes=10)
    assert tl.off == astro.sunrise(day + dt.timedelta(days=1), 11.05, 106.70) - dt.timedelta(minutes=15)
    assert [(t.strftime("%d %H:%M"), lv) for t, lv in tl.changes[1:]] == [("03 23:00", 50), ("04 04:30", 100)]
    assert tl.level_at(tl.on) == 100
    assert tl.level_at(tl.on.replace(hour=23, minute=30)) == 50
    assert tl.level_at(tl.off) == 0
    # full-power hours: the night's length minus half of the 23:00-04:30 dimmed span
    assert tl.full_power_hours() == pytest.approx(tl.hours - 5.5 / 2, abs=1e-6)
    # a position 2 degrees west switches on later (about 4 minutes per degree)
    west = schedule.night(day, 11.05, 104.70, sw, PROGRAM)
    assert 6 < (west.on - tl.on).total_seconds() / 60 < 10


def test_fixed_switching_after_a_step_starts_at_its_level():
    tl = schedule.night(dt.date(2026, 6, 1), 11.05, 106.70, Switching(schedule.FIXED, on_time="23:30", off_time="05:00"), PROGRAM)
    assert tl.changes[0][1] == 50 and tl.changes[-1][1] == 100
    with pytest.raises(schedule.ScheduleError):
        Switching(schedule.FIXED, on_time="25:00")
    with pytest.raises(schedule.ScheduleError):
        schedule.steps_from([{"at": "on", "level": 140}])


def test_calendar_rules_pick_tet_then_weekend_then_weekday():
    rules = [Rule("tet", special=schedule.TET), Rule("weekend", weekdays=frozenset({5, 6})), Rule("weekday")]
    tet_2027 = dt.date(2027, 2, 6)  # 1/1 lunar of Đinh Mùi (a Saturday)
    assert schedule.select(rules, tet_2027) == "tet"
    assert schedule.select(rules, dt.date(2027, 2, 13)) == "weekend"
    assert schedule.select(rules, dt.date(2027, 2, 15)) == "weekday"
    assert dt.date(2027, 9, 2) in schedule.special_days(2027, schedule.HOLIDAYS)
    assert schedule.select([Rule("x", date_from=dt.date(2027, 1, 1), date_to=dt.date(2027, 1, 31))], dt.date(2027, 2, 1)) is None

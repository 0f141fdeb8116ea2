"""The booking rules as pure interval arithmetic (slots.py) and the iCalendar writer (ical.py)."""
from datetime import date, time, timedelta

from smartcity.research import ical, slots
from tests.research.conftest import LOCAL, local

HOURS = dict(opens=time(7, 30), closes=time(17, 0), weekdays={0, 1, 2, 3, 4, 5}, tz=LOCAL)


def codes(problems):
    return [p.code for p in problems]


def test_half_open_intervals_touching_do_not_overlap():
    assert not slots.overlaps(local(2026, 12, 7, 8), local(2026, 12, 7, 10), local(2026, 12, 7, 10), local(2026, 12, 7, 11))
    assert slots.overlaps(local(2026, 12, 7, 8), local(2026, 12, 7, 10), local(2026, 12, 7, 9, 59), local(2026, 12, 7, 11))


def test_same_equipment_conflicts_other_equipment_does_not_and_whole_lab_takes_all():
    approved = [slots.Slot(local(2026, 12, 7, 9), local(2026, 12, 7, 11), 1, "#5")]
    same = slots.check(slots.Slot(local(2026, 12, 7, 10), local(2026, 12, 7, 12), 1), approved=approved, **HOURS)
    assert codes(same) == ["conflict"] and same[0].params["ref"] == "#5"
    assert slots.check(slots.Slot(local(2026, 12, 7, 10), local(2026, 12, 7, 12), 2), approved=approved, **HOURS) == []
    assert codes(slots.check(slots.Slot(local(2026, 12, 7, 10), local(2026, 12, 7, 12), None), approved=approved, **HOURS)) == ["conflict"]


def test_opening_hours_weekday_and_closures():
    sunday = slots.check(slots.Slot(local(2026, 12, 6, 9), local(2026, 12, 6, 10)), **HOURS)
    assert codes(sunday) == ["closed_day"] and sunday[0].params["day"] == date(2026, 12, 6)
    assert codes(slots.check(slots.Slot(local(2026, 12, 7, 7), local(2026, 12, 7, 9)), **HOURS)) == ["outside_hours"]
    assert codes(slots.check(slots.Slot(local(2026, 12, 7, 16), local(2026, 12, 7, 17, 30)), **HOURS)) == ["outside_hours"]
    assert slots.check(slots.Slot(local(2026, 12, 7, 7, 30), local(2026, 12, 7, 17)), **HOURS) == []
    closure = [slots.Slot(local(2026, 12, 18, 7, 30), local(2026, 12, 18, 17), None, "Kiểm kê")]
    problems = slots.check(slots.Slot(local(2026, 12, 18, 9), local(2026, 12, 18, 10), 1), closures=closure, **HOURS)
    assert codes(problems) == ["closure"] and problems[0].params["reason"] == "Kiểm kê"
    assert codes(slots.check(slots.Slot(local(2026, 12, 7, 10), local(2026, 12, 7, 10)), **HOURS)) == ["end_before_start"]


def test_hours_are_read_in_local_time_whatever_the_zone_of_the_request():
    from datetime import timezone
    start = local(2026, 12, 7, 8).astimezone(timezone.utc)  # 01:00 UTC
    assert slots.check(slots.Slot(start, start + timedelta(hours=1)), **HOURS) == []


def test_clip_to_day_and_week():
    assert slots.clip_to_day(local(2026, 12, 7, 22), local(2026, 12, 8, 2), date(2026, 12, 8), LOCAL) == (0.0, 2.0)
    assert slots.clip_to_day(local(2026, 12, 7, 8), local(2026, 12, 7, 9), date(2026, 12, 8), LOCAL) is None
    assert slots.week_days(date(2026, 12, 10))[0] == date(2026, 12, 7)


def test_ical_escapes_folds_and_reads_back():
    summary = "Máy phân tích phổ: đo RF; nhóm A, B\\C " + "dài " * 30
    text = ical.calendar([ical.Event("b-1@x", local(2026, 12, 7, 9), local(2026, 12, 7, 11), summary, "Nhà I2")], name="Lab")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text  # the long summary was folded
    [event] = ical.parse(text)
    assert event["SUMMARY"] == summary
    assert event["DTSTART"] == "20261207T020000Z" and event["DTEND"] == "20261207T040000Z"

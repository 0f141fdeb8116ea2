"""Working-time arithmetic at its edges (pure WorkCalendar, no database)."""
import datetime as dt

import pytest

from smartcity.onestop.workdays import LOCAL, WorkCalendar, timeliness


def t(y, m, d, hh=8, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL)


# 2026: Thu 30/4 and Fri 1/5 off; Sat 9/5 a make-up working day (illustrative)
CAL = WorkCalendar({dt.date(2026, 4, 30): False, dt.date(2026, 5, 1): False, dt.date(2026, 5, 9): True})


@pytest.mark.parametrize("received, days, due", [
    (t(2026, 5, 4, 9, 0), 1, t(2026, 5, 5, 9, 0)),          # plain: Mon 09:00 + 1 day = Tue 09:00
    (t(2026, 5, 4, 12, 10), 1, t(2026, 5, 5, 11, 30)),      # during lunch: clock starts 13:00 (4 h Mon + 4 h Tue)
    (t(2026, 5, 4, 6, 45), 1, t(2026, 5, 4, 17, 0)),        # before opening: the whole Monday, due at its close
    (t(2026, 5, 4, 7, 30), 2, t(2026, 5, 5, 17, 0)),        # end of day stays 17:00, not 07:30 next day
    (t(2026, 5, 4, 17, 30), 1, t(2026, 5, 5, 17, 0)),       # after closing: from the next opening
    (t(2026, 5, 4, 15, 30), 1, t(2026, 5, 5, 17, 0)),       # after the 15:00 cut-off: next working day
    (t(2026, 5, 4, 15, 0), 1, t(2026, 5, 5, 15, 0)),        # at 15:00 exactly: not after the cut-off
    (t(2026, 5, 4, 14, 0), 0.5, t(2026, 5, 5, 8, 30)),      # half a day = 4 h: 3 h Monday + 1 h Tuesday
])
def test_due_at_edges(received, days, due):
    assert CAL.due_at(received, days) == due


def test_half_day_spans_lunch():
    # 10:00 + 4 h of office time = 10:00-11:30 (1.5 h) + 13:00-15:30 (2.5 h)
    assert CAL.due_at(t(2026, 5, 4, 10, 0), 0.5) == t(2026, 5, 4, 15, 30)


def test_holidays_weekend_and_makeup_saturday():
    # Wed 29/4 10:30 + 5: 5 h Wed, skip Thu-Sun, Mon-Thu 32 h, Fri 8/5 07:30 + 3 h
    assert CAL.due_at(t(2026, 4, 29, 10, 30), 5) == t(2026, 5, 8, 10, 30)
    # Fri 8/5 09:00 + 1 day: the make-up Saturday 9/5 counts
    assert CAL.due_at(t(2026, 5, 8, 9, 0), 1) == t(2026, 5, 9, 9, 0)
    # received on the make-up Saturday after the cut-off: it is a working day, next is Monday
    assert CAL.due_at(t(2026, 5, 9, 16, 0), 1) == t(2026, 5, 11, 17, 0)


def test_received_on_a_holiday_or_weekend_starts_next_working_day():
    assert CAL.due_at(t(2026, 4, 30, 10, 0), 1) == t(2026, 5, 4, 17, 0)
    assert CAL.due_at(t(2026, 5, 3, 10, 0), 1) == t(2026, 5, 4, 17, 0)


def test_no_cutoff_and_add_working_time_ignore_the_cutoff():
    no_cutoff = WorkCalendar({}, cutoff=None)
    assert no_cutoff.due_at(t(2026, 5, 4, 16, 0), 1) == t(2026, 5, 5, 16, 0)
    assert CAL.add_working_time(t(2026, 5, 4, 16, 0), 1) == t(2026, 5, 5, 16, 0)


def test_other_office_hours_change_the_length_of_a_day():
    # a unit open 07:00-11:00 and 13:30-17:30: still 8 h, different edges
    cal = WorkCalendar({}, periods=((dt.time(7), dt.time(11)), (dt.time(13, 30), dt.time(17, 30))), cutoff=dt.time(16))
    assert cal.due_at(t(2026, 5, 4, 11, 15), 0.5) == t(2026, 5, 4, 17, 30)
    # a 6 h day: one day after 08:00 ends 08:00 next day, half a day is 3 h
    short = WorkCalendar({}, periods=((dt.time(8), dt.time(11)), (dt.time(13), dt.time(16))), cutoff=None)
    assert short.day_seconds == 6 * 3600
    assert short.due_at(t(2026, 5, 4, 8, 0), 0.5) == t(2026, 5, 4, 11, 0)


def test_long_limits_cross_many_weeks():
    assert WorkCalendar({}).due_at(t(2026, 5, 4, 9, 0), 15) == t(2026, 5, 25, 9, 0)


def test_working_days_between_is_signed_and_skips_days_off():
    a, b = t(2026, 4, 29, 10, 30), t(2026, 5, 8, 10, 30)
    assert CAL.working_days_between(a, b) == 5
    assert CAL.working_days_between(b, a) == -5
    assert CAL.working_days_between(t(2026, 5, 4, 11, 30), t(2026, 5, 4, 13, 0)) == 0  # lunch
    assert CAL.working_days_between(t(2026, 5, 4, 7, 30), t(2026, 5, 4, 11, 30)) == 0.5


def test_explain_lists_counted_and_skipped_days():
    info = CAL.explain(t(2026, 4, 29, 16, 0), 2)
    assert info["cutoff_applied"] is True
    assert info["clock_start"] == t(2026, 5, 4, 7, 30)
    assert info["due"] == t(2026, 5, 5, 17, 0)
    assert [d for d, _h in info["counted"]] == [dt.date(2026, 5, 4), dt.date(2026, 5, 5)]
    assert dt.date(2026, 4, 30) in info["skipped"] and dt.date(2026, 5, 2) in info["skipped"]


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        CAL.due_at(dt.datetime(2026, 5, 4, 9), 1)  # naive
    with pytest.raises(ValueError):
        CAL.due_at(t(2026, 5, 4), -1)
    with pytest.raises(ValueError):
        WorkCalendar({}, periods=((dt.time(13), dt.time(17)), (dt.time(7, 30), dt.time(11, 30))))


def test_utc_input_is_read_in_local_time():
    utc = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)  # 09:00 in Vietnam
    assert CAL.due_at(utc, 1) == t(2026, 5, 5, 9, 0)


@pytest.mark.parametrize("done, due, expected", [
    (t(2026, 5, 4, 16, 0), t(2026, 5, 5, 9, 0), "early"),
    (t(2026, 5, 5, 8, 0), t(2026, 5, 5, 9, 0), "on_time"),
    (t(2026, 5, 5, 9, 0), t(2026, 5, 5, 9, 0), "on_time"),
    (t(2026, 5, 5, 9, 1), t(2026, 5, 5, 9, 0), "late"),
])
def test_timeliness(done, due, expected):
    assert timeliness(done, due) == expected

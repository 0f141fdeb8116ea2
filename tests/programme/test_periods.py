"""Reporting periods: keys, bounds, due and reminder dates (pure, no database)."""
import datetime as dt

import pytest

from smartcity.programme import periods as P

D = dt.date


@pytest.mark.parametrize("freq,day,key,start,end", [
    ("monthly", D(2018, 5, 17), "2018-05", D(2018, 5, 1), D(2018, 5, 31)),
    ("monthly", D(2018, 2, 3), "2018-02", D(2018, 2, 1), D(2018, 2, 28)),
    ("monthly", D(2020, 2, 3), "2020-02", D(2020, 2, 1), D(2020, 2, 29)),
    ("quarterly", D(2018, 5, 17), "2018-Q2", D(2018, 4, 1), D(2018, 6, 30)),
    ("quarterly", D(2018, 12, 31), "2018-Q4", D(2018, 10, 1), D(2018, 12, 31)),
    ("half", D(2018, 6, 30), "2018-H1", D(2018, 1, 1), D(2018, 6, 30)),
    ("half", D(2018, 7, 1), "2018-H2", D(2018, 7, 1), D(2018, 12, 31)),
    ("yearly", D(2018, 7, 1), "2018", D(2018, 1, 1), D(2018, 12, 31)),
])
def test_period_of(freq, day, key, start, end):
    p = P.period_of(day, freq)
    assert (p.key, p.start, p.end) == (key, start, end)
    assert P.parse_period(key) == p
    assert P.frequency_of(key) == freq


def test_periods_of_a_schedule_cover_the_range_in_order():
    months = P.periods("monthly", D(2018, 4, 1), D(2018, 12, 31))
    assert [p.key for p in months] == [f"2018-{m:02d}" for m in range(4, 13)]
    quarters = P.periods("quarterly", D(2018, 3, 8), D(2019, 1, 15))
    assert [p.key for p in quarters] == ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4", "2019-Q1"]
    assert P.periods("half", D(2018, 1, 1), D(2018, 12, 31))[1].key == "2018-H2"
    assert P.periods("monthly", D(2018, 5, 1), D(2018, 4, 1)) == []


def test_due_and_reminder_dates():
    p = P.parse_period("2018-05")
    assert p.due(5) == D(2018, 6, 5)
    assert p.remind(5, 3) == D(2018, 6, 2)
    assert P.parse_period("2018-Q4").due(10) == D(2019, 1, 10)
    assert P.reminder_date(D(2018, 3, 1), 3) == D(2018, 2, 26)


def test_days_late_and_bands():
    due = D(2018, 4, 15)
    assert P.days_late(due, D(2018, 4, 15)) == 0
    assert P.days_late(due, D(2018, 4, 20)) == 5
    assert P.days_late(due, D(2018, 12, 31), done_on=D(2018, 4, 25)) == 10
    assert P.days_late(due, D(2018, 4, 1)) == 0
    assert [P.age_band(d) for d in (0, 7, 8, 30, 31, 200)] == ["fresh", "fresh", "ageing", "ageing", "old", "old"]


@pytest.mark.parametrize("bad", ["2018-13", "2018-Q5", "2018-H3", "18-05", "", "mai 2018"])
def test_bad_period_keys_are_refused(bad):
    with pytest.raises(ValueError):
        P.parse_period(bad)


def test_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        P.period_of(D(2018, 1, 1), "weekly")

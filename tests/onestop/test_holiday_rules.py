"""A year's holidays under the Labor Code (2019 art. 111-112; 2012 art. 115 before 2021)."""
import datetime as dt

import holidays
import pytest
from holidays.countries.vietnam import VietnamStaticHolidays

from smartcity.onestop import holiday_rules as hr

D = dt.date


def _swap_dates(year):
    """Dates the holidays package adds as one-off government swaps (not Labor Code rules)."""
    spec = VietnamStaticHolidays.special_public_holidays.get(year, ())
    rows = [spec] if spec and isinstance(spec[0], int) else list(spec)
    return {D(year, r[0], r[1]) for r in rows}


@pytest.mark.parametrize("year", range(2021, 2061))
def test_statutory_days_match_the_holidays_package(year):
    theirs = set(holidays.Vietnam(years=year, observed=False)) - _swap_dates(year)
    ours = {d.date for d in hr.year_days(year) if d.kind in (hr.HOLIDAY, hr.LOCAL_OFF)}
    assert ours == theirs


def _by_date(year):
    return {d.date: d for d in hr.year_days(year)}


def test_2025_reunification_swap_from_the_facts_file():
    days = _by_date(2025)
    assert days[D(2025, 4, 26)].working is True and days[D(2025, 4, 26)].kind == hr.MAKEUP  # Saturday worked
    assert days[D(2025, 5, 2)].kind == hr.SWAP_OFF and days[D(2025, 5, 2)].working is False
    # off without a break from Wed 30/4 to Sun 4/5
    off = [d for d in (D(2025, 4, 30) + dt.timedelta(n) for n in range(5))
           if (d in days and not days[d].working) or d.weekday() >= 5]
    assert len(off) == 5


def test_2026_tet_hung_kings_substitute_and_culture_day():
    days = _by_date(2026)
    # Tết Bính Ngọ: 1/1 lunar = Tue 17/2; the last day of Ất Tỵ (16/2) + mùng 1-4
    assert [d for d in days if days[d].kind == hr.HOLIDAY and d.month == 2] == [D(2026, 2, n) for n in range(16, 21)]
    # Hùng Kings' day 10/3 lunar = Sunday 26/4 -> art. 111 substitute Monday 27/4
    assert days[D(2026, 4, 26)].kind == hr.HOLIDAY
    assert days[D(2026, 4, 27)].kind == hr.SUBSTITUTE and "111" in days[D(2026, 4, 27)].legal_basis
    # Vietnamese Culture Day: a day off, legal effect noted as pending
    culture = days[D(2026, 11, 24)]
    assert culture.working is False and "pending" in culture.note
    assert D(2025, 11, 24) not in _by_date(2025)


def test_no_swap_is_invented_for_years_the_facts_do_not_cover():
    for year in (2024, 2026, 2027):
        assert not [d for d in hr.year_days(year) if d.kind in (hr.SWAP_OFF, hr.MAKEUP)]


def test_national_day_pairs_with_a_weekend():
    days23 = _by_date(2023)  # 2/9/2023 is a Saturday: Friday 1/9 joins it, Monday 4/9 in lieu
    assert days23[D(2023, 9, 1)].kind == hr.HOLIDAY and days23[D(2023, 9, 4)].kind == hr.SUBSTITUTE
    days24 = _by_date(2024)  # a Monday: Tuesday 3/9 joins it
    assert days24[D(2024, 9, 3)].kind == hr.HOLIDAY and D(2024, 8, 30) not in days24


def test_before_2021_the_2012_code_gives_national_day_alone():
    days = _by_date(2020)
    assert days[D(2020, 9, 2)].legal_basis.startswith("Bộ luật Lao động 2012")
    assert D(2020, 9, 1) not in days and D(2020, 9, 3) not in days


def test_tet_over_a_weekend_gives_substitutes_after_the_block():
    # Tết Giáp Thìn: 1/1 lunar = Saturday 10/2/2024: 9-13/2 off, Sat 10 and Sun 11 give Wed 14 and Thu 15
    days = _by_date(2024)
    assert {d for d in days if days[d].kind == hr.SUBSTITUTE and d.month == 2} == {D(2024, 2, 14), D(2024, 2, 15)}


def test_tet_offsets_are_editable():
    days = {d.date for d in hr.year_days(2026, tet_offsets=(-2, -1, 0, 1, 2)) if d.date.month == 2 and d.kind == hr.HOLIDAY}
    assert days == {D(2026, 2, n) for n in range(15, 20)}


def test_exceptions_only_list_days_that_differ_from_monday_to_friday():
    ex = hr.exceptions(2025)
    assert ex[D(2025, 4, 26)] is True and ex[D(2025, 5, 2)] is False
    assert D(2025, 2, 1) not in ex  # Saturday Tết day: a day off anyway

"""The Vietnamese lunar calendar, computed astronomically on UTC+7, against the `holidays`
package's published Vietnamese dates and against well-known dates."""
import datetime as dt

import pytest
from holidays.calendars.chinese import CHINESE_CALENDAR, VIETNAMESE_CALENDAR, _ChineseLunisolar

from smartcity.onestop import lunar

VN = _ChineseLunisolar(VIETNAMESE_CALENDAR)
CN = _ChineseLunisolar(CHINESE_CALENDAR)


@pytest.mark.parametrize("year", range(1990, 2061))
def test_tet_and_hung_kings_day_match_the_holidays_package(year):
    assert lunar.new_year(year) == VN.lunar_new_year_date(year)[0]
    assert lunar.hung_kings_day(year) == VN.hung_kings_date(year)[0]


@pytest.mark.parametrize("year, vietnam, china", [
    (1985, dt.date(1985, 1, 21), dt.date(1985, 2, 20)),  # a whole month apart (month 11 differs)
    (2007, dt.date(2007, 2, 17), dt.date(2007, 2, 18)),  # the new moon fell just before midnight UTC+7
])
def test_vietnam_differs_from_china_where_the_time_zone_decides(year, vietnam, china):
    assert lunar.new_year(year) == vietnam
    assert lunar.new_year(year, tz=8) == china
    assert CN.lunar_new_year_date(year)[0] == china


@pytest.mark.parametrize("solar, lunar_date", [
    (dt.date(2026, 2, 17), (2026, 1, 1, False)),    # Tết Bính Ngọ
    (dt.date(2025, 1, 29), (2025, 1, 1, False)),    # Tết Ất Tỵ
    (dt.date(2025, 1, 28), (2024, 12, 29, False)),  # giao thừa: 29 Chạp (month of 29 days)
    (dt.date(2020, 5, 23), (2020, 4, 1, True)),     # leap 4th month of Canh Tý
    (dt.date(2023, 3, 22), (2023, 2, 1, True)),     # leap 2nd month of Quý Mão
    (dt.date(2025, 7, 25), (2025, 6, 1, True)),     # leap 6th month of Ất Tỵ
    (dt.date(2024, 9, 17), (2024, 8, 15, False)),   # Tết Trung thu 2024
    (dt.date(2026, 4, 26), (2026, 3, 10, False)),   # Giỗ Tổ Hùng Vương 2026 (a Sunday)
])
def test_known_dates_both_ways(solar, lunar_date):
    assert lunar.solar_to_lunar(solar) == lunar_date
    assert lunar.lunar_to_solar(*lunar_date) == solar


def test_round_trip_every_day_of_two_decades():
    day = dt.date(2015, 1, 1)
    while day < dt.date(2035, 1, 1):
        assert lunar.lunar_to_solar(*lunar.solar_to_lunar(day)) == day, day
        day += dt.timedelta(days=1)


def test_days_that_do_not_exist_are_refused():
    with pytest.raises(ValueError):
        lunar.lunar_to_solar(2026, 4, 1, leap=True)  # 2026 has no leap month
    with pytest.raises(ValueError):
        lunar.lunar_to_solar(2024, 12, 30)  # the last month of Giáp Thìn had 29 days
    with pytest.raises(ValueError):
        lunar.lunar_to_solar(2026, 13, 1)


def test_new_moon_of_meeus_example_49a():
    # Meeus, Astronomical Algorithms, example 49.a: new moon of 1977 Feb 18, JDE 2443192.65118
    assert lunar.new_moon_jde(-283) == pytest.approx(2443192.65118, abs=0.0001)


def test_sun_longitude_of_meeus_example_25a():
    # Meeus example 25.a: 1992 Oct 13.0 TD, apparent longitude 199.90895° (low accuracy 199.90988°)
    jd_ut = 2448908.5 - lunar.delta_t_seconds(1992.8) / 86400
    assert lunar.sun_longitude(jd_ut) == pytest.approx(199.909, abs=0.01)

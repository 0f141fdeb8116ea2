"""The public holidays of a year computed from the Labor Code (pure: no Django).

- Labor Code 2019 (Bộ luật Lao động 45/2019/QH14, in force 01/01/2021), art. 112(1):
  Tết Dương lịch 1/1; Tết Âm lịch 5 days; Victory Day 30/4; International Labour Day 1/5;
  National Day 2/9 and one day before or after; Hùng Kings' Commemoration 10/3 lunar.
  Art. 112(3): the Prime Minister decides the exact Tết days and the day next to 2/9.
- Before 2021 the Labor Code 2012 (10/2012/QH13) art. 115 applied: the same list with
  2/9 alone (one day).
- Art. 111(3) (art. 110(3) of the 2012 code): a holiday that falls on the weekly day off
  is compensated on the next working day.

The Tết days and the day next to 2/9 are seed rules the staff may correct: Tết = the last
day of the lunar year plus the first four days of the new year (`TET_OFFSETS`, relative
to 1/1 lunar); 2/9's companion is chosen to join a weekend where it can
(`NATIONAL_DAY_COMPANION`). Government swaps are facts, not rules: only those in
`KNOWN_SWAPS` (from the facts file) are seeded. Vietnamese Culture Day (24/11) is seeded
from 2026 as a day off whose legal effect was still pending.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smartcity.onestop import lunar

HOLIDAY, SUBSTITUTE, SWAP_OFF, MAKEUP, LOCAL_OFF = "holiday", "substitute", "swap_off", "makeup", "local_off"
LC2019 = "Bộ luật Lao động 2019, Điều 112"
LC2012 = "Bộ luật Lao động 2012, Điều 115"
TET_OFFSETS = (-1, 0, 1, 2, 3)  # days from 1/1 lunar: the last day of the old year + 1..4 of the new
# 2/9 weekday -> offset of the second day (Mon..Sun): next to a weekend where possible
NATIONAL_DAY_COMPANION = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}
CULTURE_DAY_FROM = 2026


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str
    working: bool
    name_vi: str
    name_en: str
    legal_basis: str = ""
    note: str = ""


# Swaps announced by the government (day off <-> working day), from the facts file
# (../shared/domain/onestop.md). Add others only from the official notice of the year.
KNOWN_SWAPS: dict[int, list[Day]] = {
    2025: [
        Day(dt.date(2025, 4, 26), MAKEUP, True, "Làm bù cho ngày nghỉ 02/5/2025", "Make-up working Saturday for 02/05/2025",
            "Thông báo hoán đổi ngày làm việc dịp 30/4-1/5/2025", "Work Saturday 26/4, off 30/4-4/5"),
        Day(dt.date(2025, 5, 2), SWAP_OFF, False, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", "Day off swapped with Saturday 26/04/2025",
            "Thông báo hoán đổi ngày làm việc dịp 30/4-1/5/2025", "Work Saturday 26/4, off 30/4-4/5"),
    ],
}

_TET_NAMES = {
    -1: ("Tết Nguyên Đán (ngày cuối năm âm lịch)", "Lunar New Year (last day of the old year)"),
    0: ("Tết Nguyên Đán (mùng 1)", "Lunar New Year (1st day)"),
    1: ("Tết Nguyên Đán (mùng 2)", "Lunar New Year (2nd day)"),
    2: ("Tết Nguyên Đán (mùng 3)", "Lunar New Year (3rd day)"),
    3: ("Tết Nguyên Đán (mùng 4)", "Lunar New Year (4th day)"),
    4: ("Tết Nguyên Đán (mùng 5)", "Lunar New Year (5th day)"),
    -2: ("Tết Nguyên Đán (ngày 29 tháng Chạp)", "Lunar New Year (29th of the last month)"),
}


def statutory_holidays(year: int, *, tet_offsets=TET_OFFSETS) -> list[Day]:
    """The art. 112 (or 2012 art. 115) holidays whose dates fall in `year`."""
    basis = LC2019 if year >= 2021 else LC2012
    days = [Day(dt.date(year, 1, 1), HOLIDAY, False, "Tết Dương lịch", "New Year's Day", basis)]
    # Tết of the lunar year starting in `year`, and (rarely) days of next year's Tết
    # falling in late December — only the days inside `year` are kept.
    for lunar_year in (year, year + 1):
        first = lunar.new_year(lunar_year)
        for offset in tet_offsets:
            day = first + dt.timedelta(days=offset)
            if day.year == year:
                name_vi, name_en = _TET_NAMES.get(offset, (f"Tết Nguyên Đán ({offset:+d})", f"Lunar New Year ({offset:+d})"))
                days.append(Day(day, HOLIDAY, False, name_vi, name_en, basis))
    days.append(Day(lunar.hung_kings_day(year), HOLIDAY, False, "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                    "Hùng Kings' Commemoration Day (10/3 lunar)", basis))
    days.append(Day(dt.date(year, 4, 30), HOLIDAY, False, "Ngày Chiến thắng", "Victory Day (Reunification)", basis))
    days.append(Day(dt.date(year, 5, 1), HOLIDAY, False, "Ngày Quốc tế Lao động", "International Labour Day", basis))
    national = dt.date(year, 9, 2)
    days.append(Day(national, HOLIDAY, False, "Quốc khánh", "National Day", basis))
    if year >= 2021:
        companion = national + dt.timedelta(days=NATIONAL_DAY_COMPANION[national.weekday()])
        days.append(Day(companion, HOLIDAY, False, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)", basis,
                        "Ngày liền kề 2/9 do Thủ tướng quyết định hằng năm; mặc định theo quy tắc ghép cuối tuần"))
    return sorted(days, key=lambda d: d.date)


def substitutes(holidays: list[Day], year: int, *, makeups=()) -> list[Day]:
    """Art. 111(3): each holiday on a Saturday or Sunday gives a day off on the next working
    day that is not already a holiday or another substitute."""
    taken = {d.date for d in holidays}
    makeups = set(makeups)
    basis = "Bộ luật Lao động 2019, Điều 111" if year >= 2021 else "Bộ luật Lao động 2012, Điều 110"
    out = []
    for day in sorted(holidays, key=lambda d: d.date):
        if day.date.weekday() < 5 or day.date in makeups:
            continue
        candidate = day.date + dt.timedelta(days=1)
        while candidate.weekday() >= 5 or candidate in taken:
            candidate += dt.timedelta(days=1)
        taken.add(candidate)
        out.append(Day(candidate, SUBSTITUTE, False, f"Nghỉ bù {day.name_vi} ({day.date:%d/%m})",
                       f"Day off in lieu of {day.name_en} ({day.date:%d/%m})", basis))
    return out


def year_days(year: int, *, tet_offsets=TET_OFFSETS, swaps: dict | None = None) -> list[Day]:
    """Every exception to Monday-Friday in `year`: holidays, substitutes, known swaps and
    (from 2026) Vietnamese Culture Day. Sorted by date, one entry per date (a holiday wins)."""
    swaps = KNOWN_SWAPS if swaps is None else swaps
    holidays = statutory_holidays(year, tet_offsets=tet_offsets)
    swap_days = list(swaps.get(year, []))
    makeup_dates = {d.date for d in swap_days if d.working}
    days = holidays + substitutes(holidays, year, makeups=makeup_dates)
    if year >= CULTURE_DAY_FROM:
        days.append(Day(dt.date(year, 11, 24), LOCAL_OFF, False, "Ngày Văn hóa Việt Nam", "Vietnamese Culture Day",
                        "Kết luận chọn ngày 24/11 là Ngày Văn hóa Việt Nam (2026)",
                        "Hiệu lực pháp lý còn chờ văn bản chính thức / legal effect pending"))
    by_date: dict[dt.date, Day] = {}
    for day in days + swap_days:
        by_date.setdefault(day.date, day)
    return [by_date[d] for d in sorted(by_date)]


def exceptions(year: int, **kwargs) -> dict[dt.date, bool]:
    """`date -> working?` for `year`, ready for `workdays.WorkCalendar`."""
    return {d.date: d.working for d in year_days(year, **kwargs) if d.working != (d.date.weekday() < 5)}

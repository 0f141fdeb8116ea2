"""How the compiled report writes dates, amounts and percentages (pure functions)."""
import datetime as dt

from smartcity.programme.services import compiled_report_text as T


def test_date_line_leading_zeros_follow_the_decree():
    assert T.date_line("Bình Dương", dt.date(2018, 12, 31)) == "Bình Dương, ngày 31 tháng 12 năm 2018"
    # days below 10 and the months January and February take a leading zero; March does not
    assert T.date_line("Bình Dương", dt.date(2018, 2, 5)) == "Bình Dương, ngày 05 tháng 02 năm 2018"
    assert T.date_line("Bình Dương", dt.date(2018, 3, 8)) == "Bình Dương, ngày 08 tháng 3 năm 2018"
    assert T.date_line("", dt.date(2018, 10, 15)) == "ngày 15 tháng 10 năm 2018"


def test_amounts_and_percentages_use_vietnamese_separators():
    assert T.vnd(2_500_000_000) == "2.500.000.000 đồng"
    assert T.vnd(0) == "0 đồng"
    assert T.vnd(None) == "—"
    assert T.billions(2_500_000_000) == "2,5 tỷ đồng"
    assert T.billions(3_000_000_000) == "3 tỷ đồng"
    assert T.billions(12_400_000_000) == "12 tỷ đồng"
    assert T.pct(42.5) == "42,5 %"
    assert T.pct(40) == "40 %"
    assert T.pct(33.333) == "33,3 %"
    assert T.pct(None) == "—"
    assert T.number(1234567.5, 1) == "1.234.567,5"


def test_parse_pct_reads_back_what_pct_writes():
    for value in (0, 12.5, 33.3, 100, 99.9):
        assert T.parse_pct(T.pct(value)) == round(value, 1)


def test_short_date_days_and_roman():
    assert T.short_date(dt.date(2018, 4, 15)) == "15/04/2018"
    assert T.short_date(None) == "—"
    assert T.days(12) == "12 ngày"
    assert [T.roman(n) for n in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]

"""How the compiled report writes dates, amounts and percentages in Vietnamese administrative
documents (no Django here: pure functions, unit-tested on their own).

- the place-and-date line of a document: "Bình Dương, ngày 05 tháng 02 năm 2018" (days below
  10 and the months January and February take a leading zero, as Decree 30/2020/NĐ-CP asks);
- amounts in đồng with dots between thousands ("2.500.000.000 đồng") or in billions with a
  decimal comma ("2,5 tỷ đồng");
- percentages with a decimal comma ("42,5 %").
"""
from __future__ import annotations

import datetime as dt


def date_line(place: str, day: dt.date) -> str:
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {dd} tháng {mm} năm {day.year}"


def short_date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "—"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def number(value: float, digits: int = 0) -> str:
    """1234567.5 -> "1.234.567,5" (dots between thousands, decimal comma)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vnd(amount: int | float | None) -> str:
    if amount is None:
        return "—"
    return f"{number(round(amount))} đồng"


def billions(amount: int | float | None) -> str:
    """An amount in billions of đồng, one decimal below 10 billion."""
    if amount is None:
        return "—"
    bn = float(amount) / 1e9
    digits = 1 if 0 < abs(bn) < 10 else 0
    if digits and round(bn, 1) == round(bn):
        digits = 0
    return f"{number(bn, digits)} tỷ đồng"


def pct(value: float | None) -> str:
    """42.5 -> "42,5 %"; whole numbers without decimals."""
    if value is None:
        return "—"
    value = round(float(value), 1)
    return f"{number(value, 0 if value == int(value) else 1)} %"


def parse_pct(text: str) -> float:
    """The inverse of `pct` (used when a document is read back)."""
    return float(text.replace("%", "").strip().replace(".", "").replace(",", "."))


def days(n: int) -> str:
    return f"{n} ngày"


def roman(n: int) -> str:
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in values:
        while n >= v:
            out += s
            n -= v
    return out

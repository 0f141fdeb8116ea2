"""Enterprise size class from the number of employees (pure: no Django).

Decree 80/2021/NĐ-CP of 26/08/2021 (guiding the Law on Support for Small and Medium-sized
Enterprises), Article 5, sets the classes by the average number of employees taking part in
social insurance in a year, AND by revenue or capital:

    agriculture, forestry, fisheries; industry and construction (VSIC sections A-F):
        micro <= 10, small <= 100, medium <= 200 employees
    trade and services (VSIC sections G-U):
        micro <= 10, small <= 50, medium <= 100 employees

Above the medium ceiling an enterprise is large. The shared enterprise record holds the
employees but not a yearly revenue, so only the employee criterion is applied here (the
revenue/capital criterion can only move an enterprise to a larger class, never smaller).
"""
from __future__ import annotations

CLASSES = ("micro", "small", "medium", "large")
INDUSTRY_SECTIONS = frozenset("ABCDEF")  # agriculture, mining, manufacturing, utilities, construction


def is_trade_or_services(section: str | None) -> bool:
    """VSIC 2018 sections G (wholesale and retail) to U count as trade and services; so does an
    unknown sector (the lower ceilings: a firm is never put in a smaller class than it may be)."""
    return not section or section.upper()[:1] not in INDUSTRY_SECTIONS


def size_class(employees: int | None, section: str | None = None) -> str | None:
    """'micro', 'small', 'medium' or 'large'; None when the employees are unknown."""
    if employees is None:
        return None
    if employees < 0:
        raise ValueError("employees cannot be negative")
    small, medium = (50, 100) if is_trade_or_services(section) else (100, 200)
    if employees <= 10:
        return "micro"
    if employees <= small:
        return "small"
    if employees <= medium:
        return "medium"
    return "large"

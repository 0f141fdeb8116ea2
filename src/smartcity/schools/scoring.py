"""Scoring of the "advanced-modern primary school" criteria. Pure Python, no Django.

Source of the method: Plan 11/KH-BDH (2018) item II.6 names the model "Trường tiểu học
tiên tiến - hiện đại" but no formula; the Department scores it the way Vietnamese school
quality accreditation does (Circular 17/2018/TT-BGDĐT, quality assessment of primary
schools): each criterion is judged met / not met or on levels, areas (standards) are
scored, and a school is recognised only when the whole and every area reach a level. Here:

- a criterion's entry becomes a fraction of its points (`fraction`): met/not met -> 1 or 0;
  levels 0-3 -> level / 3; a numeric threshold -> 1 when the measured value is at least
  (or at most) the threshold, else 0;
- an area's score = points earned / points possible x 100 (criteria weighted by their
  maximum score);
- the total = the areas' scores weighted by the area weights;
- recognised = total >= pass_total AND every area >= pass_group AND every mandatory
  criterion fully met; otherwise "not yet".

Missing entries count as 0 for the score but are listed, so a draft shows what is left.
"""
from dataclasses import dataclass, field
from statistics import mean

BINARY, LEVELS, THRESHOLD = "binary", "levels", "threshold"
AT_LEAST, AT_MOST = "at_least", "at_most"
MAX_LEVEL = 3


class ScoreError(ValueError):
    """A value that the criterion's rule does not accept (code says why)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def validate(rule: str, value: float | None) -> None:
    """Raise ScoreError if `value` is not a valid entry for `rule` (None means not entered)."""
    if value is None:
        return
    if rule == BINARY and value not in (0, 1):
        raise ScoreError("not_binary", "Met / not met takes 1 or 0.")
    if rule == LEVELS and (value != int(value) or not 0 <= value <= MAX_LEVEL):
        raise ScoreError("not_level", "A level is a whole number from 0 to 3.")
    if rule == THRESHOLD and value < 0:
        raise ScoreError("negative", "A measured value cannot be negative.")


def fraction(rule: str, value: float | None, threshold: float | None = None, direction: str = AT_LEAST) -> float:
    """Share (0..1) of the criterion's points earned by an entry."""
    if value is None:
        return 0.0
    if rule == BINARY:
        return 1.0 if value >= 1 else 0.0
    if rule == LEVELS:
        return max(0.0, min(float(value), MAX_LEVEL)) / MAX_LEVEL
    if rule == THRESHOLD:
        if threshold is None:
            return 0.0
        return 1.0 if (value >= threshold if direction != AT_MOST else value <= threshold) else 0.0
    raise ValueError(f"unknown rule {rule!r}")


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    group: str
    max_score: float
    rule: str
    threshold: float | None = None
    direction: str = AT_LEAST
    mandatory: bool = False


@dataclass(frozen=True)
class GroupSpec:
    code: str
    weight: float


@dataclass
class Result:
    groups: dict = field(default_factory=dict)  # group code -> score 0..100
    points: dict = field(default_factory=dict)  # criterion code -> points earned
    total: float = 0.0
    missing: list = field(default_factory=list)  # criterion codes without an entry
    mandatory_failed: list = field(default_factory=list)
    recognised: bool = False


def score(groups: list[GroupSpec], criteria: list[CriterionSpec], values: dict, pass_total: float = 80.0,
          pass_group: float = 60.0) -> Result:
    """Scores of one assessment. `values` maps criterion code -> entry (or None)."""
    res = Result()
    earned: dict[str, float] = {g.code: 0.0 for g in groups}
    possible: dict[str, float] = {g.code: 0.0 for g in groups}
    for c in criteria:
        v = values.get(c.code)
        f = fraction(c.rule, v, c.threshold, c.direction)
        pts = f * c.max_score
        res.points[c.code] = round(pts, 4)
        earned[c.group] = earned.get(c.group, 0.0) + pts
        possible[c.group] = possible.get(c.group, 0.0) + c.max_score
        if v is None:
            res.missing.append(c.code)
        if c.mandatory and f < 1.0:
            res.mandatory_failed.append(c.code)
    weight_sum = 0.0
    total = 0.0
    for g in groups:
        pct = 100.0 * earned[g.code] / possible[g.code] if possible[g.code] else 0.0
        res.groups[g.code] = round(pct, 2)
        if possible[g.code]:
            total += g.weight * pct
            weight_sum += g.weight
    res.total = round(total / weight_sum, 2) if weight_sum else 0.0
    res.recognised = (res.total >= pass_total and all(v >= pass_group for k, v in res.groups.items() if possible[k])
                      and not res.mandatory_failed)
    return res


def share(flags: list[bool]) -> float | None:
    """Share (0..100) of True among `flags`; None for an empty list."""
    return round(100.0 * sum(1 for f in flags if f) / len(flags), 1) if flags else None


def mean_or_none(values) -> float | None:
    vals = [v for v in values if v is not None]
    return round(mean(vals), 1) if vals else None


def delta(now: float | None, before: float | None) -> float | None:
    """Change in points between two years; None when either is missing."""
    if now is None or before is None:
        return None
    return round(now - before, 1)


def band(total: float | None, pass_total: float = 80.0) -> str:
    """Colour band of a result for maps: 'recognised' zone, 'close' (within 15 points), 'far'."""
    if total is None:
        return "none"
    if total >= pass_total:
        return "high"
    if total >= pass_total - 15:
        return "mid"
    return "low"


def next_school_year(year: str) -> str:
    """'2025-2026' -> '2026-2027'."""
    a, b = parse_school_year(year)
    return f"{a + 1}-{b + 1}"


def parse_school_year(year: str) -> tuple[int, int]:
    try:
        a, b = (int(x) for x in year.split("-"))
    except (ValueError, AttributeError):
        raise ScoreError("bad_year", "A school year is written like 2026-2027.") from None
    if b != a + 1 or not 2000 <= a <= 2100:
        raise ScoreError("bad_year", "A school year is written like 2026-2027.")
    return a, b


def school_year_of(day) -> str:
    """The school year a date falls in: it starts on 1 September (Vietnamese school calendar)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"

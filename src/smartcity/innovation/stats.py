"""Statistics of the startup ecosystem, on plain rows (no Django import): counts by stage,
sector tag and university, funding per year by kind, the share of startups with a woman
among the founders (the indicator of the Global Entrepreneurship Monitor and of the
national startup scheme, Decision 844/QĐ-TTg, counts founders by gender)."""
from collections import Counter, defaultdict
from typing import Iterable

STAGE_ORDER = ("idea", "prototype", "seed", "growth", "scale")


def by_stage(stages: Iterable[str]) -> list[tuple[str, int]]:
    """Counts in the order of the life cycle, zero stages included."""
    c = Counter(stages)
    return [(s, c.get(s, 0)) for s in STAGE_ORDER]


def by_key(keys: Iterable[Iterable[str]], top: int | None = None) -> list[tuple[str, int]]:
    """Counts of multi-valued keys (a startup with two tags counts once in each), largest first."""
    c = Counter()
    for ks in keys:
        for k in set(ks):
            c[k] += 1
    rows = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
    return rows[:top] if top else rows


def funding_per_year(rounds: Iterable[tuple[int, str, float]]) -> dict:
    """rounds: (year, kind, amount). Returns {"years": [...], "kinds": [...], "amounts":
    {kind: [amount per year]}, "totals": [per year], "counts": [rounds per year]}; years
    without a round between the first and the last are kept at zero."""
    amounts: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    counts: Counter = Counter()
    for year, kind, amount in rounds:
        amounts[kind][year] += float(amount)
        counts[year] += 1
    if not counts:
        return {"years": [], "kinds": [], "amounts": {}, "totals": [], "counts": []}
    years = list(range(min(counts), max(counts) + 1))
    kinds = sorted(amounts)
    return {
        "years": years, "kinds": kinds,
        "amounts": {k: [amounts[k].get(y, 0.0) for y in years] for k in kinds},
        "totals": [sum(amounts[k].get(y, 0.0) for k in kinds) for y in years],
        "counts": [counts.get(y, 0) for y in years],
    }


def women_founder_share(founder_genders: Iterable[Iterable[str]]) -> float | None:
    """Share (0-100) of startups with at least one woman among the founders; startups whose
    founders' gender is not stated at all are left out of the denominator."""
    known = with_woman = 0
    for genders in founder_genders:
        gs = [g for g in genders if g in ("female", "male", "other")]
        if not gs:
            continue
        known += 1
        with_woman += "female" in gs
    return round(100.0 * with_woman / known, 1) if known else None

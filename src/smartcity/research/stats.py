"""Figures of the research and training registry (no Django import).

- Helix coverage of a Living Lab: the quadruple helix of the European Network of Living Labs
  (government, business, academia, citizens; Carayannis & Campbell 2009) - a pilot lacking
  one of the four is flagged.
- An indicator's progress: the share of the way from baseline to target reached by the
  measured value, (measured - baseline) / (target - baseline), which also holds for
  indicators that should fall (target below baseline); not capped, so overshoot shows.
- Training: completion rate = completed / participants; people trained counted by the year
  a course ends, by topic and by provider (the count of course participants, as the
  provincial education statistics report "lượt người").
"""
from collections import defaultdict
from typing import Iterable

QUADRUPLE_HELIX = ("government", "business", "academia", "citizens")


def helix_coverage(partner_helices: Iterable[str]) -> dict:
    helices = list(partner_helices)
    counts = {h: helices.count(h) for h in QUADRUPLE_HELIX}
    missing = [h for h, n in counts.items() if n == 0]
    return {"counts": counts, "missing": missing, "complete": not missing}


def progress(baseline: float | None, target: float | None, measured: float | None) -> float | None:
    """Percent of the way from baseline to target; None when it cannot be said."""
    if baseline is None or target is None or measured is None or target == baseline:
        return None
    return round((measured - baseline) / (target - baseline) * 100, 1)


def completion_rate(participants: int, completed: int) -> float | None:
    if not participants:
        return None
    return round(min(completed, participants) / participants * 100, 1)


def people_trained(courses: Iterable[dict]) -> dict:
    """courses: {"year", "topic", "provider", "participants", "completed"} ->
    {"by_year": {year: {"participants", "completed"}}, "by_topic": {...}, "by_provider": {...},
     "by_year_topic": {year: {topic: participants}}, "total": {...}}"""
    out = {k: defaultdict(lambda: {"participants": 0, "completed": 0, "courses": 0})
           for k in ("by_year", "by_topic", "by_provider")}
    year_topic: dict = defaultdict(lambda: defaultdict(int))
    total = {"participants": 0, "completed": 0, "courses": 0}
    for c in courses:
        for key, value in (("by_year", c["year"]), ("by_topic", c["topic"]), ("by_provider", c["provider"])):
            row = out[key][value]
            row["participants"] += c["participants"]
            row["completed"] += min(c["completed"], c["participants"])
            row["courses"] += 1
        year_topic[c["year"]][c["topic"]] += c["participants"]
        total["participants"] += c["participants"]
        total["completed"] += min(c["completed"], c["participants"])
        total["courses"] += 1
    result = {k: {key: dict(v) for key, v in sorted(rows.items())} for k, rows in out.items()}
    result["by_year_topic"] = {y: dict(t) for y, t in sorted(year_topic.items())}
    result["total"] = total
    for group in ("by_year", "by_topic", "by_provider"):
        for row in result[group].values():
            row["completion_rate"] = completion_rate(row["participants"], row["completed"])
    total["completion_rate"] = completion_rate(total["participants"], total["completed"])
    return result


def aggregate_daily(rows: Iterable[tuple[int, float, float, float]], stat: str) -> float | None:
    """Daily rollup rows (n, total, vmin, vmax) -> one figure for the period: the mean of all
    readings (sum of totals / sum of n), the lowest minimum, the highest maximum or the sum."""
    rows = list(rows)
    if not rows:
        return None
    if stat == "min":
        return min(r[2] for r in rows)
    if stat == "max":
        return max(r[3] for r in rows)
    if stat == "total":
        return sum(r[1] for r in rows)
    n = sum(r[0] for r in rows)
    return sum(r[1] for r in rows) / n if n else None

"""ICF scoring arithmetic, pure Python (no Django): the community score, the choice of a
score when both ICF's evaluation and a self-assessment exist, the "better than year X on
every dimension" check, answer progress counts and the geometry of the grouped bar chart.

ICF scores each factor; the community score is the equal-weighted average of the factor
scores. A year compares with another dimension by dimension (`dimension` is stable across
ICF's wordings, see icf_data.py)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

SOURCE_PREFERENCE = ("icf", "self")  # ICF's own evaluation wins over a self-assessment


def community_score(factor_scores: Mapping[str, float | None] | Iterable[float | None]) -> float | None:
    """Equal-weighted average of the factor scores that exist; None when there are none."""
    values = factor_scores.values() if isinstance(factor_scores, Mapping) else factor_scores
    present = [float(v) for v in values if v is not None]
    if not present:
        return None
    return round(sum(present) / len(present), 2)


def pick_score(by_source: Mapping[str, float | None]) -> tuple[float | None, str | None]:
    """(score, source) preferring ICF's evaluation over a self-assessment."""
    for source in SOURCE_PREFERENCE:
        if by_source.get(source) is not None:
            return float(by_source[source]), source
    return None, None


def compare(base: Mapping[str, float | None], other: Mapping[str, float | None], dimensions: Iterable[str]) -> dict:
    """How `other` does against `base` on each dimension.

    `better_all` is True when `other` is strictly higher on every dimension, False when it
    is not higher on at least one dimension both years scored, and None when a dimension is
    missing in either year and all the scored ones are better (it cannot be told yet)."""
    better, worse, equal, missing, deltas = [], [], [], [], {}
    for dim in dimensions:
        a, b = base.get(dim), other.get(dim)
        if a is None or b is None:
            missing.append(dim)
            deltas[dim] = None
            continue
        d = round(float(b) - float(a), 2)
        deltas[dim] = d
        (better if d > 0 else worse if d < 0 else equal).append(dim)
    if worse or equal:
        verdict = False
    elif missing:
        verdict = None
    else:
        verdict = bool(better)
    return {"better_all": verdict, "better": better, "worse": worse, "equal": equal, "missing": missing, "deltas": deltas}


def progress_counts(statuses: Iterable[str | None]) -> dict:
    """Counts of a set of assignments by their answer status (None: not answered yet)."""
    out = {"questions": 0, "unanswered": 0, "draft": 0, "submitted": 0, "accepted": 0, "returned": 0}
    for status in statuses:
        out["questions"] += 1
        out[status if status in out else "unanswered"] += 1
    out["answered"] = out["submitted"] + out["accepted"]
    out["approved_pct"] = round(100 * out["accepted"] / out["questions"], 1) if out["questions"] else 0.0
    return out


def bar_chart(dimensions: list[str], years: list[int], values: Mapping[int, Mapping[str, float | None]], *,
              width: float = 720, height: float = 300, max_value: float = 100, margin_left: float = 36,
              margin_bottom: float = 28, margin_top: float = 10, gap: float = 0.25) -> dict:
    """Geometry of a grouped bar chart: one group per dimension, one bar per year inside it.

    Returns {"bars": [{dimension, year, index, x, y, w, h, value}], "groups": [{dimension, x, w, cx}],
    "ticks": [{value, y}], "plot": {x, y, w, h}}; a missing value has no bar."""
    plot_w = width - margin_left - 4
    plot_h = height - margin_top - margin_bottom
    n_groups, n_bars = max(len(dimensions), 1), max(len(years), 1)
    group_w = plot_w / n_groups
    inner = group_w * (1 - gap)
    bar_w = inner / n_bars
    bars, groups = [], []
    for gi, dim in enumerate(dimensions):
        gx = margin_left + gi * group_w + (group_w - inner) / 2
        groups.append({"dimension": dim, "x": round(gx, 2), "w": round(inner, 2), "cx": round(gx + inner / 2, 2)})
        for bi, year in enumerate(years):
            v = (values.get(year) or {}).get(dim)
            if v is None:
                continue
            v = max(0.0, min(float(v), max_value))
            h = plot_h * v / max_value if max_value else 0
            bars.append({"dimension": dim, "year": year, "index": bi, "value": round(float(v), 2),
                         "x": round(gx + bi * bar_w, 2), "w": round(bar_w * 0.92, 2),
                         "y": round(margin_top + plot_h - h, 2), "h": round(h, 2)})
    ticks = [{"value": t, "y": round(margin_top + plot_h - plot_h * t / max_value, 2)}
             for t in range(0, int(max_value) + 1, int(max_value // 4) or 1)]
    return {"bars": bars, "groups": groups, "ticks": ticks,
            "plot": {"x": margin_left, "y": margin_top, "w": round(plot_w, 2), "h": round(plot_h, 2)},
            "width": width, "height": height}

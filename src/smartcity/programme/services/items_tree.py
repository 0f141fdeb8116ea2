"""Pure helpers of the plan tree pages (no Django import, unit-tested on their own):
text folding for search without Vietnamese diacritics, VND formatting the Vietnamese way,
the roll-up explanation of a parent's progress, overdue checks and tree filtering."""
import datetime as dt
from typing import Callable, Iterable

from smartcity.core.text import fold, matches  # noqa: F401  (the platform's one folding, re-exported)


def vnd(value) -> str:
    """1234567 -> '1.234.567 ₫' (dots between thousands, as Vietnamese write amounts)."""
    if value is None:
        return "—"
    amount = int(round(float(value)))
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " ₫"


def percent(value) -> str:
    """A progress figure without noise: 40.0 -> '40', 33.333 -> '33.3'."""
    if value is None:
        return "—"
    v = round(float(value), 1)
    return str(int(v)) if v == int(v) else str(v)


def rollup(children: Iterable[tuple[float, float]], method: str = "weighted") -> dict:
    """How a parent's progress comes from its children's (weight, progress): weighted mean
    when weights are set and sum to more than zero, else the plain average (Decidim).
    Returns {"progress", "method", "shares": [share of each child in %], "contributions":
    [points each child adds]}; progress is None without children."""
    rows = [(max(float(w or 0), 0.0), float(p or 0)) for w, p in children]
    if not rows:
        return {"progress": None, "method": method, "shares": [], "contributions": []}
    total_w = sum(w for w, _ in rows)
    if method == "weighted" and total_w > 0:
        shares = [w / total_w for w, _ in rows]
        used = "weighted"
    else:
        shares = [1 / len(rows)] * len(rows)
        used = "average"
    contributions = [s * p for s, (_, p) in zip(shares, rows)]
    return {"progress": sum(contributions), "method": used, "shares": [s * 100 for s in shares],
            "contributions": contributions}


def is_overdue(deadline: dt.date | None, as_of: dt.date, closed: bool = False, progress: float = 0) -> bool:
    """Past its deadline on `as_of` and neither closed (done, cancelled) nor at 100 %."""
    return bool(deadline and deadline < as_of and not closed and (progress or 0) < 100)


def visible_ids(parents: dict, matched: Iterable) -> set:
    """Ids to show for a filtered tree: the matched nodes and all their ancestors.
    `parents` maps id -> parent id (None at the top)."""
    keep = set()
    for node in matched:
        while node is not None and node not in keep:
            keep.add(node)
            node = parents.get(node)
    return keep


def build_tree(nodes: list, key: Callable = lambda n: n["id"], parent: Callable = lambda n: n["parent"]) -> list:
    """Nest flat nodes (already in display order) under their parents: each node gets a
    "children" list; returns the roots. A node whose parent is absent becomes a root."""
    by_id = {key(n): n for n in nodes}
    roots = []
    for n in nodes:
        n.setdefault("children", [])
    for n in nodes:
        p = parent(n)
        if p is not None and p in by_id:
            by_id[p]["children"].append(n)
        else:
            roots.append(n)
    return roots

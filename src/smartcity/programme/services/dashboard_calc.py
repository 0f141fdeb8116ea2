"""Pure arithmetic of the dashboard (no Django): progress rolled up over the plan tree the way
the roll-up service does (weighted by the children's weights, or a plain average), weighted
means of groups of items, and status counts.

A node is a plain mapping with `id`, `parent` (id or None), `progress`, `weight`; trees are
given as {id: node}. Nothing here reads a database, so the numbers are easy to check by hand.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

WEIGHTED = "weighted"
AVERAGE = "average"


def mean(values: Iterable[tuple[float, float]], method: str = WEIGHTED) -> float | None:
    """Mean of (progress, weight) pairs: weighted when the method says so and the weights add
    up to more than zero, else the plain average; None for no values."""
    pairs = [(float(p or 0), float(w or 0)) for p, w in values]
    if not pairs:
        return None
    total = sum(w for _, w in pairs)
    if method == WEIGHTED and total > 0:
        return sum(p * w for p, w in pairs) / total
    return sum(p for p, _ in pairs) / len(pairs)


def children_map(nodes: Mapping[int, Mapping]) -> dict[int | None, list[int]]:
    """{parent id: [child ids]} keeping the order the nodes were given in."""
    out: dict[int | None, list[int]] = defaultdict(list)
    for nid, node in nodes.items():
        parent = node.get("parent")
        out[parent if parent in nodes else None].append(nid)
    return out


def rollup(nodes: Mapping[int, Mapping], method: str = WEIGHTED) -> dict[int, float]:
    """Progress of every node: a leaf keeps its own, a parent gets the mean of its children's
    (rolled-up) progress weighted by their weights. Iterative, so deep trees are fine."""
    kids = children_map(nodes)
    out: dict[int, float] = {}
    order: list[int] = []
    stack = list(kids.get(None, []))
    while stack:  # pre-order, then evaluate in reverse so children come before parents
        nid = stack.pop()
        order.append(nid)
        stack.extend(kids.get(nid, []))
    for nid in reversed(order):
        ch = kids.get(nid, [])
        if ch:
            out[nid] = mean(((out[c], nodes[c].get("weight", 1)) for c in ch), method) or 0.0
        else:
            out[nid] = float(nodes[nid].get("progress") or 0)
    return out


def overall(nodes: Mapping[int, Mapping], method: str = WEIGHTED) -> float | None:
    """The plan's progress: the mean of its top-level nodes' rolled-up progress."""
    values = rollup(nodes, method)
    roots = children_map(nodes).get(None, [])
    return mean(((values[r], nodes[r].get("weight", 1)) for r in roots), method)


def group_means(rows: Iterable[Mapping], key: str, method: str = WEIGHTED) -> dict:
    """{group: {"progress": weighted mean, "count": n, "weight": total}} of leaf rows grouped
    by `row[key]`."""
    groups: dict = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return {g: {"progress": mean(((r["progress"], r.get("weight", 1)) for r in rs), method),
                "count": len(rs), "weight": sum(float(r.get("weight", 1) or 0) for r in rs)}
            for g, rs in groups.items()}


def is_overdue(deadline, as_of, closed: bool, progress: float) -> bool:
    """The dashboard's rule: a deadline before the as-of date, not closed, not at 100 %."""
    return deadline is not None and deadline < as_of and not closed and (progress or 0) < 100


def pct(part: int, whole: int) -> float | None:
    return None if not whole else round(100.0 * part / whole, 1)

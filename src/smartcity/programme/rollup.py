"""Progress roll-up of a plan tree, the rule of Decidim's accountability results: a parent's
progress is the weighted sum of its children's progress when weights are set (their sum is
above zero), otherwise the plain average. Pure Python, no Django.

    nodes = [Node(1, None), Node(2, 1, weight=2, progress=40, leaf=True), Node(3, 1, progress=100, leaf=True)]
    rollup(nodes)            -> {1: 60.0, 2: 40, 3: 100}
    rollup(nodes, "average") -> {1: 70.0, 2: 40, 3: 100}
"""
from collections import defaultdict
from dataclasses import dataclass

WEIGHTED = "weighted"
AVERAGE = "average"


@dataclass(frozen=True)
class Node:
    id: object
    parent: object = None
    weight: float = 1.0
    progress: float = 0.0
    leaf: bool = False  # a leaf keeps its own (entered) progress even if children are listed under it


def combine(pairs, method: str = WEIGHTED) -> float | None:
    """Progress of a parent from [(weight, progress), ...] of its children; None without children."""
    pairs = [(float(w or 0), float(p or 0)) for w, p in pairs]
    if not pairs:
        return None
    if method == WEIGHTED:
        total = sum(w for w, _ in pairs)
        if total > 0:
            return clamp(sum(w * p for w, p in pairs) / total)
    elif method != AVERAGE:
        raise ValueError(f"unknown roll-up method {method!r}")
    return clamp(sum(p for _, p in pairs) / len(pairs))


def clamp(value: float) -> float:
    return min(100.0, max(0.0, value))


def rollup(nodes, method: str = WEIGHTED) -> dict:
    """{id: progress} for every node: leaves and childless nodes keep theirs, parents are
    computed bottom-up from their children. Raises ValueError on a cycle or a duplicate id."""
    by_id = {}
    for n in nodes:
        if n.id in by_id:
            raise ValueError(f"duplicate node {n.id!r}")
        by_id[n.id] = n
    children = defaultdict(list)
    for n in by_id.values():
        if n.parent is not None and n.parent in by_id:
            children[n.parent].append(n.id)
    result = {i: clamp(float(n.progress or 0)) for i, n in by_id.items()}
    for node_id in _bottom_up(by_id, children):
        node = by_id[node_id]
        kids = children.get(node_id)
        if kids and not node.leaf:
            result[node_id] = combine([(by_id[c].weight, result[c]) for c in kids], method)
    return result


def roots_progress(nodes, progress: dict, method: str = WEIGHTED) -> float:
    """The plan's progress: its top-level nodes combined by the same rule (0 when empty)."""
    ids = {n.id for n in nodes}
    tops = [(n.weight, progress[n.id]) for n in nodes if n.parent is None or n.parent not in ids]
    value = combine(tops, method)
    return 0.0 if value is None else value


def _bottom_up(by_id, children) -> list:
    """Ids ordered so that every node comes after all its descendants (iterative, any depth)."""
    order, state = [], {}
    for start in by_id:
        if start in state:
            continue
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            if done:
                state[node] = 2
                order.append(node)
                continue
            if state.get(node) == 2:
                continue
            if state.get(node) == 1:
                raise ValueError(f"cycle through node {node!r}")
            state[node] = 1
            stack.append((node, True))
            for child in children.get(node, ()):
                if state.get(child) == 1:
                    raise ValueError(f"cycle through node {child!r}")
                if state.get(child) != 2:
                    stack.append((child, False))
    # nodes on a parent cycle with no root are never reached from a root-less start: check
    if len(order) != len(by_id):
        raise ValueError("cycle in the tree")
    return order

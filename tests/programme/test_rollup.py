"""The pure roll-up (rollup.py): weighted sum, plain average, zero weights, deep trees;
property checks on seeded random trees (no database)."""
import random

import pytest

from smartcity.programme.rollup import AVERAGE, WEIGHTED, Node, combine, rollup, roots_progress


def test_weighted_sum_when_weights_are_set():
    nodes = [Node("p"), Node("a", "p", weight=3, progress=20, leaf=True), Node("b", "p", weight=1, progress=100, leaf=True)]
    assert rollup(nodes)["p"] == pytest.approx(40.0)  # (3*20 + 1*100) / 4
    assert rollup(nodes, AVERAGE)["p"] == pytest.approx(60.0)


def test_zero_weights_fall_back_to_the_plain_average():
    assert combine([(0, 20), (0, 80)], WEIGHTED) == pytest.approx(50)
    # a zero-weight child does not count while others carry weight
    assert combine([(0, 0), (2, 80)], WEIGHTED) == pytest.approx(80)
    assert combine([], WEIGHTED) is None


def test_childless_parent_and_leaf_keep_their_own_progress():
    nodes = [Node("p", progress=35), Node("q"), Node("x", "q", progress=70, leaf=True), Node("l", progress=12, leaf=True)]
    out = rollup(nodes)
    assert out["p"] == 35 and out["q"] == 70 and out["l"] == 12


def test_a_node_marked_leaf_keeps_its_progress_even_with_children():
    nodes = [Node("p", progress=10, leaf=True), Node("c", "p", progress=90, leaf=True)]
    assert rollup(nodes)["p"] == 10


def test_deep_chain_propagates_to_the_top_without_recursion_limits():
    depth = 3000
    nodes = [Node(0)] + [Node(i, i - 1) for i in range(1, depth)] + [Node("leaf", depth - 1, progress=42, leaf=True)]
    out = rollup(list(reversed(nodes)))
    assert out[0] == pytest.approx(42) and out[depth // 2] == pytest.approx(42)


def test_cycles_and_duplicates_are_refused():
    with pytest.raises(ValueError):
        rollup([Node(1, 2), Node(2, 1)])
    with pytest.raises(ValueError):
        rollup([Node(1), Node(1)])
    with pytest.raises(ValueError):
        combine([(1, 1)], "median")


def test_plan_progress_combines_the_top_level():
    nodes = [Node("I", weight=0, progress=0), Node("II", weight=3), Node("II.1", "II", progress=60, leaf=True),
             Node("III", weight=1, progress=20, leaf=True)]
    out = rollup(nodes)
    assert roots_progress(nodes, out) == pytest.approx((3 * 60 + 20) / 4)
    assert roots_progress(nodes, out, AVERAGE) == pytest.approx((0 + 60 + 20) / 3)
    assert roots_progress([], {}) == 0


def _random_tree(rng, size):
    nodes = [Node(0, None, weight=rng.choice([0, 1, 2, 0.5]))]
    for i in range(1, size):
        nodes.append(Node(i, rng.randrange(i), weight=rng.choice([0, 0, 1, 2, 3.5]), progress=rng.uniform(0, 100)))
    parents = {n.parent for n in nodes}
    return [Node(n.id, n.parent, n.weight, n.progress, n.id not in parents) for n in nodes]


@pytest.mark.parametrize("seed", range(40))
def test_properties_on_random_trees(seed):
    rng = random.Random(seed)
    nodes = _random_tree(rng, rng.randrange(2, 120))
    by_id = {n.id: n for n in nodes}
    kids = {}
    for n in nodes:
        if n.parent is not None:
            kids.setdefault(n.parent, []).append(n.id)
    for method in (WEIGHTED, AVERAGE):
        out = rollup(nodes, method)
        # leaves untouched; every value within 0..100
        assert all(out[n.id] == pytest.approx(n.progress) for n in nodes if n.leaf)
        assert all(0 <= v <= 100 for v in out.values())
        for pid, children in kids.items():
            values = [out[c] for c in children]
            # a parent lies between its children's extremes, and equals the rule's value
            assert min(values) - 1e-9 <= out[pid] <= max(values) + 1e-9
            weights = [by_id[c].weight for c in children]
            if method == WEIGHTED and sum(weights) > 0:
                expected = sum(w * v for w, v in zip(weights, values)) / sum(weights)
            else:
                expected = sum(values) / len(values)
            assert out[pid] == pytest.approx(expected)
        # scaling every weight by the same factor changes nothing
        scaled = [Node(n.id, n.parent, n.weight * 7, n.progress, n.leaf) for n in nodes]
        assert rollup(scaled, method) == pytest.approx(out)
        # input order does not matter
        shuffled = nodes[:]
        rng.shuffle(shuffled)
        assert rollup(shuffled, method) == pytest.approx(out)


def test_all_leaves_done_means_everything_done():
    rng = random.Random(7)
    nodes = [Node(n.id, n.parent, n.weight, 100.0 if n.leaf else 0.0, n.leaf) for n in _random_tree(rng, 80)]
    assert set(rollup(nodes).values()) == {100.0}

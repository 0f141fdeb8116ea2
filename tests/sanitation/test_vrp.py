"""The routing solver's API (smartcity.sanitation.vrp.solve) on small instances: feasibility,
the exact optimum where it can be enumerated, asymmetric matrices and the trivial cases."""
import math
import random
from itertools import permutations

import pytest

from smartcity.sanitation.vrp import Solution, route_cost, solve


def _instance(n_clients, seed, asymmetric=False, max_demand=10):
    rng = random.Random(seed)
    pts = [(rng.uniform(0, 1000), rng.uniform(0, 1000)) for _ in range(n_clients + 1)]
    dist = [[round(math.dist(a, b)) for b in pts] for a in pts]
    if asymmetric:  # one-way streets: some arcs cost more in one direction
        dist = [[0 if i == j else d + (rng.randint(0, 300) if rng.random() < 0.4 else 0) for j, d in enumerate(row)]
                for i, row in enumerate(dist)]
    demands = [0] + [rng.randint(1, max_demand) for _ in range(n_clients)]
    return dist, demands


def _assert_valid(sol, dist, demands, capacity):
    visited = sorted(v for r in sol.routes for v in r)
    assert visited == list(range(1, len(demands))), "each client exactly once, no depot inside a route"
    assert all(sum(demands[v] for v in r) <= capacity for r in sol.routes)
    assert sol.cost == route_cost(dist, sol.routes)
    assert sol.feasible


def _optimum(dist, demands, capacity):
    """Exact CVRP optimum by enumeration: best ordered route per client subset, then the best
    partition of the clients into capacity-feasible subsets (tiny instances only)."""
    clients = list(range(1, len(demands)))
    best_route = {}
    for mask in range(1, 1 << len(clients)):
        members = [c for k, c in enumerate(clients) if mask >> k & 1]
        if sum(demands[c] for c in members) <= capacity:
            best_route[mask] = min(route_cost(dist, [list(p)]) for p in permutations(members))
    full = (1 << len(clients)) - 1
    best = {0: 0}
    for mask in range(1, full + 1):
        low = mask & -mask  # the subset holding the lowest client of `mask` comes first
        sub, options = mask, []
        while sub:
            if sub & low and sub in best_route and (mask ^ sub) in best:
                options.append(best_route[sub] + best[mask ^ sub])
            sub = (sub - 1) & mask
        if options:
            best[mask] = min(options)
    return best[full]


@pytest.mark.parametrize("seed,asymmetric", [(1, False), (2, True), (3, True)])
def test_small_instances_reach_the_enumerated_optimum(seed, asymmetric):
    dist, demands = _instance(7, seed, asymmetric=asymmetric)
    capacity = 15
    sol = solve(dist, demands, capacity, seconds=2, max_iterations=2000, seed=seed)
    _assert_valid(sol, dist, demands, capacity)
    assert sol.cost == _optimum(dist, demands, capacity)
    assert 0 < sol.iterations <= 2000


def test_forty_clients_feasible_and_returns_within_budget():
    dist, demands = _instance(40, 7)
    sol = solve(dist, demands, 35, seconds=0.5)
    _assert_valid(sol, dist, demands, 35)
    assert sol.seconds < 2.0
    assert isinstance(sol, Solution) and len(sol.routes) >= math.ceil(sum(demands) / 35)


def test_asymmetric_return_leg_is_used_as_given():
    """The caller encodes 'return via the disposal site' in j->0: a client whose way back is dear
    must end no route when a cheap alternative exists."""
    dist = [[0, 10, 10], [10, 0, 1], [500, 1, 0]]  # coming back from node 2 costs 500
    sol = solve(dist, [0, 1, 1], 10, max_iterations=200)
    assert sol.routes == [[2, 1]]
    assert sol.cost == 10 + 1 + 10


def test_same_seed_same_plan():
    dist, demands = _instance(25, 11)
    a = solve(dist, demands, 30, max_iterations=300, seed=5)
    b = solve(dist, demands, 30, max_iterations=300, seed=5)
    assert (a.cost, a.routes) == (b.cost, b.routes)


def test_trivial_cases():
    empty = solve([[0]], [0], 10)
    assert (empty.cost, empty.routes, empty.feasible) == (0, [], True)
    assert solve([], [], 10).routes == []
    one = solve([[0, 4], [6, 0]], [0, 3], 10)
    assert (one.cost, one.routes, one.feasible) == (10, [[1]], True)


def test_too_few_vehicles_is_reported_infeasible_with_every_client_planned():
    dist, demands = _instance(6, 5, max_demand=5)
    sol = solve(dist, demands, max(demands), vehicles=1, max_iterations=200)
    assert sum(demands) > max(demands)
    assert not sol.feasible
    assert sorted(v for r in sol.routes for v in r) == list(range(1, 7))


@pytest.mark.parametrize("args,message", [
    (([[0, 1], [1, 0]], [0, 11], 10), "above the vehicle capacity"),
    (([[0, 1], [1, 0]], [0, 1, 2], 10), "one demand per node"),
    (([[0, 1], [1]], [0, 1], 10), "square"),
    (([[0, 1], [1, 0]], [3, 1], 10), "depot"),
    (([[0, -1], [1, 0]], [0, 1], 10), "distance 0->1"),
    (([[0, 1.5], [1, 0]], [0, 1], 10), "distance 0->1 is 1.5"),
    (([[0, 1], [1, 0]], [0, 2.5], 10), "node 1 has demand 2.5"),
    (([[0, 1], [1, 0]], [0, -1], 10), "whole non-negative"),
    (([[0, 1], [1, 0]], [0, 1], 0), "capacity must be positive"),
])
def test_bad_input_is_a_clear_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        solve(*args)

"""Capacitated vehicle routing (CVRP) for waste collection, on PyVRP.

PyVRP (Wouters et al., "PyVRP: a high-performance VRP solver package", INFORMS Journal on
Computing 2024) is the strongest open Python CVRP solver published; version 0.14 searches
with an iterated local search (the successor of its hybrid genetic search) over a penalised
objective, so an infeasible start is repaired as it goes. This module hides its model behind
a matrix-in, routes-out function so that the collection planner (bins, trucks, depot and
disposal site) and the CVRPLIB command share one solver. No Django import here.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Solution", "route_cost", "solve"]

# PyVRP keeps distances in int64 and adds penalties to them: keep inputs well below its MAX_VALUE
_MAX_DISTANCE = 2**40


@dataclass(frozen=True)
class Solution:
    cost: int                      # total distance of the routes (same unit as the matrix)
    routes: list[list[int]]        # each route: node indices visited, depot (0) excluded, in order
    feasible: bool
    seconds: float                 # wall time spent
    iterations: int


def route_cost(distance: Sequence[Sequence[int]], routes: Sequence[Sequence[int]]) -> int:
    """Total distance of `routes`, each leaving node 0 and coming back to it (empty routes cost 0)."""
    total = 0
    for route in routes:
        if not route:
            continue
        prev = 0
        for node in route:
            total += distance[prev][node]
            prev = node
        total += distance[prev][0]
    return total


def _check(distance, demands, capacity, vehicles, seconds, max_iterations) -> int:
    n = len(distance)
    if any(len(row) != n for row in distance):
        raise ValueError(f"the distance matrix must be square ({n} rows, row lengths {sorted({len(r) for r in distance})})")
    if len(demands) != n:
        raise ValueError(f"{len(demands)} demands for {n} nodes: give one demand per node, 0 for the depot (node 0)")
    if n and demands[0] != 0:
        raise ValueError(f"node 0 is the depot and must have demand 0, not {demands[0]}")
    if capacity <= 0:
        raise ValueError(f"the vehicle capacity must be positive, not {capacity}")
    for i, d in enumerate(demands):
        if d < 0 or d != int(d):
            raise ValueError(f"node {i} has demand {d}: demands are whole non-negative numbers")
        if d > capacity:
            raise ValueError(f"node {i} has demand {d} above the vehicle capacity {capacity}: no vehicle can serve it")
    for i, row in enumerate(distance):
        bad = next((j for j, v in enumerate(row) if not 0 <= v <= _MAX_DISTANCE or v != int(v)), None)
        if bad is not None:
            raise ValueError(f"distance {i}->{bad} is {row[bad]}: distances must be whole numbers in 0..{_MAX_DISTANCE}")
    if vehicles is not None and vehicles < 1 and n > 1:
        raise ValueError(f"at least one vehicle is needed, not {vehicles}")
    if seconds <= 0:
        raise ValueError(f"the time budget must be positive, not {seconds} s")
    if max_iterations is not None and max_iterations < 0:
        raise ValueError(f"max_iterations must not be negative ({max_iterations})")
    return n


def solve(distance: Sequence[Sequence[int]], demands: Sequence[int], capacity: int, *,
          vehicles: int | None = None, seconds: float = 5.0, seed: int = 1,
          max_iterations: int | None = None) -> Solution:
    """Capacitated VRP: node 0 is the depot (demand 0), every other node is visited once; `distance`
    may be asymmetric (the caller encodes e.g. 'return via the disposal site' in j->0); vehicles=None
    means as many as needed. Stops at `seconds` or `max_iterations`, whichever first.

    With too few vehicles for the total demand the answer is PyVRP's best overloaded plan with
    feasible=False (every client still on a route). Raises ValueError for malformed input or a
    client heavier than a whole vehicle."""
    start = time.perf_counter()
    n = _check(distance, demands, capacity, vehicles, seconds, max_iterations)
    clients = list(range(1, n))
    if not clients:
        return Solution(0, [], True, time.perf_counter() - start, 0)
    if len(clients) == 1:  # one client, one route: nothing to search
        routes = [clients]
        return Solution(route_cost(distance, routes), routes, True, time.perf_counter() - start, 0)

    import numpy as np
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType
    from pyvrp import solve as pyvrp_solve
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

    matrix = np.asarray(distance, dtype=np.int64)
    data = ProblemData(
        locations=[Location(x=0.0, y=0.0) for _ in range(n)],  # no operator in 0.14 uses coordinates
        clients=[Client(location=i, delivery=[int(demands[i])]) for i in clients],
        depots=[Depot(location=0)],
        vehicle_types=[VehicleType(num_available=vehicles if vehicles is not None else len(clients),
                                   capacity=[int(capacity)])],
        distance_matrices=[matrix],
        duration_matrices=[np.zeros_like(matrix)],
    )
    remaining = max(0.01, seconds - (time.perf_counter() - start))
    stop = MaxRuntime(remaining)
    if max_iterations is not None:
        stop = MultipleCriteria([stop, MaxIterations(max_iterations)])
    result = pyvrp_solve(data, stop, seed=seed, collect_stats=False, display=False)
    best = result.best
    # client activities carry the client's index among the clients; clients[i] sits at location i + 1
    routes = [[clients[a.idx] for a in route if a.is_client()] for route in best.routes()]
    routes = [r for r in routes if r]
    visited = sorted(v for r in routes for v in r)
    feasible = best.is_feasible() and visited == clients
    return Solution(route_cost(distance, routes), routes, feasible, time.perf_counter() - start, result.num_iterations)

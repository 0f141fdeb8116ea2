"""Collection routes: the CVRP solver (smartcity.sanitation.vrp, on PyVRP) against Google
OR-Tools routing on the X instances of CVRPLIB (Uchoa et al. 2017), side by side with the
same time budget, gap to the best known cost per instance.

    .venv/bin/python bench/cvrp.py [--seconds 60] [--seed 1] [--instances X-n101-k25,...] [--json]
    .venv/bin/smartcity bench cvrp [--json]          (the defaults: 60 s per solver and instance)

Data: ../shared/data/cvrp/ (beside the checkout; --data to point elsewhere): each .vrp with
its .sol (best known routes and cost). Default instances: X-n101-k25, X-n110-k13,
X-n125-k30, X-n148-k46, X-n200-k36 (--instances all adds every other .vrp there).

Both sides get the same rounded integer matrix (EUC_2D nint, as the X set counts its best
known costs) read once by sanitation/vrp/vrplib.py, and the same wall-clock budget; they run
one after the other in this process (one core each, in alternating order per instance so
neither is always first on a busy machine), and each side's CPU seconds are recorded too.
Ours: `vrp.solve(distance, demands, capacity, seconds=N, seed=S)` with no fleet limit.
OR-Tools (the test extra `ortools`): RoutingModel with the matrix as arc cost
(RegisterTransitMatrix), a capacity dimension, first solution PATH_CHEAPEST_ARC, metaheuristic
GUIDED_LOCAL_SEARCH, time_limit N; its fleet is ceil(1.1 x total demand / capacity) + 2
vehicles (unused vehicles cost nothing; one per client would slow its search).
Every answer is checked (each client once, capacity kept, cost recomputed from the routes).
Target (issue 10): ours within 1 % of the best known cost with 60 s on this machine.
"""
import argparse
import json
import math
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "cvrp"
DEFAULT_INSTANCES = ("X-n101-k25", "X-n110-k13", "X-n125-k30", "X-n148-k46", "X-n200-k36")
TARGET_GAP_PCT = 1.0


def _gap(cost, best):
    return round(100.0 * (cost - best) / best, 2) if cost is not None else None


def check(instance, routes, cost) -> None:
    """Raise AssertionError unless `routes` visit each client once within capacity at `cost`."""
    from smartcity.sanitation.vrp import route_cost

    visited = sorted(v for r in routes for v in r)
    if visited != list(range(1, len(instance.demands))):
        raise AssertionError(f"{instance.name}: clients missing or visited twice")
    if any(sum(instance.demands[v] for v in r) > instance.capacity for r in routes):
        raise AssertionError(f"{instance.name}: a route exceeds the capacity")
    if route_cost(instance.distance, routes) != cost:
        raise AssertionError(f"{instance.name}: reported cost {cost} is not the routes' cost")


def solve_ours(instance, seconds: float, seed: int) -> dict:
    from smartcity.sanitation.vrp import solve

    cpu = time.process_time()
    sol = solve(instance.distance, instance.demands, instance.capacity, seconds=seconds, seed=seed)
    cpu = time.process_time() - cpu
    check(instance, sol.routes, sol.cost)
    return {"cost": sol.cost, "routes": len(sol.routes), "feasible": sol.feasible, "seconds": round(sol.seconds, 2),
            "cpu_s": round(cpu, 2), "iterations": sol.iterations}


def solve_ortools(instance, seconds: float, seed: int) -> dict:
    """OR-Tools routing, GUIDED_LOCAL_SEARCH from PATH_CHEAPEST_ARC (its CVRP guide's setup)."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    from smartcity.sanitation.vrp import route_cost

    start, cpu = time.perf_counter(), time.process_time()
    n = len(instance.demands)
    fleet = min(n - 1, math.ceil(1.1 * sum(instance.demands) / instance.capacity) + 2)
    manager = pywrapcp.RoutingIndexManager(n, fleet, 0)
    model = pywrapcp.RoutingModel(manager)
    arc = model.RegisterTransitMatrix(instance.distance)  # indexed by node: the manager maps indices
    model.SetArcCostEvaluatorOfAllVehicles(arc)
    load = model.RegisterUnaryTransitVector(instance.demands)
    model.AddDimensionWithVehicleCapacity(load, 0, [instance.capacity] * fleet, True, "load")
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    remaining = max(0.001, seconds - (time.perf_counter() - start))  # the model's build counts too
    params.time_limit.FromMilliseconds(int(remaining * 1000))
    assignment = model.SolveWithParameters(params)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    if assignment is None:
        return {"cost": None, "routes": None, "feasible": False, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
                "fleet": fleet}
    routes = []
    for v in range(fleet):
        index, route = assignment.Value(model.NextVar(model.Start(v))), []
        while not model.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = assignment.Value(model.NextVar(index))
        if route:
            routes.append(route)
    cost = route_cost(instance.distance, routes)
    if cost != assignment.ObjectiveValue():
        raise AssertionError(f"{instance.name}: OR-Tools objective {assignment.ObjectiveValue()} is not its routes' cost {cost}")
    check(instance, routes, cost)
    return {"cost": cost, "routes": len(routes), "feasible": True, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
            "fleet": fleet}


def _instance_names(spec, data: Path):
    if not spec:
        return list(DEFAULT_INSTANCES)
    if spec == "all":
        return sorted(p.stem for p in data.glob("*.vrp"))
    return [s.strip().removesuffix(".vrp") for s in spec.split(",") if s.strip()]


def _versions():
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("pyvrp", "ortools"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def main(seconds: float = 60.0, instances=None, seed: int = 1, data: Path = DATA, out=print) -> dict:
    from smartcity.sanitation.vrp.vrplib import (
        read_instance,
        read_solution,
        solution_beside,
    )

    if not data.is_dir():
        raise SystemExit(f"no CVRP instances at {data}: the X set lives in ../shared/data/cvrp beside the checkout "
                         "(or give --data)")
    versions = _versions()
    names = _instance_names(instances, data)
    res = {"name": "cvrp", "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "seconds": seconds,
           "seed": seed, "cpus": os.cpu_count(), "versions": versions,
           "load_average_start": [round(x, 2) for x in os.getloadavg()], "instances": []}
    out(f"CVRP, {seconds:g} s per solver and instance, seed {seed}; pyvrp {versions['pyvrp']}, ortools "
        f"{versions['ortools'] or 'not installed'}; load average {res['load_average_start']} on {res['cpus']} CPUs")
    head = (f"  {'instance':<12} {'n':>4} {'BKS':>7} | {'ours':>7} {'gap %':>6} {'routes':>6} {'iters':>7} | "
            f"{'OR-Tools':>8} {'gap %':>6} {'routes':>6}")
    out(head)
    out("  " + "-" * (len(head) - 2))
    for k, name in enumerate(names):
        path = data / f"{name}.vrp"
        instance = read_instance(path)
        sol_path = solution_beside(path)
        best = read_solution(sol_path).cost if sol_path else None
        row = {"instance": name, "clients": instance.clients, "capacity": instance.capacity, "bks": best}
        sides = ("ours", "ortools") if k % 2 == 0 else ("ortools", "ours")
        for side in sides:
            if side == "ours":
                row["ours"] = solve_ours(instance, seconds, seed)
            elif versions["ortools"]:
                row["ortools"] = solve_ortools(instance, seconds, seed)
            else:
                row["ortools"] = None
        row["ours"]["gap_pct"] = _gap(row["ours"]["cost"], best) if best else None
        if row["ortools"]:
            row["ortools"]["gap_pct"] = _gap(row["ortools"]["cost"], best) if best else None
        res["instances"].append(row)
        o, t = row["ours"], row["ortools"] or {}
        fmt = lambda v, w: f"{v:>{w}}" if v is not None else f"{'-':>{w}}"
        out(f"  {name:<12} {instance.clients + 1:>4} {fmt(best, 7)} | {o['cost']:>7} {fmt(o['gap_pct'], 6)} {o['routes']:>6} "
            f"{o['iterations']:>7} | {fmt(t.get('cost'), 8)} {fmt(t.get('gap_pct'), 6)} {fmt(t.get('routes'), 6)}")
    res["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    gaps = [r["ours"]["gap_pct"] for r in res["instances"] if r["ours"]["gap_pct"] is not None]
    ort = [r["ortools"]["gap_pct"] for r in res["instances"] if r["ortools"] and r["ortools"]["gap_pct"] is not None]
    res["mean_gap_ours_pct"] = round(sum(gaps) / len(gaps), 2) if gaps else None
    res["mean_gap_ortools_pct"] = round(sum(ort) / len(ort), 2) if ort else None
    res["target_gap_pct"] = TARGET_GAP_PCT
    res["target_met"] = bool(gaps) and all(g <= TARGET_GAP_PCT for g in gaps)
    out(f"  mean gap: ours {res['mean_gap_ours_pct']} %, OR-Tools {res['mean_gap_ortools_pct']} %; "
        f"target ours within {TARGET_GAP_PCT:g} % of best known on every instance met: {res['target_met']}; "
        f"load average at the end {res['load_average_end']}")
    return res


def cli(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="budget per solver and instance (default 60)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--instances", help="comma-separated names (default the five X-n101..X-n200), or 'all'")
    ap.add_argument("--data", type=Path, default=DATA, help=f"folder of .vrp/.sol files (default {DATA})")
    ap.add_argument("--json", action="store_true", help="the table on stderr, the result as JSON on stdout")
    a = ap.parse_args(argv)
    r = main(a.seconds, a.instances, a.seed, a.data, out=(lambda line: print(line, file=sys.stderr)) if a.json else print)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
    return r


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    cli()

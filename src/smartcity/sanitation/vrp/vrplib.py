"""Read CVRPLIB/VRPLIB instances (.vrp) and their best known solutions (.sol).

The format is TSPLIB's (Reinelt 1991, "TSPLIB 95", sections 1.1-1.2) as used by CVRPLIB
(http://vrp.galgos.inf.puc-rio.br) for the X set of Uchoa et al. 2017, "New benchmark
instances for the Capacitated Vehicle Routing Problem", EJOR 257(3). Distances follow
TSPLIB: EUC_2D is the Euclidean distance rounded to the nearest integer (nint, x + 0.5
truncated), which is how the X set's best known costs are counted; CEIL_2D rounds up;
EXPLICIT reads the matrix in any of TSPLIB's FULL_MATRIX / LOWER_* / UPPER_* layouts.

Numbering: node 0 is the depot, then the other nodes in file order, so for the usual files
(depot = node 1) node i is file node i + 1 and a .sol file's numbers are node indices.
No Django import here.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BestKnown",
    "Instance",
    "VrplibError",
    "format_routes",
    "parse_instance",
    "parse_solution",
    "read_instance",
    "read_solution",
    "solution_beside",
]


class VrplibError(ValueError):
    """The file is not a CVRP instance (or solution) this reader understands; says why and where."""


@dataclass
class Instance:
    name: str
    capacity: int
    demands: list[int]                  # node 0 is the depot (demand 0)
    distance: list[list[int]]           # integer matrix, node 0 = depot
    coordinates: list[tuple[float, float]] | None = None
    vehicles: int | None = None         # the VEHICLES field when the file has one
    edge_weight_type: str = "EUC_2D"
    file_ids: list[int] = field(default_factory=list)  # the file's node id of each node

    @property
    def clients(self) -> int:
        return len(self.demands) - 1


@dataclass
class BestKnown:
    cost: int
    routes: list[list[int]]


_SECTIONS = {"NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION", "EDGE_WEIGHT_SECTION"}
_UNSUPPORTED = {"DISTANCE": "a route length limit (DISTANCE)", "SERVICE_TIME": "service times (SERVICE_TIME)"}


def _int(token: str, where: str) -> int:
    try:
        value = float(token)
    except ValueError:
        raise VrplibError(f"{where}: '{token}' is not a number") from None
    if value != int(value):
        raise VrplibError(f"{where}: '{token}' is not a whole number")
    return int(value)


def _distances(kind: str, coords, weights, fmt: str, n: int) -> list[list[int]]:
    if kind in ("EUC_2D", "CEIL_2D"):
        rnd = (lambda d: int(d + 0.5)) if kind == "EUC_2D" else math.ceil
        return [[rnd(math.hypot(ax - bx, ay - by)) for bx, by in coords] for ax, ay in coords]
    if kind != "EXPLICIT":
        raise VrplibError(f"EDGE_WEIGHT_TYPE {kind} is not supported (EUC_2D, CEIL_2D or EXPLICIT)")
    values = [round(float(w)) for w in weights]
    m = [[0] * n for _ in range(n)]
    cells = {
        "FULL_MATRIX": [(i, j) for i in range(n) for j in range(n)],
        "LOWER_ROW": [(i, j) for i in range(n) for j in range(i)],
        "LOWER_DIAG_ROW": [(i, j) for i in range(n) for j in range(i + 1)],
        "UPPER_ROW": [(i, j) for i in range(n) for j in range(i + 1, n)],
        "UPPER_DIAG_ROW": [(i, j) for i in range(n) for j in range(i, n)],
    }.get(fmt)
    if cells is None:
        raise VrplibError(f"EDGE_WEIGHT_FORMAT {fmt or '(missing)'} is not supported "
                          "(FULL_MATRIX, LOWER_ROW, LOWER_DIAG_ROW, UPPER_ROW, UPPER_DIAG_ROW)")
    if len(values) != len(cells):
        raise VrplibError(f"EDGE_WEIGHT_SECTION has {len(values)} values, {fmt} of {n} nodes needs {len(cells)}")
    for (i, j), v in zip(cells, values):
        m[i][j] = v
        if fmt != "FULL_MATRIX":
            m[j][i] = v
    return m


def parse_instance(text: str, name: str = "") -> Instance:
    """Parse the text of a .vrp file; raise VrplibError with the reason for anything else."""
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        key = line.split(":")[0].split()[0].upper()
        if key == "EOF":
            break
        if key in _SECTIONS:
            current = key
            sections[current] = []
            continue
        if ":" in line and not re.match(r"^-?[\d.]", line):
            k, _, v = line.partition(":")
            header[k.strip().upper()] = v.strip().strip('"').strip()
            current = None
            continue
        if current is None:
            raise VrplibError(f"line {lineno}: '{line[:40]}' is neither a 'KEY : value' line nor inside a section")
        sections[current].append(line.split())
    if not header and not sections:
        raise VrplibError("empty file or not a VRPLIB instance (no 'KEY : value' header, no section)")
    kind = header.get("TYPE", "CVRP").upper()
    if kind not in ("CVRP", "ACVRP"):
        raise VrplibError(f"TYPE {kind} is not a capacitated VRP (CVRP)")
    for key, what in _UNSUPPORTED.items():
        if key in header:
            raise VrplibError(f"{what} is not supported: only capacity-limited routes")
    for key in ("DIMENSION", "CAPACITY"):
        if key not in header:
            raise VrplibError(f"the header has no {key}")
    n = _int(header["DIMENSION"], "DIMENSION")
    capacity = _int(header["CAPACITY"], "CAPACITY")
    if n < 1:
        raise VrplibError(f"DIMENSION {n}: there must be at least the depot")
    if "DEMAND_SECTION" not in sections:
        raise VrplibError("no DEMAND_SECTION")
    demand_rows = sections["DEMAND_SECTION"]
    if len(demand_rows) != n or any(len(r) != 2 for r in demand_rows):
        raise VrplibError(f"DEMAND_SECTION must hold {n} lines 'node demand', it has {len(demand_rows)}")
    ids = [_int(r[0], "DEMAND_SECTION node") for r in demand_rows]
    if len(set(ids)) != n:
        raise VrplibError("DEMAND_SECTION lists a node twice")
    demand = {i: _int(r[1], f"DEMAND_SECTION node {i}") for i, r in zip(ids, demand_rows)}
    depots = [_int(t, "DEPOT_SECTION") for row in sections.get("DEPOT_SECTION", [["1"], ["-1"]]) for t in row]
    depots = depots[:depots.index(-1)] if -1 in depots else depots
    if len(depots) != 1:
        raise VrplibError(f"{len(depots)} depots in DEPOT_SECTION: only single-depot instances are supported")
    depot = depots[0]
    if depot not in demand:
        raise VrplibError(f"the depot {depot} is not a node of DEMAND_SECTION")
    if demand[depot] != 0:
        raise VrplibError(f"the depot {depot} has demand {demand[depot]}, not 0")
    order = [depot] + [i for i in ids if i != depot]
    position = {i: k for k, i in enumerate(ids)}
    edge_type = header.get("EDGE_WEIGHT_TYPE", "EXPLICIT" if "EDGE_WEIGHT_SECTION" in sections else "EUC_2D").upper()
    coords = None
    if "NODE_COORD_SECTION" in sections:
        rows = sections["NODE_COORD_SECTION"]
        if len(rows) != n or any(len(r) < 3 for r in rows):
            raise VrplibError(f"NODE_COORD_SECTION must hold {n} lines 'node x y', it has {len(rows)}")
        try:
            by_id = {_int(r[0], "NODE_COORD_SECTION node"): (float(r[1]), float(r[2])) for r in rows}
        except ValueError as exc:
            raise VrplibError(f"NODE_COORD_SECTION: {exc}") from None
        if set(by_id) != set(ids):
            raise VrplibError("NODE_COORD_SECTION and DEMAND_SECTION list different nodes")
        coords = [by_id[i] for i in order]
    if edge_type in ("EUC_2D", "CEIL_2D") and coords is None:
        raise VrplibError(f"EDGE_WEIGHT_TYPE {edge_type} needs a NODE_COORD_SECTION")
    weights = [t for row in sections.get("EDGE_WEIGHT_SECTION", []) for t in row]
    try:
        matrix = _distances(edge_type, coords, weights, header.get("EDGE_WEIGHT_FORMAT", "").upper(), n)
    except ValueError as exc:
        raise VrplibError(str(exc)) from None
    if edge_type == "EXPLICIT":  # rows and columns in file order: put the depot first
        matrix = [[matrix[position[a]][position[b]] for b in order] for a in order]
    vehicles = _int(header["VEHICLES"], "VEHICLES") if "VEHICLES" in header else None
    return Instance(name=header.get("NAME", name) or name, capacity=capacity, demands=[demand[i] for i in order],
                    distance=matrix, coordinates=coords, vehicles=vehicles, edge_weight_type=edge_type, file_ids=order)


def read_instance(path: str | Path) -> Instance:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as exc:
        raise VrplibError(f"cannot read {path}: {exc}") from None
    try:
        return parse_instance(text, name=path.stem)
    except VrplibError as exc:
        raise VrplibError(f"{path.name}: {exc}") from None


def parse_solution(text: str) -> BestKnown:
    """A CVRPLIB .sol: 'Route #k: i j ...' lines (node indices, depot 0 left out) and 'Cost N'."""
    routes, cost = [], None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if m := re.match(r"^route\s*#\s*\d+\s*:(.*)$", line, re.IGNORECASE):
            try:
                routes.append([int(t) for t in m.group(1).split()])
            except ValueError:
                raise VrplibError(f"line {lineno}: a route holds node numbers only") from None
        elif m := re.match(r"^cost\s+(-?[\d.]+)\s*$", line, re.IGNORECASE):
            cost = round(float(m.group(1)))
        else:
            raise VrplibError(f"line {lineno}: '{line[:40]}' is neither 'Route #k: ...' nor 'Cost N'")
    if cost is None:
        raise VrplibError("no 'Cost N' line")
    return BestKnown(cost=cost, routes=routes)


def read_solution(path: str | Path) -> BestKnown:
    path = Path(path)
    try:
        return parse_solution(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise VrplibError(f"cannot read {path}: {exc}") from None
    except VrplibError as exc:
        raise VrplibError(f"{path.name}: {exc}") from None


def solution_beside(path: str | Path) -> Path | None:
    """The .sol file next to an instance (X-n101-k25.vrp -> X-n101-k25.sol), if there is one."""
    sol = Path(path).with_suffix(".sol")
    return sol if sol.is_file() else None


def format_routes(routes) -> list[str]:
    """Routes as CVRPLIB .sol lines: 'Route #1: 3 17 42'."""
    return [f"Route #{k}: " + " ".join(str(v) for v in route) for k, route in enumerate(routes, 1)]

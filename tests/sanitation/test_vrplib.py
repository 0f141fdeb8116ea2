"""Reading CVRPLIB/VRPLIB instances and solutions (sanitation/vrp/vrplib.py): the X set's best
known routes cost exactly their published cost with our matrix, the TSPLIB matrix layouts, and
a reason for every file we cannot use."""
from pathlib import Path

import pytest

from smartcity.sanitation.vrp import route_cost
from smartcity.sanitation.vrp.vrplib import (
    VrplibError,
    format_routes,
    parse_instance,
    parse_solution,
    read_instance,
    read_solution,
    solution_beside,
)
from smartcity.testing import require

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cvrp"


def test_x_instances_best_known_routes_cost_their_published_cost():
    require(DATA.is_dir(), "../shared/data/cvrp (the CVRPLIB X instances, read beside the clone, never copied)")
    import numpy as np
    import vrplib  # PyVRP's own reader, as an independent reading of the same files

    files = sorted(DATA.glob("X-*.vrp"))
    assert len(files) >= 5
    for path in files:
        inst = read_instance(path)
        best = read_solution(solution_beside(path))
        theirs = vrplib.read_instance(str(path))
        assert inst.capacity == theirs["capacity"] and inst.demands == [int(d) for d in theirs["demand"]]
        assert inst.edge_weight_type == "EUC_2D" and len(inst.distance) == theirs["dimension"]
        nint = np.floor(np.asarray(theirs["edge_weight"]) + 0.5).astype(int)  # TSPLIB's rounding
        assert inst.distance == nint.tolist()
        assert sorted(v for r in best.routes for v in r) == list(range(1, inst.clients + 1))
        assert route_cost(inst.distance, best.routes) == best.cost, path.name


SMALL = """NAME : tiny
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EXPLICIT
EDGE_WEIGHT_FORMAT : {fmt}
CAPACITY : 10
EDGE_WEIGHT_SECTION
{weights}
DEMAND_SECTION
1 4
2 0
3 5
4 6
DEPOT_SECTION
2
-1
EOF
"""
# file nodes 1..4 (the depot is node 2); distinct symmetric distances, written in each layout
_D = [[0 if a == b else 10 * (a + b) + abs(a - b) * a for b in range(1, 5)] for a in range(1, 5)]
_D = [[max(_D[i][j], _D[j][i]) for j in range(4)] for i in range(4)]
LAYOUTS = {
    "FULL_MATRIX": [v for row in _D for v in row],
    "LOWER_ROW": [_D[i][j] for i in range(4) for j in range(i)],
    "LOWER_DIAG_ROW": [_D[i][j] for i in range(4) for j in range(i + 1)],
    "UPPER_ROW": [_D[i][j] for i in range(4) for j in range(i + 1, 4)],
    "UPPER_DIAG_ROW": [_D[i][j] for i in range(4) for j in range(i, 4)],
}


@pytest.mark.parametrize("fmt", sorted(LAYOUTS))
def test_explicit_layouts_and_a_depot_that_is_not_node_one(fmt):
    inst = parse_instance(SMALL.format(fmt=fmt, weights=" ".join(map(str, LAYOUTS[fmt]))))
    assert inst.file_ids == [2, 1, 3, 4] and inst.demands == [0, 4, 5, 6] and inst.capacity == 10
    assert inst.distance == [[_D[a - 1][b - 1] for b in inst.file_ids] for a in inst.file_ids]
    assert inst.distance[0][1] == _D[1][0] != inst.distance[0][2] == _D[1][2]


def test_explicit_full_matrix_may_be_asymmetric():
    weights = "0 1 2 3\n9 0 5 6\n7 8 0 4\n1 1 1 0"
    inst = parse_instance(SMALL.replace("DEPOT_SECTION\n2", "DEPOT_SECTION\n1").replace("1 4\n2 0", "1 0\n2 4")
                          .format(fmt="FULL_MATRIX", weights=weights))
    assert inst.distance == [[0, 1, 2, 3], [9, 0, 5, 6], [7, 8, 0, 4], [1, 1, 1, 0]]


def test_euc_2d_rounds_to_nearest_and_ceil_2d_rounds_up():
    text = ("NAME: r\nTYPE: CVRP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: {kind}\nCAPACITY: 5\nNODE_COORD_SECTION\n"
            "1 0 0\n2 1 1\n3 3 4\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n")
    euc = parse_instance(text.format(kind="EUC_2D")).distance
    ceil = parse_instance(text.format(kind="CEIL_2D")).distance
    assert euc[0] == [0, 1, 5] and euc[1][2] == 4  # sqrt 2 -> 1, sqrt 13 = 3.61 -> 4
    assert ceil[0] == [0, 2, 5] and ceil[1][2] == 4


GOOD = ("NAME: g\nTYPE: CVRP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\nCAPACITY: 5\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n"
        "DEMAND_SECTION\n1 0\n2 1\nDEPOT_SECTION\n1\n-1\nEOF\n")


def test_a_good_small_file_reads():
    inst = parse_instance(GOOD)
    assert (inst.name, inst.capacity, inst.demands, inst.distance) == ("g", 5, [0, 1], [[0, 5], [5, 0]])


@pytest.mark.parametrize("text,reason", [
    ("", "empty file"),
    ("hello world", "neither a 'KEY : value' line"),
    (GOOD.replace("TYPE: CVRP", "TYPE: TSP"), "not a capacitated VRP"),
    (GOOD.replace("CAPACITY: 5\n", ""), "no CAPACITY"),
    (GOOD.replace("DEMAND_SECTION\n1 0\n2 1\n", ""), "no DEMAND_SECTION"),
    (GOOD.replace("2 1\nDEPOT", "DEPOT"), "DEMAND_SECTION must hold 2 lines"),
    (GOOD.replace("2 1\nDEPOT", "2 x\nDEPOT"), "'x' is not a number"),
    (GOOD.replace("1\n-1", "1\n2\n-1"), "only single-depot"),
    (GOOD.replace("1 0\n2 1", "1 3\n2 1"), "has demand 3, not 0"),
    (GOOD.replace("EUC_2D", "GEO"), "GEO is not supported"),
    (GOOD.replace("NODE_COORD_SECTION\n1 0 0\n2 3 4\n", ""), "needs a NODE_COORD_SECTION"),
    (GOOD.replace("CAPACITY: 5", "CAPACITY: 5\nDISTANCE: 100"), "route length limit"),
])
def test_unusable_files_say_why(text, reason):
    with pytest.raises(VrplibError, match=reason):
        parse_instance(text)


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(VrplibError, match="cannot read"):
        read_instance(tmp_path / "missing.vrp")
    (tmp_path / "bad.vrp").write_bytes(b"\xff\xfe binary")
    with pytest.raises(VrplibError, match="cannot read"):
        read_instance(tmp_path / "bad.vrp")
    (tmp_path / "bad.sol").write_text("Route #1: 1 2\n")
    with pytest.raises(VrplibError, match="bad.sol: no 'Cost N' line"):
        read_solution(tmp_path / "bad.sol")
    assert solution_beside(tmp_path / "bad.vrp") == tmp_path / "bad.sol"
    assert solution_beside(tmp_path / "other.vrp") is None


def test_solution_round_trip():
    text = "\n".join(format_routes([[3, 1], [2]])) + "\nCost 42\n"
    assert text.startswith("Route #1: 3 1\nRoute #2: 2\n")
    best = parse_solution(text)
    assert (best.cost, best.routes) == (42, [[3, 1], [2]])
    with pytest.raises(VrplibError, match="node numbers only"):
        parse_solution("Route #1: a b\nCost 1")

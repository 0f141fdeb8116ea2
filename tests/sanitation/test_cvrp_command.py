"""`smartcity sanitation cvrp FILE.vrp`: routes in CVRPLIB's .sol form, `cost N` equal to the
cost of the printed routes (recomputed here from the file through PyVRP's own reader), the
best known cost and gap from the .sol beside it, and exit status 2 with a reason for bad files."""
import math
import re
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smartcity.testing import require

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cvrp"


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("sanitation", "cvrp", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_real_instance_printed_cost_is_the_cost_of_the_printed_routes():
    require(DATA.is_dir(), "../shared/data/cvrp (the CVRPLIB X instances, read beside the clone, never copied)")
    import vrplib

    path = DATA / "X-n101-k25.vrp"
    out, err = _run(path, "--seconds", "1", "--seed", "3")
    lines = out.splitlines()
    routes = [[int(v) for v in m.group(1).split()] for line in lines if (m := re.fullmatch(r"Route #\d+: ([\d ]+)", line))]
    cost = int(next(line.split()[1] for line in lines if re.fullmatch(r"cost \d+", line)))
    # independent recomputation: PyVRP's vrplib reader, TSPLIB nint rounding
    inst = vrplib.read_instance(str(path))
    xy, demand = inst["node_coord"], inst["demand"]
    dist = lambda a, b: int(math.hypot(*(xy[a] - xy[b])) + 0.5)
    recomputed = sum(dist(0, r[0]) + sum(dist(a, b) for a, b in pairwise(r)) + dist(r[-1], 0) for r in routes)
    assert cost == recomputed
    assert sorted(v for r in routes for v in r) == list(range(1, 101))
    assert all(sum(demand[v] for v in r) <= inst["capacity"] for r in routes)
    assert [line.split(":")[0] for line in lines if line.startswith("Route")] == [f"Route #{k}" for k in range(1, len(routes) + 1)]
    best = int(re.search(r"^Cost (\d+)$", (DATA / "X-n101-k25.sol").read_text(), re.MULTILINE).group(1))
    assert f"best known {best} (X-n101-k25.sol)" in lines
    assert f"gap {100 * (cost - best) / best:.2f} %" in lines
    assert "X-n101-k25: 100 clients, capacity 206" in err


TINY = ("NAME : tiny\nTYPE : CVRP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n"
        "CAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 3 4 5\n3 0 5 4\n4 5 0 3\n5 4 3 0\n"
        "DEMAND_SECTION\n1 0\n2 6\n3 6\n4 {d}\nDEPOT_SECTION\n1\n-1\nEOF\n")


def test_explicit_instance_without_solution_beside(tmp_path):
    path = tmp_path / "tiny.vrp"
    path.write_text(TINY.format(d=4))
    out, _ = _run(path, "--seconds", "1", "--max-iterations", "50")
    # capacity 10: 1 alone (6) and 2+3 together (6+4) cost 3+3 + 4+3+5 = 18, the only optimum
    lines = out.splitlines()
    routes = {frozenset(map(int, line.split(":")[1].split())) for line in lines if line.startswith("Route #")}
    assert routes == {frozenset({1}), frozenset({2, 3})} and lines[-1] == "cost 18"
    assert "best known" not in out


@pytest.mark.parametrize("content,reason", [
    (None, "cannot read"),
    ("garbage\n", "neither a 'KEY : value' line"),
    (TINY.format(d=11), "demand 11 above the vehicle capacity 10"),
])
def test_bad_files_exit_2_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.vrp"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError, match=reason) as exc:
        _run(path, "--seconds", "1")
    assert exc.value.returncode == 2


def test_command_line_exit_status_is_2_for_a_bad_file(tmp_path, capsys, monkeypatch):
    """The path `smartcity sanitation cvrp ...` takes (run_from_argv), in-process and without
    the project-wide system checks: a new interpreter with every app costs 5-10 s in CI."""
    from smartcity.sanitation.management.commands.sanitation import Command

    monkeypatch.setattr(Command, "requires_system_checks", [])

    path = tmp_path / "bad.vrp"
    path.write_text("TYPE : TSP\n")
    with pytest.raises(SystemExit) as exc:
        Command().run_from_argv(["smartcity", "sanitation", "cvrp", str(path), "--seconds", "1"])
    captured = capsys.readouterr()
    assert exc.value.code == 2
    assert "not a capacitated VRP" in captured.err and "cost" not in captured.out

"""Benchmark: load a GTFS feed and compute trip stats, ours vs gtfs-kit, on the same machine.

    .venv/bin/python bench/mobility_gtfs.py [--feed PATH] [--rounds 5] [--venv DIR] [--json]

Ours: read the zip (gtfs.reader), build the typed Schedule, trip_stats. gtfs-kit:
`gtfs_kit.read_feed(path, dist_units=...)` + `compute_trip_stats()`. gtfs-kit is never a
project dependency: it lives in its own virtual environment (default var/bench-venv,
created and filled with `pip install gtfs-kit` on first use) and runs in a subprocess of
that environment; each of its runs is a fresh process that times itself after its
imports. Rounds are interleaved (gtfs-kit, ours, gtfs-kit, ours ...) so both see the same
machine load; the figures are medians. Both sides use the same distance units (ours
inferred from the shapes, passed to gtfs-kit).

Equality: every trip's text columns must be identical and every numeric column within a
relative 1e-6 (the report gives the largest relative difference per column). Once, not
timed, route, stop and feed stats of the busiest date are compared the same way.
Target (issue 6): ours >= 3x faster with equal results.
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from smartcity.mobility.gtfs import stats as st  # noqa: E402
from smartcity.mobility.gtfs.reader import read_feed  # noqa: E402
from smartcity.mobility.gtfs.schedule import Schedule  # noqa: E402

DEFAULT_FEED = REPO.parent / "shared" / "data" / "gtfs" / "seattle-area-2017-11-16.zip"
DEFAULT_VENV = REPO / "var" / "bench-venv"
TOLERANCE = 1e-6

# Runs inside the gtfs-kit environment: argv = feed, dist_units, mode, date, out dir.
GK_SCRIPT = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import gtfs_kit as gk
path, units, mode, date, out = sys.argv[1:6]
t0 = time.perf_counter()
feed = gk.read_feed(path, dist_units=units)
t1 = time.perf_counter()
ts = feed.compute_trip_stats()
t2 = time.perf_counter()
res = {"read_s": t1 - t0, "stats_s": t2 - t1, "version": gk.__version__ if hasattr(gk, "__version__") else ""}
if mode == "check":
    ts.to_csv(out + "/gk_trip_stats.csv", index=False)
    feed.compute_route_stats([date], trip_stats=ts).to_csv(out + "/gk_route_stats.csv", index=False)
    feed.compute_stop_stats([date]).to_csv(out + "/gk_stop_stats.csv", index=False)
    feed.compute_network_stats([date], trip_stats=ts).to_csv(out + "/gk_feed_stats.csv", index=False)
print(json.dumps(res))
"""


def ensure_venv(venv: Path, out=print) -> Path:
    """The bench environment's python, with gtfs-kit installed (created on first use)."""
    py = venv / "bin" / "python"
    if py.exists() and subprocess.run([str(py), "-c", "import gtfs_kit"], capture_output=True).returncode == 0:
        return py
    out(f"creating {venv} with gtfs-kit (first run only)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "gtfs-kit"], check=True)
    return py


def gtfs_kit_version(py: Path) -> str:
    r = subprocess.run([str(py), "-m", "pip", "show", "gtfs-kit"], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "?"


def run_gtfs_kit(py: Path, feed: Path, units: str, mode="time", date="", out_dir="") -> dict:
    r = subprocess.run([str(py), "-c", GK_SCRIPT, str(feed), units, mode, date, out_dir],
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def run_ours(feed: Path, units: str | None = None):
    t0 = time.perf_counter()
    schedule = Schedule.from_raw(read_feed(feed))
    t1 = time.perf_counter()
    rows = st.trip_stats(schedule, dist_units=units)
    t2 = time.perf_counter()
    return {"read_s": t1 - t0, "stats_s": t2 - t1}, schedule, rows


def _num(v):
    if v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def compare_rows(ours: list[dict], theirs: list[dict], key: tuple[str, ...], columns: list[str]) -> dict:
    """Per column: the largest relative difference (numbers) or the count of unequal cells
    (text); plus rows present on one side only."""
    a = {tuple(str(r[k]) for k in key): r for r in ours}
    b = {tuple(str(r[k]) for k in key): r for r in theirs}
    result = {"rows_ours": len(a), "rows_gtfs_kit": len(b), "only_ours": len(a.keys() - b.keys()),
              "only_gtfs_kit": len(b.keys() - a.keys()), "columns": {}}
    for col in columns:
        worst, unequal = 0.0, 0
        for k in a.keys() & b.keys():
            x, y = a[k].get(col), b[k].get(col)
            fx, fy = _num(x), _num(y)
            if fx is not None and fy is not None:
                if fx == fy or (math.isnan(fx) and math.isnan(fy)):
                    continue
                if math.isinf(fx) or math.isinf(fy) or math.isnan(fx) or math.isnan(fy):
                    unequal += 1
                    continue
                rel = abs(fx - fy) / max(abs(fy), 1e-12)
                worst = max(worst, rel)
                unequal += rel > TOLERANCE
            elif ("" if x is None else str(x)) != ("" if y is None else str(y)):
                unequal += 1
        result["columns"][col] = {"max_rel_diff": worst, "unequal": unequal}
    result["equal"] = (result["only_ours"] == 0 and result["only_gtfs_kit"] == 0
                       and all(c["unequal"] == 0 for c in result["columns"].values()))
    return result


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _normalise_gk(rows: list[dict]) -> list[dict]:
    """gtfs-kit writes integers that went through a float column as '0.0'."""
    out = []
    for r in rows:
        out.append({k: (v[:-2] if isinstance(v, str) and v.endswith(".0") and v[:-2].lstrip("-").isdigit() else v)
                    for k, v in r.items()})
    return out


def _normalise_ours(rows: list[dict]) -> list[dict]:
    return [{k: ("" if v is None else v) for k, v in r.items()} for r in rows]


def check_all(py: Path, feed: Path, units: str, schedule: Schedule, ours_trips: list[dict], tmp: Path) -> dict:
    dates = schedule.service_dates()
    date = st.busiest_date(schedule, dates) if dates else ""
    tmp.mkdir(parents=True, exist_ok=True)
    run_gtfs_kit(py, feed, units, mode="check", date=date, out_dir=str(tmp))
    checks = {"date": date}
    checks["trip_stats"] = compare_rows(
        _normalise_ours(ours_trips), _normalise_gk(_read_csv(tmp / "gk_trip_stats.csv")), ("trip_id",),
        [c for c in st.TRIP_STATS_COLUMNS if c != "trip_id"])
    routes = st.route_stats(schedule, date, trip_stats_rows=ours_trips)
    checks["route_stats"] = compare_rows(
        _normalise_ours(routes), _normalise_gk(_read_csv(tmp / "gk_route_stats.csv")), ("route_id",),
        [c for c in st.ROUTE_STATS_COLUMNS if c not in ("route_id", "date")])
    stops = st.stop_stats(schedule, date)
    checks["stop_stats"] = compare_rows(
        _normalise_ours(stops), _normalise_gk(_read_csv(tmp / "gk_stop_stats.csv")), ("stop_id",),
        [c for c in st.STOP_STATS_COLUMNS if c not in ("stop_id", "date")])
    fs = st.feed_stats(schedule, date, trip_stats_rows=ours_trips)
    checks["feed_stats"] = compare_rows(
        _normalise_ours([fs]), _normalise_gk(_read_csv(tmp / "gk_feed_stats.csv")), ("date",),
        [c for c in st.FEED_STATS_COLUMNS if c != "date"])
    return checks


def main(feed=DEFAULT_FEED, rounds=5, venv=DEFAULT_VENV, out=print, as_json=False, check=True) -> dict:
    feed = Path(feed)
    if not feed.exists():
        raise SystemExit(f"feed not found: {feed}")
    py = ensure_venv(Path(venv), out=out)
    probe = Schedule.from_raw(read_feed(feed))
    units = st.infer_dist_units(probe)
    del probe
    run_gtfs_kit(py, feed, units)  # warm the file cache and both interpreters' imports
    run_ours(feed, units)
    ours_t, gk_t = [], []
    for _ in range(rounds):
        gk_t.append(run_gtfs_kit(py, feed, units))
        t, schedule, rows = run_ours(feed, units)
        ours_t.append(t)
    ours_total = statistics.median(t["read_s"] + t["stats_s"] for t in ours_t)
    gk_total = statistics.median(t["read_s"] + t["stats_s"] for t in gk_t)
    result = {
        "name": "GTFS load + trip stats: ours vs gtfs-kit",
        "feed": feed.name,
        "trips": len(rows),
        "stop_times": sum(len(t.stop_ids) for t in schedule.trips.values()),
        "dist_units": units,
        "gtfs_kit_version": gtfs_kit_version(py),
        "rounds": rounds,
        "ours_load_s": round(statistics.median(t["read_s"] for t in ours_t), 3),
        "ours_trip_stats_s": round(statistics.median(t["stats_s"] for t in ours_t), 3),
        "ours_total_s": round(ours_total, 3),
        "gtfs_kit_load_s": round(statistics.median(t["read_s"] for t in gk_t), 3),
        "gtfs_kit_trip_stats_s": round(statistics.median(t["stats_s"] for t in gk_t), 3),
        "gtfs_kit_total_s": round(gk_total, 3),
        "ratio": round(gk_total / ours_total, 1),
        "target": ">= 3x with equal results",
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
    }
    if check:
        checks = check_all(py, feed, units, schedule, rows, Path(venv).parent / "bench-gtfs-check")
        result["equal"] = all(v["equal"] for k, v in checks.items() if k != "date")
        result["checks"] = checks
    else:
        result["equal"] = None
    result["met"] = bool(result["equal"]) and result["ratio"] >= 3
    if as_json:
        out(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        out(result["name"])
        for k, v in result.items():
            if k == "checks":
                out(f"  {'check date':<24} {v['date']}")
                for name, c in v.items():
                    if name == "date":
                        continue
                    worst = max((x["max_rel_diff"] for x in c["columns"].values()), default=0.0)
                    bad = {col: x for col, x in c["columns"].items() if x["unequal"]}
                    out(f"  {name:<24} equal={c['equal']} rows={c['rows_ours']}/{c['rows_gtfs_kit']} "
                        f"max_rel_diff={worst:.2e}" + (f" unequal={bad}" if bad else ""))
            elif k != "name":
                out(f"  {k:<24} {v}")
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feed", default=str(DEFAULT_FEED))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--venv", default=str(DEFAULT_VENV))
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = main(a.feed, a.rounds, a.venv, as_json=a.json, check=not a.no_check)
    sys.exit(0 if r["met"] else 1)

"""Benchmark of the hourly VN_AQI (Decision 1459) against a straightforward per-row Python
implementation of the same rules, run side by side on the same data.

    .venv/bin/python bench/env_aqi.py [--stations 100] [--hours 8760] [--rounds 3] [--json]

Data: synthetic but realistic hourly means for every station and hour of a year (seeded):
diurnal traffic peaks for NO2/CO/PM, an afternoon O3 peak, a dry-season PM excess, weekly
rhythm, lognormal noise, 2 % scattered missing hours and a few multi-hour outages.
Figure: seconds for the whole set (median of `rounds` runs for the vectorised version,
one run of the baseline), station-hours per second, and the ratio. Both results are
compared cell by cell (AQI, dominant pollutant, every sub-index) and must be identical.
Target (issue 5): < 2 s, and >= 20x the baseline.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from smartcity.environment import aqi  # noqa: E402

SEED = 20250115


def synthetic(n_stations: int, n_hours: int, seed: int = SEED) -> dict:
    """{code: (n_stations, n_hours)} hourly means in µg/m³ with NaN gaps."""
    rng = np.random.default_rng(seed)
    h = np.arange(n_hours)
    hod = (h + 1) % 24  # hour of day at which each hour ends (series starts 01:00)
    dow = (h // 24) % 7
    doy = h / 24.0
    rush = np.exp(-((hod - 8) ** 2) / 4.0) + 0.8 * np.exp(-((hod - 18) ** 2) / 5.0)
    sun = np.clip(np.sin((hod - 7) / 12 * math.pi), 0, None)
    dry = 1.0 + 0.5 * np.cos(2 * math.pi * (doy - 30) / 365)  # worse in the dry season (Dec-Apr)
    weekday = np.where(dow < 5, 1.0, 0.8)
    site = rng.lognormal(0.0, 0.35, size=(n_stations, 1))  # busier and quieter sites

    def noisy(base, sigma):
        return base * rng.lognormal(0.0, sigma, size=(n_stations, n_hours))

    pm25 = noisy(site * dry * weekday * (22 + 25 * rush), 0.35)
    out = {
        "pm25": pm25,
        "pm10": pm25 * rng.uniform(1.4, 2.0, size=(n_stations, 1)) * rng.lognormal(0, 0.15, size=(n_stations, n_hours)),
        "o3": noisy(20 + 150 * sun * dry, 0.3),
        "no2": noisy(site * weekday * (25 + 90 * rush), 0.35),
        "so2": noisy(site * (8 + 12 * rush), 0.5),
        "co": noisy(site * weekday * (700 + 2200 * rush), 0.3),
    }
    for code, x in out.items():
        x[rng.random(x.shape) < 0.02] = np.nan
        for s in rng.choice(n_stations, size=max(1, n_stations // 5), replace=False):
            start = rng.integers(0, n_hours - 48)
            x[s, start:start + rng.integers(3, 40)] = np.nan  # an instrument outage
    return out


# --- the straightforward per-row implementation (the baseline) --------------------------------

BP = {"pm25": aqi.VN_BP["pm25"], "pm10": aqi.VN_BP["pm10"], "o3": aqi.VN_BP["o3_1h"], "no2": aqi.VN_BP["no2"],
      "so2": aqi.VN_BP["so2"], "co": aqi.VN_BP["co"]}
I = aqi.VN_I


def row_sub_index(code, c):
    if c != c:
        return math.nan
    if c < 0:
        c = 0.0
    bp = BP[code]
    for j in range(len(bp) - 1):
        if c <= bp[j + 1]:
            if c == bp[j + 1]:
                return float(I[j + 1])
            return (I[j + 1] - I[j]) / (bp[j + 1] - bp[j]) * (c - bp[j]) + I[j]
    j = len(bp) - 2
    return (I[j + 1] - I[j]) / (bp[j + 1] - bp[j]) * (c - bp[j + 1]) + I[j + 1]


def row_nowcast(values, i):
    window = [values[i - k] if i - k >= 0 else math.nan for k in range(12)]
    window = [0.0 if (c == c and c < 0) else c for c in window]
    if sum(1 for c in window[:3] if c == c) < 2:
        return math.nan
    avail = [c for c in window if c == c]
    lo, hi = min(avail), max(avail)
    w = lo / hi if hi > 0 else 1.0
    w = max(w, 0.5)
    num = den = 0.0
    p = 1.0
    for c in window:
        if c == c:
            num += p * c
            den += p
        p = p * w
    return num / den


def row_round(x):
    return math.floor(x + 0.5 + 1e-9)


def baseline_hourly(data: dict):
    """Per station, per hour, per parameter: the rules of Decision 1459 one row at a time."""
    codes = [p for p in aqi.PARAMETERS if p in data]
    lists = {p: data[p].tolist() for p in codes}
    n_st, n_h = data[codes[0]].shape
    aqis, doms, subs = [], [], {p: [] for p in codes}
    for s in range(n_st):
        rows = {p: lists[p][s] for p in codes}
        for i in range(n_h):
            best, dom, has_pm = -math.inf, "", False
            for p in codes:
                c = row_nowcast(rows[p], i) if p in ("pm25", "pm10") else rows[p][i]
                if c == c and c < 0:
                    c = 0.0
                a = row_sub_index(p, c)
                subs[p].append(math.nan if a != a else float(row_round(a)))
                if a == a:
                    if p in ("pm25", "pm10"):
                        has_pm = True
                    if a > best:
                        best, dom = a, p
            if has_pm and best > -math.inf:
                aqis.append(float(row_round(best)))
                doms.append(dom)
            else:
                aqis.append(math.nan)
                doms.append("")
    shape = (n_st, n_h)
    return np.array(aqis).reshape(shape), np.array(doms).reshape(shape), {p: np.array(v).reshape(shape) for p, v in subs.items()}


def compare(vec: aqi.AqiResult, base) -> dict:
    b_aqi, b_dom, b_sub = base
    diffs = {"aqi": int((~((vec.aqi == b_aqi) | (np.isnan(vec.aqi) & np.isnan(b_aqi)))).sum()),
             "dominant": int((vec.dominant != b_dom).sum())}
    for p, v in b_sub.items():
        diffs[p] = int((~((vec.sub[p] == v) | (np.isnan(vec.sub[p]) & np.isnan(v)))).sum())
    return diffs


def main(n_stations=100, n_hours=8760, rounds=3, out=print, as_json=False) -> dict:
    data = synthetic(n_stations, n_hours)
    cells = n_stations * n_hours
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        vec = aqi.vn_hourly(data)
        times.append(time.perf_counter() - start)
    vec_s = statistics.median(times)
    start = time.perf_counter()
    base = baseline_hourly(data)
    base_s = time.perf_counter() - start
    diffs = compare(vec, base)
    result = {
        "name": "hourly VN_AQI: vectorised vs per-row Python",
        "stations": n_stations, "hours": n_hours, "station_hours": cells, "parameters": len(data),
        "computed_aqi": int((~np.isnan(vec.aqi)).sum()),
        "vectorised_s": round(vec_s, 3), "baseline_s": round(base_s, 2),
        "vectorised_station_hours_per_s": round(cells / vec_s), "baseline_station_hours_per_s": round(cells / base_s),
        "ratio": round(base_s / vec_s, 1), "identical": not any(diffs.values()), "differences": diffs,
        "target": "< 2 s and >= 20x", "met": vec_s < 2 and base_s / vec_s >= 20,
        "figure": f"vectorised: median of {rounds} runs; baseline: one run",
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
    }
    if as_json:
        out(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        out(result["name"])
        for k, v in result.items():
            if k != "name":
                out(f"  {k:<32} {v}")
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stations", type=int, default=100)
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = main(a.stations, a.hours, a.rounds, as_json=a.json)
    sys.exit(0 if r["identical"] else 1)

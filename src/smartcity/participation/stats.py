"""Response-time statistics of citizen reports, pure Python (no Django).

Percentiles use the nearest-rank method (NIST/Hyndman & Fan definition 1: the smallest
value such that at least p % of the data are at or below it), so every figure shown is a
time some report really took. Durations are in hours."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile, p in (0, 100]; None for no data."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count)."""
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


@dataclass
class Row:
    key: tuple
    count: int
    first_median: float | None
    first_p90: float | None
    resolve_median: float | None
    resolve_p90: float | None
    resolved: int


def group(items, key) -> list[Row]:
    """items: dicts with `first_h` (hours to first response or None) and `resolve_h` (hours to
    resolution or None); key(item) -> tuple. One Row per key, sorted by key."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for it in items:
        buckets[key(it)].append(it)
    rows = []
    for k in sorted(buckets, key=lambda t: tuple(str(x) for x in t)):
        firsts = [i["first_h"] for i in buckets[k] if i["first_h"] is not None]
        resolves = [i["resolve_h"] for i in buckets[k] if i["resolve_h"] is not None]
        rows.append(Row(k, len(buckets[k]), median(firsts), percentile(firsts, 90), median(resolves),
                        percentile(resolves, 90), len(resolves)))
    return rows


# Binh Duong province's bounding box (WGS 84), from the province's boundary: a point
# outside cannot be in the province. Area rules then use the wards' centres.
LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = 10.85, 11.55, 106.33, 106.98


def inside_binh_duong(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX

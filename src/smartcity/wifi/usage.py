"""Usage and coverage arithmetic of public Wi-Fi hotspots. Pure Python (no Django).

Inputs are the hub's daily rollups (one row per datastream and local day: count of
readings `n`, `total`, `vmin`, `vmax`), so a month of twenty hotspots is a few hundred rows
instead of tens of thousands of readings. Definitions (documented in docs/wifi.md):

- sessions: sum of the `wifi_sessions` counts (sessions started per interval);
- unique users: the controller's distinct devices per local day (`wifi_unique_users`);
  a month's figure is the sum of those daily counts ("user-days"), since distinct devices
  of different days cannot be deduplicated from counts; the mean per day (all hotspots of
  the group together, over the days with a count) is given too;
- traffic: sum of `data_volume` (MB per interval) / 1024 = GB;
- peak concurrent: the largest `connected_users` reading; utilisation = peak / capacity
  (for an area: sum of the hotspots' peaks over the sum of their capacities, an upper
  bound since peaks need not coincide);
- availability: readings of `connected_users` times the stream's interval, over the hours
  of the period since the hotspot's first reading (ITU-T E.800's "share of time the service
  is available", approximated by "time covered by reports").

Coverage: a nominal radius per venue (outdoor Wi-Fi 5 access points reach 50-100 m,
fewer indoors or in crowded markets); the covered area of a ward is the union of the discs,
computed exactly for pairwise overlaps (inclusion-exclusion to the second order, floored at
the largest disc), which is exact when no three discs overlap.
"""
from __future__ import annotations

import math
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

RADIUS_M = {"park": 100, "market": 60, "station": 80, "office": 50, "school": 70, "hospital": 60, "culture": 50}
DEFAULT_RADIUS_M = 60
MB_PER_GB = 1024.0


@dataclass(frozen=True)
class DayRow:
    """One hotspot's day from the daily rollups (None: no reading of that quantity)."""

    key: str  # hotspot slug
    day: date
    sessions: float | None = None
    unique_users: float | None = None
    traffic_mb: float | None = None
    peak_users: float | None = None
    user_readings: int = 0
    interval_s: int = 900


@dataclass
class Usage:
    sessions: float = 0.0
    user_days: float = 0.0
    traffic_gb: float = 0.0
    peak_users: float = 0.0
    capacity: int = 0
    covered_s: float = 0.0
    expected_s: float = 0.0
    hotspots: set = field(default_factory=set)
    day_set: set = field(default_factory=set)

    @property
    def unique_users_per_day(self) -> float | None:
        return self.user_days / len(self.day_set) if self.day_set else None

    @property
    def utilisation(self) -> float | None:
        return 100.0 * self.peak_users / self.capacity if self.capacity else None

    @property
    def availability(self) -> float | None:
        return min(100.0, 100.0 * self.covered_s / self.expected_s) if self.expected_s else None

    def as_dict(self) -> dict:
        r = lambda v, n=1: None if v is None else round(v, n)  # noqa: E731
        return {"hotspots": len(self.hotspots), "sessions": round(self.sessions), "unique_users": round(self.user_days),
                "unique_users_per_day": r(self.unique_users_per_day), "traffic_gb": round(self.traffic_gb, 2),
                "peak_users": round(self.peak_users), "capacity": self.capacity, "utilisation": r(self.utilisation),
                "availability": r(self.availability)}


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_hours(month: str, since: date | None, until: date) -> float:
    """Hours of `month` ("YYYY-MM") from `since` to `until` (both days included)."""
    y, m = int(month[:4]), int(month[5:7])
    first, last = date(y, m, 1), date(y, m, monthrange(y, m)[1])
    lo, hi = max(first, since or first), min(last, until)
    return max(0, (hi - lo).days + 1) * 24.0


def monthly(rows, capacity: dict, group: dict | None = None, until: date | None = None) -> dict:
    """{(group key, "YYYY-MM"): Usage} from DayRows. `capacity`: slug -> concurrent users;
    `group`: slug -> area key (None: per hotspot; a slug missing from it is skipped);
    `until`: last day of the period (default: the last day in the rows)."""
    rows = list(rows)
    if not rows:
        return {}
    until = until or max(r.day for r in rows)
    first = {}
    for r in rows:
        if r.user_readings and (r.key not in first or r.day < first[r.key]):
            first[r.key] = r.day
    out: dict = {}
    peaks: dict = {}
    for r in rows:
        g = r.key if group is None else group.get(r.key)
        if g is None or r.day > until:
            continue
        month = month_of(r.day)
        u = out.setdefault((g, month), Usage())
        if r.key not in u.hotspots:
            u.hotspots.add(r.key)
            u.capacity += capacity.get(r.key, 0)
            u.expected_s += month_hours(month, first.get(r.key, r.day), until) * 3600
        u.sessions += r.sessions or 0.0
        if r.unique_users is not None:
            u.user_days += r.unique_users
            u.day_set.add(r.day)
        u.traffic_gb += (r.traffic_mb or 0.0) / MB_PER_GB
        u.covered_s += min(r.user_readings * r.interval_s, 86400)
        if r.peak_users is not None:
            k = (g, month, r.key)
            peaks[k] = max(peaks.get(k, 0.0), r.peak_users)
    for (g, month, _key), peak in peaks.items():
        out[(g, month)].peak_users += peak
    return out


def last_days(until: date, n: int) -> list[date]:
    return [until - timedelta(days=i) for i in range(n - 1, -1, -1)]


# -- coverage --------------------------------------------------------------------------------
EARTH_R = 6_371_008.8  # mean Earth radius, IUGG


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(math.sqrt(a))


def lens_m2(r1: float, r2: float, d: float) -> float:
    """Area shared by two discs of radii r1, r2 whose centres are d apart."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a1 = r1 * r1 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    a2 = r2 * r2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    k = 0.5 * math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
    return a1 + a2 - k


def covered_m2(discs) -> float:
    """Union area of discs [(lat, lon, radius m)]: sum of areas minus pairwise overlaps."""
    discs = list(discs)
    if not discs:
        return 0.0
    total = sum(math.pi * r * r for _la, _lo, r in discs)
    for i in range(len(discs)):
        for j in range(i + 1, len(discs)):
            a, b = discs[i], discs[j]
            total -= lens_m2(a[2], b[2], distance_m(a[0], a[1], b[0], b[1]))
    return max(total, max(math.pi * r * r for _la, _lo, r in discs))


def coverage(discs, area_m2: float | None, population: int | None = None) -> dict:
    """Covered area, its share of the unit's area and, when the population is known, the
    residents living inside the discs if spread evenly (an estimate, not a count)."""
    covered = covered_m2(discs)
    share = 100.0 * covered / area_m2 if area_m2 else None
    served = round(population * min(1.0, covered / area_m2)) if population and area_m2 else None
    return {"hotspots": len(discs), "covered_m2": round(covered), "area_m2": round(area_m2) if area_m2 else None,
            "share": None if share is None else round(min(100.0, share), 3), "population_served": served}

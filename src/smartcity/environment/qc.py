"""Automatic quality control of station readings: pure checks, no Django.

The checks follow the U.S. IOOS QARTOD tests (Manual for Real-Time Quality Control,
2020 update), which most monitoring networks reuse, applied here to the status rules of
Circular 10/2021/TT-BTNMT (only readings measured in normal mode, status 00, count):

- gross range (QARTOD test 4): a value outside what the instrument and the place make
  plausible. The table is per parameter *and* station kind (pH 3.5 in a river is
  implausible, in an industrial discharge it is a finding);
- flat line (QARTOD test 10): a stuck sensor repeats the same value; ambient PM2.5
  unchanged for 2 h is not weather, it is a fault;
- spike (QARTOD test 6): a reading that leaves both its neighbours by more than a
  threshold and comes straight back. The test needs the next reading, so a reading is
  judged when its successor arrives (the hook re-runs the checks over recent context);
- missing data: gaps longer than 3 expected intervals (the hub's missing-data factor).
  A gap is not a property of any reading, so it never makes a reading suspect: it is
  recorded once, on the first reading after the gap, as an information flag.

Every function takes numpy arrays (t in epoch seconds, sorted ascending; v floats) and
returns a boolean mask or gap list, so one call checks a whole batch.
Thresholds are data, not constants buried in code: edit the tables below (they are
versioned with the code and listed on docs/environment-qc.md).
"""
from dataclasses import dataclass

import numpy as np

RANGE, FLATLINE, SPIKE, MISSING = "range", "flatline", "spike", "missing"
ALL_KINDS = "*"
HOUR = 3600

# The index datastreams the platform writes itself are never checked.
NOT_CHECKED = frozenset({"aqi", "us_aqi", "wqi"})


@dataclass(frozen=True)
class Range:
    lo: float | None
    hi: float | None
    why: str = ""


_AIR = ("air", "mobile")
_INSTR = "above the top breakpoint (AQI 500) of Decision 1459 and the full scale of common certified analysers"

# (quantity, station kind or "*") -> plausible range in the quantity's canonical unit.
# Air gas limits are the larger of an analyser's usual full scale and the AQI 500
# breakpoint of Decision 1459 (the index scale itself must stay representable):
# O3 1000 ppb ≈ 1963 µg/m³, NO2 breakpoint 3850, SO2 breakpoint 2630, CO 150 000 µg/m³.
# Beta-attenuation PM monitors (US EPA FEM list) are certified over 0-1000 µg/m³.
RANGES: dict[tuple[str, str], Range] = {
    **{(q, k): r for k in _AIR for q, r in {
        "pm25": Range(0, 1000, "beta-attenuation monitors certified 0-1000 µg/m³; AQI 500 at 500"),
        "pm10": Range(0, 1500, "AQI 500 at 600 µg/m³; dust events with headroom"),
        "tsp": Range(0, 3000, "twice the PM10 range"),
        "o3": Range(0, 2000, _INSTR),
        "no2": Range(0, 4000, _INSTR),
        "so2": Range(0, 3000, _INSTR),
        "co": Range(0, 150000, _INSTR),
        "temperature": Range(10, 45, "Southern Viet Nam records: 13.8 °C to 40 °C at Biên Hòa / Tân Sơn Hòa"),
        "relative_humidity": Range(15, 100, "tropical monsoon climate; below 15 % is a sensor fault"),
        "wind_speed": Range(0, 60, "above the strongest typhoon gusts recorded in the south"),
        "pressure": Range(950, 1050, "sea-level pressure range of the region"),
    }.items()},
    ("ph", "surface-water"): Range(3.5, 10, "rivers 6-8.5; acid sulphate soils of the Thị Tính basin reach ~4"),
    ("ph", "groundwater"): Range(3.5, 10, "as surface water"),
    ("ph", "wastewater"): Range(0, 14, "physical scale: an acid or alkaline discharge is a finding, not a fault"),
    ("water_temperature", "surface-water"): Range(15, 40, "tropical river water"),
    ("water_temperature", "groundwater"): Range(20, 40, "shallow aquifers stay near the mean air temperature"),
    ("water_temperature", "wastewater"): Range(5, 80, "process water"),
    ("dissolved_oxygen", ALL_KINDS): Range(0, 20, "saturation is 8.3 mg/L at 25 °C; algal supersaturation stays below 20"),
    ("cod", "surface-water"): Range(0, 500, "UV-Vis river probes; QCVN 08 class D starts above 20"),
    ("cod", "wastewater"): Range(0, 5000, "industrial inflow before treatment"),
    ("bod5", ALL_KINDS): Range(0, 1000, "about half of the COD range"),
    ("tss", "surface-water"): Range(0, 3000, "flood turbidity of the Sài Gòn / Đồng Nai rivers"),
    ("tss", "wastewater"): Range(0, 5000, "sensor full scale"),
    ("turbidity", ALL_KINDS): Range(0, 4000, "common nephelometric probe full scale"),
    ("conductivity", ALL_KINDS): Range(0, 60000, "sea water is ~50 000 µS/cm (tidal intrusion)"),
    ("salinity", ALL_KINDS): Range(0, 40, "sea water ~35 ‰"),
    ("ammonium", "surface-water"): Range(0, 50, "ISE probe range"),
    ("ammonium", "wastewater"): Range(0, 500, "ISE probe range"),
    ("nitrate", ALL_KINDS): Range(0, 100, "ISE probe range"),
    ("phosphate", ALL_KINDS): Range(0, 50, "analyser range"),
    ("flow", "wastewater"): Range(0, 100000, "largest central treatment plants treat < 50 000 m³/day"),
    ("water_level", "groundwater"): Range(-150, 20, "well level relative to the reference mark"),
    ("o2_flue", "emission"): Range(0, 21, "cannot exceed air"),
    ("flue_temperature", "emission"): Range(0, 1200, "stack gas"),
    ("dust_flue", "emission"): Range(0, 10000, "opacity/beta dust monitors"),
}

# quantity -> (window in seconds, tolerance): identical values for at least the window.
# Parameters that may legitimately stay constant are absent: flow (plant stopped),
# water level, salinity of fresh water, nutrients below the detection limit.
FLATLINE_RULES: dict[str, tuple[int, float]] = {
    **{q: (2 * HOUR, 0.0) for q in ("pm25", "pm10", "tsp", "o3", "no2", "so2", "co")},
    **{q: (3 * HOUR, 0.0) for q in ("temperature", "relative_humidity")},
    **{q: (6 * HOUR, 0.0) for q in ("ph", "dissolved_oxygen", "water_temperature", "conductivity", "cod", "tss", "turbidity")},
}

# quantity -> spike threshold (canonical unit): how far beyond *both* neighbours a reading
# may go. Several times the largest 5-minute change seen in normal operation.
SPIKE_RULES: dict[str, float] = {
    "pm25": 100.0, "pm10": 200.0, "tsp": 300.0, "o3": 200.0, "no2": 200.0, "so2": 300.0, "co": 10000.0,
    "temperature": 5.0, "relative_humidity": 25.0,
    "ph": 1.0, "dissolved_oxygen": 3.0, "water_temperature": 3.0, "conductivity": 2000.0,
    "cod": 100.0, "tss": 300.0, "turbidity": 300.0, "ammonium": 5.0,
}

# Stack emissions are hundreds of mg/Nm³ (canonical µg/m³: hundreds of thousands): the
# ambient thresholds above would call normal burner changes spikes.
SPIKE_RULES_BY_KIND: dict[str, dict[str, float]] = {
    "emission": {"so2": 150_000.0, "nox": 150_000.0, "co": 200_000.0, "dust_flue": 100.0, "o2_flue": 8.0,
                 "flue_temperature": 80.0},
}

# A vehicle is off duty nights and weekends: its gaps are not missing data.
GAPS_NOT_CHECKED = frozenset({"mobile"})


def spike_threshold(quantity: str, kind: str) -> float | None:
    """The spike threshold of a parameter at a station of this kind (None: not checked)."""
    return SPIKE_RULES_BY_KIND.get(kind, {}).get(quantity, SPIKE_RULES.get(quantity))


def gaps_checked(kind: str) -> bool:
    return kind not in GAPS_NOT_CHECKED


GAP_FACTOR = 3  # a gap is longer than this many expected intervals (as the hub's missing-data rule)
SPIKE_GAP_FACTOR = 3  # neighbours further apart than this many intervals do not judge a reading


def range_for(quantity: str, kind: str) -> Range | None:
    """The plausible range of a parameter at a station kind (kind-specific first)."""
    return RANGES.get((quantity, kind)) or RANGES.get((quantity, ALL_KINDS))


def check_range(v: np.ndarray, lo: float | None, hi: float | None) -> np.ndarray:
    """QARTOD gross range: True where the value is outside [lo, hi]."""
    v = np.asarray(v, dtype=float)
    bad = np.zeros(v.shape, dtype=bool)
    if lo is not None:
        bad |= v < lo
    if hi is not None:
        bad |= v > hi
    return bad


def check_flatline(t: np.ndarray, v: np.ndarray, window_s: int, tol: float = 0.0) -> np.ndarray:
    """QARTOD flat line: True for readings in a run of (near-)identical consecutive values
    lasting at least `window_s`, except the run's first reading (the last real value the
    sensor measured before it stuck)."""
    t = np.asarray(t, dtype=np.int64)
    v = np.asarray(v, dtype=float)
    n = len(v)
    if n < 2:
        return np.zeros(n, dtype=bool)
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = np.abs(np.diff(v)) > tol
    run_id = np.cumsum(new_run) - 1
    starts = np.flatnonzero(new_run)
    ends = np.append(starts[1:], n) - 1
    duration = t[ends] - t[starts]
    return (duration[run_id] >= window_s) & ~new_run


def check_spike(t: np.ndarray, v: np.ndarray, threshold: float, max_gap_s: int | None = None) -> np.ndarray:
    """QARTOD spike: |V2 - (V1+V3)/2| - |(V3-V1)/2| > threshold, i.e. the reading is
    beyond both neighbours by more than the threshold. The first and last readings have no
    two neighbours and are not judged (the last one is, once its successor arrives)."""
    t = np.asarray(t, dtype=np.int64)
    v = np.asarray(v, dtype=float)
    n = len(v)
    out = np.zeros(n, dtype=bool)
    if n < 3:
        return out
    prev, mid, nxt = v[:-2], v[1:-1], v[2:]
    score = np.abs(mid - (prev + nxt) / 2) - np.abs((nxt - prev) / 2)
    spike = score > threshold
    if max_gap_s is not None:
        spike &= (t[1:-1] - t[:-2] <= max_gap_s) & (t[2:] - t[1:-1] <= max_gap_s)
    out[1:-1] = spike
    return out


def find_gaps(t: np.ndarray, expected_interval_s: int, factor: float = GAP_FACTOR) -> list[tuple[int, int]]:
    """Gaps (previous reading time, next reading time) longer than `factor` intervals."""
    t = np.asarray(t, dtype=np.int64)
    if len(t) < 2:
        return []
    d = np.diff(t)
    idx = np.flatnonzero(d > factor * max(expected_interval_s, 1))
    return [(int(t[i]), int(t[i + 1])) for i in idx]


def completeness(t: np.ndarray, start: int, end: int, expected_interval_s: int) -> float:
    """Share (0..1) of the expected readings in [start, end) that arrived."""
    expected = max((end - start) // max(expected_interval_s, 1), 1)
    t = np.asarray(t, dtype=np.int64)
    got = len(np.unique(t[(t >= start) & (t < end)]))
    return min(got / expected, 1.0)


@dataclass(frozen=True)
class Hit:
    index: int  # position in the arrays given to `run_checks`
    rule: str
    detail: str


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def run_checks(t, v, status_ok, in_series, quantity: str, kind: str, expected_interval_s: int) -> list[Hit]:
    """All per-reading checks of one datastream over a window of its readings.

    `status_ok`: readings that are VALID (the only ones judged and flagged);
    `in_series`: readings that make the series a flat line continues through (VALID plus
    readings already held SUSPECT by QC, so a stuck run stays one run after flagging).
    Spikes are judged against VALID neighbours only."""
    if quantity in NOT_CHECKED:
        return []
    t = np.asarray(t, dtype=np.int64)
    v = np.asarray(v, dtype=float)
    ok = np.asarray(status_ok, dtype=bool) & ~np.isnan(v)
    series = np.asarray(in_series, dtype=bool) & ~np.isnan(v)
    hits: list[Hit] = []
    r = range_for(quantity, kind)
    if r is not None:
        for i in np.flatnonzero(ok & check_range(v, r.lo, r.hi)):
            hits.append(Hit(int(i), RANGE, f"{_fmt(v[i])} outside {_fmt(r.lo)}–{_fmt(r.hi)}"))
    flat = FLATLINE_RULES.get(quantity)
    if flat is not None:
        idx = np.flatnonzero(series)
        mask = check_flatline(t[idx], v[idx], *flat)
        for i in idx[mask]:
            if ok[i]:
                hits.append(Hit(int(i), FLATLINE, f"{_fmt(v[i])} unchanged for ≥ {flat[0] // 60} min"))
    thr = spike_threshold(quantity, kind)
    if thr is not None:
        idx = np.flatnonzero(ok)
        mask = check_spike(t[idx], v[idx], thr, SPIKE_GAP_FACTOR * max(expected_interval_s, 1))
        for i in idx[mask]:
            hits.append(Hit(int(i), SPIKE, f"{_fmt(v[i])} jumps > {_fmt(thr)} beyond both neighbours"))
    return hits

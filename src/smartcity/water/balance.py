"""Daily water accounting of a reservoir and its per-season totals. No Django import.

Inputs are what the hub holds: level/volume samples (the volume from the stage-storage
table), metered amounts per interval (m³ pumped in, released, pumped to reuse) and the
rain gauge's millimetres. For each interval between two samples the mass balance is

    dV = natural inflow + metered inflow - metered outflow - reuse - overflow - losses

where dV is the change of stored volume. The meters give three terms, the weir gives the
overflow, so what the level says beyond them is either a gain (rain falling on the lake,
runoff from its catchment: "natural inflow") or a loss (evaporation, seepage). Both are
taken per interval, so a morning of pumping and an afternoon storm do not cancel out.
Inflow of a day = natural inflow + metered inflow (the positive volume changes, corrected
for the metered flows of the same interval).

Overflow over the crest: a broad-crested weir, Q = 1.705 * b * H^1.5 (m³/s, b the spillway
width and H the head over the crest in metres; USBR "Design of Small Dams", 3rd ed., ch. 9;
Chow, "Open-Channel Hydraulics", 1959, §14-2), with H the mean head of the interval.

Captured rainwater estimate (what the catchment could deliver): rainfall (mm) / 1000 x
catchment area (m²) x runoff coefficient (the rational method's C: 0.7-0.95 for roofs and
pavements, 0.1-0.35 for lawns and parks; TCVN 7957:2008 table 5, ASCE MOP 77).

Seasons at Binh Duong: the rainy season runs May to November, the dry season December to
April (about 90 % of the 1,800-2,000 mm a year falls May-November; Southern Regional
Hydro-Meteorological Centre). A dry season is named by the year of its December.
"""
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

WEIR_COEFFICIENT = 1.705  # m^0.5/s, broad-crested weir in SI units
LOCAL = timezone(timedelta(hours=7))
RAINY_MONTHS = frozenset(range(5, 12))  # May..November

SUM_FIELDS = ("inflow", "natural_inflow", "metered_inflow", "outflow", "overflow", "reuse", "losses", "captured", "rain_mm")


def captured_rain(rain_mm: float, catchment_m2: float, runoff_coefficient: float) -> float:
    """m³ of rainwater a catchment delivers: the rational method's volume form."""
    return max(0.0, rain_mm) / 1000.0 * catchment_m2 * runoff_coefficient


def weir_overflow(head_m: float, width_m: float, seconds: float) -> float:
    """m³ over a broad-crested spillway of `width_m` under a head of `head_m` for `seconds`."""
    if head_m <= 0 or width_m <= 0 or seconds <= 0:
        return 0.0
    return WEIR_COEFFICIENT * width_m * head_m ** 1.5 * seconds


def local_day(t: int) -> date:
    return datetime.fromtimestamp(t, LOCAL).date()


def season_of(d: date) -> tuple[str, int]:
    """("rainy", year) for May-November, ("dry", year of its December) for December-April."""
    if d.month in RAINY_MONTHS:
        return "rainy", d.year
    return "dry", d.year if d.month == 12 else d.year - 1


def season_label(kind: str, year: int) -> str:
    return f"{year}" if kind == "rainy" else f"{year}-{(year + 1) % 100:02d}"


@dataclass
class Day:
    day: date
    inflow: float = 0.0
    natural_inflow: float = 0.0
    metered_inflow: float = 0.0
    outflow: float = 0.0
    overflow: float = 0.0
    reuse: float = 0.0
    losses: float = 0.0
    captured: float = 0.0
    rain_mm: float = 0.0
    reuse_by: dict = field(default_factory=dict)
    start_volume: float | None = None
    end_volume: float | None = None
    min_level: float | None = None
    max_level: float | None = None
    samples: int = 0

    @property
    def change(self) -> float | None:
        if self.start_volume is None or self.end_volume is None:
            return None
        return self.end_volume - self.start_volume

    def as_dict(self) -> dict:
        out = {"date": self.day.isoformat(), **{k: round(getattr(self, k), 3) for k in SUM_FIELDS},
               "reuse_by": {k: round(v, 3) for k, v in sorted(self.reuse_by.items())},
               "start_volume": self.start_volume, "end_volume": self.end_volume,
               "min_level": self.min_level, "max_level": self.max_level, "samples": self.samples}
        return out


def daily(samples, flows=(), rain=None, *, crest_level: float, spillway_width_m: float = 0.0,
          catchment_m2: float = 0.0, runoff_coefficient: float = 0.0) -> list[Day]:
    """Daily records from level samples and metered amounts.

    samples: [(t, level m, volume m³)] in time order (epoch seconds); an interval belongs
      to the local day (UTC+7) of its end; give the last sample before the first day so
      its first interval counts.
    flows: [(t, kind, m³)] amounts of the interval ending at t; kind "in", "out" or
      "reuse:<purpose>" (irrigation, street_washing, toilets, ...). An amount falls in the
      sample interval (t_prev, t_next] holding t; amounts outside every interval still
      count in their day's totals but cannot correct a volume change.
    rain: {date: mm} from the rain gauge.
    """
    days: dict[date, Day] = {}

    def get(d):
        if d not in days:
            days[d] = Day(d)
        return days[d]

    samples = sorted(samples)
    times = [s[0] for s in samples]
    per_interval = defaultdict(lambda: [0.0, 0.0, 0.0])  # interval index -> in, out, reuse

    for t, kind, amount in flows:
        if amount is None:
            continue
        rec = get(local_day(t))
        if kind == "in":
            rec.metered_inflow += amount
        elif kind == "out":
            rec.outflow += amount
        elif kind.startswith("reuse"):
            purpose = kind.partition(":")[2] or "other"
            rec.reuse += amount
            rec.reuse_by[purpose] = rec.reuse_by.get(purpose, 0.0) + amount
        else:
            continue
        i = bisect_left(times, t)  # first sample at or after t: the interval (times[i-1], times[i]]
        if 0 < i < len(times):
            slot = per_interval[i]
            slot[0 if kind == "in" else 1 if kind == "out" else 2] += amount
    for i in range(1, len(samples)):
        (t0, h0, v0), (t1, h1, v1) = samples[i - 1], samples[i]
        rec = get(local_day(t1))
        head = (max(0.0, h0 - crest_level) + max(0.0, h1 - crest_level)) / 2
        over = weir_overflow(head, spillway_width_m, t1 - t0)
        m_in, m_out, m_reuse = per_interval.get(i, (0.0, 0.0, 0.0))
        gain = (v1 - v0) + m_out + m_reuse + over - m_in
        rec.overflow += over
        if gain >= 0:
            rec.natural_inflow += gain
        else:
            rec.losses -= gain
    for i, (t, h, v) in enumerate(samples):
        rec = get(local_day(t))
        rec.samples += 1
        if rec.start_volume is None:
            # the day starts from the previous day's last sample when there is one
            prev = samples[i - 1] if i else None
            rec.start_volume = prev[2] if prev is not None and local_day(prev[0]) == rec.day - timedelta(days=1) else v
        rec.end_volume = v
        rec.min_level = h if rec.min_level is None else min(rec.min_level, h)
        rec.max_level = h if rec.max_level is None else max(rec.max_level, h)
    for d, mm in (rain or {}).items():
        rec = get(d)
        rec.rain_mm += mm or 0.0
    for rec in days.values():
        rec.captured = captured_rain(rec.rain_mm, catchment_m2, runoff_coefficient)
        rec.outflow += rec.overflow
        rec.inflow = rec.natural_inflow + rec.metered_inflow
    return [days[d] for d in sorted(days)]


@dataclass
class Total:
    key: str
    label: str
    inflow: float = 0.0
    natural_inflow: float = 0.0
    metered_inflow: float = 0.0
    outflow: float = 0.0
    overflow: float = 0.0
    reuse: float = 0.0
    losses: float = 0.0
    captured: float = 0.0
    rain_mm: float = 0.0
    reuse_by: dict = field(default_factory=dict)
    days: int = 0

    def add(self, d: Day) -> None:
        for k in SUM_FIELDS:
            setattr(self, k, getattr(self, k) + getattr(d, k))
        for k, v in d.reuse_by.items():
            self.reuse_by[k] = self.reuse_by.get(k, 0.0) + v
        self.days += 1

    @property
    def reuse_share(self) -> float | None:
        """Reused water as a share of the rainwater captured (None without rain)."""
        return self.reuse / self.captured if self.captured > 0 else None

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "days": self.days,
                **{k: round(getattr(self, k), 3) for k in SUM_FIELDS},
                "reuse_by": {k: round(v, 3) for k, v in sorted(self.reuse_by.items())},
                "reuse_share": None if self.reuse_share is None else round(self.reuse_share, 4)}


def season_totals(days) -> list[Total]:
    """Totals per season, in time order (rainy May-Nov, dry Dec-Apr)."""
    out: dict[tuple, Total] = {}
    for d in days:
        kind, year = season_of(d.day)
        k = f"{kind}-{year}"
        if k not in out:
            out[k] = Total(k, season_label(kind, year))
        out[k].add(d)
    return sorted(out.values(), key=lambda s: (int(s.key.split("-")[1]), s.key.startswith("dry")))


def monthly_totals(days) -> list[Total]:
    out: dict[str, Total] = {}
    for d in days:
        k = f"{d.day.year}-{d.day.month:02d}"
        if k not in out:
            out[k] = Total(k, k)
        out[k].add(d)
    return [out[k] for k in sorted(out)]

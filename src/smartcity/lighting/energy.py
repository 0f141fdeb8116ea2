"""Energy of street lighting and what the LED conversion and dimming saved (pure: no Django).

Inputs are plain numbers per luminaire and day: the energy its controller metered, its
rated power, the wattage of the lamp it replaced, and the burning hours of that day.
A luminaire's hub `energy` readings are its controller's cumulative active-energy
counter in kWh (TALQ ElectricalMeter activeEnergy, FIWARE Streetlight energyConsumed;
the hub demo's lamps report the same), so a day's use is the counter's highest value
that day minus the highest of the previous day with readings (`daily_use`).

Burning hours are those of the astronomical clock at the luminaire's position: from
sunset (+ the calendar's switch-on offset) to the next sunrise (+ switch-off offset), the
same hours the replaced lamps burned (they were switched by the same cabinets' astro
clock) — so both baselines are compared at equal hours, as the savings literature asks
(e.g. US DOE Municipal Solid-State Street Lighting Consortium, "compare at equal light
levels and operating hours"):

- against the replaced lamps: replaced W (lamp + ballast) × burning hours (a luminaire
  that replaced nothing is its own baseline);
- against no dimming: the LED's rated W × burning hours (full output all night; a lamp
  that cannot dim is its own baseline).

CO2 avoided = kWh saved × grid emission factor (kg CO2 per kWh). Viet Nam's Department of
Climate Change publishes the grid factor each year (2023: 0.6592 tCO2/MWh); it is a
setting (LIGHTING_GRID_EMISSION_FACTOR), see docs/lighting-energy.md.

Everything is counted by local day (the hub's daily rollups): a day's hours are the end of
one night and the start of the next.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_EMISSION_FACTOR = 0.6592  # kg CO2 / kWh: Viet Nam grid 2023 (DCC, MONRE), see module doc


@lru_cache(maxsize=8192)
def _sun(day: dt.date, lat: float, lon: float) -> tuple[float, float]:
    from astral import Observer
    from astral.sun import sun

    s = sun(Observer(latitude=lat, longitude=lon), date=day, tzinfo=TZ)
    return s["sunrise"].timestamp(), s["sunset"].timestamp()


def burning_hours(day: dt.date, lat: float, lon: float, on_offset_min: float = 0, off_offset_min: float = 0) -> float:
    """Hours lit during local day `day` by the astronomical clock: from midnight to sunrise
    + off offset (the end of the night before) and from sunset + on offset to midnight.
    Counting by local day matches the hub's daily rollups of the energy readings, whatever
    the controllers' reporting interval. Positions are rounded to 0.05° (at 11° N that
    moves sunrise and sunset by under 15 s)."""
    return _hours(day, round(lat * 20) / 20, round(lon * 20) / 20, on_offset_min, off_offset_min)


@lru_cache(maxsize=65536)
def _hours(day: dt.date, la: float, lo: float, on_offset_min: float, off_offset_min: float) -> float:
    rise, set_ = _sun(day, la, lo)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp()
    morning = max(0.0, rise + off_offset_min * 60 - midnight)
    evening = max(0.0, midnight + 86400 - (set_ + on_offset_min * 60))
    return min(24.0, (morning + evening) / 3600.0)


def daily_use(days, cap_kwh: float | None = None) -> list[tuple]:
    """Consumption per day from a cumulative counter's daily rollups.
    days: [(day, vmin, vmax)] sorted by day. Use of day D = vmax(D) - vmax(previous day);
    for the first day, a counter that went back (meter replaced) or a jump above `cap_kwh`
    (what the lamp could draw in a day: a new controller starting at another count), the
    day's own rise vmax - vmin is taken instead."""
    out = []
    prev = None
    for day, vmin, vmax in days:
        use = None
        if prev is not None:
            use = vmax - prev
            if use < 0 or (cap_kwh is not None and use > cap_kwh):
                use = None
        if use is None:
            use = max(0.0, vmax - vmin)
        out.append((day, use))
        prev = vmax
    return out


@dataclass
class Totals:
    """Sums over a set of luminaire-nights. Savings are None where no baseline is known."""

    kwh: float = 0.0
    hours: float = 0.0
    baseline_kwh: float = 0.0     # replaced lamps, same hours
    nodim_kwh: float = 0.0        # the LEDs at full output, same hours
    nights: int = 0
    luminaires: set = field(default_factory=set)

    def add(self, key, kwh: float, hours: float, rated_w: float, replaced_w: float | None, dimmable: bool = True):
        """A luminaire that replaced nothing (a sodium lamp still in place, a new street) is
        its own baseline: no saving is claimed for it, none is lost; a lamp that cannot dim
        likewise for the dimming baseline."""
        self.kwh += kwh
        self.hours += hours
        self.baseline_kwh += replaced_w * hours / 1000.0 if replaced_w else kwh
        self.nodim_kwh += rated_w * hours / 1000.0 if dimmable else kwh
        self.nights += 1
        self.luminaires.add(key)

    @property
    def saved_vs_replaced_kwh(self) -> float:
        return self.baseline_kwh - self.kwh

    @property
    def saved_vs_nodim_kwh(self) -> float:
        return self.nodim_kwh - self.kwh

    @property
    def saved_vs_replaced_pct(self) -> float | None:
        return 100.0 * self.saved_vs_replaced_kwh / self.baseline_kwh if self.baseline_kwh else None

    @property
    def saved_vs_nodim_pct(self) -> float | None:
        return 100.0 * self.saved_vs_nodim_kwh / self.nodim_kwh if self.nodim_kwh else None

    def co2_avoided_kg(self, factor: float) -> float:
        return co2_kg(self.saved_vs_replaced_kwh, factor)

    def as_dict(self, factor: float) -> dict:
        return {"kwh": round(self.kwh, 3), "baseline_kwh": round(self.baseline_kwh, 3), "nodim_kwh": round(self.nodim_kwh, 3),
                "saved_vs_replaced_kwh": round(self.saved_vs_replaced_kwh, 3),
                "saved_vs_replaced_pct": None if self.saved_vs_replaced_pct is None else round(self.saved_vs_replaced_pct, 2),
                "saved_vs_nodim_kwh": round(self.saved_vs_nodim_kwh, 3),
                "saved_vs_nodim_pct": None if self.saved_vs_nodim_pct is None else round(self.saved_vs_nodim_pct, 2),
                "co2_avoided_kg": round(self.co2_avoided_kg(factor), 2), "burning_hours": round(self.hours, 2),
                "nights": self.nights, "luminaires": len(self.luminaires)}


def co2_kg(kwh: float, factor_kg_per_kwh: float) -> float:
    return kwh * factor_kg_per_kwh


@dataclass(frozen=True)
class Lamp:
    """What the sums need to know of a luminaire."""

    key: int
    rated_w: float
    replaced_w: float | None
    lat: float
    lon: float
    group: str = ""
    district: str = ""
    on_offset_min: float = 0
    off_offset_min: float = 0
    dimmable: bool = True


def aggregate(lamps: dict, nights, by=("month",)) -> dict[tuple, Totals]:
    """nights: iterable of (lamp key, local day, kWh used that day). Returns {(dims...): Totals} for
    the dimensions in `by` (any of "month", "day", "group", "district", "lamp"); () totals all."""
    out: dict[tuple, Totals] = defaultdict(Totals)
    for key, morning, kwh in nights:
        lamp = lamps.get(key)
        if lamp is None or kwh is None:
            continue
        hours = burning_hours(morning, lamp.lat, lamp.lon, lamp.on_offset_min, lamp.off_offset_min)
        dims = []
        for d in by:
            dims.append(morning.strftime("%Y-%m") if d == "month" else morning.isoformat() if d == "day"
                        else lamp.group if d == "group" else lamp.district if d == "district" else key)
        out[tuple(dims)].add(key, kwh, hours, lamp.rated_w, lamp.replaced_w, lamp.dimmable)
    return dict(out)


def night_profile(rated_w: float, hours: float, dim_after_h: float | None, dim_level: float) -> float:
    """kWh of one night for a luminaire at full output, dimmed to `dim_level` (0..1) after
    `dim_after_h` hours (None: never). Used by the demo and to check the dashboard."""
    if dim_after_h is None or dim_after_h >= hours:
        return rated_w * hours / 1000.0
    return (rated_w * dim_after_h + rated_w * dim_level * (hours - dim_after_h)) / 1000.0

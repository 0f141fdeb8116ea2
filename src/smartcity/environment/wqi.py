"""VN_WQI, the surface-water quality index of Decision 1460/QĐ-TCMT (12/11/2019, Vietnam
Environment Administration's technical guide). Pure numpy, no Django.

The decision's text was not available to us: the tables below are those of two public
implementations (environment.md §3), which agree except where noted, and no official
worked example exists, so the tests check each piece against these tables, not an
end-to-end example. Where the sources differ or are unclear the point is an explicit
option (`WqiOptions`), documented in docs/environment-indices.md.

Public API (stable names):

    GROUPS = {"I": (...), "II": (...), "III": (...), "IV": (...), "V": (...)}  hub codes
    canonical(name) -> str                      'N-NH4' / 'Amoni' / 'ammonium' -> 'ammonium'
    WqiOptions(formula="auto", cr6="5bp", validity="decision")
    WqiResult(wqi, band, groups, sub, valid, formula)
    do_saturation(temperature_c) -> ndarray     mg/L at saturation
    sub_index(param, value, temperature=None, cr6="5bp") -> ndarray   q, unrounded
    vn_wqi(samples, options=WqiOptions()) -> WqiResult
    band_wqi(value) -> Band | None ; BANDS_WQI

Input of `vn_wqi`: {parameter: array} of one value per sample (any shape, all alike; NaN
where not measured), in mg/L except pH (-), pesticides (µg/L), Coliform and E. coli
(MPN/100 mL), temperature (°C), DO either in mg/L ('dissolved_oxygen', which needs a
temperature) or in % saturation ('do_saturation').
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from smartcity.environment.aqi import Band, _hex, round_half_up

GROUPS = {
    "I": ("ph",),
    "II": ("aldrin", "bhc", "dieldrin", "ddts", "heptachlor"),
    "III": ("arsenic", "cadmium", "lead", "chromium6", "copper", "zinc", "mercury"),
    "IV": ("dissolved_oxygen", "bod5", "cod", "toc", "ammonium", "nitrate", "nitrite", "phosphate"),
    "V": ("coliform", "ecoli"),
}
TEMPERATURE = "water_temperature"
DO_PERCENT = "do_saturation"
LABELS = {"ph": "pH", "aldrin": "Aldrin", "bhc": "BHC", "dieldrin": "Dieldrin", "ddts": "DDTs", "heptachlor": "Heptachlor",
          "arsenic": "As", "cadmium": "Cd", "lead": "Pb", "chromium6": "Cr6+", "copper": "Cu", "zinc": "Zn", "mercury": "Hg",
          "dissolved_oxygen": "DO", "bod5": "BOD5", "cod": "COD", "toc": "TOC", "ammonium": "N-NH4", "nitrate": "N-NO3",
          "nitrite": "N-NO2", "phosphate": "P-PO4", "coliform": "Coliform", "ecoli": "E.coli", TEMPERATURE: "Temp",
          DO_PERCENT: "DO%"}
UNITS = {**{p: "mg/L" for p in GROUPS["III"] + GROUPS["IV"]}, "ph": "-", **{p: "µg/L" for p in GROUPS["II"]},
         "coliform": "MPN/100mL", "ecoli": "MPN/100mL", TEMPERATURE: "°C", DO_PERCENT: "%"}
_ALIASES = {
    "ph": "ph", "do": "dissolved_oxygen", "dissolvedoxygen": "dissolved_oxygen", "oxyhoatan": "dissolved_oxygen",
    "domgl": "dissolved_oxygen", "o2": "dissolved_oxygen", "dosaturation": DO_PERCENT, "dopercent": DO_PERCENT, "do%": DO_PERCENT,
    "bod": "bod5", "bod5": "bod5", "cod": "cod", "toc": "toc",
    "nnh4": "ammonium", "nh4": "ammonium", "nh4n": "ammonium", "amoni": "ammonium", "ammonium": "ammonium",
    "nno3": "nitrate", "no3": "nitrate", "no3n": "nitrate", "nitrat": "nitrate", "nitrate": "nitrate",
    "nno2": "nitrite", "no2n": "nitrite", "nitrit": "nitrite", "nitrite": "nitrite",
    "ppo4": "phosphate", "po4": "phosphate", "po4p": "phosphate", "phosphat": "phosphate", "phosphate": "phosphate",
    "coliform": "coliform", "tongcoliform": "coliform", "ecoli": "ecoli",
    "as": "arsenic", "arsenic": "arsenic", "asen": "arsenic", "cd": "cadmium", "cadmium": "cadmium", "cadimi": "cadmium",
    "pb": "lead", "lead": "lead", "chi": "lead", "cr6": "chromium6", "cr6+": "chromium6", "crvi": "chromium6", "chromium6": "chromium6",
    "cu": "copper", "copper": "copper", "dong": "copper", "zn": "zinc", "zinc": "zinc", "kem": "zinc",
    "hg": "mercury", "mercury": "mercury", "thuyngan": "mercury",
    "aldrin": "aldrin", "bhc": "bhc", "dieldrin": "dieldrin", "ddt": "ddts", "ddts": "ddts", "heptachlor": "heptachlor",
    "temp": TEMPERATURE, "temperature": TEMPERATURE, "watertemperature": TEMPERATURE, "t": TEMPERATURE, "nhietdo": TEMPERATURE,
    "nhietdonuoc": TEMPERATURE, "wtemp": TEMPERATURE,
}


def _norm(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum() or ch in "+%")


def canonical(name: str) -> str:
    """The hub code of a WQI parameter name; raises KeyError for anything else."""
    key = _norm(name)
    if key in _ALIASES:
        return _ALIASES[key]
    key = key.replace("+", "").replace("%", "")
    if key in _ALIASES:
        return _ALIASES[key]
    raise KeyError(f"unknown WQI parameter {name!r}")


# --- sub-indices q (Decision 1460, Tables 1-5 as environment.md §3 gives them) -------------

Q_STEPS = (100, 75, 50, 25, 10)
# breakpoints of the falling parameters: q 100, 75, 50, 25 (, 10) at them, linear between,
# 100 below the first, 10 above the last
FALLING = {
    "arsenic": (0.01, 0.02, 0.05, 0.1),
    "cadmium": (0.005, 0.008, 0.01, 0.1),
    "lead": (0.02, 0.04, 0.05, 0.5),
    "copper": (0.1, 0.2, 0.5, 1.0, 2.0),
    "zinc": (0.5, 1.0, 1.5, 2.0, 3.0),
    "mercury": (0.001, 0.0015, 0.002, 0.01),
    "bod5": (4, 6, 15, 25, 50),
    "cod": (10, 15, 30, 50, 150),
    "toc": (4, 6, 15, 25, 50),
    "phosphate": (0.1, 0.2, 0.3, 0.5, 4),
    "nitrate": (2, 5, 10, 15),
    "ammonium": (0.3, 0.6, 0.9, 5),  # irregular in the original
    "coliform": (2500, 5000, 7500, 10000),
    "ecoli": (20, 50, 100, 200),
}
CR6 = {"5bp": (0.01, 0.02, 0.04, 0.05, 0.1), "4bp": (0.01, 0.02, 0.04, 0.1)}  # one source omits 0.05
# q = 100 at or below the limit, else 10
STEP_LIMITS = {"nitrite": 0.05, "aldrin": 0.1, "bhc": 0.02, "dieldrin": 0.1, "ddts": 1.0, "heptachlor": 0.2}
PH_BP, PH_Q = (5.5, 6.0, 8.5, 9.0), (50, 100, 100, 50)
DO_BP, DO_Q = (20, 50, 75, 88, 112, 125, 150, 200), (25, 50, 75, 100, 100, 75, 50, 25)


def do_saturation(temperature_c) -> np.ndarray:
    """Dissolved oxygen at saturation, mg/L, at temperature T (°C), the decision's cubic:
    14.652 - 0.41022 T + 0.0079910 T² - 0.000077774 T³."""
    t = np.asarray(temperature_c, dtype=float)
    return 14.652 - 0.41022 * t + 0.0079910 * t ** 2 - 0.000077774 * t ** 3


def _falling(c, bp):
    c = np.asarray(c, dtype=float)
    q = np.interp(c, bp, Q_STEPS[:len(bp)])
    q = np.where(c > bp[-1], 10.0, q)
    return np.where(np.isnan(c), np.nan, q)


def _ph(c):
    c = np.asarray(c, dtype=float)
    q = np.interp(c, PH_BP, PH_Q)
    q = np.where((c < PH_BP[0]) | (c > PH_BP[-1]), 10.0, q)
    return np.where(np.isnan(c), np.nan, q)


def _do_percent(pct):
    p = np.asarray(pct, dtype=float)
    q = np.interp(p, DO_BP, DO_Q)
    q = np.where((p < DO_BP[0]) | (p > DO_BP[-1]), 10.0, q)
    return np.where(np.isnan(p), np.nan, q)


def sub_index(param: str, value, temperature=None, cr6: str = "5bp") -> np.ndarray:
    """q of one parameter (unrounded; NaN where the value is NaN). DO in mg/L needs the
    water temperature (°C) to become % saturation; 'do_saturation' takes the % directly."""
    p = canonical(param)
    v = np.asarray(value, dtype=float)
    if p == "ph":
        return _ph(v)
    if p == DO_PERCENT:
        return _do_percent(v)
    if p == "dissolved_oxygen":
        if temperature is None:
            return np.full(v.shape, np.nan)
        return _do_percent(v / do_saturation(temperature) * 100.0)
    if p in STEP_LIMITS:
        return np.where(np.isnan(v), np.nan, np.where(v <= STEP_LIMITS[p], 100.0, 10.0))
    if p == "chromium6":
        return _falling(v, CR6[cr6])
    if p in FALLING:
        return _falling(v, FALLING[p])
    raise KeyError(f"{param!r} has no sub-index")


# --- aggregation ----------------------------------------------------------------------------

@dataclass(frozen=True)
class WqiOptions:
    """The uncertain points of Decision 1460 (environment.md §3), made explicit.

    formula : how group IV and V combine into X. '3': X = sqrt(IV·V); '4': X = IV (no
              microbiology); '5': X = cbrt(IV²·V); 'auto' (default): 3 when the sample has
              group V, else 4.
    cr6     : '5bp' (0.01, 0.02, 0.04, 0.05, 0.1 mg/L, default) or '4bp' (without 0.05).
    validity: 'decision' (default; as one public implementation reads it): at least 3 of
              the 5 groups measured and group IV with at least 3 parameters (DO counts
              only with a temperature); 'group4': group IV with at least 3 parameters;
              'any': group IV with at least one parameter.
    """
    formula: str = "auto"
    cr6: str = "5bp"
    validity: str = "decision"

    def __post_init__(self):
        if self.formula not in ("auto", "3", "4", "5"):
            raise ValueError(f"formula must be auto, 3, 4 or 5, not {self.formula!r}")
        if self.cr6 not in CR6:
            raise ValueError(f"cr6 must be 5bp or 4bp, not {self.cr6!r}")
        if self.validity not in ("decision", "group4", "any"):
            raise ValueError(f"validity must be decision, group4 or any, not {self.validity!r}")


@dataclass(frozen=True)
class WqiResult:
    """wqi: float, integer values, NaN where not valid; band: str codes ('' where NaN);
    groups: {'I'...'V': unrounded group index, NaN where the group has no parameter};
    sub: {code: q}; valid: bool; formula: str array ('3', '4', '5' or '')."""
    wqi: np.ndarray
    band: np.ndarray
    groups: dict = field(default_factory=dict)
    sub: dict = field(default_factory=dict)
    valid: np.ndarray | None = None
    formula: np.ndarray | None = None


def _mean(qs, shape, geometric):
    if not qs:
        return np.full(shape, np.nan), np.zeros(shape, dtype=int)
    stack = np.stack(qs)
    n = (~np.isnan(stack)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if geometric:
            out = np.exp(np.nansum(np.log(stack), axis=0) / n)
        else:
            out = np.nansum(stack, axis=0) / n
    return np.where(n > 0, out, np.nan), n


def vn_wqi(samples: dict, options: WqiOptions | None = None) -> WqiResult:
    """VN_WQI of each sample: groups II and III geometric means of their q, IV and V
    arithmetic means, VN_WQI = (I/100)(II/100)(III/100) · X (X by `options.formula`), a
    missing group I, II or III counting as 100; rounded half up."""
    options = options or WqiOptions()
    data, shape = {}, None
    for name, values in samples.items():
        code = canonical(name)
        arr = np.atleast_1d(np.asarray(values, dtype=float))
        if shape is None:
            shape = arr.shape
        elif arr.shape != shape:
            raise ValueError(f"{name}: shape {arr.shape} differs from {shape}")
        data[code] = arr
    if shape is None:
        raise ValueError("no parameter given")
    temp = data.get(TEMPERATURE)
    sub = {}
    for code, v in data.items():
        if code == TEMPERATURE:
            continue
        if code == "dissolved_oxygen":
            q = sub_index(code, v, temperature=temp)
            if DO_PERCENT in data:  # a measured % saturation wins where it exists
                q = np.where(np.isnan(data[DO_PERCENT]), q, np.nan)
            sub[code] = q
        elif code == DO_PERCENT:
            sub[code] = sub_index(code, v)
        else:
            sub[code] = sub_index(code, v, cr6=options.cr6)
    members = {g: [sub[p] for p in params + ((DO_PERCENT,) if g == "IV" else ()) if p in sub] for g, params in GROUPS.items()}
    groups, counts = {}, {}
    for g in GROUPS:
        groups[g], counts[g] = _mean(members[g], shape, geometric=g in ("II", "III"))
    fixed = np.ones(shape)
    for g in ("I", "II", "III"):
        fixed = fixed * np.where(np.isnan(groups[g]), 100.0, groups[g]) / 100.0
    iv, v = groups["IV"], groups["V"]
    has_v = ~np.isnan(v)
    if options.formula == "auto":
        formula = np.where(has_v, "3", "4")
    else:
        formula = np.full(shape, options.formula)
    with np.errstate(invalid="ignore"):
        x = np.select([formula == "3", formula == "4", formula == "5"], [np.sqrt(iv * v), iv, np.cbrt(iv * iv * v)], np.nan)
    n_groups = sum((counts[g] > 0).astype(int) for g in GROUPS)
    if options.validity == "decision":
        valid = (n_groups >= 3) & (counts["IV"] >= 3)
    elif options.validity == "group4":
        valid = counts["IV"] >= 3
    else:
        valid = counts["IV"] >= 1
    valid &= ~np.isnan(x)
    value = np.where(valid, round_half_up(np.where(valid, fixed * x, 0.0)), np.nan)
    bands = np.array([b.code for b in BANDS_WQI] + [""])
    band = bands[np.where(valid, _band_index(value), len(BANDS_WQI))]
    return WqiResult(wqi=value, band=band, groups=groups, sub=sub, valid=valid, formula=np.where(valid, formula, ""))


# --- bands ----------------------------------------------------------------------------------

# Decision 1460 Table 6: range, quality, colour, use. Vietnamese wording as reproduced by
# public sources (to check against the PDF); English ours. Blue is (51, 51, 255).
BANDS_WQI = tuple(Band(code, vi, en, rgb, _hex(rgb), use_vi, use_en, lo, hi) for code, vi, en, rgb, lo, hi, use_vi, use_en in (
    ("very_polluted", "Ô nhiễm rất nặng", "Very heavily polluted", (126, 0, 35), 0, 9,
     "Nước nhiễm độc, cần có biện pháp khắc phục, xử lý.", "Toxic water: remedial action and treatment needed."),
    ("bad", "Xấu", "Bad", (255, 0, 0), 10, 25,
     "Nước ô nhiễm nặng, cần các biện pháp xử lý trong tương lai.", "Heavily polluted water: treatment needed in future."),
    ("poor", "Kém", "Poor", (255, 126, 0), 26, 50,
     "Sử dụng cho giao thông thủy và các mục đích tương đương khác.", "Fit for navigation and similar uses."),
    ("medium", "Trung bình", "Medium", (255, 255, 0), 51, 75,
     "Sử dụng cho mục đích tưới tiêu và các mục đích tương đương khác.", "Fit for irrigation and similar uses."),
    ("good", "Tốt", "Good", (0, 228, 0), 76, 90,
     "Sử dụng cho mục đích cấp nước sinh hoạt nhưng cần các biện pháp xử lý phù hợp.", "Fit for domestic water supply with suitable treatment."),
    ("very_good", "Rất tốt", "Very good", (51, 51, 255), 91, 100,
     "Sử dụng tốt cho mục đích cấp nước sinh hoạt.", "Good for domestic water supply."),
))


def _band_index(value):
    v = np.asarray(value, dtype=float)
    lows = np.array([b.low for b in BANDS_WQI], dtype=float)
    return np.clip(np.searchsorted(lows, np.nan_to_num(v, nan=0.0), side="right") - 1, 0, len(BANDS_WQI) - 1)


def band_wqi(value) -> Band | None:
    """VN_WQI band of a value (rounded half up first); None for None/NaN."""
    if value is None:
        return None
    v = float(value)
    if v != v:
        return None
    return BANDS_WQI[int(_band_index(round_half_up(v)))]

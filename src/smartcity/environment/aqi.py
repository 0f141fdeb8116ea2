"""Air quality indices over whole series: VN_AQI (Decision 1459/QĐ-TCMT of 12/11/2019, the
Vietnam Environment Administration's technical guide) and the US EPA AQI (breakpoint table
of 6 May 2024, Technical Assistance Document for the Reporting of Daily Air Quality).

Pure numpy, no Django: the same code serves the continuous computation (index_hooks), the
CLI (`smartcity env aqi`), the public pages and the benchmark.

Public API (stable names; other modules import them):

    PARAMETERS = ("pm25", "pm10", "o3", "no2", "so2", "co")   hub quantity codes, in the
                                                             order ties are broken
    LABELS = {"pm25": "PM2.5", ...}                          display / CSV names
    canonical(name) -> str                                   'PM2.5' / 'pm2_5' -> 'pm25'
    AqiResult(aqi, dominant, sub, conc, beyond)              see the class
    Band(code, name_vi, name_en, rgb, hex, advice_vi, advice_en, low, high,
         effect_vi, effect_en, advice_sensitive_vi, advice_sensitive_en)
    BANDS_VN, BANDS_US                                       tuples of Band, low to high
    round_half_up(x) -> ndarray | float
    nowcast(x) -> ndarray                                    over the last axis (hours)
    rolling_mean(x, window, min_count) -> ndarray            trailing, over the last axis
    day_blocks(x, start_hour=1) -> ndarray (..., n_days, 24) 01:00..00:00 local days
    vn_sub_index(param, conc, o3_8h=False) -> ndarray        unrounded; param a PARAMETERS code
    vn_hourly(hours) -> AqiResult
    vn_daily(hours, start_hour=1, min_day_hours=18, min_8h_hours=6) -> AqiResult
    us_sub_index(param, conc, averaging) -> ndarray          conc in the table's unit
    us_hourly(hours, min_8h_hours=6, min_24h_hours=18) -> AqiResult
    us_daily(hours, start_hour=1, min_day_hours=18, min_8h_hours=6) -> AqiResult
    band_vn(aqi) -> Band | None ; band_us(aqi) -> Band | None

Input of the series functions: `hours` maps a parameter (any spelling `canonical` knows)
to an array of hourly means in µg/m³ (CO too), shape (n_hours,) or (n_stations, n_hours),
consecutive hours, NaN where missing; element i is the mean of the hour ENDING at hour i.
Every array must have the same shape; absent parameters are simply not computed. Negative
means (instrument zero noise) count as 0.

Output: float arrays of the same shape (daily: (..., n_days)), integer-valued, NaN where
not computable. For a daily result, column j is the local day of the first value plus j
days (the day of an hour ending at 00:00 is the day before; see `day_blocks`).

Choices where the standards are silent (also in docs/environment-indices.md):
- Rounding half up (x.5 -> up) with a 1e-9 tolerance, so 109.4999999999 from binary
  floating point counts as 109.5.
- Above the top breakpoint the last segment is extrapolated and `beyond` is set (the band
  stays the top band); US EPA calls this "beyond the AQI".
- Averages need 75 % of their hours: 8-hour means 6 of 8, 24-hour means and daily
  statistics 18 of 24 (the EPA's completeness; Decision 1459 gives no number), options.
- VN: the dominant pollutant is the one with the largest unrounded sub-index; ties go to
  the first in PARAMETERS.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from smartcity.environment.parameters import ppb_factor

PARAMETERS = ("pm25", "pm10", "o3", "no2", "so2", "co")
LABELS = {"pm25": "PM2.5", "pm10": "PM10", "o3": "O3", "no2": "NO2", "so2": "SO2", "co": "CO"}
_ALIASES = {"pm25": "pm25", "pm2": "pm25", "pm10": "pm10", "o3": "o3", "ozone": "o3", "no2": "no2", "so2": "so2", "co": "co"}
_EPS = 1e-9


def _norm(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def canonical(name: str) -> str:
    """The PARAMETERS code of an air pollutant name ('PM2.5', 'pm2_5', 'PM-2.5' -> 'pm25');
    raises KeyError for anything else."""
    key = _norm(name)
    if key in _ALIASES:
        return _ALIASES[key]
    raise KeyError(f"unknown AQI parameter {name!r} (expected one of {', '.join(LABELS.values())})")


@dataclass(frozen=True)
class AqiResult:
    """One index over a series.

    aqi      : float array, integer values, NaN where not computable
    dominant : str array, the PARAMETERS code of the highest sub-index, '' where no AQI
    sub      : {code: float array} rounded sub-indices, NaN where not computable
    conc     : {name: float array} the concentration each sub-index used (NowCast, 24-hour
               mean, max 1-hour ... in the table's unit); for O3 also 'o3_1h' and 'o3_8h'
    beyond   : bool array, the AQI is above 500 (extrapolated past the table)
    """
    aqi: np.ndarray
    dominant: np.ndarray
    sub: dict = field(default_factory=dict)
    conc: dict = field(default_factory=dict)
    beyond: np.ndarray | None = None


@dataclass(frozen=True)
class Band:
    code: str
    name_vi: str
    name_en: str
    rgb: tuple
    hex: str
    advice_vi: str  # for everyone
    advice_en: str
    low: int
    high: int | None  # None: open above
    effect_vi: str = ""  # health effect (Decision 1459 Table 1 / EPA category text)
    effect_en: str = ""
    advice_sensitive_vi: str = ""  # for sensitive groups
    advice_sensitive_en: str = ""


def _hex(rgb):
    return "#%02X%02X%02X" % rgb


# Decision 1459, Table 1 (band, colour, health effect) and Table 5 (recommended activity for
# ordinary people / sensitive groups). Vietnamese is the decision's wording as reproduced
# by several public implementations (to be checked against the PDF); English is ours.
BANDS_VN = tuple(Band(code, vi, en, rgb, _hex(rgb), adv_vi, adv_en, lo, hi, eff_vi, eff_en, sadv_vi, sadv_en) for (
    code, vi, en, rgb, lo, hi, eff_vi, eff_en, adv_vi, adv_en, sadv_vi, sadv_en) in (
    ("good", "Tốt", "Good", (0, 228, 0), 0, 50,
     "Chất lượng không khí tốt, không ảnh hưởng tới sức khỏe.",
     "Air quality is good and does not affect health.",
     "Tự do thực hiện các hoạt động ngoài trời.", "Outdoor activities as usual.",
     "Tự do thực hiện các hoạt động ngoài trời.", "Outdoor activities as usual."),
    ("moderate", "Trung bình", "Moderate", (255, 255, 0), 51, 100,
     "Chất lượng không khí ở mức chấp nhận được. Tuy nhiên, đối với những người nhạy cảm (người già, trẻ em, người mắc các bệnh hô hấp, tim mạch…) có thể chịu những tác động nhất định tới sức khỏe.",
     "Air quality is acceptable; sensitive people (older adults, children, people with respiratory or heart disease) may feel some effects.",
     "Tự do thực hiện các hoạt động ngoài trời.", "Outdoor activities as usual.",
     "Nên theo dõi các triệu chứng như ho hoặc khó thở, nhưng vẫn có thể hoạt động bên ngoài.",
     "Watch for symptoms such as coughing or shortness of breath; outdoor activity is still fine."),
    ("poor", "Kém", "Poor", (255, 126, 0), 101, 150,
     "Những người nhạy cảm gặp phải các vấn đề về sức khỏe, những người bình thường ít ảnh hưởng.",
     "Sensitive people may have health problems; others are little affected.",
     "Những người thấy có triệu chứng đau mắt, ho hoặc đau họng… nên cân nhắc giảm các hoạt động ngoài trời. Đối với học sinh, có thể hoạt động bên ngoài, nhưng nên giảm bớt việc tập thể dục kéo dài.",
     "People with sore eyes, a cough or a sore throat should consider reducing outdoor activity. Pupils may stay active outside but should cut down on prolonged exercise.",
     "Nên giảm các hoạt động mạnh và giảm thời gian hoạt động ngoài trời. Những người mắc bệnh hen suyễn có thể cần sử dụng thuốc thường xuyên hơn.",
     "Reduce strenuous activity and time outdoors. People with asthma may need their medication more often."),
    ("bad", "Xấu", "Bad", (255, 0, 0), 151, 200,
     "Những người bình thường bắt đầu có các ảnh hưởng tới sức khỏe, nhóm người nhạy cảm có thể gặp những vấn đề sức khỏe nghiêm trọng hơn.",
     "Everyone may begin to feel health effects; sensitive groups may have more serious problems.",
     "Mọi người nên giảm các hoạt động mạnh khi ở ngoài trời, tránh tập thể dục kéo dài và nghỉ ngơi nhiều hơn trong nhà.",
     "Everyone should reduce strenuous outdoor activity, avoid prolonged exercise and rest more indoors.",
     "Nên ở trong nhà và giảm hoạt động mạnh. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
     "Stay indoors and reduce strenuous activity. If you must go out, wear a certified mask."),
    ("very_bad", "Rất xấu", "Very bad", (143, 63, 151), 201, 300,
     "Cảnh báo hưởng tới sức khỏe: mọi người bị ảnh hưởng tới sức khỏe nghiêm trọng hơn.",
     "Health warning: everyone may experience more serious health effects.",
     "Mọi người hạn chế tối đa các hoạt động ngoài trời và chuyển tất cả các hoạt động vào trong nhà. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
     "Everyone should keep outdoor activity to a minimum and move activities indoors. If you must go out, wear a certified mask.",
     "Nên ở trong nhà và giảm hoạt động mạnh.", "Stay indoors and reduce strenuous activity."),
    ("hazardous", "Nguy hại", "Hazardous", (126, 0, 35), 301, None,
     "Cảnh báo khẩn cấp về sức khỏe: Toàn bộ dân số bị ảnh hưởng tới sức khỏe tới mức nghiêm trọng.",
     "Health emergency: the whole population is likely to be seriously affected.",
     "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
     "Everyone should stay indoors with doors and windows closed. If you must go out, wear a certified mask.",
     "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
     "Everyone should stay indoors with doors and windows closed. If you must go out, wear a certified mask."),
))

# US EPA categories (TAD 2024); the cautionary statements are the EPA's general wording for
# particle pollution, shortened; the Vietnamese is our translation.
BANDS_US = tuple(Band(code, vi, en, rgb, _hex(rgb), adv_vi, adv_en, lo, hi, eff_vi, eff_en, sadv_vi, sadv_en) for (
    code, vi, en, rgb, lo, hi, eff_vi, eff_en, adv_vi, adv_en, sadv_vi, sadv_en) in (
    ("good", "Tốt", "Good", (0, 228, 0), 0, 50,
     "Chất lượng không khí đạt yêu cầu, ô nhiễm ít hoặc không gây rủi ro.", "Air quality is satisfactory; air pollution poses little or no risk.",
     "Không cần biện pháp phòng ngừa.", "None.", "Không cần biện pháp phòng ngừa.", "None."),
    ("moderate", "Trung bình", "Moderate", (255, 255, 0), 51, 100,
     "Chất lượng không khí chấp nhận được; một số ít người đặc biệt nhạy cảm có thể bị ảnh hưởng.", "Air quality is acceptable; a few unusually sensitive people may be affected.",
     "Không cần biện pháp phòng ngừa.", "None.",
     "Người đặc biệt nhạy cảm nên cân nhắc giảm gắng sức lâu hoặc nặng.", "Unusually sensitive people should consider reducing prolonged or heavy exertion."),
    ("usg", "Không tốt cho nhóm nhạy cảm", "Unhealthy for sensitive groups", (255, 126, 0), 101, 150,
     "Nhóm nhạy cảm có thể bị ảnh hưởng sức khỏe; công chúng ít bị ảnh hưởng.", "Members of sensitive groups may experience health effects; the general public is less likely to be affected.",
     "Không cần biện pháp đặc biệt.", "None for the general public.",
     "Người có bệnh tim, phổi, người cao tuổi và trẻ em nên giảm gắng sức lâu hoặc nặng.", "People with heart or lung disease, older adults and children should reduce prolonged or heavy exertion."),
    ("unhealthy", "Không tốt cho sức khỏe", "Unhealthy", (255, 0, 0), 151, 200,
     "Mọi người có thể bị ảnh hưởng sức khỏe; nhóm nhạy cảm bị ảnh hưởng nghiêm trọng hơn.", "Some of the general public may experience health effects; sensitive groups more serious ones.",
     "Mọi người nên giảm gắng sức lâu hoặc nặng ngoài trời.", "Everyone should reduce prolonged or heavy exertion outdoors.",
     "Nhóm nhạy cảm nên tránh gắng sức lâu hoặc nặng.", "Sensitive groups should avoid prolonged or heavy exertion."),
    ("very_unhealthy", "Rất không tốt cho sức khỏe", "Very unhealthy", (143, 63, 151), 201, 300,
     "Cảnh báo sức khỏe: nguy cơ ảnh hưởng sức khỏe tăng với mọi người.", "Health alert: the risk of health effects is increased for everyone.",
     "Mọi người nên tránh gắng sức lâu hoặc nặng ngoài trời.", "Everyone should avoid prolonged or heavy exertion outdoors.",
     "Nhóm nhạy cảm nên tránh mọi hoạt động thể chất ngoài trời.", "Sensitive groups should avoid all physical activity outdoors."),
    ("hazardous", "Nguy hại", "Hazardous", (126, 0, 35), 301, None,
     "Cảnh báo khẩn cấp về sức khỏe: mọi người có khả năng bị ảnh hưởng.", "Health warning of emergency conditions: everyone is more likely to be affected.",
     "Mọi người nên tránh mọi hoạt động thể chất ngoài trời.", "Everyone should avoid all physical activity outdoors.",
     "Nhóm nhạy cảm nên ở trong nhà và giữ mức hoạt động thấp.", "Sensitive groups should remain indoors and keep activity levels low."),
))


def _band(bands, aqi):
    if aqi is None:
        return None
    a = float(aqi)
    if a != a:
        return None
    a = round_half_up(a)
    for b in bands:
        if b.high is None or a <= b.high:
            return b
    return bands[-1]


def band_vn(aqi) -> Band | None:
    """VN_AQI band (Decision 1459 Table 1) of an AQI value; None for None/NaN. The value is
    rounded half up first, so 50.4 is Good and 50.5 Moderate; above 500 stays Hazardous."""
    return _band(BANDS_VN, aqi)


def band_us(aqi) -> Band | None:
    """US EPA AQI category of an AQI value; None for None/NaN."""
    return _band(BANDS_US, aqi)


# ---------------------------------------------------------------------------------------
# Series helpers

def round_half_up(x):
    """Round half up (Decision 1459: integer AQI). Works on scalars and arrays; NaN stays."""
    r = np.floor(np.asarray(x, dtype=float) + 0.5 + _EPS)
    return float(r) if np.ndim(r) == 0 else r


def _lag(x: np.ndarray, k: int) -> np.ndarray:
    """x shifted k hours into the past along the last axis (value of hour i-k at i), NaN-filled."""
    if k == 0:
        return x
    out = np.full_like(x, np.nan)
    if k < x.shape[-1]:
        out[..., k:] = x[..., :-k]
    return out


def nowcast(x, hours: int = 12, w_min: float = 0.5) -> np.ndarray:
    """NowCast of hourly means along the last axis (Decision 1459 §2.2; the EPA's PM NowCast).

    At hour i, c1 = x[i] ... c12 = x[i-11]; w* = min/max of the available ci, w = max(w*, 1/2),
    NowCast = sum(w^(k-1) ci) / sum(w^(k-1)) over the available ci; NaN unless at least 2 of
    c1, c2, c3 exist. The decision writes the w = 1/2 case as sum((1/2)^k ci), equal to this
    within rounding (the weights sum to 2 - 2^-11).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim > 1 and x.size > _CHUNK:
        # a few stations at a time: the dozen passes per lag then stay in the CPU cache
        flat = x.reshape(-1, x.shape[-1])
        step = max(1, _CHUNK // x.shape[-1])
        out = np.concatenate([_nowcast(flat[i:i + step], hours, w_min) for i in range(0, len(flat), step)])
        return out.reshape(x.shape)
    return _nowcast(x, hours, w_min)


_CHUNK = 32_768  # elements per block of stations in nowcast


def _nowcast(x, hours, w_min):
    n = x.shape[-1]
    pad = hours - 1
    # one padded copy; every lag is then a view (no per-lag allocation)
    xp = np.full(x.shape[:-1] + (n + pad,), np.nan)
    xp[..., pad:] = np.where(x < 0, 0.0, x)
    ok = ~np.isnan(xp)
    okf = ok.astype(float)
    filled = np.where(ok, xp, 0.0)
    lo = np.where(ok, xp, np.inf)
    hi = np.where(ok, xp, -np.inf)

    def lag(a, k):
        return a[..., pad - k:pad - k + n]

    lo_all, hi_all = lag(lo, 0).copy(), lag(hi, 0).copy()
    for k in range(1, hours):
        np.minimum(lo_all, lag(lo, k), out=lo_all)
        np.maximum(hi_all, lag(hi, k), out=hi_all)
    recent = lag(okf, 0) + lag(okf, 1) + lag(okf, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(hi_all > 0, lo_all / hi_all, 1.0)
    np.maximum(w, w_min, out=w)
    num = np.zeros(x.shape)
    den = np.zeros(x.shape)
    p = np.ones(x.shape)
    tmp = np.empty(x.shape)
    for k in range(hours):
        np.multiply(p, lag(filled, k), out=tmp)
        num += tmp
        np.multiply(p, lag(okf, k), out=tmp)
        den += tmp
        p *= w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[recent < 2] = np.nan
    return out


def rolling_mean(x, window: int, min_count: int) -> np.ndarray:
    """Trailing mean of `window` hours ending at each hour (last axis); NaN unless at least
    `min_count` of them exist."""
    x = np.asarray(x, dtype=float)
    total = np.zeros(x.shape)
    count = np.zeros(x.shape, dtype=np.int16)
    for k in range(window):
        c = _lag(x, k)
        ok = ~np.isnan(c)
        total += np.where(ok, c, 0.0)
        count += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        out = total / count
    out[count < min_count] = np.nan
    return out


def day_blocks(x, start_hour: int = 1) -> np.ndarray:
    """Hourly values regrouped into local days of 24 hours ending 01:00 ... 00:00 (Decision
    1459: the day's hourly values run from 01:00 to 00:00 of the next day; the same as the
    EPA's midnight-to-midnight hours). `start_hour` is the clock hour (0-23) at which the
    first value's hour ends. Returns shape (..., n_days, 24), NaN-padded; day 0 is the day
    of the first value (for start_hour=0, the day before that midnight)."""
    x = np.asarray(x, dtype=float)
    lead = (start_hour - 1) % 24
    n = x.shape[-1]
    n_days = -(-(lead + n) // 24)
    out = np.full(x.shape[:-1] + (n_days * 24,), np.nan)
    out[..., lead:lead + n] = x
    return out.reshape(x.shape[:-1] + (n_days, 24))


def _count(block):
    return (~np.isnan(block)).sum(axis=-1)


def _day_mean(x, start_hour, min_hours):
    b = day_blocks(x, start_hour)
    n = _count(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 0, np.nansum(b, axis=-1) / np.maximum(n, 1), np.nan)
    out[n < min_hours] = np.nan
    return out


def _day_max(x, start_hour, min_hours, count_from=None):
    b = day_blocks(x, start_hour)
    out = np.fmax.reduce(b, axis=-1)
    n = _count(day_blocks(count_from, start_hour) if count_from is not None else b)
    out[n < min_hours] = np.nan
    return out


def _prepare(hours: dict) -> tuple[dict, tuple]:
    out = {}
    shape = None
    for name, values in hours.items():
        code = canonical(name)
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if shape is None:
            shape = arr.shape
        elif arr.shape != shape:
            raise ValueError(f"{name}: shape {arr.shape} differs from {shape}")
        out[code] = np.where(arr < 0, 0.0, arr)
    if shape is None:
        raise ValueError("no parameter given")
    return out, shape


def _combine(raw: dict, conc: dict, shape: tuple, require_pm: bool) -> AqiResult:
    """Overall index = max of the sub-indices (unrounded for the choice of the dominant one),
    rounded half up; VN needs a PM10 or PM2.5 sub-index."""
    stack = np.full((len(PARAMETERS),) + shape, -np.inf)
    for i, p in enumerate(PARAMETERS):
        if p in raw:
            stack[i] = np.where(np.isnan(raw[p]), -np.inf, raw[p])
    best = stack.max(axis=0)
    idx = stack.argmax(axis=0)
    ok = np.isfinite(best)
    if require_pm:
        has_pm = np.zeros(shape, dtype=bool)
        for p in ("pm25", "pm10"):
            if p in raw:
                has_pm |= ~np.isnan(raw[p])
        ok &= has_pm
    aqi = np.where(ok, round_half_up(np.where(ok, best, 0.0)), np.nan)
    names = np.array(PARAMETERS + ("",))
    dominant = names[np.where(ok, idx, len(PARAMETERS))]
    sub = {p: round_half_up(v) for p, v in raw.items()}
    return AqiResult(aqi=aqi, dominant=dominant, sub=sub, conc=conc, beyond=ok & (best > 500 + _EPS))


# ---------------------------------------------------------------------------------------
# VN_AQI, Decision 1459/QĐ-TCMT

VN_I = (0, 50, 100, 150, 200, 300, 400, 500)
# Table 2 breakpoints BPi, all µg/m³ (CO too); O3 8-hour stops at 400 µg/m³ (I = 300).
VN_BP = {
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 120, 170, 210, 400),
    "co": (0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    "so2": (0, 125, 350, 550, 800, 1600, 2100, 2630),
    "no2": (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    "pm10": (0, 50, 150, 250, 350, 420, 500, 600),
    "pm25": (0, 25, 50, 80, 150, 250, 350, 500),
}


def _interp(c, bp, idx):
    """Formula 1/2 of the decision (linear between breakpoints); beyond the top, the last
    segment extended."""
    c = np.asarray(c, dtype=float)
    bp = np.asarray(bp, dtype=float)
    idx = np.asarray(idx[:len(bp)], dtype=float)
    out = np.interp(c, bp, idx)
    top = c > bp[-1]
    if np.any(top):
        slope = (idx[-1] - idx[-2]) / (bp[-1] - bp[-2])
        out = np.where(top, idx[-1] + (c - bp[-1]) * slope, out)
    return out


def vn_sub_index(param: str, conc, o3_8h: bool = False) -> np.ndarray:
    """Unrounded VN_AQI sub-index of concentrations in µg/m³ (NaN stays NaN). For O3,
    `o3_8h` picks the 8-hour row, which is not defined above 400 µg/m³ (NaN there)."""
    p = canonical(param)
    c = np.maximum(np.asarray(conc, dtype=float), 0.0)
    if p == "o3":
        if o3_8h:
            out = _interp(c, VN_BP["o3_8h"], VN_I)
            return np.where(c > 400, np.nan, out)
        return _interp(c, VN_BP["o3_1h"], VN_I)
    return _interp(c, VN_BP[p], VN_I)


def _by_station_blocks(fn, data: dict, shape: tuple, **kw) -> AqiResult | None:
    """Run `fn` on blocks of a few stations (cache-sized) and join the results; None when
    the input is small enough to run at once."""
    if len(shape) < 2 or int(np.prod(shape)) <= _BLOCK:
        return None
    flat = {p: x.reshape(-1, shape[-1]) for p, x in data.items()}
    rows = next(iter(flat.values())).shape[0]
    step = max(1, _BLOCK // shape[-1])
    parts = [fn({p: x[i:i + step] for p, x in flat.items()}, **kw) for i in range(0, rows, step)]

    def join(arrays):
        return np.concatenate(arrays).reshape(shape)

    return AqiResult(aqi=join([r.aqi for r in parts]), dominant=join([r.dominant for r in parts]),
                     sub={k: join([r.sub[k] for r in parts]) for k in parts[0].sub},
                     conc={k: join([r.conc[k] for r in parts]) for k in parts[0].conc},
                     beyond=join([r.beyond for r in parts]))


_BLOCK = 65_536  # station-hours per block in the hourly functions


def vn_hourly(hours: dict) -> AqiResult:
    """Hourly VN_AQI at every hour of the series: SO2, CO, NO2 and O3 from the 1-hour mean
    (O3 against the 1-hour row), PM10 and PM2.5 from the NowCast of the last 12 hours.
    NaN where no PM sub-index exists."""
    data, shape = _prepare(hours)
    blocked = _by_station_blocks(vn_hourly, data, shape)
    if blocked is not None:
        return blocked
    raw, conc = {}, {}
    for p, x in data.items():
        c = nowcast(x) if p in ("pm25", "pm10") else x
        conc[p] = c
        raw[p] = vn_sub_index(p, c)
    if "o3" in conc:
        conc["o3_1h"] = conc["o3"]
    return _combine(raw, conc, shape, require_pm=True)


def vn_daily(hours: dict, start_hour: int = 1, min_day_hours: int = 18, min_8h_hours: int = 6) -> AqiResult:
    """Daily VN_AQI per local day (hours ending 01:00 ... 00:00): PM10/PM2.5 from the 24-hour
    mean; SO2, NO2, CO from the day's largest 1-hour mean; O3 the larger of the sub-index of
    the largest 1-hour mean and of the largest 8-hour mean (8-hour windows ending in the
    day, reaching back into the previous day), the latter not computed above 400 µg/m³.
    A statistic needs `min_day_hours` hourly values of the day; an 8-hour mean
    `min_8h_hours` of its 8. See `day_blocks` for `start_hour` and the output columns."""
    data, shape = _prepare(hours)
    raw, conc = {}, {}
    for p, x in data.items():
        if p in ("pm25", "pm10"):
            c = _day_mean(x, start_hour, min_day_hours)
            raw[p] = vn_sub_index(p, c)
        elif p == "o3":
            c1 = _day_max(x, start_hour, min_day_hours)
            c8 = _day_max(rolling_mean(x, 8, min_8h_hours), start_hour, min_day_hours, count_from=x)
            conc["o3_1h"], conc["o3_8h"] = c1, c8
            a1, a8 = vn_sub_index("o3", c1), vn_sub_index("o3", c8, o3_8h=True)
            raw[p] = np.fmax(a1, a8)
            c = np.where(np.isnan(a8) | (a1 >= a8), c1, c8)
        else:
            c = _day_max(x, start_hour, min_day_hours)
            raw[p] = vn_sub_index(p, c)
        conc[p] = c
    out_shape = next(iter(raw.values())).shape
    return _combine(raw, conc, out_shape, require_pm=True)


# ---------------------------------------------------------------------------------------
# US EPA AQI, breakpoints of 6 May 2024

# rows (C_low, C_high, I_low, I_high); units: PM µg/m³, O3 and CO ppm, SO2 and NO2 ppb
US_TABLE = {
    "pm25": ((0.0, 9.0, 0, 50), (9.1, 35.4, 51, 100), (35.5, 55.4, 101, 150), (55.5, 125.4, 151, 200), (125.5, 225.4, 201, 300), (225.5, 325.4, 301, 500)),
    "pm10": ((0, 54, 0, 50), (55, 154, 51, 100), (155, 254, 101, 150), (255, 354, 151, 200), (355, 424, 201, 300), (425, 604, 301, 500)),
    "o3_8h": ((0.000, 0.054, 0, 50), (0.055, 0.070, 51, 100), (0.071, 0.085, 101, 150), (0.086, 0.105, 151, 200), (0.106, 0.200, 201, 300)),
    "o3_1h": ((0.125, 0.164, 101, 150), (0.165, 0.204, 151, 200), (0.205, 0.404, 201, 300), (0.405, 0.604, 301, 500)),
    "co": ((0.0, 4.4, 0, 50), (4.5, 9.4, 51, 100), (9.5, 12.4, 101, 150), (12.5, 15.4, 151, 200), (15.5, 30.4, 201, 300), (30.5, 50.4, 301, 500)),
    "so2": ((0, 35, 0, 50), (36, 75, 51, 100), (76, 185, 101, 150), (186, 304, 151, 200), (305, 604, 201, 300), (605, 1004, 301, 500)),
    "no2": ((0, 53, 0, 50), (54, 100, 51, 100), (101, 360, 101, 150), (361, 649, 151, 200), (650, 1249, 201, 300), (1250, 2049, 301, 500)),
}
# decimals kept by the truncation before lookup (TAD 2024)
US_DECIMALS = {"pm25": 1, "pm10": 0, "o3_8h": 3, "o3_1h": 3, "co": 1, "so2": 0, "no2": 0}
US_UNITS = {"pm25": "µg/m³", "pm10": "µg/m³", "o3": "ppm", "co": "ppm", "so2": "ppb", "no2": "ppb"}


def us_truncate(table: str, conc) -> np.ndarray:
    """Truncate (not round) to the table's precision, as the EPA requires before lookup."""
    scale = 10.0 ** US_DECIMALS[table]
    return np.floor(np.asarray(conc, dtype=float) * scale + 1e-6) / scale


def us_sub_index(param: str, conc, averaging: str = "") -> np.ndarray:
    """Unrounded US AQI sub-index of a concentration in the table's unit (PM µg/m³, O3/CO
    ppm, SO2/NO2 ppb), truncated first. `averaging` picks the O3 row: '8h' (default) or
    '1h'; O3 8-hour is not defined above 0.200 ppm and O3 1-hour below 0.125 ppm (NaN)."""
    p = canonical(param)
    table = f"o3_{averaging or '8h'}" if p == "o3" else p
    rows = np.asarray(US_TABLE[table], dtype=float)
    c = us_truncate(table, np.maximum(np.asarray(conc, dtype=float), 0.0))
    i = np.clip(np.searchsorted(rows[:, 0], c, side="right") - 1, 0, len(rows) - 1)
    clo, chi, ilo, ihi = (rows[i, k] for k in range(4))
    out = (ihi - ilo) / (chi - clo) * (c - clo) + ilo
    if table == "o3_8h":
        out = np.where(c > 0.200, np.nan, out)
    elif table == "o3_1h":
        out = np.where(c < 0.125, np.nan, out)
    return np.where(np.isnan(c), np.nan, out)


def _us_units(p: str, x):
    """µg/m³ -> the table's unit at 25 °C and 1 atm."""
    if p in ("so2", "no2"):
        return x / ppb_factor(p)
    if p in ("o3", "co"):
        return x / ppb_factor(p) / 1000.0
    return x


def _us_so2(c1, c24):
    """SO2: the 1-hour table up to 304 ppb; from 305 ppb the EPA uses the 24-hour mean
    (AQI >= 200 is defined only by 24-hour SO2). Our choice when that mean is missing or
    below 305 ppb: 200, the top of what the 1-hour value can define."""
    a1 = us_sub_index("so2", c1)
    high = us_truncate("so2", c1) >= 305
    a24 = us_sub_index("so2", c24)
    a24 = np.where(np.isnan(a24) | (us_truncate("so2", c24) < 305), 200.0, a24)
    return np.where(high, a24, a1)


def _us_o3(c1, c8):
    return np.fmax(us_sub_index("o3", c8, "8h"), us_sub_index("o3", c1, "1h"))


def us_hourly(hours: dict, min_8h_hours: int = 6, min_24h_hours: int = 18) -> AqiResult:
    """Hourly US AQI as AirNow reports it: PM2.5/PM10 NowCast, O3 the trailing 8-hour mean
    (and the 1-hour mean when >= 0.125 ppm, the larger wins), CO trailing 8-hour mean, NO2
    1-hour, SO2 1-hour with the >= 305 ppb rule (trailing 24-hour mean). Input µg/m³."""
    data, shape = _prepare(hours)
    blocked = _by_station_blocks(us_hourly, data, shape, min_8h_hours=min_8h_hours, min_24h_hours=min_24h_hours)
    if blocked is not None:
        return blocked
    raw, conc = {}, {}
    for p, x in data.items():
        x = _us_units(p, x)
        if p in ("pm25", "pm10"):
            c = nowcast(x)
            raw[p] = us_sub_index(p, c)
        elif p == "o3":
            c8 = rolling_mean(x, 8, min_8h_hours)
            conc["o3_1h"], conc["o3_8h"] = x, c8
            raw[p] = _us_o3(x, c8)
            c = c8
        elif p == "co":
            c = rolling_mean(x, 8, min_8h_hours)
            raw[p] = us_sub_index(p, c)
        elif p == "so2":
            c = x
            raw[p] = _us_so2(x, rolling_mean(x, 24, min_24h_hours))
        else:
            c = x
            raw[p] = us_sub_index(p, c)
        conc[p] = c
    return _combine(raw, conc, shape, require_pm=False)


def us_daily(hours: dict, start_hour: int = 1, min_day_hours: int = 18, min_8h_hours: int = 6) -> AqiResult:
    """Daily US AQI per local day (midnight to midnight = hours ending 01:00 ... 00:00):
    PM 24-hour mean, O3 largest 8-hour mean of windows ending in the day (and largest
    1-hour when >= 0.125 ppm), CO largest 8-hour mean, NO2 largest 1-hour, SO2 largest
    1-hour with the >= 305 ppb rule on the day's 24-hour mean. Input µg/m³."""
    data, shape = _prepare(hours)
    raw, conc = {}, {}
    for p, x in data.items():
        x = _us_units(p, x)
        if p in ("pm25", "pm10"):
            c = _day_mean(x, start_hour, min_day_hours)
            raw[p] = us_sub_index(p, c)
        elif p in ("o3", "co"):
            c = _day_max(rolling_mean(x, 8, min_8h_hours), start_hour, min_day_hours, count_from=x)
            if p == "o3":
                c1 = _day_max(x, start_hour, min_day_hours)
                conc["o3_1h"], conc["o3_8h"] = c1, c
                raw[p] = _us_o3(c1, c)
            else:
                raw[p] = us_sub_index(p, c)
        elif p == "so2":
            c = _day_max(x, start_hour, min_day_hours)
            raw[p] = _us_so2(c, _day_mean(x, start_hour, min_day_hours))
        else:
            c = _day_max(x, start_hour, min_day_hours)
            raw[p] = us_sub_index(p, c)
        conc[p] = c
    out_shape = next(iter(raw.values())).shape
    return _combine(raw, conc, out_shape, require_pm=False)

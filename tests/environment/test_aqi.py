"""VN_AQI (Decision 1459/QĐ-TCMT) and US EPA AQI (2024): the decision's worked examples and
one test per rule. Pure numpy, no database."""
import math

import numpy as np
import pytest

from smartcity.environment import aqi
from smartcity.environment.parameters import ppb_factor

NAN = math.nan
# Decision 1459, worked NowCast example: PM2.5 hourly means 09:00 ... 20:00 (20:00 is c1)
EXAMPLE_PM25 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]


def series(last, n=12):
    """A series of n hours whose last (current) hour is `last`, the rest missing."""
    return [NAN] * (n - 1) + [last]


# --- the decision's worked examples -----------------------------------------------------

def test_nowcast_worked_example():
    values = np.array(EXAMPLE_PM25)
    w = values.min() / values.max()
    assert round(w, 2) == 0.61
    assert round(aqi.nowcast(values)[-1], 1) == 20.3


def test_hourly_worked_example():
    r = aqi.vn_hourly({"PM2.5": EXAMPLE_PM25, "O3": series(136.1), "NO2": series(118.7)})
    assert r.sub["o3"][-1] == 43
    assert abs(r.sub["no2"][-1] - 60) <= 1  # the decision prints 60; the formula gives 59.35
    assert r.sub["pm25"][-1] == 41
    assert round(r.conc["pm25"][-1], 1) == 20.3
    assert abs(r.aqi[-1] - 60) <= 1
    assert r.dominant[-1] == "no2"


def test_daily_worked_example():
    # a day whose statistics are those of the decision: O3 max 1 h 114.6, max 8 h mean
    # 89.3; NO2 max 1 h 130.8; PM2.5 24-hour mean 55.7
    o3 = np.full(24 + 7, 60.0)  # 7 hours of the previous evening, then the day
    o3[12:20] = (8 * 89.3 - 114.6) / 7  # one 8-hour block averaging 89.3 ...
    o3[15] = 114.6  # ... that holds the day's peak hour
    eight = aqi.rolling_mean(o3, 8, 6)[7:]
    assert round(eight.max(), 1) == 89.3
    no2 = np.full(31, 40.0)
    no2[-3] = 130.8
    pm = np.full(31, 55.7)
    r = aqi.vn_daily({"O3": o3, "NO2": no2, "PM2.5": pm}, start_hour=18)
    day = 1  # day 0 is the previous evening (7 hours, incomplete)
    assert math.isnan(r.aqi[0])
    assert round(r.conc["o3_8h"][day], 1) == 89.3
    assert r.conc["o3_1h"][day] == 114.6
    assert aqi.round_half_up(aqi.vn_sub_index("o3", 89.3, o3_8h=True)) == 45
    assert aqi.round_half_up(aqi.vn_sub_index("o3", 114.6)) == 36
    assert r.sub["o3"][day] == 45  # the larger of 45 (8 h) and 36 (1 h)
    assert r.sub["no2"][day] == 65
    assert r.sub["pm25"][day] == 110  # 109.5 rounds half up
    assert r.aqi[day] == 110
    assert r.dominant[day] == "pm25"
    assert len(r.aqi) == 2


# --- NowCast rules ------------------------------------------------------------------------

def test_nowcast_two_of_three_recent_hours():
    base = np.array(EXAMPLE_PM25)
    one_missing = base.copy()
    one_missing[-2] = NAN
    assert not math.isnan(aqi.nowcast(one_missing)[-1])
    two_missing = base.copy()
    two_missing[-2:] = NAN
    two_missing[-1] = 20.0
    two_missing[-2] = NAN
    two_missing[-3] = NAN
    assert math.isnan(aqi.nowcast(two_missing)[-1])
    # c1 itself may be missing when c2 and c3 exist
    c1_missing = base.copy()
    c1_missing[-1] = NAN
    assert not math.isnan(aqi.nowcast(c1_missing)[-1])


def test_nowcast_uses_only_available_hours_and_half_floor():
    x = np.array([NAN] * 9 + [100.0, 10.0, 10.0])  # w* = 0.1 -> w = 0.5
    expected = (10 + 0.5 * 10 + 0.25 * 100) / (1 + 0.5 + 0.25)
    assert aqi.nowcast(x)[-1] == pytest.approx(expected)
    flat = np.full(12, 30.0)
    assert aqi.nowcast(flat)[-1] == pytest.approx(30.0)
    zeros = np.zeros(12)
    assert aqi.nowcast(zeros)[-1] == 0.0


def test_nowcast_window_is_twelve_hours():
    x = np.array([1000.0] + [10.0] * 12)  # the 1000 is 13 hours back at the last hour
    assert aqi.nowcast(x)[-1] == pytest.approx(10.0)
    assert aqi.nowcast(x)[-2] > 10.0


def test_nowcast_vectorised_over_stations_matches_single():
    rng = np.random.default_rng(1)
    x = rng.gamma(2.0, 15.0, size=(3, 60))
    x[rng.random(x.shape) < 0.2] = NAN
    together = aqi.nowcast(x)
    for s in range(3):
        np.testing.assert_array_equal(together[s], aqi.nowcast(x[s]))


# --- hourly rule ----------------------------------------------------------------------------

def test_hourly_gases_use_the_one_hour_mean_and_o3_one_hour_row():
    r = aqi.vn_hourly({"PM10": series(10.0), "O3": series(200.0), "SO2": series(350.0), "CO": series(30000.0), "NO2": series(200.0)})
    # PM10 with a single hour has no NowCast: no PM sub-index, so no AQI
    assert math.isnan(r.aqi[-1])
    assert r.sub["o3"][-1] == 100 and r.sub["so2"][-1] == 100 and r.sub["co"][-1] == 100 and r.sub["no2"][-1] == 100
    r = aqi.vn_hourly({"PM10": [10.0] * 12, "O3": series(200.0)})
    assert r.aqi[-1] == 100 and r.dominant[-1] == "o3"


def test_at_least_one_pm_is_required():
    r = aqi.vn_hourly({"O3": [150.0] * 12, "NO2": [50.0] * 12})
    assert np.isnan(r.aqi).all()
    assert (r.dominant == "").all()
    assert r.sub["o3"][-1] == 47  # sub-indices are still reported
    r = aqi.vn_hourly({"O3": [150.0] * 12, "PM10": [NAN] * 12})
    assert np.isnan(r.aqi).all()


def test_missing_hours_give_nan_not_zero():
    pm = np.array([20.0] * 6 + [NAN] * 6)
    r = aqi.vn_hourly({"PM2.5": pm})
    assert not math.isnan(r.aqi[5])
    assert np.isnan(r.aqi[8:]).all()


# --- daily rule ---------------------------------------------------------------------------

def test_day_is_hours_ending_0100_to_0000():
    # 48 hours ending 01:00 day 1 ... 00:00 day 3; a spike on the hour ending 00:00 belongs
    # to the first day
    x = np.full(48, 10.0)
    x[23] = 300.0
    b = aqi.day_blocks(x, start_hour=1)
    assert b.shape == (2, 24)
    assert b[0, -1] == 300.0
    r = aqi.vn_daily({"PM10": np.full(48, 20.0), "NO2": x}, start_hour=1)
    assert r.sub["no2"].tolist() == [aqi.round_half_up(aqi.vn_sub_index("no2", 300.0)), 5.0]
    # the same data starting at the hour ending 00:00: that first hour is its own (earlier) day
    r0 = aqi.vn_daily({"PM10": np.full(49, 20.0), "NO2": np.r_[10.0, x]}, start_hour=0)
    assert r0.aqi.shape == (3,)
    assert math.isnan(r0.aqi[0])
    assert r0.sub["no2"][1] == r.sub["no2"][0]


def test_daily_pm_is_the_24_hour_mean_and_needs_18_hours():
    pm = np.full(24, 40.0)
    pm[:6] = NAN  # 18 hours left: valid
    r = aqi.vn_daily({"PM2.5": pm})
    assert r.conc["pm25"][0] == 40.0 and r.aqi[0] == 80
    pm[6] = NAN  # 17 hours: not valid
    r = aqi.vn_daily({"PM2.5": pm})
    assert math.isnan(r.aqi[0])
    r = aqi.vn_daily({"PM2.5": pm}, min_day_hours=12)
    assert r.aqi[0] == 80


def test_daily_o3_eight_hour_not_computed_above_400():
    o3 = np.full(24, 420.0)  # every 8-hour mean 420 > 400: only the 1-hour row counts
    r = aqi.vn_daily({"PM10": np.full(24, 10.0), "O3": o3})
    assert r.conc["o3_8h"][0] == 420.0
    assert r.sub["o3"][0] == 205  # 1-hour row: 200 + 20/400 * 100
    assert math.isnan(aqi.vn_sub_index("o3", 400.1, o3_8h=True))
    assert aqi.vn_sub_index("o3", 400.0, o3_8h=True) == 300


def test_daily_o3_eight_hour_wins_when_larger():
    o3 = np.full(24, 150.0)  # 8 h: 150 -> 130; 1 h: 150 -> 46.9
    r = aqi.vn_daily({"PM10": np.full(24, 10.0), "O3": o3})
    assert r.sub["o3"][0] == 130 and r.dominant[0] == "o3" and r.aqi[0] == 130


# --- lookup, beyond the top, rounding, bands ------------------------------------------------

@pytest.mark.parametrize("param,c,expected", [
    ("pm25", 25, 50), ("pm25", 50, 100), ("pm25", 500, 500), ("pm10", 420, 300), ("co", 10000, 50),
    ("so2", 2630, 500), ("no2", 3850, 500), ("o3", 1200, 500), ("pm25", 0, 0), ("pm25", -3, 0),
])
def test_breakpoints(param, c, expected):
    assert aqi.vn_sub_index(param, c) == pytest.approx(expected)


def test_beyond_the_top_extrapolates_and_flags():
    assert aqi.vn_sub_index("pm25", 650) == pytest.approx(600)  # last segment: 150 per 150 µg/m³
    r = aqi.vn_hourly({"PM2.5": [650.0] * 12})
    assert r.aqi[-1] == 600 and r.beyond[-1]
    assert aqi.band_vn(r.aqi[-1]).code == "hazardous"
    r = aqi.vn_hourly({"PM2.5": [500.0] * 12})
    assert r.aqi[-1] == 500 and not r.beyond[-1]


def test_round_half_up():
    assert aqi.round_half_up(42.5) == 43
    assert aqi.round_half_up(42.49) == 42
    assert aqi.round_half_up(0.5) == 1  # not banker's rounding
    assert aqi.round_half_up(2.5) == 3
    assert aqi.round_half_up(50 + 5.7 / 30 * 50 + 50) == 110  # 109.5 from floating point
    assert np.isnan(aqi.round_half_up(NAN))


@pytest.mark.parametrize("value,code", [
    (0, "good"), (50, "good"), (50.4, "good"), (50.5, "moderate"), (100, "moderate"), (101, "poor"),
    (150, "poor"), (151, "bad"), (200, "bad"), (201, "very_bad"), (300, "very_bad"), (301, "hazardous"), (500, "hazardous"), (750, "hazardous"),
])
def test_band_edges_vn(value, code):
    assert aqi.band_vn(value).code == code


def test_bands_carry_names_colours_and_advice():
    b = aqi.band_vn(120)
    assert (b.name_vi, b.name_en, b.rgb, b.hex) == ("Kém", "Poor", (255, 126, 0), "#FF7E00")
    assert "ngoài trời" in b.advice_vi and b.advice_en and b.advice_sensitive_vi and b.effect_vi
    assert [x.rgb for x in aqi.BANDS_VN] == [(0, 228, 0), (255, 255, 0), (255, 126, 0), (255, 0, 0), (143, 63, 151), (126, 0, 35)]
    assert aqi.band_vn(None) is None and aqi.band_vn(NAN) is None
    assert aqi.band_us(101).name_en == "Unhealthy for sensitive groups"
    assert aqi.band_us(301).hex == "#7E0023"


def test_dominant_and_shapes_over_stations():
    pm = np.array([[10.0] * 12, [60.0] * 12])
    o3 = np.array([[250.0] * 12, [10.0] * 12])
    r = aqi.vn_hourly({"pm25": pm, "o3": o3})
    assert r.aqi.shape == (2, 12)
    assert r.dominant[:, -1].tolist() == ["o3", "pm25"]
    with pytest.raises(ValueError):
        aqi.vn_hourly({"pm25": pm, "o3": o3[0]})
    with pytest.raises(KeyError):
        aqi.vn_hourly({"benzene": pm})


def test_canonical_names():
    assert [aqi.canonical(n) for n in ("PM2.5", "pm2_5", "PM-2.5", "PM25", "pm10", "O3", "so2", "Co")] == \
        ["pm25", "pm25", "pm25", "pm25", "pm10", "o3", "so2", "co"]


# --- US EPA AQI (2024) ----------------------------------------------------------------------

def test_us_truncation_before_lookup():
    assert aqi.us_sub_index("pm25", 9.09) == 50  # 9.09 -> 9.0, not 9.1
    assert aqi.us_sub_index("pm25", 9.1) == 51
    assert aqi.us_sub_index("pm10", 54.9) == 50
    assert aqi.us_sub_index("o3", 0.0709, "8h") == 100
    assert aqi.us_sub_index("o3", 0.071, "8h") == 101
    assert aqi.us_sub_index("no2", 100.9) == 100
    assert aqi.us_sub_index("co", 4.49) == 50


def test_us_2024_pm25_table():
    assert aqi.us_sub_index("pm25", 35.4) == 100
    assert aqi.round_half_up(aqi.us_sub_index("pm25", 55.5)) == 151
    assert aqi.us_sub_index("pm25", 325.4) == 500
    assert aqi.us_sub_index("pm25", 425.4) > 500  # beyond the AQI: extrapolated


def test_us_o3_rows():
    assert math.isnan(aqi.us_sub_index("o3", 0.201, "8h"))  # 8-hour does not define >= 301
    assert math.isnan(aqi.us_sub_index("o3", 0.124, "1h"))  # 1-hour only from 0.125 ppm
    assert aqi.us_sub_index("o3", 0.125, "1h") == 101
    ppm = 1000 * ppb_factor("o3")  # µg/m³ per ppm
    x = np.full(12, 0.060 * ppm)
    x[-1] = 0.130 * ppm  # 8-hour ~0.069 -> ~99; 1-hour 0.130 -> 107: the larger wins
    r = aqi.us_hourly({"O3": x})
    assert r.sub["o3"][-1] == aqi.round_half_up(aqi.us_sub_index("o3", 0.130, "1h"))
    assert r.dominant[-1] == "o3"


def test_us_so2_305_ppb_rule():
    f = ppb_factor("so2")
    x = np.full(24, 100.0 * f)
    x[-1] = 400.0 * f  # 1-hour 400 ppb >= 305: the 24-hour mean (112.5 ppb) decides, floor 200
    r = aqi.us_hourly({"SO2": x})
    assert r.sub["so2"][-1] == 200
    assert r.sub["so2"][-2] == aqi.round_half_up(aqi.us_sub_index("so2", 100))
    y = np.full(24, 500.0 * f)  # 24-hour mean 500 ppb -> 201 + ...
    r = aqi.us_hourly({"SO2": y})
    assert r.sub["so2"][-1] == aqi.round_half_up(aqi.us_sub_index("so2", 500))
    assert r.sub["so2"][-1] > 200
    assert aqi.us_sub_index("so2", 304) == 200


def test_us_units_from_micrograms():
    # NO2 100 ppb = 188.1 µg/m³ -> AQI 100; CO 8-hour 9.4 ppm
    r = aqi.us_hourly({"NO2": series(100 * ppb_factor("no2") + 0.01), "CO": np.full(12, 9.4 * 1000 * ppb_factor("co") + 0.01)})
    assert r.sub["no2"][-1] == 100
    assert r.sub["co"][-1] == 100
    assert r.aqi[-1] == 100  # no PM requirement in the US index


def test_us_hourly_pm_nowcast_and_daily_pm_mean():
    r = aqi.us_hourly({"PM2.5": EXAMPLE_PM25})
    assert r.conc["pm25"][-1] == pytest.approx(aqi.nowcast(EXAMPLE_PM25)[-1])
    assert r.aqi[-1] == aqi.round_half_up(aqi.us_sub_index("pm25", 20.2))
    d = aqi.us_daily({"PM2.5": np.full(24, 35.45)})
    assert d.aqi[0] == 100  # 35.45 truncated to 35.4


def test_blocks_of_stations_give_the_same_result(monkeypatch):
    """vn_hourly/us_hourly/nowcast work on cache-sized blocks of stations; the result must
    not depend on the block size."""
    rng = np.random.default_rng(7)
    data = {p: rng.gamma(2.0, 30.0, size=(9, 700)) for p in aqi.PARAMETERS}
    for x in data.values():
        x[rng.random(x.shape) < 0.1] = NAN
    monkeypatch.setattr(aqi, "_BLOCK", 1500)
    monkeypatch.setattr(aqi, "_CHUNK", 1000)
    small = aqi.vn_hourly(data), aqi.us_hourly(data)
    monkeypatch.setattr(aqi, "_BLOCK", 10**9)
    monkeypatch.setattr(aqi, "_CHUNK", 10**9)
    whole = aqi.vn_hourly(data), aqi.us_hourly(data)
    for a, b in zip(small, whole):
        np.testing.assert_array_equal(a.aqi, b.aqi)
        np.testing.assert_array_equal(a.dominant, b.dominant)
        for p in aqi.PARAMETERS:
            np.testing.assert_array_equal(a.sub[p], b.sub[p])
            np.testing.assert_array_equal(a.conc[p], b.conc[p])

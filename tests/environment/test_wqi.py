"""VN_WQI (Decision 1460/QĐ-TCMT): no official worked example exists, so each piece is
checked against the tables of environment.md §3. Pure numpy, no database."""
import math

import numpy as np
import pytest

from smartcity.environment import wqi
from smartcity.environment.wqi import WqiOptions, sub_index, vn_wqi

NAN = math.nan


@pytest.mark.parametrize("ph,q", [(5.4, 10), (5.5, 50), (5.75, 75), (6.0, 100), (7.0, 100), (8.5, 100), (8.75, 75), (9.0, 50), (9.1, 10)])
def test_ph(ph, q):
    assert sub_index("pH", ph) == pytest.approx(q)


@pytest.mark.parametrize("param,value,q", [
    ("BOD5", 4, 100), ("BOD5", 5, 87.5), ("BOD5", 6, 75), ("BOD5", 15, 50), ("BOD5", 25, 25), ("BOD5", 50, 10), ("BOD5", 80, 10), ("BOD5", 2, 100),
    ("COD", 10, 100), ("COD", 30, 50), ("COD", 150, 10), ("TOC", 6, 75),
    ("P-PO4", 0.1, 100), ("P-PO4", 0.5, 25), ("P-PO4", 4, 10),
    ("N-NO3", 2, 100), ("N-NO3", 15, 25), ("N-NO3", 15.1, 10),  # four breakpoints: a step to 10 above the last
    ("N-NH4", 0.3, 100), ("N-NH4", 0.9, 50), ("N-NH4", 5, 25), ("N-NH4", 5.01, 10),
    ("Coliform", 2500, 100), ("Coliform", 6250, 62.5), ("Coliform", 10000, 25), ("Coliform", 10001, 10),
    ("E.coli", 20, 100), ("E.coli", 200, 25), ("E.coli", 250, 10),
    ("As", 0.01, 100), ("As", 0.1, 25), ("As", 0.2, 10), ("Cd", 0.008, 75), ("Pb", 0.05, 50), ("Hg", 0.0015, 75),
    ("Cu", 2.0, 10), ("Cu", 1.0, 25), ("Zn", 1.5, 50), ("Zn", 3.5, 10),
])
def test_falling_tables(param, value, q):
    assert sub_index(param, value) == pytest.approx(q)


def test_step_parameters():
    assert sub_index("N-NO2", 0.05) == 100 and sub_index("N-NO2", 0.051) == 10
    assert sub_index("Aldrin", 0.1) == 100 and sub_index("Aldrin", 0.11) == 10
    assert sub_index("BHC", 0.02) == 100 and sub_index("DDTs", 1.5) == 10 and sub_index("Heptachlor", 0.2) == 100
    assert sub_index("Dieldrin", 0.2) == 10


def test_cr6_variants():
    assert sub_index("Cr6+", 0.05) == 25  # 5 breakpoints: 0.05 -> 25
    assert sub_index("Cr6+", 0.1) == 10
    assert sub_index("Cr6+", 0.05, cr6="4bp") == pytest.approx(50 - 25 * (0.01 / 0.06))
    assert sub_index("Cr6+", 0.1, cr6="4bp") == 25


def test_do_saturation_and_percent():
    assert wqi.do_saturation(0) == pytest.approx(14.652)
    assert wqi.do_saturation(25) == pytest.approx(14.652 - 0.41022 * 25 + 0.0079910 * 625 - 0.000077774 * 15625)
    sat = float(wqi.do_saturation(25))
    assert sub_index("DO", sat, temperature=25) == 100  # 100 %
    assert sub_index("DO", 0.88 * sat, temperature=25) == pytest.approx(100)
    assert sub_index("DO", 0.5 * sat, temperature=25) == pytest.approx(50)
    assert sub_index("DO", 1.25 * sat, temperature=25) == pytest.approx(75)
    assert sub_index("DO%", 19) == 10 and sub_index("DO%", 201) == 10 and sub_index("DO%", 20) == 25 and sub_index("DO%", 200) == 25
    assert math.isnan(sub_index("DO", 6.0))  # no temperature, no DO sub-index


def sample(**extra):
    base = {"pH": 7.0, "DO": 6.0, "Temp": 28.0, "BOD5": 4.0, "COD": 10.0, "N-NH4": 0.3, "Coliform": 2500.0}
    base.update(extra)
    return {k: [v] for k, v in base.items() if v is not None}


def test_clean_water_is_100_and_very_good():
    r = vn_wqi(sample(DO=0.95 * float(wqi.do_saturation(28))))
    assert r.wqi[0] == 100 and r.band[0] == "very_good" and r.formula[0] == "3"


def test_formulas_3_4_5():
    s = sample(**{"BOD5": 15.0, "COD": 30.0, "N-NH4": 0.9, "DO%": 100.0, "DO": None, "Temp": None, "Coliform": 7500.0})  # IV 62.5, V 50
    iv = (50 + 50 + 50 + 100) / 4
    assert vn_wqi(s, WqiOptions(formula="3")).wqi[0] == wqi.round_half_up(math.sqrt(iv * 50))
    assert vn_wqi(s, WqiOptions(formula="4")).wqi[0] == wqi.round_half_up(iv)
    assert vn_wqi(s, WqiOptions(formula="5")).wqi[0] == wqi.round_half_up((iv * iv * 50) ** (1 / 3))
    no_v = {k: v for k, v in s.items() if k != "Coliform"}
    r = vn_wqi(no_v, WqiOptions(validity="group4"))
    assert r.formula[0] == "4" and r.wqi[0] == wqi.round_half_up(iv)


def test_groups_multiply_and_use_geometric_means():
    s = sample(pH=5.75, As=0.02, Cd=0.005, Aldrin=0.5, BHC=0.01)  # I 75; III sqrt(75*100); II sqrt(10*100)
    r = vn_wqi(s)
    assert r.groups["I"][0] == pytest.approx(75)
    assert r.groups["III"][0] == pytest.approx(math.sqrt(75 * 100))
    assert r.groups["II"][0] == pytest.approx(math.sqrt(10 * 100))
    x = math.sqrt(r.groups["IV"][0] * r.groups["V"][0])
    assert r.wqi[0] == wqi.round_half_up(0.75 * math.sqrt(75 * 100) / 100 * math.sqrt(1000) / 100 * x)


def test_missing_groups_one_to_three_count_as_100():
    r = vn_wqi(sample(pH=None, As=0.02), WqiOptions(validity="group4"))
    full = vn_wqi(sample(pH=7.0, As=0.02))
    assert math.isnan(r.groups["I"][0])
    assert r.wqi[0] == full.wqi[0] and r.wqi[0] < 100  # group III (75) still counts


def test_validity_rules():
    four = {"DO%": [90.0], "BOD5": [5.0], "COD": [12.0]}
    assert not vn_wqi(four).valid[0]  # one group only
    assert vn_wqi({**four, "pH": [7.0], "Coliform": [100.0]}).valid[0]  # I, IV, V
    assert not vn_wqi({"DO%": [90.0], "BOD5": [5.0], "pH": [7.0], "Coliform": [100.0]}).valid[0]  # IV has 2
    # DO without temperature does not count
    assert not vn_wqi({"DO": [6.0], "BOD5": [5.0], "COD": [12.0], "pH": [7.0], "Coliform": [100.0]}).valid[0]
    assert vn_wqi(four, WqiOptions(validity="group4")).valid[0]
    assert vn_wqi({"COD": [12.0]}, WqiOptions(validity="any")).valid[0]
    assert np.isnan(vn_wqi(four).wqi[0]) and vn_wqi(four).band[0] == ""
    with pytest.raises(ValueError):
        WqiOptions(formula="6")


@pytest.mark.parametrize("value,code", [(100, "very_good"), (91, "very_good"), (90.4, "good"), (90.5, "very_good"), (76, "good"), (75, "medium"),
                                        (51, "medium"), (50, "poor"), (26, "poor"), (25, "bad"), (10, "bad"), (9, "very_polluted"), (0, "very_polluted")])
def test_band_edges(value, code):
    assert wqi.band_wqi(value).code == code


def test_band_colours():
    assert wqi.band_wqi(95).rgb == (51, 51, 255)
    assert wqi.band_wqi(30).hex == "#FF7E00"
    assert wqi.band_wqi(5).rgb == (126, 0, 35)
    assert wqi.band_wqi(NAN) is None


def test_vectorised_samples():
    r = vn_wqi({"pH": [7.0, 9.5, NAN], "DO%": [95, 30, 95], "BOD5": [3, 40, 3], "COD": [8, 100, 8], "Coliform": [1000, 20000, 1000]})
    iv = (25 + 10 / 30 * 25 + 25 - 15 / 25 * 15 + 25 - 50 / 100 * 15) / 3
    assert r.wqi[0] == 100
    assert r.wqi[1] == wqi.round_half_up(0.10 * math.sqrt(iv * 10))
    assert r.band[0] == "very_good" and r.band[1] == "very_polluted"
    assert np.isnan(r.wqi[2])  # without pH only groups IV and V: fewer than 3 groups

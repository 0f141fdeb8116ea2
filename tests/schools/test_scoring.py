"""The pure scoring maths (no database): fractions per rule, areas and total, the
recognition rule, shares and school years, and the radar chart's markup."""
from datetime import date

import pytest

from smartcity.schools import charts, scoring
from smartcity.schools.scoring import CriterionSpec as C
from smartcity.schools.scoring import GroupSpec as G


def test_fraction_by_rule():
    assert scoring.fraction("binary", 1) == 1.0 and scoring.fraction("binary", 0) == 0.0
    assert scoring.fraction("levels", 2) == pytest.approx(2 / 3)
    assert scoring.fraction("levels", 3) == 1.0
    assert scoring.fraction("threshold", 85, 80) == 1.0 and scoring.fraction("threshold", 79.9, 80) == 0.0
    assert scoring.fraction("threshold", 18, 20, "at_most") == 1.0 and scoring.fraction("threshold", 25, 20, "at_most") == 0.0
    assert scoring.fraction("levels", None) == 0.0


def test_validate_refuses_impossible_entries():
    scoring.validate("levels", 3)
    scoring.validate("binary", None)
    for rule, value, code in (("levels", 4, "not_level"), ("levels", 1.5, "not_level"), ("binary", 2, "not_binary"),
                              ("threshold", -1, "negative")):
        with pytest.raises(scoring.ScoreError) as err:
            scoring.validate(rule, value)
        assert err.value.code == code


GROUPS = [G("management", 1), G("facilities", 1), G("teaching", 2)]
CRITERIA = [C("a", "management", 10, "binary", mandatory=True), C("b", "facilities", 10, "threshold", 20, "at_most"),
            C("c", "teaching", 10, "levels"), C("d", "teaching", 20, "levels")]


def test_area_scores_weighted_total_and_recognition():
    res = scoring.score(GROUPS, CRITERIA, {"a": 1, "b": 15, "c": 3, "d": 2})
    assert res.groups == {"management": 100.0, "facilities": 100.0, "teaching": pytest.approx(100 * (10 + 20 * 2 / 3) / 30, abs=0.01)}
    # weights 1, 1, 2: (100 + 100 + 2 x 77.78) / 4
    assert res.total == pytest.approx((100 + 100 + 2 * 77.78) / 4, abs=0.01)
    assert res.recognised and res.missing == [] and res.points["d"] == pytest.approx(13.3333, abs=1e-3)


def test_not_recognised_when_an_area_or_a_mandatory_criterion_fails():
    weak_area = scoring.score(GROUPS, CRITERIA, {"a": 1, "b": 30, "c": 3, "d": 3})
    assert weak_area.total == 75.0 and not weak_area.recognised  # facilities 0 %
    high_total = scoring.score(GROUPS, CRITERIA, {"a": 1, "b": 30, "c": 3, "d": 3}, pass_total=70, pass_group=0)
    assert high_total.recognised
    no_plan = scoring.score(GROUPS, CRITERIA, {"a": 0, "b": 10, "c": 3, "d": 3}, pass_total=70, pass_group=0)
    assert no_plan.total == 75.0 and no_plan.mandatory_failed == ["a"] and not no_plan.recognised


def test_missing_entries_score_zero_and_are_listed():
    res = scoring.score(GROUPS, CRITERIA, {"a": 1})
    assert res.missing == ["b", "c", "d"] and res.groups["teaching"] == 0.0 and res.total == 25.0


def test_shares_means_deltas_bands():
    assert scoring.share([True, False, True, True]) == 75.0 and scoring.share([]) is None
    assert scoring.mean_or_none([80, None, 90]) == 85.0 and scoring.mean_or_none([None]) is None
    assert scoring.delta(84.5, 80.25) == 4.2 and scoring.delta(None, 80) is None
    assert [scoring.band(v) for v in (85, 70, 50, None)] == ["high", "mid", "low", "none"]


def test_school_years():
    assert scoring.next_school_year("2025-2026") == "2026-2027"
    assert scoring.school_year_of(date(2026, 12, 3)) == "2026-2027"
    assert scoring.school_year_of(date(2027, 5, 20)) == "2026-2027"
    assert scoring.school_year_of(date(2027, 9, 1)) == "2027-2028"
    for bad in ("2026-2028", "2026", "năm học"):
        with pytest.raises(scoring.ScoreError):
            scoring.parse_school_year(bad)


def test_radar_chart_has_one_point_per_area_and_year():
    svg = charts.radar(["Quản lý", "Giáo viên", "Cơ sở vật chất <CNTT>"],
                       [("2025-2026", [70, 80, 60]), ("2026-2027", [90, 85, None])])
    assert svg.startswith("<svg") and svg.count("<circle") == 5
    assert 'data-value="90.0"' in svg and "&lt;CNTT&gt;" in svg and "<CNTT>" not in svg

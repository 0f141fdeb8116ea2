"""Pure ICF arithmetic: community score, score choice, the 'better on every dimension'
check, progress counts and the grouped bar chart geometry."""
import pytest

from smartcity.programme import icf_scoring as s

DIMS = ["broadband", "knowledge-workforce", "innovation", "engagement", "inclusion", "sustainability"]


def test_community_score_is_equal_weighted_average():
    assert s.community_score({"a": 60, "b": 70, "c": 80}) == 70
    assert s.community_score([50, None, 100]) == 75  # missing factors do not count as zero
    assert s.community_score({"a": 61, "b": 62, "c": 62}) == pytest.approx(61.67)
    assert s.community_score({}) is None
    assert s.community_score([None, None]) is None


def test_pick_score_prefers_icf_evaluation():
    assert s.pick_score({"self": 70, "icf": 64}) == (64.0, "icf")
    assert s.pick_score({"self": 70, "icf": None}) == (70.0, "self")
    assert s.pick_score({}) == (None, None)


def test_better_on_every_dimension_true():
    base = dict(zip(DIMS, [58, 52, 55, 50, 48, 54]))
    later = dict(zip(DIMS, [59, 53, 56, 51, 49, 55]))
    r = s.compare(base, later, DIMS)
    assert r["better_all"] is True
    assert r["better"] == DIMS and r["worse"] == [] and r["missing"] == []
    assert r["deltas"]["broadband"] == 1


def test_better_on_every_dimension_false_when_one_is_lower_or_equal():
    base = dict(zip(DIMS, [58, 52, 55, 50, 48, 54]))
    lower = dict(zip(DIMS, [64, 57, 61, 58, 53, 53]))
    r = s.compare(base, lower, DIMS)
    assert r["better_all"] is False and r["worse"] == ["sustainability"] and r["deltas"]["sustainability"] == -1
    equal = dict(lower, sustainability=54)
    r = s.compare(base, equal, DIMS)
    assert r["better_all"] is False and r["equal"] == ["sustainability"]


def test_better_on_every_dimension_unknown_when_scores_missing():
    base = dict(zip(DIMS, [58, 52, 55, 50, 48, 54]))
    partial = {d: 90 for d in DIMS[:5]}
    r = s.compare(base, partial, DIMS)
    assert r["better_all"] is None and r["missing"] == ["sustainability"]
    # a lower scored dimension already decides it
    partial["broadband"] = 10
    assert s.compare(base, partial, DIMS)["better_all"] is False


def test_progress_counts():
    r = s.progress_counts([None, "draft", "submitted", "accepted", "accepted", "returned"])
    assert r["questions"] == 6 and r["unanswered"] == 1 and r["accepted"] == 2 and r["answered"] == 3
    assert r["approved_pct"] == pytest.approx(33.3)
    assert s.progress_counts([])["approved_pct"] == 0.0


def test_bar_chart_geometry():
    values = {2017: {"a": 50, "b": 100}, 2018: {"a": 25}}
    chart = s.bar_chart(["a", "b"], [2017, 2018], values, width=400, height=200, margin_left=0, margin_bottom=0, margin_top=0)
    bars = {(b["dimension"], b["year"]): b for b in chart["bars"]}
    assert set(bars) == {("a", 2017), ("b", 2017), ("a", 2018)}  # no bar for a missing value
    plot_h = chart["plot"]["h"]
    assert bars[("b", 2017)]["h"] == pytest.approx(plot_h)
    assert bars[("a", 2017)]["h"] == pytest.approx(plot_h / 2)
    assert bars[("a", 2017)]["y"] + bars[("a", 2017)]["h"] == pytest.approx(plot_h)  # bars stand on the axis
    assert bars[("a", 2017)]["x"] < bars[("a", 2018)]["x"] < bars[("b", 2017)]["x"]  # years side by side in a group
    assert chart["groups"][0]["cx"] < chart["groups"][1]["cx"]
    assert [t["value"] for t in chart["ticks"]] == [0, 25, 50, 75, 100]


def test_bar_chart_clamps_values():
    chart = s.bar_chart(["a"], [1], {1: {"a": 140}}, max_value=100)
    assert chart["bars"][0]["value"] == 100

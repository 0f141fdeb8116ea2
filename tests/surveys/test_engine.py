"""The pure survey engine: each question kind's validation, skip logic, tallies, cross-tabs
against hand-computed counts, and the size class of Decree 80/2021."""
import pytest

from smartcity.surveys import charts, engine
from smartcity.economy.sizeclass import size_class
from tests.surveys.conftest import DEFINITION, GOOD


def codes(problems):
    return {(p.field, p.code) for p in problems}


def test_definition_checks():
    assert engine.check_definition(DEFINITION) == []
    bad = {"sections": [{"key": "s", "questions": [
        {"key": "a", "kind": "single", "text_vi": "x", "options": [{"value": "1"}]},
        {"key": "a", "kind": "text", "text_vi": "dup"},
        {"key": "b", "kind": "scale", "text_vi": "x", "scale": {"min": 5, "max": 1}},
        {"key": "c", "kind": "matrix", "text_vi": "x", "rows": []},
        {"key": "d", "kind": "text", "text_vi": "x", "show_if": {"question": "zzz", "values": ["1"]}},
        {"key": "e", "kind": "slider", "text_vi": "x"},
    ]}]}
    assert codes(engine.check_definition(bad)) == {("a", "options_invalid"), ("a", "invalid_key"), ("b", "scale_invalid"),
                                                   ("c", "rows_invalid"), ("d", "show_if_invalid"), ("e", "invalid_kind")}


def test_good_answers_are_kept_and_normalised():
    clean, problems = engine.clean_answers(DEFINITION, {**GOOD, "hires": "12,5", "note": "  Cần thêm xe buýt  "})
    assert problems == []
    assert clean == {**GOOD, "hires": 12.5, "note": "Cần thêm xe buýt"}


@pytest.mark.parametrize("raw,expected", [
    ({**GOOD, "outlook": "sell"}, {("outlook", "invalid_choice")}),
    ({k: v for k, v in GOOD.items() if k != "outlook"}, {("outlook", "required")}),
    ({**GOOD, "difficulties": ["land", "labour", "logistics", "procedures"]}, {("difficulties", "too_many")}),
    ({**GOOD, "difficulties": ["land", "fishing"]}, {("difficulties", "invalid_choice")}),
    ({**GOOD, "difficulties": ["other"]}, {("difficulties:other", "other_required")}),
    ({**GOOD, "procedures": 6}, {("procedures", "invalid_choice")}),
    ({**GOOD, "procedures": "rất tốt"}, {("procedures", "invalid_choice")}),
    ({**GOOD, "infra": {"power": 3}}, {("infra.water", "required")}),
    ({**GOOD, "infra": {"power": 3, "water": 9, "roads": 2}}, {("infra.water", "invalid_choice"), ("infra.roads", "unknown_row")}),
    ({**GOOD, "hires": "nhiều"}, {("hires", "not_a_number")}),
    ({**GOOD, "hires": 6000}, {("hires", "out_of_range")}),
    ({**GOOD, "note": "x" * 201}, {("note", "too_long")}),
    ({**GOOD, "zzz": 1}, {("zzz", "unknown_question")}),
])
def test_each_kind_refuses_with_a_reason(raw, expected):
    _clean, problems = engine.clean_answers(DEFINITION, raw)
    assert codes(problems) == expected


def test_other_text_is_kept_with_the_choice():
    clean, problems = engine.clean_answers(DEFINITION, {**GOOD, "difficulties": ["other", "land"], "difficulties:other": "Nhà ở công nhân"})
    assert problems == [] and clean["difficulties"] == ["land", "other"] and clean["difficulties:other"] == "Nhà ở công nhân"


def test_skip_logic_hides_and_requires():
    # "where" shows only when outlook is "expand": then it is required; otherwise its answer is dropped
    _c, problems = engine.clean_answers(DEFINITION, {**GOOD, "outlook": "expand"})
    assert codes(problems) == {("where", "required")}
    clean, problems = engine.clean_answers(DEFINITION, {**GOOD, "where": "north"})
    assert problems == [] and "where" not in clean
    assert "where" in engine.visible_keys(DEFINITION, {"outlook": "expand"})
    assert "where" not in engine.visible_keys(DEFINITION, {"outlook": "keep"})


def test_partial_skips_required_but_checks_types():
    clean, problems = engine.clean_answers(DEFINITION, {"outlook": "keep", "hires": "-3"}, partial=True)
    assert clean == {"outlook": "keep"} and codes(problems) == {("hires", "out_of_range")}
    assert engine.progress(DEFINITION, clean) == (1, 6)  # "where" is hidden


def test_tallies():
    answers = [{**GOOD, "procedures": 2}, {**GOOD, "procedures": 5, "difficulties": ["land", "labour"]}, {"outlook": "expand"}]
    t = engine.tally(engine.question_map(DEFINITION)["procedures"], answers)
    assert t["n"] == 2 and t["counts"] == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1} and t["mean"] == 3.5
    d = engine.tally(engine.question_map(DEFINITION)["difficulties"], answers)
    assert d["counts"] == {"land": 1, "labour": 2, "logistics": 0, "procedures": 0, "other": 0} and d["shares"]["labour"] == 1.0
    m = engine.tally(engine.question_map(DEFINITION)["infra"], answers)
    assert m["rows"]["water"]["mean"] == 4.0 and m["rows"]["power"]["counts"][3] == 2


def test_crosstab_counts_and_row_percentages_by_hand():
    q = engine.question_map(DEFINITION)["difficulties"]
    rows = [("small", {"difficulties": ["labour", "land"]}), ("small", {"difficulties": ["labour"]}),
            ("small", {"difficulties": ["land"]}), ("large", {"difficulties": ["procedures"]}),
            ("large", {"outlook": "keep"}), ("", {"difficulties": ["labour"]})]
    t = engine.crosstab(q, rows, ["micro", "small", "medium", "large"])
    groups = {g["group"]: g for g in t["groups"]}
    assert [g["group"] for g in t["groups"]] == ["small", "large", "?"]
    assert groups["small"]["n"] == 3 and groups["small"]["counts"]["labour"] == 2 and groups["small"]["pct"]["labour"] == 66.7
    assert groups["small"]["pct"]["land"] == 66.7  # multi: a row adds up to more than 100 %
    assert groups["large"]["n"] == 1 and groups["large"]["pct"]["procedures"] == 100.0  # the non-answer is out of the base
    assert t["total"]["n"] == 5 and t["total"]["counts"]["labour"] == 3 and t["total"]["pct"]["labour"] == 60.0
    with pytest.raises(ValueError):
        engine.crosstab(engine.question_map(DEFINITION)["note"], rows)


@pytest.mark.parametrize("employees,section,expected", [
    (10, "C", "micro"), (11, "C", "small"), (100, "C", "small"), (101, "C", "medium"), (200, "C", "medium"), (201, "C", "large"),
    (50, "G", "small"), (51, "G", "medium"), (100, "G", "medium"), (101, "G", "large"), (None, "C", None), (60, "", "medium"),
])
def test_size_class_decree_80_2021(employees, section, expected):
    """Employees alone (no revenue or capital known), as a survey sees an enterprise without them."""
    assert size_class(employees, None, None, section) == expected


def test_chart_geometry():
    bars = charts.hbars([{"label": "Mặt bằng", "count": 3, "share": 0.5}, {"label": "Lao động", "count": 6, "share": 1.0}])
    assert bars["bars"][1]["w"] == 2 * bars["bars"][0]["w"] and bars["bars"][0]["pct"] == 50.0
    assert charts.heat(100)["bg"] == "#0b5d8f" and charts.heat(0)["bg"] == "#ffffff"

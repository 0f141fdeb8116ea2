"""The SIPAS questionnaires and index (pure: no database)."""
import datetime as dt
from fractions import Fraction

import pytest

from smartcity.onestop import sipas

# satisfaction answers of five respondents, element by element (None = not answered)
SCALES = [
    {1: 5, 2: 4, 3: 3, 4: 2, 5: None},
    {1: 4, 2: 4, 3: 5, 4: 5, 5: 1},
    {1: 2, 2: 3, 3: 4, 4: 5, 5: 4},
    {1: 1, 2: 5, 3: 5, 4: 4, 5: None},
    {1: 3, 2: 2, 3: 4, 4: 4, 5: 5},
]


def respondent(scale: dict, **extra) -> dict:
    answers = {f"e{n}_satisfaction": v for n, v in scale.items() if v is not None}
    answers.update(extra)
    return answers


def test_index_per_element_is_the_share_of_satisfied_and_very_satisfied():
    responses = [respondent(s) for s in SCALES]
    result = sipas.index(responses, "sipas-2024.1")
    for n in range(1, 6):
        given = [s[n] for s in SCALES if s[n] is not None]
        good = [v for v in given if v >= 4]
        element = result["elements"][n]
        assert (element["answered"], element["satisfied"]) == (len(given), len(good))
        assert element["share"] == pytest.approx(len(good) / len(given))
    # element 5 was skipped by two respondents: its denominator is the three who answered
    assert result["elements"][5]["answered"] == 3
    assert result["elements"][1]["distribution"] == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    # overall: pooled over every satisfaction answer, and the mean of the element shares beside it
    all_given = [v for s in SCALES for v in s.values() if v is not None]
    assert result["overall"]["share"] == pytest.approx(sum(1 for v in all_given if v >= 4) / len(all_given))
    shares = [Fraction(sum(1 for s in SCALES if s[n] and s[n] >= 4), sum(1 for s in SCALES if s[n])) for n in range(1, 6)]
    assert result["overall"]["mean_of_elements"] == pytest.approx(float(sum(shares) / 5))
    assert result["responses"] == 5


def test_index_tallies_expectations_and_facts():
    responses = [
        respondent(SCALES[0], e1_expect=["online", "queue"], e1_trips=1, e3_extra_money="no"),
        respondent(SCALES[1], e1_expect=["online"], e2_expect=["fewer_documents"], e1_trips=3, e3_extra_money="yes"),
        respondent(SCALES[2], e1_trips=2, e3_extra_money="no"),
    ]
    result = sipas.index(responses, "sipas-2024.1")
    assert result["expectations"][1]["online"] == 2 and result["expectations"][1]["queue"] == 1
    assert result["expectations"][1]["hours"] == 0 and result["expectations"][2]["fewer_documents"] == 1
    assert result["facts"]["e1_trips"]["mean"] == pytest.approx((1 + 3 + 2) / 3)
    assert result["facts"]["e3_extra_money"]["tally"] == {"yes": 1, "no": 2}


def test_empty_list_has_no_index_rather_than_zero():
    result = sipas.index([], "sipas-2024.1")
    assert result["overall"]["share"] is None and all(e["share"] is None for e in result["elements"].values())
    assert not sipas.below_target(None)


def test_each_version_is_computed_by_its_own_function():
    assert set(sipas.QUESTIONNAIRES) == {"sipas-2017.1", "sipas-2024.1"}
    assert set(sipas.INDEX_FUNCTIONS) == set(sipas.QUESTIONNAIRES)
    # the same raw value means different things: 3 is "neither" on five points, "satisfied" on three
    answers = [{f"e{n}_satisfaction": 3 for n in range(1, 6)}]
    assert sipas.index(answers, "sipas-2024.1")["overall"]["share"] == 0
    assert sipas.index(answers, "sipas-2017.1")["overall"]["share"] == 1
    # a response tagged with another version is refused rather than miscomputed
    with pytest.raises(ValueError):
        sipas.index([{"questionnaire": "sipas-2017.1", "answers": answers[0]}], "sipas-2024.1")
    with pytest.raises(KeyError):
        sipas.index(answers, "sipas-1999.1")


def test_mixed_versions_pool_counts_each_judged_by_its_version():
    old = [{"questionnaire": "sipas-2017.1", "answers": {"e1_satisfaction": v}} for v in (3, 3, 1)]  # 2 of 3 satisfied
    new = [{"questionnaire": "sipas-2024.1", "answers": {"e1_satisfaction": v}} for v in (5, 3)]  # 1 of 2 satisfied
    result = sipas.index_mixed(old + new)
    assert (result["elements"][1]["satisfied"], result["elements"][1]["answered"]) == (3, 5)
    assert result["overall"]["share"] == pytest.approx(3 / 5)
    assert result["versions"] == ["sipas-2017.1", "sipas-2024.1"]


def test_version_in_force_by_date():
    assert sipas.version_on(dt.date(2020, 5, 1)) == "sipas-2017.1"
    assert sipas.version_on(dt.date(2026, 3, 1)) == sipas.CURRENT == "sipas-2024.1"


def test_every_element_has_facts_satisfaction_and_expectation_in_both_languages():
    qn = sipas.QUESTIONNAIRES["sipas-2024.1"]
    assert [o.value for o in qn.scale] == [1, 2, 3, 4, 5] and qn.satisfied == {4, 5}
    for n in range(1, 6):
        roles = [q.role for q in qn.element_questions(n)]
        assert roles.count("satisfaction") == 1 and roles.count("expectation") == 1 and roles.count("fact") >= 2
    for q in qn.questions:
        assert q.vi and q.en and q.vi != q.en
    keys = {q.key for q in qn.questions}
    # the facts the brief names: trips, extra money, appointment kept, apology when late, extra documents
    assert {"e1_trips", "e3_extra_money", "e4_on_time", "e4_apology", "e2_extra_documents"} <= keys


def test_validation_coerces_and_reports_every_problem():
    clean, problems = sipas.validate("sipas-2024.1", {
        "e1_trips": "02", "e1_satisfaction": "4", "e2_satisfaction": 9, "e3_extra_money": "maybe",
        "e1_expect": ["online", "hours", "signs", "queue"], "e9_colour": "blue", "e4_on_time": "late"})
    assert clean["e1_trips"] == 2 and clean["e1_satisfaction"] == 4 and clean["e4_on_time"] == "late"
    codes = {key: code for code, key in problems}
    assert codes["e2_satisfaction"] == "invalid_choice"
    assert codes["e3_extra_money"] == "invalid_choice"
    assert codes["e1_expect"] == "too_many_choices"
    assert codes["e9_colour"] == "unknown_question"
    assert codes["e3_satisfaction"] == "required"
    assert "e5_satisfaction" not in codes  # optional: not everyone has given feedback
    _, problems = sipas.validate("sipas-2024.1", {"e1_trips": "many"})
    assert ("not_a_number", "e1_trips") in problems
    _, problems = sipas.validate("sipas-2024.1", {"e1_trips": 45})
    assert ("out_of_range", "e1_trips") in problems

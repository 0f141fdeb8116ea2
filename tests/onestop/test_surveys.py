"""SIPAS surveys: recording answers, the index by unit, procedure and month, the API and the CLI."""
import io
import json

import pytest
from django.core.management import call_command

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db

FULL = {  # one complete answer sheet of questionnaire sipas-2024.1, written out by hand
    "e1_trips": 1, "e1_info_source": "board", "e1_facilities": "yes", "e1_satisfaction": 5,
    "e2_posted": "yes", "e2_extra_documents": "no", "e2_fees_as_posted": "yes", "e2_satisfaction": 4,
    "e3_courteous": "yes", "e3_guidance": "yes", "e3_extra_money": "no", "e3_satisfaction": 5,
    "e4_on_time": "on_time", "e4_apology": "not_late", "e4_correct": "yes", "e4_satisfaction": 4,
    "e5_channels_posted": "yes", "e5_gave_feedback": "no", "e5_handled": "not_applicable", "e5_satisfaction": 4,
}


def sheet(scores, **extra):
    """FULL with the five satisfaction answers replaced (None leaves the question out)."""
    answers = dict(FULL)
    for n, v in zip(range(1, 6), scores):
        if v is None:
            answers.pop(f"e{n}_satisfaction")
        else:
            answers[f"e{n}_satisfaction"] = v
    answers.update(extra)
    return answers


def invitation_for(version, **kw):
    from smartcity.onestop.services.surveys import create_invitation

    kw.setdefault("status", "returned")
    return create_invitation(make_dossier(version, **kw))


def test_invitation_is_idempotent_and_its_url_absolute(procedures, settings):
    from smartcity.onestop.services.surveys import create_invitation, survey_url

    settings.SMARTCITY_BASE_URL = "https://motcua.binhduong.gov.vn"
    dossier = make_dossier(procedures["house"], status="returned")
    first, again = create_invitation(dossier), create_invitation(dossier)
    assert first.pk == again.pk and len(first.token) >= 24
    assert survey_url(first) == f"https://motcua.binhduong.gov.vn/onestop/khao-sat/{first.token}/"


def test_record_response_stores_raw_answers_with_version_unit_and_procedure(procedures):
    from smartcity.onestop.services.surveys import record_response

    inv = invitation_for(procedures["business"])
    at = local(2026, 3, 10, 9, 30)
    answers = dict(FULL, e1_satisfaction="3", e1_trips="2", e1_expect=["queue", "online"])
    response = record_response(inv, answers, channel="link", comment="  Cán bộ nhiệt tình. ", at=at)
    response.refresh_from_db()
    inv.refresh_from_db()
    assert response.questionnaire == "sipas-2024.1" and response.channel == "link"
    assert response.answers["e1_satisfaction"] == 3 and response.answers["e1_trips"] == 2
    assert response.answers["e1_expect"] == ["online", "queue"]  # questionnaire order
    assert response.unit.code == "DPI" and response.procedure.code == "2.000575"
    assert response.comment == "Cán bộ nhiệt tình." and inv.answered_at == at


def test_record_response_refuses_invalid_answers_with_codes(procedures):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import SurveyResponse
    from smartcity.onestop.services.surveys import record_response

    inv = invitation_for(procedures["house"])
    missing = dict(FULL)
    del missing["e3_satisfaction"]
    with pytest.raises(OneStopError) as err:
        record_response(inv, missing, channel="link")
    assert (err.value.code, err.value.field) == ("required", "e3_satisfaction")
    with pytest.raises(OneStopError) as err:
        record_response(inv, dict(FULL, e2_satisfaction=6, e4_on_time="sometimes"), channel="link")
    assert {e["field"]: e["code"] for e in err.value.errors} == {"e2_satisfaction": "invalid_choice", "e4_on_time": "invalid_choice"}
    with pytest.raises(OneStopError) as err:
        record_response(inv, FULL, channel="carrier-pigeon")
    assert err.value.code == "invalid_channel"
    assert not SurveyResponse.objects.exists()


def test_one_response_per_invitation(procedures):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import SurveyResponse
    from smartcity.onestop.services.surveys import record_response

    inv = invitation_for(procedures["house"])
    record_response(inv, FULL, channel="kiosk")
    with pytest.raises(OneStopError) as err:
        record_response(inv, sheet([1, 1, 1, 1, 1]), channel="link")
    assert err.value.code == "already_answered"
    assert SurveyResponse.objects.get().answers["e1_satisfaction"] == 5


@pytest.fixture
def answered(procedures):
    """Three answers under sipas-2024.1 and one under the older sipas-2017.1, across two units
    and two months; returns the satisfaction scores used, for the expected values."""
    from smartcity.onestop.models import SurveyResponse
    from smartcity.onestop.services.surveys import record_response

    data = {
        "house_march_a": (procedures["house"], local(2026, 3, 5, 10), [5, 4, 4, 5, None]),
        "house_march_b": (procedures["house"], local(2026, 3, 20, 15), [4, 3, 5, 4, 4]),
        "business_april": (procedures["business"], local(2026, 4, 2, 8, 45), [2, 3, 4, 2, 1]),
    }
    for version, at, scores in data.values():
        record_response(invitation_for(version), sheet(scores), channel="link", at=at)
    # an answer given under the older questionnaire (three-point scale: 3 = satisfied)
    old = invitation_for(procedures["house"])
    SurveyResponse.objects.create(invitation=old, questionnaire="sipas-2017.1", channel="kiosk", submitted_at=local(2026, 3, 28, 16),
                                  unit=old.dossier.owner, procedure=old.dossier.procedure,
                                  answers={"e1_trips": 2, "e1_satisfaction": 3, "e2_extra_documents": "no", "e2_satisfaction": 2,
                                           "e3_extra_money": "no", "e3_satisfaction": 3, "e4_on_time": "yes", "e4_satisfaction": 3})
    return data


def _count(scores_lists, good):
    given = [v for scores in scores_lists for v in scores if v is not None]
    return sum(1 for v in given if v in good), len(given)


def test_index_by_unit_pools_versions_each_by_its_own_rule(answered):
    from smartcity.onestop.services.surveys import index_by

    rows = {r["key"]: r for r in index_by("unit")}
    assert set(rows) == {"DOC", "DPI"}
    new_ok, new_n = _count([answered["house_march_a"][2], answered["house_march_b"][2]], {4, 5})
    old_ok, old_n = _count([[3, 2, 3, 3]], {3})  # the 2017 sheet: 3 of 4 satisfied
    assert (rows["DOC"]["satisfied"], rows["DOC"]["answered"]) == (new_ok + old_ok, new_n + old_n)
    assert rows["DOC"]["share"] == pytest.approx((new_ok + old_ok) / (new_n + old_n))
    assert rows["DOC"]["versions"] == ["sipas-2017.1", "sipas-2024.1"] and rows["DOC"]["responses"] == 3
    dpi_ok, dpi_n = _count([answered["business_april"][2]], {4, 5})
    assert rows["DPI"]["share"] == pytest.approx(dpi_ok / dpi_n)
    assert rows["DPI"]["below_target"] and not rows["DOC"]["below_target"]
    # element 1 of DOC: 5, 4 (new, satisfied) and 3 (old, satisfied)
    assert rows["DOC"]["elements"][1] == pytest.approx(1.0)
    # element 2 of DOC: 4 yes, 3 no (five points), 2 no (three points)
    assert rows["DOC"]["elements"][2] == pytest.approx(1 / 3)


def test_index_by_month_and_procedure_and_period(answered):
    from smartcity.onestop.services.surveys import index_by, index_total

    months = index_by("month")
    assert [m["key"] for m in months] == ["2026-03", "2026-04"]
    assert [m["responses"] for m in months] == [3, 1]
    procedures = {r["key"]: r["responses"] for r in index_by("procedure")}
    assert procedures == {"1.009972": 3, "2.000575": 1}
    import datetime as dt

    march = index_total(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert march["responses"] == 3
    # the period is in local days: 2 April 08:45 in Ho Chi Minh City is 1 April 01:45 UTC
    assert index_total(dt.date(2026, 4, 2), dt.date(2026, 4, 2))["responses"] == 1
    assert index_total(dt.date(2026, 4, 1), dt.date(2026, 4, 1))["responses"] == 0
    doc_only = index_by("month", unit=answered["business_april"][0].receiving_unit)
    assert [m["key"] for m in doc_only] == ["2026-04"]


def test_index_total_overall_and_expectations(procedures):
    from smartcity.onestop.services.surveys import index_total, record_response

    record_response(invitation_for(procedures["house"]), sheet([5, 5, 5, 5, 5], e1_expect=["online", "hours"]), channel="link")
    record_response(invitation_for(procedures["house"]), sheet([1, 2, 3, 4, None], e1_expect=["online"]), channel="kiosk")
    total = index_total()
    ok, n = _count([[5, 5, 5, 5, 5], [1, 2, 3, 4]], {4, 5})
    assert (total["overall"]["satisfied"], total["overall"]["answered"]) == (ok, n) == (6, 9)
    assert total["overall"]["share"] == pytest.approx(6 / 9) and total["below_target"]
    assert total["expectations"][1]["online"] == 2 and total["expectations"][1]["hours"] == 1
    assert total["versions"] == ["sipas-2024.1"]


# -- API -----------------------------------------------------------------------------------------
def test_api_satisfaction(api, answered):
    body = api.get("/api/onestop/satisfaction?group=unit").json()
    assert {r["key"] for r in body["rows"]} == {"DOC", "DPI"}
    assert body["target"] == 0.8 and body["total"]["responses"] == 4
    months = api.get("/api/onestop/satisfaction?group=month&start=2026-04-01&end=2026-04-30").json()
    assert [r["key"] for r in months["rows"]] == ["2026-04"]
    bad = api.get("/api/onestop/satisfaction?group=district")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_group"
    assert api.get("/api/onestop/satisfaction?start=01/03/2026").json()["code"] == "invalid_date"


def test_api_answers_a_survey_once(api, procedures):
    inv = invitation_for(procedures["house"])
    url = f"/api/onestop/surveys/{inv.token}/"
    info = api.get(url).json()
    assert info["answered"] is False and info["questionnaire"]["version"] == "sipas-2024.1"
    assert len([q for q in info["questionnaire"]["questions"] if q["role"] == "satisfaction"]) == 5
    bad = api.post(url, {"answers": dict(FULL, e1_trips=-1)}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "out_of_range"
    assert bad.json()["errors"][0]["field"] == "e1_trips"
    missing = api.post(url, {"answers": {}}, format="json").json()
    assert missing["code"] == "required" and len(missing["errors"]) == 19  # every required question
    ok = api.post(url, {"answers": FULL, "comment": "Nhanh gọn"}, format="json")
    assert ok.status_code == 201 and ok.json()["questionnaire"] == "sipas-2024.1"
    again = api.post(url, {"answers": FULL}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    assert api.get(url).json()["answered"] is True
    assert api.post("/api/onestop/surveys/khong-co-ma-nay/", {"answers": FULL}, format="json").status_code == 404


# -- CLI -----------------------------------------------------------------------------------------
def test_cli_sipas(answered):
    out = io.StringIO()
    call_command("onestop", "sipas", "--json", stdout=out)
    total = json.loads(out.getvalue())
    assert total["responses"] == 4 and set(total["elements"]) == {"1", "2", "3", "4", "5"}
    out = io.StringIO()
    call_command("onestop", "sipas", "--by", "unit", "--from", "2026-04-01", "--to", "2026-04-30", stdout=out)
    text = out.getvalue()
    dpi_ok, dpi_n = _count([answered["business_april"][2]], {4, 5})
    assert "DPI" in text and "DOC" not in text and f"{dpi_ok / dpi_n * 100:.1f} %" in text and "▼" in text
    out = io.StringIO()
    call_command("onestop", "sipas", stdout=out)
    assert "Tiếp cận dịch vụ" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("onestop", "sipas", "--from", "2026-13-01", stdout=io.StringIO())

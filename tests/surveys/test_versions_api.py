"""Questionnaire versions through the API and the pages: a published version is frozen, an
edit makes a new draft copied from it; the owner organisation edits, another gets 403 in the
project's error shape; results and answers are staff-only."""
from tests.surveys.conftest import DEFINITION


def _error_shape(body, status, code):
    assert set(body) >= {"status", "code", "detail", "errors"} and body["status"] == status and body["code"] == code


def test_versioning_through_the_api(api, dpi_user):
    api.force_authenticate(dpi_user)
    r = api.post("/api/surveys/questionnaires/", {"code": "dpi-thu-2026", "title_vi": "Khảo sát thử nghiệm", "definition": DEFINITION},
                 format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["owner"] == "DPI" and body["versions"] == [{"id": body["versions"][0]["id"], "number": 1, "state": "draft", "published_at": None}]
    v1 = body["versions"][0]["id"]
    edited = {"sections": [dict(DEFINITION["sections"][0], questions=DEFINITION["sections"][0]["questions"][:1])]}
    assert api.patch(f"/api/surveys/versions/{v1}/", {"definition": edited}, format="json").status_code == 200
    assert api.post(f"/api/surveys/versions/{v1}/publish/").json()["state"] == "published"
    # frozen: no change, a clear code
    r = api.patch(f"/api/surveys/versions/{v1}/", {"definition": DEFINITION}, format="json")
    _error_shape(r.json(), 409, "version_frozen")
    # a new draft copies the latest published version; asking again returns the same draft
    draft = api.post(f"/api/surveys/questionnaires/{body['id']}/draft/").json()
    assert draft["number"] == 2 and draft["state"] == "draft" and draft["definition"] == edited
    assert api.post(f"/api/surveys/questionnaires/{body['id']}/draft/").json()["id"] == draft["id"]
    assert api.patch(f"/api/surveys/versions/{draft['id']}/", {"definition": DEFINITION}, format="json").status_code == 200
    from smartcity.surveys.models import QuestionnaireVersion

    assert QuestionnaireVersion.objects.get(pk=v1).definition == edited  # version 1 unchanged
    campaign = {"title_vi": "Khảo sát thử 2026", "opens_at": "2026-01-05T08:00:00+07:00", "closes_at": "2099-01-31T17:00:00+07:00"}
    r = api.post("/api/surveys/campaigns/", {**campaign, "version": draft["id"]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "version" and r.json()["errors"][0]["code"] == "not_published"
    r = api.post("/api/surveys/campaigns/", {**campaign, "version": v1}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DPI" and r.json()["rate"]["invited"] == 0
    assert QuestionnaireVersion.objects.get(pk=v1).history.count() >= 3  # every change in history


def test_invalid_definition_lists_each_problem(api, dpi_user):
    api.force_authenticate(dpi_user)
    bad = {"sections": [{"key": "s", "questions": [{"key": "a", "kind": "single", "text_vi": "x", "options": []}]}]}
    r = api.post("/api/surveys/questionnaires/", {"code": "xau", "title_vi": "Xấu", "definition": bad}, format="json")
    _error_shape(r.json(), 400, "definition_invalid")
    assert r.json()["errors"][0] == {"field": "a", "code": "options_invalid", "message": r.json()["errors"][0]["message"]}
    from smartcity.surveys.models import Questionnaire

    assert not Questionnaire.objects.filter(code="xau").exists()


def test_other_organisation_gets_403(api, dost_user, make_campaign, enterprises):
    campaign = make_campaign()
    version = campaign.version
    api.force_authenticate(dost_user)
    r = api.patch(f"/api/surveys/questionnaires/{version.questionnaire_id}/", {"title_vi": "Đổi tên"}, format="json")
    _error_shape(r.json(), 403, "permission_denied")
    r = api.post(f"/api/surveys/questionnaires/{version.questionnaire_id}/draft/")
    assert r.status_code == 403
    for url in (f"/api/surveys/campaigns/{campaign.pk}/", f"/api/surveys/campaigns/{campaign.pk}/results/",
                f"/api/surveys/campaigns/{campaign.pk}/crosstab/?question=outlook&by=size"):
        r = api.get(url)
        _error_shape(r.json(), 403, "permission_denied")
    r = api.post(f"/api/surveys/campaigns/{campaign.pk}/recipients/", {}, format="json")
    assert r.status_code == 403
    data = api.get(f"/api/surveys/responses/?campaign={campaign.pk}").json()
    assert (data["results"] if isinstance(data, dict) else data) == []  # another organisation's answers are not listed
    # published questionnaires are public
    assert api.get(f"/api/surveys/questionnaires/{version.questionnaire_id}/").status_code == 200
    api.force_authenticate(None)
    _error_shape(api.get(f"/api/surveys/campaigns/{campaign.pk}/results/").json(), 401, "not_authenticated")


def test_pages_edit_a_draft_and_refuse_others(client_as, dpi_user, dost_user, make_campaign):
    campaign = make_campaign()
    q = campaign.version.questionnaire
    c = client_as(dpi_user)
    page = c.get(f"/surveys/q/{q.pk}/")
    assert page.status_code == 200 and "Thông tin chung" in page.content.decode()
    assert c.post(f"/surveys/q/{q.pk}/draft/").status_code == 302
    r = c.post(f"/surveys/q/{q.pk}/v/2/question/", {
        "section": "chung", "key": "capital", "kind": "single", "text_vi": "Nhu cầu vay vốn?", "text_en": "Need a loan?",
        "required": "on", "options": "yes | Có | Yes\nno | Không | No", "scale_min": 1, "scale_max": 5})
    assert r.status_code == 302, r.content.decode()[:2000]
    v2 = q.versions.get(number=2)
    assert v2.definition["sections"][0]["questions"][-1]["options"][1] == {"value": "no", "vi": "Không", "en": "No"}
    assert c.post(f"/surveys/q/{q.pk}/v/2/publish/").status_code == 302
    v2.refresh_from_db()
    assert v2.state == "published"
    # the published version 1 is frozen: the editor of a question redirects without change
    before = q.versions.get(number=1).definition
    c.post(f"/surveys/q/{q.pk}/v/1/question/outlook/", {"delete": "1"})
    assert q.versions.get(number=1).definition == before
    other = client_as(dost_user)
    assert other.post(f"/surveys/q/{q.pk}/draft/").status_code == 403
    assert other.get(f"/surveys/c/{campaign.pk}/results/").status_code == 403
    assert other.get(f"/surveys/c/{campaign.pk}/").status_code == 403

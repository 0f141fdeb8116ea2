"""The assessment workflow and who may do each step: the school's staff fill and submit their
own school only; the Department of Education and Training evaluates and decides; editors of
other departments get 403 with the project's error shape; every change is in history."""
import pytest
from django.core.exceptions import PermissionDenied

from smartcity.schools import services
from smartcity.schools.models import Assessment, CriterionScore, State


def _filled(programme, entries, pdf_upload):
    a = services.open_assessment(programme["school"], programme["year"], programme["teacher"])
    services.save_self(a, programme["teacher"], entries)
    services.add_evidence(a, programme["criteria"][0].pk, programme["teacher"], pdf_upload())
    return a


def test_whole_workflow_through_the_services(programme, full_entries, pdf_upload):
    teacher, doet = programme["teacher"], programme["doet"]
    a = _filled(programme, full_entries, pdf_upload)
    assert a.state == State.DRAFT and a.scores.count() == 4 and a.self_total == pytest.approx(91.67, abs=0.01)
    services.submit(a, teacher)
    assert a.state == State.SUBMITTED and a.submitted_by == teacher
    with pytest.raises(services.WorkflowError) as err:
        services.save_self(a, teacher, full_entries)
    assert err.value.code == "not_draft"
    c = programme["criteria"]
    services.evaluate(a, doet, {**full_entries, c[2].pk: (2.0, "Chưa có lớp tích hợp Toán bằng tiếng Anh")}, finish=True)
    assert a.state == State.EVALUATED and a.dept_total == pytest.approx(83.33, abs=0.01)
    services.decide(a, doet)  # as the rule says: 83.3 >= 80, every area >= 60, the plan approved
    a.refresh_from_db()
    assert a.state == State.RECOGNISED and a.published and a.decided_by == doet
    assert [e.action for e in a.events.all()] == ["created", "saved", "evidence", "submitted", "evaluated", "decided"]
    # every value change is in the history tables
    assert CriterionScore.history.filter(assessment_id=a.pk, criterion_id=c[2].pk).count() == 3  # created, self, department
    assert Assessment.history.filter(id=a.pk, state="recognised").exists()


def test_submission_needs_every_value_and_the_required_evidence(programme, full_entries, pdf_upload):
    teacher = programme["teacher"]
    a = services.open_assessment(programme["school"], programme["year"], teacher)
    first = list(full_entries.items())[:2]
    services.save_self(a, teacher, dict(first))
    with pytest.raises(services.WorkflowError) as err:
        services.submit(a, teacher)
    assert err.value.code == "incomplete"
    services.save_self(a, teacher, full_entries)
    with pytest.raises(services.WorkflowError) as err:
        services.submit(a, teacher)
    assert err.value.code == "evidence_missing" and "1.1" in str(err.value)


def test_decision_against_the_rule_needs_a_note(programme, full_entries, pdf_upload):
    a = _filled(programme, full_entries, pdf_upload)
    services.submit(a, programme["teacher"])
    c = programme["criteria"]
    services.evaluate(a, programme["doet"], {**full_entries, c[0].pk: (0.0, "Kế hoạch chưa được phê duyệt")}, finish=True)
    with pytest.raises(services.WorkflowError) as err:
        services.decide(a, programme["doet"], recognised=True)
    assert err.value.code == "note_required"
    services.decide(a, programme["doet"])
    assert a.state == State.NOT_YET


def test_who_may_do_what(programme, full_entries, pdf_upload):
    teacher, doet, dpi = programme["teacher"], programme["doet"], programme["dpi"]
    # the school user may not open or fill another school's assessment
    with pytest.raises(PermissionDenied):
        services.open_assessment(programme["other_school"], programme["year"], teacher)
    other = services.open_assessment(programme["other_school"], programme["year"], doet)
    with pytest.raises(PermissionDenied):
        services.save_self(other, teacher, full_entries)
    # the department does not write the school's self-assessment, nor does another department
    a = _filled(programme, full_entries, pdf_upload)
    for user in (doet, dpi):
        with pytest.raises(PermissionDenied):
            services.save_self(a, user, full_entries)
    services.submit(a, teacher)
    # the school does not evaluate itself; other departments do not evaluate
    for user in (teacher, dpi):
        with pytest.raises(PermissionDenied):
            services.evaluate(a, user, full_entries)
    assert services.visible_assessments(dpi).filter(pk=a.pk).count() == 0  # not decided yet: not public
    assert services.visible_assessments(teacher).filter(pk=a.pk).count() == 1
    assert services.visible_assessments(teacher).filter(pk=other.pk).count() == 0


def _api_open(api, programme):
    api.force_authenticate(programme["teacher"])
    r = api.post("/api/schools/assessments/", {"school": "th-phu-hoa-1", "school_year": programme["year"]}, format="json")
    assert r.status_code == 201, r.content
    return r.json()["id"]


def test_api_workflow_and_error_shapes(api, programme, full_entries, pdf_upload):
    aid = _api_open(api, programme)
    body = {"scores": [{"criterion": k, "value": v, "comment": c} for k, (v, c) in full_entries.items()]}
    # another department: 403 with the project's error shape
    api.force_authenticate(programme["dpi"])
    r = api.post(f"/api/schools/assessments/{aid}/self/", body, format="json")
    assert r.status_code in (403, 404)
    api.force_authenticate(programme["teacher"])
    bad = {"scores": [{"criterion": programme["criteria"][2].pk, "value": 5}]}
    r = api.post(f"/api/schools/assessments/{aid}/self/", bad, format="json")
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    assert r.json()["errors"][0]["code"] == "not_level"
    r = api.post(f"/api/schools/assessments/{aid}/self/", {**body, "submit": True}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "evidence_missing"
    r = api.post(f"/api/schools/assessments/{aid}/evidence/", {"criterion": programme["criteria"][0].pk, "file": pdf_upload()},
                 format="multipart")
    assert r.status_code == 201 and len(r.json()["evidence"]) == 1
    r = api.post(f"/api/schools/assessments/{aid}/submit/", format="json")
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    # the school cannot evaluate itself
    r = api.post(f"/api/schools/assessments/{aid}/evaluate/", body, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["errors"] == []
    # the Planning and Investment department sees nothing of a submission and may not evaluate it
    api.force_authenticate(programme["dpi"])
    assert api.get(f"/api/schools/assessments/{aid}/").status_code == 404
    r = api.post(f"/api/schools/assessments/{aid}/decide/", {}, format="json")
    assert r.status_code == 404 and set(r.json()) == {"status", "code", "detail", "errors"}
    api.force_authenticate(programme["doet"])
    r = api.post(f"/api/schools/assessments/{aid}/decide/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "not_evaluated"
    r = api.post(f"/api/schools/assessments/{aid}/evaluate/", {**body, "finish": True}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "evaluated" and r.json()["dept_total"] == pytest.approx(91.67, abs=0.01)
    r = api.post(f"/api/schools/assessments/{aid}/decide/", {"recognised": None}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "recognised"
    # public now, still not theirs: another department is refused with the error shape
    api.force_authenticate(programme["dpi"])
    r = api.post(f"/api/schools/assessments/{aid}/decide/", {"recognised": False, "note": "x"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["status"] == 403
    api.force_authenticate(None)
    r = api.get("/api/schools/assessments/", {"school_year": programme["year"]})
    assert [row["school"] for row in r.json()["results"]] == ["th-phu-hoa-1"]  # decided: public now
    r = api.get("/api/schools/progress/th-phu-hoa-1/")
    assert r.json()["years"][0]["total"] == pytest.approx(91.67, abs=0.01)


def test_api_other_department_may_not_write_schools(api, programme):
    api.force_authenticate(programme["dpi"])
    r = api.patch("/api/schools/schools/th-phu-hoa-1/", {"pupils": 2200}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/schools/schools/", {"code": "th-moi", "name_vi": "Trường Tiểu học Mới", "owner": "DOET"}, format="json")
    assert r.status_code == 403
    api.force_authenticate(programme["doet"])
    r = api.patch("/api/schools/schools/th-phu-hoa-1/", {"pupils": 2200}, format="json")
    assert r.status_code == 200 and r.json()["pupils"] == 2200
    r = api.patch("/api/schools/schools/th-phu-hoa-1/", {"latitude": 12.5, "longitude": 106.6}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "latitude"
    r = api.get("/api/schools/schools/", {"district": "718"})
    assert {s["code"] for s in r.json()["results"]} == {"th-phu-hoa-1", "th-dinh-hoa"}

"""Reporting API: signed-in reads, the lead unit writes its reports (403 for another unit's,
400 with reasons), the Office reviews, unit plans, escalations and their steps."""
import pytest

from smartcity.programme.models import Escalation, ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {"dot": make_user("dot.editor", "DOT"), "donre": make_user("donre.editor", "DONRE"),
            "office": make_user("vp.manager", "VPTPTM", role="manager"), "bcd": make_user("bcd.editor", "BCD")}


def as_user(api, user):
    api.force_authenticate(user)
    return api


def body(items, number="II.4.1", period="2018-05", **extra):
    return {"item": items[number].pk, "period": period, "progress": 35, "narrative": "Hoàn thành khảo sát 12 tuyến xe buýt.",
            "figures": [{"label": "Tuyến đã khảo sát", "value": 12, "unit": "tuyến"}], **extra}


def test_reads_need_sign_in(api, small_plan):
    assert api.get("/api/programme/reports/").status_code in (401, 403)
    assert api.get("/api/programme/escalations/").status_code in (401, 403)


def test_report_lifecycle(api, small_plan, people):
    plan, items, _ = small_plan
    r = as_user(api, people["dot"]).post("/api/programme/reports/", body(items), format="json")
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert r.json()["status"] == "draft" and r.json()["due_date"] == "2018-06-05" and r.json()["owner"] == "DOT"
    r = api.patch(f"/api/programme/reports/{rid}/", {"progress": 40}, format="json")
    assert r.status_code == 200 and r.json()["progress"] == 40
    assert api.post(f"/api/programme/reports/{rid}/review/", {"accept": True}, format="json").status_code == 403
    assert api.post(f"/api/programme/reports/{rid}/submit/").json()["status"] == "submitted"
    r = api.post(f"/api/programme/reports/{rid}/submit/")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "not_draft"
    office = as_user(api, people["office"])
    r = office.post(f"/api/programme/reports/{rid}/review/", {"accept": False}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "comment_required"
    r = office.post(f"/api/programme/reports/{rid}/review/", {"accept": True, "comment": "Đạt"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    items["II.4.1"].refresh_from_db()
    assert items["II.4.1"].progress == 40
    rows = office.get(f"/api/programme/reports/expected/?plan={plan.code}&as_of=2018-06-10&unit=DOT").json()
    assert {(x["item_number"], x["period"], x["state"]) for x in rows["results"]} >= {("II.4.1", "2018-05", "accepted"), ("II.4.2", "2018-04", "missing")}
    over = office.get(f"/api/programme/reports/overdue/?plan={plan.code}&as_of=2018-06-10").json()
    assert all(x["overdue"] for x in over["results"]) and ("II.4.1", "2018-05") not in {(x["item_number"], x["period"]) for x in over["results"]}


def test_another_units_item_is_403_and_bad_input_400(api, small_plan, people):
    plan, items, _ = small_plan
    dot = as_user(api, people["dot"])
    r = dot.post("/api/programme/reports/", body(items, "II.9.1"), format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = dot.post("/api/programme/reports/", body(items, period="2018-Q2"), format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "period"
    r = dot.post("/api/programme/reports/", body(items, progress=120), format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "progress"
    assert not ProgressReport.objects.exists()
    r = as_user(api, people["donre"]).post("/api/programme/reports/", body(items, "II.9.1"), format="json")
    rid = r.json()["id"]
    assert as_user(api, people["dot"]).patch(f"/api/programme/reports/{rid}/", {"progress": 99}, format="json").status_code == 403


def test_unit_plans(api, small_plan, people):
    plan, items, _ = small_plan
    up = plan.unit_plans.get(owner__code="DOT")
    lines = [{"item": items["II.4.1"].pk, "activity": "Lập lộ trình giao thông thông minh", "start_date": "2018-04-20",
              "end_date": "2018-12-31", "budget": 1_200_000_000, "funding_source": "Ngân sách tỉnh"}]
    assert as_user(api, people["donre"]).patch(f"/api/programme/unit-plans/{up.pk}/", {"lines": lines}, format="json").status_code == 403
    dot = as_user(api, people["dot"])
    r = dot.patch(f"/api/programme/unit-plans/{up.pk}/", {"lines": lines + [{"item": items["II.9.1"].pk, "activity": "x"}]}, format="json")
    assert r.status_code == 400  # not an item DOT leads or supports
    r = dot.patch(f"/api/programme/unit-plans/{up.pk}/", {"summary": "Kế hoạch năm 2018 của Sở GTVT", "lines": lines}, format="json")
    assert r.status_code == 200 and r.json()["budget_total"] == 1_200_000_000
    assert dot.post(f"/api/programme/unit-plans/{up.pk}/submit/").json()["status"] == "submitted"
    assert dot.patch(f"/api/programme/unit-plans/{up.pk}/", {"summary": "đổi"}, format="json").status_code == 400
    r = as_user(api, people["office"]).post(f"/api/programme/unit-plans/{up.pk}/review/", {"accept": True}, format="json")
    assert r.json()["status"] == "accepted"
    states = {x["organisation"]: x for x in api.get(f"/api/programme/unit-plans/states/?plan={plan.code}&as_of=2099-01-01").json()["results"]}
    assert states["DOT"]["state"] == "accepted" and states["DONRE"]["overdue"] and states["DONRE"]["days_overdue"] > 29000


def test_escalation_steps(api, small_plan, people):
    plan, items, _ = small_plan
    new = {"item": items["II.4.2"].pk, "title": "Kinh phí tư vấn", "description": "Chưa có kinh phí thuê tư vấn.", "severity": "high"}
    assert as_user(api, people["donre"]).post("/api/programme/escalations/", new, format="json").status_code == 403
    r = as_user(api, people["dot"]).post("/api/programme/escalations/", new, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DOT"
    eid = r.json()["id"]
    assert api.post(f"/api/programme/escalations/{eid}/review/", {"review_text": "ok"}, format="json").status_code == 403
    r = as_user(api, people["bcd"]).post(f"/api/programme/escalations/{eid}/decide/", {"decision": "Đồng ý"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "not_forwarded"
    r = as_user(api, people["office"]).post(f"/api/programme/escalations/{eid}/review/", {"review_text": "Trình BCĐ"}, format="json")
    assert r.json()["status"] == "review"
    opened = api.get(f"/api/programme/escalations/open/?plan={plan.code}&as_of=2099-01-01").json()
    assert opened["count"] == 1 and opened["results"][0]["stage"] == "review"
    bcd = as_user(api, people["bcd"])
    r = bcd.post(f"/api/programme/escalations/{eid}/decide/", {"decision": "Đồng ý", "action_owner": "NOPE"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "action_owner"
    r = bcd.post(f"/api/programme/escalations/{eid}/decide/", {"decision": "Đồng ý bố trí kinh phí.", "action_owner": "DOT",
                                                               "action_due": "2018-08-31"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "decided" and r.json()["action_owner"] == "DOT"
    assert Escalation.objects.get(pk=eid).action_due.isoformat() == "2018-08-31"
    assert as_user(api, people["dot"]).post(f"/api/programme/escalations/{eid}/withdraw/").status_code == 400

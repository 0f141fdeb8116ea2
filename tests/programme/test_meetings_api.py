"""API of the working sessions (/api/programme/meetings/) and their decisions: reads open for
published sessions, writes for the convening body and the Office, 403 with a JSON body for
another unit, decisions that decide escalations."""
import datetime as dt

import pytest
from django.utils import timezone

from smartcity.core.models import Organisation
from smartcity.programme.models import Meeting, TimelineEntry
from smartcity.programme.services import escalations as esc_svc


@pytest.fixture
def users(make_user):
    return {"bdh": make_user("bdh.lan", "BDH"), "dot": make_user("dot.nam", "DOT"), "office": make_user("vp.huong", "VPTPTM"),
            "bcd": make_user("bcd.thang", "BCD")}


def _payload(items, **extra):
    body = {"body": "BDH", "title_vi": "Phiên họp Ban Điều hành quý II/2018", "title_en": "Executive Board session, Q2 2018",
            "starts_at": "2018-07-12T08:00:00+07:00", "ends_at": "2018-07-12T11:00:00+07:00", "status": "held",
            "chair": "Ông Mai Hùng Dũng", "minutes": "Sơ kết 6 tháng đầu năm.", "items": [items["II.4"].pk],
            "participants": [{"organisation": "DOT", "people": "Giám đốc Sở Giao thông vận tải", "attended": True},
                             {"organisation": "BECAMEXTOKYU", "people": "Tổng Giám đốc", "attended": False}]}
    body.update(extra)
    return body


def test_create_read_update_as_the_board(api, users, small_plan):
    _, items, _ = small_plan
    api.force_authenticate(users["bdh"])
    r = api.post("/api/programme/meetings/", _payload(items), format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["owner"] == "BDH" and data["body"] == "BDH" and data["items"] == [items["II.4"].pk]
    assert {p["organisation"] for p in data["participants"]} == {"DOT", "BECAMEXTOKYU"}
    pk = data["id"]
    r = api.patch(f"/api/programme/meetings/{pk}/", {"location": "Trung tâm Hành chính tập trung tỉnh",
                                                     "participants": [{"organisation": "DOT", "people": "Phó Giám đốc"}]}, format="json")
    assert r.status_code == 200
    m = Meeting.objects.get(pk=pk)
    assert m.location == "Trung tâm Hành chính tập trung tỉnh" and m.participants.get().people == "Phó Giám đốc"
    assert m.history.count() == 2
    api.force_authenticate(None)
    listing = api.get("/api/programme/meetings/?body=BDH&year=2018").json()
    assert [x["id"] for x in listing["results"]] == [pk]
    assert api.get("/api/programme/meetings/?year=2019").json()["results"] == []


def test_another_unit_gets_403_with_a_reason(api, users, small_plan):
    _, items, _ = small_plan
    api.force_authenticate(users["dot"])
    r = api.post("/api/programme/meetings/", _payload(items), format="json")
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied" and r.json()["detail"]
    bdh = Organisation.objects.get(code="BDH")
    m = Meeting.objects.create(owner=bdh, body=bdh, title_vi="Phiên họp Ban Điều hành", starts_at=timezone.now())
    r = api.patch(f"/api/programme/meetings/{m.pk}/", {"title_vi": "Đổi tên"}, format="json")
    assert r.status_code == 403 and "detail" in r.json()
    r = api.post(f"/api/programme/meetings/{m.pk}/decisions/", {"text_vi": "Kết luận của đơn vị khác"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    # a unit may hand nothing to a board either: its own session moved to BDH is refused
    dot = Organisation.objects.get(code="DOT")
    own = Meeting.objects.create(owner=dot, body=dot, title_vi="Họp giao ban Sở", starts_at=timezone.now())
    r = api.patch(f"/api/programme/meetings/{own.pk}/", {"body": "BDH"}, format="json")
    assert r.status_code == 403
    own.refresh_from_db()
    assert own.body == dot and own.owner == dot
    api.force_authenticate(None)
    assert api.post("/api/programme/meetings/", _payload(items), format="json").status_code in (401, 403)


def test_validation_errors_are_machine_readable(api, users, small_plan):
    _, items, _ = small_plan
    api.force_authenticate(users["bdh"])
    r = api.post("/api/programme/meetings/", _payload(items, ends_at="2018-07-11T08:00:00+07:00"), format="json")
    assert r.status_code == 400
    assert {"field": "ends_at", "code": "end_before_start"} in [{k: e[k] for k in ("field", "code")} for e in r.json()["errors"]]
    twice = [{"organisation": "DOT"}, {"organisation": "DOT"}]
    r = api.post("/api/programme/meetings/", _payload(items, participants=twice), format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "duplicate"


def test_nested_decisions_and_escalations(api, users, small_plan):
    _, items, _ = small_plan
    bcd = Organisation.objects.get(code="BCD")
    session = Meeting.objects.create(owner=bcd, body=bcd, title_vi="Ban Chỉ đạo tổng kết năm 2018",
                                     starts_at=timezone.make_aware(dt.datetime(2018, 12, 20, 14, 0)), status="held")
    esc = esc_svc.raise_escalation(items["II.4.2"], users["dot"], "Vướng cơ chế trợ giá xe buýt", "Chưa có cơ chế trợ giá.",
                                   proposal="Ban hành cơ chế trợ giá.", when=timezone.make_aware(dt.datetime(2018, 8, 1, 9)))
    esc_svc.office_review(esc, users["office"], "Trình Ban Chỉ đạo.", when=timezone.make_aware(dt.datetime(2018, 8, 10, 9)))
    url = f"/api/programme/meetings/{session.pk}/decisions/"
    # the Executive Board's editor cannot write the Committee's decisions
    api.force_authenticate(users["bdh"])
    assert api.post(url, {"text_vi": "Đồng ý"}, format="json").status_code == 403
    api.force_authenticate(users["bcd"])
    r = api.post(url, {"text_vi": "Đồng ý chủ trương trợ giá xe buýt.", "text_en": "Bus subsidy agreed.", "escalations": [esc.pk],
                       "items": [items["II.4.1"].pk], "responsible": "DOT", "due": "2019-03-31"}, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["number"] == 1 and set(d["item_numbers"]) == {"II.4.1", "II.4.2"} and d["escalations"] == [esc.pk]
    esc.refresh_from_db()
    assert esc.status == "decided" and esc.meeting_id == session.pk
    assert TimelineEntry.objects.filter(item=items["II.4.1"], source="decision", date=dt.date(2018, 12, 20)).exists()
    r = api.patch(f"{url}{d['id']}/", {"done": True}, format="json")
    assert r.status_code == 200 and r.json()["done"] is True and r.json()["escalations"] == [esc.pk]
    assert api.post(url, {"text_vi": ""}, format="json").status_code == 400
    detail = api.get(f"/api/programme/meetings/{session.pk}/").json()
    assert [x["number"] for x in detail["decisions"]] == [1]
    assert api.get(url).json()[0]["text_vi"].startswith("Đồng ý")
    assert api.delete(f"{url}{d['id']}/").status_code == 204
    assert not session.decisions.exists()

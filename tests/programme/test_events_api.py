"""API of international cooperation: /api/programme/events/, /memberships/, /milestones/ with
their filters, owner checks (403 with a JSON body for another unit) and validation (400 with
the field and the reason)."""
import datetime as dt

import pytest

from smartcity.programme.models import Event, EventParticipant, Membership, Milestone

D = dt.date


def org(code):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


@pytest.fixture
def users(make_user):
    return {"dofa": make_user("ngoaivu.lan", "DOFA"), "dot": make_user("gtvt.nam", "DOT"), "office": make_user("vptptm.hoa", "VPTPTM")}


@pytest.fixture
def horasis(small_plan):
    e = Event.objects.create(owner=org("DOFA"), code="horasis-asia-2018", kind="forum", status="held", title_vi="Diễn đàn Horasis 2018",
                             starts_on=D(2018, 11, 25), ends_on=D(2018, 11, 27), city="Thủ Dầu Một", country="VN")
    EventParticipant.objects.create(event=e, organisation=org("HORASIS"), role="co_organiser")
    return e


def errors_of(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def test_events_list_detail_and_filters(api, horasis):
    Event.objects.create(owner=org("DOFA"), code="wta-20-nam-2018", kind="anniversary", status="held", title_vi="Kỷ niệm 20 năm WTA",
                         starts_on=D(2018, 10, 10), ends_on=D(2018, 10, 12), country="VN")
    r = api.get("/api/programme/events/?year=2018")
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [x["code"] for x in rows] == ["wta-20-nam-2018", "horasis-asia-2018"]
    h = rows[1]
    assert h["participants"] == [{"organisation": "HORASIS", "role": "co_organiser", "people": ""}]
    assert h["helices"]["missing"] == ["business", "academia"] and h["url"] == "/programme/events/horasis-asia-2018/"
    assert [x["code"] for x in api.get("/api/programme/events/?organisation=horasis").json()["results"]] == ["horasis-asia-2018"]
    assert api.get("/api/programme/events/?kind=party").status_code == 400
    assert api.get("/api/programme/events/?year=hai-nghin").status_code == 400
    assert api.get("/api/programme/events/horasis-asia-2018/").json()["city"] == "Thủ Dầu Một"


def test_event_writes_need_the_owner_unit(api, users, horasis):
    assert api.patch("/api/programme/events/horasis-asia-2018/", {"attendance": 900}, format="json").status_code in (401, 403)
    api.force_authenticate(users["dot"])
    r = api.patch("/api/programme/events/horasis-asia-2018/", {"attendance": 900}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert api.delete("/api/programme/events/horasis-asia-2018/").status_code == 403
    # nor may DOT create an event for DOFA
    r = api.post("/api/programme/events/", {"code": "su-kien-gia", "kind": "forum", "title_vi": "Sự kiện", "starts_on": "2018-05-01",
                                            "owner": "DOFA"}, format="json")
    assert r.status_code == 403 and not Event.objects.filter(code="su-kien-gia").exists()
    assert Event.objects.get(pk=horasis.pk).attendance is None
    api.force_authenticate(users["office"])
    assert api.patch("/api/programme/events/horasis-asia-2018/", {"attendance": 900}, format="json").status_code == 200


def test_dofa_creates_an_event_with_participants_and_items(api, users, small_plan):
    plan, items, _ = small_plan
    api.force_authenticate(users["dofa"])
    body = {"code": "hoi-nghi-tptm-lan-3-2018", "kind": "conference", "title_vi": "Hội nghị Thành phố Thông minh Bình Dương lần thứ 3",
            "starts_on": "2018-11-28", "ends_on": "2018-11-29", "country": "vn", "items": [items["II.4.1"].pk],
            "participants": [{"organisation": "BECAMEX", "role": "co_organiser", "people": "Ban Tổng Giám đốc"},
                             {"organisation": "EIPO", "role": "partner"}]}
    r = api.post("/api/programme/events/", body, format="json")
    assert r.status_code == 201, r.json()
    event = Event.objects.get(code="hoi-nghi-tptm-lan-3-2018")
    assert event.owner.code == "DOFA" and event.country == "VN" and event.participants.count() == 2
    assert r.json()["item_numbers"] == ["II.4.1"] and r.json()["helices"]["present"] == ["government", "business", "international"]
    # a write naming participants replaces them; one that leaves them out keeps them
    r = api.patch("/api/programme/events/hoi-nghi-tptm-lan-3-2018/", {"participants": [{"organisation": "TDMU", "role": "speaker"}]},
                  format="json")
    assert r.status_code == 200 and [p.organisation.code for p in event.participants.all()] == ["TDMU"]
    assert api.patch("/api/programme/events/hoi-nghi-tptm-lan-3-2018/", {"attendance": 800}, format="json").status_code == 200
    assert event.participants.count() == 1


@pytest.mark.parametrize("patch, field, code", [
    ({"starts_on": "2018-11-28", "ends_on": "2018-11-20"}, "ends_on", "end_before_start"),
    ({"country": "V1"}, "country", "invalid_country"), ({"country": "Việt Nam"}, "country", "max_length"),
    ({"participants": [{"organisation": "EIPO", "role": "partner"}, {"organisation": "EIPO", "role": "partner"}]}, "participants", "duplicate"),
    ({"participants": [{"organisation": "KHONG-CO", "role": "partner"}]}, "participants.0.organisation", "does_not_exist"),
    ({"code": "doi-ma"}, "code", "immutable"),
])
def test_invalid_event_is_400_with_the_reason(api, users, horasis, patch, field, code):
    api.force_authenticate(users["dofa"])
    r = api.patch("/api/programme/events/horasis-asia-2018/", patch, format="json")
    assert r.status_code == 400 and (field, code) in errors_of(r), r.json()
    assert Event.objects.get(pk=horasis.pk).ends_on == D(2018, 11, 27)


def test_ends_before_starts_on_create(api, users):
    api.force_authenticate(users["dofa"])
    r = api.post("/api/programme/events/", {"code": "sai-ngay", "kind": "forum", "title_vi": "Sai ngày", "starts_on": "2018-05-02",
                                            "ends_on": "2018-05-01"}, format="json")
    assert r.status_code == 400 and ("ends_on", "end_before_start") in errors_of(r)


def test_memberships_api(api, users, small_plan):
    api.force_authenticate(users["dofa"])
    body = {"network": "WTA", "member": "PPC", "status": "member", "applied_on": "2018-09-01", "joined_on": "2018-08-01"}
    r = api.post("/api/programme/memberships/", body, format="json")
    assert r.status_code == 400 and ("joined_on", "joined_before_applied") in errors_of(r)
    body["applied_on"] = "2018-06-01"
    r = api.post("/api/programme/memberships/", body, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DOFA"
    r = api.post("/api/programme/memberships/", body, format="json")
    assert r.status_code == 400 and ("member", "duplicate") in errors_of(r)
    pk = Membership.objects.get().pk
    assert api.patch(f"/api/programme/memberships/{pk}/", {"ended_on": "2017-01-01"}, format="json").status_code == 400
    api.force_authenticate(users["dot"])
    r = api.patch(f"/api/programme/memberships/{pk}/", {"status": "lapsed"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(None)
    assert [m["network"] for m in api.get("/api/programme/memberships/").json()["results"]] == ["WTA"]


def test_milestones_api_owner_checks_and_states(api, users, small_plan):
    plan, items, _ = small_plan
    item = items["II.4.1"]  # led by DOT
    item.strategic = True
    item.save()
    api.force_authenticate(users["dofa"])
    body = {"item": item.pk, "title_vi": "Báo cáo khả thi", "due": "2018-10-31"}
    r = api.post("/api/programme/milestones/", body, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and not Milestone.objects.exists()
    api.force_authenticate(users["dot"])
    r = api.post("/api/programme/milestones/", body, format="json")
    assert r.status_code == 201 and r.json()["state"] == "overdue" and r.json()["days_late"] == 61  # the 2018 plan: as of 31/12/2018
    done = api.post("/api/programme/milestones/", {**body, "title_vi": "Kế hoạch chi tiết", "due": "2018-04-15", "done_on": "2018-04-13"},
                    format="json").json()
    assert done["state"] == "done"
    assert api.post("/api/programme/milestones/", {"item": items["II"].pk, "title_vi": "Sai", "due": "2018-05-01"},
                    format="json").status_code in (400, 403)
    r = api.post("/api/programme/milestones/", {"item": item.pk, "title_vi": "Thiếu hạn"}, format="json")
    assert r.status_code == 400 and ("due", "required") in errors_of(r)
    api.force_authenticate(None)
    rows = api.get(f"/api/programme/milestones/?item={item.pk}&state=overdue").json()["results"]
    assert [m["title_vi"] for m in rows] == ["Báo cáo khả thi"]
    early = api.get(f"/api/programme/milestones/?item={item.pk}&as_of=2018-06-01").json()["results"]
    assert {m["title_vi"]: m["state"] for m in early} == {"Kế hoạch chi tiết": "done", "Báo cáo khả thi": "planned"}
    assert api.get("/api/programme/milestones/?as_of=31-12-2018").status_code == 400
    # another unit may not change it; the owner may
    pk = rows[0]["id"]
    api.force_authenticate(users["dofa"])
    assert api.patch(f"/api/programme/milestones/{pk}/", {"done_on": "2018-12-20"}, format="json").status_code == 403
    api.force_authenticate(users["dot"])
    r = api.patch(f"/api/programme/milestones/{pk}/", {"done_on": "2018-12-20"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "done" and r.json()["days_late"] == 50
    assert Milestone.objects.get(pk=pk).history.count() == 2

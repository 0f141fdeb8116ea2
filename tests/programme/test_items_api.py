"""The items API: plans and items read openly, filters, detail with participants, helix and
timeline; PATCH and timeline POST by the lead unit only, with JSON errors."""
import pytest

from smartcity.programme.models import Item, TimelineEntry

PLANS = "/api/programme/plans/"
ITEMS = "/api/programme/items/"


def _numbers(response):
    return [r["number"] for r in response.json()["results"]]


def test_plans_list_and_detail(api, small_plan):
    plan, items, _ = small_plan
    r = api.get(PLANS)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and body["results"][0]["code"] == plan.code and "progress" in body["results"][0]
    d = api.get(f"{PLANS}{plan.code}/").json()
    assert d["number"] == "11/KH-BDH" and d["counts"]["items"] == 7
    assert d["counts"]["by_status"]["behind"] == 1 and d["counts"]["by_status"]["done"] == 1
    assert d["top_items"] == [items["II"].pk, items["III"].pk]
    assert [s["key"] for s in d["statuses"]][:2] == ["not_started", "in_progress"]


def test_items_list_filters_and_pagination(api, small_plan):
    plan, items, _ = small_plan
    r = api.get(ITEMS, {"plan": plan.code})
    assert r.status_code == 200 and r.json()["count"] == 9
    assert _numbers(api.get(ITEMS, {"plan": plan.code, "kind": "item"})) == ["II.4.1", "II.4.2", "II.9.1", "II.9.3"]
    assert _numbers(api.get(ITEMS, {"owner": "DONRE"})) == ["II.9", "II.9.1", "II.9.3"]
    assert _numbers(api.get(ITEMS, {"status": "behind"})) == ["II.4.2"]
    assert _numbers(api.get(ITEMS, {"parent": items["II.4"].pk})) == ["II.4.1", "II.4.2"]
    assert _numbers(api.get(ITEMS, {"parent": "none"})) == ["II", "III"]
    # academia: II.4.1 has VGU, II.9.1 TDMU; missing in II.4.2, II.9.3 and III.4
    assert _numbers(api.get(ITEMS, {"missing_helix": "academia"})) == ["II.4.2", "II.9.3", "III.4"]
    assert _numbers(api.get(ITEMS, {"missing_helix": "business"})) == ["II.9.3", "III.4"]
    assert _numbers(api.get(ITEMS, {"missing_helix": "any"})) == ["II.4.2", "II.9.3", "III.4"]
    items["II.9.3"].strategic = True
    items["II.9.3"].save()
    assert _numbers(api.get(ITEMS, {"strategic": "true"})) == ["II.9.3"]
    page = api.get(ITEMS, {"limit": 2, "offset": 2}).json()
    assert len(page["results"]) == 2 and page["next"] and page["previous"] is not None
    assert api.get(ITEMS, {"missing_helix": "nobody"}).status_code == 400


def test_item_detail(api, small_plan):
    plan, items, _ = small_plan
    item = items["II.4.1"]
    TimelineEntry.objects.create(item=item, date="2018-05-02", title_vi="Họp khởi động")
    d = api.get(f"{ITEMS}{item.pk}/").json()
    assert d["number"] == "II.4.1" and d["owner"] == "DOT" and d["status"] == "in_progress" and d["budget_estimate"] == 2_500_000_000
    assert {(p["organisation"], p["role"], p["helix"]) for p in d["participants"]} == {("BECAMEX", "support", "business"),
                                                                                      ("VGU", "partner", "academia")}
    assert d["helix"]["complete"] is True and d["helix"]["missing"] == []
    assert d["timeline"][0]["title_vi"] == "Họp khởi động"
    assert api.get(f"{ITEMS}{items['II.4'].pk}/").json()["children"] == [item.pk, items["II.4.2"].pk]


def test_patch_by_owner_rolls_up(api, make_user, small_plan):
    plan, items, _ = small_plan
    api.force_authenticate(make_user("dot.lan", "DOT", "editor"))
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"progress": 70, "status": "in_progress", "actual_spend": 350_000_000}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["progress"] == 70 and r.json()["status"] == "in_progress"
    assert Item.objects.get(pk=items["II.4"].pk).progress == pytest.approx(50)  # (2*40 + 70) / 3
    item = Item.objects.get(pk=items["II.4.2"].pk)
    assert item.history.first().history_user.username == "dot.lan"


def test_patch_errors(api, make_user, small_plan):
    plan, items, _ = small_plan
    api.force_authenticate(make_user("dot.lan", "DOT", "editor"))
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"progress": 140}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "progress"
    r = api.patch(f"{ITEMS}{items['II.4'].pk}/", {"progress": 50}, format="json")
    assert r.status_code == 400 and r.json()["errors"] == [{"field": "progress", "code": "not_leaf", "message": r.json()["errors"][0]["message"]}]
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"status": "finished"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "status"
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"owner": "DONRE", "number": "II.4.9"}, format="json")
    assert r.status_code == 400 and {e["field"] for e in r.json()["errors"]} == {"owner", "number"}
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"start_date": "2018-09-01", "end_date": "2018-08-01"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "end_before_start"
    assert Item.objects.get(pk=items["II.4.2"].pk).progress == 10


def test_patch_other_unit_forbidden(api, make_user, small_plan):
    plan, items, _ = small_plan
    api.force_authenticate(make_user("donre.hung", "DONRE", "editor"))
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"progress": 90}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert Item.objects.get(pk=items["II.4.2"].pk).progress == 10
    r = api.post(f"{ITEMS}{items['II.4.2'].pk}/timeline/", {"date": "2018-06-01", "title_vi": "Ghi chú"}, format="json")
    assert r.status_code == 403 and not TimelineEntry.objects.exists()


def test_anonymous_write_refused(api, small_plan):
    plan, items, _ = small_plan
    r = api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"progress": 90}, format="json")
    assert r.status_code in (401, 403) and "errors" in r.json()


def test_viewer_cannot_write(api, make_user, small_plan):
    plan, items, _ = small_plan
    api.force_authenticate(make_user("dot.xem", "DOT", "viewer"))
    assert api.patch(f"{ITEMS}{items['II.4.2'].pk}/", {"progress": 90}, format="json").status_code == 403


def test_timeline_post_and_list(api, make_user, small_plan):
    plan, items, _ = small_plan
    item = items["II.9.3"]
    api.force_authenticate(make_user("donre.hung", "DONRE", "editor"))
    url = f"{ITEMS}{item.pk}/timeline/"
    r = api.post(url, {"date": "2018-07-01", "title_vi": "Lắp thử 20 thùng rác thông minh tại Thủ Dầu Một", "progress": 15}, format="json")
    assert r.status_code == 201 and r.json()["source"] == "api" and r.json()["created_by"] == "donre.hung"
    api.post(url, {"date": "2018-09-15", "title_vi": "Đánh giá thí điểm"}, format="json")
    assert api.post(url, {"date": "2018-09-15", "title_vi": "Sai", "progress": 101}, format="json").status_code == 400
    assert api.post(url, {"title_vi": "Không ngày"}, format="json").json()["errors"][0]["field"] == "date"
    listing = api.get(url).json()
    assert [e["title_vi"] for e in listing["results"]] == ["Đánh giá thí điểm", "Lắp thử 20 thùng rác thông minh tại Thủ Dầu Một"]


def test_unpublished_items_hidden_from_public(api, make_user, small_plan):
    plan, items, _ = small_plan
    Item.objects.filter(pk=items["II.9.3"].pk).update(published=False)
    assert "II.9.3" not in _numbers(api.get(ITEMS))
    assert api.get(f"{ITEMS}{items['II.9.3'].pk}/").status_code == 404
    api.force_authenticate(make_user("donre.hung", "DONRE", "editor"))
    assert "II.9.3" in _numbers(api.get(ITEMS))


def test_schema_lists_the_items_api(client, db):
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/api/programme/plans/", "/api/programme/plans/{code}/", "/api/programme/items/", "/api/programme/items/{id}/",
                 "/api/programme/items/{id}/timeline/"):
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/programme/items/{id}/"] and "put" not in schema["paths"]["/api/programme/items/{id}/"]
    names = [p["name"] for p in schema["paths"]["/api/programme/items/"]["get"]["parameters"]]
    assert {"plan", "kind", "owner", "status", "parent", "strategic", "missing_helix", "limit", "offset"} <= set(names)

"""Edit pages follow the permission rule: the department adds a school and copies a criteria
set from the pages; an editor of another department gets 403; a frozen set offers no form;
the school user's shortcut leads to their school."""
from smartcity.schools.models import CriteriaSet, School


def test_department_adds_a_school_other_department_403(programme, client_as):
    form = {"code": "th-an-thanh", "name_vi": "Trường Tiểu học An Thạnh", "name_en": "An Thanh Primary School",
            "former_unit": programme["school"].former_unit_id, "address": "Đường Nguyễn Văn Tiết, phường Thuận An",
            "latitude": "10.9301", "longitude": "106.6992", "pupils": "1480", "classes": "40", "teachers": "58",
            "joined_year": "2026", "status": "preparing", "published": "on"}
    client = client_as(programme["dpi"])
    assert client.get("/schools/new/").status_code == 403
    assert client.post("/schools/s/th-phu-hoa-1/edit/", form).status_code == 403
    client = client_as(programme["doet"])
    r = client.post("/schools/new/", {**form, "latitude": "12.9"})
    assert r.status_code == 200 and "ngoài địa bàn tỉnh Bình Dương cũ" in r.content.decode()
    r = client.post("/schools/new/", form)
    assert r.status_code == 302 and r["Location"] == "/schools/s/th-an-thanh/"
    school = School.objects.get(code="th-an-thanh")
    assert school.owner.code == "DOET" and school.pupils == 1480 and school.history.count() == 1


def test_criteria_pages_copy_and_frozen(programme, client_as):
    cset = programme["set"]
    client = client_as(programme["dpi"])
    assert client.post(f"/schools/criteria/{cset.pk}/copy/").status_code == 403
    client = client_as(programme["doet"])
    page = client.get(f"/schools/criteria/{cset.pk}/").content.decode()
    assert "Sao chép sang năm học sau" in page and "Thêm tiêu chí" not in page  # frozen: no add form
    r = client.post(f"/schools/criteria/{cset.pk}/copy/")
    new = CriteriaSet.objects.exclude(pk=cset.pk).get()
    assert r["Location"] == f"/schools/criteria/{new.pk}/" and new.status == "draft"
    group = new.groups.get(code="facilities")
    r = client.post(f"/schools/criteria/{new.pk}/criteria/", {"group": group.pk, "code": "3.5", "name_vi": "Chuyển đổi số: học bạ số",
                                                               "max_score": "10", "rule": "levels", "direction": "at_least",
                                                               "order": "5", "evidence_required": "on"}, follow=True)
    assert "3.5" in r.content.decode() and group.criteria.filter(code="3.5", evidence_required=True).exists()
    r = client.post(f"/schools/criteria/{new.pk}/publish/", follow=True)
    new.refresh_from_db()
    assert new.frozen and "Mới so với bộ trước" in r.content.decode()


def test_school_user_shortcut_and_evaluation_forms(programme, client_as, full_entries, pdf_upload, settings, tmp_path):
    from smartcity.schools import services

    settings.MEDIA_ROOT = tmp_path
    client = client_as(programme["teacher"])
    assert client.get("/schools/mine/")["Location"] == "/schools/s/th-phu-hoa-1/"
    a = services.open_assessment(programme["school"], programme["year"], programme["teacher"])
    services.save_self(a, programme["teacher"], full_entries)
    services.add_evidence(a, programme["criteria"][0].pk, programme["teacher"], pdf_upload())
    services.submit(a, programme["teacher"])
    url = f"/schools/s/th-phu-hoa-1/{a.school_year}/"
    assert 'id="sch-eval-form"' not in client.get(url).content.decode()
    assert client.post(url + "evaluate/", {}).status_code == 403
    client = client_as(programme["doet"])
    page = client.get(url).content.decode()
    assert 'id="sch-eval-form"' in page and 'id="sch-self-form"' not in page
    c = programme["criteria"]
    post = {f"dv_{k}": str(v) for k, (v, _c) in full_entries.items()}
    post[f"dv_{c[2].pk}"] = "2"
    post[f"dc_{c[2].pk}"] = "Chưa có lớp tích hợp"
    r = client.post(url + "evaluate/", {**post, "finish": "1"}, follow=True)
    assert "Đã hoàn tất đánh giá." in r.content.decode()
    r = client.post(url + "decide/", {"decision": "rule"}, follow=True)
    a.refresh_from_db()
    assert a.state == "recognised" and 'data-state="recognised"' in r.content.decode()

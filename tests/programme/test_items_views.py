"""Plan tree and item pages: public reading, the lead unit's edits, 403 for other units,
login for anonymous editors, roll-up of parents, history, uploads, Vietnamese and English."""
import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartcity.programme.models import Attachment, Item, ItemParticipant, TimelineEntry


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def dot_editor(make_user):
    return make_user("dot.lan", "DOT", "editor", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def donre_editor(make_user):
    return make_user("donre.hung", "DONRE", "editor")


def test_plan_page_public_vietnamese(client, small_plan):
    plan, items, _ = small_plan
    r = client.get(reverse("programme-plan", args=[plan.code]))
    assert r.status_code == 200
    html = _html(r)
    assert '<html lang="vi">' in html
    for number in ("II", "II.4", "II.4.1", "II.4.2", "II.9", "II.9.1", "II.9.3", "III.4"):
        assert f'data-number="{number}"' in html
    assert "Lộ trình giao thông thông minh" in html and "Chậm tiến độ" in html
    assert "08/03/2018" in html and "11/KH-BDH" in html
    # II.4.2 (behind, deadline 31/10/2018) is overdue as of the plan's end; II.9.1 done is not
    row = re.search(r'data-number="II.4.2".*?</div>', html, re.S).group(0)
    assert 'data-flag="overdue"' in row
    row = re.search(r'data-number="II.9.1".*?</div>', html, re.S).group(0)
    assert 'data-flag="overdue"' not in row
    # II.9.3 led by DONRE with DIC (government) support only: business and academia missing
    row = re.search(r'data-number="II.9.3".*?</div>', html, re.S).group(0)
    assert 'class="hx-business missing"' in row and 'class="hx-academia missing"' in row
    row = re.search(r'data-number="II.4.1".*?</div>', html, re.S).group(0)
    assert 'data-flag="missing-helix"' not in row  # DOT + Becamex + VGU: all three helices


def test_plan_page_as_of_changes_overdue(client, small_plan):
    plan, _, _ = small_plan
    html = _html(client.get(reverse("programme-plan", args=[plan.code]) + "?as_of=2018-06-01"))
    row = re.search(r'data-number="II.4.2".*?</div>', html, re.S).group(0)
    assert 'data-flag="overdue"' not in row
    assert re.search(r'id="count-overdue">1<', html)  # only III.4 (15/04/2018)


def test_plan_filters(client, small_plan):
    plan, items, _ = small_plan
    url = reverse("programme-plan", args=[plan.code])
    html = _html(client.get(url, {"q": "xe buyt"}))  # no diacritics typed
    assert 'data-number="II.4.2"' in html and 'data-number="II.9.1"' not in html
    assert 'data-number="II.4"' in html  # its ancestors stay as context
    html = _html(client.get(url, {"status": "done"}))
    assert 'data-number="II.9.1"' in html and 'data-number="II.4.1"' not in html
    html = _html(client.get(url, {"unit": "VGU"}))  # a partner finds its items
    assert 'data-number="II.4.1"' in html and 'data-number="II.4.2"' not in html
    html = _html(client.get(url, {"helix": "academia"}))
    assert 'data-number="II.9.3"' in html and 'data-number="II.9.1"' not in html and 'data-number="II.4.1"' not in html


def test_unpublished_plan_hidden(client, small_plan):
    plan, _, _ = small_plan
    plan.published = False
    plan.save()
    assert client.get(reverse("programme-plan", args=[plan.code])).status_code == 404


def test_item_page_public_english(client, small_plan):
    plan, items, _ = small_plan
    item = items["II.4.1"]
    item.actual_spend = 1_234_567
    item.save()
    TimelineEntry.objects.create(item=item, date=dt.date(2018, 5, 2), title_vi="Họp khởi động", title_en="Kick-off meeting")
    TimelineEntry.objects.create(item=item, date=dt.date(2018, 9, 20), title_vi="Trình lộ trình", title_en="Roadmap submitted")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    r = client.get(reverse("programme-item", args=[item.pk]))
    html = _html(r)
    assert r.status_code == 200 and '<html lang="en">' in html
    assert "Smart transport roadmap" in html and "Lộ trình giao thông thông minh" in html  # both wordings
    assert "2.500.000.000 ₫" in html and "1.234.567 ₫" in html
    assert "Becamex" in html and "Vietnamese-German University" in html
    assert html.index("Roadmap submitted") < html.index("Kick-off meeting")  # newest first
    assert 'id="edit-item"' not in html and "Add a timeline entry" not in html


def test_parent_item_explains_rollup(client, small_plan):
    plan, items, _ = small_plan
    html = _html(client.get(reverse("programme-item", args=[items["II.4"].pk])))
    table = re.search(r'<table id="rollup">.*?</table>', html, re.S).group(0)
    # weights 2 and 1: shares 66.7 % and 33.3 %, points 26.7 + 3.3 = 30
    assert "66.7 %" in table and "33.3 %" in table and "26.7" in table
    assert "<b>30 %</b>" in html


def test_owner_edits_progress_and_parent_rolls_up(client_as, dot_editor, small_plan):
    plan, items, status = small_plan
    item = items["II.4.2"]
    c = client_as(dot_editor)
    assert c.get(reverse("programme-items-edit", args=[item.pk])).status_code == 200
    r = c.post(reverse("programme-items-edit", args=[item.pk]), {
        "status": status["in_progress"].pk, "progress": "70", "start_date": "2018-04-01", "end_date": "2020-12-31",
        "deadline": "2018-10-31", "weight": "1", "budget_estimate": "900000000", "actual_spend": "", "title_en": item.title_en,
        "text_en": ""})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.progress == 70 and item.status.key == "in_progress" and item.budget_estimate == 900_000_000
    parent = Item.objects.get(pk=items["II.4"].pk)
    assert parent.progress == pytest.approx((2 * 40 + 1 * 70) / 3)
    html = _html(c.get(reverse("programme-item", args=[item.pk])))
    history = re.search(r'<table id="history">.*?</table>', html, re.S).group(0)
    assert "dot.lan" in history or "Lan" in history
    assert "10 % → 70 %" in history and "Chậm tiến độ → Đang triển khai" in history


def test_progress_validation(client_as, dot_editor, small_plan):
    plan, items, status = small_plan
    c = client_as(dot_editor)
    data = {"status": status["in_progress"].pk, "progress": "120", "weight": "1", "title_en": "x"}
    r = c.post(reverse("programme-items-edit", args=[items["II.4.2"].pk]), data)
    assert r.status_code == 400
    assert Item.objects.get(pk=items["II.4.2"].pk).progress == 10
    # a parent's progress is not entered: the field is ignored and stays rolled up
    parent = items["II.4"]
    before = Item.objects.get(pk=parent.pk).progress
    r = c.post(reverse("programme-items-edit", args=[parent.pk]), {**data, "progress": "99", "status": ""})
    assert r.status_code == 302
    assert Item.objects.get(pk=parent.pk).progress == before


def test_status_done_sets_full_progress(client_as, dot_editor, small_plan):
    plan, items, status = small_plan
    item = items["II.4.1"]
    c = client_as(dot_editor)
    c.post(reverse("programme-items-edit", args=[item.pk]), {"status": status["done"].pk, "progress": "40", "weight": "2",
                                                             "title_en": item.title_en})
    item.refresh_from_db()
    assert item.status.key == "done" and item.progress == 100


def test_other_unit_gets_403(client_as, donre_editor, small_plan):
    plan, items, status = small_plan
    item = items["II.4.2"]
    c = client_as(donre_editor)
    assert c.get(reverse("programme-items-edit", args=[item.pk])).status_code == 403
    assert c.post(reverse("programme-items-edit", args=[item.pk]), {"progress": "90", "weight": "1"}).status_code == 403
    for name in ("programme-items-timeline", "programme-items-task", "programme-items-attach", "programme-items-participant-add"):
        assert c.post(reverse(name, args=[item.pk]), {}).status_code == 403, name
    item.refresh_from_db()
    assert item.progress == 10


def test_anonymous_edit_redirects_to_login(client, small_plan):
    plan, items, _ = small_plan
    url = reverse("programme-items-edit", args=[items["II.4.1"].pk])
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    r = client.post(reverse("programme-items-timeline", args=[items["II.4.1"].pk]), {"tl-date": "2018-05-01"})
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_coordinator_may_edit_any_item(client_as, make_user, small_plan):
    plan, items, _ = small_plan
    office = make_user("vp.thu", "VPTPTM", "editor")  # the Smart City Office coordinates every unit
    assert client_as(office).get(reverse("programme-items-edit", args=[items["II.9.3"].pk])).status_code == 200


def test_owner_adds_timeline_task_participant(client_as, dot_editor, small_plan):
    plan, items, _ = small_plan
    item = items["II.4.2"]
    c = client_as(dot_editor)
    r = c.post(reverse("programme-items-timeline", args=[item.pk]), {
        "tl-date": "2018-07-15", "tl-title_vi": "Khảo sát 12 tuyến xe buýt", "tl-title_en": "Survey of 12 bus routes", "tl-progress": "25"})
    assert r.status_code == 302
    entry = TimelineEntry.objects.get(item=item)
    assert entry.source == "manual" and entry.created_by == dot_editor and entry.progress == 25
    r = c.post(reverse("programme-items-task", args=[item.pk]), {
        "task-title_vi": "Lắp đặt hệ thống định vị trên 50 xe buýt", "task-title_en": "GPS on 50 buses", "task-weight": "1",
        "task-deadline": "2018-11-30"})
    assert r.status_code == 302
    task = Item.objects.get(parent=item)
    assert task.kind == "task" and task.owner.code == "DOT" and task.number == "II.4.2.1" and task.plan == plan
    # the parent is no leaf any more: its progress is the task's (0)
    assert Item.objects.get(pk=item.pk).progress == 0
    from smartcity.core.models import Organisation
    tdmu = Organisation.objects.get(code="TDMU")
    r = c.post(reverse("programme-items-participant-add", args=[item.pk]), {"pt-organisation": tdmu.pk, "pt-role": "partner"})
    assert r.status_code == 302
    p = ItemParticipant.objects.get(item=item, organisation=tdmu)
    r = c.post(reverse("programme-items-participant-add", args=[item.pk]), {"pt-organisation": tdmu.pk, "pt-role": "partner"})
    assert r.status_code == 400  # twice in the same role
    r = c.post(reverse("programme-items-participant-remove", args=[item.pk, p.pk]))
    assert r.status_code == 302 and not ItemParticipant.objects.filter(pk=p.pk).exists()
    html = _html(c.get(reverse("programme-item", args=[item.pk])))
    assert "Khảo sát 12 tuyến xe buýt" in html and "II.4.2.1" in html
    assert "TDMU" in re.search(r'<table id="history">.*?</table>', html, re.S).group(0)


def test_upload_checks_and_download(client_as, client, dot_editor, small_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan, items, _ = small_plan
    item = items["II.4.1"]
    c = client_as(dot_editor)
    url = reverse("programme-items-attach", args=[item.pk])
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    r = c.post(url, {"doc-title": "Lộ trình giao thông thông minh (dự thảo)", "doc-kind": "plan",
                     "doc-file": SimpleUploadedFile("lo-trinh.pdf", pdf, "application/pdf")})
    assert r.status_code == 302
    doc = Attachment.objects.get(item=item)
    assert doc.size == len(pdf) and doc.content_type == "application/pdf" and len(doc.sha256) == 64 and doc.uploaded_by == dot_editor
    r = c.post(url, {"doc-title": "Trang", "doc-kind": "other", "doc-file": SimpleUploadedFile("x.html", b"<script>alert(1)</script>", "text/html")})
    assert r.status_code == 400 and Attachment.objects.count() == 1
    r = c.post(url, {"doc-title": "Giả PDF", "doc-kind": "other", "doc-file": SimpleUploadedFile("gia.pdf", b"<html>no</html>", "application/pdf")})
    assert r.status_code == 400 and Attachment.objects.count() == 1
    import smartcity.programme.forms_items as f
    old = f.MAX_UPLOAD
    f.MAX_UPLOAD = 10
    try:
        r = c.post(url, {"doc-title": "Lớn", "doc-kind": "other", "doc-file": SimpleUploadedFile("lon.pdf", pdf, "application/pdf")})
    finally:
        f.MAX_UPLOAD = old
    assert r.status_code == 400 and Attachment.objects.count() == 1
    client.logout()
    r = client.get(reverse("programme-items-download", args=[doc.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == pdf and r["X-Content-Type-Options"] == "nosniff"


def test_reports_and_escalations_linked(client, client_as, make_user, small_plan):
    from django.utils import timezone

    from smartcity.programme.models import Escalation, ProgressReport
    plan, items, _ = small_plan
    item = items["II.4.2"]
    for period, status, text in [("2018-06", "accepted", "Đã khảo sát 5 tuyến"), ("2018-07", "draft", "Dự thảo tháng 7")]:
        ProgressReport.objects.create(owner=item.owner, item=item, period=period, period_start=dt.date(2018, 6, 1),
                                      period_end=dt.date(2018, 6, 30), due_date=dt.date(2018, 7, 5), progress=10,
                                      narrative=text, status=status)
    Escalation.objects.create(owner=item.owner, item=item, title="Thiếu kinh phí đầu tư xe buýt mới",
                              description="Chưa bố trí vốn", raised_at=timezone.now())
    html = _html(client.get(reverse("programme-item", args=[item.pk])))
    assert "2018-06" in html and "2018-07" not in html  # the public sees accepted reports only
    assert "Thiếu kinh phí đầu tư xe buýt mới" not in html
    html = _html(client_as(make_user("dot.lan", "DOT", "editor")).get(reverse("programme-item", args=[item.pk])))
    assert "2018-06" in html and "2018-07" in html and "Thiếu kinh phí đầu tư xe buýt mới" in html
    assert reverse("programme-reports") + f"?item={item.pk}" in html
    assert reverse("programme-escalations") + f"?item={item.pk}" in html


def test_strategic_item_shows_milestones(client, small_plan):
    from smartcity.programme.models import Milestone
    plan, items, _ = small_plan
    item = items["II.9.3"]
    item.strategic = True
    item.save()
    Milestone.objects.create(item=item, title_vi="Hoàn thành nghiên cứu tiền khả thi", due=dt.date(2018, 8, 31))
    html = _html(client.get(reverse("programme-item", args=[item.pk])))
    assert 'id="milestones"' in html and "Hoàn thành nghiên cứu tiền khả thi" in html


def test_plan_page_english(client, small_plan):
    plan, _, _ = small_plan
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _html(client.get(reverse("programme-plan", args=[plan.code])))
    assert '<html lang="en">' in html and "Plan for implementing the Binh Duong Smart City programme in 2018" in html
    assert "Smart transport roadmap" in html and "Behind schedule" in html and "Expand all" in html
    assert "Lộ trình giao thông thông minh" not in html  # titles follow the active language

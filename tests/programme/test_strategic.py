"""The strategic projects page (/programme/strategic/): items marked strategic with partners,
progress, studies, milestones (overdue ones flagged against the plan's date, or `?as_of=`),
the milestone chart and linked events; milestones and studies changed by the item's owner
unit only."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcity.programme.models import Attachment, Event, Milestone
from smartcity.programme.services import events as svc

D = dt.date
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def users(make_user):
    return {"dot": make_user("gtvt.nam", "DOT"), "dofa": make_user("ngoaivu.lan", "DOFA"), "office": make_user("vptptm.hoa", "VPTPTM")}


@pytest.fixture
def strategic(small_plan):
    """II.4.1 (led by DOT) marked strategic, with a done, an overdue and a planned milestone."""
    from smartcity.core.models import Organisation

    plan, items, _ = small_plan
    item = items["II.4.1"]
    item.strategic = True
    item.save()
    Milestone.objects.create(item=item, title_vi="Kế hoạch chi tiết gửi Ban Điều hành", title_en="Detailed plan to the Executive Board",
                             due=D(2018, 4, 15), done_on=D(2018, 4, 13))
    Milestone.objects.create(item=item, title_vi="Báo cáo đề xuất trình Ban Chỉ đạo", title_en="Proposal to the Steering Committee",
                             due=D(2018, 10, 31))
    Milestone.objects.create(item=item, title_vi="Lộ trình giai đoạn 1", title_en="Phase 1 roadmap", due=D(2019, 3, 31))
    event = Event.objects.create(owner=Organisation.objects.get(code="DOFA"), code="eipo-lam-viec-2018", kind="workshop", status="held",
                                 title_vi="Làm việc với EIPO – Brainport Eindhoven", starts_on=D(2018, 6, 12), country="VN")
    event.items.add(item)
    return plan, item


def test_page_without_strategic_items(client, small_plan):
    r = client.get("/programme/strategic/")
    assert r.status_code == 200 and 'id="no-strategic"' in r.content.decode()


def test_overview_service_counts_overdue_as_of_the_plan_date(strategic, users):
    plan, item = strategic
    overview = svc.strategic_overview(users["dofa"], plan)
    assert overview["as_of"] == D(2018, 12, 31) and overview["overdue"] == 1
    (p,) = overview["projects"]
    assert [r["state"] for r in p["milestones"]] == ["done", "overdue", "planned"] and p["done"] == 1
    assert p["milestones"][1]["late"] == 61 and [e.code for e in p["events"]] == ["eipo-lam-viec-2018"]
    assert p["helices"]["present"] == ["government", "business", "academia"]  # DOT lead, Becamex, VGU
    assert svc.strategic_overview(users["dofa"], plan, D(2018, 6, 1))["overdue"] == 0


def test_strategic_page_vietnamese_with_chart_and_overdue_flag(client, strategic):
    plan, item = strategic
    html = client.get("/programme/strategic/").content.decode()
    assert "Dự án chiến lược" in html and "Đánh giá tính đến ngày 31/12/2018." in html
    assert 'id="milestone-chart"' in html and html.count('class="ms-mark" data-state="overdue"') == 1
    assert '<span class="num" id="n-overdue">1</span>' in html
    assert 'data-state="overdue"' in html and "quá hạn 61 ngày" in html and 'class="ms-overdue"' in html
    assert f'id="item-{item.pk}"' in html and "Làm việc với EIPO – Brainport Eindhoven" in html
    assert "Becamex IDC" in html and "New milestone" not in html and "Thêm mốc" not in html  # anonymous: no edit links
    html = client.get("/programme/strategic/?as_of=2018-06-01").content.decode()
    assert '<span class="num" id="n-overdue">0</span>' in html and "01/06/2018" in html


def test_strategic_page_in_english(client, strategic):
    client.cookies["django_language"] = "en"
    html = client.get("/programme/strategic/").content.decode()
    assert "Strategic projects" in html and "Proposal to the Steering Committee" in html and "overdue by 61 days" in html
    assert "Judged as of 31/12/2018." in html


def test_milestones_changed_by_the_item_owner_only(client, strategic, users):
    plan, item = strategic
    url = f"/programme/strategic/{item.pk}/milestones/new/"
    assert client.get(url).status_code == 302  # login first
    client.force_login(users["dofa"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title_vi": "Mốc lạ", "due": "2018-09-01"}).status_code == 403
    client.force_login(users["dot"])
    assert "Thêm mốc" in client.get("/programme/strategic/").content.decode()
    r = client.post(url, {"title_vi": "Hội thảo góp ý", "due": ""})
    assert r.status_code == 400
    r = client.post(url, {"title_vi": "Hội thảo góp ý", "title_en": "Review workshop", "due": "2018-11-15"})
    assert r.status_code == 302 and r["Location"].endswith(f"#item-{item.pk}")
    m = Milestone.objects.get(title_vi="Hội thảo góp ý")
    assert m.item == item and m.history.first().history_user == users["dot"]
    overdue = Milestone.objects.get(title_vi="Báo cáo đề xuất trình Ban Chỉ đạo")
    r = client.post(f"/programme/strategic/milestones/{overdue.pk}/edit/",
                    {"title_vi": overdue.title_vi, "title_en": overdue.title_en, "due": "2018-10-31", "done_on": "2018-11-20"})
    assert r.status_code == 302
    html = client.get("/programme/strategic/").content.decode()
    assert '<span class="num" id="n-overdue">1</span>' in html  # the new one (due 15/11) is overdue now, the old one done
    client.force_login(users["dofa"])
    assert client.post(f"/programme/strategic/milestones/{m.pk}/delete/").status_code == 403
    client.force_login(users["office"])
    assert client.post(f"/programme/strategic/milestones/{m.pk}/delete/").status_code == 302
    assert not Milestone.objects.filter(pk=m.pk).exists()


def test_studies_attached_by_the_owner_and_downloaded(client, strategic, users, settings, tmp_path, small_plan):
    settings.MEDIA_ROOT = str(tmp_path)
    plan, item = strategic
    url = f"/programme/strategic/{item.pk}/studies/"
    client.force_login(users["dofa"])
    assert client.post(url, {"title": "Nghiên cứu", "file": SimpleUploadedFile("nc.pdf", PDF)}).status_code == 403
    client.force_login(users["dot"])
    r = client.post(url, {"title": "Nghiên cứu khả thi (dự thảo)", "kind": "other", "file": SimpleUploadedFile("nghien-cuu.pdf", PDF)})
    assert r.status_code == 302
    study = Attachment.objects.get(item=item)
    assert study.kind == "study" and study.content_type == "application/pdf"
    r = client.post(url, {"title": "Tệp thực thi", "file": SimpleUploadedFile("chay.exe", b"MZ\x90\x00")}, follow=True)
    assert "Không nhận loại tệp này" in r.content.decode() and Attachment.objects.count() == 1
    other = small_plan[1]["II.4.2"]  # not strategic
    assert client.post(f"/programme/strategic/{other.pk}/studies/", {"title": "x", "url": "https://example.org/x.pdf"}).status_code == 400
    client.logout()
    html = client.get("/programme/strategic/").content.decode()
    assert "Nghiên cứu khả thi (dự thảo)" in html
    r = client.get(f"/programme/events/documents/{study.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
    # an item's other documents are not served through this door
    other_doc = Attachment.objects.create(item=item, kind="report", title="Báo cáo", file=study.file.name)
    assert client.get(f"/programme/events/documents/{other_doc.pk}/").status_code == 404

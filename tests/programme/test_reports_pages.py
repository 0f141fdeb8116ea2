"""Reporting and escalation pages: Vietnamese first, English second, who sees which action,
the report form's draft and submit, attachments checked and downloaded as attachments."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcity.programme.models import Attachment, Escalation, ProgressReport
from smartcity.programme.services import escalations as es
from smartcity.programme.services import reports as rs

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {"dot": make_user("dot.editor", "DOT"), "donre": make_user("donre.editor", "DONRE"),
            "office": make_user("vp.manager", "VPTPTM", role="manager"), "bcd": make_user("bcd.editor", "BCD")}


def get(client, url, lang="vi"):
    client.cookies["django_language"] = lang
    return client.get(url, HTTP_ACCEPT_LANGUAGE=lang)


def test_pages_need_sign_in(client, small_plan):
    for url in ("/programme/reports/", "/programme/unit-plans/", "/programme/overdue/", "/programme/escalations/"):
        assert client.get(url).status_code == 302


def test_my_reports_in_vietnamese_and_english(client_as, small_plan, people):
    plan, items, _ = small_plan
    c = client_as(people["dot"])
    vi = get(c, f"/programme/reports/?plan={plan.code}&as_of=2018-06-10").content.decode()
    assert "Báo cáo tiến độ" in vi and "II.4.1" in vi and "II.9.1" not in vi  # DOT's own items
    assert 'data-state="missing"' in vi and "2018-06" in vi
    en = get(c, f"/programme/reports/?plan={plan.code}&as_of=2018-06-10", "en").content.decode()
    assert "Progress reports" in en and "Next due" in en and "05/07/2018" in en


def test_write_save_draft_submit_then_office_accepts(client_as, small_plan, people):
    plan, items, _ = small_plan
    item = items["II.4.1"]
    c = client_as(people["dot"])
    url = f"/programme/reports/item/{item.pk}/write/?period=2018-05"
    assert get(c, url).status_code == 200
    form = {"period": "2018-05", "progress": "45", "narrative": "Hoàn thành dự thảo lộ trình giao thông thông minh.",
            "difficulties": "", "next_steps": "Lấy ý kiến các sở.", "spend": "", "fig-TOTAL_FORMS": "3", "fig-INITIAL_FORMS": "0",
            "fig-0-label": "Hội thảo tham vấn", "fig-0-value": "2", "fig-0-unit": "buổi", "action": "save"}
    r = c.post(url, form)
    report = ProgressReport.objects.get(item=item, period="2018-05")
    assert r.status_code == 302 and report.status == "draft" and report.figures[0]["value"] == 2
    r = c.post(url, dict(form, action="submit"))
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client_as(people["donre"]).get(f"/programme/reports/item/{item.pk}/write/").status_code == 403
    office = client_as(people["office"])
    page = get(office, f"/programme/reports/{report.pk}/", "en").content.decode()
    assert 'id="review-form"' in page
    queue = get(office, f"/programme/reports/review/?plan={plan.code}", "en").content.decode()
    assert 'data-item="II.4.1" data-period="2018-05"' in queue
    office.post(f"/programme/reports/{report.pk}/review/", {"decision": "accept", "comment": ""})
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.status == "accepted" and item.progress == 45


def test_dot_cannot_review(client_as, small_plan, people):
    plan, items, _ = small_plan
    report = rs.save_report(items["II.4.1"], people["dot"], "2018-05", progress=10, narrative="Khảo sát.")
    rs.submit_report(report, people["dot"])
    c = client_as(people["dot"])
    page = get(c, f"/programme/reports/{report.pk}/").content.decode()
    assert 'id="review-form"' not in page and 'style="width: 10.0%"' in page  # a CSS number, not "10,0" in Vietnamese
    assert c.post(f"/programme/reports/{report.pk}/review/", {"decision": "accept"}).status_code == 403


def test_attachments_checked_and_downloaded_as_attachment(client_as, small_plan, people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    plan, items, _ = small_plan
    report = rs.save_report(items["II.4.1"], people["dot"], "2018-05", progress=10, narrative="Khảo sát.")
    c = client_as(people["dot"])
    bad = SimpleUploadedFile("bao-cao.html", b"<html><script>alert(1)</script></html>", content_type="text/html")
    c.post(f"/programme/reports/{report.pk}/attach/", {"file": bad, "title": "x", "kind": "report"})
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    c.post(f"/programme/reports/{report.pk}/attach/", {"file": fake, "title": "x", "kind": "report"})
    assert not Attachment.objects.exists()
    pdf = SimpleUploadedFile("bao-cao-thang-5.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    c.post(f"/programme/reports/{report.pk}/attach/", {"file": pdf, "title": "Báo cáo tháng 5", "kind": "report"})
    att = Attachment.objects.get()
    assert att.report == report and att.content_type == "application/pdf" and len(att.sha256) == 64
    assert client_as(people["donre"]).post(f"/programme/reports/{report.pk}/attach/", {"file": pdf}).status_code == 403
    r = c.get(f"/programme/reports/files/{att.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment") and r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content).startswith(b"%PDF")


def test_unit_plans_and_overdue_pages(client_as, small_plan, people):
    plan, items, _ = small_plan
    up = plan.unit_plans.get(owner__code="DOT")
    c = client_as(people["dot"])
    r = c.post(f"/programme/unit-plans/{up.pk}/", {"action": "add-line", "item": items["II.4.2"].pk, "activity": "Khảo sát 12 tuyến xe buýt",
                                                   "start_date": "2018-04-20", "end_date": "2018-06-30", "budget": "350000000",
                                                   "funding_source": "Ngân sách tỉnh"})
    assert r.status_code == 302 and up.lines.count() == 1
    assert client_as(people["donre"]).post(f"/programme/unit-plans/{up.pk}/", {"action": "submit"}).status_code == 403
    c = client_as(people["dot"])
    c.post(f"/programme/unit-plans/{up.pk}/", {"action": "submit"})
    up.refresh_from_db()
    assert up.status == "submitted"
    page = get(c, f"/programme/unit-plans/?plan={plan.code}&as_of=2018-05-01", "en").content.decode()
    assert 'data-unit="DONRE" data-state="draft" class="overdue"' in page and "Unit plans and budget estimates" in page
    assert "350.000.000 đ" in page  # DOT's total
    vi = get(c, f"/programme/overdue/?plan={plan.code}&as_of=2018-06-10").content.decode()
    assert "Báo cáo quá hạn" in vi and 'data-item="II.4.2" data-period="2018-04"' in vi
    only = get(c, f"/programme/overdue/?plan={plan.code}&as_of=2018-06-10&unit=DONRE").content.decode()
    assert 'data-unit="DOT"' not in only and 'data-unit="DONRE"' in only


def test_escalation_pages_and_steps(client_as, small_plan, people):
    plan, items, _ = small_plan
    item = items["II.4.2"]
    assert client_as(people["donre"]).get(f"/programme/escalations/new/?item={item.pk}").status_code == 403
    dot = client_as(people["dot"])
    r = dot.post("/programme/escalations/new/", {"item": item.pk, "title": "Kinh phí tư vấn đề án xe buýt",
                                                 "description": "Chưa bố trí kinh phí.", "proposal": "Bố trí 1,5 tỷ đồng.", "severity": "high"})
    esc = Escalation.objects.get()
    assert r.status_code == 302 and esc.owner.code == "DOT"
    office = client_as(people["office"])
    office.post(f"/programme/escalations/{esc.pk}/review/", {"review_text": "Trình Ban Chỉ đạo."})
    esc.refresh_from_db()
    assert esc.status == "review"
    dot = client_as(people["dot"])
    assert dot.post(f"/programme/escalations/{esc.pk}/decide/", {"decision": "Đồng ý"}).status_code == 403
    listing = get(dot, f"/programme/escalations/?plan={plan.code}&as_of=2099-01-01", "en").content.decode()
    assert f'data-id="{esc.pk}"' in listing and 'data-band="old"' in listing
    bcd = client_as(people["bcd"])
    bcd.post(f"/programme/escalations/{esc.pk}/decide/", {"decision": "Đồng ý bố trí kinh phí.", "action_owner": "DOT", "action_due": "2018-08-31"})
    esc.refresh_from_db()
    assert esc.status == "decided" and esc.action_due == dt.date(2018, 8, 31)
    vi = get(bcd, f"/programme/escalations/{esc.pk}/").content.decode()
    assert "Đồng ý bố trí kinh phí." in vi and 'id="decision-form"' not in vi
    assert es.open_escalations(plan, dt.date(2099, 1, 1)) == []

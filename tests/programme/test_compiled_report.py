"""The compiled report to the Steering Committee, read back: the Word document with
python-docx, the PDF with pypdf; the page download and the CLI."""
import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from smartcity.core.models import Organisation
from smartcity.programme.models import Item, Meeting, UnitPlanLine
from smartcity.programme.services import compiled_report as report
from smartcity.programme.services import escalations as esc_svc
from smartcity.programme.services import meetings as meeting_svc
from smartcity.programme.services.compiled_report_text import parse_pct

SECTIONS = ["1. Tình hình thực hiện chung", "2. Tiến độ theo chương trình hành động",
            "3. Kế hoạch chi tiết và dự toán kinh phí của các đơn vị", "4. Báo cáo định kỳ quá hạn",
            "5. Khó khăn, vướng mắc và kiến nghị", "6. Các phiên làm việc và kết luận trong kỳ",
            "7. Sự tham gia của Ba Nhà (Nhà nước – Doanh nghiệp – Nhà trường)", "8. Đề xuất, kiến nghị Ban Chỉ đạo"]


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


def read_docx(content: bytes):
    import docx

    return docx.Document(io.BytesIO(content))


def table(doc, first_header: str, second_header: str):
    for t in doc.tables:
        head = [c.text for c in t.rows[0].cells]
        if len(head) > 1 and head[0] == first_header and head[1] == second_header:
            return [[c.text for c in row.cells] for row in t.rows[1:]]
    raise AssertionError(f"no table {first_header} / {second_header}")


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def users(make_user):
    return {"dot": make_user("dot.nam", "DOT"), "office": make_user("vp.huong", "VPTPTM"), "bcd": make_user("bcd.thang", "BCD"),
            "donre": make_user("donre.minh", "DONRE")}


def test_docx_layout_and_live_programme_rows(small_plan):
    plan, items, status = small_plan
    doc = read_docx(report.build_docx(plan))
    text = all_text(doc)
    # the administrative header, with its diacritics intact
    for line in ("BAN ĐIỀU HÀNH ĐỀ ÁN", "VĂN PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Bình Dương, ngày 31 tháng 12 năm 2018", "BÁO CÁO", "Tình hình thực hiện Kế hoạch 11/KH-BDH", "Nơi nhận:"):
        assert line in text, line
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    rows = table(doc, "Số", "Chương trình hành động")
    programmes = list(Item.objects.filter(plan=plan, kind="programme").order_by("position"))
    assert [r[0] for r in rows] == [p.number for p in programmes] == ["II.4", "II.9"]
    for row, p in zip(rows, programmes):
        assert row[2] == p.owner.name_vi and parse_pct(row[4]) == round(p.progress, 1)
    before = {r[0]: parse_pct(r[4]) for r in rows}
    # a bullet moves: the programme rolls up and the next report says so
    b = items["II.9.3"]
    b.status, b.progress = status["in_progress"], 60
    b.save()
    p9 = Item.objects.get(pk=items["II.9"].pk)
    assert p9.progress != before["II.9"]  # the roll-up changed it
    rows = table(read_docx(report.build_docx(plan)), "Số", "Chương trình hành động")
    after = {r[0]: parse_pct(r[4]) for r in rows}
    assert after["II.9"] == round(p9.progress, 1) and after["II.4"] == before["II.4"]
    # the overall line reads the plan's rolled-up progress from the database, not the stale object
    from smartcity.programme.models import Plan
    from smartcity.programme.services.compiled_report_text import pct

    live = Plan.objects.get(pk=plan.pk).progress
    assert live != plan.progress or live > 0
    assert f"Tiến độ chung của Kế hoạch đạt {pct(live)}." in all_text(read_docx(report.build_docx(plan)))


def test_escalations_unit_plans_and_meetings_in_the_docx(small_plan, users):
    plan, items, _ = small_plan
    # DONRE sends its plan on time with two budget lines; DOT has not sent one
    up = plan.unit_plans.get(owner__code="DONRE")
    UnitPlanLine.objects.create(unit_plan=up, item=items["II.9.1"], activity="Nâng cấp trạm điều hành quan trắc", budget=1_500_000_000)
    UnitPlanLine.objects.create(unit_plan=up, item=items["II.9.3"], activity="Thí điểm thùng rác thông minh", budget=1_000_000_000)
    up.status, up.submitted_at = "submitted", aware(2018, 4, 10, 9, 0)
    up.save()
    old = esc_svc.raise_escalation(items["II.4.2"], users["dot"], "Vướng cơ chế trợ giá xe buýt", "Chưa có cơ chế trợ giá.",
                                   proposal="Đề nghị UBND tỉnh ban hành cơ chế trợ giá xe buýt", when=aware(2018, 8, 1, 9, 0))
    esc_svc.office_review(old, users["office"], "Trình Ban Chỉ đạo.", when=aware(2018, 8, 10, 9, 0))
    bcd = Organisation.objects.get(code="BCD")
    session = Meeting.objects.create(owner=bcd, body=bcd, title_vi="Ban Chỉ đạo tổng kết năm 2018", starts_at=aware(2018, 12, 20, 14, 0),
                                     status="held", chair="Chủ tịch UBND tỉnh")
    meeting_svc.record_decision(session, users["bcd"], text_vi="Đồng ý chủ trương trợ giá xe buýt giai đoạn 2018 – 2020.",
                                escalations=[old], responsible=Organisation.objects.get(code="DOT"), due=dt.date(2019, 3, 31))
    new = esc_svc.raise_escalation(items["II.9.3"], users["donre"], "Thiếu mặt bằng đặt nhà vệ sinh công cộng thông minh",
                                   "Các phường chưa bố trí mặt bằng.", proposal="Giao UBND TP. Thủ Dầu Một bố trí mặt bằng",
                                   severity="high", when=aware(2018, 11, 21, 10, 0))
    doc = read_docx(report.build_docx(plan))
    text = all_text(doc)
    opens = table(doc, "Nhiệm vụ", "Nội dung vướng mắc")  # 5.1 comes first
    assert [r[1] for r in opens] == [new.title]
    assert opens[0][0] == "II.9.3" and opens[0][4] == "40 ngày"  # 21/11 -> 31/12/2018
    decided = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["Nhiệm vụ", "Nội dung vướng mắc", "Ý kiến chỉ đạo"]]
    assert len(decided) == 1 and decided[0].rows[1].cells[2].text.startswith("Đồng ý chủ trương trợ giá")
    assert "Giao UBND TP. Thủ Dầu Một bố trí mặt bằng (nhiệm vụ II.9.3" in text  # 8. proposals: the open one only
    assert "Đề nghị UBND tỉnh ban hành cơ chế trợ giá xe buýt (nhiệm vụ" not in text
    assert "20/12/2018 – Ban Chỉ đạo tổng kết năm 2018 (BCĐ)" in [p.text for p in doc.paragraphs]
    assert "Kết luận 1: Đồng ý chủ trương trợ giá xe buýt giai đoạn 2018 – 2020 (nhiệm vụ II.4.2; giao Sở Giao thông vận tải; hạn 31/03/2019; đang thực hiện)." in text
    units = {r[0]: r for r in table(doc, "Đơn vị", "Tình trạng")}
    assert units["Sở Tài nguyên và Môi trường"][1] == "Đúng hạn" and units["Sở Tài nguyên và Môi trường"][3] == "2.500.000.000 đồng"
    assert units["Sở Giao thông vận tải"][1].startswith("Chưa gửi, quá hạn")
    assert "Tổng dự toán kinh phí các đơn vị đã gửi: 2.500.000.000 đồng (2,5 tỷ đồng)" in text
    # as of an earlier date: the later escalation is not raised yet, the decided one was still waiting
    doc = read_docx(report.build_docx(plan, dt.date(2018, 9, 30)))
    text = all_text(doc)
    assert "Bình Dương, ngày 30 tháng 9 năm 2018" in text and new.title not in text
    assert [r[1] for r in table(doc, "Nhiệm vụ", "Nội dung vướng mắc")] == [old.title]
    assert "Ban Chỉ đạo tổng kết năm 2018" not in text


def test_pdf_says_the_same_in_vietnamese(small_plan, users):
    plan, items, _ = small_plan
    esc_svc.raise_escalation(items["II.4.1"], users["dot"], "Thiếu kinh phí lập lộ trình giao thông thông minh",
                             "Chưa bố trí vốn.", proposal="Bổ sung kinh phí sự nghiệp", when=aware(2018, 12, 1, 9, 0))
    content = report.build_pdf(plan)
    assert content.startswith(b"%PDF")
    text = squash(pdf_text(content))
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Dương, ngày 31 tháng 12 năm 2018",
                   "BÁO CÁO", *SECTIONS, "Thiếu kinh phí lập lộ trình giao thông thông minh", "Sở Tài nguyên và Môi trường",
                   "Nơi nhận:", "CHÁNH VĂN PHÒNG"):
        assert squash(phrase) in text, phrase
    p4 = Item.objects.get(pk=items["II.4"].pk)
    from smartcity.programme.services.compiled_report_text import pct

    assert squash("II.4") in text and squash(pct(p4.progress)) in text


def test_page_downloads_both_formats(client, client_as, users, small_plan):
    plan, _, _ = small_plan
    url = "/programme/compiled-report/"
    assert client.get(url).status_code == 302  # login required
    c = client_as(users["dot"])
    page = c.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Báo cáo Ban Chỉ đạo" in page and 'name="as_of"' in page and plan.code in page
    preview = c.get(url, {"plan": plan.code, "as_of": "2018-06-30"}).content.decode()
    assert "30/06/2018" in preview.split('id="report-preview"')[1].split("</dl>")[0]
    r = c.get(url, {"format": "docx", "plan": plan.code, "as_of": "2018-06-30"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert r["Content-Disposition"] == f'attachment; filename="bao-cao-ban-chi-dao-{plan.code}-2018-06-30.docx"'
    assert "Bình Dương, ngày 30 tháng 6 năm 2018" in all_text(read_docx(r.content))
    r = c.get(url, {"format": "pdf", "plan": plan.code})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert r["Content-Disposition"].startswith("attachment;")
    assert c.get(url, {"format": "xls", "plan": plan.code}).status_code == 400
    assert c.get(url, {"format": "pdf", "plan": plan.code, "as_of": "31/12/2018"}).status_code == 400
    c.cookies["django_language"] = "en"
    page = c.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report to the Steering Committee" in page and "Word document (.docx)" in page


def test_cli_writes_docx_and_pdf(small_plan, tmp_path):
    plan, _, _ = small_plan
    out = io.StringIO()
    call_command("programme", "compiled-report", "--plan", plan.code, "--out", str(tmp_path / "bc.docx"), "--as-of", "2018-10-31",
                 stdout=out)
    assert "bc.docx" in out.getvalue()
    assert "Bình Dương, ngày 31 tháng 10 năm 2018" in all_text(read_docx((tmp_path / "bc.docx").read_bytes()))
    call_command("programme", "compiled-report", "--plan", plan.code, "--out", str(tmp_path / "bc.pdf"), stdout=io.StringIO())
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command("programme", "compiled-report", "--out", str(tmp_path / "bc.xls"))
    with pytest.raises(CommandError):
        call_command("programme", "compiled-report", "--plan", "khong-co", "--out", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError):
        call_command("programme", "compiled-report", "--plan", plan.code, "--out", str(tmp_path / "x.docx"), "--as-of", "31/10/2018")

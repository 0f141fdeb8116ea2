"""Progress and the report of a school year: the district summary, the Excel file read back,
the PDF, the JSON, and the pages rendered in Vietnamese and English."""
import io

import pytest
from openpyxl import load_workbook

from smartcity.schools import services


@pytest.fixture
def decided(programme, full_entries, pdf_upload, settings, tmp_path):
    """Phú Hòa 1 recognised this year; Định Hòa submitted but not yet evaluated."""
    settings.MEDIA_ROOT = tmp_path
    t, d = programme["teacher"], programme["doet"]
    a = services.open_assessment(programme["school"], programme["year"], t)
    services.save_self(a, t, full_entries)
    services.add_evidence(a, programme["criteria"][0].pk, t, pdf_upload())
    services.submit(a, t)
    services.evaluate(a, d, full_entries, finish=True)
    services.decide(a, d)
    services.open_assessment(programme["other_school"], programme["year"], d)
    return a


def test_year_rows_and_district_summary(programme, decided):
    data = services.year_rows(programme["year"], programme["doet"])
    tdm = [x for x in data["districts"] if x["district"] == "Thủ Dầu Một"][0]
    assert (tdm["schools"], tdm["assessed"], tdm["decided"], tdm["recognised"], tdm["share_recognised"]) == (2, 2, 1, 1, 100.0)
    assert data["province"]["states"]["recognised"] == 1 and data["province"]["states"]["draft"] == 1
    public = services.year_rows(programme["year"], programme["dpi"])
    assert public["province"]["assessed"] == 1  # the other school's draft is not shown to another department


def test_report_excel_read_back(programme, decided, client):
    r = client.get(f"/schools/report/{programme['year']}/xlsx/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Huyện/thành phố (cũ)", "Phường/xã", "Trường"]
    assert "Cơ sở vật chất và công nghệ thông tin" in header
    rows = {row[3]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    phu_hoa = rows["th-phu-hoa-1"]
    assert phu_hoa[0] == "Thủ Dầu Một" and phu_hoa[2] == "Trường Tiểu học Phú Hòa 1" and phu_hoa[4] == 2150
    assert phu_hoa[-2] == pytest.approx(91.67, abs=0.01) and phu_hoa[-1] == "Đã công nhận"
    assert rows["th-dinh-hoa"][-2] is None  # a draft is not public
    districts = wb.worksheets[1]
    assert [c.value for c in districts[2]][:5] == ["Thủ Dầu Một", 2, 1, 1, 1]


def test_report_pdf_json_and_progress(programme, decided, client, api):
    r = client.get(f"/schools/report/{programme['year']}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and len(r.content) > 2000
    body = api.get(f"/api/schools/report/{programme['year']}/").json()
    assert body["province"]["recognised"] == 1 and body["schools"][0]["groups"]["management"] == 100.0
    assert api.get("/api/schools/report/2026/").json()["code"] == "validation_error"
    # the result is public, the evidence files are not
    ev = decided.evidence.get()
    assert client.get(f"/schools/evidence/{ev.pk}/").status_code == 404
    assert api.get(f"/api/schools/assessments/{decided.pk}/").json()["evidence"][0]["url"] is None
    prog = api.get("/api/schools/progress/th-phu-hoa-1/").json()
    assert prog["years"][0]["state"] == "recognised" and prog["years"][0]["delta"] is None


def test_pages_render_bilingual(programme, decided, client_as):
    client = client_as(programme["doet"])
    year = programme["year"]
    pages = {"/schools/": "Trường tiểu học tiên tiến – hiện đại", "/schools/list/": "Trường Tiểu học Định Hòa",
             "/schools/s/th-phu-hoa-1/": "Số học sinh", f"/schools/s/th-phu-hoa-1/{year}/": "Đã công nhận",
             "/schools/criteria/": "Bộ tiêu chí", f"/schools/criteria/{programme['set'].pk}/": "Đã công bố (cố định)",
             f"/schools/report/{year}/": "Báo cáo năm học"}
    for url, text in pages.items():
        r = client.get(url)
        assert r.status_code == 200, url
        assert text in r.content.decode(), url
    r = client.get("/schools/?lang=en")
    assert "Advanced-modern primary schools" in r.content.decode() and 'class="chart' in r.content.decode()
    r = client.get("/schools/s/th-phu-hoa-1/")
    assert "<polygon" in r.content.decode()  # radar chart of the areas


def test_report_command_writes_files(programme, decided, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("schools", "report", programme["year"], "--xlsx", str(tmp_path / "r.xlsx"), "--pdf", str(tmp_path / "r.pdf"),
                 stdout=out)
    assert "1 recognised" in out.getvalue() and "Thủ Dầu Một\t1/1" in out.getvalue()
    assert load_workbook(tmp_path / "r.xlsx").worksheets[0].max_row == 3
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")

"""Monthly report of a station and of a facility: exceedances by parameter and averaging
period, data completeness, downtime; the page, the PDF (opens: header, pages, embedded
Unicode font) and the Excel workbook (re-read with openpyxl: the right numbers)."""
import re
import zlib
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.environment.test_limits import HOUR, _fresh_index, feed, midnight, seeded, stream  # noqa: F401

OCT = "2026-10"


@pytest.fixture
def station(make_station, seeded):  # noqa: F811
    st = make_station("BD_TDM_KK02", kind="air", name="Trạm không khí Phú Cường, Thủ Dầu Một",
                      facility="Trung tâm Quan trắc Tài nguyên và Môi trường Bình Dương")
    ds = stream(st, "pm25")
    d1, d2, d3 = midnight(2026, 10, 1), midnight(2026, 10, 2), midnight(2026, 10, 3)
    feed(ds, d1, 24, 30.0)
    feed(ds, d2, 24, 62.0)  # the 24 h mean exceeds 45
    calibrating = (d3 + 10 * HOUR, d3 + 12 * HOUR)
    feed(ds, d3, 24, 30.0, status=lambda t: 1 if calibrating[0] <= t < calibrating[1] else 0)
    return st  # nothing after 3 October: 28 days of downtime


def _report(station):
    from smartcity.environment import report

    return report.station_report(station, 2026, 10)


def test_report_numbers(station):
    rep = _report(station)
    pm = next(p for p in rep.params if p.quantity == "pm25")
    c = pm.completeness
    assert (c.expected, c.received, c.valid) == (31 * 288, 3 * 288, 3 * 288 - 24)
    assert round(c.valid_pct, 2) == round(100 * 840 / 8928, 2)
    assert pm.status_seconds == {1: 2 * HOUR}
    day = next(s for s in pm.summaries if s.averaging == "24h")
    assert (day.windows, day.exceeded, day.limit) == (3, 1, 45.0)
    assert day.worst == pytest.approx(62.0) and day.worst_window == (midnight(2026, 10, 2), midnight(2026, 10, 3))
    assert rep.exceeded == 1
    assert rep.downtime == [(midnight(2026, 10, 4), midnight(2026, 11, 1))]
    assert pm.day_limit == 45.0


def test_xlsx_reads_back_with_the_right_numbers(station):
    from smartcity.environment import report_xlsx

    data = report_xlsx.render([_report(station)], "Báo cáo tháng 10/2026")
    wb = load_workbook(BytesIO(data))
    assert wb.sheetnames == list(report_xlsx.SHEETS)
    exc = [r for r in wb["Vượt chuẩn"].iter_rows(min_row=2, values_only=True) if r[1] == "PM2.5"]
    assert len(exc) == 2  # 24 h and the annual limit (not judged: too little data)
    row = next(r for r in exc if r[2] == "24 giờ")
    assert row[0] == "BD_TDM_KK02" and row[4] == "QCVN 05:2023/BTNMT" and row[5] == 3 and row[6] == 1
    assert row[7] == pytest.approx(62.0) and row[8] == 45
    summary = [r for r in wb["Tổng hợp"].iter_rows(min_row=4, values_only=True) if r[3] == "PM2.5"][0]
    assert summary[5:8] == (8928, 864, 840) and summary[8] == pytest.approx(840 / 8928)
    assert isinstance(summary[10], (int, float)) and summary[10] == pytest.approx(672.0)  # a number, not text
    comp = [r for r in wb["Đầy đủ dữ liệu"].iter_rows(min_row=2, values_only=True) if r[1] == "PM2.5"][0]
    assert comp[8] == 2.0  # hours of calibration
    details = list(wb["Chi tiết vượt chuẩn"].iter_rows(min_row=2, values_only=True))
    assert len(details) == 1 and details[0][3].day == 2 and details[0][5] == pytest.approx(62.0)
    gaps = list(wb["Gián đoạn"].iter_rows(min_row=2, values_only=True))
    assert gaps[0][1] == "Cả trạm" and gaps[0][4] == pytest.approx(672.0)


def _pdf_text_ok(data: bytes) -> tuple[int, bool]:
    """(pages, Unicode font embedded) read from the PDF's own objects."""
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    fonts = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", data)
    return pages, any(b"DejaVu" in f or b"Noto" in f or b"Liberation" in f or b"FreeSans" in f for f in fonts)


def test_pdf_opens(station):
    from smartcity.environment import report_pdf

    data = report_pdf.render([_report(station)], "Báo cáo quan trắc môi trường tháng 10/2026")
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    pages, unicode_font = _pdf_text_ok(data)
    assert pages >= 1 and unicode_font
    # the page content streams decompress and draw text with the embedded font
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    texts = []
    for s in streams:
        try:
            texts.append(zlib.decompress(s))
        except zlib.error:
            continue
    assert any(b"BT" in t and b"Tj" in t for t in texts)


def test_pages_and_downloads(station, client):
    page = client.get(f"/environment/limits/stations/{station.code}/report/{OCT}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="total-exceeded">1<' in html and "report-charts" in html and 'id="pdf-link"' in html
    pdf = client.get(f"/environment/limits/stations/{station.code}/report/{OCT}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/environment/limits/stations/{station.code}/report/{OCT}.xlsx")
    assert xlsx.status_code == 200 and load_workbook(BytesIO(xlsx.content)).sheetnames[0] == "Tổng hợp"
    assert client.get(f"/environment/limits/stations/{station.code}/report/2026-13/").status_code == 404
    picked = client.get(f"/environment/limits/stations/{station.code}/report/", {"month": OCT})
    assert picked.status_code == 302 and picked["Location"].endswith(f"/report/{OCT}/")


def test_facility_report_gathers_the_stations_of_a_facility(station, make_station, client):
    other = make_station("BD_TDM_KK03", kind="air", name="Trạm không khí Hiệp Thành", facility=station.facility)
    make_station("BD_DIAN_KK09", kind="air", name="Trạm không khí Dĩ An", facility="Cơ sở khác")
    feed(stream(other, "pm25"), midnight(2026, 10, 10), 24, 20.0)
    q = {"facility": station.facility, "month": OCT}
    page = client.get("/environment/limits/facility-report/", q).content.decode()
    assert 'data-station="BD_TDM_KK02"' in page and 'data-station="BD_TDM_KK03"' in page and "BD_DIAN_KK09" not in page
    wb = load_workbook(BytesIO(client.get("/environment/limits/facility-report.xlsx", q).content))
    codes = {r[0] for r in wb["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert codes == {"BD_TDM_KK02", "BD_TDM_KK03"}
    pdf = client.get("/environment/limits/facility-report.pdf", q).content
    assert _pdf_text_ok(pdf)[0] >= 2
    assert client.get("/environment/limits/facility-report/", {"facility": "Không có", "month": OCT}).status_code == 404


def test_pdf_without_a_unicode_font_says_which_package_to_install(station, client, monkeypatch):
    from smartcity.environment import report_pdf

    monkeypatch.setattr(report_pdf, "FONT_CANDIDATES", [("/nonexistent/Regular.ttf", "/nonexistent/Bold.ttf")])
    monkeypatch.delenv("SMARTCITY_PDF_FONT", raising=False)
    pdf = client.get(f"/environment/limits/stations/{station.code}/report/{OCT}.pdf")
    assert pdf.status_code == 503 and "fonts-dejavu-core" in pdf.content.decode()
    xlsx = client.get(f"/environment/limits/stations/{station.code}/report/{OCT}.xlsx")
    assert xlsx.status_code == 200  # the Excel report needs no font


def test_report_command_writes_the_files(station, tmp_path, capsys):
    """`smartcity env report`: the same workbook and PDF as the pages, written to a file;
    an unknown station or a bad month is refused with the reason."""
    from django.core.management import CommandError, call_command

    out = tmp_path / "bao-cao.xlsx"
    call_command("env", "report", "--month", OCT, "--station", "BD_TDM_KK02", "--format", "xlsx", "--out", str(out))
    wb = load_workbook(out)
    rows = [r for r in wb["Vượt chuẩn"].iter_rows(min_row=2, values_only=True) if r[1] == "PM2.5" and r[2] == "24 giờ"]
    assert rows and rows[0][6] == 1  # the one exceeded day
    assert "10/2026" in capsys.readouterr().out
    facility = tmp_path / "co-so.xlsx"
    call_command("env", "report", "--month", OCT, "--facility", "Trung tâm Quan trắc Tài nguyên và Môi trường Bình Dương",
                 "--format", "xlsx", "--out", str(facility))
    assert load_workbook(facility)["Tổng hợp"].max_row > 3
    with pytest.raises(CommandError, match="BD_KHONG_CO"):
        call_command("env", "report", "--month", OCT, "--station", "BD_KHONG_CO", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("env", "report", "--month", "tháng 10", "--station", "BD_TDM_KK02", "--out", str(tmp_path / "x.pdf"))

"""Service-quality dashboard and the monthly report, from RouteKpi rows made here (the
quality service that computes them is tested on its own)."""
import re
import zlib
from datetime import date, timedelta
from io import BytesIO

import pytest

from smartcity.testing import require
from openpyxl import load_workbook

from smartcity.mobility import report_quality as rq

pytestmark = pytest.mark.django_db

NOV = date(2026, 11, 1)
# route -> (OTP of direction 0, cv_h, trips scheduled a day, trips observed a day)
ROUTES = {"51": (0.91, 0.18, 34, 34), "52": (0.62, 0.81, 34, 31), "70": (0.78, 0.35, 20, 19), "61-77": (0.85, 0.45, 24, 24)}


@pytest.fixture
def feed(reference):
    from smartcity.core.models import Organisation
    from smartcity.mobility.models import Feed, Route

    f = Feed.objects.create(owner=Organisation.objects.get(code="BECAMEXTOKYU"), name="binh-duong", status="active")
    for rid, long_name in (("51", "Thủ Dầu Một - Thành phố mới - Đại học Quốc tế Miền Đông"), ("52", "Thủ Dầu Một - Thành phố mới (chiều ngược)"),
                           ("70", "Thành phố mới - Mỹ Phước"), ("61-77", "Thành phố mới - Dĩ An - Suối Tiên")):
        Route.objects.create(feed=f, route_id=f"R{rid}", route_short_name=rid, route_long_name=long_name, route_type="3")
    return f


@pytest.fixture
def kpis(feed):
    """30 days of November: daily rows for both directions (direction 1 five points worse),
    hourly rows for 06-20 h, and one missed trip a day on route 52."""
    from smartcity.mobility.models import RouteKpi

    rows = []
    for day in range(30):
        d = NOV + timedelta(days=day)
        wobble = 0.02 if day % 2 else -0.02
        for rid, (otp, cv, sched, obs) in ROUTES.items():
            for direction in (0, 1):
                o = otp - 0.05 * direction + wobble
                rows.append(RouteKpi(feed=feed, route_id=f"R{rid}", direction_id=direction, date=d, hour=None, otp=o, cv_h=cv,
                                     los=rq.los_for(cv), bunching=0.02 + cv / 10, ewt_s=40 + cv * 100 if sched >= 30 else None,
                                     trips_scheduled=sched, trips_observed=obs, missed_trips=sched - obs,
                                     running_time_cv=0.08 + cv / 10, buffer_time_s=300 + cv * 600))
                for hour in range(6, 21):
                    rows.append(RouteKpi(feed=feed, route_id=f"R{rid}", direction_id=direction, date=d, hour=hour,
                                         otp=max(0.0, o - (0.2 if hour in (7, 17) else 0.0)), cv_h=cv, trips_scheduled=2,
                                         trips_observed=2))
    RouteKpi.objects.bulk_create(rows)
    return rows


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user("giamsat-gtvt", "DOT", role="viewer"))
    return client


def test_los_thresholds():
    cases = {0.0: "A", 0.21: "A", 0.22: "B", 0.30: "B", 0.31: "C", 0.39: "C", 0.40: "D", 0.52: "D", 0.53: "E", 0.74: "E",
             0.75: "F", 1.4: "F", None: ""}
    assert {cv: rq.los_for(cv) for cv in cases} == cases


def test_anonymous_is_sent_to_login(client):
    for url in ("/mobility/quality/", "/mobility/quality/?format=pdf&month=2026-11", "/mobility/quality/routes/R51/"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r["Location"], url


def test_dashboard_ranks_routes_with_los_badges(kpis, feed, staff):
    r = staff.get("/mobility/quality/", {"feed": feed.pk, "start": "2026-11-01", "end": "2026-11-30"})
    assert r.status_code == 200
    html = r.content.decode()
    order = re.findall(r'<tr data-route="([^"]+)" data-direction="(\d)" data-rank="(\d+)"', html)
    expected = sorted(((f"R{rid}", d, otp - 0.05 * d) for rid, (otp, *_x) in ROUTES.items() for d in (0, 1)), key=lambda x: -x[2])
    assert [(rid, int(d)) for rid, d, _rank in order] == [(rid, d) for rid, d, _o in expected]
    assert [int(rank) for *_x, rank in order] == list(range(1, 9))
    badges = dict(re.findall(r'<tr data-route="([^"]+)" data-direction="0".*?data-los="([A-F]?)"', html, re.S))
    assert badges == {"R51": "A", "R52": "F", "R70": "C", "R61-77": "D"}
    assert 'class="mob-los mob-los-F"' in html and "Thành phố mới - Mỹ Phước" in html
    # the ranking chart has one bar per route-direction, widest first
    bars = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)" height="18"', html)]
    assert len(bars) == 8 and bars == sorted(bars, reverse=True)
    # network figures: sums and weighted means over 30 days
    net = r.context["data"].network
    assert net.trips_scheduled == 30 * 2 * sum(v[2] for v in ROUTES.values())
    assert net.missed_trips == 30 * 2 * sum(v[2] - v[3] for v in ROUTES.values())
    assert len(r.context["data"].daily) == 30 and len(r.context["series"]["points"]) == 30
    # hour profile: rush hours 7 and 17 are 20 points worse than 8 and 18
    hours = {b["hour"]: b["value"] for b in r.context["hours"]["bars"]}
    assert hours[7] < hours[8] - 15 and hours[17] < hours[18] - 15 and hours[3] is None
    assert 'data-hour="7"' in html and f'href="/mobility/quality/routes/R52/?feed={feed.pk}' in html
    assert "format=pdf&amp;month=2026-11" in html and "format=xlsx" in html


def test_dashboard_direction_filter_and_bad_dates(kpis, feed, staff):
    r = staff.get("/mobility/quality/", {"feed": feed.pk, "start": "2026-11-01", "end": "2026-11-30", "direction": "1"})
    assert {x["r"].direction_id for x in r.context["rows"]} == {1} and len(r.context["rows"]) == 4
    bad = staff.get("/mobility/quality/", {"feed": feed.pk, "start": "1-11-2026"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.content.decode()
    assert staff.get("/mobility/quality/", {"feed": "999999"}).status_code == 404
    # default range: the last 30 days with figures
    d = staff.get("/mobility/quality/")
    assert d.context["end"] == date(2026, 11, 30) and d.context["start"] == date(2026, 11, 1)


def test_empty_dashboard(staff, reference):
    r = staff.get("/mobility/quality/")
    assert r.status_code == 200 and 'id="no-kpis"' in r.content.decode()


def test_route_page(kpis, feed, staff):
    r = staff.get("/mobility/quality/routes/R52/", {"feed": feed.pk, "start": "2026-11-01", "end": "2026-11-30"})
    assert r.status_code == 200
    html = r.content.decode()
    assert [x["r"].direction_id for x in r.context["data_rows"]] == [0, 1]
    assert 'id="otp-dir-0"' in html and 'id="otp-dir-1"' in html and html.count('class="mob-daily"') == 2
    assert all(len(c["points"]) == 30 for c in r.context["charts"])
    assert staff.get("/mobility/quality/routes/NOPE/", {"feed": feed.pk}).status_code == 404


def _pdf_streams(data: bytes) -> list[bytes]:
    out = []
    for s in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(s))
        except zlib.error:
            out.append(s)
    return out


def test_pdf_report(kpis, feed, staff):
    from smartcity.environment.report_pdf import FontMissing, find_font

    try:
        find_font()
    except FontMissing:
        r = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "pdf", "month": "2026-11"})
        assert r.status_code == 503 and "fonts-dejavu-core" in r.content.decode()
        require(False, "a Unicode TrueType font (fonts-dejavu-core; the 503 answer naming it was checked)")
    r = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "pdf", "month": "2026-11"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-chat-luong-xe-buyt-2026-11.pdf"' in r["Content-Disposition"]
    data = r.content
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    # the month is in the document's title (UTF-16 in the info dictionary) and keywords
    title = bytes.fromhex(re.search(rb"/Title <([0-9a-fA-F]+)>", data).group(1).decode()).decode("utf-16")
    assert title == "Báo cáo chất lượng dịch vụ xe buýt tháng 11/2026" and b"2026-11" in data
    streams = _pdf_streams(data)
    assert any(b"BT" in s and b"Tj" in s for s in streams)  # text drawn
    assert any(b"FontFile2" in s or b"/FontFile2" in data for s in streams)  # the TrueType font embedded
    # an empty month still gives a PDF (saying there are no figures), a bad month a 400
    empty = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "pdf", "month": "2026-01"})
    assert empty.status_code == 200 and empty.content.startswith(b"%PDF") and len(empty.content) < len(data)
    assert staff.get("/mobility/quality/", {"feed": feed.pk, "format": "pdf", "month": "2026-13"}).status_code == 400
    assert staff.get("/mobility/quality/", {"feed": feed.pk, "format": "doc", "month": "2026-11"}).status_code == 400


def test_pdf_without_font_answers_503(kpis, feed, staff, monkeypatch):
    from smartcity.environment import report_pdf

    monkeypatch.setattr(report_pdf, "FONT_CANDIDATES", [("/nonexistent/font.ttf", "/nonexistent/bold.ttf")])
    monkeypatch.delenv("SMARTCITY_PDF_FONT", raising=False)
    r = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "pdf", "month": "2026-11"})
    assert r.status_code == 503 and "fonts-dejavu-core" in r.content.decode()


def test_xlsx_report(kpis, feed, staff):
    r = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "xlsx", "month": "2026-11"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == list(rq.SHEETS)
    assert "11/2026" in wb["Tổng hợp"]["A1"].value
    ws = wb["Xếp hạng tuyến"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8 and [r[0] for r in rows] == list(range(1, 9))
    best = rows[0]
    assert best[1] == "R51" and best[2] == "51" and best[4] == 0 and best[7] == "A"
    assert best[5] == pytest.approx(0.91, abs=1e-9)  # the ±0.02 wobble averages out over 30 days (equal weights)
    assert rows[-1][1] == "R52" and rows[-1][7] == "F"
    worst = rows[-1]
    assert worst[10] == 30 * 34 and worst[11] == 30 * 31 and worst[12] == 30 * 3
    daily = list(wb["Theo ngày"].iter_rows(min_row=2, values_only=True))
    assert len(daily) == 30 and daily[0][0].date() == NOV
    hourly = list(wb["Theo giờ"].iter_rows(min_row=2, values_only=True))
    assert [h[0] for h in hourly] == list(range(6, 21))
    # direction filter carries into the report
    r1 = staff.get("/mobility/quality/", {"feed": feed.pk, "format": "xlsx", "month": "2026-11", "direction": "1"})
    rows1 = list(load_workbook(BytesIO(r1.content))["Xếp hạng tuyến"].iter_rows(min_row=2, values_only=True))
    assert {r[4] for r in rows1} == {1} and len(rows1) == 4

"""The demo loader: about 40 reports in every state with consistent times, two consultations."""
import time

import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_fast_and_consistently(reference):
    from smartcity.participation import demo
    from smartcity.participation.models import Comment, Consultation, Report, State

    started = time.perf_counter()
    counts = demo.load_demo()
    assert time.perf_counter() - started < 5
    assert counts["reports.reports"] == 40 and counts["consultations.consultations"] == 2
    assert {s for s in Report.objects.values_list("state", flat=True)} >= {State.RECEIVED, State.RESOLVED, State.IN_PROGRESS}
    for r in Report.objects.filter(state=State.RESOLVED):
        assert r.received_at <= r.first_response_at <= r.closed_at and r.response
    open_c = Consultation.objects.get(slug="ke-hoach-do-thi-thong-minh-2026-2030")
    assert open_c.is_open() and open_c.title.startswith("Lấy ý kiến về Kế hoạch phát triển đô thị thông minh")
    assert Consultation.objects.exclude(official_answer="").count() == 1
    assert Comment.objects.filter(consultation=open_c, state="pending").exists()
    assert demo.load_demo()["reports.reports"] == 0  # idempotent


def test_demo_pages_render_and_staff_see_their_own_reports(reference, client, make_user):
    from smartcity.participation import demo
    from smartcity.participation.models import Report

    demo.load_demo()
    for url in ("/participation/", "/participation/reports/", "/participation/consultations/",
                "/participation/reports/stats/", "/participation/reports/new/"):
        assert client.get(url).status_code == 200, url
    closed = client.get("/participation/c/wifi-cong-cong-2025/").content.decode()
    assert "Trả lời chính thức của Sở" in closed and "Gửi mã cho tôi" not in closed
    opened = client.get("/participation/c/ke-hoach-do-thi-thong-minh-2026-2030/").content.decode()
    assert "Quảng cáo bán hàng" not in opened and "Đèn giao thông thích ứng rất cần" not in opened  # hidden, pending
    assert "Đề nghị tích hợp phản ánh hiện trường" in opened
    assert client.get("/participation/staff/").status_code == 302  # login first
    client.force_login(make_user("donre.thu", "DONRE"))
    html = client.get("/participation/staff/?all=1").content.decode()
    donre = Report.objects.filter(owner__code="DONRE").values_list("code", flat=True)
    others = Report.objects.exclude(owner__code="DONRE").values_list("code", flat=True)
    assert all(c in html for c in donre) and not any(f">{c}<" in html for c in others)
    dot_report = Report.objects.filter(owner__code="DOT", state="received").first() or Report.objects.filter(owner__code="DOT").first()
    assert client.post(f"/participation/r/{dot_report.code}/act/", {"state": "resolved", "note": "x"}).status_code == 403

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

"""Response-time statistics against hand computation."""
from datetime import timedelta

import pytest
from django.utils import timezone

from smartcity.participation import stats
from smartcity.participation.models import Report, State


def test_percentiles_by_hand():
    assert stats.percentile([], 90) is None
    assert stats.median([5, 1, 3]) == 3 and stats.median([4, 1, 3, 2]) == 2.5
    data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert stats.percentile(data, 90) == 9 and stats.percentile(data, 50) == 5 and stats.percentile(data, 100) == 10
    assert stats.percentile([7], 90) == 7
    assert stats.inside_binh_duong(10.98, 106.65) and not stats.inside_binh_duong(10.776, 106.700)


@pytest.mark.django_db
def test_api_and_page_match_hand_computation(make_report, client, api):
    base = timezone.now() - timedelta(days=3)
    # streetlights: first response after 2, 4, 9 h; resolved after 10 and 30 h (one still open)
    for first, done in ((2, 10), (4, 30), (9, None)):
        r = make_report("streetlights")
        r.received_at, r.first_response_at = base, base + timedelta(hours=first)
        r.state, r.closed_at = (State.RESOLVED, base + timedelta(hours=done)) if done else (State.IN_PROGRESS, None)
        r.save()
    w = make_report("waste")
    w.received_at, w.first_response_at, w.closed_at, w.state = base, base + timedelta(hours=1), base + timedelta(hours=5), State.REJECTED
    w.save()
    groups = {g["key"][0]: g for g in api.get("/api/participation/stats/?by=category").json()["groups"]}
    s = groups["streetlights"]
    assert s["count"] == 3 and s["resolved"] == 2
    assert s["first_response_median_h"] == pytest.approx(4) and s["first_response_p90_h"] == pytest.approx(9)
    assert s["resolve_median_h"] == pytest.approx(20) and s["resolve_p90_h"] == pytest.approx(30)
    assert groups["waste"]["resolve_median_h"] is None and groups["waste"]["first_response_median_h"] == pytest.approx(1)
    org = {g["key"][0]: g for g in api.get("/api/participation/stats/?by=org").json()["groups"]}
    assert org["DOT"]["count"] == 3 and org["DONRE"]["count"] == 1
    html = client.get("/participation/reports/stats/").content.decode()
    assert 'id="part-chart-cat"' in html and "<svg" in html and "Đèn chiếu sáng" in html
    assert Report.objects.count() == 4

"""Startups: filters and search without diacritics (page and API), statistics numbers,
permissions (another organisation gets 403 in the error shape), programmes and calendar."""
import datetime as dt

import pytest

from smartcity.innovation import stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecosystem(make_startup):
    a = make_startup("fruittrace-lai-thieu", "FruitTrace Lái Thiêu", stage="growth", tags=("agritech", "traceability"),
                     unis=("TDMU",), tagline="Truy xuất nguồn gốc măng cụt Lái Thiêu", founders=("female", "male"),
                     funding=[(dt.date(2022, 5, 1), "grant", 300_000_000), (dt.date(2024, 2, 1), "seed", 5_000_000_000)])
    b = make_startup("skillup-vsip", "SkillUp VSIP", stage="seed", tags=("edtech",), unis=("VSVC", "EIU"),
                     tagline="Học nghề trực tuyến cho công nhân", founders=("male",),
                     funding=[(dt.date(2024, 9, 1), "angel", 800_000_000)])
    c = make_startup("nam-sach-phu-giao", "Nấm Sạch Phú Giáo", stage="prototype", tags=("agritech", "iot"), unis=("TDMU",),
                     founders=("unknown",))
    hidden = make_startup("du-an-an", "Dự án chưa công bố", stage="idea", published=False)
    return a, b, c, hidden


def test_list_filters_and_search_without_diacritics(ecosystem, client, api):
    page = client.get("/innovation/startups/?q=lai thieu").content.decode()
    assert "FruitTrace Lái Thiêu" in page and "SkillUp" not in page
    page = client.get("/innovation/startups/?q=NAM SACH").content.decode()
    assert "Nấm Sạch Phú Giáo" in page and "FruitTrace" not in page
    page = client.get("/innovation/startups/?tag=agritech&university=TDMU&stage=prototype").content.decode()
    assert 'data-slug="nam-sach-phu-giao"' in page and 'data-slug="fruittrace-lai-thieu"' not in page
    assert "Dự án chưa công bố" not in client.get("/innovation/startups/").content.decode()
    rows = api.get("/api/innovation/startups/?q=truy xuat mang cut").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["slug"] for r in rows] == ["fruittrace-lai-thieu"]
    assert rows[0]["universities"] == ["TDMU"] and len(rows[0]["funding"]) == 2 and rows[0]["team"][0]["gender"] in ("female", "male")
    rows = api.get("/api/innovation/startups/?university=EIU").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["slug"] for r in rows] == ["skillup-vsip"]
    assert client.get("/innovation/startups/fruittrace-lai-thieu/").status_code == 200
    assert client.get("/innovation/startups/du-an-an/").status_code == 404


def test_statistics_numbers(ecosystem, api, client):
    st = api.get("/api/innovation/startups/stats/").json()
    assert st["total"] == 3
    assert st["by_stage"] == {"idea": 0, "prototype": 1, "seed": 1, "growth": 1, "scale": 0}
    assert st["by_tag"]["agritech"] == 2 and st["by_tag"]["edtech"] == 1
    assert st["by_university"] == {"TDMU": 2, "EIU": 1, "VSVC": 1}
    f = st["funding"]
    assert f["years"] == [2022, 2023, 2024] and f["counts"] == [1, 0, 2] and f["totals"] == [3e8, 0, 5.8e9]
    assert st["women_founders_pct"] == 50.0  # 1 of the 2 startups whose founders' gender is known
    page = client.get("/innovation/startups/stats/").content.decode()
    assert 'data-chart="funding"' in page and 'data-label="TDMU"' not in page and 'data-value="2"' in page


def test_pure_statistics():
    assert stats.by_key([["a", "b"], ["a"], ["a", "a"]]) == [("a", 3), ("b", 1)]
    assert stats.women_founder_share([["female"], ["male"], ["unknown"], []]) == 50.0
    assert stats.women_founder_share([["unknown"]]) is None
    f = stats.funding_per_year([(2020, "grant", 1), (2022, "seed", 5), (2022, "grant", 2)])
    assert f["years"] == [2020, 2021, 2022] and f["amounts"]["grant"] == [1, 0, 2] and f["totals"] == [1, 0, 7]


def test_permissions_other_organisation_gets_403(ecosystem, api, make_user, client):
    editor = make_user("dost.khoa", "DOST", "editor")
    other = make_user("dpi.thao", "DPI", "editor")
    api.force_authenticate(other)
    r = api.patch("/api/innovation/startups/skillup-vsip/", {"stage": "growth"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["status"] == 403 and "errors" in r.json()
    r = api.post("/api/innovation/startups/", {"slug": "x-moi", "name": "Startup mới", "owner": "DOST"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/innovation/funding-rounds/", {"startup": "skillup-vsip", "date": "2025-01-10", "kind": "grant",
                                                     "amount_vnd": "100000000", "investor": "Quỹ"}, format="json")
    assert r.status_code == 403
    api.force_authenticate(None)
    assert api.patch("/api/innovation/startups/skillup-vsip/", {"stage": "growth"}, format="json").status_code in (401, 403)
    api.force_authenticate(editor)
    r = api.patch("/api/innovation/startups/skillup-vsip/", {"stage": "growth", "tags": ["EdTech", "workforce"]}, format="json")
    assert r.status_code == 200 and r.json()["stage"] == "growth" and r.json()["tags"] == ["edtech", "workforce"]
    r = api.post("/api/innovation/funding-rounds/", {"startup": "skillup-vsip", "date": "2025-01-10", "kind": "grant",
                                                     "amount_vnd": "100000000", "investor": "Quỹ Phát triển KH&CN"}, format="json")
    assert r.status_code == 201
    client.force_login(other)
    assert client.get("/innovation/startups/skillup-vsip/edit/").status_code == 403
    client.force_login(editor)
    r = client.post("/innovation/startups/skillup-vsip/edit/", {"name": "SkillUp VSIP", "slug": "skillup-vsip", "stage": "scale",
                                                                "tags_text": "edtech, iot", "published": "on"})
    assert r.status_code == 302
    from smartcity.innovation.models import Startup

    s = Startup.objects.get(slug="skillup-vsip")
    assert s.stage == "scale" and s.tags == ["edtech", "iot"] and s.history.count() >= 3


def test_programmes_events_sessions_calendar(ecosystem, orgs, client, api):
    from django.utils import timezone

    from smartcity.innovation.models import Event, MentoringSession, Mentor, Milestone, Programme

    tz = timezone.get_current_timezone()
    p = Programme.objects.create(slug="uom-tao-2026", name="Chương trình Ươm tạo 2026", starts=dt.date(2026, 2, 16),
                                 ends=dt.date(2026, 12, 18), owner=orgs["DOST"])
    p.startups.set(ecosystem[:2])
    Milestone.objects.create(programme=p, title="Demo Day ươm tạo", due=dt.date(2026, 5, 20))
    mentor = Mentor.objects.create(name="Nguyễn Văn Hiếu", expertise="IoT nông nghiệp", owner=orgs["DOST"])
    MentoringSession.objects.create(mentor=mentor, startup=ecosystem[0], programme=p, topic="Gọi vốn", notes="Ghi chú riêng",
                                    at=dt.datetime(2026, 5, 12, 9, tzinfo=tz), owner=orgs["DOST"], published=False)
    Event.objects.create(slug="ngay-hoi-2026", title="Ngày hội Khởi nghiệp Đổi mới Sáng tạo tỉnh Bình Dương 2026", kind="techfest",
                         starts=dt.datetime(2026, 5, 23, 8, tzinfo=tz), registrations=1268, owner=orgs["DOST"])
    cal = client.get("/innovation/calendar/?month=2026-05").content.decode()
    assert "Ngày hội Khởi nghiệp" in cal and "Demo Day ươm tạo" in cal and "Nguyễn Văn Hiếu" not in cal  # sessions are private
    assert 'data-count="2"' in cal
    assert client.get("/innovation/calendar/?month=2026-13").status_code == 404
    page = client.get("/innovation/programmes/uom-tao-2026/").content.decode()
    assert "FruitTrace Lái Thiêu" in page and "SkillUp VSIP" in page and "Nấm Sạch" not in page
    assert api.get("/api/innovation/sessions/").json() in ([], {"count": 0, "next": None, "previous": None, "results": []})
    ev = api.get("/api/innovation/events/").json()
    ev = ev["results"] if isinstance(ev, dict) else ev
    assert ev[0]["registrations"] == 1268

"""Research projects and training courses: budget by source, outputs and plan items through
the API; courses with employers linked to the shared enterprise record; the statistics of
people trained (pure and on the page with its SVG charts); other organisations get 403."""
from datetime import date

import pytest

from smartcity.research import stats
from smartcity.research.models import Course, CourseEmployer, ResearchProject

pytestmark = pytest.mark.django_db


def test_people_trained_by_year_topic_provider():
    rows = [{"year": 2024, "topic": "iot", "provider": "TDMU", "participants": 30, "completed": 24},
            {"year": 2024, "topic": "data", "provider": "EIU", "participants": 50, "completed": 35},
            {"year": 2025, "topic": "iot", "provider": "TDMU", "participants": 20, "completed": 25}]  # over-reported: capped
    s = stats.people_trained(rows)
    assert s["by_year"][2024] == {"participants": 80, "completed": 59, "courses": 2, "completion_rate": 73.8}
    assert s["by_topic"]["iot"]["completed"] == 44 and s["by_provider"]["EIU"]["completion_rate"] == 70.0
    assert s["by_year_topic"] == {2024: {"iot": 30, "data": 50}, 2025: {"iot": 20}}
    assert s["total"]["participants"] == 100 and stats.completion_rate(0, 0) is None


def test_project_api_budget_outputs_and_plan_items(api, make_user):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, Plan

    tdmu, vgu = make_user("tdmu.long", "TDMU", "editor"), make_user("vgu.phong", "VGU", "editor")
    plan = Plan.objects.create(code="kh-11-2018", number="11/KH-BDH", title_vi="Kế hoạch 11/KH-BDH", issued_on=date(2018, 3, 1),
                               year=2018, owner=Organisation.objects.get(code="BDH"))
    item = Item.objects.create(plan=plan, kind="task", number="II.12.1", title_vi="Nghiên cứu phục vụ Thành phố Thông minh",
                               owner=Organisation.objects.get(code="TDMU"), reference="P6")
    api.force_authenticate(tdmu)
    body = {"code": "DT-TDMU-2024-02", "title_vi": "Cảm biến mực nước LoRaWAN cảnh báo ngập đô thị", "partners": ["DOC", "DOST"],
            "principal_investigator": "ThS. Lê Minh Tuấn", "budget_province_vnd": 980_000_000, "budget_university_vnd": 120_000_000,
            "start": "2024-04-01", "end": "2026-12-31", "status": "ongoing", "plan_item_ids": [item.pk],
            "outputs": [{"kind": "prototype", "title": "Nút đo mực nước TDMU-WL", "year": 2025},
                        {"kind": "paper", "title": "Ultrasonic flood sensing", "year": 2026, "link": "https://doi.org/10.1000/xyz"}]}
    r = api.post("/api/research/projects/", body, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["owner"] == "TDMU" and d["budget_total_vnd"] == 1_100_000_000 and d["plan_items"][0]["number"] == "II.12.1"
    assert sorted(o["kind"] for o in d["outputs"]) == ["paper", "prototype"] and sorted(d["partners"]) == ["DOC", "DOST"]
    r = api.post("/api/research/projects/", {**body, "code": "X-1", "end": "2020-01-01", "outputs": []}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "end", "code": "end_before_start",
                                                              "message": r.json()["errors"][0]["message"]}
    api.force_authenticate(vgu)
    r = api.patch("/api/research/projects/DT-TDMU-2024-02/", {"status": "cancelled"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and "detail" in r.json()
    assert ResearchProject.objects.get(code="DT-TDMU-2024-02").status == "ongoing"
    page = api.get("/research/projects/DT-TDMU-2024-02/")
    assert "1.100 triệu đồng" in page.content.decode()


def test_course_api_links_employers_to_enterprises_and_checks_counts(api, make_user):
    from smartcity.core.models import Organisation
    from smartcity.economy.models import Enterprise

    eiu = make_user("eiu.trung", "EIU", "editor")
    ent = Enterprise.objects.create(tax_code="3700148166", name_vi="Tổng Công ty Đầu tư và Phát triển Công nghiệp – CTCP",
                                    short_name="Becamex IDC", owner=Organisation.objects.get(code="DPI"))
    api.force_authenticate(eiu)
    body = {"code": "KH-2026-ROB-02", "title_vi": "ROS 2 cho robot tự hành", "topic": "manufacturing", "mode": "blended",
            "start": "2026-10-05", "end": "2026-12-18", "hours": 72, "capacity": 20, "participants": 18, "completed": 15,
            "skills": ["ROS 2", "SLAM"],
            "employers": [{"enterprise": "3700148166", "participants": 4}, {"employer_name": "Becamex Tokyu", "participants": 2}]}
    r = api.post("/api/research/courses/", body, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["owner"] == "EIU" and d["completion_rate"] == 83.3
    assert d["employers"][0]["enterprise_name"] == ent.name_vi
    assert CourseEmployer.objects.get(enterprise=ent).participants == 4
    r = api.post("/api/research/courses/", {**body, "code": "X", "completed": 30, "employers": [{"participants": 1}]}, format="json")
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"employers.0.employer_name"}
    r = api.post("/api/research/courses/", {**body, "code": "X", "completed": 30, "employers": []}, format="json")
    assert [e["code"] for e in r.json()["errors"]] == ["too_many"]
    api.force_authenticate(make_user("vsvc.luc", "VSVC", "editor"))
    assert api.patch("/api/research/courses/KH-2026-ROB-02/", {"completed": 18}, format="json").status_code == 403


def test_training_statistics_page_and_api(client, reference):
    from smartcity.core.models import Organisation

    tdmu, eiu = Organisation.objects.get(code="TDMU"), Organisation.objects.get(code="EIU")
    Course.objects.bulk_create([
        Course(code=f"K-{i}", owner=org, title_vi=f"Khóa {i}", topic=topic, start=date(year, 3, 1), end=date(year, 4, 1), hours=40,
               capacity=40, participants=n, completed=c)
        for i, (org, topic, year, n, c) in enumerate([(tdmu, "iot", 2024, 30, 24), (eiu, "data", 2024, 50, 35),
                                                      (tdmu, "iot", 2025, 20, 18)])])
    api_data = client.get("/api/research/training-stats/").json()
    assert api_data["total"]["participants"] == 100 and api_data["by_provider"]["TDMU"]["participants"] == 50
    assert client.get("/api/research/training-stats/", {"owner": "EIU"}).json()["total"]["participants"] == 50
    page = client.get("/research/courses/stats/").content.decode()
    assert '<svg class="chart" id="chart-year-topic"' in page and page.count('class="bar"') >= 3 + 4
    assert 'id="stats-participants">100<' in page and "IoT và hệ thống nhúng" in page

"""The reporting demo on the shipped 2018 plan: unit plans mostly on time and accepted, a few
late, one missing; monthly reports with overdue gaps; escalations mostly decided, two open;
a second run creates nothing."""
import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_demo_reports_on_the_2018_plan(reference, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    from smartcity.programme import demo_plan, demo_reports
    from smartcity.programme.models import Escalation, Plan, ProgressReport
    from smartcity.programme.services import escalations as es
    from smartcity.programme.services import reports as rs

    demo_plan.load()
    counts = demo_reports.load()
    assert counts["reports"] > 150 and counts["escalations"] == 8 and counts["unit_plans"] >= 5
    plan = Plan.objects.get(code="kh-11-2018")
    as_of = dt.date(2018, 12, 31)
    states = rs.unit_plan_states(plan, as_of)
    by_state = {}
    for r in states:
        by_state.setdefault(r["state"], []).append(r["organisation"].code)
    assert by_state["draft"] == ["DPI"] and all(r["overdue"] for r in states if r["organisation"].code == "DPI")
    late = {r["organisation"].code for r in states if r["late"] and not r["overdue"]}
    assert {"DOC", "DOHA", "TDMU"} <= late
    on_time = [r for r in states if r["state"] == "accepted" and not r["late"]]
    assert len(on_time) > len(late)
    overdue = rs.overdue_reports(plan, as_of)
    assert 5 <= len(overdue) <= 20 and {e.item.number for e in overdue} >= {"II.9.4", "II.3.b"}
    donre = ProgressReport.objects.get(item__number="II.9.2", period="2018-05", item__plan=plan)
    assert "Thủ Dầu Một, Dĩ An, Bến Cát" in donre.narrative and donre.figures[0]["value"] == 3 and donre.status == "accepted"
    assert ProgressReport.objects.filter(item__plan=plan, status="returned").count() == 1
    assert ProgressReport.objects.filter(item__plan=plan, status="submitted", period="2018-12").count() > 5
    opened = es.open_escalations(plan, as_of)
    assert [(r["stage"], r["age_days"], r["band"]) for r in opened] == [("review", 41, "old"), ("open", 19, "ageing"), ("open", 5, "fresh")]
    assert Escalation.objects.filter(item__plan=plan, status="decided").count() == 5
    assert plan.items.get(number="II.4.2").timeline.filter(source="decision").exists()
    again = demo_reports.load()
    assert not any(again.values())

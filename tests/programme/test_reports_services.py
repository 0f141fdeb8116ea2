"""Reporting services on the small plan: what is expected and overdue, unit plan states,
submit and review (accepting moves the item's progress and writes its timeline), reminders
sent once."""
import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from smartcity.programme.models import ProgressReport, Reminder, TimelineEntry, UnitPlanLine
from smartcity.programme.services import reports as rs

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {"dot": make_user("dot.editor", "DOT", email="gtvt@binhduong.gov.vn"),
            "dot_viewer": make_user("dot.viewer", "DOT", role="viewer", email="xem@binhduong.gov.vn"),
            "donre": make_user("donre.editor", "DONRE", email="tnmt@binhduong.gov.vn"),
            "office": make_user("vp.manager", "VPTPTM", role="manager", email="vptptm@binhduong.gov.vn")}


def write(item, user, period, progress=30, **extra):
    return rs.save_report(item, user, period, progress=progress, narrative=extra.pop("narrative", "Đã hoàn thành khảo sát hiện trạng."), **extra)


def test_expected_reports_follow_the_schedule_and_the_items_dates(small_plan):
    plan, items, _ = small_plan
    rows = rs.expected_reports(plan, D(2018, 12, 31))
    by_item = {}
    for e in rows:
        by_item.setdefault(e.item.number, []).append(e.period)
    assert by_item["II.4.1"] == [f"2018-{m:02d}" for m in range(4, 13)]
    assert by_item["II.9.3"] == [f"2018-{m:02d}" for m in range(6, 13)]  # starts 01/06
    assert by_item["II.9.1"] == [f"2018-{m:02d}" for m in range(4, 10)]  # done, ended 30/09
    assert "III.4" in by_item and "II.4" not in by_item and "II" not in by_item
    e = next(e for e in rows if e.item.number == "II.4.1" and e.period == "2018-05")
    assert (e.due_date, e.state, e.organisation.code) == (D(2018, 6, 5), "missing", "DOT")
    assert e.overdue and e.days_overdue == (D(2018, 12, 31) - D(2018, 6, 5)).days
    december = next(e for e in rows if e.item.number == "II.4.1" and e.period == "2018-12")
    assert not december.overdue  # due 05/01/2019


def test_overdue_as_of_a_date_and_states(small_plan, people):
    plan, items, _ = small_plan
    as_of = D(2018, 6, 10)
    rows = rs.expected_reports(plan, as_of)
    assert {e.period for e in rows if e.item.number == "II.4.1"} == {"2018-04", "2018-05", "2018-06"}
    write(items["II.4.1"], people["dot"], "2018-04")
    r5 = write(items["II.4.1"], people["dot"], "2018-05")
    rs.submit_report(r5, people["dot"])
    overdue = {(e.item.number, e.period): e for e in rs.overdue_reports(plan, as_of)}
    assert overdue[("II.4.1", "2018-04")].state == "draft"  # a draft is still owed
    assert ("II.4.1", "2018-05") not in overdue  # submitted: the Office's turn
    assert ("II.4.1", "2018-06") not in overdue  # not due yet
    assert overdue[("II.4.2", "2018-04")].days_overdue == 36
    days = [e.days_overdue for e in rs.overdue_reports(plan, as_of)]
    assert days == sorted(days, reverse=True)
    nxt = rs.next_due([e for e in rows if e.organisation.code == "DOT"], as_of)
    assert nxt.period == "2018-06" and nxt.due_date == D(2018, 7, 5)


def test_accepting_a_report_sets_progress_and_timeline(small_plan, people):
    plan, items, status = small_plan
    item = items["II.9.3"]  # not started (fixed 0 %)
    report = write(item, people["donre"], "2018-07", progress=25, spend=150_000_000,
                   figures=[{"label": "Thùng rác thông minh đã lắp", "value": "40", "unit": "thùng"}])
    assert report.figures == [{"label": "Thùng rác thông minh đã lắp", "value": 40, "unit": "thùng"}]
    with pytest.raises(ValidationError):
        rs.review_report(report, people["office"], True)  # not submitted yet
    rs.submit_report(report, people["donre"])
    with pytest.raises(PermissionDenied):
        rs.review_report(report, people["donre"], True)  # a unit does not review itself
    rs.review_report(report, people["office"], True, "Đạt yêu cầu.")
    item.refresh_from_db()
    assert item.progress == 25 and item.status.key == "in_progress" and item.actual_spend == 150_000_000
    entry = TimelineEntry.objects.get(item=item, source="report")
    assert entry.progress == 25 and entry.date == D(2018, 7, 31)
    assert report.history.count() >= 3


def test_returning_needs_a_comment_and_the_unit_edits_and_resubmits(small_plan, people):
    plan, items, _ = small_plan
    report = write(items["II.4.2"], people["dot"], "2018-05", progress=15)
    rs.submit_report(report, people["dot"])
    with pytest.raises(ValidationError):
        write(items["II.4.2"], people["dot"], "2018-05", progress=20)  # locked while submitted
    with pytest.raises(ValidationError):
        rs.review_report(report, people["office"], False, "")
    rs.review_report(report, people["office"], False, "Bổ sung số liệu hành khách.")
    assert report.status == "returned"
    again = write(items["II.4.2"], people["dot"], "2018-05", progress=20)
    assert again.pk == report.pk and again.progress == 20
    rs.submit_report(again, people["dot"])
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"
    assert not TimelineEntry.objects.filter(item=items["II.4.2"], source="report").exists()


def test_a_unit_cannot_report_on_another_units_item(small_plan, people):
    plan, items, _ = small_plan
    with pytest.raises(PermissionDenied):
        write(items["II.9.1"], people["dot"], "2018-05")
    with pytest.raises(PermissionDenied):
        write(items["II.4.1"], people["dot_viewer"], "2018-05")  # viewers do not write
    report = write(items["II.4.1"], people["dot"], "2018-05")
    with pytest.raises(PermissionDenied):
        rs.submit_report(report, people["donre"])


@pytest.mark.parametrize("period,data", [
    ("2018-Q2", {}),  # wrong frequency
    ("2018-02", {}),  # before the schedule
    ("2018-05", {"progress": 140}),
    ("2018-05", {"narrative": "  "}),
    ("2018-05", {"figures": [{"label": "Số tuyến", "value": "nhiều"}]}),
    ("2018-05", {"spend": -5}),
])
def test_bad_reports_are_refused_with_reasons(small_plan, people, period, data):
    plan, items, _ = small_plan
    args = {"progress": 10, "narrative": "Khảo sát 12 tuyến xe buýt."} | data
    with pytest.raises(ValidationError):
        rs.save_report(items["II.4.1"], people["dot"], period, **args)


def test_unit_plan_states(small_plan, people):
    plan, items, _ = small_plan
    dot = plan.unit_plans.get(owner__code="DOT")
    donre = plan.unit_plans.get(owner__code="DONRE")
    with pytest.raises(ValidationError):
        rs.submit_unit_plan(dot, people["dot"])  # no lines
    UnitPlanLine.objects.create(unit_plan=dot, item=items["II.4.1"], activity="Xây dựng lộ trình giao thông thông minh",
                                budget=1_200_000_000, funding_source="Ngân sách tỉnh")
    UnitPlanLine.objects.create(unit_plan=dot, item=items["II.4.2"], activity="Khảo sát chất lượng xe buýt", budget=300_000_000)
    with pytest.raises(PermissionDenied):
        rs.submit_unit_plan(dot, people["donre"])
    rs.submit_unit_plan(dot, people["dot"])
    dot.submitted_at = dt.datetime(2018, 4, 20, 9, tzinfo=dt.timezone.utc)  # five days late
    dot.save()
    rs.review_unit_plan(dot, people["office"], True)
    states = {r["organisation"].code: r for r in rs.unit_plan_states(plan, D(2018, 5, 1))}
    assert states["DOT"]["state"] == "accepted" and not states["DOT"]["overdue"] and states["DOT"]["days_overdue"] == 5
    assert states["DOT"]["budget_total"] == 1_500_000_000
    assert states["DONRE"]["state"] == "draft" and states["DONRE"]["overdue"] and states["DONRE"]["days_overdue"] == 16
    early = {r["organisation"].code: r for r in rs.unit_plan_states(plan, D(2018, 4, 10))}
    assert not early["DONRE"]["overdue"] and early["DOT"]["state"] == "draft"  # judged before it was submitted
    donre.delete()
    assert {r["organisation"].code: r["state"] for r in rs.unit_plan_states(plan, D(2018, 5, 1))}["DONRE"] == "missing"


def test_reminders_go_to_editors_once(small_plan, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan, items, _ = small_plan
    as_of = D(2018, 5, 3)  # April's reports due 05/05: within the 3 reminder days
    counts = rs.send_reminders(plan, as_of)
    assert counts["sent"] > 0
    assert set(Reminder.objects.filter(item__isnull=False).values_list("kind", flat=True)) == {"upcoming"}
    assert set(Reminder.objects.filter(unit_plan__isnull=False).values_list("kind", flat=True)) == {"overdue"}  # due 15/04
    dot_mail = [m for m in mail.outbox if "gtvt@binhduong.gov.vn" in m.to]
    assert len(dot_mail) == 1 and "xem@binhduong.gov.vn" not in dot_mail[0].to and "II.4.1" in dot_mail[0].body
    first = Reminder.objects.count()
    again = rs.send_reminders(plan, as_of)
    assert again["sent"] == 0 and again["skipped"] == first and Reminder.objects.count() == first
    assert len(mail.outbox) == counts["emails"]
    later = rs.send_reminders(plan, D(2018, 5, 10))  # now overdue: one overdue reminder each, and unit plans past due
    assert later["sent"] > 0
    assert Reminder.objects.filter(kind="overdue", item=items["II.4.1"], period="2018-04").count() == 1
    assert Reminder.objects.filter(kind="overdue", unit_plan__owner__code="DONRE").count() == 1  # not sent again
    assert rs.send_reminders(plan, D(2018, 5, 10))["sent"] == 0

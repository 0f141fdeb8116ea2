"""services.dashboard.summary on the small test plan: every figure computed by hand here
(weighted programme progress, units, status counts, overdue items as of several dates, unit
plans overdue after 15/04/2018, open escalations and their age, budget), and a bounded number
of queries whatever the size of the plan."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartcity.programme.services.dashboard import public_summary, summary

D = dt.date


def by(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_progress_rolled_up_like_the_plan(small_plan):
    plan, items, status = small_plan
    s = summary(plan)
    assert s["as_of"] == D(2018, 12, 31)  # a plan whose year is over is judged on its last day
    # II.4: II.4.1 (40 %, weight 2) and II.4.2 (10 %, weight 1) -> (80 + 10) / 3 = 30 %
    # II.9: II.9.1 (100 %) and II.9.3 (0 %), weights 1 -> 50 %
    assert [(p["number"], p["progress"], p["items"]) for p in s["programmes"]] == [("II.4", 30.0, 2), ("II.9", 50.0, 2)]
    # section II = (30 + 50) / 2 = 40; section III = III.4 = 0; the plan = (40 + 0) / 2 = 20
    assert s["overall"] == 20.0
    assert by(s["units"], "code", "DOT")["progress"] == 30.0 and by(s["units"], "code", "DOT")["items"] == 2
    assert by(s["units"], "code", "DONRE")["progress"] == 50.0 and by(s["units"], "code", "DONRE")["done"] == 1
    assert by(s["units"], "code", "BDH")["progress"] == 0.0
    assert {r["key"]: r["count"] for r in s["statuses"]} == {"not_started": 1, "in_progress": 2, "behind": 1, "done": 1, "cancelled": 0}
    assert s["counts"]["items"] == 5 and s["counts"]["done"] == 1 and s["counts"]["behind"] == 1
    assert {r["key"]: r["count"] for r in by(s["programmes"], "number", "II.4")["statuses"]}["behind"] == 1
    # weights change the programme's figure: II.4.2 now weighs 3 -> (80 + 30) / 5 = 22 %
    items["II.4.2"].weight = 3
    items["II.4.2"].save()
    assert by(summary(plan)["programmes"], "number", "II.4")["progress"] == 22.0


@pytest.mark.parametrize("as_of, expected", [
    (D(2018, 4, 15), []),  # III.4 is due that day: not yet late
    (D(2018, 4, 16), ["III.4"]),
    (D(2018, 11, 1), ["III.4", "II.4.2"]),  # II.4.2 was due 31/10 and is 10 % done
    (D(2018, 12, 31), ["III.4", "II.4.2"]),
    # 2019: II.4.1 (40 %) and II.9.3 (0 %) are late too; II.9.1 is done and closed
    (D(2019, 1, 1), ["III.4", "II.4.2", "II.4.1", "II.9.3"]),
])
def test_overdue_items_as_of(small_plan, as_of, expected):
    plan, items, status = small_plan
    s = summary(plan, as_of)
    assert [r["number"] for r in s["overdue_items"]] == expected  # longest late first
    assert s["counts"]["overdue_items"] == len(expected)
    if expected:
        assert s["overdue_items"][0]["days_overdue"] == (as_of - D(2018, 4, 15)).days


def test_closing_or_finishing_an_item_takes_it_off_the_overdue_list(small_plan):
    plan, items, status = small_plan
    items["II.4.2"].status = status["cancelled"]
    items["II.4.2"].save()
    items["III.4"].progress = 100
    items["III.4"].save()
    assert summary(plan, D(2018, 12, 31))["overdue_items"] == []


def test_unit_plans_and_reports_overdue(small_plan):
    plan, items, status = small_plan
    s = summary(plan, D(2018, 4, 10))
    assert s["reports"]["available"]
    assert s["counts"]["overdue_unit_plans"] == 0
    s = summary(plan, D(2018, 4, 20))  # the plans of DOT and DONRE were due on 15/04/2018 and are still drafts
    assert sorted(r["organisation"]["code"] for r in s["reports"]["unit_plans"]) == ["DONRE", "DOT"]
    assert {r["days_overdue"] for r in s["reports"]["unit_plans"]} == {5}
    from smartcity.programme.services.reports import overdue_reports

    late = overdue_reports(plan, D(2018, 12, 31))
    s = summary(plan, D(2018, 12, 31))
    assert s["counts"]["overdue_reports"] == len(late) > 0
    assert [(r["item"]["number"], r["organisation"]["code"], r["period"]) for r in s["reports"]["overdue"][:3]] == \
        [(e.item.number, e.organisation.code, e.period) for e in late[:3]]
    assert s["reports"]["overdue"][0]["days_overdue"] >= s["reports"]["overdue"][-1]["days_overdue"]
    assert summary(plan, D(2018, 4, 1))["counts"]["overdue_reports"] == 0  # nothing was due yet


def test_open_escalations_age(small_plan):
    from smartcity.programme.models import Escalation

    plan, items, status = small_plan
    raised = timezone.make_aware(dt.datetime(2018, 9, 3, 9, 30))
    esc = Escalation.objects.create(owner=items["II.4.2"].owner, item=items["II.4.2"], title="Thiếu kinh phí khảo sát tuyến buýt",
                                    description="Chưa bố trí được kinh phí khảo sát nhu cầu đi lại.", raised_at=raised)
    Escalation.objects.create(owner=items["II.9.1"].owner, item=items["II.9.1"], title="Đã giải quyết", description="…",
                              raised_at=raised, status="decided", decision="Đồng ý", decided_at=raised + dt.timedelta(days=20))
    s = summary(plan, D(2018, 10, 3))
    assert s["counts"]["open_escalations"] == 1
    row = s["escalations"]["open"][0]
    assert row["id"] == esc.pk and row["item"]["number"] == "II.4.2" and row["unit"]["code"] == "DOT"
    assert row["age_days"] == 30 and s["counts"]["oldest_escalation_days"] == 30
    assert row["url"] == f"/programme/escalations/{esc.pk}/"  # its own page


def test_helix_budget_and_timeline(small_plan):
    from smartcity.core.models import Organisation

    plan, items, status = small_plan
    items["II.4.2"].budget_estimate, items["II.4.2"].actual_spend = 500_000_000, 120_000_000
    items["II.4.2"].save()
    s = summary(plan)
    helix = {o.code: o.helix for o in Organisation.objects.all()}
    # the reported items and who takes part in each (lead first)
    people = {"II.4.1": ["DOT", "BECAMEX", "VGU"], "II.4.2": ["DOT", "BECAMEXTOKYU"], "II.9.1": ["DONRE", "TDMU", "BECAMEX"],
              "II.9.3": ["DONRE", "DIC"], "III.4": ["BDH"]}
    complete = [n for n, codes in people.items() if {"government", "business", "academia"} <= {helix[c] for c in codes}]
    assert s["helix"]["items"] == 5 and s["helix"]["complete"] == len(complete)
    assert s["helix"]["pct"] == round(100 * len(complete) / 5, 1)
    assert {r["number"] for r in s["helix"]["missing_items"]} == set(people) - set(complete)
    assert "business" in by(s["helix"]["missing_items"], "number", "III.4")["missing"]
    ii4 = by(s["budget"]["programmes"], "number", "II.4")
    assert ii4["estimate"] == 2_500_000_000 + 500_000_000 and ii4["actual"] == 120_000_000
    assert by(s["budget"]["programmes"], "number", "II.9")["estimate"] is None
    assert s["budget"]["estimate"] == 3_000_000_000
    tl = s["timeline"]
    assert (tl["start"], tl["end"]) == (D(2018, 3, 8), D(2018, 12, 31))
    assert [g["number"] for g in tl["groups"]] == ["II.4", "II.9", "III"]
    assert [r["number"] for r in tl["groups"][0]["rows"]] == ["II.4.1", "II.4.2"]
    ii42 = tl["groups"][0]["rows"][1]
    assert ii42["clipped_end"] and ii42["x1"] == 1 and ii42["overdue"] and ii42["lead"]["code"] == "DOT"
    assert tl["rows"] == 5 and tl["as_of_x"] == 1


def test_queries_do_not_grow_with_the_plan(small_plan, django_assert_max_num_queries):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Item, ItemParticipant

    plan, items, status = small_plan
    with CaptureQueriesContext(connection) as small:
        summary(plan)
    dot, becamex = Organisation.objects.get(code="DOT"), Organisation.objects.get(code="BECAMEX")
    for n in range(3, 23):  # twenty more bullets under II.4, each with a partner
        it = Item.objects.create(plan=plan, parent=items["II.4"], kind="item", number=f"II.4.{n}", owner=dot, position=100 + n,
                                 title_vi=f"Hạng mục giao thông {n}", start_date=D(2018, 5, 1), end_date=D(2018, 11, 30),
                                 deadline=D(2018, 11, 30), status=status["in_progress"], progress=n)
        ItemParticipant.objects.create(item=it, organisation=becamex, role="support")
    with CaptureQueriesContext(connection) as big:
        s = summary(plan)
    assert s["counts"]["items"] == 25
    assert len(big) <= len(small) + 2, [q["sql"][:120] for q in big.captured_queries]
    assert len(big) <= 25


def test_public_summary_hides_unpublished(small_plan):
    plan, items, status = small_plan
    items["II.9.1"].published = False
    items["II.9.1"].save()
    items["II.4"].published = False  # hides its bullets with it
    items["II.4"].save()
    p = public_summary(plan)
    assert [i["number"] for i in p["items"]] == ["II.9.3", "III.4"]
    assert [x["number"] for x in p["programmes"]] == ["II.9"]
    assert p["programmes"][0]["progress"] == 0.0  # only II.9.3 (0 %) is published
    assert "reports" not in p and "escalations" not in p and "budget" not in p

"""Demo state of the 2018 plan at the end of the year: plausible, rolled up, idempotent."""
import pytest

from smartcity.programme import demo_plan
from smartcity.programme.models import Item, ItemParticipant, TimelineEntry


@pytest.mark.django_db
def test_demo_state_at_the_end_of_2018(reference):
    counts = demo_plan.load()
    assert counts["tasks"] == len(demo_plan.TASKS) and counts["timeline"] == sum(len(v) for v in demo_plan.TIMELINE.values())
    plan = Item.objects.first().plan
    items = {i.number: i for i in plan.items.select_related("status", "owner")}
    leaves = [i for i in items.values() if not any(c.parent_id == i.pk for c in items.values())]
    assert all(i.status is not None for i in leaves)
    assert {i.status.key for i in leaves} == {"not_started", "in_progress", "behind", "done"}
    for i in items.values():
        if i.budget_estimate is not None and i.actual_spend is not None:
            assert 0 <= i.actual_spend <= i.budget_estimate, i.number
    # parents follow their tasks, not the value the demo would have given them
    tasks = [items[n] for n in ("II.9.2.1", "II.9.2.2", "II.9.2.3")]
    assert items["II.9.2"].progress == pytest.approx(sum(t.weight * t.progress for t in tasks) / sum(t.weight for t in tasks))
    assert items["II.4.2.3"].owner.code == "BECAMEXTOKYU" and items["II.4.2.3"].kind == "task"
    assert 30 < plan.progress < 80
    # every action programme has dated entries in both languages
    for k in range(1, 13):
        entries = TimelineEntry.objects.filter(item__plan=plan, item__number__startswith=f"II.{k}")
        entries = [e for e in entries if e.item.number == f"II.{k}" or e.item.number.startswith(f"II.{k}.")]
        assert entries, f"II.{k}"
        assert all(e.title_vi and e.title_en and e.description_vi and 2018 == e.date.year for e in entries)


@pytest.mark.django_db
def test_demo_runs_twice_without_creating_or_changing_anything(reference):
    demo_plan.load()
    before = (Item.objects.count(), TimelineEntry.objects.count(), ItemParticipant.objects.count(), Item.history.count())
    again = demo_plan.load()
    assert again == {"items_updated": 0, "tasks": 0, "timeline": 0}
    assert (Item.objects.count(), TimelineEntry.objects.count(), ItemParticipant.objects.count(), Item.history.count()) == before

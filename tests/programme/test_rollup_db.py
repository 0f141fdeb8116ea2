"""Roll-up on the database: signals keep parents and the plan up to date, statuses with a
default progress drive their leaves, bulk loads may suspend the signals."""
import pytest

from smartcity.programme.models import Item
from smartcity.programme.services import rollup


def _fresh(*items):
    return [Item.objects.get(pk=i.pk) for i in items]


@pytest.mark.django_db
def test_small_plan_rolls_up_on_creation(small_plan):
    plan, it, st = small_plan
    ii4, ii9, ii, iii = _fresh(it["II.4"], it["II.9"], it["II"], it["III"])
    assert ii4.progress == pytest.approx((2 * 40 + 10) / 3)
    assert ii9.progress == pytest.approx(50)
    assert ii.progress == pytest.approx((30 + 50) / 2)
    assert iii.progress == 0
    plan.refresh_from_db()
    assert plan.progress == pytest.approx(20)


@pytest.mark.django_db
def test_a_childs_change_updates_its_ancestors_and_the_plan(small_plan):
    plan, it, st = small_plan
    leaf = Item.objects.get(pk=it["II.4.2"].pk)
    leaf.progress = 70
    leaf.save()
    ii4, ii = _fresh(it["II.4"], it["II"])
    assert ii4.progress == pytest.approx((2 * 40 + 70) / 3)
    assert ii.progress == pytest.approx((50 + 50) / 2)
    plan.refresh_from_db()
    assert plan.progress == pytest.approx(25)
    # weight change
    leaf.weight = 0
    leaf.save()
    assert _fresh(it["II.4"])[0].progress == pytest.approx(40)


@pytest.mark.django_db
def test_status_default_progress_drives_a_leaf(small_plan):
    plan, it, st = small_plan
    leaf = Item.objects.get(pk=it["II.9.3"].pk)
    leaf.status = st["done"]
    leaf.save()
    leaf.refresh_from_db()
    assert leaf.progress == 100
    assert _fresh(it["II.9"])[0].progress == 100
    # a status without a default keeps the entered value
    leaf.status, leaf.progress = st["behind"], 35
    leaf.save()
    assert _fresh(it["II.9.3"])[0].progress == 35
    # a parent does not take its status's default: it follows its children
    parent = Item.objects.get(pk=it["II.9"].pk)
    parent.status = st["not_started"]
    parent.save()
    assert _fresh(it["II.9"])[0].progress == pytest.approx((100 + 35) / 2)


@pytest.mark.django_db
def test_adding_and_removing_a_child(small_plan):
    plan, it, st = small_plan
    new = Item.objects.create(plan=plan, parent=it["II.9.3"], kind="task", number="II.9.3.1", owner=it["II.9"].owner,
                              title_vi="Lắp thí điểm 20 thùng rác thông minh", title_en="Pilot of 20 smart bins", progress=0)
    assert _fresh(it["II.9"])[0].progress == pytest.approx(50)  # II.9.3 (leaf before) now rolls up from its task: 0
    new.progress = 80
    new.save()
    assert _fresh(it["II.9.3"])[0].progress == 80
    assert _fresh(it["II.9"])[0].progress == pytest.approx(90)
    new.delete()
    # II.9.3 is a leaf again and takes its status's default (not started: 0)
    assert _fresh(it["II.9.3"])[0].progress == 0
    assert _fresh(it["II.9"])[0].progress == pytest.approx(50)


@pytest.mark.django_db
def test_average_mode_ignores_weights(small_plan):
    plan, it, st = small_plan
    plan.rollup = "average"
    plan.save()
    rollup.recompute(plan)
    assert _fresh(it["II.4"])[0].progress == pytest.approx(25)


@pytest.mark.django_db
def test_suspended_defers_until_recompute_and_writes_only_changed_rows(small_plan, django_assert_max_num_queries):
    plan, it, st = small_plan
    with rollup.suspended():
        for number, value in (("II.4.1", 100), ("II.4.2", 100)):
            leaf = Item.objects.get(pk=it[number].pk)
            leaf.progress = value
            leaf.save()
        assert _fresh(it["II.4"])[0].progress == pytest.approx(30)  # not yet
    history = Item.history.count()
    with django_assert_max_num_queries(12):
        result = rollup.recompute(plan)
    assert result["items"] == 2  # II.4 and II
    assert Item.history.count() == history + 2
    assert _fresh(it["II.4"])[0].progress == 100
    assert rollup.recompute(it["II.4"]) == {"items": 0, "plan": pytest.approx(plan.__class__.objects.get(pk=plan.pk).progress)}
    assert Item.history.count() == history + 2  # nothing changed, nothing written


@pytest.mark.django_db
def test_deleting_a_subtree_updates_what_is_left(small_plan):
    plan, it, st = small_plan
    Item.objects.get(pk=it["II.4"].pk).delete()
    assert _fresh(it["II"])[0].progress == pytest.approx(50)
    plan.refresh_from_db()
    assert plan.progress == pytest.approx(25)


@pytest.mark.django_db
def test_shipped_plan_progress_follows_its_leaves(plan2018):
    items = {i.number: i for i in plan2018.items.all()}
    done = plan2018.statuses.get(key="done")
    for number in ("II.9.1", "II.9.2", "II.9.3", "II.9.4"):
        leaf = items[number]
        leaf.status = done
        leaf.save()
    ii9 = Item.objects.get(pk=items["II.9"].pk)
    assert ii9.progress == 100
    ii = Item.objects.get(pk=items["II"].pk)
    assert ii.progress == pytest.approx(100 / 12)  # one programme of twelve, equal weights
    plan2018.refresh_from_db()
    # section I weighs 0, II 3 and III 1
    assert plan2018.progress == pytest.approx(3 * (100 / 12) / 4)

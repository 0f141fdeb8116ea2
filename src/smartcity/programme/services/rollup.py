"""Progress roll-up on the database: parents and the plan follow their children.

- `recompute(item_or_plan)`: reads the plan's tree in one query, applies the status rule
  (a leaf whose status has a default progress takes it: not started 0 %, done 100 %), rolls
  progress up with the plan's method (rollup.py) and writes only the rows that changed, with
  their history, in one bulk update; then the plan's own progress.
- `connect()`: signals so that saving or deleting an item recomputes its plan; a saved leaf
  takes its status's default progress before it is written.
- `suspended()`: a context manager for bulk loads (signals do nothing inside; call
  `recompute(plan)` once at the end).
"""
import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save

from smartcity.programme import rollup as pure

EPSILON = 1e-6
_local = threading.local()


@contextmanager
def suspended():
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


def is_suspended() -> bool:
    return getattr(_local, "depth", 0) > 0


def _plan_of(item_or_plan):
    from smartcity.programme.models import Plan

    return item_or_plan if isinstance(item_or_plan, Plan) else item_or_plan.plan


def recompute(item_or_plan) -> dict:
    """Bring the progress of `item_or_plan`'s plan up to date; returns {"items": n changed,
    "plan": plan progress}. Works on the whole plan tree (a few dozen rows), so every
    ancestor of a changed item is covered."""
    from simple_history.utils import bulk_update_with_history

    from smartcity.programme.models import Item, Plan

    plan = _plan_of(item_or_plan)
    rows = list(Item.objects.filter(plan_id=plan.pk).values_list("id", "parent_id", "weight", "progress", "status__progress"))
    has_children = {parent for _, parent, *_ in rows if parent is not None}
    nodes = []
    for pk, parent, weight, progress, status_progress in rows:
        leaf = pk not in has_children
        if leaf and status_progress is not None:
            progress = status_progress
        nodes.append(pure.Node(pk, parent, weight, progress, leaf))
    method = plan.rollup or pure.WEIGHTED
    result = pure.rollup(nodes, method)
    current = {pk: progress for pk, _, _, progress, _ in rows}
    changed = {pk: value for pk, value in result.items() if abs((current.get(pk) or 0) - value) > EPSILON}
    with suspended():
        if changed:
            objs = list(Item.objects.filter(pk__in=changed))
            for obj in objs:
                obj.progress = round(changed[obj.pk], 6)
            bulk_update_with_history(objs, Item, ["progress"], default_change_reason="roll-up")
        plan_progress = round(pure.roots_progress(nodes, result, method), 6)
        if abs((plan.progress or 0) - plan_progress) > EPSILON:
            fresh = Plan.objects.get(pk=plan.pk)
            fresh.progress = plan_progress
            fresh._change_reason = "roll-up"
            fresh.save(update_fields=["progress", "updated_at"])
            plan.progress = plan_progress
    return {"items": len(changed), "plan": plan_progress}


# -- signals ---------------------------------------------------------------------------------------
def _status_default(sender, instance, raw=False, **kwargs):
    """A leaf takes its status's default progress (done -> 100 %) before it is saved."""
    if raw or is_suspended() or not instance.status_id:
        return
    default = instance.status.progress
    if default is None:
        return
    if instance.pk is None or not instance.children.exists():
        instance.progress = default


def _after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or is_suspended():
        return
    if update_fields is not None and not ({"progress", "weight", "status", "parent", "plan"} & set(update_fields)):
        return
    recompute(instance)


def _after_delete(sender, instance, origin=None, **kwargs):
    from smartcity.programme.models import Item, Plan

    if is_suspended():
        return
    # a plan deleted with its items: nothing left to roll up
    if origin is not None and not isinstance(origin, Item) and getattr(origin, "model", None) is not Item:
        return
    plan = Plan.objects.filter(pk=instance.plan_id).first()
    if plan is not None:
        recompute(plan)


def connect() -> None:
    from smartcity.programme.models import Item

    pre_save.connect(_status_default, sender=Item, dispatch_uid="programme-rollup-status")
    post_save.connect(_after_save, sender=Item, dispatch_uid="programme-rollup-save")
    post_delete.connect(_after_delete, sender=Item, dispatch_uid="programme-rollup-delete")

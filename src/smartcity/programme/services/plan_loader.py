"""Load Plan 11/KH-BDH (plan_2018.py) into the database as reference data.

Idempotent: the first run creates the plan, its statuses, every item with its lead and
participants, the report schedule and a draft unit plan (due 15/04/2018) for every unit of
section II; later runs create only what is missing and bring the plan's own words (verbatim
text, kind, parent, order) back if they drifted, without touching what the units entered
(status, progress, dates, budgets). Nothing is saved that did not change, so a second run
adds no history rows.
"""
from django.db import transaction

from smartcity.core.models import Helix, Organisation
from smartcity.programme import plan_2018 as data

PLAN_FIELDS_FIXED = ("number", "title_vi", "title_en", "issued_on", "place", "signer", "signer_title", "year")
ITEM_FIXED = ("kind", "text_vi", "position")
UNIT_PLAN_HELICES = (Helix.GOVERNMENT.value, Helix.BUSINESS.value, Helix.ACADEMIA.value)


def _orgs():
    return {o.code: o for o in Organisation.objects.all()}


def unit_plan_codes(rows=None) -> list[str]:
    """Codes of the units that owe a detailed plan and budget estimate: every lead and
    participant of section II that is government, business or academia (international
    partners do not), except the issuing Executive Board, which receives them."""
    rows = rows if rows is not None else data.items()
    codes = []
    for row in rows:
        if not row["number"].startswith("II."):
            continue
        for code in [row["lead"], *row["support"], *row["partners"]]:
            if code not in codes and code != data.PLAN["issuer"]:
                codes.append(code)
    return codes


@transaction.atomic
def load_plan_2018():
    from smartcity.programme.models import Item, ItemParticipant, ItemStatus, Plan, ReportSchedule, UnitPlan
    from smartcity.programme.services import rollup

    org = _orgs()
    needed = {data.PLAN["issuer"]} | {c for r in data.items() for c in [r["lead"], *r["support"], *r["partners"]]}
    if needed - set(org):  # a fresh database: the plan's bodies are reference data too
        from smartcity.core.seed import load_reference

        load_reference()
        org = _orgs()
    missing = needed - set(org)
    if missing:
        raise LookupError(f"Reference organisations missing (run the reference seed first): {sorted(missing)}")
    info = data.PLAN
    with rollup.suspended():
        plan = Plan.objects.filter(code=info["code"]).first()
        if plan is None:
            plan = Plan.objects.create(
                code=info["code"], owner=org[info["owner"]], issuer=org[info["issuer"]],
                start_date=info["start_date"], end_date=info["end_date"], rollup=info["rollup"],
                preamble_vi=data.PREAMBLE_VI, preamble_en=data.PREAMBLE_EN, recipients_vi=data.RECIPIENTS_VI,
                source_text=data.SOURCE_TEXT, **{f: info[f] for f in PLAN_FIELDS_FIXED})
        else:
            wanted = {f: info[f] for f in PLAN_FIELDS_FIXED}
            wanted.update(preamble_vi=data.PREAMBLE_VI, recipients_vi=data.RECIPIENTS_VI, source_text=data.SOURCE_TEXT)
            _update(plan, wanted)

        statuses = {s.key: s for s in ItemStatus.objects.filter(plan=plan)}
        for pos, (key, vi, en, dvi, den, progress, closed) in enumerate(data.STATUSES):
            if key not in statuses:
                statuses[key] = ItemStatus.objects.create(plan=plan, key=key, name_vi=vi, name_en=en, description_vi=dvi,
                                                          description_en=den, progress=progress, closed=closed, position=pos)

        rows = data.items()
        parents = {r["parent"] for r in rows if r["parent"]}
        items = {i.number: i for i in Item.objects.filter(plan=plan)}
        for row in rows:
            parent = items[row["parent"]] if row["parent"] else None
            item = items.get(row["number"])
            if item is None:
                leaf = row["number"] not in parents
                items[row["number"]] = Item.objects.create(
                    plan=plan, parent=parent, owner=org[row["lead"]], number=row["number"], kind=row["kind"],
                    position=row["position"], title_vi=row["title_vi"], title_en=row["title_en"], text_vi=row["text_vi"], text_en=row["text_en"],
                    start_date=row["start_date"], end_date=row["end_date"], deadline=row["deadline"],
                    status=statuses["not_started"] if leaf else None, progress=0, weight=row["weight"],
                    strategic=row["strategic"], module=row["module"], reference=row["reference"])
            else:
                wanted = {f: row[f] for f in ITEM_FIXED}
                wanted["parent_id"] = parent.pk if parent else None
                if not item.text_en:  # our English is filled in once; an edited one is kept
                    wanted["text_en"] = row["text_en"]
                _update(item, wanted)
        existing = set(ItemParticipant.objects.filter(item__plan=plan).values_list("item__number", "organisation__code", "role"))
        for row in rows:
            for role, codes in (("support", row["support"]), ("partner", row["partners"])):
                for code in codes:
                    if (row["number"], code, role) not in existing:
                        ItemParticipant.objects.create(item=items[row["number"]], organisation=org[code], role=role)

        if not ReportSchedule.objects.filter(plan=plan).exists():
            ReportSchedule.objects.create(plan=plan, **data.SCHEDULE)
        have = set(UnitPlan.objects.filter(plan=plan).values_list("owner__code", flat=True))
        for code in unit_plan_codes(rows):
            if code not in have and org[code].helix in UNIT_PLAN_HELICES:
                UnitPlan.objects.create(plan=plan, owner=org[code], due_date=data.UNIT_PLAN_DUE)
    rollup.recompute(plan)
    plan.refresh_from_db()
    return plan


def _update(obj, wanted: dict) -> bool:
    changed = [f for f, v in wanted.items() if getattr(obj, f) != v]
    if not changed:
        return False
    for f in changed:
        setattr(obj, f, wanted[f])
    obj.save(update_fields=[f.removesuffix("_id") if f.endswith("_id") else f for f in changed] + ["updated_at"])
    return True

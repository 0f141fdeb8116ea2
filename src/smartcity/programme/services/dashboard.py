"""The executive dashboard's numbers (issue 7, "Executive dashboard and transparency"), and
the public accountability view's.

`summary(plan, as_of=None) -> dict` gathers, for one plan as of one date:
- overall progress and progress by action programme (II.1-II.12) and by lead unit, rolled up
  as the roll-up service does (children weighted by their weights, or a plain average when
  the plan says so); objectives (I.1-I.4) are goals reached through the programmes and do not
  count, a section with nothing left under it neither;
- counts of the reported items (the leaves: bullets, programmes without bullets, assignments,
  tasks) by status; items done, behind schedule and overdue (deadline before the as-of date,
  status not closed, progress under 100 %);
- overdue reports and unit plans (services/reports.py), open escalations with their age
  (services/escalations.py), Triple Helix coverage (services/helix.py);
- timeline rows for the Gantt-like chart, laid out by services/gantt.py, grouped by programme;
- budget estimate and actual spend by programme.

Progress and status are the current values; the as-of date moves deadlines, reports and ages.
Everything is plain data (dates stay `date`s: DjangoJSONEncoder writes them as ISO strings).
A handful of queries whatever the size of the plan: one for the items (with their lead and
status), one for the statuses, the helix coverage's few, and the reports' and escalations'.

`public_summary(plan, as_of=None)` is the same arithmetic over published items only (an item
whose parent is unpublished is hidden too), for citizens and the portal.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.programme.services import dashboard_calc as calc
from smartcity.programme.services import gantt
from smartcity.programme.services.clock import as_of as plan_as_of

log = logging.getLogger("smartcity.programme.dashboard")

NOT_COUNTED = ("section", "objective")  # structure and goals, not work
GROUP_KINDS = ("programme", "section")  # what a timeline row is grouped under


def _en() -> bool:
    return (get_language() or "vi").startswith("en")


def _title(vi: str, en: str) -> str:
    return en if _en() and en else vi


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _org(org) -> dict:
    if org is None:
        return {"code": "", "name": "", "name_vi": "", "name_en": "", "abbreviation": ""}
    return {"code": org.code, "name": org.name, "name_vi": org.name_vi, "name_en": org.name_en,
            "abbreviation": org.abbreviation or org.code}


def _status(status) -> dict:
    if status is None:
        return {"key": "none", "name": "–", "name_vi": "", "name_en": "", "closed": False}
    return {"key": status.key, "name": status.name, "name_vi": status.name_vi, "name_en": status.name_en, "closed": status.closed}


class _Tree:
    """The plan's items loaded once, with what the dashboard derives from them."""

    def __init__(self, plan, published_only: bool = False):
        from smartcity.programme.models import Item

        qs = Item.objects.filter(plan=plan).select_related("owner", "status").order_by("position", "pk")
        items = list(qs)
        by_id = {i.pk: i for i in items}
        if published_only:
            visible = {}
            for item in items:  # positions follow the plan's order, but do not rely on parents coming first
                chain, node, ok = [], item, True
                while node is not None:
                    if not node.published:
                        ok = False
                        break
                    chain.append(node)
                    node = by_id.get(node.parent_id)
                if ok:
                    visible[item.pk] = item
            by_id = visible
            items = [i for i in items if i.pk in by_id]
        self.items = items
        self.by_id = by_id
        kids = defaultdict(list)
        for item in items:
            if item.parent_id in by_id:
                kids[item.parent_id].append(item.pk)
        self.kids = kids
        self.work = self._work_nodes()
        self.values = calc.rollup(self.work, plan.rollup)
        self.overall = calc.overall(self.work, plan.rollup)

    def _work_nodes(self) -> dict:
        """The tree without objectives and without sections left empty, as calc nodes."""
        keep = {}
        for item in self.items:
            if item.kind == "objective":
                continue
            keep[item.pk] = item

        def has_work(pk) -> bool:
            item = self.by_id[pk]
            if item.kind == "objective":
                return False
            if item.kind != "section":
                return True
            return any(has_work(c) for c in self.kids.get(pk, []))

        nodes = {}
        for pk, item in keep.items():
            if item.kind == "section" and not has_work(pk):
                continue
            parent = item.parent_id if item.parent_id in keep else None
            nodes[pk] = {"id": pk, "parent": parent, "progress": item.progress, "weight": item.weight}
        return nodes

    def is_leaf(self, item) -> bool:
        return item.pk in self.work and not any(c in self.work for c in self.kids.get(item.pk, []))

    def leaves(self) -> list:
        return [i for i in self.items if i.pk in self.work and i.kind not in NOT_COUNTED and self.is_leaf(i)]

    def group_of(self, item):
        """The action programme (or, outside section II, the section) an item belongs to."""
        node, group = item, None
        while node is not None:
            if node.kind == "programme":
                return node
            if node.kind == "section":
                group = node
            node = self.by_id.get(node.parent_id)
        return group

    def under(self, pk) -> list:
        """Leaves below (or equal to) a node."""
        out, stack = [], [pk]
        while stack:
            nid = stack.pop()
            ch = [c for c in self.kids.get(nid, []) if c in self.work]
            if ch:
                stack.extend(ch)
            elif nid in self.work and self.by_id[nid].kind not in NOT_COUNTED:
                out.append(self.by_id[nid])
        return out


def _item_row(item, tree: _Tree, as_of: dt.date) -> dict:
    progress = round(tree.values.get(item.pk, item.progress or 0), 1)
    st = _status(item.status)
    return {"id": item.pk, "number": item.number, "kind": item.kind, "title": item.title,
            "title_vi": item.title_vi, "title_en": item.title_en, "url": _url("programme-item", item.pk),
            "progress": progress, "weight": item.weight, "status": st,
            "lead": _org(item.owner), "start": item.start_date, "end": item.end_date, "deadline": item.deadline,
            "overdue": calc.is_overdue(item.deadline, as_of, st["closed"], progress),
            "days_overdue": (as_of - item.deadline).days if item.deadline and item.deadline < as_of else 0}


def _status_counts(statuses, leaves) -> list[dict]:
    counter = Counter(i.status.key if i.status else "none" for i in leaves)
    rows = [{**_status(s), "count": counter.get(s.key, 0)} for s in statuses]
    if counter.get("none"):
        rows.append({**_status(None), "count": counter["none"]})
    return rows


def _progress_parts(plan, tree: _Tree, statuses, as_of: dt.date) -> dict:
    """What the dashboard and the public page share: overall, programmes, units, items."""
    leaves = tree.leaves()
    leaf_rows = [_item_row(i, tree, as_of) for i in leaves]
    programmes = []
    for item in tree.items:
        if item.kind != "programme" or item.pk not in tree.work:
            continue
        below = tree.under(item.pk)
        est = [i.budget_estimate for i in below if i.budget_estimate is not None]
        act = [i.actual_spend for i in below if i.actual_spend is not None]
        if not est and item.budget_estimate is not None:
            est = [item.budget_estimate]
        if not act and item.actual_spend is not None:
            act = [item.actual_spend]
        programmes.append({
            "id": item.pk, "number": item.number, "title": item.title, "title_vi": item.title_vi, "title_en": item.title_en,
            "url": _url("programme-item", item.pk), "lead": _org(item.owner),
            "progress": round(tree.values.get(item.pk, 0), 1), "items": len(below),
            "statuses": _status_counts(statuses, below),
            "overdue": sum(1 for i in below if calc.is_overdue(i.deadline, as_of, bool(i.status and i.status.closed),
                                                               tree.values.get(i.pk, 0))),
            "budget_estimate": sum(est) if est else None, "actual_spend": sum(act) if act else None})
    units = []
    owners = {i.owner_id: i.owner for i in leaves}
    means = calc.group_means(({"unit": i.owner_id, "progress": tree.values.get(i.pk, 0), "weight": i.weight} for i in leaves),
                             "unit", plan.rollup)
    for owner_id, m in means.items():
        rows = [r for r, i in zip(leaf_rows, leaves) if i.owner_id == owner_id]
        units.append({**_org(owners[owner_id]), "progress": round(m["progress"] or 0, 1), "items": m["count"],
                      "done": sum(1 for r in rows if r["status"]["key"] == "done"),
                      "overdue": sum(1 for r in rows if r["overdue"])})
    units.sort(key=lambda u: (-u["items"], u["code"]))
    return {"overall": None if tree.overall is None else round(tree.overall, 1), "programmes": programmes, "units": units,
            "statuses": _status_counts(statuses, leaves), "leaves": leaf_rows}


def _plan_header(plan) -> dict:
    return {"id": plan.pk, "code": plan.code, "number": plan.number, "title": plan.title, "title_vi": plan.title_vi,
            "title_en": plan.title_en, "issued_on": plan.issued_on, "year": plan.year, "start": plan.start_date,
            "end": plan.end_date, "place": plan.place, "published": plan.published}


def _timeline(plan, tree: _Tree, leaf_rows: list[dict], as_of: dt.date) -> dict:
    """Gantt rows grouped by programme (section III's assignments under their section)."""
    dated = [r for r in leaf_rows if r["start"] or r["end"] or r["deadline"]]
    start, end = gantt.axis(dated, plan.start_date, plan.end_date)
    laid = gantt.layout(dated, start, end, as_of)
    groups, index = [], {}
    for row in laid["rows"]:
        group = tree.group_of(tree.by_id[row["id"]])
        key = group.number if group else ""
        if key not in index:
            index[key] = len(groups)
            groups.append({"number": key, "title": group.title if group else "", "rows": []})
        row["group"] = key
        groups[index[key]]["rows"].append(row)
    return {"start": start, "end": end, "as_of_x": laid["as_of_x"], "as_of_outside": laid["as_of_outside"],
            "ticks": laid["ticks"], "groups": groups, "rows": len(laid["rows"])}


def _state_label(state: str) -> str:
    from smartcity.programme.models import ReviewStatus

    if state == "missing":
        return str(_("not submitted"))
    try:
        return str(ReviewStatus(state).label)
    except ValueError:
        return state or ""


def _reports(plan, as_of: dt.date) -> dict:
    """Overdue reports and unit plans from the reports service (absent: nothing to show)."""
    try:
        from smartcity.programme.services import reports as svc
    except ImportError:
        return {"available": False, "overdue": [], "unit_plans": []}
    out = {"available": True, "overdue": [], "unit_plans": []}
    for e in svc.overdue_reports(plan, as_of):
        item = e.item
        out["overdue"].append({
            "item": {"id": item.pk, "number": item.number, "title": item.title, "url": _url("programme-item", item.pk)},
            "organisation": _org(e.organisation), "period": e.period, "period_start": e.period_start,
            "period_end": e.period_end, "due_date": e.due_date, "state": e.state, "state_label": _state_label(e.state), "days_overdue": e.days_overdue})
    for s in svc.unit_plan_states(plan, as_of):
        if not s.get("overdue"):
            continue
        up = s.get("unit_plan")
        out["unit_plans"].append({"organisation": _org(s.get("organisation")), "state": s.get("state"),
                                  "state_label": _state_label(s.get("state")),
                                  "due_date": getattr(up, "due_date", None), "days_overdue": s.get("days_overdue", 0)})
    out["unit_plans"].sort(key=lambda r: (-(r["days_overdue"] or 0), r["organisation"]["code"]))
    return out


def _escalations(plan, as_of: dt.date) -> dict:
    try:
        from smartcity.programme.services import escalations as svc
    except ImportError:
        return {"available": False, "open": [], "oldest_days": None}
    rows = []
    for e in svc.open_escalations(plan, as_of):
        esc = e["escalation"]
        item = esc.item
        raised = esc.raised_at.date() if hasattr(esc.raised_at, "date") else esc.raised_at
        rows.append({"id": esc.pk, "title": esc.title, "severity": esc.severity, "status": esc.status,
                     "stage": str(e.get("stage", esc.status)), "band": e.get("band", ""), "age_days": e.get("age_days", 0), "raised_on": raised,
                     "unit": _org(esc.owner),
                     "item": {"id": item.pk, "number": item.number, "title": item.title, "url": _url("programme-item", item.pk)},
                     "url": _url("programme-escalations-detail", esc.pk) or _url("programme-escalations")})
    rows.sort(key=lambda r: -(r["age_days"] or 0))
    return {"available": True, "open": rows, "oldest_days": rows[0]["age_days"] if rows else None}


def _helix(plan) -> dict:
    from smartcity.core.models import Helix
    from smartcity.programme.services.helix import coverage

    cov = coverage(plan)
    missing_items = [{"id": r["item"].pk, "number": r["item"].number, "title": r["item"].title,
                      "url": _url("programme-item", r["item"].pk), "missing": r["missing"],
                      "missing_labels": [str(Helix(h).label) for h in r["missing"]]}
                     for r in cov["rows"] if not r["complete"]]
    return {"items": cov["items"], "complete": cov["complete"], "pct": calc.pct(cov["complete"], cov["items"]),
            "missing": cov["missing"], "missing_items": missing_items}


def _budget(programmes: list[dict]) -> dict:
    est = [p["budget_estimate"] for p in programmes if p["budget_estimate"] is not None]
    act = [p["actual_spend"] for p in programmes if p["actual_spend"] is not None]
    return {"estimate": sum(est) if est else None, "actual": sum(act) if act else None,
            "programmes": [{"number": p["number"], "title": p["title"], "estimate": p["budget_estimate"],
                            "actual": p["actual_spend"]} for p in programmes]}


def summary(plan, as_of: dt.date | None = None) -> dict:
    """Everything the executive dashboard shows for `plan` as of a date (see the module doc)."""
    day = plan_as_of(plan, as_of)
    statuses = list(plan.statuses.all())
    tree = _Tree(plan)
    parts = _progress_parts(plan, tree, statuses, day)
    leaves = parts["leaves"]
    overdue = [_item_row(i, tree, day) for i in tree.items
               if i.kind not in NOT_COUNTED and i.pk in tree.work
               and calc.is_overdue(i.deadline, day, bool(i.status and i.status.closed), tree.values.get(i.pk, 0))]
    overdue.sort(key=lambda r: (-r["days_overdue"], r["number"]))
    reports = _reports(plan, day)
    escalations = _escalations(plan, day)
    helix = _helix(plan)
    counts = {"items": len(leaves), "done": sum(1 for r in leaves if r["status"]["key"] == "done"),
              "behind": sum(1 for r in leaves if r["status"]["key"] == "behind"), "overdue_items": len(overdue),
              "overdue_reports": len(reports["overdue"]), "overdue_unit_plans": len(reports["unit_plans"]),
              "open_escalations": len(escalations["open"]), "oldest_escalation_days": escalations["oldest_days"]}
    return {"plan": _plan_header(plan), "as_of": day, "overall": parts["overall"], "counts": counts,
            "statuses": parts["statuses"], "programmes": parts["programmes"], "units": parts["units"],
            "overdue_items": overdue, "reports": reports, "escalations": escalations, "helix": helix,
            "timeline": _timeline(plan, tree, leaves, day), "budget": _budget(parts["programmes"])}


def public_summary(plan, as_of: dt.date | None = None) -> dict:
    """The citizens' view: published items only, no reports, escalations or budgets."""
    day = plan_as_of(plan, as_of)
    statuses = list(plan.statuses.all())
    tree = _Tree(plan, published_only=True)
    parts = _progress_parts(plan, tree, statuses, day)
    items = []
    for row in parts["leaves"]:
        group = tree.group_of(tree.by_id[row["id"]])
        items.append({k: row[k] for k in ("id", "number", "title", "title_vi", "title_en", "url", "progress", "status",
                                          "lead", "start", "end", "deadline")}
                     | {"programme": group.number if group else ""})
    programmes = [{k: p[k] for k in ("id", "number", "title", "title_vi", "title_en", "url", "lead", "progress", "items",
                                     "statuses")} for p in parts["programmes"]]
    return {"plan": _plan_header(plan), "as_of": day, "overall": parts["overall"], "statuses": parts["statuses"],
            "programmes": programmes, "units": parts["units"], "items": items}

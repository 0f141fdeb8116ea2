"""The plan tree and item pages under /programme/: a plan's whole tree with filters (public
for published plans), an item's page with its text as the plan wrote it, participants and
helices, progress and how it rolls up, money, documents, timeline, reports, escalations and
history; the lead unit's editors (core.permissions.can_change) edit the item, add timeline
entries, tasks, participants and documents. Parents' progress is rolled up after a change."""
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, can_read, require_change, visible
from smartcity.core import files
from smartcity.programme.forms_items import AttachmentForm, ItemEditForm, ParticipantForm, TaskForm, TimelineForm, next_task_number
from smartcity.programme.models import (Attachment, Escalation, Item, ItemKind, ItemParticipant, ItemStatus, Plan, ProgressReport,
                                        ReviewStatus, TimelineEntry)
from smartcity.programme.services import clock, helix as helix_svc
from smartcity.programme.services.items_tree import (build_tree, fold, is_overdue, matches, percent, rollup as rollup_maths, visible_ids,
                                                     vnd)

HELIX_LETTERS = {"government": "G", "business": "B", "academia": "A", "international": "I"}
# kinds whose helix coverage is checked (as services/helix.coverage does): a programme only when it has no bullets
CHECKED_KINDS = ("item", "assignment", "programme")


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def as_of_for(request, plan):
    try:
        requested = clock.parse_as_of(request.GET.get("as_of"))
    except ValueError:
        requested = None
    return clock.as_of(plan, requested)


def get_plan(request, code) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner", "issuer"), code=code)
    if not can_read(request.user, plan):
        raise Http404
    return plan


def get_item(request, pk) -> Item:
    item = get_object_or_404(Item.objects.select_related("plan", "owner", "status", "parent"), pk=pk)
    if not (can_read(request.user, item) and can_read(request.user, item.plan)):
        raise Http404
    return item


# -- roll-up -------------------------------------------------------------------------------------
def roll_up(item: Item) -> None:
    """Bring the plan's progress up to date after a change. services/rollup.py's signals
    usually have already (saving an item recomputes its plan); once more is harmless and
    covers writes that bypass them (bulk updates)."""
    from smartcity.programme.services.rollup import recompute

    recompute(item.plan)


# -- the plan tree -------------------------------------------------------------------------------
def helix_view(item: Item, checked: bool) -> dict:
    cov = helix_svc.item_helices(item)
    return {"present": cov["present"], "missing": cov["missing"] if checked else [], "checked": checked,
            "badges": [{"key": h, "letter": HELIX_LETTERS[h], "present": h in cov["present"],
                        "missing": checked and h in cov["missing"]} for h in helix_svc.ALL]}


def _search_text(item: Item) -> str:
    return " ".join([item.number, item.title_vi, item.title_en, item.text_vi, item.text_en, item.owner.code,
                     item.owner.abbreviation, item.owner.name_vi, item.owner.name_en])


def plan_detail(request, code):
    plan = get_plan(request, code)
    as_of = as_of_for(request, plan)
    items = list(visible(Item.objects.filter(plan=plan), request.user).select_related("owner", "status")
                 .prefetch_related("participants__organisation").order_by("position", "id"))
    has_children = {i.parent_id for i in items if i.parent_id}
    f_unit, f_status = request.GET.get("unit", "").strip(), request.GET.get("status", "").strip()
    f_helix, q = request.GET.get("helix", "").strip(), request.GET.get("q", "").strip()
    filtering = bool(f_unit or f_status or f_helix or q)
    nodes, matched, status_counts = [], [], Counter()
    overdue_count = missing_count = matched_count = 0
    for item in items:
        leaf = item.pk not in has_children
        checked = item.kind in CHECKED_KINDS and (item.kind != "programme" or leaf)
        hx = helix_view(item, checked)
        closed = bool(item.status and item.status.closed)
        overdue = is_overdue(item.deadline, as_of, closed, item.progress)
        units = {item.owner.code} | {p.organisation.code for p in item.participants.all()}
        node = {"id": item.pk, "parent": item.parent_id, "item": item, "leaf": leaf, "helix": hx, "overdue": overdue,
                "progress": percent(item.progress), "lead": item.owner, "search": fold(_search_text(item))}
        nodes.append(node)
        if item.kind != ItemKind.SECTION:
            status_counts[item.status.key if item.status else ""] += 1
            overdue_count += overdue
            missing_count += bool(hx["missing"])
        ok = ((not f_unit or f_unit in units)
              and (not f_status or (item.status and item.status.key == f_status))
              and (not f_helix or (f_helix == "any" and hx["missing"]) or f_helix in hx["missing"])
              and (not q or matches(q, _search_text(item))))
        node["match"] = ok
        if ok:
            matched.append(item.pk)
            matched_count += item.kind != ItemKind.SECTION
    keep = visible_ids({n["id"]: n["parent"] for n in nodes}, matched) if filtering else {n["id"] for n in nodes}
    shown = [n for n in nodes if n["id"] in keep]
    roots = build_tree(shown)
    for n in shown:
        n["open"] = filtering or n["item"].kind in (ItemKind.SECTION,)
    statuses = list(plan.statuses.all())
    counts = {"items": sum(1 for i in items if i.kind != ItemKind.SECTION),
              "matched": matched_count,
              "overdue": overdue_count, "missing_helix": missing_count,
              "by_status": [{"status": s, "count": status_counts.get(s.key, 0)} for s in statuses]}
    unit_ids = {i.owner_id for i in items} | {p.organisation_id for i in items for p in i.participants.all()}
    return render(request, "programme/items/plan.html", {
        "plan": plan, "roots": roots, "as_of": as_of, "counts": counts, "statuses": statuses, "filtering": filtering,
        "units": Organisation.objects.filter(pk__in=unit_ids).order_by("helix", "code"),
        "helices": helix_svc.REQUIRED, "f": {"unit": f_unit, "status": f_status, "helix": f_helix, "q": q},
        "plan_progress": percent(plan.progress),
        "preamble": plan.preamble_en if _english() and plan.preamble_en else plan.preamble_vi,
        "as_of_param": request.GET.get("as_of", ""),
    })


# -- an item's page ------------------------------------------------------------------------------
def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since
        return name


def _show(value, field, statuses):
    if value is None or value == "":
        return "—"
    if field == "status":
        return statuses.get(value, value)
    if field in ("budget_estimate", "actual_spend"):
        return vnd(value)
    if field == "progress":
        return percent(value) + " %"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _what(h) -> str:
    return {"+": _("created"), "~": _("changed"), "-": _("deleted")}.get(h.history_type, h.history_type)


def item_history(item: Item, limit: int = 60) -> list[dict]:
    """Who changed what when: the item's own fields (old -> new), its participants, timeline
    entries and documents; newest first."""
    statuses = {s.pk: s.name for s in ItemStatus.objects.filter(plan_id=item.plan_id)}
    skip = {"updated_at", "created_at"}
    out = []
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    for i, h in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if prev is not None and h.history_type == "~":
            for c in h.diff_against(prev).changes:
                if c.field in skip:
                    continue
                changes.append({"field": _label(Item, c.field), "old": _show(c.old, c.field, statuses),
                                "new": _show(c.new, c.field, statuses)})
            if not changes:
                continue
        out.append({"when": h.history_date, "who": h.history_user, "what": _what(h), "record": _("item"),
                    "changes": changes})
    related = [(ItemParticipant, _("participant"), lambda h: f"{h.organisation.code} · {h.get_role_display()}"),
               (TimelineEntry, _("timeline"), lambda h: h.title_vi),
               (Attachment, _("document"), lambda h: h.title)]
    for model, name, describe in related:
        for h in model.history.filter(item_id=item.pk).select_related("history_user").order_by("-history_date")[:limit]:
            try:
                what = describe(h)
            except Exception:  # noqa: BLE001 - the organisation of a deleted row may be gone
                what = ""
            out.append({"when": h.history_date, "who": h.history_user, "what": _what(h),
                        "record": f"{name}: {what}", "changes": []})
    return sorted(out, key=lambda r: r["when"], reverse=True)[:limit]


def _rollup_view(item: Item, children: list) -> dict | None:
    if not children:
        return None
    maths = rollup_maths([(c.weight, c.progress) for c in children], item.plan.rollup)
    rows = [{"item": c, "weight": c.weight, "progress": percent(c.progress), "share": percent(s), "points": percent(p)}
            for c, s, p in zip(children, maths["shares"], maths["contributions"])]
    return {"method": maths["method"], "progress": percent(maths["progress"]), "rows": rows}


def item_detail(request, pk, forms=None):
    item = get_item(request, pk)
    plan = item.plan
    as_of = as_of_for(request, plan)
    editable = can_change(request.user, item)
    children = list(visible(item.children.all(), request.user).select_related("owner", "status").order_by("position", "id"))
    ancestors, node = [], item.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    participants = list(item.participants.select_related("organisation").order_by("role", "organisation__code"))
    checked = item.kind in CHECKED_KINDS and (item.kind != "programme" or not children)
    closed = bool(item.status and item.status.closed)
    # the public sees accepted reports only; staff see the workflow (drafts of their own unit,
    # submitted and returned ones) and the escalations, which are internal until decided
    reports = visible(ProgressReport.objects.filter(item=item), request.user).order_by("-period_end")
    escalations = []
    if request.user.is_authenticated:
        escalations = list(visible(Escalation.objects.filter(item=item), request.user).order_by("-raised_at"))
    else:
        reports = reports.filter(status=ReviewStatus.ACCEPTED)
    reports = list(reports)
    spend_pct = None
    if item.budget_estimate and item.actual_spend is not None:
        spend_pct = percent(item.actual_spend / item.budget_estimate * 100)
    forms = forms or {}
    if editable:
        forms.setdefault("timeline", TimelineForm(initial={"date": as_of}, prefix="tl"))
        forms.setdefault("task", TaskForm(prefix="task"))
        forms.setdefault("attach", AttachmentForm(prefix="doc"))
        forms.setdefault("participant", ParticipantForm(item=item, prefix="pt"))
    status = 400 if any(f.is_bound and f.errors for f in forms.values()) else 200
    return render(request, "programme/items/item.html", {
        "item": item, "plan": plan, "as_of": as_of, "editable": editable, "children": children, "ancestors": ancestors,
        "participants": participants, "helix": helix_view(item, checked),
        "overdue": is_overdue(item.deadline, as_of, closed, item.progress), "progress": percent(item.progress),
        "rollup": _rollup_view(item, children), "budget": vnd(item.budget_estimate), "spend": vnd(item.actual_spend),
        "spend_pct": spend_pct, "attachments": list(item.attachments.all()), "timeline": list(item.timeline.select_related("created_by")),
        "milestones": list(item.milestones.all()) if item.strategic or item.milestones.exists() else [],
        "reports": reports, "escalations": escalations, "history": item_history(item), "forms": forms,
        "text_other": item.text_en if not _english() else "", "english": _english(),
    }, status=status)


def _owner_item(request, pk) -> Item:
    item = get_item(request, pk)
    require_change(request.user, item)
    return item


@login_required
def item_edit(request, pk):
    item = _owner_item(request, pk)
    if request.method == "POST":
        form = ItemEditForm(request.POST, instance=item)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                roll_up(item)
            messages.success(request, _("The item was saved; its parents' progress was updated."))
            return redirect("programme-item", pk=item.pk)
    else:
        form = ItemEditForm(instance=item)
    return render(request, "programme/items/edit.html", {"item": item, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def item_timeline(request, pk):
    item = _owner_item(request, pk)
    form = TimelineForm(request.POST, prefix="tl")
    if not form.is_valid():
        return item_detail(request, pk, {"timeline": form})
    entry = form.save(commit=False)
    entry.item, entry.source, entry.created_by = item, "manual", request.user
    entry.save()
    messages.success(request, _("The timeline entry was added."))
    return redirect(reverse("programme-item", args=[item.pk]) + "#timeline")


@login_required
@require_POST
def item_task(request, pk):
    item = _owner_item(request, pk)
    form = TaskForm(request.POST, prefix="task")
    if not form.is_valid():
        return item_detail(request, pk, {"task": form})
    with transaction.atomic():
        task = form.save(commit=False)
        last = item.children.order_by("-position").first()
        task.plan, task.parent, task.kind, task.owner = item.plan, item, ItemKind.TASK, item.owner
        task.number = next_task_number(item)
        task.position = (last.position if last else item.position) + 1
        task.published = item.published
        task.status = item.plan.statuses.filter(key="not_started").first()
        task.progress = 0
        task.save()
        roll_up(task)
    messages.success(request, _("Task %(number)s was added.") % {"number": task.number})
    return redirect("programme-item", pk=task.pk)


@login_required
@require_POST
def item_attach(request, pk):
    item = _owner_item(request, pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="doc")
    if not form.is_valid():
        return item_detail(request, pk, {"attach": form})
    doc = form.save(commit=False)
    doc.item, doc.uploaded_by = item, request.user
    for key, value in form.sniffed.items():
        setattr(doc, key, value)
    doc.save()
    messages.success(request, _("The document was attached."))
    return redirect(reverse("programme-item", args=[item.pk]) + "#documents")


@login_required
@require_POST
def item_participant_add(request, pk):
    item = _owner_item(request, pk)
    form = ParticipantForm(request.POST, item=item, prefix="pt")
    if not form.is_valid():
        return item_detail(request, pk, {"participant": form})
    p = form.save(commit=False)
    p.item = item
    p.save()
    messages.success(request, _("%(org)s was added.") % {"org": p.organisation.name})
    return redirect(reverse("programme-item", args=[item.pk]) + "#participants")


@login_required
@require_POST
def item_participant_remove(request, pk, participant):
    item = _owner_item(request, pk)
    p = get_object_or_404(ItemParticipant, pk=participant, item=item)
    name = p.organisation.name
    p.delete()
    messages.success(request, _("%(org)s was removed.") % {"org": name})
    return redirect(reverse("programme-item", args=[item.pk]) + "#participants")


def attachment_download(request, pk):
    """A document of an item, always as a download (never rendered inline by the browser)."""
    doc = get_object_or_404(Attachment.objects.select_related("item__plan"), pk=pk, item__isnull=False)
    get_item(request, doc.item_id)
    if not doc.file and doc.url:
        return redirect(doc.url)
    return files.download(doc.file, doc.content_type)



"""Reporting pages under /programme/ (III.3, III.4): a unit's expected reports ("my
reports"), the report form (draft, figures, attachments, submit), the Office's review queue,
unit plans and budget estimates, and the overdue list. Pages are for signed-in staff; every
write goes through services/reports.py, which checks who may do it."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change
from smartcity.core import files
from smartcity.programme.forms_reports import (AttachmentForm, FigureFormSet, ReportForm, ReviewForm, UnitPlanForm,
                                               UnitPlanLineForm)
from smartcity.programme.models import Attachment, Item, Plan, ProgressReport, ReviewStatus, UnitPlan, UnitPlanLine
from smartcity.programme.permissions import can_decide, can_review
from smartcity.programme.services import clock
from smartcity.programme.services import reports as rs

STATE_LABELS = {"missing": gettext_lazy("not written"), "draft": gettext_lazy("draft"), "submitted": gettext_lazy("submitted"),
                "accepted": gettext_lazy("accepted"), "returned": gettext_lazy("returned for changes")}


def current_plan(request) -> Plan | None:
    code = request.GET.get("plan") or request.POST.get("plan")
    qs = Plan.objects.order_by("-year", "-issued_on", "code")
    if code:
        return get_object_or_404(Plan, code=code)
    return qs.filter(code="kh-11-2018").first() or qs.first()


def request_as_of(request, plan) -> dt.date:
    try:
        return clock.as_of(plan, clock.parse_as_of(request.GET.get("as_of")))
    except ValueError:
        raise Http404("as_of is YYYY-MM-DD") from None


def vnd(value) -> str:
    if value in (None, ""):
        return "—"
    return f"{int(value):,}".replace(",", ".") + " đ"


def _unit(request) -> Organisation | None:
    code = request.GET.get("unit")
    if code:
        return Organisation.objects.filter(code=code).first()
    return getattr(request.user, "organisation", None)


def _row(e, as_of):
    return {"e": e, "label": STATE_LABELS[e.state], "days_to_due": (e.due_date - as_of).days}


def _common(request, plan, as_of, **extra):
    ctx = {"plan": plan, "as_of": as_of, "can_review": can_review(request.user), "can_decide": can_decide(request.user),
           "plan_query": f"?plan={plan.code}" if plan else ""}
    ctx.update(extra)
    return ctx


@login_required
def reports_home(request):
    """A unit's expected reports (its own, or ?unit=CODE) with state and due date, the next
    one due; the Office also sees how many wait for review."""
    plan = current_plan(request)
    if plan is None:
        return render(request, "programme/reports/home.html", {"plan": None})
    as_of = request_as_of(request, plan)
    unit = _unit(request)
    rows = [e for e in rs.expected_reports(plan, as_of) if unit is None or e.organisation.pk == unit.pk]
    state = request.GET.get("state", "")
    shown = [e for e in rows if not state or e.state == state]
    counts = {s: sum(1 for e in rows if e.state == s) for s in rs.STATES}
    queue = ProgressReport.objects.filter(item__plan=plan, status=ReviewStatus.SUBMITTED).count()
    units = Organisation.objects.filter(pk__in={i.owner_id for i in rs.reported_items(plan)}).order_by("code")
    return render(request, "programme/reports/home.html", _common(
        request, plan, as_of, unit=unit, units=units, rows=[_row(e, as_of) for e in sorted(shown, key=lambda e: (-e.period_end.toordinal(), e.item.position))], state=state,
        states=[(s, STATE_LABELS[s], counts[s]) for s in rs.STATES], next=rs.next_due(rows, as_of), queue=queue,
        overdue=sum(1 for e in rows if e.overdue), writable=bool(unit and can_change(request.user, unit))))


@login_required
def report_queue(request):
    """Reports waiting for the Office's review, oldest submission first."""
    plan = current_plan(request)
    if plan is None:
        raise Http404
    as_of = request_as_of(request, plan)
    reports = (ProgressReport.objects.filter(item__plan=plan, status=ReviewStatus.SUBMITTED)
               .select_related("item", "owner", "submitted_by").order_by("submitted_at", "item__position"))
    return render(request, "programme/reports/queue.html", _common(request, plan, as_of, reports=reports))


def _figure_initial(report):
    return [{"label": f.get("label", ""), "value": f.get("value"), "unit": f.get("unit", "")} for f in (report.figures if report else [])]


@login_required
def report_edit(request, item_id):
    """Write or change the report of an item for a period (?period=2018-05): save a draft or
    submit. Only the lead unit's editors (and the Office) may."""
    item = get_object_or_404(Item.objects.select_related("plan", "owner", "status"), pk=item_id)
    plan = item.plan
    if not rs.can_report(request.user, item):
        raise PermissionDenied(_("Only the lead unit reports on this item."))
    as_of = request_as_of(request, plan)
    schedule = rs.schedule_of(plan)
    periods = rs.item_periods(item, schedule)
    choices = [p for p in periods if p.start <= max(as_of, clock.today())] or periods
    period = request.POST.get("period") or request.GET.get("period") or (choices[-1].key if choices else "")
    report = ProgressReport.objects.filter(item=item, period=period).first()
    if report and report.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        messages.info(request, _("This report is submitted; it can change only if the Office returns it."))
        return redirect("programme-reports-detail", pk=report.pk)
    if request.method == "POST":
        form = ReportForm(request.POST, periods=choices)
        figures = FigureFormSet(request.POST, prefix="fig")
        if form.is_valid() and figures.is_valid():
            data = form.cleaned_data
            rows = [f for f in figures.cleaned_data if f and f.get("label")]
            try:
                with transaction.atomic():
                    report = rs.save_report(item, request.user, data["period"], progress=data["progress"], narrative=data["narrative"],
                                            difficulties=data["difficulties"], next_steps=data["next_steps"], spend=data["spend"],
                                            figures=rows)
                    if request.POST.get("action") == "submit":
                        rs.submit_report(report, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Report submitted to the Smart City Office.") if report.status == ReviewStatus.SUBMITTED
                                 else _("Draft saved."))
                return redirect("programme-reports-detail", pk=report.pk)
    else:
        initial = {"period": period, "progress": report.progress if report else item.progress}
        if report:
            initial.update(narrative=report.narrative, difficulties=report.difficulties, next_steps=report.next_steps, spend=report.spend)
        form = ReportForm(initial=initial, periods=choices)
        figures = FigureFormSet(initial=_figure_initial(report), prefix="fig")
    return render(request, "programme/reports/form.html", _common(request, plan, as_of, item=item, form=form, figures=figures,
                                                                  report=report, period=period))


@login_required
def report_detail(request, pk):
    report = get_object_or_404(ProgressReport.objects.select_related("item", "item__plan", "owner", "submitted_by", "reviewed_by"), pk=pk)
    plan = report.item.plan
    editable = rs.can_report(request.user, report.item) and report.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
    return render(request, "programme/reports/detail.html", _common(
        request, plan, request_as_of(request, plan), report=report, item=report.item, editable=editable,
        can_attach=rs.can_report(request.user, report.item) and report.status != ReviewStatus.ACCEPTED,
        can_escalate=rs.can_report(request.user, report.item), attachments=report.attachments.all(),
        review_form=ReviewForm() if can_review(request.user) and report.status == ReviewStatus.SUBMITTED else None,
        attach_form=AttachmentForm(), escalations=report.escalations.all(), state_label=STATE_LABELS[report.status]))


@login_required
@require_POST
def report_submit(request, pk):
    report = get_object_or_404(ProgressReport, pk=pk)
    try:
        rs.submit_report(report, request.user)
        messages.success(request, _("Report submitted to the Smart City Office."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("programme-reports-detail", pk=pk)


@login_required
@require_POST
def report_review(request, pk):
    report = get_object_or_404(ProgressReport, pk=pk)
    if not can_review(request.user):
        raise PermissionDenied(_("Only the Smart City Office reviews reports."))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("programme-reports-detail", pk=pk)
    try:
        rs.review_report(report, request.user, form.cleaned_data["decision"] == "accept", form.cleaned_data["comment"])
        messages.success(request, _("Report accepted: the item's progress is updated.") if report.status == ReviewStatus.ACCEPTED
                         else _("Report returned to the unit."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("programme-reports-detail", pk=pk)


def _attach(request, target_name, target, back):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        rs.attach(form.cleaned_data["file"], request.user, form.cleaned_data["title"], form.cleaned_data["kind"], **{target_name: target})
        messages.success(request, _("File attached."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(back)


@login_required
@require_POST
def report_attach(request, pk):
    report = get_object_or_404(ProgressReport.objects.select_related("item"), pk=pk)
    if not rs.can_report(request.user, report.item) or report.status == ReviewStatus.ACCEPTED:
        raise PermissionDenied(_("Only the lead unit adds files to its report before it is accepted."))
    return _attach(request, "report", report, reverse("programme-reports-detail", args=[pk]))


@login_required
def attachment_download(request, pk):
    """Any reporting attachment, always as a download (never shown inline)."""
    att = get_object_or_404(Attachment, pk=pk)
    if not att.file or not (att.report_id or att.unit_plan_id or att.escalation_id):
        raise Http404
    return files.download(att.file, rs.download_type(att))


# -- unit plans -------------------------------------------------------------------------------
@login_required
def unit_plans(request):
    plan = current_plan(request)
    if plan is None:
        raise Http404
    as_of = request_as_of(request, plan)
    rows = rs.unit_plan_states(plan, as_of)
    for r in rows:
        r["label"] = STATE_LABELS[r["state"]]
        r["budget"] = vnd(r["budget_total"]) if r["unit_plan"] else "—"
    mine = getattr(request.user, "organisation", None)
    own = next((r for r in rows if mine and r["organisation"].pk == mine.pk), None)
    return render(request, "programme/reports/unit_plans.html", _common(
        request, plan, as_of, rows=rows, own=own, total=vnd(sum(r["budget_total"] for r in rows)),
        can_create=bool(own and own["unit_plan"] is None and can_change(request.user, mine)),
        overdue=sum(1 for r in rows if r["overdue"]), late=sum(1 for r in rows if r["late"])))


@login_required
@require_POST
def unit_plan_create(request):
    plan = current_plan(request)
    org = getattr(request.user, "organisation", None)
    if plan is None or org is None or not can_change(request.user, org):
        raise PermissionDenied(_("Only a unit's editors start its plan."))
    up, _created = UnitPlan.objects.get_or_create(plan=plan, owner=org, defaults={"due_date": rs.unit_plan_due(plan)})
    return redirect("programme-unit-plans-detail", pk=up.pk)


@login_required
def unit_plan_detail(request, pk):
    up = get_object_or_404(UnitPlan.objects.select_related("plan", "owner", "submitted_by", "reviewed_by"), pk=pk)
    plan = up.plan
    editable = can_change(request.user, up) and up.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
    items = rs.items_for_unit(plan, up.owner)
    line_form = UnitPlanLineForm(items=items) if editable else None
    summary_form = UnitPlanForm(initial={"summary": up.summary}) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Only the unit's editors change its plan while it is a draft."))
        action = request.POST.get("action")
        if action == "summary":
            summary_form = UnitPlanForm(request.POST)
            if summary_form.is_valid():
                up.summary = summary_form.cleaned_data["summary"]
                up.save()
                messages.success(request, _("Saved."))
                return redirect("programme-unit-plans-detail", pk=pk)
        elif action == "add-line":
            line_form = UnitPlanLineForm(request.POST, items=items)
            if line_form.is_valid():
                line = line_form.save(commit=False)
                line.unit_plan = up
                line.save()
                messages.success(request, _("Activity added."))
                return redirect("programme-unit-plans-detail", pk=pk)
        elif action == "delete-line":
            UnitPlanLine.objects.filter(unit_plan=up, pk=request.POST.get("line")).delete()
            return redirect("programme-unit-plans-detail", pk=pk)
        elif action == "submit":
            try:
                rs.submit_unit_plan(up, request.user)
                messages.success(request, _("Plan submitted to the Smart City Office."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("programme-unit-plans-detail", pk=pk)
        else:
            return HttpResponseBadRequest("unknown action")
    state = next((r for r in rs.unit_plan_states(plan, request_as_of(request, plan)) if r["unit_plan"] and r["unit_plan"].pk == up.pk), None)
    return render(request, "programme/reports/unit_plan.html", _common(
        request, plan, request_as_of(request, plan), up=up, lines=up.lines.select_related("item"), total=vnd(up.budget_total),
        editable=editable, line_form=line_form, summary_form=summary_form, state=state, label=STATE_LABELS[up.status],
        review_form=ReviewForm() if can_review(request.user) and up.status == ReviewStatus.SUBMITTED else None,
        attach_form=AttachmentForm(), can_attach=can_change(request.user, up) and up.status != ReviewStatus.ACCEPTED,
        attachments=up.attachments.all(), vnd=vnd))


@login_required
@require_POST
def unit_plan_review(request, pk):
    up = get_object_or_404(UnitPlan, pk=pk)
    if not can_review(request.user):
        raise PermissionDenied(_("Only the Smart City Office reviews unit plans."))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            rs.review_unit_plan(up, request.user, form.cleaned_data["decision"] == "accept", form.cleaned_data["comment"])
            messages.success(request, _("Review recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("programme-unit-plans-detail", pk=pk)


@login_required
@require_POST
def unit_plan_attach(request, pk):
    up = get_object_or_404(UnitPlan, pk=pk)
    if not can_change(request.user, up) or up.status == ReviewStatus.ACCEPTED:
        raise PermissionDenied(_("Only the unit's editors add files to its plan before it is accepted."))
    return _attach(request, "unit_plan", up, reverse("programme-unit-plans-detail", args=[pk]))


# -- overdue ------------------------------------------------------------------------------------
@login_required
def overdue(request):
    plan = current_plan(request)
    if plan is None:
        raise Http404
    as_of = request_as_of(request, plan)
    rows = rs.overdue_reports(plan, as_of)
    unit = request.GET.get("unit", "")
    if unit:
        rows = [e for e in rows if e.organisation.code == unit]
    by_unit = {}
    for e in rows:
        by_unit.setdefault(e.organisation, []).append(e)
    plans = [r for r in rs.unit_plan_states(plan, as_of) if r["overdue"] and (not unit or r["organisation"].code == unit)]
    return render(request, "programme/reports/overdue.html", _common(
        request, plan, as_of, rows=rows, by_unit=sorted(by_unit.items(), key=lambda kv: -len(kv[1])), unit=unit,
        unit_plans=plans, labels=STATE_LABELS))

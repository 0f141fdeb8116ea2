"""Escalation pages under /programme/escalations/: the list (open ones first, oldest first,
with their age as of the plan's date and a colour band), a form to raise one on an item the
unit leads (from a report or directly), and an escalation's page with the steps the user may
take: the Office's review and forward, the Steering Committee's decision, withdrawal."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change
from smartcity.programme.forms_reports import DecisionForm, EscalationForm, OfficeReviewForm
from smartcity.programme.models import Escalation, EscalationStatus, Item, ProgressReport
from smartcity.programme.permissions import can_decide, can_review
from smartcity.programme.services import escalations as es
from smartcity.programme.views_reports import current_plan, request_as_of


@login_required
def escalation_list(request):
    plan = current_plan(request)
    if plan is None:
        raise Http404
    as_of = request_as_of(request, plan)
    open_rows = es.open_escalations(plan, as_of)
    open_ids = {r["escalation"].pk for r in open_rows}
    closed = (Escalation.objects.filter(item__plan=plan).exclude(pk__in=open_ids).select_related("item", "owner", "action_owner")
              .order_by("-decided_at", "-raised_at"))
    return render(request, "programme/escalations/list.html", {
        "plan": plan, "as_of": as_of, "open_rows": open_rows, "closed": closed, "can_review": can_review(request.user),
        "can_decide": can_decide(request.user), "bands": es.BANDS})


@login_required
def escalation_create(request):
    item = get_object_or_404(Item.objects.select_related("plan", "owner"), pk=request.GET.get("item") or request.POST.get("item") or 0)
    if not can_change(request.user, item.owner_id):
        raise PermissionDenied(_("Only the lead unit raises difficulties on this item."))
    report = None
    report_id = request.GET.get("report") or request.POST.get("report")
    if report_id:
        report = get_object_or_404(ProgressReport, pk=report_id, item=item)
    if request.method == "POST":
        form = EscalationForm(request.POST)
        if form.is_valid():
            try:
                esc = es.raise_escalation(item, request.user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Escalation raised: the Smart City Office will review it."))
                return redirect("programme-escalations-detail", pk=esc.pk)
    else:
        initial = {"severity": "normal"}
        if report and report.difficulties:
            initial.update(description=report.difficulties, title=report.difficulties.split("\n")[0][:120])
        form = EscalationForm(initial=initial)
    return render(request, "programme/escalations/form.html", {"item": item, "report": report, "form": form, "plan": item.plan})


@login_required
def escalation_detail(request, pk):
    esc = get_object_or_404(Escalation.objects.select_related("item", "item__plan", "owner", "report", "raised_by", "reviewed_by",
                                                             "decided_by", "action_owner", "meeting"), pk=pk)
    plan = esc.item.plan
    as_of = request_as_of(request, plan)
    open_now = esc.status in (EscalationStatus.OPEN, EscalationStatus.REVIEW)
    return render(request, "programme/escalations/detail.html", {
        "esc": esc, "plan": plan, "as_of": as_of, "age": es.age_days(esc, as_of) if open_now else None,
        "band": es.P.age_band(es.age_days(esc, as_of), es.BANDS) if open_now else "",
        "review_form": OfficeReviewForm() if can_review(request.user) and esc.status == EscalationStatus.OPEN else None,
        "decision_form": DecisionForm(initial={"action_owner": esc.owner.code}) if can_decide(request.user) and esc.status == EscalationStatus.REVIEW else None,
        "can_withdraw": can_change(request.user, esc) and open_now,
        "timeline": esc.item.timeline.filter(source__in=["escalation", "decision"], title_vi__contains=esc.title[:60])
        .order_by("date", "id")})


def _step(request, pk, fn):
    esc = get_object_or_404(Escalation, pk=pk)
    try:
        fn(esc)
        messages.success(request, _("Recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("programme-escalations-detail", pk=pk)


@login_required
@require_POST
def escalation_review(request, pk):
    if not can_review(request.user):
        raise PermissionDenied(_("Only the Smart City Office reviews escalations."))
    form = OfficeReviewForm(request.POST)
    text = form.cleaned_data["review_text"] if form.is_valid() else ""
    return _step(request, pk, lambda esc: es.office_review(esc, request.user, text))


@login_required
@require_POST
def escalation_decide(request, pk):
    if not can_decide(request.user):
        raise PermissionDenied(_("Only the Steering Committee (or the Office on its behalf) records decisions."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("programme-escalations-detail", pk=pk)
    d = form.cleaned_data
    return _step(request, pk, lambda esc: es.decide(esc, request.user, d["decision"], d["action_owner"], d["action_due"]))


@login_required
@require_POST
def escalation_withdraw(request, pk):
    esc = get_object_or_404(Escalation, pk=pk)
    if not can_change(request.user, esc):
        raise PermissionDenied(_("Only the unit that raised it may withdraw it."))
    return _step(request, pk, lambda e: es.withdraw(e, request.user))

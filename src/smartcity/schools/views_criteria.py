"""Criteria sets: the list by school year, a set with its areas and criteria, and for the
department's editors (drafts only) forms to add areas and criteria, publish (freeze) a set
and copy it to the next school year."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, require_change, visible
from smartcity.schools import services
from smartcity.schools.forms import CriterionForm, GroupForm
from smartcity.schools.models import CriteriaSet, Criterion


def set_list(request):
    sets = visible(CriteriaSet.objects.all(), request.user).prefetch_related("groups__criteria")
    rows = [{"set": s, "groups": len(s.groups.all()), "criteria": sum(len(g.criteria.all()) for g in s.groups.all()),
             "points": sum(c.max_score for g in s.groups.all() for c in g.criteria.all())} for s in sets]
    return render(request, "schools/sets.html", {"rows": rows})


def set_detail(request, pk):
    cset = get_object_or_404(visible(CriteriaSet.objects.all(), request.user), pk=pk)
    may_change = can_change(request.user, cset)
    groups = list(cset.groups.prefetch_related("criteria"))
    added = []
    if cset.previous_id:
        old = set(Criterion.objects.filter(group__criteria_set_id=cset.previous_id).values_list("code", flat=True))
        added = [c.code for g in groups for c in g.criteria.all() if c.code not in old]
    return render(request, "schools/set.html", {
        "set": cset, "groups": groups, "may_change": may_change, "editable": may_change and not cset.frozen,
        "group_form": GroupForm(), "criterion_form": CriterionForm(criteria_set=cset), "added": added,
        "total_weight": sum(g.weight for g in groups)})


@login_required
@require_POST
def add_group(request, pk):
    cset = get_object_or_404(CriteriaSet, pk=pk)
    require_change(request.user, cset)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            services.add_group(cset, **form.cleaned_data)
            messages.success(request, _("Area added."))
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("schools-set", pk=pk)


@login_required
@require_POST
def add_criterion(request, pk):
    cset = get_object_or_404(CriteriaSet, pk=pk)
    require_change(request.user, cset)
    form = CriterionForm(request.POST, criteria_set=cset)
    if form.is_valid():
        try:
            services.add_criterion(**{"group": form.cleaned_data.pop("group")}, **form.cleaned_data)
            messages.success(request, _("Criterion added."))
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("schools-set", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    cset = get_object_or_404(CriteriaSet, pk=pk)
    require_change(request.user, cset)
    try:
        services.publish_set(cset, request.user)
        messages.success(request, _("Criteria set published; it is now frozen."))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("schools-set", pk=pk)


@login_required
@require_POST
def copy(request, pk):
    cset = get_object_or_404(CriteriaSet, pk=pk)
    require_change(request.user, cset)
    new = services.copy_set(cset, request.user)
    messages.success(request, _("Copied as a draft for %(year)s.") % {"year": new.school_year})
    return redirect("schools-set", pk=new.pk)

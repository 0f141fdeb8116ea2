"""Staff review of community initiatives (editors of the owner department and the Smart
City Office, through `require_change`): the queue by state, an initiative with the
proposer's contacts, the state change form (a rejection needs its reason) and the official
answer. Every change goes through services, which write the public timeline."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import require_change
from smartcity.innovation import services, workflow
from smartcity.innovation.forms import AnswerForm, TransitionForm
from smartcity.innovation.models import Initiative, InitiativeState


def _require_reviewer(user):
    require_change(user, services.owner_org())


@login_required
def queue(request):
    _require_reviewer(request.user)
    state = request.GET.get("state", "")
    qs = Initiative.objects.exclude(state=workflow.PENDING).select_related("unit")
    if state in InitiativeState.values:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=workflow.STAFF_QUEUE)
    counts = dict(Initiative.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return render(request, "innovation/review_queue.html", {
        "rows": qs.order_by("submitted_at")[:200], "state": state,
        "states": [(s, InitiativeState(s).label, counts.get(s, 0)) for s in InitiativeState.values],
    })


@login_required
def review(request, reference, tform=None, aform=None, status=200):
    _require_reviewer(request.user)
    ini = get_object_or_404(Initiative.objects.select_related("unit"), reference=reference)
    require_change(request.user, ini)
    return render(request, "innovation/review_detail.html", {
        "i": ini, "tform": tform or TransitionForm(current=ini.state), "aform": aform or AnswerForm(current=ini.state),
        "timeline": ini.transitions.select_related("by").order_by("at", "id"), "answers": ini.answers.select_related("organisation"),
        "allowed": workflow.allowed(ini.state),
    }, status=status)


@login_required
@require_POST
def transition(request, reference):
    ini = get_object_or_404(Initiative, reference=reference)
    require_change(request.user, ini)
    form = TransitionForm(request.POST, current=ini.state)
    if not form.is_valid():
        return review(request, reference, tform=form, status=400)
    try:
        services.change_state(ini, form.cleaned_data["state"], by=request.user, reason=form.cleaned_data["reason"])
    except services.InnovationError as exc:
        form.add_error("reason" if exc.field == "reason" else None, exc.message)
        return review(request, reference, tform=form, status=400)
    messages.success(request, _("State changed to “%(s)s”.") % {"s": services.state_label(ini.state)})
    return redirect("innovation-review", reference=reference)


@login_required
@require_POST
def answer(request, reference):
    ini = get_object_or_404(Initiative, reference=reference)
    require_change(request.user, ini)
    form = AnswerForm(request.POST, current=ini.state)
    if not form.is_valid():
        return review(request, reference, aform=form, status=400)
    try:
        services.answer(ini, form.cleaned_data["text"], organisation=request.user.organisation or ini.owner, by=request.user,
                        state=form.cleaned_data.get("state") or None)
    except services.InnovationError as exc:
        form.add_error(None, exc.message)
        return review(request, reference, aform=form, status=400)
    messages.success(request, _("Official answer published."))
    return redirect("innovation-review", reference=reference)

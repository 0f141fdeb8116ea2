"""Consultations, UI: the list, a consultation's page (document, questions with results,
published comments, official answer), confirmation by e-mail or SMS code then votes and comments, and
the owner's moderation and answer. The confirmed token lives in the session only."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change
from smartcity.onestop.services.lookup import client_ip
from smartcity.participation import services
from smartcity.participation.models import Comment, CommentState, Consultation
from smartcity.participation.views_reports import limited


def consultation_list(request):
    return render(request, "participation/consultation_list.html",
                  {"rows": Consultation.objects.filter(published=True)})


def _key(c):
    return f"participation-voter-{c.pk}"


def consultation(request, slug):
    c = get_object_or_404(Consultation, slug=slug, published=True)
    token = request.session.get(_key(c))
    owner = can_change(request.user, c)
    return render(request, "participation/consultation.html", {
        "c": c, "results": services.results(c), "verified": bool(token) and c.is_open(), "is_open": c.is_open(),
        "comments": c.comments.filter(state=CommentState.PUBLISHED).select_related("question"),
        "pending": c.comments.filter(state=CommentState.PENDING) if owner else [], "owner": owner})


@require_POST
def ask_code(request, slug):
    c = get_object_or_404(Consultation, slug=slug, published=True)
    try:
        ver, _code = services.request_code(c, request.POST.get("email", ""), phone=request.POST.get("phone", ""),
                                           ip=client_ip(request))
    except services.RateLimited as exc:
        return limited(request, exc)
    except services.ParticipationError as exc:
        messages.error(request, exc.message)
        return redirect("participation-consultation", slug=slug)
    return redirect("participation-confirm", token=ver.token)


@require_POST
def vote(request, slug):
    c = get_object_or_404(Consultation, slug=slug, published=True)
    try:
        services.vote(c, request.session.get(_key(c), ""), request.POST.get("question"), request.POST.get("choice", ""),
                      ip=client_ip(request))
        messages.success(request, _("Your vote is counted."))
    except services.RateLimited as exc:
        return limited(request, exc)
    except services.ParticipationError as exc:
        messages.error(request, exc.message)
    return redirect("participation-consultation", slug=slug)


@require_POST
def comment(request, slug):
    c = get_object_or_404(Consultation, slug=slug, published=True)
    try:
        services.comment(c, request.session.get(_key(c), ""), request.POST.get("text", ""),
                         question_id=request.POST.get("question") or None, author=request.POST.get("author", ""),
                         ip=client_ip(request))
        messages.success(request, _("Thank you: your comment appears once a moderator has read it."))
    except services.RateLimited as exc:
        return limited(request, exc)
    except services.ParticipationError as exc:
        messages.error(request, exc.message)
    return redirect("participation-consultation", slug=slug)


@login_required
@require_POST
def moderate(request, pk):
    cm = get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)
    try:
        services.moderate(cm, request.POST.get("state", ""), by=request.user, reason=request.POST.get("reason", ""))
    except PermissionDenied:
        raise
    except services.ParticipationError as exc:
        messages.error(request, exc.message)
    return redirect("participation-consultation", slug=cm.consultation.slug)


@login_required
@require_POST
def answer(request, slug):
    c = get_object_or_404(Consultation, slug=slug)
    try:
        services.answer(c, request.POST.get("text", ""), by=request.user)
    except services.ParticipationError as exc:
        messages.error(request, exc.message)
    return redirect("participation-consultation", slug=slug)

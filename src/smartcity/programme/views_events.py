"""International cooperation pages under /programme/: events and delegations (list by year with a
timeline, detail with participants, helices, linked items and attachments; create/edit by the
owner unit), an iCalendar export, memberships of networks, and the strategic projects page
(milestones, studies, partners, linked events).

Reads follow `visible` (published records, plus a unit's own); every write needs
`can_change` on the record (or on the item, for milestones and studies): the owner unit's
editors, or the Smart City Office."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.core import files
from smartcity.programme.forms_events import AttachmentForm, EventForm, MembershipForm, MilestoneForm, ParticipantForm
from smartcity.programme.models import Attachment, DocumentKind, Event, EventKind, EventParticipant, Item, Membership, Milestone
from smartcity.programme.services import clock
from smartcity.programme.services import events as svc

MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(month: int) -> str:
    return MONTHS_EN[month - 1] if svc.english() else f"Th{month}"


def _event_url(e) -> str:
    return reverse("programme-events-detail", args=[e.code])


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_of(request):
    try:
        return clock.parse_as_of(request.GET.get("as_of"))
    except ValueError:
        return None


# -- events -----------------------------------------------------------------------------------------
def event_list(request):
    base = svc.events_for(request.user)
    years = svc.event_years(base)
    year = _int(request.GET.get("year")) or (years[0] if years else clock.today().year)
    kind, country = request.GET.get("kind", ""), request.GET.get("country", "").strip().upper()
    organisation, item = request.GET.get("organisation", "").strip(), _int(request.GET.get("item"))
    if kind not in EventKind.values:
        kind = ""
    events = list(svc.filter_events(base, year=year, kind=kind, country=country, organisation=organisation, item=item)
                  .order_by("starts_on", "code"))
    chart = svc.timeline(events, year, _event_url)
    for tick in chart["ticks"]:
        tick["label"] = month_label(tick["month"])
    rows = [{"e": e, "colour": svc.kind_colour(e.kind), "helices": svc.event_helices(e), "editable": can_change(request.user, e),
             "participants": svc.participants_by_role(e)} for e in events]
    countries = sorted(set(base.values_list("country", flat=True)))
    linked_items = Item.objects.filter(events__in=base).distinct().order_by("plan_id", "position")
    return render(request, "programme/events/list.html", {
        "rows": rows, "chart": chart, "year": year, "years": years, "kind": kind, "country": country, "organisation": organisation,
        "item": item, "kinds": [(k, label, svc.kind_colour(k)) for k, label in EventKind.choices], "countries": countries,
        "organisations": Organisation.objects.order_by("kind", "code"), "linked_items": linked_items,
        "can_create": writable_owners(request.user).exists(),
    })


def _visible_event(request, code):
    event = get_object_or_404(svc.events_for(request.user), code=code)
    return event


def event_detail(request, code):
    event = _visible_event(request, code)
    editable = can_change(request.user, event)
    return render(request, "programme/events/detail.html", {
        "event": event, "editable": editable, "colour": svc.kind_colour(event.kind), "helices": svc.event_helices(event),
        "participants": svc.participants_by_role(event), "description": svc.pick(event, "description"),
        "outcomes": svc.pick(event, "outcomes"), "attachments": event.attachments.all(),
        "participant_form": ParticipantForm(event=event) if editable else None,
        "attachment_form": AttachmentForm() if editable else None,
        "history": event.history.select_related("history_user").order_by("-history_date")[:15] if request.user.is_authenticated else None,
    })


def _edit_event(request, event):
    if request.method == "POST":
        form = EventForm(request.POST, instance=event, user=request.user)
        if form.is_valid():
            require_change(request.user, form.cleaned_data["owner"])
            with transaction.atomic():
                saved = form.save()
            messages.success(request, _("The event was saved."))
            return redirect("programme-events-detail", code=saved.code)
        status = 400
    else:
        form = EventForm(instance=event, user=request.user)
        status = 200
    return render(request, "programme/events/form.html", {"form": form, "event": event}, status=status)


@login_required
def event_create(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not create events."))
    return _edit_event(request, None)


@login_required
def event_edit(request, code):
    event = get_object_or_404(Event, code=code)
    require_change(request.user, event)
    return _edit_event(request, event)


@login_required
@require_POST
def event_delete(request, code):
    event = get_object_or_404(Event, code=code)
    require_change(request.user, event)
    event.delete()
    messages.success(request, _("The event was deleted."))
    return redirect("programme-events")


@login_required
@require_POST
def participant_add(request, code):
    event = get_object_or_404(Event, code=code)
    require_change(request.user, event)
    form = ParticipantForm(request.POST, event=event)
    if form.is_valid():
        participant = form.save(commit=False)
        participant.event = event
        participant.save()
        messages.success(request, _("%(org)s was added.") % {"org": participant.organisation.name})
        return redirect(reverse("programme-events-detail", args=[event.code]) + "#participants")
    return render(request, "programme/events/detail.html", {
        "event": event, "editable": True, "colour": svc.kind_colour(event.kind), "helices": svc.event_helices(event),
        "participants": svc.participants_by_role(event), "description": svc.pick(event, "description"),
        "outcomes": svc.pick(event, "outcomes"), "attachments": event.attachments.all(), "participant_form": form,
        "attachment_form": AttachmentForm(), "history": None}, status=400)


@login_required
@require_POST
def participant_delete(request, code, pk):
    participant = get_object_or_404(EventParticipant, pk=pk, event__code=code)
    require_change(request.user, participant.event)
    participant.delete()
    messages.success(request, _("The participant was removed."))
    return redirect(reverse("programme-events-detail", args=[code]) + "#participants")


def _attachment_post(request, *, event=None, item=None, kind=None, back=""):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.save_attachment(user=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data.get("file"),
                                url=form.cleaned_data.get("url") or "", kind=kind or form.cleaned_data["kind"], event=event, item=item)
        except svc.UploadRejected as exc:
            messages.error(request, exc.message)
            return redirect(back), 400
        messages.success(request, _("The document was attached."))
        return redirect(back), 200
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect(back), 400


@login_required
@require_POST
def attachment_add(request, code):
    event = get_object_or_404(Event, code=code)
    require_change(request.user, event)
    response, status = _attachment_post(request, event=event, back=reverse("programme-events-detail", args=[code]) + "#documents")
    if status != 200:
        response.status_code = 303
        response["X-Upload-Error"] = "1"
    return response


def attachment_download(request, pk):
    """Event documents and strategic studies, always as a download (never rendered inline)."""
    att = get_object_or_404(Attachment.objects.select_related("event", "item"), pk=pk)
    if att.event_id:
        if not visible(Event.objects.filter(pk=att.event_id), request.user).exists():
            raise Http404
    elif att.item_id and att.kind == DocumentKind.STUDY:
        if not visible(Item.objects.filter(pk=att.item_id), request.user).exists():
            raise Http404
    else:
        raise Http404
    if not att.file and att.url:
        return redirect(att.url)
    return files.download(att.file, att.content_type)


def events_ics(request):
    """`?year=Y`: every event of that year; otherwise what is upcoming or still planned as of
    `?as_of=` (default today)."""
    year = _int(request.GET.get("year"))
    if year:
        events = svc.filter_events(svc.events_for(request.user), year=year).exclude(status=Event.Status.CANCELLED).order_by("starts_on")
    else:
        events = svc.upcoming_events(request.user, _as_of(request) or clock.today())
    body = svc.ics(events, request.build_absolute_uri("/"), _event_url, name=_("Binh Duong Smart City: international events"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="su-kien-quoc-te{"-" + str(year) if year else ""}.ics"'
    return response


# -- memberships --------------------------------------------------------------------------------------
def membership_list(request):
    qs = visible(Membership.objects.select_related("network", "member", "owner", "item"), request.user).order_by("network__code")
    rows = [{"m": m, "editable": can_change(request.user, m)} for m in qs]
    return render(request, "programme/events/memberships.html", {
        "rows": rows, "can_create": writable_owners(request.user).exists()})


def _edit_membership(request, membership):
    if request.method == "POST":
        form = MembershipForm(request.POST, instance=membership, user=request.user)
        if form.is_valid():
            require_change(request.user, form.cleaned_data["owner"])
            form.save()
            messages.success(request, _("The membership was saved."))
            return redirect("programme-memberships")
        status = 400
    else:
        form = MembershipForm(instance=membership, user=request.user)
        status = 200
    return render(request, "programme/events/membership_form.html", {"form": form, "membership": membership}, status=status)


@login_required
def membership_create(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not record memberships."))
    return _edit_membership(request, None)


@login_required
def membership_edit(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    require_change(request.user, membership)
    return _edit_membership(request, membership)


# -- strategic projects and milestones --------------------------------------------------------------------
def strategic(request):
    plan = svc.strategic_plan(request.GET.get("plan", ""))
    overview = svc.strategic_overview(request.user, plan, _as_of(request))
    if overview["chart"]:
        for tick in overview["chart"]["ticks"]:
            tick["label"] = month_label(tick["month"])
    for p in overview["projects"]:
        p["editable"] = can_change(request.user, p["item"])
    return render(request, "programme/events/strategic.html", {
        **overview, "plan": plan, "milestone_form": MilestoneForm(), "study_form": AttachmentForm(initial={"kind": DocumentKind.STUDY}),
    })


def _strategic_url(item) -> str:
    return reverse("programme-strategic") + f"?plan={item.plan.code}#item-{item.pk}"


def _edit_milestone(request, item, milestone):
    if request.method == "POST":
        form = MilestoneForm(request.POST, instance=milestone)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.item = item
            saved.save()
            messages.success(request, _("The milestone was saved."))
            return redirect(_strategic_url(item))
        status = 400
    else:
        form = MilestoneForm(instance=milestone)
        status = 200
    return render(request, "programme/events/milestone_form.html", {"form": form, "item": item, "milestone": milestone}, status=status)


@login_required
def milestone_create(request, item_pk):
    item = get_object_or_404(Item, pk=item_pk)
    require_change(request.user, item)
    return _edit_milestone(request, item, None)


@login_required
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("item__plan"), pk=pk)
    require_change(request.user, milestone.item)
    return _edit_milestone(request, milestone.item, milestone)


@login_required
@require_POST
def milestone_delete(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("item__plan"), pk=pk)
    require_change(request.user, milestone.item)
    item = milestone.item
    milestone.delete()
    messages.success(request, _("The milestone was deleted."))
    return redirect(_strategic_url(item))


@login_required
@require_POST
def study_add(request, item_pk):
    item = get_object_or_404(Item.objects.select_related("plan"), pk=item_pk)
    require_change(request.user, item)
    if not item.strategic:
        return HttpResponseBadRequest(_("Studies are attached to strategic projects."))
    response, status = _attachment_post(request, item=item, kind=DocumentKind.STUDY, back=_strategic_url(item))
    if status != 200:
        response.status_code = 303
        response["X-Upload-Error"] = "1"
    return response

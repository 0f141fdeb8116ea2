"""Working sessions of the boards (II.1) under /programme/meetings/, and the compiled report
to the Steering Committee under /programme/compiled-report/.

Reading follows the platform rule (published sessions for everybody, unpublished ones for
their body); writing is for the convening body's editors and the Smart City Office
(`smartcity.core.permissions`); linking an open escalation to a decision decides it, which
only the Steering Committee (or the Office on its behalf) may do."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.core import files
from smartcity.programme.forms_meetings import AttachmentForm, CompiledReportForm, DecisionForm, MeetingForm, ParticipantFormSet
from smartcity.programme.models import Attachment, Decision, Meeting
from smartcity.programme.services import clock
from smartcity.programme.services import compiled_report as report
from smartcity.programme.services import meetings as svc


def _visible(user):
    return visible(Meeting.objects.select_related("body", "owner"), user)


def _get(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "owner"), pk=pk)
    if not _visible(request.user).filter(pk=pk).exists():
        raise Http404
    return meeting


def meeting_list(request):
    qs = _visible(request.user).prefetch_related("decisions", "participants")
    body, year = request.GET.get("body", ""), request.GET.get("year", "")
    all_years = svc.years(_visible(request.user))
    if body:
        qs = qs.filter(body__code=body)
    if year.isdigit():
        qs = qs.filter(starts_at__year=int(year))
    try:
        as_of = clock.parse_as_of(request.GET.get("as_of"))
    except ValueError:
        as_of = None
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time.min)) if as_of else timezone.now()
    upcoming, past = svc.split_upcoming(list(qs), now)
    order = {code: i for i, code in enumerate(svc.BODY_CODES)}
    used = set(Meeting.objects.values_list("body_id", flat=True))
    bodies = sorted(Organisation.objects.filter(Q(pk__in=used) | Q(code__in=svc.BODY_CODES)),
                    key=lambda o: (order.get(o.code, 99), o.code))
    return render(request, "programme/meetings/list.html", {
        "upcoming": upcoming, "past": past, "bodies": bodies, "body": body, "year": year, "years": all_years,
        "can_create": writable_owners(request.user).exists(), "as_of": as_of,
    })


def _history(meeting, limit=40):
    rows = []
    for h in meeting.history.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append({"when": h.history_date, "who": h.history_user, "what": h.get_history_type_display(), "record": _("session")})
    for h in Decision.history.filter(meeting_id=meeting.pk).select_related("history_user").order_by("-history_date")[:limit]:
        rows.append({"when": h.history_date, "who": h.history_user, "what": h.get_history_type_display(),
                     "record": _("decision %(n)s") % {"n": h.number}})
    for h in Attachment.history.filter(meeting_id=meeting.pk).select_related("history_user").order_by("-history_date")[:limit]:
        rows.append({"when": h.history_date, "who": h.history_user, "what": h.get_history_type_display(),
                     "record": _("attachment: %(t)s") % {"t": h.title}})
    return sorted(rows, key=lambda r: r["when"], reverse=True)[:limit]


def meeting_detail(request, pk):
    meeting = _get(request, pk)
    editable = can_change(request.user, meeting)
    decisions = list(meeting.decisions.prefetch_related("items", "escalations").select_related("responsible"))
    return render(request, "programme/meetings/detail.html", {
        "meeting": meeting, "editable": editable, "decisions": decisions,
        "participants": meeting.participants.select_related("organisation"),
        "items": meeting.items.select_related("plan").order_by("plan__code", "position"),
        "attachments": meeting.attachments.all(), "attach_form": AttachmentForm() if editable else None,
        "history": _history(meeting) if request.user.is_authenticated else None,
    })


def _edit(request, meeting):
    user = request.user
    if request.method == "POST":
        form = MeetingForm(request.POST, instance=meeting, user=user)
        formset = ParticipantFormSet(request.POST, instance=meeting or Meeting(), prefix="pt")
        if form.is_valid() and formset.is_valid():
            body = form.cleaned_data["body"]
            svc.check_body(user, body)  # the field only offers writable bodies; checked again here
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.owner = body
                saved.save()
                form.save_m2m()
                formset.instance = saved
                formset.save()
            messages.success(request, _("The working session was saved."))
            return redirect("programme-meetings-detail", pk=saved.pk)
        status = 400
    else:
        form = MeetingForm(instance=meeting, user=user)
        formset = ParticipantFormSet(instance=meeting or Meeting(), prefix="pt")
        status = 200
    return render(request, "programme/meetings/form.html", {"form": form, "formset": formset, "meeting": meeting}, status=status)


@login_required
def meeting_create(request):
    if not writable_owners(request.user).exists():
        require_change(request.user, None)  # 403: the user writes for no organisation
    return _edit(request, None)


@login_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    require_change(request.user, meeting)
    return _edit(request, meeting)


def _decision_edit(request, meeting, decision):
    require_change(request.user, meeting)
    if request.method == "POST":
        form = DecisionForm(request.POST, meeting=meeting)
        if form.is_valid():
            c = form.cleaned_data
            try:
                saved = svc.record_decision(meeting, request.user, text_vi=c["text_vi"], text_en=c["text_en"], items=c["items"],
                                            escalations=c["escalations"], responsible=c["responsible"], due=c["due"],
                                            done=c["done"], number=c["number"], decision=decision)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Decision %(n)s was saved.") % {"n": saved.number})
                return redirect("programme-meetings-detail", pk=meeting.pk)
        status = 400
    else:
        initial = {"number": svc.next_number(meeting)}
        if decision is not None:
            initial = {"number": decision.number, "text_vi": decision.text_vi, "text_en": decision.text_en,
                       "items": list(decision.items.all()), "escalations": list(decision.escalations.all()),
                       "responsible": decision.responsible, "due": decision.due, "done": decision.done}
        form = DecisionForm(initial=initial, meeting=meeting)
        status = 200
    return render(request, "programme/meetings/decision_form.html", {"form": form, "meeting": meeting, "decision": decision},
                  status=status)


@login_required
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    return _decision_edit(request, meeting, None)


@login_required
def decision_edit(request, pk, did):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    decision = get_object_or_404(Decision, pk=did, meeting=meeting)
    return _decision_edit(request, meeting, decision)


@login_required
@require_POST
def attachment_upload(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    require_change(request.user, meeting)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        c = form.cleaned_data
        svc.add_attachment(meeting, c["file"], request.user, title=c["title"], kind=c["kind"])
        messages.success(request, _("The file was attached."))
        return redirect("programme-meetings-detail", pk=meeting.pk)
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    response = meeting_detail(request, pk)
    response.status_code = 400
    return response


def attachment_download(request, pk, aid):
    meeting = _get(request, pk)
    att = get_object_or_404(Attachment, pk=aid, meeting=meeting)
    if not att.file and att.url:
        return redirect(att.url)
    return files.download(att.file, att.content_type)


# -- the compiled report ------------------------------------------------------------------------
@login_required
def compiled_report(request):
    fmt = request.GET.get("format", "")
    form = CompiledReportForm(request.GET or None, initial={"format": "docx"})
    plan = report.default_plan()
    if fmt:
        if not form.is_valid():
            return render(request, "programme/meetings/compiled_report.html", {"form": form, "plan": plan}, status=400)
        plan = form.cleaned_data["plan"] or plan
        if plan is None:
            raise Http404(_("No plan is loaded."))
        as_of = form.cleaned_data["as_of"]
        content, ctype = report.build(plan, as_of, form.cleaned_data["format"])
        response = HttpResponse(content, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{report.filename(plan, as_of, form.cleaned_data["format"])}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if plan is not None and not form.is_bound:
        form = CompiledReportForm(initial={"format": "docx", "plan": plan.code, "as_of": clock.as_of(plan)})
    preview = None
    if plan is not None:
        try:
            requested = clock.parse_as_of(request.GET.get("as_of"))
        except ValueError:
            requested = None
        plan = report.plan_by_code(request.GET.get("plan")) or plan
        data = report.gather(plan, requested)
        preview = {"as_of": data["as_of"], "progress": data["progress"], "programmes": len(data["programmes"]),
                   "overdue_reports": len(data["overdue_reports"]), "open_escalations": len(data["open_escalations"]),
                   "meetings": len(data["meetings"]), "fallbacks": data["fallbacks"]}
    return render(request, "programme/meetings/compiled_report.html", {"form": form, "plan": plan, "preview": preview})


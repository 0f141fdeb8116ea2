"""Staff pages on dossiers under /onestop/ho-so/: the list of the dossiers the user may see
(filters, search by code, masked applicant, computed lateness), counter intake with the
document checklist and the receipt, and one dossier's page: header, processing-control sheet,
documents, consultations, supplements, apologies, notifications, the actions this user may
take now, the PDF forms of its rule set, masked personal data with a logged 'show full
record', and the record's history."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core import files as core_files
from smartcity.core.models import Organisation
from smartcity.onestop import permissions as perms
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.forms_dossiers import ACTION_FORMS, FilterForm, IntakeForm
from smartcity.onestop.models import (
    OPEN_STATUSES,
    Consultation,
    Dossier,
    DossierDocument,
    PersonalDataAccess,
    ProcedureVersion,
    VersionStatus,
)
from smartcity.onestop import pdfforms
from smartcity.onestop.services import calendar, intake, lifecycle, personal

PAGE_SIZE = 50
def _require_staff(user):
    if not perms.is_staff_user(user):
        raise PermissionDenied(_("Dossiers are for the staff of the one-stop units."))


def _local_bounds(day: dt.date, end=False):
    start = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time(0, 0), calendar.LOCAL)
    return start


def filter_dossiers(qs, data: dict, now):
    """Applies the list's filters (cleaned FilterForm data) to a queryset."""
    if data.get("q"):
        qs = qs.filter(code__icontains=data["q"].strip())
    status = data.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if data.get("procedure"):
        qs = qs.filter(procedure=data["procedure"])
    if data.get("unit"):
        qs = qs.filter(current_unit=data["unit"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    lateness = data.get("lateness")
    if lateness:
        soon = calendar.add_working_time(now, 1)
        if lateness == "late":
            qs = qs & Dossier.objects.overdue(now)
        elif lateness == "due_soon":
            qs = qs & Dossier.objects.due_within(now, soon)
        elif lateness == "on_time":
            qs = qs.filter(status__in=OPEN_STATUSES, due_at__gte=soon)
    if data.get("due_within") is not None:
        qs = qs & Dossier.objects.due_within(now, calendar.add_working_time(now, data["due_within"]))
    if data.get("start"):
        since = _local_bounds(data["start"])
        qs = qs.filter(Q(received_at__gte=since) | Q(received_at__isnull=True, submitted_at__gte=since))
    if data.get("end"):
        until = _local_bounds(data["end"], end=True)
        qs = qs.filter(Q(received_at__lt=until) | Q(received_at__isnull=True, submitted_at__lt=until))
    return qs


@login_required
def dossier_list(request):
    _require_staff(request.user)
    now = timezone.now()
    base = perms.visible_dossiers(Dossier.objects.all(), request.user)
    units = Organisation.objects.filter(pk__in=base.values("current_unit")).order_by("name_vi")
    form = FilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = filter_dossiers(base, data, now).select_related("procedure", "current_unit", "owner", "procedure_version")
    page = Paginator(qs.order_by("-received_at", "-submitted_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"d": d, "late": lifecycle.lateness(d, now)} for d in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "onestop/dossiers/list.html", {
        "form": form, "page": page, "rows": rows, "total": page.paginator.count, "query": query.urlencode(),
        "can_intake": _receiving_units(request.user).exists(), "now": now})


def _receiving_units(user):
    """Units whose counter this user may receive for."""
    if user.is_superuser or (perms.sees_all(user) and user.has_role("editor")):
        return Organisation.objects.all()
    if user.organisation_id and user.has_role("editor"):
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def _versions_for(user, day):
    units = _receiving_units(user)
    return (ProcedureVersion.objects.filter(status=VersionStatus.IN_FORCE, valid_from__lte=day, receiving_unit__in=units)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).select_related("procedure", "receiving_unit")
            .order_by("procedure__code"))


@login_required
def intake_view(request):
    """Counter intake: pick the procedure (version in force), then the applicant, the subject,
    the area and the document checklist; on success the receipt page."""
    _require_staff(request.user)
    versions = _versions_for(request.user, timezone.localdate())
    if not _receiving_units(request.user).exists():
        raise PermissionDenied(_("Only editors of a receiving unit take dossiers in."))
    version = None
    chosen = request.POST.get("version") or request.GET.get("version")
    if chosen:
        version = versions.filter(pk=chosen).first()
        if version is None:
            raise Http404
    form = None
    if version is not None:
        form = IntakeForm(request.POST or None, request.FILES or None, version=version) if request.method == "POST" else IntakeForm(version=version)
        if request.method == "POST" and form.is_valid():
            try:
                dossier = intake.receive_at_counter(version=version, applicant=form.applicant(), subject=form.cleaned_data["subject"],
                                                    user=request.user, area=form.cleaned_data.get("area"), files=form.files_to_attach())
            except OneStopError as exc:
                form.add_error(_field_of(exc, form), exc.message)
            else:
                messages.success(request, _("Dossier received: %(code)s") % {"code": dossier.code})
                return redirect(reverse("onestop-dossier", args=[dossier.pk]) + "?received=1")
    return render(request, "onestop/dossiers/intake.html", {"versions": versions, "version": version, "form": form})


def _field_of(exc, form):
    if not exc.field:
        return None
    for name in (exc.field, "applicant_" + exc.field):
        if name in form.fields:
            return name
    return None


def _dossier_or_404(request, pk):
    _require_staff(request.user)
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "procedure_version", "owner", "current_unit", "area",
                                                               "received_by"), pk=pk)
    if not perms.can_view(request.user, dossier):
        raise PermissionDenied(_("This dossier is not handled by your unit."))
    return dossier


def _history(dossier):
    rows = []
    for h in dossier.history.select_related("history_user", "current_unit").order_by("-history_date", "-history_id")[:100]:
        rows.append({"at": h.history_date, "user": h.history_user, "type": h.get_history_type_display(),
                     "status": h.get_status_display(), "unit": h.current_unit, "due_at": h.due_at})
    return rows


def _context(request, dossier, *, bound=None, full=None):
    now = timezone.now()
    actions = perms.available_actions(request.user, dossier)
    forms = {}
    for action in actions:
        cls, title = ACTION_FORMS[action]
        if bound and bound[0] == action:
            forms[action] = (bound[1], title)
        elif action == "answer":
            continue
        else:
            forms[action] = (cls(), title)
    answer_forms = []
    for c in dossier.consultations.filter(answered_at__isnull=True).select_related("unit"):
        if "answer" in actions and perms.can_act(request.user, dossier, "answer", consultation=c):
            from smartcity.onestop.forms_dossiers import AnswerForm

            f = bound[1] if bound and bound[0] == "answer" and str(bound[1].data.get("consultation")) == str(c.pk) else AnswerForm(initial={"consultation": c.pk})
            answer_forms.append((c, f))
    return {
        "d": dossier, "late": lifecycle.lateness(dossier, now), "now": now,
        "handoffs": dossier.handoffs.select_related("from_unit", "to_unit", "by").order_by("seq"),
        "documents": dossier.documents.select_related("required").order_by("phase", "uploaded_at", "pk"),
        "consultations": dossier.consultations.select_related("unit", "answered_by").order_by("sent_at"),
        "supplements": dossier.supplements.order_by("requested_at"),
        "suspensions": dossier.suspensions.order_by("started_at"),
        "apologies": dossier.apologies.select_related("unit", "issued_by").order_by("issued_at"),
        "notifications": dossier.notifications.all()[:50],
        "forms": forms, "answer_forms": answer_forms, "pdf_forms": pdfforms.available(dossier),
        "masked": personal.masked_record(dossier), "full": full,
        "accesses": PersonalDataAccess.objects.filter(dossier=dossier).select_related("user")[:20],
        "history": _history(dossier), "received_now": request.GET.get("received") == "1",
    }


@login_required
def dossier_detail(request, pk):
    dossier = _dossier_or_404(request, pk)
    return render(request, "onestop/dossiers/detail.html", _context(request, dossier))


@login_required
@require_POST
def dossier_full_record(request, pk):
    """Shows the personal data in clear, once, and logs the access (Decree 13/2023)."""
    dossier = _dossier_or_404(request, pk)
    full = personal.full_record(dossier, request.user, request=request, purpose=request.POST.get("purpose", "")[:200])
    response = render(request, "onestop/dossiers/detail.html", _context(request, dossier, full=full))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def dossier_document(request, pk, doc):
    """A dossier's file, always as a download (never rendered in the browser)."""
    dossier = _dossier_or_404(request, pk)
    document = get_object_or_404(DossierDocument, pk=doc, dossier=dossier)
    return core_files.download(document.file, document.content_type)


def run_action(dossier, action, user, cleaned, files=None):
    """Calls the lifecycle service for one action with a form's cleaned data (shared with the API)."""
    files = files or []
    if action == "accept":
        return intake.accept_online(dossier, user)
    if action == "transfer":
        return lifecycle.transfer(dossier, cleaned["to_unit"], user, note=cleaned.get("note", ""), days=cleaned.get("days"))
    if action == "consult":
        return lifecycle.consult(dossier, cleaned["unit"], cleaned["question"], user, cleaned["days"])
    if action == "answer":
        consultation = get_object_or_404(Consultation, pk=cleaned["consultation"], dossier=dossier)
        if not perms.can_act(user, dossier, "answer", consultation=consultation):
            raise PermissionDenied(_("Only the consulted unit answers."))
        return lifecycle.answer_consultation(consultation, user, cleaned["answer"])
    if action == "supplement":
        return lifecycle.request_supplement(dossier, user, cleaned["items"], cleaned.get("reason", ""))
    if action == "supplemented":
        return lifecycle.supplement_received(dossier, user, files=[(None, f) for f in files])
    if action == "reject":
        return lifecycle.reject(dossier, user, cleaned["reason"])
    if action == "suspend":
        return lifecycle.suspend(dossier, user, cleaned["reason"])
    if action == "resume":
        return lifecycle.resume(dossier, user)
    if action == "apology":
        return lifecycle.issue_apology(dossier, user, cleaned["reason"], cleaned["new_due_at"])
    if action == "result":
        return lifecycle.result_ready(dossier, user, cleaned["summary"], files=[(None, f) for f in files])
    if action == "return":
        return lifecycle.return_result(dossier, user, channel=cleaned.get("channel") or "counter")
    if action == "withdraw":
        return lifecycle.withdraw(dossier, user, cleaned["reason"])
    raise Http404


DONE_MESSAGES = {
    "accept": _("Online dossier accepted: the clock has started."), "transfer": _("Dossier transferred."),
    "consult": _("Consultation sent."), "answer": _("Answer recorded."), "supplement": _("Supplement requested: the clock is stopped."),
    "supplemented": _("Supplement received: the clock runs again."), "reject": _("Dossier refused."),
    "suspend": _("Processing suspended: the clock is stopped."), "resume": _("Processing resumed."),
    "apology": _("Apology issued with a new appointment."), "result": _("Result recorded as ready."),
    "return": _("Result returned to the applicant."), "withdraw": _("Withdrawal recorded."),
}


@login_required
@require_POST
def dossier_action(request, pk, action):
    dossier = _dossier_or_404(request, pk)
    if action not in ACTION_FORMS:
        raise Http404
    consultation = None
    if action == "answer":
        consultation = Consultation.objects.filter(pk=request.POST.get("consultation") or 0, dossier=dossier).first()
    if not perms.can_act(request.user, dossier, action, consultation=consultation):
        raise PermissionDenied(_("Your unit may not take this action on this dossier."))
    cls, _title = ACTION_FORMS[action]
    form = cls(request.POST, request.FILES)
    if form.is_valid():
        cleaned = dict(form.cleaned_data)
        if action == "supplement":
            cleaned["items"] = form.item_list()
        if action == "apology":
            cleaned["new_due_at"] = form.new_due_at()
        try:
            run_action(dossier, action, request.user, cleaned, files=cleaned.get("files"))
        except OneStopError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            messages.error(request, exc.message)
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect("onestop-dossier", pk=dossier.pk)
    dossier.refresh_from_db()
    return render(request, "onestop/dossiers/detail.html", _context(request, dossier, bound=(action, form)), status=400)

"""The one-stop module's public pages (no login): the landing page, online submission of a
dossier, and the status lookup by code + the last 4 digits of the applicant's phone.

The lookup page never shows personal data (a masked name, the procedure, dates, units) and
answers a wrong code and a wrong second factor with the same page, so that nobody learns
which codes exist; too many wrong tries answer 429 (see `services/lookup.py`)."""
import datetime as dt

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from smartcity.onestop.errors import OneStopError
from smartcity.onestop.forms_public import LookupForm, SubmissionForm
from smartcity.onestop.services import lookup as lookup_service

SESSION_KEY = "onestop_submitted"  # codes this browser submitted: only they get the confirmation page


def version_in_force(procedure, day: dt.date | None = None):
    """The procedure's version in force on `day` (the catalogue's pointer when it is valid)."""
    from smartcity.onestop.models import VersionStatus

    day = day or timezone.localdate()
    current = procedure.current_version
    if current and current.status == VersionStatus.IN_FORCE and current.valid_from <= day and (current.valid_to is None or current.valid_to >= day):
        return current
    return (procedure.versions.filter(status=VersionStatus.IN_FORCE, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("-number").first())


def online_procedures(day=None, limit=None):
    """(procedure, version) for every procedure whose version in force is offered online."""
    from smartcity.onestop.models import OnlineLevel, Procedure

    day = day or timezone.localdate()
    out = []
    for proc in Procedure.objects.select_related("current_version", "field").order_by("code"):
        version = version_in_force(proc, day)
        if version is not None and version.online_level != OnlineLevel.NONE:
            out.append((proc, version))
            if limit and len(out) >= limit:
                break
    return out


def public_figures(now=None) -> dict:
    """This month's received dossiers and the on-time rate of results this month: two
    aggregate queries on indexed dates."""
    from smartcity.onestop.models import Dossier, Procedure

    now = timezone.localtime(now or timezone.now())
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    received = Dossier.objects.filter(received_at__gte=start, received_at__lte=now).count()
    done = Dossier.objects.filter(result_at__gte=start, result_at__lte=now, due_at__isnull=False).aggregate(
        total=Count("id"), on_time=Count("id", filter=Q(result_at__lte=F("due_at"))))
    rate = round(100 * done["on_time"] / done["total"], 1) if done["total"] else None
    return {"month": start, "received": received, "finished": done["total"], "on_time_rate": rate,
            "procedures": Procedure.objects.count()}


def home(request):
    return render(request, "onestop/public/home.html", {
        "figures": public_figures(),
        "online": online_procedures(limit=12),
        "lookup_form": LookupForm(),
    })


# -- online submission ---------------------------------------------------------------------------
def _procedure_or_404(code):
    from smartcity.onestop.models import Procedure

    try:
        return Procedure.objects.select_related("current_version", "field").get(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None


def submissions_exceeded(request) -> bool:
    """Online submissions per client IP and hour (ONESTOP_SUBMIT_IP_LIMIT, default 20): a
    service centre's shared connection stays usable, a script filling the queue does not."""
    from django.conf import settings

    limit = int(getattr(settings, "ONESTOP_SUBMIT_IP_LIMIT", 20))
    return lookup_service.count_in_window("submit:" + lookup_service.client_ip(request), 3600) > limit


@require_http_methods(["GET", "POST"])
def submit(request, code):
    from smartcity.onestop.models import OnlineLevel
    from smartcity.onestop.services import intake

    procedure = _procedure_or_404(code)
    version = version_in_force(procedure)
    if version is None or version.online_level == OnlineLevel.NONE:
        return render(request, "onestop/public/not_online.html", {"procedure": procedure, "version": version}, status=404)

    done = request.GET.get("submitted", "")
    if done:
        if done not in request.session.get(SESSION_KEY, []):
            return redirect(reverse("onestop-submit", args=[procedure.code]))
        from smartcity.onestop.models import Dossier

        dossier = Dossier.objects.filter(code=done).select_related("procedure_version").first()
        if dossier is None:
            raise Http404
        return render(request, "onestop/public/submitted.html", {
            "procedure": procedure, "version": version, "dossier": dossier,
            "documents": dossier.documents.count(),
            "lookup_url": reverse("onestop-lookup") + "?code=" + dossier.code,
        })

    if request.method == "POST" and submissions_exceeded(request):
        response = render(request, "onestop/public/rate_limited.html", {"retry_minutes": 60, "submissions": True}, status=429)
        response["Retry-After"] = "3600"
        return response
    form = SubmissionForm(version, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = intake.submit_online(version=version, applicant=form.applicant(), subject=form.cleaned_data["subject"],
                                           area=form.cleaned_data.get("area"), files=form.files_for_intake())
        except OneStopError as exc:
            field = exc.field if exc.field in form.fields else None
            if exc.field in ("files",):
                field = None
            form.add_error(field, exc.message)
        else:
            request.session[SESSION_KEY] = (request.session.get(SESSION_KEY, []) + [dossier.code])[-10:]
            return redirect(reverse("onestop-submit", args=[procedure.code]) + "?submitted=" + dossier.code)
    return render(request, "onestop/public/submit.html", {"procedure": procedure, "version": version, "form": form},
                  status=400 if request.method == "POST" else 200)


# -- lookup --------------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method == "POST":
        form = LookupForm(request.POST)
    else:
        form = LookupForm(initial={"code": request.GET.get("code", "").strip()[:60]})
    status, not_found = None, False
    if form.is_bound and form.is_valid():
        try:
            dossier = lookup_service.lookup(form.cleaned_data["code"], form.cleaned_data["phone_tail"],
                                            ip=lookup_service.client_ip(request))
        except lookup_service.RateLimited as exc:
            response = render(request, "onestop/public/rate_limited.html", {"retry_minutes": max(1, -(-exc.retry_after // 60))}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        if dossier is None:  # the typed digits are not echoed back
            not_found = True
            form = LookupForm(initial={"code": form.cleaned_data["code"].strip()})
        else:
            status = lookup_service.public_status(dossier)
    response = render(request, "onestop/public/lookup.html", {"form": form, "status": status, "not_found": not_found})
    response["Referrer-Policy"] = "same-origin"  # no-referrer would make the form post Origin: null
    return response

"""Citizen reports, UI: the public form (no account), the e-mail code page, the public
tracking page, the public list and map, the statistics, and the staff queue where the
responsible organisation acts. Contact details never reach a public page."""
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartcity.core.models import AdministrativeUnit
from smartcity.core.permissions import can_change, is_coordinator
from smartcity.onestop.services.lookup import client_ip
from smartcity.participation import services, stats
from smartcity.participation.models import Category, Channel, Report, State, Verification


def limited(request, exc):
    response = render(request, "participation/rate_limited.html", {"minutes": max(1, -(-exc.retry_after // 60))}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def wards():
    """The wards and communes formed from the former province on 1 July 2025."""
    return AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune", official_code=False).order_by("name_vi")


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=[("", "—")] + Category.choices)
    description = forms.CharField(label=gettext_lazy("What is the problem?"), widget=forms.Textarea(attrs={"rows": 4}))
    address = forms.CharField(label=gettext_lazy("Address or landmark"), required=False, max_length=255)
    unit = forms.ModelChoiceField(label=gettext_lazy("Ward or commune"), queryset=AdministrativeUnit.objects.none(),
                                  required=False, to_field_name="code")
    latitude = forms.CharField(widget=forms.HiddenInput, required=False)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False)
    photo = forms.FileField(label=gettext_lazy("Photo (JPEG or PNG)"), required=False)
    email = forms.CharField(label=gettext_lazy("E-mail (we send a confirmation code)"), required=False)
    phone = forms.CharField(label=gettext_lazy("or mobile phone (we send a code by SMS)"), required=False)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.fields["unit"].queryset = wards()


def map_data(points, mode):
    return {"points": points, "mode": mode, "tiles": settings.SMARTCITY_MAP_TILES,
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "bounds": [[stats.LAT_MIN, stats.LON_MIN], [stats.LAT_MAX, stats.LON_MAX]]}


def home(request):
    from smartcity.participation.models import Consultation

    recent = services.public_reports().select_related("owner")[:8]
    return render(request, "participation/home.html", {
        "recent": recent, "consultations": Consultation.objects.filter(published=True)[:5],
        "counts": {s: services.public_reports().filter(state=s).count() for s in (State.RECEIVED, State.IN_PROGRESS, State.RESOLVED)},
    })


def report_new(request):
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        photo = request.FILES.get("photo")
        try:
            report, token, _code = services.submit_report(
                category=d["category"], description=d["description"], latitude=d["latitude"] or None,
                longitude=d["longitude"] or None, email=d["email"], phone=d["phone"], address=d["address"], unit=d["unit"],
                photo=(photo.name, photo.read()) if photo else None, ip=client_ip(request))
        except services.RateLimited as exc:
            return limited(request, exc)
        except services.ParticipationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if token:
                return redirect("participation-confirm", token=token)
            return redirect("participation-track", code=report.code)
    return render(request, "participation/report_form.html", {"form": form, "data": map_data([], "pick")},
                  status=400 if form.errors else 200)


def confirm(request, token):
    error = None
    if request.method == "POST":
        try:
            ver = services.verify(token, request.POST.get("code", ""), ip=client_ip(request))
        except services.RateLimited as exc:
            return limited(request, exc)
        except services.ParticipationError as exc:
            if exc.status == 404:
                raise Http404(exc.message)
            error = exc.message
        else:
            if ver.report_id:
                return redirect("participation-track", code=ver.report.code)
            request.session[f"participation-voter-{ver.consultation_id}"] = ver.token
            return redirect("participation-consultation", slug=ver.consultation.slug)
    ver = Verification.objects.filter(token=token).only("channel").first()
    return render(request, "participation/confirm.html", {"error": error, "sms": ver is not None and ver.channel == Channel.SMS},
                  status=400 if error else 200)


def track(request, code):
    report = get_object_or_404(services.public_reports().select_related("owner", "unit"), code=code)
    return render(request, "participation/track.html", {
        "r": report, "events": report.events.select_related("organisation"), "has_photo": hasattr(report, "photo"),
        "may_act": can_change(request.user, report), "next_states": _next(report),
        "data": map_data([{"lat": report.latitude, "lon": report.longitude, "state": report.state, "code": report.code}], "one"),
    })


def photo(request, code):
    report = get_object_or_404(services.public_reports(), code=code)
    if not hasattr(report, "photo"):
        raise Http404("no photo")
    response = HttpResponse(bytes(report.photo.data), content_type=report.photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def report_list(request):
    qs = services.public_reports().select_related("owner")
    cat, state = request.GET.get("category", ""), request.GET.get("state", "")
    if cat in Category.values:
        qs = qs.filter(category=cat)
    if state in State.values:
        qs = qs.filter(state=state)
    rows = list(qs[:300])
    points = [{"lat": r.latitude, "lon": r.longitude, "state": r.state, "code": r.code, "title": r.get_category_display(),
               "url": reverse("participation-track", args=[r.code])} for r in rows]
    return render(request, "participation/report_list.html", {
        "rows": rows, "data": map_data(points, "list"), "categories": Category.choices, "states": State.choices[1:],
        "category": cat, "state": state})


def _hours(v):
    return None if v is None else round(v, 1)


def stats_page(request):
    from smartcity.water.charts import bar_chart

    rows = services.response_rows()
    labels = dict(Category.choices)
    by_cat = stats.group(rows, lambda r: (r["category"],))
    by_org = stats.group(rows, lambda r: (r["org"],))
    by_month = stats.group(rows, lambda r: (r["month"], r["category"]))
    chart_cat = bar_chart([labels.get(g.key[0], g.key[0]) for g in by_cat], [
        (_("median to resolve (h)"), [g.resolve_median for g in by_cat], "#1f6feb"),
        (_("90th percentile (h)"), [g.resolve_p90 for g in by_cat], "#d97706")], y_title=_("hours"), css_id="part-chart-cat")
    chart_org = bar_chart([g.key[0] for g in by_org], [
        (_("median to first response (h)"), [g.first_median for g in by_org], "#059669"),
        (_("median to resolve (h)"), [g.resolve_median for g in by_org], "#1f6feb")], y_title=_("hours"), css_id="part-chart-org")
    return render(request, "participation/stats.html", {
        "by_cat": [(labels.get(g.key[0], g.key[0]), g) for g in by_cat], "by_org": by_org,
        "by_month": [(g.key[0], labels.get(g.key[1], g.key[1]), g) for g in by_month],
        "chart_cat": chart_cat, "chart_org": chart_org})


def _next(report):
    return [(s, State(s).label) for s in (State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED, State.REJECTED)
            if s in services.TRANSITIONS.get(report.state, set())]


@login_required
def queue(request):
    qs = Report.objects.exclude(state=State.PENDING).select_related("owner")
    if not is_coordinator(request.user):
        qs = qs.filter(owner_id=request.user.organisation_id)
    open_only = request.GET.get("all") != "1"
    if open_only:
        qs = qs.exclude(state__in=(State.RESOLVED, State.REJECTED))
    return render(request, "participation/queue.html", {"rows": qs[:300], "open_only": open_only})


@login_required
@require_POST
def act(request, code):
    report = get_object_or_404(Report, code=code)
    try:
        services.transition(report, request.POST.get("state", ""), by=request.user, note=request.POST.get("note", ""))
    except PermissionDenied:
        raise
    except services.ParticipationError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("participation-track", code=report.code)

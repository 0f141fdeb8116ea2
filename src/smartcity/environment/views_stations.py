"""Staff pages for the station register under /environment/manage/stations/: the list, the
edit form (the platform rule through OwnerRequiredMixin; history shown) and the CSV import
(upload, preview of what will change, confirm). The import logic is the CLI's
(`stations_io`), so both doors apply the same checks and the same permission rule.
"""
import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import UpdateView

from smartcity.core.models import AdministrativeUnit
from smartcity.core.permissions import OwnerRequiredMixin, can_change, visible
from smartcity.environment import stations_io
from smartcity.environment.models import Station, StationKind

SESSION_KEY = "env_station_import"
MAX_UPLOAD = 1_000_000  # bytes; a register of thousands of stations is far smaller


@login_required
def station_list(request):
    qs = visible(Station.objects.select_related("asset", "owner"), request.user).order_by("kind", "code")
    kind = request.GET.get("kind", "")
    if kind in StationKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(asset__name__icontains=q) | Q(facility__icontains=q) | Q(river__icontains=q)
                       | Q(industrial_park__icontains=q))
    rows = [(s, can_change(request.user, s)) for s in qs]
    return render(request, "environment/stations_list.html", {
        "rows": rows, "kinds": StationKind.choices, "kind": kind, "q": q,
        "counts": {k: n for k, n in ((k, Station.objects.filter(kind=k).count()) for k in StationKind.values)},
    })


class StationForm(forms.ModelForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=200, required=False)
    latitude = forms.FloatField(label=gettext_lazy("Latitude"), min_value=stations_io.VN_BBOX[0], max_value=stations_io.VN_BBOX[1])
    longitude = forms.FloatField(label=gettext_lazy("Longitude"), min_value=stations_io.VN_BBOX[2], max_value=stations_io.VN_BBOX[3])
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    admin_unit = forms.ModelChoiceField(label=gettext_lazy("Administrative unit"), required=False,
                                        queryset=AdministrativeUnit.objects.order_by("-valid_from", "level", "name_vi"))

    class Meta:
        model = Station
        fields = ["short_name", "river", "industrial_park", "facility", "contact_emails", "method", "commissioned", "published"]
        widgets = {"contact_emails": forms.Textarea(attrs={"rows": 3}), "method": forms.Textarea(attrs={"rows": 3}),
                   "commissioned": forms.DateInput(attrs={"type": "date"})}

    field_order = ["name", "name_en", "short_name", "latitude", "longitude", "address", "admin_unit", "river",
                   "industrial_park", "facility", "contact_emails", "method", "commissioned", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        a = self.instance.asset
        for f in ("name", "name_en", "latitude", "longitude", "address", "admin_unit"):
            self.fields[f].initial = getattr(a, f)

    def clean_contact_emails(self):
        emails = stations_io._emails(self.cleaned_data.get("contact_emails", ""))
        for e in emails:
            try:
                forms.EmailField().clean(e)
            except forms.ValidationError:
                raise forms.ValidationError(_("Not an e-mail address: %(email)s") % {"email": e}) from None
        return "\n".join(emails)

    @transaction.atomic
    def save(self, commit=True):
        station = super().save(commit=False)
        a = station.asset
        for f in ("name", "name_en", "latitude", "longitude", "address", "admin_unit"):
            setattr(a, f, self.cleaned_data[f])
        a.published = station.published
        a.save()
        station.save()
        return station


@method_decorator(login_required, name="dispatch")
class StationEditView(OwnerRequiredMixin, UpdateView):
    model = Station
    form_class = StationForm
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "environment/stations_edit.html"

    def get_queryset(self):
        return Station.objects.select_related("asset", "owner", "asset__admin_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        st = self.object
        history = [(h.history_date, h.history_user, h.get_history_type_display(), _("station")) for h in st.history.select_related("history_user")[:10]]
        history += [(h.history_date, h.history_user, h.get_history_type_display(), _("hub asset")) for h in st.asset.history.select_related("history_user")[:10]]
        ctx["history"] = sorted(history, key=lambda r: r[0], reverse=True)[:15]
        return ctx

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Station %(code)s was saved.") % {"code": self.object.code})
        return response

    def get_success_url(self):
        return reverse("env-station-list")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@login_required
def station_import(request):
    """GET: the upload form. POST with a file: check it and show the preview. POST with
    `confirm`: check the same file again (the register may have moved) and apply it."""
    ctx = {"required": ",".join(stations_io.REQUIRED), "optional": ", ".join(stations_io.OPTIONAL), "kinds": StationKind.values}
    if request.method != "POST":
        return render(request, "environment/stations_import.html", ctx)
    if "confirm" in request.POST:
        pending = request.session.get(SESSION_KEY) or {}
        text = pending.get("text")
        if not text or pending.get("digest") != request.POST.get("digest"):
            messages.error(request, _("The uploaded file is no longer pending; upload it again."))
            return redirect("env-station-import")
        report = stations_io.import_stations(text, user=request.user)
        if report.applied:
            del request.session[SESSION_KEY]
            s = report.summary
            messages.success(request, _("Import applied: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % s)
            return redirect("env-station-list")
        return render(request, "environment/stations_import.html", {**ctx, "report": report, "filename": pending.get("name")})
    upload = request.FILES.get("file")
    if upload is None:
        ctx["file_error"] = _("Choose a CSV file.")
        return render(request, "environment/stations_import.html", ctx, status=400)
    if upload.size > MAX_UPLOAD:
        ctx["file_error"] = _("The file is larger than 1 MB.")
        return render(request, "environment/stations_import.html", ctx, status=400)
    raw = upload.read()
    try:
        text = stations_io._decode(raw)
        report = stations_io.plan_import(text, user=request.user)
    except stations_io.ImportFileError as exc:
        ctx["file_error"] = str(exc)
        return render(request, "environment/stations_import.html", ctx, status=400)
    report.dry_run = True
    digest = _digest(text)
    request.session[SESSION_KEY] = {"text": text, "digest": digest, "name": upload.name}
    return render(request, "environment/stations_import.html", {**ctx, "report": report, "digest": digest, "filename": upload.name,
                                                                "changes": any(r.action != "unchanged" for r in report.rows)})

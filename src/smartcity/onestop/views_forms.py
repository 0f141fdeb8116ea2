"""The legal forms as PDF downloads, for staff only: one dossier's form
(/onestop/ho-so/<pk>/mau/<form>.pdf) and a unit's tracking book over a date range
(/onestop/so-theo-doi/). The forms carry the applicant's personal data, so every download
writes a PersonalDataAccess row (Decree 13/2023/NĐ-CP) and is never cached."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.models import Organisation
from smartcity.onestop import pdfforms
from smartcity.onestop import permissions as perms
from smartcity.onestop.models import Dossier, ProcedureVersion
from smartcity.onestop.services import personal

MAX_DAYS = 366
MAX_ROWS = 3000  # a bigger book is several downloads (a month of a busy counter fits)
FIELDS_PRINTED = {"receipt": "name,id_number,address,phone,email"}  # the other forms print the name only
SELECTORS = {"apology": ("apology", "apologies"), "supplement": ("supplement", "supplements"),
             "stop_notice": ("suspension", "suspensions")}


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _font_missing(exc) -> HttpResponse:
    """A server set up without the font: say so (the message names the package), not a 500."""
    return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")


@login_required
def form_pdf(request, pk, form):
    if not perms.is_staff_user(request.user):
        raise PermissionDenied(_("The forms are for the staff of the one-stop units."))
    dossier = get_object_or_404(Dossier.objects.select_related(
        "procedure", "procedure_version__competent_unit", "owner__parent", "current_unit__parent", "received_by"), pk=pk)
    if not perms.can_view(request.user, dossier):
        raise PermissionDenied(_("This dossier is not handled by your unit."))
    if not pdfforms.applicable(form, dossier):
        raise Http404(_("This form does not exist for this dossier."))
    kwargs = {}
    if form in SELECTORS and request.GET.get(SELECTORS[form][0]):
        key, related = SELECTORS[form]
        rows = getattr(dossier, related)
        try:
            kwargs[key] = rows.get(pk=int(request.GET[key]))
        except (ValueError, rows.model.DoesNotExist):
            raise Http404(_("This form does not exist for this dossier.")) from None
    try:
        body = pdfforms.render(form, dossier=dossier, **kwargs)
    except pdfforms.FontMissing as exc:
        return _font_missing(exc)
    personal.log_access(request.user, dossier, f"form:{form}", FIELDS_PRINTED.get(form, "name"), request,
                        purpose=pdfforms.form_title(form, dossier.rule_set)[:200])
    return _pdf_response(body, pdfforms.filename(form, dossier.code))


# -- the tracking book ----------------------------------------------------------------------------
def book_units(user):
    """Units whose book this user may print: every receiving unit for the coordinator, else
    the user's own unit."""
    if perms.sees_all(user):
        ids = set(ProcedureVersion.objects.values_list("receiving_unit_id", flat=True).distinct())
        ids |= set(Dossier.objects.values_list("owner_id", flat=True).distinct())
        return Organisation.objects.filter(pk__in=ids).order_by("name_vi")
    return Organisation.objects.filter(pk=user.organisation_id)


class TrackingBookForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Receiving unit"), queryset=Organisation.objects.none())
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda o: o.name

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end comes before the start."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("Print at most one year at a time."))
            elif data.get("unit") and pdfforms.tracking_dossiers(data["unit"], start, end).count() > MAX_ROWS:
                self.add_error(None, _("More than %(n)s dossiers in this range: print a shorter period.") % {"n": MAX_ROWS})
        return data


@login_required
def tracking_book(request):
    if not perms.is_staff_user(request.user):
        raise PermissionDenied(_("The tracking book is for the staff of the one-stop units."))
    units = book_units(request.user)
    asked = request.GET.get("unit")
    if asked and asked.isdigit() and not units.filter(pk=int(asked)).exists() and Organisation.objects.filter(pk=int(asked)).exists():
        raise PermissionDenied(_("You may print the tracking book of your own unit only."))
    today = timezone.localdate()
    if any(k in request.GET for k in ("unit", "start", "end")):
        form = TrackingBookForm(request.GET, units=units)
        if form.is_valid():
            unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
            try:
                body = pdfforms.render("tracking_book", unit=unit, start=start, end=end)
            except pdfforms.FontMissing as exc:
                return _font_missing(exc)
            with transaction.atomic():
                for dossier in pdfforms.tracking_dossiers(unit, start, end).only("pk"):
                    personal.log_access(request.user, dossier, "form:tracking_book", "name,address", request,
                                        purpose=f"{unit.code} {start:%d/%m/%Y}–{end:%d/%m/%Y}")
            return _pdf_response(body, f"so-theo-doi-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf")
        status = 400
    else:
        initial = {"start": today.replace(day=1), "end": today}
        if units.count() == 1:
            initial["unit"] = units.first()
        elif request.user.organisation_id and units.filter(pk=request.user.organisation_id).exists():
            initial["unit"] = request.user.organisation_id
        form = TrackingBookForm(initial=initial, units=units)
        status = 200
    return render(request, "onestop/forms/tracking_book.html",
                  {"form": form, "max_days": MAX_DAYS, "max_rows": MAX_ROWS}, status=status)

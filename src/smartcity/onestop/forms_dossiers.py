"""Forms of the staff pages on dossiers: the list's filters, counter intake (with one upload
and one 'paper received' box per required document) and one small form per action."""
import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.onestop.models import ApplicantKind, Channel, DossierStatus, Procedure

LATENESS_CHOICES = [("", _("any")), ("late", _("late")), ("due_soon", _("due within 1 working day")), ("on_time", _("on time"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type by first bytes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Dossier code"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("Status"), required=False)
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.order_by("code"), required=False,
                                       to_field_name="code")
    unit = forms.ModelChoiceField(label=_("Unit holding it"), queryset=Organisation.objects.none(), required=False, to_field_name="code")
    lateness = forms.ChoiceField(label=_("Lateness"), choices=LATENESS_CHOICES, required=False)
    due_within = forms.IntegerField(label=_("Due within (working days)"), required=False, min_value=0, max_value=365)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    start = forms.DateField(label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("any")), ("open", _("open (clock running)"))] + list(DossierStatus.choices)
        self.fields["channel"].choices = [("", _("any"))] + list(Channel.choices)
        if units is not None:
            self.fields["unit"].queryset = units


class ApplicantFields(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Applicant kind"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN)
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Citizen ID / tax code"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20,
                                      help_text=_("Its last 4 digits let the applicant look the dossier up."))
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def applicant(self) -> dict:
        c = self.cleaned_data
        return {"kind": c["applicant_kind"], "name": c["applicant_name"], "id_number": c.get("applicant_id_number", ""),
                "phone": c["applicant_phone"], "email": c.get("applicant_email", ""), "address": c.get("applicant_address", "")}


class IntakeForm(ApplicantFields):
    """Counter intake for one procedure version: applicant, subject, area, documents."""

    subject = forms.CharField(label=_("Subject of the request"), max_length=400,
                              help_text=_("e.g. the address of the house to build"))
    area = forms.ModelChoiceField(label=_("Administrative unit"), queryset=AdministrativeUnit.objects.none(), required=False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        today = timezone.localdate()
        self.fields["area"].queryset = AdministrativeUnit.valid_on(today).exclude(level="province").order_by("level", "name_vi")
        self.document_rows = []
        for doc in version.documents.all().order_by("order", "pk"):
            check, upload = f"paper_{doc.pk}", f"file_{doc.pk}"
            self.fields[check] = forms.BooleanField(label=doc.name_vi, required=False, initial=False)
            self.fields[upload] = forms.FileField(label=_("Scan"), required=False)
            self.document_rows.append((doc, check, upload))

    def clean(self):
        cleaned = super().clean()
        for doc, check, upload in self.document_rows:
            if doc.mandatory and not cleaned.get(check) and not cleaned.get(upload):
                self.add_error(check, _("This document is required: tick it when the paper is received, or attach a scan."))
        return cleaned

    def files_to_attach(self):
        return [(doc, self.cleaned_data[upload]) for doc, _check, upload in self.document_rows if self.cleaned_data.get(upload)]


def _units():
    return Organisation.objects.filter(kind__in=["department", "district", "board", "steering"]).order_by("name_vi")


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("To unit"), queryset=Organisation.objects.none(), to_field_name="code")
    days = forms.DecimalField(label=_("Working days for this step"), required=False, min_value=0.5, max_value=365, decimal_places=1,
                              help_text=_("Empty: from the procedure's steps"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = _units()


class ConsultForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Consulted unit"), queryset=Organisation.objects.none(), to_field_name="code")
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    days = forms.DecimalField(label=_("Answer within (working days)"), min_value=0.5, max_value=60, decimal_places=1, initial=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class AnswerForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(forms.Form):
    items = forms.CharField(label=_("Missing or to correct (one per line)"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def item_list(self):
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class FilesForm(forms.Form):
    files = MultipleFileField(label=_("Files"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    pass


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 3}))
    new_date = forms.DateField(label=_("New appointment: date"), widget=forms.DateInput(attrs={"type": "date"}))
    new_time = forms.TimeField(label=_("time"), initial=dt.time(16, 0), widget=forms.TimeInput(attrs={"type": "time"}))

    def new_due_at(self):
        from smartcity.onestop.services.calendar import LOCAL as zone

        return dt.datetime.combine(self.cleaned_data["new_date"], self.cleaned_data["new_time"], zone)


class ResultForm(forms.Form):
    summary = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("e.g. Construction permit No. 123/GPXD"))
    files = MultipleFileField(label=_("Result files"))


class ReturnForm(forms.Form):
    channel = forms.ChoiceField(label=pgettext_lazy("return channel", "Returned"), choices=Channel.choices, initial=Channel.COUNTER)


# action -> (form class, title shown on the page)
ACTION_FORMS = {
    "accept": (EmptyForm, _("Accept the online dossier (complete)")),
    "transfer": (TransferForm, _("Transfer to another unit")),
    "consult": (ConsultForm, _("Consult another unit")),
    "answer": (AnswerForm, _("Answer the consultation")),
    "supplement": (SupplementForm, _("Request a supplement")),
    "supplemented": (FilesForm, _("Supplement received")),
    "reject": (ReasonForm, _("Refuse the dossier")),
    "suspend": (ReasonForm, _("Suspend processing")),
    "resume": (EmptyForm, _("Resume processing")),
    "apology": (ApologyForm, _("Apologise and set a new appointment")),
    "result": (ResultForm, _("Result ready")),
    "return": (ReturnForm, _("Return the result")),
    "withdraw": (ReasonForm, _("Record a withdrawal")),
}

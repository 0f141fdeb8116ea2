"""Forms of the public pages: the status lookup (code + last 4 phone digits) and online
submission (applicant, subject, ward/commune, one upload per required document, consent).

Uploads are judged here by their first bytes against the extension (`core.files.sniff`),
so that the applicant gets a precise reason next to the file that failed; `intake`
checks them again before anything is stored."""
import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.core import files as core_files

ACCEPT = ",".join("." + ext for ext in core_files.DOCUMENTS)


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=60,
                           help_text=_("As printed on the receipt or in the message you received"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}))
    phone_tail = forms.RegexField(label=_("Last 4 digits of your phone"), regex=r"^\s*\d{4}\s*$", max_length=8,
                                  error_messages={"invalid": _("Enter the last 4 digits of the phone number given in the application.")},
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}",
                                                                "maxlength": "4", "size": "4"}))


def area_choices(day: dt.date | None = None):
    """Wards and communes in force today (the 2025 map), as a queryset for the choice."""
    from smartcity.core.models import AdministrativeUnit

    day = day or timezone.localdate()
    return AdministrativeUnit.valid_on(day).filter(level="commune").order_by("name_vi")


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit_type} {obj.name}".strip()


def upload_error(uploaded, max_bytes: int | None = None) -> str | None:
    """A sentence for the applicant when the file is not acceptable, else None."""
    max_bytes = max_bytes or getattr(settings, "ONESTOP_MAX_UPLOAD_BYTES", core_files.MAX_BYTES)
    uploaded.seek(0)
    head = uploaded.read(core_files.HEAD_BYTES)
    uploaded.seek(0)
    _type, reason = core_files.sniff(uploaded.name, head, uploaded.size, max_bytes, allowed=core_files.DOCUMENTS)
    if reason is None:
        return None
    if reason == "empty":
        return str(_("The file is empty."))
    if reason == "too_large":
        return str(_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if reason == "type_not_allowed":
        return str(_("This type of file is not accepted. Send PDF, Word, Excel, OpenDocument, PNG or JPEG."))
    if core_files.looks_like_markup(head):
        return str(_("This file is a web page (HTML) renamed as .%(ext)s: it is refused. Send the document itself.")
                   % {"ext": core_files.extension(uploaded.name)})
    return str(_("The content of this file is not a .%(ext)s document: its first bytes do not match the extension.")
               % {"ext": core_files.extension(uploaded.name)})


class SubmissionForm(forms.Form):
    """Online application for one procedure version; one file field per required document,
    named `doc_<id>`."""

    kind = forms.ChoiceField(label=_("Applicant type"), choices=(), widget=forms.RadioSelect, initial="citizen")
    name = forms.CharField(label=_("Full name (or organisation name)"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(label=_("Citizen ID number (or tax code)"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=_("Mobile phone"), max_length=20,
                            help_text=_("You will look up the dossier with its last 4 digits, and receive SMS about it."),
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Address"), max_length=300, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    area = AreaChoiceField(label=_("Ward or commune"), queryset=None, required=False, empty_label=_("— choose —"))
    subject = forms.CharField(label=_("What do you request?"), max_length=400,
                              widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree that the authority processes my personal data to handle this application "
                                         "(Decree 13/2023/NĐ-CP)."))

    def __init__(self, version, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from smartcity.onestop.models import ApplicantKind

        self.version = version
        self.fields["kind"].choices = ApplicantKind.choices
        self.fields["area"].queryset = area_choices()
        if not self.is_bound and not self.initial.get("subject"):
            self.initial["subject"] = version.name_vi
        self.documents = list(version.documents.order_by("order", "id"))
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}"] = forms.FileField(
                label=doc.name, required=doc.mandatory,
                help_text=doc.template_name or "",
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def document_fields(self):
        return [(doc, self[f"doc_{doc.pk}"]) for doc in self.documents]

    def applicant_fields(self):
        return [self[n] for n in ("kind", "name", "id_number", "phone", "email", "address")]

    def clean(self):
        data = super().clean()
        for doc in self.documents:
            uploaded = data.get(f"doc_{doc.pk}")
            if uploaded:
                problem = upload_error(uploaded)
                if problem:
                    self.add_error(f"doc_{doc.pk}", problem)
        return data

    def applicant(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k) or "" for k in ("kind", "name", "id_number", "phone", "email", "address")}

    def files_for_intake(self):
        return [(doc, self.cleaned_data[f"doc_{doc.pk}"]) for doc in self.documents if self.cleaned_data.get(f"doc_{doc.pk}")]

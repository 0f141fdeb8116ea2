"""Forms of the catalogue pages: a draft version (fields, fees and steps as one line each),
its required documents (a formset, with an optional uploaded template), and the date a
draft is put in force. The forms only shape input; the rules live in services.catalogue."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core import files
from smartcity.core.models import Organisation
from smartcity.onestop.models import ProcedureVersion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEMPLATE_TYPES = ("docx", "doc", "odt", "pdf")


def fees_to_text(fees) -> str:
    return "\n".join(" | ".join([f.get("name_vi", ""), f.get("name_en", ""), str(f.get("amount_vnd", 0)), f.get("note", "")]).rstrip(" |")
                     for f in fees)


def steps_to_text(steps) -> str:
    def days(d):
        return f"{d:g}" if isinstance(d, float) else str(d)

    return "\n".join(" | ".join([s.get("key", ""), s.get("name_vi", ""), s.get("name_en", ""), s.get("unit", ""), days(s.get("days", 0))])
                     for s in steps)


class VersionForm(forms.ModelForm):
    fees_text = forms.CharField(label=gettext_lazy("Fees and charges"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=gettext_lazy("One a line: Vietnamese name | English name | amount in VND | note"))
    steps_text = forms.CharField(label=gettext_lazy("Processing steps"), widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=gettext_lazy("One a line, in order: key | Vietnamese name | English name | unit code | working days"))

    class Meta:
        model = ProcedureVersion
        fields = ["name_vi", "name_en", "rule_set", "competent_unit", "receiving_unit", "legal_basis", "time_limit_days", "online_level",
                  "result_vi", "result_en", "conditions_vi"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3}), "conditions_vi": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government = Organisation.objects.filter(helix="government").order_by("kind", "code")
        self.fields["competent_unit"].queryset = government
        self.fields["receiving_unit"].queryset = government
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["fees_text"] = fees_to_text(self.instance.fees)
            self.initial["steps_text"] = steps_to_text(self.instance.steps)

    def clean_fees_text(self):
        out = []
        for n, line in enumerate((self.cleaned_data.get("fees_text") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", "", ""]
            amount = parts[2].replace(".", "").replace(",", "").replace(" ", "") or "0"
            if not amount.isdigit():
                raise forms.ValidationError(_("Line %(n)s: the amount is a whole number of đồng.") % {"n": n}, code="invalid")
            out.append({"name_vi": parts[0], "name_en": parts[1], "amount_vnd": int(amount), "note": parts[3]})
        return out

    def clean_steps_text(self):
        out = []
        for n, line in enumerate((self.cleaned_data.get("steps_text") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 5:
                raise forms.ValidationError(_("Line %(n)s: give five parts separated by |.") % {"n": n}, code="invalid")
            try:
                days = float(parts[4].replace(",", "."))
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s: the days are a number.") % {"n": n}, code="invalid") from None
            out.append({"key": parts[0], "name_vi": parts[1], "name_en": parts[2], "unit": parts[3], "days": int(days) if days == int(days) else days})
        if not out:
            raise forms.ValidationError(_("Give at least one step."), code="required")
        return out

    def changes(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["fees"], data["steps"] = self.cleaned_data["fees_text"], self.cleaned_data["steps_text"]
        return data


class DocumentRowForm(forms.Form):
    name_vi = forms.CharField(label=gettext_lazy("Vietnamese name"), max_length=400)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=400, required=False)
    copies = forms.IntegerField(label=gettext_lazy("copies"), min_value=1, max_value=50, initial=1)
    original = forms.BooleanField(label=gettext_lazy("original required"), required=False)
    mandatory = forms.BooleanField(label=gettext_lazy("mandatory"), required=False, initial=True)
    template_name = forms.CharField(label=gettext_lazy("template (form number)"), max_length=120, required=False)
    template_from = forms.IntegerField(required=False, widget=forms.HiddenInput)
    template_file = forms.FileField(label=gettext_lazy("new template file"), required=False)

    def clean_template_file(self):
        upload = self.cleaned_data.get("template_file")
        if not upload:
            return None
        head = upload.read(files.HEAD_BYTES)
        upload.seek(0)
        _type, problem = files.sniff(upload.name, head, upload.size, allowed=TEMPLATE_TYPES)
        if problem:
            raise forms.ValidationError(_("Templates are .docx, .doc, .odt or .pdf files up to 20 MB (%(reason)s).") % {"reason": problem},
                                        code=problem)
        return upload


DocumentFormSet = forms.formset_factory(DocumentRowForm, extra=1, can_delete=True)


def document_initial(version) -> list[dict]:
    return [{"name_vi": d.name_vi, "name_en": d.name_en, "copies": d.copies, "original": d.original, "mandatory": d.mandatory,
             "template_name": d.template_name, "template_from": d.pk} for d in version.documents.all()]


def document_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("name_vi"):
            continue
        rows.append({k: data.get(k) for k in ("name_vi", "name_en", "copies", "original", "mandatory", "template_name", "template_from",
                                               "template_file")})
    return rows


class PutInForceForm(forms.Form):
    valid_from = forms.DateField(label=gettext_lazy("In force from"), widget=DATE)

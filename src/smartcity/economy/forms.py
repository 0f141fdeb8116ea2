"""Forms of the enterprise register (edit page, import upload, links)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import AdministrativeUnit
from smartcity.economy import taxcode
from smartcity.economy.importer import tax_code_message
from smartcity.economy.models import Enterprise, LinkRole


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["tax_code", "name_vi", "name_en", "short_name", "legal_form", "status", "established", "address", "unit",
                  "former_unit", "industrial_park", "main_sector", "sectors", "employees", "registered_capital_vnd",
                  "invested_capital_usd", "annual_revenue_vnd", "foreign_invested", "representative", "contact_phone",
                  "contact_email", "website", "notes", "published"]
        widgets = {"established": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "notes": forms.Textarea(attrs={"rows": 3}), "sectors": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune").order_by("name_vi")
        self.fields["former_unit"].queryset = AdministrativeUnit.objects.filter(level="district").order_by("name_vi")
        if self.instance.pk:
            self.fields["tax_code"].disabled = True
            self.fields["tax_code"].help_text = _("A record keeps its tax code; merge records instead.")

    def clean_tax_code(self):
        if self.instance.pk:
            return self.instance.tax_code
        check = taxcode.validate(self.cleaned_data.get("tax_code"))
        if not check.valid:
            raise forms.ValidationError(tax_code_message(check.reason), code=check.reason)
        if Enterprise.objects.filter(tax_code=check.code).exists():
            raise forms.ValidationError(_("An enterprise with this tax code exists."), code="unique")
        return check.code


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."), code="extension")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="too_large")
        return f


class LinkForm(forms.Form):
    target = forms.ChoiceField(label=_("Record type"), choices=[
        ("onestop.dossier", _("One-stop dossier")), ("gis.permit", _("Construction permit")),
        ("environment.station", _("Monitoring station")), ("hub.asset", _("Hub asset"))])
    object_id = forms.CharField(label=_("Record id"), max_length=64)
    role = forms.ChoiceField(label=_("Role"), choices=LinkRole.choices)

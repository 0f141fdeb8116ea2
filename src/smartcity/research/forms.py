"""Forms of the research pages: each record's form offers only the organisations the user
may write for (`writable_owners`); children are inline formsets saved with their parent."""
from datetime import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.permissions import writable_owners
from smartcity.research.models import (Closure, Course, CourseEmployer, Equipment, Indicator, Lab, Pilot, PilotPartner,
                                       ProjectOutput, ResearchProject)
from smartcity.research.services import LOCAL

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list, stored as a JSON list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [t.strip() for t in (value or "").split(",") if t.strip()]


class OwnedForm(forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = writable_owners(user)
        if not self.instance.pk and getattr(user, "organisation_id", None):
            self.initial.setdefault("owner", user.organisation_id)
        key = next((k for k in ("slug", "code") if k in self.fields), None)
        if key and self.instance.pk:
            self.fields[key].disabled = True


class LabForm(OwnedForm):
    capabilities = TagsField(label=gettext_lazy("Capabilities"), required=False, help_text=gettext_lazy("Comma-separated tags"))

    class Meta:
        model = Lab
        fields = ["slug", "owner", "published", "name_vi", "name_en", "field", "building", "address", "latitude", "longitude",
                  "description", "capabilities", "opens", "closes", "open_days", "contact_name", "contact_email"]
        widgets = {"opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def clean_open_days(self):
        v = "".join(sorted(set(self.cleaned_data.get("open_days") or "")))
        if not v or any(c not in "0123456" for c in v):
            raise forms.ValidationError(_("Digits 0 (Monday) to 6 (Sunday), each once."), code="invalid")
        return v


EquipmentFormSet = inlineformset_factory(
    Lab, Equipment, fields=["name_vi", "name_en", "model", "quantity", "status", "hourly_fee_vnd", "bookable"], extra=2, can_delete=True)
ClosureFormSet = inlineformset_factory(
    Lab, Closure, fields=["start", "end", "reason"], extra=1, can_delete=True, widgets={"start": DATETIME, "end": DATETIME})


class BookingForm(forms.Form):
    equipment = forms.ModelChoiceField(label=gettext_lazy("Equipment"), queryset=Equipment.objects.none(), required=False,
                                       empty_label=gettext_lazy("Whole lab"))
    day = forms.DateField(label=gettext_lazy("Day"), widget=DATE)
    start = forms.TimeField(label=gettext_lazy("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=gettext_lazy("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=300)
    affiliation = forms.CharField(label=gettext_lazy("Affiliation"), max_length=200, required=False,
                                  help_text=gettext_lazy("School, company or group"))
    contact_name = forms.CharField(label=gettext_lazy("Your name"), max_length=120, required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Your e-mail"), required=False)
    contact_phone = forms.CharField(label=gettext_lazy("Your phone"), max_length=40, required=False,
                                    help_text=gettext_lazy("Seen only by the lab's staff"))

    def __init__(self, *args, lab=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = lab.equipment.filter(bookable=True, published=True)
        self.anonymous = not getattr(user, "is_authenticated", False)
        if self.anonymous:
            self.fields["contact_name"].required = True
            self.fields["contact_email"].required = True

    def slot(self):
        d = self.cleaned_data
        return (datetime.combine(d["day"], d["start"], tzinfo=LOCAL), datetime.combine(d["day"], d["end"], tzinfo=LOCAL))


class PilotForm(OwnedForm):
    class Meta:
        model = Pilot
        fields = ["slug", "owner", "published", "title_vi", "title_en", "challenge", "place", "latitude", "longitude", "start", "end",
                  "status", "assets", "lessons"]
        widgets = {"start": DATE, "end": DATE, "challenge": forms.Textarea(attrs={"rows": 3}), "lessons": forms.Textarea(attrs={"rows": 3}),
                   "assets": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assets"].queryset = self.fields["assets"].queryset.filter(published=True).order_by("asset_type_id", "name")


PartnerFormSet = inlineformset_factory(Pilot, PilotPartner, fields=["organisation", "name", "helix", "role"], extra=2, can_delete=True)
IndicatorFormSet = inlineformset_factory(Pilot, Indicator, fields=["name_vi", "name_en", "unit", "baseline", "target", "measured", "stat"],
                                         extra=1, can_delete=True)


class ProjectForm(OwnedForm):
    class Meta:
        model = ResearchProject
        fields = ["code", "owner", "published", "title_vi", "title_en", "partners", "principal_investigator", "budget_province_vnd",
                  "budget_ministry_vnd", "budget_university_vnd", "budget_enterprise_vnd", "start", "end", "status", "abstract",
                  "plan_items"]
        widgets = {"start": DATE, "end": DATE, "abstract": forms.Textarea(attrs={"rows": 3}),
                   "partners": forms.SelectMultiple(attrs={"size": 6}), "plan_items": forms.SelectMultiple(attrs={"size": 6})}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", forms.ValidationError(_("The end is before the start."), code="end_before_start"))
        return data


class OutputForm(forms.ModelForm):
    link = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")

    class Meta:
        model = ProjectOutput
        fields = ["kind", "title", "year", "link", "reference"]


OutputFormSet = inlineformset_factory(ResearchProject, ProjectOutput, form=OutputForm, extra=2, can_delete=True)


class CourseForm(OwnedForm):
    skills = TagsField(label=gettext_lazy("Skills"), required=False, help_text=gettext_lazy("Comma-separated tags"))

    class Meta:
        model = Course
        fields = ["code", "owner", "published", "title_vi", "title_en", "topic", "mode", "start", "end", "hours", "capacity",
                  "participants", "completed", "skills", "description"]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", forms.ValidationError(_("The end is before the start."), code="end_before_start"))
        if (data.get("completed") or 0) > (data.get("participants") or 0):
            self.add_error("completed", forms.ValidationError(_("More completed than participants."), code="too_many"))
        return data


class EmployerForm(forms.ModelForm):
    """An employer by its tax code in the shared enterprise database, or by name."""

    tax_code = forms.CharField(label=gettext_lazy("Tax code"), max_length=14, required=False)

    class Meta:
        model = CourseEmployer
        fields = ["tax_code", "employer_name", "participants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.enterprise_id:
            self.initial["tax_code"] = self.instance.enterprise.tax_code

    def clean(self):
        from smartcity.economy.models import Enterprise

        data = super().clean()
        code = (data.get("tax_code") or "").strip()
        self._enterprise = None
        if code:
            self._enterprise = Enterprise.objects.filter(tax_code=code).first()
            if self._enterprise is None:
                self.add_error("tax_code", forms.ValidationError(_("No enterprise with this tax code in the shared database."), code="unknown"))
        elif not data.get("employer_name") and self.has_changed() and not data.get("DELETE"):
            self.add_error("employer_name", forms.ValidationError(_("Name the employer or give its tax code."), code="required"))
        return data

    def save(self, commit=True):
        self.instance.enterprise = getattr(self, "_enterprise", None)
        if self.instance.enterprise and not self.instance.employer_name:
            self.instance.employer_name = self.instance.enterprise.name_vi
        return super().save(commit)


EmployerFormSet = inlineformset_factory(Course, CourseEmployer, form=EmployerForm, extra=2, can_delete=True)

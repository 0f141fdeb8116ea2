"""Forms of the schools pages: a school's record, a criteria area and a criterion of a draft
set. Score entry forms are built in the views (one pair of fields per criterion)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import AdministrativeUnit
from smartcity.schools import scoring
from smartcity.schools.models import CriteriaGroup, Criterion, School


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit_type} {obj.name_vi}"


class SchoolForm(forms.ModelForm):
    unit = UnitChoice(label=_("ward or commune (since 2025)"), required=False,
                      queryset=AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=True).order_by("name_vi"))
    former_unit = UnitChoice(label=_("former district"), required=False,
                             queryset=AdministrativeUnit.objects.filter(level="district").order_by("name_vi"))

    class Meta:
        model = School
        fields = ["code", "name_vi", "name_en", "unit", "former_unit", "address", "latitude", "longitude", "pupils",
                  "classes", "teachers", "joined_year", "status", "principal", "phone", "published"]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        if lat is not None and not (10.7 <= lat <= 11.6 and 106.2 <= lon <= 107.0):
            raise forms.ValidationError(_("The position is outside the former Binh Duong province."))
        return data


class GroupForm(forms.ModelForm):
    class Meta:
        model = CriteriaGroup
        fields = ["code", "name_vi", "name_en", "weight", "order"]


class CriterionForm(forms.ModelForm):
    group = forms.ModelChoiceField(queryset=CriteriaGroup.objects.none(), label=_("area"))

    class Meta:
        model = Criterion
        fields = ["group", "code", "name_vi", "name_en", "description", "max_score", "rule", "threshold", "direction", "unit",
                  "evidence_required", "mandatory", "order"]

    def __init__(self, *args, criteria_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria_set is not None:
            self.fields["group"].queryset = criteria_set.groups.all()

    def clean(self):
        data = super().clean()
        if data.get("rule") == scoring.THRESHOLD and data.get("threshold") is None:
            self.add_error("threshold", _("A numeric threshold criterion needs its threshold."))
        if (data.get("max_score") or 0) <= 0:
            self.add_error("max_score", _("The maximum score must be positive."))
        return data

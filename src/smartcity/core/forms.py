from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import Organisation


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name_vi", "name_en", "abbreviation", "plan_role", "website", "email", "phone", "address"]
        widgets = {"plan_role": forms.Textarea(attrs={"rows": 3})}


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name (to recognise it)"), max_length=100)

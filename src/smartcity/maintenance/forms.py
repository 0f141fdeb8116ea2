"""Forms of the maintenance pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.maintenance.models import Priority, State


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("all")), ("active", _("active (open, assigned, in progress)")), *State.choices])
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=[("", _("all")), *Priority.choices])
    fault_type = forms.CharField(label=_("Fault type"), required=False, max_length=100)
    asset_type = forms.CharField(label=_("Asset type"), required=False, max_length=40)
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False,
                                 choices=[("", _("anyone")), ("me", _("me")), ("none", _("nobody"))])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class CreateForm(forms.Form):
    asset = forms.CharField(label=_("Asset identifier"), max_length=100, help_text=_("The hub asset's identifier (slug)"))
    fault_type = forms.CharField(label=_("Fault type"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StepForm(forms.Form):
    step = forms.CharField(max_length=10)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.IntegerField(required=False)
    photo = forms.FileField(label=_("Photo"), required=False)

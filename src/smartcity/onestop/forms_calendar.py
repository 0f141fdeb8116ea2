"""Forms of the working-day calendar: an exception (holiday, swap, make-up day), the working
rules of the province or a unit, the year's confirmation, and the "check a deadline" form."""
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import Organisation
from smartcity.onestop.models import CalendarDay, DayKind, WorkingRules
from smartcity.onestop.workdays import LOCAL


class DayForm(forms.ModelForm):
    """The working flag follows the kind: a make-up day is worked, every other kind is off."""

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name_vi", "name_en", "legal_basis"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"legal_basis": _("e.g. the government notice of the swap")}


class RulesForm(forms.ModelForm):
    unit = forms.ModelChoiceField(Organisation.objects.all(), required=False, label=_("receiving unit"),
                                  empty_label=_("— the whole province —"),
                                  help_text=_("Leave empty for the province's rules; a unit without its own rules uses them."))

    class Meta:
        model = WorkingRules
        fields = ["morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff"]
        widgets = {name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                   for name in ["morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff"]}

    def clean(self):
        data = super().clean()
        times = [data.get(k) for k in ("morning_start", "morning_end", "afternoon_start", "afternoon_end")]
        if all(times) and not (times[0] < times[1] <= times[2] < times[3]):
            raise forms.ValidationError(_("Office hours must be in order: the morning starts before it ends, "
                                          "and the afternoon starts after the morning and before it ends."))
        return data


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(required=False, label=_("confirmed by staff"))
    note = forms.CharField(required=False, label=_("note"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("e.g. the government notice announcing the swaps"))


class DeadlineForm(forms.Form):
    received = forms.DateTimeField(label=_("received at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    days = forms.DecimalField(label=_("time limit (working days)"), required=False, min_value=0, max_value=1000, decimal_places=1,
                              help_text=_("Empty: the procedure's time limit"))
    procedure = forms.CharField(label=_("procedure code"), required=False, max_length=40,
                                widget=forms.TextInput(attrs={"list": "cal-procedures", "placeholder": "1.009972"}))
    unit = forms.ModelChoiceField(Organisation.objects.all(), required=False, label=_("receiving unit"),
                                  empty_label=_("— the whole province —"), to_field_name="code")

    def clean_received(self):
        value = self.cleaned_data["received"]
        return value.astimezone(LOCAL) if value.tzinfo else value.replace(tzinfo=LOCAL)

    def clean(self):
        data = super().clean()
        if data.get("days") is None and not data.get("procedure"):
            self.add_error("days", _("Give a time limit, or a procedure code to use its time limit."))
        return data


KIND_COLOURS = {  # the legend's colours (also used by the month grids)
    DayKind.HOLIDAY: "#d9534f", DayKind.SUBSTITUTE: "#f0ad4e", DayKind.SWAP_OFF: "#9b59b6",
    DayKind.MAKEUP: "#2e86c1", DayKind.LOCAL_OFF: "#16a085",
}


def default_received() -> str:
    return dt.datetime.now(LOCAL).strftime("%Y-%m-%dT%H:%M")

"""Forms of the reporting pages: a progress report with its figures, an attachment, a unit
plan's lines, a review, an escalation and its steps. The checks themselves live in the
services (the API applies the same ones)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import Organisation
from smartcity.programme.models import DocumentKind, UnitPlanLine
from smartcity.programme.services import reports as rs


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    progress = forms.FloatField(label=_("Progress (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    difficulties = forms.CharField(label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    spend = forms.IntegerField(label=_("Spent in the period (VND)"), min_value=0, required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.key) for p in periods]


class FigureForm(forms.Form):
    label = forms.CharField(label=_("Figure"), max_length=120, required=False)
    value = forms.FloatField(label=_("Value"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)

    def clean(self):
        data = super().clean()
        if data.get("label") and data.get("value") is None:
            raise ValidationError(_("Give the figure a value."))
        if data.get("value") is not None and not data.get("label"):
            raise ValidationError(_("Give the value a label."))
        return data


FigureFormSet = forms.formset_factory(FigureForm, extra=3, max_num=30)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.REPORT)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        rs.check_upload(upload)
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            raise ValidationError(_("Say why it is returned."))
        return data


class UnitPlanForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class UnitPlanLineForm(forms.ModelForm):
    class Meta:
        model = UnitPlanLine
        fields = ["item", "activity", "start_date", "end_date", "budget", "funding_source"]
        widgets = {"activity": forms.Textarea(attrs={"rows": 2}), "start_date": forms.DateInput(attrs={"type": "date"}),
                   "end_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = self.fields["item"].queryset.filter(pk__in=[i.pk for i in items])
        self.fields["item"].label_from_instance = lambda i: f"{i.number} {i.title}"

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError(_("The end is before the start."))
        if data.get("budget") is not None and data["budget"] < 0:
            raise ValidationError(_("The budget cannot be negative."))
        return data


class EscalationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Difficulty"), widget=forms.Textarea(attrs={"rows": 5}))
    proposal = forms.CharField(label=_("Proposal"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=[("normal", _("normal")), ("high", _("high")), ("urgent", _("urgent"))])


class OfficeReviewForm(forms.Form):
    review_text = forms.CharField(label=_("Office's review"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Steering Committee decision"), widget=forms.Textarea(attrs={"rows": 4}))
    action_owner = forms.ModelChoiceField(label=_("Unit to act"), queryset=Organisation.objects.order_by("code"), required=False,
                                          to_field_name="code")
    action_due = forms.DateField(label=_("Act by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

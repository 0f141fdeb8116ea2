"""Forms of the ICF pages: an answer (fields by question kind), evidence, the Office's review,
bulk assignment by factor and a factor score."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import Organisation
from smartcity.programme.models import IcfEvidence, IcfQuestion, IcfScore
from smartcity.programme.services import kpis


class AnswerForm(forms.Form):
    value = forms.CharField(label=_("Answer"), required=False, max_length=500)
    number = forms.CharField(label=_("Value"), required=False, max_length=40)
    narrative = forms.CharField(label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, question: IcfQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        kind = question.kind
        if kind == IcfQuestion.Kind.CHOICE:
            self.fields["value"].widget = forms.RadioSelect(choices=[(c, c) for c in question.choices])
            self.fields["value"].label = _("Option")
        if kind != IcfQuestion.Kind.NUMBER:
            del self.fields["number"]
        else:
            self.fields["number"].label = _("Value (%(unit)s)") % {"unit": question.unit} if question.unit else _("Value")
            self.fields["number"].widget.attrs.update({"inputmode": "decimal"})
            del self.fields["value"]
        if kind == IcfQuestion.Kind.SHORT:
            self.fields["value"].widget = forms.TextInput(attrs={"size": 60})
        if kind == IcfQuestion.Kind.NARRATIVE:
            del self.fields["value"]
        else:
            self.fields["narrative"].label = _("Explanation (optional)")
            self.fields["narrative"].widget.attrs["rows"] = 3


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IcfEvidence.Kind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.CharField(label=_("Link or platform dataset path"), required=False, max_length=500)
    kpi = forms.ChoiceField(label=_("Live KPI"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [("", "—")] + [(k.key, k.label) for k in kpis.registry()]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return for changes"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BulkAssignForm(forms.Form):
    factor = forms.IntegerField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(label=_("Department"), queryset=Organisation.objects.all(), to_field_name="code")
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class ScoreForm(forms.Form):
    factor = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.FloatField(label=_("Score"), min_value=0, max_value=100)
    source = forms.ChoiceField(label=_("Source"), choices=IcfScore.Source.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

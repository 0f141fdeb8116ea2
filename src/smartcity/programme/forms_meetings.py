"""Forms of the working-session pages: the meeting, its participants, a decision, an
attachment, and the compiled report's choices."""
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.models import Organisation
from smartcity.core.permissions import writable_owners
from smartcity.programme.models import DocumentKind, Escalation, Item, Meeting, MeetingParticipant, Plan
from smartcity.programme.services import meetings as svc

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
ITEM_KINDS = ("objective", "programme", "item", "assignment", "task")


class ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} · {obj.title}"


class EscalationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.item.number} · {obj.title} ({obj.get_status_display()})"


def _items():
    return Item.objects.filter(kind__in=ITEM_KINDS).select_related("plan").order_by("plan__code", "position")


def _dt_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class MeetingForm(forms.ModelForm):
    items = ItemChoice(queryset=Item.objects.none(), required=False, label=gettext_lazy("Items discussed"),
                       widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = Meeting
        fields = ["body", "title_vi", "title_en", "starts_at", "ends_at", "location", "chair", "status", "agenda", "minutes",
                  "items", "published"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5}), "minutes": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = writable_owners(user)
        order = {code: i for i, code in enumerate(svc.BODY_CODES)}
        self.fields["body"].queryset = bodies
        # the programme's boards first, then the others
        choices = sorted(bodies, key=lambda o: (order.get(o.code, 99), o.kind, o.code))
        self.fields["body"].choices = [("", "---------")] + [(o.pk, f"{o.abbreviation or o.code} · {o.name}") for o in choices]
        self.fields["body"].help_text = _("The board that convenes the session and keeps its minutes (it owns the record).")
        self.fields["items"].queryset = _items()
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = _dt_widget()
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.instance.pk and getattr(user, "organisation_id", None) and bodies.filter(pk=user.organisation_id).exists():
            self.initial.setdefault("body", user.organisation_id)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", forms.ValidationError(_("The session ends before it starts."), code="end_before_start"))
        return data


ParticipantFormSet = inlineformset_factory(
    Meeting, MeetingParticipant, fields=["organisation", "people", "attended"], extra=3, can_delete=True)


class DecisionForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=1, required=False,
                                help_text=gettext_lazy("Leave empty for the next number."))
    text_vi = forms.CharField(label=gettext_lazy("Decision (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 4}))
    text_en = forms.CharField(label=gettext_lazy("Decision (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    items = ItemChoice(queryset=Item.objects.none(), required=False, label=gettext_lazy("Items"),
                       widget=forms.SelectMultiple(attrs={"size": 8}))
    escalations = EscalationChoice(queryset=Escalation.objects.none(), required=False, label=gettext_lazy("Escalations settled"),
                                   widget=forms.SelectMultiple(attrs={"size": 5}),
                                   help_text=gettext_lazy("An open escalation linked here is recorded as decided at this session."))
    responsible = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False, label=gettext_lazy("Responsible unit"))
    due = forms.DateField(label=gettext_lazy("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    done = forms.BooleanField(label=gettext_lazy("Carried out"), required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["items"].queryset = _items()
        self.fields["escalations"].queryset = Escalation.objects.select_related("item").order_by("status", "raised_at")


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DocumentKind.choices, initial=DocumentKind.MINUTES)
    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        svc.check_upload(upload)  # ValidationError -> a field error
        return upload


class CompiledReportForm(forms.Form):
    FORMATS = [("docx", gettext_lazy("Word document (.docx)")), ("pdf", "PDF")]
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), label=gettext_lazy("Plan"), to_field_name="code", required=False)
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=gettext_lazy("Empty: the plan's last day, or today for a running plan."))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, initial="docx")

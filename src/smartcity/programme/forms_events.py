"""Forms of the international cooperation pages: events, participants, attachments,
memberships, milestones. Owners are limited to what the user may write for; dates are
checked by the same rules as the API (services.events_calc)."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.models import Organisation
from smartcity.core.permissions import writable_owners
from smartcity.programme.models import DocumentKind, Event, EventParticipant, Item, Membership, Milestone
from smartcity.programme.services import events_calc

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def end_before_start_message():
    return _("The event ends before it starts.")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["code", "kind", "status", "owner", "published", "title_vi", "title_en", "starts_on", "ends_on", "venue", "city",
                  "country", "attendance", "description_vi", "description_en", "outcomes_vi", "outcomes_en", "items"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description_vi": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4}), "outcomes_vi": forms.Textarea(attrs={"rows": 3}),
                   "outcomes_en": forms.Textarea(attrs={"rows": 3}), "items": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = writable_owners(user)
        self.fields["items"].queryset = Item.objects.exclude(kind="section").select_related("plan").order_by("plan_id", "position")
        self.fields["items"].label_from_instance = lambda i: f"{i.number} {i.title}"[:110]
        self.fields["items"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
        elif getattr(user, "organisation_id", None) and writable_owners(user).filter(pk=user.organisation_id).exists():
            self.initial.setdefault("owner", user.organisation_id)

    def clean_country(self):
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise forms.ValidationError(_("Give the two-letter country code (ISO 3166-1), e.g. VN, NL, KR."), code="invalid_country")
        return value

    def clean(self):
        data = super().clean()
        if "end_before_start" in events_calc.date_errors(data.get("starts_on"), data.get("ends_on")):
            self.add_error("ends_on", forms.ValidationError(end_before_start_message(), code="end_before_start"))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = EventParticipant
        fields = ["organisation", "role", "people"]
        widgets = {"people": forms.TextInput(attrs={"placeholder": gettext_lazy("Names and titles, comma-separated")})}

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["organisation"].queryset = Organisation.objects.order_by("kind", "code")
        self.fields["organisation"].label_from_instance = lambda o: f"{o.abbreviation or o.code} · {o.name}"

    def clean(self):
        data = super().clean()
        org, role = data.get("organisation"), data.get("role")
        if self.event and org and role and self.event.participants.filter(organisation=org, role=role).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organisation already takes part in this role."), code="duplicate")
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DocumentKind.choices, initial=DocumentKind.OTHER, required=False)
    file = forms.FileField(label=gettext_lazy("File"), required=False,
                           help_text=gettext_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG"))
    url = forms.URLField(label=gettext_lazy("or a link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Choose a file or give a link."), code="required")
        data["kind"] = data.get("kind") or DocumentKind.OTHER
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["network", "member", "status", "owner", "published", "applied_on", "joined_on", "ended_on", "membership_class",
                  "annual_fee", "item", "notes"]
        widgets = {"applied_on": DATE, "joined_on": DATE, "ended_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = writable_owners(user)
        self.fields["network"].queryset = Organisation.objects.filter(kind__in=["network", "partner"]).order_by("code")
        self.fields["member"].queryset = Organisation.objects.order_by("kind", "code")
        self.fields["item"].queryset = Item.objects.exclude(kind="section").order_by("plan_id", "position")
        self.fields["item"].label_from_instance = lambda i: f"{i.number} {i.title}"[:110]
        if not self.instance.pk and getattr(user, "organisation_id", None) and writable_owners(user).filter(pk=user.organisation_id).exists():
            self.initial.setdefault("owner", user.organisation_id)

    def clean(self):
        data = super().clean()
        messages = {"joined_before_applied": _("The joining date is before the application."),
                    "ended_before_joined": _("The membership ends before it began.")}
        for name, code in events_calc.membership_date_errors(data.get("applied_on"), data.get("joined_on"), data.get("ended_on")).items():
            self.add_error(name, forms.ValidationError(messages[code], code=code))
        network, member = data.get("network"), data.get("member")
        if network and member and network == member:
            self.add_error("member", forms.ValidationError(_("A network is not a member of itself."), code="self_member"))
        elif network and member and Membership.objects.filter(network=network, member=member).exclude(pk=self.instance.pk).exists():
            self.add_error("member", forms.ValidationError(_("This membership is already recorded."), code="duplicate"))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title_vi", "title_en", "due", "done_on", "note"]
        widgets = {"due": DATE, "done_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

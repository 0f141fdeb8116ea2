"""Forms of the innovation pages: the public initiative form (no account), the e-mail code,
the support request, staff review and answer, and the startup editor."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.innovation import workflow
from smartcity.innovation.models import InitiativeCategory, InitiativeState, Mentor, Startup


def current_units():
    today = timezone.localdate()
    return AdministrativeUnit.valid_on(today).filter(level="commune").order_by("name_vi")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=10)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), min_length=30, max_length=5000,
                                  help_text=_("What is the problem, what do you propose, who benefits?"))
    category = forms.ChoiceField(label=_("Category"), choices=InitiativeCategory.choices)
    unit = forms.ModelChoiceField(label=_("Ward or commune"), queryset=AdministrativeUnit.objects.none(), required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False, help_text=_("Street, alley, landmark"))
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send a confirmation code to this address. It is never published."))
    phone = forms.CharField(label=_("Your phone (optional)"), max_length=20, required=False)
    consent = forms.BooleanField(label=_("I agree that the Centre keeps my contact details to handle this initiative (Decree 13/2023/NĐ-CP); they are never published."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = current_units()


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Confirmation code"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class SupportForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("One support per person: we send a code to confirm the address, which is kept only as a keyed hash."))


class TransitionForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=[])
    reason = forms.CharField(label=_("Reason or note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, InitiativeState(s).label) for s in workflow.allowed(current)]


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Official answer"), widget=forms.Textarea(attrs={"rows": 4}))
    state = forms.ChoiceField(label=_("State after the answer"), required=False)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("(unchanged)"))] + [(s, InitiativeState(s).label) for s in workflow.allowed(current)]


class StartupForm(forms.ModelForm):
    tags_text = forms.CharField(label=_("Sector tags"), required=False, help_text=_("Separated by commas, e.g. agritech, iot"))

    class Meta:
        model = Startup
        fields = ["name", "slug", "tagline", "description", "stage", "founded", "unit", "address", "website",
                  "universities", "mentors", "published"]
        widgets = {"founded": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["universities"].queryset = Organisation.objects.filter(kind="university")
        self.fields["mentors"].queryset = Mentor.objects.all()
        self.fields["unit"].queryset = current_units()
        if self.instance and self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(self.instance.tags or [])

    def save(self, commit=True):
        self.instance.tags = [t.strip() for t in self.cleaned_data.get("tags_text", "").split(",") if t.strip()]
        return super().save(commit)

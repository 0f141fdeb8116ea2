"""Forms of the staff pages: a questionnaire, a section, one question of a draft version (the
options, scale labels and matrix rows written one per line as `value | Tiếng Việt | English`),
a campaign, the recipient selection and a finding."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.surveys import engine
from smartcity.surveys.models import Campaign, Finding, Questionnaire, Severity

KIND_CHOICES = [("single", _("Single choice")), ("multi", _("Multiple choice")), ("scale", _("Scale (e.g. 1-5)")),
                ("matrix", _("Matrix (rows rated on a scale)")), ("number", _("Number")), ("text", _("Free text"))]
SIZE_CHOICES = [("micro", _("Micro")), ("small", _("Small")), ("medium", _("Medium-sized")), ("large", _("Large"))]


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["code", "title_vi", "title_en", "description_vi", "description_en", "published"]
        widgets = {"description_vi": forms.Textarea(attrs={"rows": 3}), "description_en": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.Form):
    key = forms.RegexField(label=_("key"), regex=engine.KEY_RE, max_length=40,
                           help_text=_("Lower-case letters, digits and _, starting with a letter"))
    title_vi = forms.CharField(label=_("title (Vietnamese)"), max_length=200)
    title_en = forms.CharField(label=_("title (English)"), max_length=200, required=False)


def _lines(text: str, numeric: bool = False) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        value = parts[0]
        if numeric:
            value = int(value)
        out.append({"value": value, "vi": parts[1] if len(parts) > 1 else str(value),
                    "en": parts[2] if len(parts) > 2 else ""})
    return out


def _unlines(items: list[dict]) -> str:
    return "\n".join(f"{i['value']} | {i.get('vi', '')} | {i.get('en', '')}" for i in items)


class QuestionForm(forms.Form):
    section = forms.ChoiceField(label=_("section"))
    key = forms.RegexField(label=_("key"), regex=engine.KEY_RE, max_length=40,
                           help_text=_("Lower-case letters, digits and _, starting with a letter; used in exports"))
    kind = forms.ChoiceField(label=_("kind"), choices=KIND_CHOICES)
    text_vi = forms.CharField(label=_("question (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("question (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    help_vi = forms.CharField(label=_("hint (Vietnamese)"), required=False)
    help_en = forms.CharField(label=_("hint (English)"), required=False)
    required = forms.BooleanField(label=_("answer required"), required=False)
    options = forms.CharField(label=_("options"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                              help_text=_("One per line: value | Tiếng Việt | English"))
    other = forms.BooleanField(label=_("offer “Other” with a text"), required=False)
    max_choices = forms.IntegerField(label=_("at most this many choices"), min_value=1, required=False)
    scale_min = forms.IntegerField(label=_("scale from"), initial=1, required=False)
    scale_max = forms.IntegerField(label=_("scale to"), initial=5, required=False)
    scale_labels = forms.CharField(label=_("scale labels"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                   help_text=_("One per line: point | Tiếng Việt | English"))
    rows = forms.CharField(label=_("matrix rows"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                           help_text=_("One per line: value | Tiếng Việt | English"))
    number_min = forms.FloatField(label=_("smallest number"), required=False)
    number_max = forms.FloatField(label=_("largest number"), required=False)
    show_if_question = forms.CharField(label=_("show only if question"), required=False, max_length=40)
    show_if_values = forms.CharField(label=_("has one of the values"), required=False,
                                     help_text=_("Comma-separated option values or scale points"))

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s["key"], s.get("title_vi") or s["key"]) for s in sections]

    def clean(self):
        data = super().clean()
        try:
            _lines(data.get("scale_labels", ""), numeric=True)
        except ValueError:
            self.add_error("scale_labels", _("Each line starts with a whole number."))
        return data

    def question(self) -> dict:
        d = self.cleaned_data
        q = {"key": d["key"], "kind": d["kind"], "text_vi": d["text_vi"].strip(), "text_en": d["text_en"].strip(),
             "required": d["required"]}
        if d["help_vi"]:
            q["help_vi"], q["help_en"] = d["help_vi"], d["help_en"]
        if d["kind"] in engine.CHOICE_KINDS:
            q["options"] = _lines(d["options"])
            if d["other"]:
                q["other"] = True
            if d["kind"] == "multi" and d["max_choices"]:
                q["max_choices"] = d["max_choices"]
        if d["kind"] in ("scale", "matrix"):
            q["scale"] = {"min": d["scale_min"] if d["scale_min"] is not None else 1,
                          "max": d["scale_max"] if d["scale_max"] is not None else 5,
                          "labels": _lines(d["scale_labels"], numeric=True)}
        if d["kind"] == "matrix":
            q["rows"] = _lines(d["rows"])
        if d["kind"] == "number":
            for f, k in (("number_min", "min"), ("number_max", "max")):
                if d[f] is not None:
                    q[k] = int(d[f]) if float(d[f]).is_integer() else d[f]
        if d["show_if_question"]:
            q["show_if"] = {"question": d["show_if_question"].strip(),
                            "values": [v.strip() for v in d["show_if_values"].split(",") if v.strip()]}
        return q

    @staticmethod
    def initial_for(q: dict, section_key: str) -> dict:
        s = q.get("scale") or {}
        cond = q.get("show_if") or {}
        return {"section": section_key, "key": q["key"], "kind": q["kind"], "text_vi": q.get("text_vi", ""),
                "text_en": q.get("text_en", ""), "help_vi": q.get("help_vi", ""), "help_en": q.get("help_en", ""),
                "required": q.get("required", False), "options": _unlines(q.get("options", [])), "other": q.get("other", False),
                "max_choices": q.get("max_choices"), "scale_min": s.get("min", 1), "scale_max": s.get("max", 5),
                "scale_labels": _unlines(s.get("labels", [])), "rows": _unlines(q.get("rows", [])),
                "number_min": q.get("min"), "number_max": q.get("max"), "show_if_question": cond.get("question", ""),
                "show_if_values": ", ".join(str(v) for v in cond.get("values", []))}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title_vi", "title_en", "intro_vi", "intro_en", "opens_at", "closes_at", "open_link", "contact"]
        widgets = {"intro_vi": forms.Textarea(attrs={"rows": 4}), "intro_en": forms.Textarea(attrs={"rows": 4}),
                   "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at") or timezone.now(), data.get("closes_at")
        if closes and closes <= opens:
            self.add_error("closes_at", _("The closing date comes after the opening."))
        return data


class SelectionForm(forms.Form):
    sectors = forms.MultipleChoiceField(label=_("VSIC sections"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    parks = forms.MultipleChoiceField(label=_("industrial parks"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    sizes = forms.MultipleChoiceField(label=_("size classes"), choices=SIZE_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    fdi = forms.ChoiceField(label=_("foreign-invested"), required=False,
                            choices=[("", _("all")), ("yes", _("foreign-invested only")), ("no", _("domestic only"))])
    limit = forms.IntegerField(label=_("at most"), min_value=1, max_value=100000, required=False)

    def __init__(self, *args, **kwargs):
        from smartcity.economy.models import IndustrialPark, Sector

        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = [(s.code, f"{s.code} – {s.name_vi}") for s in Sector.objects.filter(level=1).order_by("code")]
        self.fields["parks"].choices = [(p.code, p.name_vi) for p in IndustrialPark.objects.order_by("name_vi")]


class FindingForm(forms.ModelForm):
    evidence = forms.MultipleChoiceField(label=_("evidence questions"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Finding
        fields = ["title_vi", "title_en", "text_vi", "text_en", "evidence", "severity", "priority", "programme_items"]
        widgets = {"text_vi": forms.Textarea(attrs={"rows": 3}), "text_en": forms.Textarea(attrs={"rows": 3}),
                   "programme_items": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, definition=None, **kwargs):
        from smartcity.programme.models import Item

        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [(q["key"], f"{q['key']} – {q.get('text_vi', '')[:80]}") for q in engine.questions(definition or {})]
        self.fields["programme_items"].queryset = Item.objects.select_related("plan").order_by("plan_id", "position")
        self.fields["severity"].choices = Severity.choices

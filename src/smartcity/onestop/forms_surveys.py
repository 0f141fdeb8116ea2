"""Forms of the SIPAS pages. The questionnaire is data (`sipas.py`), so the survey form is not
a Django Form: `answers_from_post` reads it and `services.surveys.record_response` validates
it (one rule for the page, the kiosk and the API); `fieldsets` prepares what the template
draws, one fieldset per element, both languages shown."""
import datetime as dt

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from smartcity.onestop import sipas


def answers_from_post(qn: sipas.Questionnaire, data) -> tuple[dict, str]:
    """(answers, comment) from a QueryDict: lists for multi questions, strings otherwise;
    unanswered questions are left out."""
    answers = {}
    for q in qn.questions:
        if q.kind == "multi":
            values = [v for v in data.getlist(q.key) if v]
            if values:
                answers[q.key] = values
        else:
            value = (data.get(q.key) or "").strip()
            if value:
                answers[q.key] = value
    return answers, (data.get("comment") or "").strip()


def fieldsets(qn: sipas.Questionnaire, values: dict | None = None, errors: dict | None = None) -> list[dict]:
    """One dict per element: its number, both names, and its questions, each with the text in
    the active language first and the other second, its options, the value given and the
    error to show."""
    values, errors = values or {}, errors or {}
    en = (get_language() or "vi").startswith("en")
    out = []
    for n, (key, vi, eng) in sipas.ELEMENTS.items():
        questions = []
        for q in qn.element_questions(n):
            given = values.get(q.key)
            given_list = [str(v) for v in given] if isinstance(given, list) else ([str(given)] if given not in (None, "") else [])
            questions.append({
                "key": q.key, "kind": q.kind, "role": q.role, "required": q.required, "min": q.min, "max": q.max,
                "text": q.en if en else q.vi, "text_other": q.vi if en else q.en, "lang_other": "vi" if en else "en",
                "max_choices": q.max_choices, "value": given_list[0] if given_list else "",
                "options": [{"value": str(o.value), "text": o.en if en else o.vi, "text_other": o.vi if en else o.en,
                             "checked": str(o.value) in given_list, "id": f"{q.key}-{i}"}
                            for i, o in enumerate(q.options if q.kind != "scale" else qn.scale)],
                "error": errors.get(q.key, ""),
            })
        out.append({"number": n, "key": key, "name": eng if en else vi, "name_other": vi if en else eng,
                    "lang_other": "vi" if en else "en", "questions": questions})
    return out


class KioskCodeForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=60,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}))


class PeriodForm(forms.Form):
    """The period of the results page: local dates, both optional (open ends)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")

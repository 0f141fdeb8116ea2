"""SIPAS pages under /onestop/:

- khao-sat/<token>/          the survey by link or QR (public, phone-friendly, both languages);
                             the first opening is recorded, a second answer is refused politely;
- khao-sat/<token>/cam-on/   thank you;
- kiosk/                     the counter tablet (staff of a receiving unit): the unit's dossiers
                             returned today without an answer, or a dossier code; then the same
                             questionnaire for the citizen (channel "kiosk") and back to the start;
- hai-long/                  the index (public): overall, per element, unit, procedure and month,
                             SVG charts with the province's 80 % target line, a period filter;
- hai-long/csv/              raw answers without personal data (staff).
"""
import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.onestop import sipas
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.forms_surveys import (
    KioskCodeForm,
    PeriodForm,
    answers_from_post,
    fieldsets,
)
from smartcity.onestop.models import SurveyInvitation
from smartcity.onestop.services import surveys


def _answered(invitation) -> bool:
    from smartcity.onestop.models import SurveyResponse

    return SurveyResponse.objects.filter(invitation=invitation).exists()


def _errors_by_key(exc: OneStopError) -> dict:
    return {e["field"]: e["message"] for e in getattr(exc, "errors", []) if e.get("field")}


def _survey_context(invitation, qn, values=None, errors=None, **extra) -> dict:
    dossier = invitation.dossier
    return {"invitation": invitation, "dossier": dossier, "procedure": dossier.procedure, "qn": qn,
            "title": qn.title_en if (get_language() or "vi").startswith("en") else qn.title_vi,
            "title_other": qn.title_vi if (get_language() or "vi").startswith("en") else qn.title_en,
            "lang_other": "vi" if (get_language() or "vi").startswith("en") else "en",
            "fieldsets": fieldsets(qn, values, errors),
            "idle_seconds": getattr(settings, "ONESTOP_KIOSK_IDLE_SECONDS", 120), **extra}


def survey(request, token):
    invitation = get_object_or_404(SurveyInvitation.objects.select_related("dossier__procedure", "dossier__owner"), token=token)
    if _answered(invitation):
        return render(request, "onestop/surveys/already.html", {"invitation": invitation},
                      status=409 if request.method == "POST" else 200)
    surveys.mark_opened(invitation)
    qn = surveys.questionnaire_for()
    if request.method == "POST":
        answers, comment = answers_from_post(qn, request.POST)
        try:
            surveys.record_response(invitation, answers, channel="link", comment=comment)
        except OneStopError as exc:
            if exc.code == "already_answered":
                return render(request, "onestop/surveys/already.html", {"invitation": invitation}, status=409)
            return render(request, "onestop/surveys/survey.html", _survey_context(
                invitation, qn, answers, _errors_by_key(exc), comment=comment, form_error=exc.message,
                action=request.path), status=400)
        return redirect("onestop-survey-thanks", token=token)
    return render(request, "onestop/surveys/survey.html", _survey_context(invitation, qn, action=request.path))


def survey_thanks(request, token):
    invitation = get_object_or_404(SurveyInvitation, token=token)
    if not _answered(invitation):
        return redirect("onestop-survey", token=token)
    return render(request, "onestop/surveys/thanks.html", {"invitation": invitation})


# -- the counter kiosk ----------------------------------------------------------------------------
def _kiosk_user(request):
    if surveys.kiosk_units(request.user) == []:
        raise PermissionDenied(_("The kiosk is for the staff of a receiving unit."))


@login_required
def kiosk(request):
    _kiosk_user(request)
    form = KioskCodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            dossier, _invitation = surveys.kiosk_dossier(request.user, form.cleaned_data["code"])
        except OneStopError as exc:
            form.add_error("code", exc.message)
        else:
            return redirect("onestop-kiosk-survey", code=dossier.code)
    waiting = [{"dossier": d, "name": surveys.mask_name(d.applicant_name)}
               for d in surveys.returned_today_without_answer(request.user)[:50]]
    return render(request, "onestop/surveys/kiosk.html", {"form": form, "waiting": waiting})


@login_required
def kiosk_survey(request, code):
    _kiosk_user(request)
    try:
        _dossier, invitation = surveys.kiosk_dossier(request.user, code)
    except OneStopError as exc:
        messages.error(request, exc.message)
        return redirect("onestop-kiosk")
    qn = surveys.questionnaire_for()
    if request.method == "POST":
        answers, comment = answers_from_post(qn, request.POST)
        try:
            surveys.record_response(invitation, answers, channel="kiosk", comment=comment)
        except OneStopError as exc:
            if exc.code == "already_answered":
                messages.info(request, exc.message)
                return redirect("onestop-kiosk")
            return render(request, "onestop/surveys/kiosk_survey.html", _survey_context(
                invitation, qn, answers, _errors_by_key(exc), comment=comment, form_error=exc.message,
                action=request.path, kiosk=True), status=400)
        messages.success(request, _("Thank you for your answers."))
        return redirect("onestop-kiosk")
    return render(request, "onestop/surveys/kiosk_survey.html", _survey_context(invitation, qn, action=request.path, kiosk=True))


# -- results --------------------------------------------------------------------------------------
def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def bar_chart(rows: list[dict], *, target: float = sipas.TARGET, width: int = 760, label_w: int = 300, bar_h: int = 22,
              gap: int = 8) -> dict:
    """Horizontal bars of shares (0..1), one per row {"label", "share"}, with the target line;
    bars below the target are flagged (the template colours them)."""
    top, bottom = 8, 26
    plot_x, plot_w = label_w, width - label_w - 48
    height = top + len(rows) * (bar_h + gap) + bottom
    bars = []
    for i, row in enumerate(rows):
        share = row.get("share")
        y = top + i * (bar_h + gap)
        bars.append({"label": _short(row["label"]), "full": row["label"], "y": y, "ty": y + bar_h / 2,
                     "w": round((share or 0) * plot_w, 1), "share": share,
                     "pct": None if share is None else round(share * 100, 1), "below": sipas.below_target(share, target),
                     "tx": plot_x + round((share or 0) * plot_w, 1) + 4})
    ticks = [{"x": plot_x + plot_w * t / 100, "label": f"{t} %"} for t in (0, 20, 40, 60, 80, 100)]
    return {"width": width, "height": height, "plot_x": plot_x, "plot_w": plot_w, "bar_h": bar_h, "bars": bars,
            "target_x": plot_x + round(target * plot_w, 1), "target_pct": round(target * 100), "ticks": ticks,
            "axis_y": height - bottom + 4, "tick_y": height - 8}


def line_chart(rows: list[dict], *, target: float = sipas.TARGET, width: int = 760, height: int = 260) -> dict:
    """Shares by month (rows {"key": "YYYY-MM", "share"}) as a line with points, the target line
    across, y from 0 to 100 %."""
    left, right, top, bottom = 48, 32, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(rows)
    step = plot_w / (n - 1) if n > 1 else 0

    def y_of(share):
        return round(top + plot_h * (1 - share), 1)

    points = []
    for i, row in enumerate(rows):
        x = round(left + (i * step if n > 1 else plot_w / 2), 1)
        share = row.get("share")
        if share is not None:
            points.append({"x": x, "y": y_of(share), "pct": round(share * 100, 1), "key": row["key"],
                           "below": sipas.below_target(share, target)})
    labels = [{"x": round(left + (i * step if n > 1 else plot_w / 2), 1), "text": f"{r['key'][5:7]}/{r['key'][:4]}"}
              for i, r in enumerate(rows)]
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top, "bottom": top + plot_h,
            "points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "labels": labels,
            "label_y": height - 12, "target_y": y_of(target), "target_pct": round(target * 100),
            "ticks": [{"y": y_of(t / 100), "label": f"{t} %"} for t in (0, 20, 40, 60, 80, 100)]}


def _pct(share):
    return None if share is None else round(share * 100, 1)


def _label(row: dict) -> str:
    return row["label_en"] if (get_language() or "vi").startswith("en") else row["label"]


def _is_staff(user) -> bool:
    from smartcity.core.permissions import is_coordinator

    return bool(user.is_authenticated and (user.organisation_id or is_coordinator(user)))


def satisfaction(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    total = surveys.index_total(start, end)
    en = (get_language() or "vi").startswith("en")
    elements = [{"number": n, "label": e["name_en"] if en else e["name_vi"], **e} for n, e in total["elements"].items()]
    for e in elements:
        e["pct"], e["below"] = _pct(e["share"]), sipas.below_target(e["share"])
    by = {g: surveys.index_by(g, start, end) for g in surveys.GROUPS}
    for rows in by.values():
        for row in rows:
            row["pct"] = _pct(row["share"])
            row["element_pcts"] = [_pct(s) for s in row["elements"].values()]
    for g in ("unit", "procedure"):
        for row in by[g]:
            row["display"] = _label(row)
    for row in by["month"]:
        row["display"] = f"{row['key'][5:7]}/{row['key'][:4]}"
    expectations = []
    for n, tally in total["expectations"].items():
        labels = {}
        for qn in sipas.QUESTIONNAIRES.values():
            key = qn.expectation_key(n)
            if key:
                q = qn.question(key)
                for o in q.options:
                    labels.setdefault(o.value, o.en if en else o.vi)
        options = sorted(({"label": labels.get(k, k), "count": c} for k, c in tally.items() if c), key=lambda r: -r["count"])
        if options:
            expectations.append({"number": n, "label": {e["number"]: e["label"] for e in elements}[n], "options": options})
    versions = [sipas.QUESTIONNAIRES[v] for v in total["versions"]]
    return render(request, "onestop/surveys/results.html", {
        "form": form, "start": start, "end": end, "total": total, "total_pct": _pct(total["overall"]["share"]), "elements": elements,
        "element_chart": bar_chart([{"label": f"{e['number']}. {e['label']}", "share": e["share"]} for e in elements]),
        "units": by["unit"], "unit_chart": bar_chart([{"label": r["display"], "share": r["share"]} for r in by["unit"]]),
        "procedures": by["procedure"],
        "procedure_chart": bar_chart([{"label": f"{r['key']} {r['display']}", "share": r["share"]} for r in by["procedure"]]),
        "months": by["month"], "month_chart": line_chart(by["month"]),
        "target_pct": round(sipas.TARGET * 100), "versions": versions, "current": sipas.QUESTIONNAIRES[sipas.CURRENT],
        "staff": _is_staff(request.user), "query": request.GET.urlencode(),
        "below_units": [r for r in by["unit"] if r["below_target"]],
    })


@login_required
def satisfaction_csv(request):
    if not _is_staff(request.user):
        raise PermissionDenied(_("The raw answers are for staff."))
    start, end = PeriodForm(request.GET or None).period()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sipas-answers.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    for row in surveys.export_rows(request.user, start, end):
        writer.writerow(row)
    return response

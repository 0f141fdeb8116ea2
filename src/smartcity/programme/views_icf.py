"""ICF Smart21 pages under /programme/icf/: the applications by year, one year's application
(progress per factor, assignments, overdue list; the Office assigns, scores, submits and
exports), one assigned question (the department answers with evidence, the Office reviews),
the frameworks, and the comparison of years dimension by dimension (public)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartcity.core import files
from smartcity.programme import icf_scoring
from smartcity.programme.forms_icf import AnswerForm, BulkAssignForm, EvidenceForm, ReviewForm, ScoreForm
from smartcity.programme.models import IcfApplication, IcfAssignment, IcfEvidence, IcfFactor, IcfFramework
from smartcity.programme.permissions import can_review
from smartcity.programme.services import clock, icf, kpis

YEAR_COLOURS = ["#9aa5b1", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#cf222e", "#1b7c83", "#6e7781"]


def _as_of(request):
    try:
        return clock.parse_as_of(request.GET.get("as_of"))
    except ValueError:
        return None


def _flash_errors(request, exc):
    for e in getattr(exc, "errors", [{"message": str(exc)}]):
        messages.error(request, e["message"])


def home(request):
    apps = list(IcfApplication.objects.select_related("framework").order_by("-year"))
    comp = icf.comparison()
    community = comp["community"]
    rows = []
    for app in apps:
        progress = icf.application_progress(app)["total"] if request.user.is_authenticated else None
        rows.append({"app": app, "progress": progress, "community": community.get(app.year),
                     "goal": comp["goal_met"].get(app.year)})
    return render(request, "programme/icf/home.html", {
        "rows": rows, "frameworks": IcfFramework.objects.all(), "is_office": can_review(request.user)})


def framework(request, key):
    fw = get_object_or_404(IcfFramework, key=key)
    factors = [{"factor": f, "questions": list(f.questions.all())} for f in fw.factors.all()]
    return render(request, "programme/icf/framework.html", {
        "fw": fw, "factors": factors, "kpi_labels": {k.key: k.label for k in kpis.registry()},
        "n_questions": sum(len(f["questions"]) for f in factors)})


@login_required
def application(request, year):
    app = get_object_or_404(IcfApplication.objects.select_related("framework"), year=year)
    is_office = can_review(request.user)
    if request.method == "POST":
        return _application_post(request, app, is_office)
    progress = icf.application_progress(app, _as_of(request))
    scores = icf.year_scores(app)
    all_scores = {(s.factor_id, s.source): s for s in app.scores.all()}
    assignments = list(app.assignments.select_related("question__factor", "organisation", "answer"))
    by_factor = {}
    for a in assignments:
        ans = icf.answer_of(a)
        by_factor.setdefault(a.question.factor_id, []).append({
            "a": a, "answer": ans, "status": ans.status if ans else "unanswered",
            "status_label": ans.get_status_display() if ans else _("not answered"),
            "mine": icf.can_answer(request.user, a), "overdue": a.due_date < progress["as_of"] and not (ans and ans.status in ("submitted", "accepted")),
            "evidence": ans.evidence.count() if ans else 0})
    factors = []
    for row in progress["factors"]:
        f = row["factor"]
        dim_score = scores.get(f.dimension)
        rows_f = by_factor.get(f.pk, [])
        factors.append({"factor": f, "progress": row, "assignments": rows_f, "score": dim_score,
                        "org": rows_f[0]["a"].organisation.code if rows_f else "",
                        "self_score": all_scores.get((f.pk, "self")), "icf_score": all_scores.get((f.pk, "icf"))})
    community = icf_scoring.community_score({k: v["score"] for k, v in scores.items()})
    return render(request, "programme/icf/application.html", {
        "app": app, "progress": progress, "factors": factors, "is_office": is_office, "community": community,
        "self_assessed": any(v["source"] == "self" for v in scores.values()),
        "assign_form": BulkAssignForm(initial={"due_date": app.due_date}), "score_sources": ScoreForm().fields["source"].choices,
        "departments": _departments()})


def _departments():
    from smartcity.core.models import Organisation

    return Organisation.objects.filter(kind__in=["department", "board", "university", "enterprise"]).order_by("kind", "code")


def _application_post(request, app, is_office):
    action = request.POST.get("action", "")
    back = reverse("programme-icf-application", args=[app.year])
    if not is_office:
        raise PermissionDenied(_("Only the Smart City Office may do this."))
    try:
        if action == "assign_defaults":
            r = icf.assign_defaults(app, request.user)
            messages.success(request, _("%(n)d questions assigned to their departments.") % {"n": r["created"]})
        elif action == "bulk_assign":
            form = BulkAssignForm(request.POST)
            if not form.is_valid():
                for errs in form.errors.values():
                    for e in errs:
                        messages.error(request, e)
                return redirect(back)
            factor = get_object_or_404(IcfFactor, pk=form.cleaned_data["factor"])
            r = icf.bulk_assign(app, factor, form.cleaned_data["organisation"], form.cleaned_data["due_date"], request.user)
            messages.success(request, _("Assigned: %(c)d new, %(u)d changed, %(k)d kept (already submitted).")
                             % {"c": r["created"], "u": r["updated"], "k": r["kept"]})
            back += f"#factor-{factor.key}"
        elif action == "score":
            form = ScoreForm(request.POST)
            if not form.is_valid():
                for errs in form.errors.values():
                    for e in errs:
                        messages.error(request, e)
                return redirect(back)
            factor = get_object_or_404(IcfFactor, pk=form.cleaned_data["factor"])
            icf.set_score(app, factor, form.cleaned_data["score"], form.cleaned_data["source"], request.user, form.cleaned_data["comment"])
            messages.success(request, _("Score saved."))
            back += f"#factor-{factor.key}"
        elif action == "submit_application":
            icf.submit_application(app, request.user)
            messages.success(request, _("The application is marked as submitted."))
        else:
            messages.error(request, _("Unknown action."))
    except icf.IcfError as exc:
        _flash_errors(request, exc)
    return redirect(back)


@login_required
def assignment(request, pk):
    a = get_object_or_404(IcfAssignment.objects.select_related("application__framework", "question__factor", "organisation"), pk=pk)
    answer = icf.answer_of(a)
    mine = icf.can_answer(request.user, a)
    is_office = can_review(request.user)
    editable = mine and (answer is None or answer.status in icf.EDITABLE)
    if request.method == "POST":
        return _assignment_post(request, a, answer, mine, is_office)
    initial = {"value": answer.value, "number": "" if answer.number is None else f"{answer.number:g}", "narrative": answer.narrative} if answer else {}
    day = icf.application_as_of(a.application, _as_of(request))
    return render(request, "programme/icf/assignment.html", {
        "a": a, "q": a.question, "answer": answer, "mine": mine, "editable": editable, "is_office": is_office,
        "form": AnswerForm(initial=initial, question=a.question), "evidence_form": EvidenceForm(),
        "review_form": ReviewForm(), "evidence": icf.evidence_rows(answer),
        "overdue": a.due_date < day and not (answer and answer.status in ("submitted", "accepted")),
        "question_kpi": kpis.get(a.question.kpi) if a.question.kpi else None,
        "question_kpi_value": kpis.value(a.question.kpi) if a.question.kpi else None,
        "kpi_list": kpis.snapshot(),
        "history": list(answer.history.select_related("history_user").order_by("-history_date")[:20]) if answer else []})


def _assignment_post(request, a, answer, mine, is_office):
    action = request.POST.get("action", "")
    back = reverse("programme-icf-assignment", args=[a.pk])
    try:
        if action in ("save", "submit"):
            form = AnswerForm(request.POST, question=a.question)
            form.is_valid()
            data = {k: request.POST.get(k) for k in ("value", "number", "narrative") if k in form.fields}
            icf.save_answer(a, request.user, submit=action == "submit", **data)
            messages.success(request, _("Answer submitted to the Smart City Office.") if action == "submit" else _("Answer saved."))
        elif action == "evidence":
            if answer is None:
                answer = icf.save_answer(a, request.user)
            form = EvidenceForm(request.POST, request.FILES)
            form.is_valid()
            icf.add_evidence(answer, request.user, kind=request.POST.get("kind", ""), title=request.POST.get("title", ""),
                             file=request.FILES.get("file"), url=request.POST.get("url", ""), kpi=request.POST.get("kpi", ""))
            messages.success(request, _("Evidence added."))
        elif action == "remove_evidence":
            ev = get_object_or_404(IcfEvidence, pk=request.POST.get("evidence"), answer__assignment=a)
            icf.remove_evidence(ev, request.user)
            messages.success(request, _("Evidence removed."))
        elif action == "review":
            if answer is None:
                raise Http404
            form = ReviewForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a decision."))
                return redirect(back)
            icf.review_answer(answer, request.user, form.cleaned_data["decision"] == "approve", form.cleaned_data["comment"])
            messages.success(request, _("Answer approved.") if form.cleaned_data["decision"] == "approve" else _("Answer returned to the department."))
        else:
            messages.error(request, _("Unknown action."))
    except icf.IcfError as exc:
        _flash_errors(request, exc)
    return redirect(back)


@login_required
def evidence_download(request, pk):
    ev = get_object_or_404(IcfEvidence, pk=pk, kind=IcfEvidence.Kind.FILE)
    return files.download(ev.file)


@login_required
def export(request, year):
    app = get_object_or_404(IcfApplication, year=year)
    data = icf.export_pack(app)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="icf-{app.year}-answers.zip"'
    return response


def _wrap(text: str, width: int = 18, max_lines: int = 3) -> list[str]:
    """A chart label in short lines (the SVG has no text wrapping)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:max_lines]


def compare(request):
    years = None
    raw = request.GET.get("years", "")
    if raw:
        try:
            years = [int(y) for y in raw.split(",") if y.strip()]
        except ValueError:
            years = None
    comp = icf.comparison(years)
    dims = [d["key"] for d in comp["dimensions"]]
    chart = icf_scoring.bar_chart(dims, comp["years"], comp["scores"], width=760, height=340, margin_bottom=48)
    colours = {y: YEAR_COLOURS[i % len(YEAR_COLOURS)] for i, y in enumerate(comp["years"])}
    for bar in chart["bars"]:
        bar["colour"] = colours[bar["year"]]
    titles = {d["key"]: d for d in comp["dimensions"]}
    for g in chart["groups"]:
        g["title"] = titles[g["dimension"]]["title"]
        g["lines"] = [{"text": line, "dy": 0 if i == 0 else 13} for i, line in enumerate(_wrap(g["title"]))]
    apps = {a.year: a for a in IcfApplication.objects.filter(year__in=comp["years"]).select_related("framework")}
    factor_keys = {a.year: {f.dimension: f.key for f in a.framework.factors.all()} for a in apps.values()}
    table = []
    for d in comp["dimensions"]:
        cells = []
        for row in comp["rows"]:
            y = row["year"]
            vs = row["vs_baseline"]
            cells.append({"year": y, "score": row["scores"][d["key"]], "source": row["sources"][d["key"]],
                          "delta": vs["deltas"][d["key"]] if vs else None, "factor_key": factor_keys.get(y, {}).get(d["key"], ""),
                          "framework": row["framework"]})
        table.append({"dim": d, "cells": cells})
    return render(request, "programme/icf/compare.html", {
        "comp": comp, "chart": chart, "colours": colours, "table": table, "all_years": list(IcfApplication.objects.order_by("year").values_list("year", flat=True)),
        "selected": raw, "any_self": any(r["self_assessed"] for r in comp["rows"]),
        "titles": titles})

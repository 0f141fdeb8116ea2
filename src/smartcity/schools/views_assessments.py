"""An assessment's page: the criteria by area with the school's value, comment and evidence
and the department's value and comment; the forms each role may use at each state (the
school fills and submits, the department evaluates, returns or decides), the timeline and
the field history. Every step goes through `services`, which checks who may do it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core import files as core_files
from smartcity.schools import scoring, services
from smartcity.schools.models import DECIDED, Assessment, CriterionScore, Evidence, School, State


def _assessment(request, code, year) -> Assessment:
    a = get_object_or_404(Assessment.objects.select_related("school", "criteria_set"), school__code=code, school_year=year)
    if not services.can_see_assessment(request.user, a):
        raise Http404
    return a


def _parse(raw: str):
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise ValidationError(_("Enter a number.")) from None


def _entries(request, a, prefix_v, prefix_c) -> tuple[dict, list]:
    entries, errors = {}, []
    for cid in a.scores.values_list("criterion_id", flat=True):
        if f"{prefix_v}{cid}" not in request.POST:
            continue
        try:
            value = _parse(request.POST.get(f"{prefix_v}{cid}"))
        except ValidationError as exc:
            errors.append(f"{cid}: {exc.messages[0]}")
            continue
        entries[cid] = (value, request.POST.get(f"{prefix_c}{cid}", "").strip()[:4000])
    return entries, errors


def assessment_page(request, code, year):
    a = _assessment(request, code, year)
    user = request.user
    scores = list(a.scores.select_related("criterion__group").order_by("criterion__group__order", "criterion__order"))
    evidence = {}
    files_visible = services.can_see_evidence(user, a)
    for ev in a.evidence.all():
        evidence.setdefault(ev.criterion_id, []).append(ev)
    show_dept = a.state in (State.EVALUATED, *DECIDED) or services.can_evaluate(user, a)
    self_res = services.compute(a, "self")
    has_dept = any(s.dept_value is not None for s in scores)
    dept_res = services.compute(a, "dept") if show_dept and has_dept else None
    groups = []
    for s in scores:
        g = s.criterion.group
        if not groups or groups[-1]["group"].pk != g.pk:
            groups.append({"group": g, "rows": [], "self": self_res.groups.get(g.code),
                           "dept": dept_res.groups.get(g.code) if dept_res else None})
        c = s.criterion
        groups[-1]["rows"].append({
            "s": s, "c": c, "evidence": evidence.get(c.pk, []),
            "self_points": self_res.points.get(str(c.pk)) if s.self_value is not None else None,
            "dept_points": dept_res.points.get(str(c.pk)) if dept_res and s.dept_value is not None else None,
            "choices": _choices(c), "self_label": _label(c, s.self_value), "dept_label": _label(c, s.dept_value)})
    history = []
    if services.sees_all(user) or services.is_member(user, a.school_id):
        history = list(CriterionScore.history.filter(assessment_id=a.pk).select_related("history_user")
                       .order_by("-history_date")[:30])
        names = {s.criterion_id: s.criterion.code for s in scores}
        for h in history:
            h.criterion_code = names.get(h.criterion_id, "")
    return render(request, "schools/assessment.html", {
        "a": a, "school": a.school, "groups": groups, "self_res": self_res, "dept_res": dept_res, "show_dept": show_dept,
        "may_self": services.can_self_assess(user, a), "may_submit": a.state == State.DRAFT and services.is_member(user, a.school_id),
        "may_eval": services.can_evaluate(user, a) and a.state in (State.SUBMITTED, State.EVALUATED),
        "may_decide": services.can_evaluate(user, a) and a.state == State.EVALUATED,
        "missing_evidence": services.missing_evidence(a) if a.state == State.DRAFT else [],
        "events": a.events.select_related("user"), "history": history, "set": a.criteria_set,
        "files_visible": files_visible})


def _choices(c) -> list[tuple[str, str]]:
    if c.rule == scoring.BINARY:
        return [("1", _("Met")), ("0", _("Not met"))]
    if c.rule == scoring.LEVELS:
        return [("3", _("Level 3 (good)")), ("2", _("Level 2")), ("1", _("Level 1")), ("0", _("Level 0 (not met)"))]
    return []


def _label(c, value) -> str:
    """A value as the reader knows it: 'Met', 'Level 2', or the number with its unit."""
    if value is None:
        return "—"
    labels = dict(_choices(c))
    key = f"{value:g}"
    if key in labels:
        return str(labels[key])
    return f"{key} {c.unit}".strip()


def _back(a):
    return redirect("schools-assessment", code=a.school.code, year=a.school_year)


def _run(request, a, fn, ok: str):
    try:
        fn()
        messages.success(request, ok)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(a)


@login_required
@require_POST
def open_current(request, code):
    school = get_object_or_404(School, code=code)
    year = services.current_school_year()
    try:
        a = services.open_assessment(school, year, request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("schools-detail", code=code)
    return _back(a)


@login_required
@require_POST
def save_self(request, code, year):
    a = _assessment(request, code, year)
    if not services.can_self_assess(request.user, a):
        raise PermissionDenied
    entries, errors = _entries(request, a, "v_", "c_")
    if errors:
        messages.error(request, "; ".join(errors))
        return _back(a)
    submit = "submit" in request.POST

    def run():
        services.save_self(a, request.user, entries)
        if submit:
            services.submit(a, request.user)

    return _run(request, a, run, _("Submitted to the department.") if submit else _("Self-assessment saved."))


@login_required
@require_POST
def upload_evidence(request, code, year):
    a = _assessment(request, code, year)
    if not services.can_self_assess(request.user, a):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return _back(a)
    try:
        cid = int(request.POST.get("criterion", ""))
    except ValueError:
        raise Http404 from None
    return _run(request, a, lambda: services.add_evidence(a, cid, request.user, upload, request.POST.get("title", "").strip()),
                _("Evidence added."))


@login_required
@require_POST
def evaluate(request, code, year):
    a = _assessment(request, code, year)
    if not services.can_evaluate(request.user, a):
        raise PermissionDenied
    entries, errors = _entries(request, a, "dv_", "dc_")
    if errors:
        messages.error(request, "; ".join(errors))
        return _back(a)
    finish = "finish" in request.POST
    return _run(request, a, lambda: services.evaluate(a, request.user, entries, finish=finish),
                _("Evaluation finished.") if finish else _("Evaluation saved."))


@login_required
@require_POST
def return_to_school(request, code, year):
    a = _assessment(request, code, year)
    if not services.can_evaluate(request.user, a):
        raise PermissionDenied
    return _run(request, a, lambda: services.return_to_school(a, request.user, request.POST.get("note", "").strip()),
                _("Returned to the school."))


@login_required
@require_POST
def decide(request, code, year):
    a = _assessment(request, code, year)
    if not services.can_evaluate(request.user, a):
        raise PermissionDenied
    choice = request.POST.get("decision", "rule")
    recognised = None if choice == "rule" else choice == "recognised"
    return _run(request, a, lambda: services.decide(a, request.user, recognised, request.POST.get("note", "").strip()),
                _("Decision recorded."))


def evidence_download(request, pk):
    ev = get_object_or_404(Evidence.objects.select_related("assessment"), pk=pk)
    if not services.can_see_evidence(request.user, ev.assessment):
        raise Http404
    return core_files.download(ev.file, ev.content_type)

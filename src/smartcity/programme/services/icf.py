"""The ICF Smart21 application (II.1): frameworks loaded from icf_data, applications by year,
questions assigned to departments, answers with evidence, the Office's review, scores per
factor per year and the comparison of years dimension by dimension.

Rules:
- only editors of the assigned department answer a question and attach its evidence
  (the Smart City Office reviews; it does not write departments' answers);
- an answer is editable while it is a draft or was returned; submitting freezes it until
  the Office approves it or returns it with a comment;
- only the Office (`permissions.can_review`) assigns questions, reviews answers, enters scores
  and moves the application's stage.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from pathlib import PurePosixPath
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.models import Organisation, Role
from smartcity.core import files
from smartcity.programme import icf_data, icf_scoring
from smartcity.programme.models import (IcfAnswer, IcfApplication, IcfAssignment, IcfEvidence, IcfFactor, IcfFramework,
                                        IcfQuestion, IcfScore, ReviewStatus)
from smartcity.programme.permissions import can_review
from smartcity.programme.services import clock, kpis

OFFICE_CODE = "VPTPTM"
BASELINE_YEAR = 2017
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".odt", ".ods", ".csv", ".txt", ".png", ".jpg", ".jpeg"}
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class IcfError(Exception):
    """A refused change, with machine-readable reasons [{"code": ..., "message": ...}]."""

    def __init__(self, *errors):
        self.errors = [{"code": code, "message": str(message)} for code, message in errors]
        super().__init__("; ".join(e["message"] for e in self.errors))


# -- frameworks ---------------------------------------------------------------------------------
def ensure_frameworks() -> dict:
    """Create or update the shipped frameworks, factors and questions (idempotent): keys are
    stable, texts are refreshed; nothing is deleted (answers point at questions)."""
    counts = {"frameworks": 0, "factors": 0, "questions": 0, "created": 0}
    with transaction.atomic():
        for fw in icf_data.FRAMEWORKS:
            framework, created = IcfFramework.objects.get_or_create(
                key=fw["key"], defaults={"name": fw["name"], "first_year": fw["first_year"], "last_year": fw["last_year"],
                                         "source": fw["source"]})
            counts["created"] += created
            _update(framework, name=fw["name"], first_year=fw["first_year"], last_year=fw["last_year"], source=fw["source"])
            counts["frameworks"] += 1
            for fpos, fac in enumerate(fw["factors"], 1):
                fields = {k: fac[k] for k in ("dimension", "title_vi", "title_en", "description_vi", "description_en")}
                factor, created = IcfFactor.objects.get_or_create(framework=framework, key=fac["key"],
                                                                  defaults={**fields, "position": fpos})
                counts["created"] += created
                _update(factor, position=fpos, **fields)
                counts["factors"] += 1
                for qpos, qd in enumerate(fac["questions"], 1):
                    qfields = {"kind": qd["kind"], "title_vi": qd["title_vi"], "title_en": qd["title_en"],
                               "choices": qd["choices"], "unit": qd["unit"], "kpi": qd["kpi"], "position": qpos}
                    question, created = IcfQuestion.objects.get_or_create(factor=factor, number=qd["number"], defaults=qfields)
                    counts["created"] += created
                    _update(question, **qfields)
                    counts["questions"] += 1
    return counts


def _update(obj, **fields) -> None:
    changed = [k for k, v in fields.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, fields[k])
        obj.save(update_fields=changed)


def framework_for_year(year: int) -> IcfFramework:
    if not IcfFramework.objects.exists():
        ensure_frameworks()
    return IcfFramework.objects.get(key=icf_data.framework_key_for_year(year))


def _question_org_code(question: IcfQuestion) -> str:
    for fw in icf_data.FRAMEWORKS:
        if fw["key"] != question.factor.framework.key:
            continue
        for fac in fw["factors"]:
            if fac["key"] == question.factor.key:
                for qd in fac["questions"]:
                    if qd["number"] == question.number and qd["org"]:
                        return qd["org"]
    return icf_data.DEFAULT_ORGS.get(question.factor.dimension, OFFICE_CODE)


def dimension_titles() -> list[dict]:
    """Dimensions in display order with today's factor names (and the 2018 ones)."""
    names = {}
    for fw in icf_data.FRAMEWORKS:
        for fac in fw["factors"]:
            names.setdefault(fac["dimension"], {})[fw["key"]] = fac
    english = _english()
    out = []
    for dim in icf_data.DIMENSIONS:
        by_fw = names.get(dim, {})
        cur = by_fw.get("icf-current") or next(iter(by_fw.values()))
        old = by_fw.get("icf-2018") or cur
        title = cur["title_en"] if english else cur["title_vi"]
        old_title = old["title_en"] if english else old["title_vi"]
        out.append({"key": dim, "title": title, "old_title": old_title if old_title != title else ""})
    return out


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "vi").startswith("en")


# -- applications and assignments ---------------------------------------------------------------
def ensure_application(year: int, **fields) -> IcfApplication:
    app = IcfApplication.objects.filter(year=year).first()
    if app is None:
        owner = fields.pop("owner", None) or Organisation.objects.get(code=OFFICE_CODE)
        framework = fields.pop("framework", None) or framework_for_year(year)
        app = IcfApplication.objects.create(year=year, owner=owner, framework=framework, **fields)
    return app


def application_as_of(application: IcfApplication, requested: dt.date | None = None) -> dt.date:
    """A past year's application is judged as of its 31 December, a running one as of today."""
    return clock.as_of(SimpleNamespace(end_date=dt.date(application.year, 12, 31)), requested)


def _require_office(user) -> None:
    if not can_review(user):
        raise PermissionDenied(_("Only the Smart City Office may do this."))


def assign_defaults(application: IcfApplication, user=None, due_date: dt.date | None = None) -> dict:
    """Give every unassigned question of the application to its default department (by
    factor, with the question's own override); returns {"created": n, "kept": m}."""
    if user is not None:
        _require_office(user)
    due = due_date or application.due_date or dt.date(application.year, 6, 30)
    orgs = {o.code: o for o in Organisation.objects.all()}
    done = set(application.assignments.values_list("question_id", flat=True))
    created = kept = 0
    questions = IcfQuestion.objects.filter(factor__framework=application.framework).select_related("factor__framework")
    for question in questions:
        if question.pk in done:
            kept += 1
            continue
        org = orgs.get(_question_org_code(question)) or orgs.get(OFFICE_CODE)
        IcfAssignment.objects.create(application=application, question=question, organisation=org, due_date=due)
        created += 1
    return {"created": created, "kept": kept}


def bulk_assign(application: IcfApplication, factor: IcfFactor, organisation: Organisation, due_date: dt.date, user) -> dict:
    """Assign every question of a factor to one department (the Office's 'bulk assign').
    Answers already submitted or approved stay with their department."""
    _require_office(user)
    if factor.framework_id != application.framework_id:
        raise IcfError(("factor_framework", _("This factor belongs to another ICF framework.")))
    created = moved = kept = 0
    with transaction.atomic():
        for question in factor.questions.all():
            a = IcfAssignment.objects.filter(application=application, question=question).select_related("answer").first()
            if a is None:
                IcfAssignment.objects.create(application=application, question=question, organisation=organisation, due_date=due_date)
                created += 1
                continue
            answer = getattr(a, "answer", None) if _has_answer(a) else None
            if answer is not None and answer.status not in EDITABLE and a.organisation_id != organisation.pk:
                kept += 1
                continue
            a.organisation, a.due_date = organisation, due_date
            a.save()
            if answer is not None and answer.owner_id != organisation.pk:
                answer.owner = organisation
                answer.save(update_fields=["owner", "updated_at"])
            moved += 1
    return {"created": created, "updated": moved, "kept": kept}


def _has_answer(assignment) -> bool:
    try:
        return assignment.answer is not None
    except IcfAnswer.DoesNotExist:
        return False


def answer_of(assignment) -> IcfAnswer | None:
    return assignment.answer if _has_answer(assignment) else None


# -- answers -------------------------------------------------------------------------------------
def can_answer(user, assignment: IcfAssignment) -> bool:
    """Editors of the assigned department (and superusers) answer; nobody else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.organisation_id == assignment.organisation_id and user.has_role(Role.EDITOR)


def require_answer(user, assignment) -> None:
    if not can_answer(user, assignment):
        raise PermissionDenied(_("Only editors of the assigned department may answer this question."))


def _clean(question: IcfQuestion, value, number, narrative) -> dict:
    errors = []
    value = (value or "").strip() if value is not None else ""
    narrative = (narrative or "").strip() if narrative is not None else ""
    if number in ("", None):
        number = None
    elif not isinstance(number, (int, float)):
        try:
            number = float(str(number).replace(",", ".").strip())
        except ValueError:
            errors.append(("number_invalid", _("The value must be a number.")))
            number = None
    if number is not None and question.unit == "%" and not 0 <= number <= 100:
        errors.append(("number_range", _("A percentage must be between 0 and 100.")))
    if question.kind == IcfQuestion.Kind.CHOICE and value and question.choices and value not in question.choices:
        errors.append(("choice_invalid", _("Choose one of the options offered.")))
    if question.kind == IcfQuestion.Kind.SHORT and len(value) > 500:
        errors.append(("short_too_long", _("A short answer has at most 500 characters.")))
    if errors:
        raise IcfError(*errors)
    return {"value": value, "number": number, "narrative": narrative}


def _missing(question: IcfQuestion, answer: IcfAnswer) -> list[tuple[str, str]]:
    kind = question.kind
    if kind == IcfQuestion.Kind.NUMBER and answer.number is None:
        return [("number_required", _("Enter the value of this data point."))]
    if kind == IcfQuestion.Kind.NARRATIVE and not answer.narrative:
        return [("narrative_required", _("Write the narrative."))]
    if kind in (IcfQuestion.Kind.CHOICE, IcfQuestion.Kind.SHORT) and not answer.value:
        return [("value_required", _("Give the answer."))]
    return []


def save_answer(assignment: IcfAssignment, user, *, value=None, number=None, narrative=None, submit: bool = False) -> IcfAnswer:
    """Create or update the department's answer; with submit=True also hand it to the Office."""
    require_answer(user, assignment)
    answer = answer_of(assignment)
    if answer is not None and answer.status not in EDITABLE:
        raise IcfError(("not_editable", _("This answer was submitted; it can change only if the Office returns it.")))
    cleaned = _clean(assignment.question, value, number, narrative)
    with transaction.atomic():
        if answer is None:
            answer = IcfAnswer(assignment=assignment, owner=assignment.organisation)
        answer.value, answer.number, answer.narrative = cleaned["value"], cleaned["number"], cleaned["narrative"]
        answer.owner = assignment.organisation
        if submit:
            missing = _missing(assignment.question, answer)
            if missing:
                raise IcfError(*missing)
            answer.status, answer.submitted_at, answer.submitted_by = ReviewStatus.SUBMITTED, timezone.now(), user
        answer.save()
    return answer


def submit_answer(answer: IcfAnswer, user) -> IcfAnswer:
    require_answer(user, answer.assignment)
    if answer.status not in EDITABLE:
        raise IcfError(("not_editable", _("This answer was already submitted.")))
    missing = _missing(answer.assignment.question, answer)
    if missing:
        raise IcfError(*missing)
    answer.status, answer.submitted_at, answer.submitted_by = ReviewStatus.SUBMITTED, timezone.now(), user
    answer.save()
    return answer


def review_answer(answer: IcfAnswer, user, approve: bool, comment: str = "") -> IcfAnswer:
    """The Office approves a submitted answer or returns it with a comment."""
    _require_office(user)
    if answer.status != ReviewStatus.SUBMITTED:
        raise IcfError(("not_submitted", _("Only a submitted answer can be reviewed.")))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise IcfError(("comment_required", _("Say what must change when returning an answer.")))
    answer.status = ReviewStatus.ACCEPTED if approve else ReviewStatus.RETURNED
    answer.reviewed_at, answer.reviewed_by, answer.review_comment = timezone.now(), user, comment
    answer.save()
    return answer


# -- evidence ------------------------------------------------------------------------------------
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


def check_upload(upload) -> list[tuple[str, str]]:
    """Reasons to refuse an uploaded file (type by extension and content, size)."""
    errors = []
    name = getattr(upload, "name", "") or ""
    ext = PurePosixPath(name.lower()).suffix
    if ext not in ALLOWED_EXTENSIONS:
        errors.append(("file_type", _("This type of file is not accepted (%(ext)s). Accepted: %(allowed)s.")
                       % {"ext": ext or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))}))
    size = getattr(upload, "size", None) or 0
    if size > MAX_UPLOAD_BYTES:
        errors.append(("file_size", _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}))
    if size == 0:
        errors.append(("file_empty", _("The file is empty.")))
    if not errors:
        pos = upload.tell() if hasattr(upload, "tell") else 0
        head = upload.read(files.HEAD_BYTES)
        upload.seek(pos)
        _type, code = files.sniff(name, head, size, MAX_UPLOAD_BYTES, allowed={e.lstrip(".") for e in ALLOWED_EXTENSIONS})
        if code and files.looks_like_markup(head):
            errors.append(("file_content", _("The file's content is a web page or script, not a document.")))
        elif code:
            errors.append(("file_content", _("The file's content does not match its extension.")))
    return errors


def _check_dataset_path(path: str) -> list[tuple[str, str]]:
    from django.urls import Resolver404, resolve

    if not path.startswith("/") or path.startswith("//"):
        return [("dataset_path", _("A platform dataset is a path on this platform, starting with /."))]
    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return [("dataset_path", _("No page or dataset of the platform has this path."))]
    return []


def add_evidence(answer: IcfAnswer, user, *, kind: str, title: str = "", file=None, url: str = "", kpi: str = "") -> IcfEvidence:
    require_answer(user, answer.assignment)
    if answer.status not in EDITABLE:
        raise IcfError(("not_editable", _("Evidence can be added only while the answer is a draft or returned.")))
    title = (title or "").strip()
    url = (url or "").strip()
    errors = []
    ev = IcfEvidence(answer=answer, kind=kind, title=title[:255])
    if kind == IcfEvidence.Kind.FILE:
        if file is None:
            errors.append(("file_required", _("Choose a file.")))
        else:
            errors += check_upload(file)
            ev.title = ev.title or PurePosixPath(file.name).name[:255]
            ev.file = file
    elif kind == IcfEvidence.Kind.LINK:
        if not _URL.match(url):
            errors.append(("url_invalid", _("Give a web address starting with http:// or https://.")))
        ev.url = url
    elif kind == IcfEvidence.Kind.DATASET:
        errors += _check_dataset_path(url)
        ev.url = url
    elif kind == IcfEvidence.Kind.KPI:
        if not kpis.exists(kpi):
            errors.append(("kpi_unknown", _("Unknown KPI.")))
        else:
            ev.kpi = kpi
            ev.kpi_value = kpis.value(kpi)
            ev.title = ev.title or kpis.label(kpi)
    else:
        errors.append(("kind_invalid", _("Unknown kind of evidence.")))
    if not ev.title and not errors:
        errors.append(("title_required", _("Give the evidence a title.")))
    if errors:
        raise IcfError(*errors)
    ev.save()
    return ev


def remove_evidence(evidence: IcfEvidence, user) -> None:
    require_answer(user, evidence.answer.assignment)
    if evidence.answer.status not in EDITABLE:
        raise IcfError(("not_editable", _("Evidence of a submitted answer cannot be removed.")))
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


def evidence_rows(answer: IcfAnswer | None) -> list[dict]:
    if answer is None:
        return []
    rows = []
    for ev in answer.evidence.all():
        rows.append({"evidence": ev, "id": ev.pk, "kind": ev.kind, "kind_label": ev.get_kind_display(), "title": ev.title,
                     "url": ev.url, "kpi": ev.kpi, "kpi_label": kpis.label(ev.kpi) if ev.kpi else "",
                     "kpi_unit": kpis.get(ev.kpi).unit if ev.kpi and kpis.get(ev.kpi) else "",
                     "kpi_value": ev.kpi_value, "kpi_now": kpis.value(ev.kpi) if ev.kpi else None,
                     "file_name": PurePosixPath(ev.file.name).name if ev.file else ""})
    return rows


# -- progress ------------------------------------------------------------------------------------
def application_progress(application: IcfApplication, as_of: dt.date | None = None) -> dict:
    """Answered/approved per factor, overdue assignments and totals."""
    day = application_as_of(application, as_of)
    factors = list(application.framework.factors.all())
    assignments = list(application.assignments.select_related("question__factor", "organisation", "answer"))
    by_factor = {f.pk: [] for f in factors}
    overdue = []
    for a in assignments:
        ans = answer_of(a)
        status = ans.status if ans else None
        by_factor.setdefault(a.question.factor_id, []).append(status)
        if a.due_date < day and status not in (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED):
            overdue.append({"assignment": a, "days_overdue": (day - a.due_date).days, "status": status or "unanswered"})
    questions = {f.pk: f.questions.count() for f in factors}
    rows = []
    for f in factors:
        counts = icf_scoring.progress_counts(by_factor.get(f.pk, []))
        counts["unassigned"] = questions[f.pk] - counts["questions"]
        rows.append({"factor": f, **counts})
    total = icf_scoring.progress_counts([s for f in factors for s in by_factor.get(f.pk, [])])
    total["unassigned"] = sum(questions.values()) - total["questions"]
    return {"as_of": day, "factors": rows, "total": total,
            "overdue": sorted(overdue, key=lambda r: -r["days_overdue"])}


def submit_application(application: IcfApplication, user, on: dt.date | None = None) -> IcfApplication:
    _require_office(user)
    if application.stage not in (IcfApplication.Stage.PREPARING, IcfApplication.Stage.TRIAL):
        raise IcfError(("stage", _("This application is past the submission stage.")))
    progress = application_progress(application)
    if progress["total"]["accepted"] == 0:
        raise IcfError(("nothing_approved", _("No answer has been approved yet.")))
    application.stage = IcfApplication.Stage.SUBMITTED
    application.submitted_on = on or clock.today()
    application.save()
    return application


# -- scores and comparison -----------------------------------------------------------------------
def set_score(application: IcfApplication, factor: IcfFactor, score: float, source: str, user, comment: str = "") -> IcfScore:
    _require_office(user)
    if factor.framework_id != application.framework_id:
        raise IcfError(("factor_framework", _("This factor belongs to another ICF framework.")))
    if source not in IcfScore.Source.values:
        raise IcfError(("source_invalid", _("Unknown source of the score.")))
    try:
        score = float(score)
    except (TypeError, ValueError):
        raise IcfError(("score_invalid", _("The score must be a number."))) from None
    if not 0 <= score <= 100:
        raise IcfError(("score_range", _("A score is between 0 and 100.")))
    obj, _created = IcfScore.objects.update_or_create(application=application, factor=factor, source=source,
                                                      defaults={"score": score, "comment": comment or ""})
    return obj


def year_scores(application: IcfApplication) -> dict:
    """{dimension: {"score", "source", "comment", "factor"}} preferring ICF's evaluation."""
    by_dim: dict[str, dict] = {}
    for s in application.scores.select_related("factor"):
        by_dim.setdefault(s.factor.dimension, {})[s.source] = s
    out = {}
    for dim, by_source in by_dim.items():
        value, source = icf_scoring.pick_score({k: v.score for k, v in by_source.items()})
        if source:
            s = by_source[source]
            out[dim] = {"score": value, "source": source, "comment": s.comment, "factor": s.factor}
    return out


def comparison(years=None) -> dict:
    """Scores by dimension and year, the community score of each year, and the plan's goal
    "better than 2017 on every dimension" checked for each later year (and against the
    year before). JSON-serialisable (factor objects are not included)."""
    apps = IcfApplication.objects.select_related("framework").order_by("year")
    if years:
        apps = apps.filter(year__in=[int(y) for y in years])
    apps = list(apps)
    dims = dimension_titles()
    keys = [d["key"] for d in dims]
    scores, sources, community, rows = {}, {}, {}, []
    for app in apps:
        ys = year_scores(app)
        scores[app.year] = {k: ys[k]["score"] if k in ys else None for k in keys}
        sources[app.year] = {k: ys[k]["source"] if k in ys else None for k in keys}
        community[app.year] = icf_scoring.community_score(scores[app.year])
    baseline_app = IcfApplication.objects.filter(year=BASELINE_YEAR).first()
    baseline = scores.get(BASELINE_YEAR)
    if baseline is None and baseline_app is not None:
        ys = year_scores(baseline_app)
        baseline = {k: ys[k]["score"] if k in ys else None for k in keys}
    pairs = []
    prev_year = None
    for app in apps:
        y = app.year
        row = {"year": y, "stage": app.stage, "stage_label": str(app.get_stage_display()), "framework": app.framework.key,
               "scores": scores[y], "sources": sources[y], "community": community[y],
               "self_assessed": any(s == "self" for s in sources[y].values()), "vs_baseline": None, "vs_previous": None}
        if baseline is not None and y > BASELINE_YEAR:
            row["vs_baseline"] = icf_scoring.compare(baseline, scores[y], keys)
            pairs.append({"base": BASELINE_YEAR, "year": y, **row["vs_baseline"]})
        if prev_year is not None:
            row["vs_previous"] = icf_scoring.compare(scores[prev_year], scores[y], keys)
            if not (row["vs_baseline"] is not None and prev_year == BASELINE_YEAR):  # the same pair once
                pairs.append({"base": prev_year, "year": y, **row["vs_previous"]})
        rows.append(row)
        prev_year = y
    matrix = {k: {y: scores[y][k] for y in scores} for k in keys}
    return {"dimensions": dims, "years": [a.year for a in apps], "baseline": BASELINE_YEAR, "matrix": matrix,
            "scores": scores, "community": community, "rows": rows, "pairs": pairs,
            "goal_met": {r["year"]: r["vs_baseline"]["better_all"] for r in rows if r["vs_baseline"] is not None}}


# -- export --------------------------------------------------------------------------------------
def _answer_text(question: IcfQuestion, answer: IcfAnswer | None) -> str:
    if answer is None:
        return ""
    parts = []
    if answer.value:
        parts.append(answer.value)
    if answer.number is not None:
        num = f"{answer.number:g}"
        parts.append(f"{num} {question.unit}".strip())
    if answer.narrative:
        parts.append(answer.narrative)
    return "\n".join(parts)


def _safe_name(name: str) -> str:
    base = PurePosixPath(name).name
    return re.sub(r"[^\w.\-]+", "_", base)[:120] or "file"


def export_pack(application: IcfApplication) -> bytes:
    """A zip of the year's full answer pack: answers.xlsx (one sheet per factor), answers.md,
    the evidence files under evidence/, and manifest.json."""
    from openpyxl import Workbook

    from smartcity.core.xlsx import add_sheet

    wb = Workbook()
    wb.remove(wb.active)
    md = [f"# ICF {application.year} — {application.framework.name}", "",
          f"Stage: {application.get_stage_display()}", ""]
    manifest = {"year": application.year, "framework": application.framework.key, "stage": application.stage,
                "generated_at": timezone.now().isoformat(), "factors": [], "files": []}
    files = []
    assignments = {a.question_id: a for a in application.assignments.select_related("organisation", "answer")}
    used_names = set()
    for factor in application.framework.factors.all():
        rows, frow = [], {"key": factor.key, "dimension": factor.dimension, "title_vi": factor.title_vi,
                          "title_en": factor.title_en, "questions": []}
        md += [f"## {factor.title_vi} / {factor.title_en}", ""]
        for question in factor.questions.all():
            a = assignments.get(question.pk)
            ans = answer_of(a) if a else None
            ev_list = []
            for ev in (ans.evidence.all() if ans else []):
                if ev.kind == IcfEvidence.Kind.FILE and ev.file:
                    name = f"evidence/{ev.pk}-{_safe_name(ev.file.name)}"
                    if name not in used_names:
                        used_names.add(name)
                        try:
                            with ev.file.open("rb") as fh:
                                files.append((name, fh.read()))
                        except FileNotFoundError:
                            name = f"(missing) {name}"
                    ev_list.append({"kind": ev.kind, "title": ev.title, "file": name})
                elif ev.kind == IcfEvidence.Kind.KPI:
                    ev_list.append({"kind": ev.kind, "title": ev.title, "kpi": ev.kpi, "value_when_attached": ev.kpi_value,
                                    "value_now": kpis.value(ev.kpi)})
                else:
                    ev_list.append({"kind": ev.kind, "title": ev.title, "url": ev.url})
            ev_text = "; ".join(
                f"{e['title']} ({e.get('file') or e.get('url') or (e.get('kpi', '') + ' = ' + str(e.get('value_when_attached')))})"
                for e in ev_list)
            status = ans.status if ans else "unanswered"
            text = _answer_text(question, ans)
            rows.append([question.number, question.title_vi, question.title_en, a.organisation.code if a else "",
                         a.due_date if a else None, text, status, ans.review_comment if ans else "", ev_text])
            frow["questions"].append({"number": question.number, "kind": question.kind, "department": a.organisation.code if a else None,
                                      "status": status, "answer": text, "evidence": ev_list})
            md += [f"### {question.number}. {question.title_vi}", f"*{question.title_en}*", "",
                   f"- {_('Department')}: {a.organisation.code if a else '—'}", f"- {_('Status')}: {status}", "",
                   text or "—", ""]
            if ev_list:
                md += [f"{_('Evidence')}:"] + [f"- {e['title']}: {e.get('file') or e.get('url') or e.get('kpi')}" for e in ev_list] + [""]
        add_sheet(wb, _sheet_title(factor), ["No.", "Câu hỏi", "Question", "Department", "Due date", "Answer", "Status",
                                              "Review comment", "Evidence"], rows, formats={5: "dd/mm/yyyy"})
        manifest["factors"].append(frow)
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = buf.getvalue()
    mdb = "\n".join(md).encode("utf-8")
    manifest["files"] = [{"name": "answers.xlsx", "sha256": hashlib.sha256(xlsx).hexdigest()},
                         {"name": "answers.md", "sha256": hashlib.sha256(mdb).hexdigest()}] + \
                        [{"name": n, "sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b)} for n, b in files]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("answers.xlsx", xlsx)
        zf.writestr("answers.md", mdb)
        for name, data in files:
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return out.getvalue()


def _sheet_title(factor: IcfFactor) -> str:
    title = f"{factor.position}. {factor.title_en}"
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31]


def content_type_of(name: str) -> str:
    return files.content_type_of(name)

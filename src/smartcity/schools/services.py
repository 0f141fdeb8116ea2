"""Operations of the schools programme as plain functions (no HTTP).

Who may do what (the platform rule, core.permissions, plus the school-staff rule):
- schools, criteria sets: `can_change` (editors of the Department of Education and Training,
  the Smart City Office);
- fill a self-assessment, add evidence, submit: active members of that school
  (`SchoolMembership`), while the assessment is a draft;
- evaluate, return to the school, decide: `can_change` on the assessment, never by a member
  of the school being judged;
- see an assessment: everyone once decided (published); before that the school's members,
  the department's editors and the Smart City Office; its evidence files: only those.
"""
import hashlib
import re
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core import files as core_files
from smartcity.core.models import Role
from smartcity.core.permissions import can_change, is_coordinator
from smartcity.schools import scoring
from smartcity.schools.models import (
    DECIDED,
    Action,
    Assessment,
    AssessmentEvent,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Evidence,
    School,
    SchoolMembership,
    SetStatus,
    State,
)


class WorkflowError(Exception):
    """A step the assessment's state does not allow (code for the API)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------- who may do what

def member_school_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(SchoolMembership.objects.filter(user=user, active=True).values_list("school_id", flat=True))


def is_member(user, school) -> bool:
    school_id = school if isinstance(school, int) else school.pk
    return school_id in member_school_ids(user)


def can_self_assess(user, assessment) -> bool:
    return assessment.state == State.DRAFT and is_member(user, assessment.school_id)


def can_evaluate(user, assessment) -> bool:
    return can_change(user, assessment) and not is_member(user, assessment.school_id)


def sees_all(user) -> bool:
    """Department editors and the Smart City Office see every assessment, drafts included."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    return bool(user.organisation_id and user.has_role(Role.EDITOR)
                and School.objects.filter(owner_id=user.organisation_id).exists())


def visible_assessments(user, queryset=None):
    qs = queryset if queryset is not None else Assessment.objects.all()
    if sees_all(user):
        return qs
    cond = Q(published=True)
    mine = member_school_ids(user)
    if mine:
        cond |= Q(school_id__in=mine)
    return qs.filter(cond)


def can_see_assessment(user, assessment) -> bool:
    return assessment.published or sees_all(user) or is_member(user, assessment.school_id)


def can_see_evidence(user, assessment) -> bool:
    """Evidence files (photos of classes, staff records) stay with the school and the
    department, even once the result is public."""
    return sees_all(user) or is_member(user, assessment.school_id)


# ---------------------------------------------------------------- criteria sets

def require_draft(criteria_set) -> None:
    if criteria_set.frozen:
        raise WorkflowError("frozen", _("This criteria set is published and frozen; copy it to make changes."))


def add_group(criteria_set, **fields) -> CriteriaGroup:
    require_draft(criteria_set)
    return CriteriaGroup.objects.create(criteria_set=criteria_set, **fields)


def add_criterion(group, **fields) -> Criterion:
    require_draft(group.criteria_set)
    if fields.get("rule") == scoring.THRESHOLD and fields.get("threshold") is None:
        raise WorkflowError("threshold_required", _("A numeric threshold criterion needs its threshold."))
    return Criterion.objects.create(group=group, **fields)


def update_criterion(criterion, **fields) -> Criterion:
    require_draft(criterion.group.criteria_set)
    for k, v in fields.items():
        setattr(criterion, k, v)
    criterion.save()
    return criterion


def delete_criterion(criterion) -> None:
    require_draft(criterion.group.criteria_set)
    criterion.delete()


@transaction.atomic
def publish_set(criteria_set, user) -> CriteriaSet:
    """Freeze the set; it becomes the one used by that school year's assessments."""
    require_draft(criteria_set)
    if not Criterion.objects.filter(group__criteria_set=criteria_set).exists():
        raise WorkflowError("empty", _("A criteria set needs at least one criterion before it is published."))
    if CriteriaSet.objects.filter(school_year=criteria_set.school_year, status=SetStatus.PUBLISHED).exclude(pk=criteria_set.pk).exists():
        raise WorkflowError("already_published", _("Another set of this school year is already published."))
    criteria_set.status = SetStatus.PUBLISHED
    criteria_set.published_at = timezone.now()
    criteria_set.save()
    return criteria_set


@transaction.atomic
def copy_set(source, user=None, school_year: str | None = None) -> CriteriaSet:
    """A new draft with the same areas and criteria, for the next school year by default
    (or another version of the same year). Codes are kept so years compare."""
    year = school_year or scoring.next_school_year(source.school_year)
    scoring.parse_school_year(year)
    version = (CriteriaSet.objects.filter(school_year=year).order_by("-version").values_list("version", flat=True).first() or 0) + 1
    new = CriteriaSet.objects.create(
        owner=source.owner, school_year=year, version=version, title_vi=_retitle(source.title_vi, source.school_year, year),
        title_en=_retitle(source.title_en, source.school_year, year), previous=source, pass_total=source.pass_total,
        pass_group=source.pass_group, notes=source.notes, status=SetStatus.DRAFT)
    groups = list(source.groups.prefetch_related("criteria"))
    new_groups = CriteriaGroup.objects.bulk_create([
        CriteriaGroup(criteria_set=new, code=g.code, name_vi=g.name_vi, name_en=g.name_en, weight=g.weight, order=g.order)
        for g in groups])
    if any(g.pk is None for g in new_groups):
        by_code = {g.code: g for g in new.groups.all()}
        new_groups = [by_code[g.code] for g in groups]
    CriteriaGroup.history.bulk_history_create(new_groups)
    crits = []
    for old, ng in zip(groups, new_groups):
        for c in old.criteria.all():
            crits.append(Criterion(group=ng, code=c.code, name_vi=c.name_vi, name_en=c.name_en, description=c.description,
                                   max_score=c.max_score, rule=c.rule, threshold=c.threshold, direction=c.direction,
                                   unit=c.unit, evidence_required=c.evidence_required, mandatory=c.mandatory, order=c.order))
    Criterion.objects.bulk_create(crits)
    if crits and crits[0].pk is not None:
        Criterion.history.bulk_history_create(crits)
    return new


def _retitle(title: str, old: str, new: str) -> str:
    return title.replace(old, new) if old in title else (f"{title} ({new})" if title else new)


def published_set(school_year: str) -> CriteriaSet | None:
    return CriteriaSet.objects.filter(school_year=school_year, status=SetStatus.PUBLISHED).first()


def specs(criteria_set):
    """(GroupSpec list, CriterionSpec list, group rows, criterion rows) of a set, two queries."""
    groups = list(criteria_set.groups.all())
    crits = list(Criterion.objects.filter(group__criteria_set=criteria_set).select_related("group"))
    gs = [scoring.GroupSpec(g.code, g.weight) for g in groups]
    cs = [scoring.CriterionSpec(f"{c.pk}", c.group.code, c.max_score, c.rule, c.threshold, c.direction, c.mandatory) for c in crits]
    return gs, cs, groups, crits


# ---------------------------------------------------------------- assessments

def _event(assessment, action, user=None, note="", from_state="", to_state=""):
    AssessmentEvent.objects.create(assessment=assessment, action=action, user=user if getattr(user, "pk", None) else None,
                                   at=timezone.now(), note=note[:2000], from_state=from_state, to_state=to_state)


@transaction.atomic
def open_assessment(school, school_year: str, user=None) -> Assessment:
    """The school's assessment of that year (made on first use, with one empty row per
    criterion of the published set)."""
    existing = Assessment.objects.filter(school=school, school_year=school_year).first()
    if existing:
        return existing
    if not (user is None or is_member(user, school) or can_change(user, school)):
        raise PermissionDenied(_("You may not open an assessment for this school."))
    cset = published_set(school_year)
    if cset is None:
        raise WorkflowError("no_criteria", _("No criteria set is published for %(year)s.") % {"year": school_year})
    a = Assessment.objects.create(school=school, criteria_set=cset, school_year=school_year, owner=school.owner,
                                  published=False)
    crits = Criterion.objects.filter(group__criteria_set=cset)
    rows = CriterionScore.objects.bulk_create([CriterionScore(assessment=a, criterion=c) for c in crits])
    if rows and rows[0].pk is None:
        rows = list(a.scores.all())
    CriterionScore.history.bulk_history_create(rows)
    _event(a, Action.CREATED, user, to_state=State.DRAFT)
    return a


def compute(assessment, side: str = "self") -> scoring.Result:
    gs, cs, _groups, _crits = specs(assessment.criteria_set)
    field = "self_value" if side == "self" else "dept_value"
    values = {str(k): v for k, v in assessment.scores.values_list("criterion_id", field)}
    return scoring.score(gs, cs, values, assessment.criteria_set.pass_total, assessment.criteria_set.pass_group)


def _refresh_totals(assessment):
    assessment.self_total = compute(assessment, "self").total
    if assessment.scores.exclude(dept_value=None).exists():
        assessment.dept_total = compute(assessment, "dept").total
    assessment.save(update_fields=["self_total", "dept_total", "updated_at"])


def _check_value(criterion, value):
    try:
        scoring.validate(criterion.rule, value)
    except scoring.ScoreError as exc:
        raise ValidationError({f"c{criterion.pk}": ValidationError(_(str(exc)), code=exc.code)}) from None


@transaction.atomic
def save_self(assessment, user, entries: dict) -> Assessment:
    """entries: criterion id -> (value or None, comment). Only the school, only in draft."""
    if not can_self_assess(user, assessment):
        if assessment.state != State.DRAFT and is_member(user, assessment.school_id):
            raise WorkflowError("not_draft", _("The self-assessment is submitted; it can no longer be changed."))
        raise PermissionDenied(_("Only the school's staff may fill its self-assessment."))
    rows = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for cid, (value, comment) in entries.items():
        row = rows.get(int(cid))
        if row is None:
            raise ValidationError({f"c{cid}": ValidationError(_("This criterion is not in the school year's set."),
                                                               code="unknown_criterion")})
        _check_value(row.criterion, value)
        if (row.self_value, row.self_comment) != (value, comment or ""):
            row.self_value, row.self_comment = value, comment or ""
            row.save()
    _refresh_totals(assessment)
    _event(assessment, Action.SAVED, user)
    return assessment


def check_evidence(upload) -> tuple[bytes, str, str]:
    """(bytes to store, content type, extension) of an acceptable evidence file, else
    ValidationError with the reason. PDF, JPEG or PNG only, judged by the first bytes;
    images re-encoded from their pixels (GPS and camera metadata dropped), as the
    maintenance app does for crew photos."""
    from smartcity.maintenance.services import clean_photo

    name = getattr(upload, "name", "") or ""
    upload.seek(0)
    data = upload.read()
    head = data[: core_files.HEAD_BYTES]
    ctype, reason = core_files.sniff(name, head, len(data), allowed=("pdf", "jpg", "jpeg", "png"))
    if reason == "empty":
        raise ValidationError(_("The file is empty."), code="empty")
    if reason == "too_large":
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": core_files.MAX_BYTES // (1024 * 1024)},
                              code="too_large")
    if reason == "type_not_allowed":
        raise ValidationError(_("Evidence is accepted as PDF, JPEG or PNG only."), code="type_not_allowed")
    if reason:
        if core_files.looks_like_markup(head):
            raise ValidationError(_("This file is a web page (HTML) renamed as .%(ext)s: it is refused.")
                                  % {"ext": core_files.extension(name)}, code="content_mismatch")
        raise ValidationError(_("The content of this file is not a .%(ext)s file: its first bytes do not match the extension.")
                              % {"ext": core_files.extension(name)}, code="content_mismatch")
    ext = core_files.extension(name)
    if ctype in ("image/jpeg", "image/png"):
        data, ctype, _w, _h = clean_photo(data)
        ext = "png" if ctype == "image/png" else "jpg"
    return data, ctype, ("jpg" if ext == "jpeg" else ext)


@transaction.atomic
def add_evidence(assessment, criterion_id: int, user, upload, title: str = "") -> Evidence:
    from django.core.files.base import ContentFile

    if not can_self_assess(user, assessment):
        raise PermissionDenied(_("Only the school's staff may add evidence to a draft self-assessment."))
    if not assessment.scores.filter(criterion_id=criterion_id).exists():
        raise ValidationError({"criterion": ValidationError(_("This criterion is not in the school year's set."),
                                                             code="unknown_criterion")})
    data, ctype, ext = check_evidence(upload)
    sha = hashlib.sha256(data).hexdigest()
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    stored = f"{re.sub(r'[^0-9A-Za-z-]', '_', assessment.school.code)}-{assessment.school_year}-{sha[:12]}.{ext}"
    ev = Evidence(assessment=assessment, criterion_id=criterion_id, title=(title or original or stored)[:255],
                  content_type=ctype, size=len(data), sha256=sha, uploaded_by=user)
    ev.file.save(stored, ContentFile(data, name=stored), save=False)
    ev.save()
    _event(assessment, Action.EVIDENCE, user, note=ev.title)
    return ev


def missing_evidence(assessment) -> list[Criterion]:
    have = set(assessment.evidence.values_list("criterion_id", flat=True))
    return [s.criterion for s in assessment.scores.select_related("criterion").filter(criterion__evidence_required=True)
            if s.criterion_id not in have]


@transaction.atomic
def submit(assessment, user) -> Assessment:
    if not is_member(user, assessment.school_id):
        raise PermissionDenied(_("Only the school's staff may submit its self-assessment."))
    if assessment.state != State.DRAFT:
        raise WorkflowError("not_draft", _("Only a draft can be submitted."))
    empty = assessment.scores.filter(self_value=None).count()
    if empty:
        raise WorkflowError("incomplete", _("%(n)s criteria have no value yet.") % {"n": empty})
    lacking = missing_evidence(assessment)
    if lacking:
        raise WorkflowError("evidence_missing", _("Evidence is required for: %(codes)s.")
                            % {"codes": ", ".join(c.code for c in lacking)})
    _refresh_totals(assessment)
    assessment.state, assessment.submitted_at, assessment.submitted_by = State.SUBMITTED, timezone.now(), user
    assessment.save()
    _event(assessment, Action.SUBMITTED, user, from_state=State.DRAFT, to_state=State.SUBMITTED)
    return assessment


def _require_evaluator(user, assessment):
    if not can_evaluate(user, assessment):
        raise PermissionDenied(_("Only the Department of Education and Training evaluates assessments."))


@transaction.atomic
def return_to_school(assessment, user, note: str) -> Assessment:
    _require_evaluator(user, assessment)
    if assessment.state != State.SUBMITTED:
        raise WorkflowError("not_submitted", _("Only a submitted assessment can be returned."))
    assessment.state = State.DRAFT
    assessment.save()
    _event(assessment, Action.RETURNED, user, note=note, from_state=State.SUBMITTED, to_state=State.DRAFT)
    return assessment


@transaction.atomic
def evaluate(assessment, user, entries: dict, finish: bool = False) -> Assessment:
    """entries: criterion id -> (value or None, comment) as the department judges it.
    `finish` moves the assessment to evaluated (every criterion needs a value)."""
    _require_evaluator(user, assessment)
    if assessment.state not in (State.SUBMITTED, State.EVALUATED):
        raise WorkflowError("not_submitted", _("The department evaluates a submitted assessment."))
    rows = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for cid, (value, comment) in entries.items():
        row = rows.get(int(cid))
        if row is None:
            raise ValidationError({f"c{cid}": ValidationError(_("This criterion is not in the school year's set."),
                                                               code="unknown_criterion")})
        _check_value(row.criterion, value)
        if (row.dept_value, row.dept_comment) != (value, comment or ""):
            row.dept_value, row.dept_comment = value, comment or ""
            row.save()
    _refresh_totals(assessment)
    if finish:
        empty = assessment.scores.filter(dept_value=None).count()
        if empty:
            raise WorkflowError("incomplete", _("%(n)s criteria have no department value yet.") % {"n": empty})
        before = assessment.state
        assessment.state, assessment.evaluated_at, assessment.evaluated_by = State.EVALUATED, timezone.now(), user
        assessment.save()
        _event(assessment, Action.EVALUATED, user, from_state=before, to_state=State.EVALUATED,
               note=f"{assessment.dept_total:.1f}")
    return assessment


@transaction.atomic
def decide(assessment, user, recognised: bool | None = None, note: str = "") -> Assessment:
    """Recognised or not yet. Without `recognised` the set's rule decides; a decision against
    the rule needs a note saying why."""
    _require_evaluator(user, assessment)
    if assessment.state != State.EVALUATED:
        raise WorkflowError("not_evaluated", _("Decide after the evaluation."))
    rule = compute(assessment, "dept").recognised
    if recognised is None:
        recognised = rule
    if recognised != rule and not note.strip():
        raise WorkflowError("note_required", _("A decision that differs from the criteria rule needs a note."))
    new = State.RECOGNISED if recognised else State.NOT_YET
    assessment.state, assessment.decided_at, assessment.decided_by = new, timezone.now(), user
    assessment.decision_note, assessment.published = note, True
    assessment.save()
    _event(assessment, Action.DECIDED, user, note=note, from_state=State.EVALUATED, to_state=new)
    return assessment


def final_total(a) -> float | None:
    """The score that counts: the department's once evaluated, the school's before."""
    return a.dept_total if a.state in (State.EVALUATED, *DECIDED) and a.dept_total is not None else a.self_total


# ---------------------------------------------------------------- progress and reports

def group_scores(assessment, side: str | None = None) -> dict[str, float]:
    side = side or ("dept" if assessment.state in (State.EVALUATED, *DECIDED) else "self")
    return compute(assessment, side).groups


def school_progress(school, user=None) -> list[dict]:
    """Per visible year: total, scores by area code, state."""
    qs = Assessment.objects.filter(school=school).select_related("criteria_set").order_by("school_year")
    if user is not None:
        qs = visible_assessments(user, qs)
    rows = []
    for a in qs:
        rows.append({"year": a.school_year, "state": a.state, "assessment": a, "total": final_total(a),
                     "groups": group_scores(a)})
    return rows


def _bulk_group_scores(assessments) -> dict[int, dict]:
    """Scores by area of many assessments in a few queries (report and overview pages)."""
    sets = {}
    for a in assessments:
        sets.setdefault(a.criteria_set_id, a.criteria_set)
    spec = {sid: specs(s) for sid, s in sets.items()}
    values = defaultdict(lambda: ({}, {}))
    for aid, cid, sv, dv in CriterionScore.objects.filter(assessment__in=[a.pk for a in assessments]).values_list(
            "assessment_id", "criterion_id", "self_value", "dept_value"):
        values[aid][0][str(cid)] = sv
        values[aid][1][str(cid)] = dv
    out = {}
    for a in assessments:
        gs, cs, _g, _c = spec[a.criteria_set_id]
        side = 1 if a.state in (State.EVALUATED, *DECIDED) else 0
        out[a.pk] = scoring.score(gs, cs, values[a.pk][side], a.criteria_set.pass_total, a.criteria_set.pass_group).groups
    return out


def year_rows(school_year: str, user=None) -> dict:
    """Every school with its assessment of the year (visible ones), scores by area and
    results, plus the per-district summary: the report's and the overview's data."""
    cset = published_set(school_year)
    groups = list(cset.groups.all()) if cset else []
    schools = list(School.objects.filter(published=True).select_related("unit", "former_unit").order_by("former_unit__code", "name_vi"))
    qs = Assessment.objects.filter(school_year=school_year).select_related("criteria_set")
    if user is not None:
        qs = visible_assessments(user, qs)
    by_school = {a.school_id: a for a in qs}
    scores = _bulk_group_scores(list(by_school.values()))
    rows = []
    for s in schools:
        a = by_school.get(s.pk)
        rows.append({"school": s, "assessment": a, "state": a.state if a else None,
                     "total": final_total(a) if a else None, "groups": scores.get(a.pk, {}) if a else {},
                     "recognised": (a.state == State.RECOGNISED) if a and a.decided else None})
    districts = defaultdict(list)
    for r in rows:
        districts[r["school"].former_unit.name if r["school"].former_unit_id else "—"].append(r)
    summary = []
    for name, rs in districts.items():
        decided = [r for r in rs if r["recognised"] is not None]
        summary.append({
            "district": name, "schools": len(rs), "assessed": sum(1 for r in rs if r["assessment"]),
            "decided": len(decided), "recognised": sum(1 for r in decided if r["recognised"]),
            "share_recognised": scoring.share([r["recognised"] for r in decided]),
            "mean_total": scoring.mean_or_none(r["total"] for r in rs),
            "mean_groups": {g.code: scoring.mean_or_none(r["groups"].get(g.code) for r in rs if r["groups"]) for g in groups},
        })
    decided = [r for r in rows if r["recognised"] is not None]
    province = {"schools": len(rows), "assessed": sum(1 for r in rows if r["assessment"]), "decided": len(decided),
                "recognised": sum(1 for r in decided if r["recognised"]),
                "share_recognised": scoring.share([r["recognised"] for r in decided]),
                "mean_total": scoring.mean_or_none(r["total"] for r in rows),
                "states": {st: sum(1 for r in rows if r["state"] == st) for st in State.values}}
    return {"year": school_year, "set": cset, "groups": groups, "rows": rows, "districts": summary, "province": province}


def school_years() -> list[str]:
    years = set(CriteriaSet.objects.values_list("school_year", flat=True))
    years |= set(Assessment.objects.values_list("school_year", flat=True).distinct())
    return sorted(years)


def current_school_year() -> str:
    return scoring.school_year_of(timezone.localdate())


def evidence_bytes(ev) -> bytes:
    with ev.file.open("rb") as fh:
        return fh.read()


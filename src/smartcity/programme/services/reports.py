"""Unit plans and periodic progress reports (plan items III.3 and III.4).

- Every item of a kind the plan's ReportSchedule names (`item_kinds`, by default the
  programmes' bullets and the assignments) is reported on by its lead unit (`item.owner`),
  once per period of the schedule, due `due_days` after the period ends.
- `expected_reports` lists what is expected up to a date with its state (missing, draft,
  submitted, accepted, returned) and whether it is overdue; the Office reviews what is
  submitted (`review_report`): accepting puts the report's progress on the item and a line
  on its timeline.
- Unit plans (III.4: detailed plan and budget estimate by 15/04/2018) are judged the same way.
- Reminders (`send_reminders`) e-mail the unit's editors about reports due soon or overdue,
  once per report, period and kind (Reminder rows remember what went out).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.models import Organisation, Role
from smartcity.core.permissions import can_change
from smartcity.core import files
from smartcity.programme import periods as P
from smartcity.programme.models import (Attachment, Item, ItemKind, ProgressReport, Reminder, ReportSchedule, ReviewStatus,
                                        TimelineEntry, UnitPlan)
from smartcity.programme.permissions import can_review
from smartcity.programme.services import clock

STATES = ("missing", "draft", "submitted", "accepted", "returned")
PENDING = ("missing", "draft", "returned")  # the unit still owes something


@dataclass
class Expected:
    item: Item
    organisation: Organisation
    period: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    report: ProgressReport | None
    state: str
    overdue: bool
    days_overdue: int
    remind_on: dt.date | None = field(default=None)


# -- the schedule -------------------------------------------------------------------------------
def schedule_of(plan) -> ReportSchedule | None:
    try:
        return plan.schedule
    except ReportSchedule.DoesNotExist:
        return None


def reported_kinds(schedule) -> list[str]:
    kinds = [k.strip() for k in (schedule.item_kinds if schedule else "item,assignment").split(",") if k.strip()]
    return [k for k in kinds if k in ItemKind.values]


def reported_items(plan) -> list[Item]:
    """Items of the kinds the schedule names that are leaves among those kinds (a programme
    with bullets reports through its bullets; an item with tasks under it still reports),
    in plan order, with lead and status."""
    kinds = reported_kinds(schedule_of(plan))
    return list(Item.objects.filter(plan=plan, kind__in=kinds).exclude(children__kind__in=kinds).distinct()
                .select_related("owner", "status").order_by("position"))


def schedule_periods(schedule) -> list[P.Period]:
    if schedule is None:
        return []
    return P.periods(schedule.frequency, schedule.first_period_start, schedule.last_period_end)


def item_periods(item, schedule) -> list[P.Period]:
    """The schedule's periods this item reports on: not before it starts; not after it ends
    when it is closed (done or cancelled); one still open past its end keeps reporting."""
    out = []
    closed = bool(item.status and item.status.closed)
    for p in schedule_periods(schedule):
        if item.start_date and p.end < item.start_date:
            continue
        if closed and item.end_date and p.start > item.end_date:
            continue
        out.append(p)
    return out


def period_choices(item, schedule, as_of: dt.date) -> list[P.Period]:
    """Periods a unit may write a report for now: started on or before `as_of`."""
    return [p for p in item_periods(item, schedule) if p.start <= as_of]


def expected_reports(plan, as_of=None) -> list[Expected]:
    """One row per reported item and period started by `as_of` (plan order, then period)."""
    as_of = clock.as_of(plan, as_of)
    schedule = schedule_of(plan)
    if schedule is None:
        return []
    items = reported_items(plan)
    reports = {(r.item_id, r.period): r for r in ProgressReport.objects.filter(item__plan=plan).select_related("owner")}
    out = []
    for item in items:
        for p in item_periods(item, schedule):
            if p.start > as_of:
                break
            report = reports.get((item.pk, p.key))
            due = p.due(schedule.due_days)
            state = report.status if report else "missing"
            overdue = state in PENDING and due < as_of
            out.append(Expected(item=item, organisation=item.owner, period=p.key, period_start=p.start, period_end=p.end,
                                due_date=report.due_date if report else due, report=report, state=state, overdue=overdue,
                                days_overdue=(as_of - due).days if overdue else 0,
                                remind_on=p.remind(schedule.due_days, schedule.remind_days)))
    return out


def overdue_reports(plan, as_of=None) -> list[Expected]:
    """Reports owed and past their due date, longest overdue first."""
    rows = [e for e in expected_reports(plan, as_of) if e.overdue]
    return sorted(rows, key=lambda e: (-e.days_overdue, e.organisation.code, e.item.position))


def next_due(rows: list[Expected], as_of: dt.date) -> Expected | None:
    """The soonest report still owed whose due date is today or later."""
    upcoming = [e for e in rows if e.state in PENDING and e.due_date >= as_of]
    return min(upcoming, key=lambda e: e.due_date) if upcoming else None


# -- unit plans ---------------------------------------------------------------------------------
def unit_plan_due(plan) -> dt.date:
    first = UnitPlan.objects.filter(plan=plan).order_by("due_date").first()
    if first:
        return first.due_date
    a34 = Item.objects.filter(plan=plan, number="III.4").first()
    if a34 and a34.deadline:
        return a34.deadline
    return dt.date(plan.year, 4, 15)


def unit_plan_units(plan) -> list[Organisation]:
    """Units expected to write a unit plan: leads of the action programmes (not the board
    that issued the plan), plus any unit that has one already."""
    ids = set(Item.objects.filter(plan=plan, kind=ItemKind.PROGRAMME).values_list("owner_id", flat=True))
    ids -= {plan.owner_id, plan.issuer_id}  # the Executive Board receives the plans
    ids |= set(UnitPlan.objects.filter(plan=plan).values_list("owner_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("code"))


def unit_plan_states(plan, as_of=None) -> list[dict]:
    """Each expected unit's plan: state (missing/draft/submitted/accepted/returned), overdue
    (still owed past the due date), days_overdue (owed: days past due; submitted late: days
    it was late), budget total and line count."""
    as_of = clock.as_of(plan, as_of)
    plans = {up.owner_id: up for up in UnitPlan.objects.filter(plan=plan).select_related("owner").prefetch_related("lines")}
    default_due = unit_plan_due(plan)
    out = []
    for org in unit_plan_units(plan):
        up = plans.get(org.pk)
        due = up.due_date if up else default_due
        state = up.status if up else "missing"
        submitted_on = timezone.localdate(up.submitted_at) if up and up.submitted_at else None
        if state in ("submitted", "accepted") and submitted_on and submitted_on > as_of:
            state = "draft"  # judged as of an earlier date
        owed = state in PENDING
        overdue = owed and due < as_of
        if owed:
            days = (as_of - due).days if overdue else 0
        else:
            days = P.days_late(due, as_of, submitted_on) if submitted_on else 0
        out.append({"unit_plan": up, "organisation": org, "state": state, "overdue": overdue, "days_overdue": days,
                    "due_date": due, "submitted_on": submitted_on, "late": days > 0,
                    "budget_total": up.budget_total if up else 0, "lines": len(up.lines.all()) if up else 0})
    return out


def items_for_unit(plan, organisation) -> list[Item]:
    """Items a unit leads or supports (what its unit plan's lines can be under)."""
    return list(Item.objects.filter(plan=plan).filter(Q(owner=organisation) | Q(participants__organisation=organisation))
                .exclude(kind=ItemKind.SECTION).distinct().order_by("position"))


def submit_unit_plan(unit_plan, user):
    if not can_change(user, unit_plan):
        raise PermissionDenied(_("Only the unit's editors may submit its plan."))
    if unit_plan.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        raise ValidationError(_("This plan is already submitted."), code="not_draft")
    if not unit_plan.lines.exists():
        raise ValidationError(_("Add at least one activity before submitting."), code="no_lines")
    unit_plan.status, unit_plan.submitted_at, unit_plan.submitted_by = ReviewStatus.SUBMITTED, timezone.now(), user
    unit_plan.save()
    return unit_plan


def review_unit_plan(unit_plan, user, accept: bool, comment: str = ""):
    if not can_review(user):
        raise PermissionDenied(_("Only the Smart City Office reviews unit plans."))
    if unit_plan.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be reviewed."), code="not_submitted")
    if not accept and not (comment or "").strip():
        raise ValidationError(_("Say why the plan is returned."), code="comment_required")
    unit_plan.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED
    unit_plan.reviewed_at, unit_plan.reviewed_by, unit_plan.review_comment = timezone.now(), user, comment or ""
    unit_plan.save()
    return unit_plan


# -- progress reports ---------------------------------------------------------------------------
def can_report(user, item) -> bool:
    """The lead unit's editors (and the Office) write an item's reports."""
    return can_change(user, item.owner_id)


def validate_figures(figures) -> list[dict]:
    """[{"label", "value", "unit"}] with a label and a number each; ValidationError otherwise."""
    if figures in (None, ""):
        return []
    if not isinstance(figures, list):
        raise ValidationError(_("Figures must be a list of {label, value, unit}."), code="figures")
    out = []
    for i, row in enumerate(figures, 1):
        if not isinstance(row, dict):
            raise ValidationError(_("Figure %(n)s is not an object.") % {"n": i}, code="figures")
        label = str(row.get("label") or "").strip()
        value = row.get("value")
        if not label and value in (None, ""):
            continue
        if not label:
            raise ValidationError(_("Figure %(n)s has no label.") % {"n": i}, code="figures")
        try:
            number = float(str(value).replace(",", "."))
        except (TypeError, ValueError):
            raise ValidationError(_("Figure “%(label)s” has no numeric value.") % {"label": label}, code="figures") from None
        out.append({"label": label[:120], "value": int(number) if number.is_integer() else number,
                    "unit": str(row.get("unit") or "").strip()[:40]})
    return out


def save_report(item, user, period: str, **data) -> ProgressReport:
    """Create or update the draft (or returned) report of `item` for `period`."""
    if not can_report(user, item):
        raise PermissionDenied(_("Only the lead unit reports on this item."))
    schedule = schedule_of(item.plan)
    try:
        p = P.parse_period(period)
    except ValueError:
        raise ValidationError(_("Unknown period %(p)s.") % {"p": period}, code="period") from None
    if schedule and P.frequency_of(p.key) != schedule.frequency:
        raise ValidationError(_("This plan reports %(f)s.") % {"f": schedule.get_frequency_display()}, code="period")
    if schedule and p.key not in {x.key for x in item_periods(item, schedule)}:
        raise ValidationError(_("No report is expected for this item in %(p)s.") % {"p": p.key}, code="period")
    progress = data.get("progress")
    if progress is None or not 0 <= float(progress) <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."), code="progress")
    if not (data.get("narrative") or "").strip():
        raise ValidationError(_("Say what was done in the period."), code="narrative")
    report = ProgressReport.objects.filter(item=item, period=p.key).first()
    if report and report.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        raise ValidationError(_("This report is submitted; it can change only if the Office returns it."), code="locked")
    if report is None:
        report = ProgressReport(item=item, period=p.key, owner=item.owner, period_start=p.start, period_end=p.end,
                                due_date=p.due(schedule.due_days if schedule else 5))
    report.progress = float(progress)
    report.narrative = data["narrative"].strip()
    report.figures = validate_figures(data.get("figures"))
    for name in ("difficulties", "next_steps"):
        if name in data:
            setattr(report, name, (data.get(name) or "").strip())
    if "spend" in data:
        spend = data.get("spend")
        if spend not in (None, "") and int(spend) < 0:
            raise ValidationError(_("Spend cannot be negative."), code="spend")
        report.spend = None if spend in (None, "") else int(spend)
    report.save()
    return report


def submit_report(report, user):
    if not can_report(user, report.item):
        raise PermissionDenied(_("Only the lead unit submits this report."))
    if report.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        raise ValidationError(_("This report is already submitted."), code="not_draft")
    if not (report.narrative or "").strip():
        raise ValidationError(_("Say what was done in the period."), code="narrative")
    report.status, report.submitted_at, report.submitted_by = ReviewStatus.SUBMITTED, timezone.now(), user
    report.save()
    return report


def _status_for(item, progress: float):
    """A status consistent with a reported progress (a status with a fixed progress, e.g.
    not started = 0 %, would pull the item back)."""
    status = item.status
    if status is not None and (status.progress is None or status.progress == progress):
        return status
    key = "done" if progress >= 100 else ("not_started" if progress <= 0 else "in_progress")
    return item.plan.statuses.filter(key=key).first() or status


def review_report(report, user, accept: bool, comment: str = "", *, when: dt.datetime | None = None):
    """The Office accepts (the item's progress becomes the report's, a timeline line is
    added) or returns it with a comment (the unit edits and submits again)."""
    if not can_review(user):
        raise PermissionDenied(_("Only the Smart City Office reviews reports."))
    if report.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."), code="not_submitted")
    if not accept and not (comment or "").strip():
        raise ValidationError(_("Say why the report is returned."), code="comment_required")
    with transaction.atomic():
        report.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED
        report.reviewed_at, report.reviewed_by, report.review_comment = when or timezone.now(), user, comment or ""
        report.save()
        if accept:
            item = Item.objects.select_related("status", "plan").get(pk=report.item_id)
            item.status = _status_for(item, report.progress)
            item.progress = report.progress
            spends = [s for s in item.reports.filter(status=ReviewStatus.ACCEPTED).values_list("spend", flat=True) if s is not None]
            if spends:
                item.actual_spend = sum(spends)
            item.save()
            TimelineEntry.objects.create(
                item=item, date=report.period_end, progress=report.progress, source="report", created_by=user,
                title_vi=f"Báo cáo kỳ {report.period}: tiến độ {report.progress:g}%",
                title_en=f"Report {report.period}: progress {report.progress:g}%",
                description_vi=report.narrative[:2000])
    return report


# -- attachments --------------------------------------------------------------------------------
ALLOWED_TYPES = {ext: files.TYPES[ext] for ext in (*files.DOCUMENTS, "zip", "csv", "txt")}
_CODES = {"type_not_allowed": "file_type", "too_large": "file_size", "empty": "file_empty", "content_mismatch": "file_content"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "PROGRAMME_MAX_UPLOAD", 20 * 1024 * 1024))


def check_upload(upload) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload; ValidationError with the reason."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES:
        raise ValidationError(_("Files of type .%(ext)s are not accepted (PDF, Word, Excel, images, CSV, ZIP).") % {"ext": ext or "?"},
                              code="file_type")
    if upload.size > max_upload_bytes():
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": max_upload_bytes() // (1024 * 1024)}, code="file_size")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    upload.seek(0)
    head = upload.read(files.HEAD_BYTES)
    upload.seek(0)
    content_type, code = files.sniff(name, head, upload.size, max_upload_bytes(), allowed=ALLOWED_TYPES)
    if code:
        raise ValidationError(_("The file's content does not match its .%(ext)s name.") % {"ext": ext}, code=_CODES[code])
    return ext, content_type


def attach(upload, user, title: str = "", kind: str = "report", **target) -> Attachment:
    """Store an upload on one target (report=, unit_plan= or escalation=) after the checks."""
    _ext, content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    att = Attachment(kind=kind, title=(title or upload.name)[:255], content_type=content_type, size=upload.size,
                     sha256=digest.hexdigest(), uploaded_by=user, **target)
    att.file.save(upload.name.replace("/", "_")[-120:], upload, save=False)
    att.save()
    return att


def download_type(att) -> str:
    return att.content_type or mimetypes.guess_type(att.file.name)[0] or "application/octet-stream"


# -- reminders ----------------------------------------------------------------------------------
def editors_emails(organisation) -> list[str]:
    from smartcity.core.models import User

    roles = [Role.EDITOR, Role.MANAGER, Role.ADMIN]
    return sorted({u.email for u in User.objects.filter(organisation=organisation, is_active=True, role__in=roles).exclude(email="")})


def due_reminders(plan, as_of=None) -> list[tuple[str, Expected]]:
    """(kind, expected) for reports owed: "overdue" past due, "upcoming" within remind_days."""
    as_of = clock.as_of(plan, as_of)
    schedule = schedule_of(plan)
    out = []
    for e in expected_reports(plan, as_of):
        if e.state not in PENDING:
            continue
        if e.overdue:
            out.append((Reminder.Kind.OVERDUE, e))
        elif schedule and e.due_date - dt.timedelta(days=schedule.remind_days) <= as_of <= e.due_date:
            out.append((Reminder.Kind.UPCOMING, e))
    return out


def send_reminders(plan, as_of=None) -> dict:
    """E-mail each unit once per report, period and kind; unit plans owed past due too.
    Returns counts: sent (reminders recorded), emails, skipped (already sent), no_recipients."""
    as_of = clock.as_of(plan, as_of)
    by_org: dict[int, list[dict]] = {}
    counts = {"sent": 0, "emails": 0, "skipped": 0, "no_recipients": 0}
    for kind, e in due_reminders(plan, as_of):
        if Reminder.objects.filter(organisation=e.organisation, item=e.item, unit_plan__isnull=True, period=e.period, kind=kind).exists():
            counts["skipped"] += 1
            continue
        by_org.setdefault(e.organisation.pk, []).append({"org": e.organisation, "kind": kind, "item": e.item, "unit_plan": None,
                                                        "period": e.period, "due": e.due_date})
    for row in unit_plan_states(plan, as_of):
        if not row["overdue"] or row["unit_plan"] is None:
            continue
        up = row["unit_plan"]
        if Reminder.objects.filter(organisation=row["organisation"], unit_plan=up, item__isnull=True, kind=Reminder.Kind.OVERDUE).exists():
            counts["skipped"] += 1
            continue
        by_org.setdefault(row["organisation"].pk, []).append({"org": row["organisation"], "kind": Reminder.Kind.OVERDUE, "item": None,
                                                             "unit_plan": up, "period": "", "due": row["due_date"]})
    for rows in by_org.values():
        org = rows[0]["org"]
        to = editors_emails(org)
        if not to:
            counts["no_recipients"] += len(rows)
            continue
        lines = []
        for r in rows:
            what = (f"Báo cáo {r['item'].number} {r['item'].title_vi} – kỳ {r['period']}" if r["item"]
                    else f"Kế hoạch chi tiết và dự toán kinh phí năm {plan.year}")
            state = "đã quá hạn" if r["kind"] == Reminder.Kind.OVERDUE else "sắp đến hạn"
            lines.append(f"- {what}: hạn {r['due']:%d/%m/%Y}, {state}")
        subject = f"[TPTM Bình Dương] Nhắc báo cáo: {len(rows)} báo cáo của {org.abbreviation or org.code}"
        body = ("Kính gửi " + org.name_vi + ",\n\nVăn phòng Thành phố Thông minh nhắc các báo cáo theo Kế hoạch "
                + plan.number + ":\n" + "\n".join(lines) + "\n\nĐề nghị đơn vị cập nhật trên hệ thống quản lý chương trình.\n")
        with transaction.atomic():
            for r in rows:
                Reminder.objects.create(organisation=org, item=r["item"], unit_plan=r["unit_plan"], period=r["period"], kind=r["kind"],
                                        due_date=r["due"], recipients=", ".join(to))
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        counts["sent"] += len(rows)
        counts["emails"] += 1
    return counts

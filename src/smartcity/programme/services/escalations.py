"""Difficulties (vướng mắc) raised to the Steering Committee (III.4).

A unit raises one on an item it leads (from a report's difficulties or directly); the Smart
City Office reviews it and forwards it to the Committee; the Committee (its editors, or the
Office on its behalf) records the decision, the unit to act and the date. The raising unit may
withdraw it while no decision is taken. Every step adds a line on the item's timeline.

Open escalations age visibly: `open_escalations` gives their age in days as of a date, a
colour band and the stage they wait at, oldest first.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change
from smartcity.programme import periods as P
from smartcity.programme.models import Escalation, EscalationStatus, TimelineEntry
from smartcity.programme.permissions import can_decide, can_review
from smartcity.programme.services import clock

SEVERITIES = ("normal", "high", "urgent")
BANDS = (7, 30)  # days: fresh ≤ 7, ageing ≤ 30, old beyond


def _day(when) -> dt.date:
    return timezone.localdate(when) if timezone.is_aware(when) else when.date()


def _timeline(esc, user, when, title_vi, title_en, description="", source="escalation"):
    TimelineEntry.objects.create(item_id=esc.item_id, date=_day(when), title_vi=title_vi[:255], title_en=title_en[:255],
                                 description_vi=description[:4000], source=source, created_by=user)


def raise_escalation(item, user, title, description, proposal="", report=None, severity="normal", *, when=None) -> Escalation:
    if not can_change(user, item.owner_id):
        raise PermissionDenied(_("Only the lead unit raises difficulties on this item."))
    errors = []
    if not (title or "").strip():
        errors.append(ValidationError(_("Give the difficulty a title."), code="title"))
    if not (description or "").strip():
        errors.append(ValidationError(_("Describe the difficulty."), code="description"))
    if severity not in SEVERITIES:
        errors.append(ValidationError(_("Severity is normal, high or urgent."), code="severity"))
    if report is not None and report.item_id != item.pk:
        errors.append(ValidationError(_("The report is about another item."), code="report"))
    if errors:
        raise ValidationError(errors)
    when = when or timezone.now()
    with transaction.atomic():
        esc = Escalation.objects.create(owner=item.owner, item=item, report=report, title=title.strip()[:255],
                                        description=description.strip(), proposal=(proposal or "").strip(), severity=severity,
                                        raised_at=when, raised_by=user)
        _timeline(esc, user, when, f"Kiến nghị lên Ban Chỉ đạo: {esc.title}", f"Raised to the Steering Committee: {esc.title}",
                  esc.description)
    return esc


def office_review(esc, user, review_text, *, when=None) -> Escalation:
    if not can_review(user):
        raise PermissionDenied(_("Only the Smart City Office reviews escalations."))
    if esc.status != EscalationStatus.OPEN:
        raise ValidationError(_("Only a newly raised escalation can be reviewed."), code="not_open")
    if not (review_text or "").strip():
        raise ValidationError(_("Write the Office's review."), code="review_text")
    when = when or timezone.now()
    with transaction.atomic():
        esc.status, esc.office_review, esc.reviewed_at, esc.reviewed_by = EscalationStatus.REVIEW, review_text.strip(), when, user
        esc.save()
        _timeline(esc, user, when, f"Văn phòng TPTM thẩm tra, trình Ban Chỉ đạo: {esc.title}",
                  f"Reviewed by the Smart City Office, forwarded to the Steering Committee: {esc.title}", esc.office_review)
    return esc


def decide(esc, user, decision, action_owner=None, action_due=None, meeting=None, *, when=None) -> Escalation:
    if not can_decide(user):
        raise PermissionDenied(_("Only the Steering Committee (or the Office on its behalf) records decisions."))
    if esc.status != EscalationStatus.REVIEW:
        raise ValidationError(_("Only an escalation forwarded by the Office can be decided."), code="not_forwarded")
    if not (decision or "").strip():
        raise ValidationError(_("Write the decision."), code="decision")
    when = when or timezone.now()
    with transaction.atomic():
        esc.status, esc.decision, esc.decided_at, esc.decided_by = EscalationStatus.DECIDED, decision.strip(), when, user
        esc.action_owner, esc.action_due, esc.meeting = action_owner, action_due, meeting
        esc.save()
        _timeline(esc, user, when, f"Ban Chỉ đạo kết luận: {esc.title}", f"Steering Committee decision: {esc.title}", esc.decision,
                  source="decision")
    return esc


def withdraw(esc, user, *, when=None) -> Escalation:
    if not can_change(user, esc):
        raise PermissionDenied(_("Only the unit that raised it may withdraw it."))
    if esc.status not in (EscalationStatus.OPEN, EscalationStatus.REVIEW):
        raise ValidationError(_("A decided or withdrawn escalation cannot be withdrawn."), code="closed")
    when = when or timezone.now()
    with transaction.atomic():
        esc.status = EscalationStatus.WITHDRAWN
        esc.save()
        _timeline(esc, user, when, f"Rút kiến nghị: {esc.title}", f"Escalation withdrawn: {esc.title}")
    return esc


def stage_as_of(esc, day: dt.date) -> str | None:
    """open / review / decided / withdrawn as it stood at the end of `day` (None: not raised yet)."""
    if _day(esc.raised_at) > day:
        return None
    if esc.decided_at and _day(esc.decided_at) <= day:
        return EscalationStatus.DECIDED
    if esc.status == EscalationStatus.WITHDRAWN:
        return EscalationStatus.WITHDRAWN
    if esc.reviewed_at and _day(esc.reviewed_at) <= day:
        return EscalationStatus.REVIEW
    return EscalationStatus.OPEN


def age_days(esc, day: dt.date) -> int:
    return max(0, (day - _day(esc.raised_at)).days)


def open_escalations(plan, as_of=None) -> list[dict]:
    """Escalations still waiting as of the date (raised, not yet decided nor withdrawn),
    oldest first: escalation, age_days, stage (open|review), band (fresh|ageing|old)."""
    day = clock.as_of(plan, as_of)
    out = []
    for esc in Escalation.objects.filter(item__plan=plan).select_related("item", "owner").order_by("raised_at"):
        stage = stage_as_of(esc, day)
        if stage not in (EscalationStatus.OPEN, EscalationStatus.REVIEW):
            continue
        days = age_days(esc, day)
        out.append({"escalation": esc, "age_days": days, "stage": str(stage), "band": P.age_band(days, BANDS)})
    return sorted(out, key=lambda r: (-r["age_days"], r["escalation"].pk))

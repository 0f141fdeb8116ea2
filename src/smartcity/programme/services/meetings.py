"""Working sessions of the programme's boards (II.1): the Executive Board (BĐH), its expert
support team (Tổ chuyên viên), the Triple Helix Advisory Council (HĐCV Ba Nhà) and the
Steering Committee (BCĐ), or any other organisation that convenes one.

A meeting belongs to the body that convenes it (its editors keep the minutes; the Smart
City Office may change everything, as coordinator). Its decisions (kết luận) are numbered,
linked to the plan items and escalations they settle; each decision leaves a dated line on
the timeline of every item it names, and a decision that settles an escalation still open
records the escalation as decided (services/escalations.py `decide`), at this meeting.

Attachments (minutes signed, slides, photos) are checked by type and size here, so the page
and the API refuse the same files, and are served back only as downloads.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change, require_change
from smartcity.core import files
from smartcity.programme.permissions import can_decide, can_review

log = logging.getLogger(__name__)

# The programme's own boards, in the order the pages list them.
BODY_CODES = ("BDH", "TCV", "HDCV", "BCD")
OPEN_ESCALATION = ("open", "review")

ALLOWED_TYPES = {ext: files.TYPES[ext] for ext in (*files.DOCUMENTS, "txt", "csv")}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PROGRAMME_MAX_ATTACHMENT", 20 * 1024 * 1024))


def check_upload(upload) -> dict:
    """Type (by extension and by content) and size of an uploaded file; a ValidationError with
    a code (`too_large`, `empty`, `type_not_allowed`, `content_mismatch`) when refused.
    Returns {"content_type", "size", "sha256", "name"}."""
    name = PurePath(getattr(upload, "name", "") or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_attachment_bytes()
    if size > limit:
        raise ValidationError(_("The file is too large (%(size)s MB; at most %(max)s MB).")
                              % {"size": round(size / 1048576, 1), "max": round(limit / 1048576)}, code="too_large")
    if ext not in ALLOWED_TYPES:
        raise ValidationError(_("Files of this type are not accepted (%(ext)s); use one of: %(all)s.")
                              % {"ext": ext or "—", "all": ", ".join(sorted(ALLOWED_TYPES))}, code="type_not_allowed")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    head = upload.read(files.HEAD_BYTES)
    upload.seek(0)
    content_type, code = files.sniff(name, head, size, limit, allowed=ALLOWED_TYPES)
    if code:
        raise ValidationError(_("The file's content does not match its type (%(ext)s).") % {"ext": ext}, code="content_mismatch")
    return {"content_type": content_type, "size": size, "sha256": digest.hexdigest(), "name": name}


def add_attachment(meeting, upload, user, title: str = "", kind: str = "minutes"):
    """Attach a checked file to a meeting (the user must be able to change the meeting)."""
    from smartcity.programme.models import Attachment, DocumentKind

    require_change(user, meeting)
    facts = check_upload(upload)
    if kind not in DocumentKind.values:
        kind = DocumentKind.OTHER
    return Attachment.objects.create(meeting=meeting, kind=kind, title=(title or facts["name"])[:255], file=upload,
                                     content_type=facts["content_type"], size=facts["size"], sha256=facts["sha256"],
                                     uploaded_by=user if getattr(user, "is_authenticated", False) else None)


# -- who may do what -------------------------------------------------------------------------
def can_edit(user, meeting) -> bool:
    """The convening body's editors and the Office (coordinator)."""
    return can_change(user, meeting)


def check_body(user, body) -> None:
    """A meeting may be created or handed only for a body the user writes for."""
    require_change(user, body)


# -- decisions -------------------------------------------------------------------------------
def meeting_date(meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date() if timezone.is_aware(meeting.starts_at) else meeting.starts_at.date()


def next_number(meeting) -> int:
    last = meeting.decisions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _escalations_module():
    try:
        from smartcity.programme.services import escalations
    except ImportError:  # the escalation workflow has not landed: record the decision directly
        return None
    return escalations if hasattr(escalations, "decide") else None


def _decided_when(meeting):
    """A decision taken at a session is dated at the session (minutes are often entered later);
    one recorded ahead of a planned session is dated now."""
    now = timezone.now()
    return meeting.starts_at if meeting.starts_at <= now else now


def _decide_escalation(esc, user, decision, meeting):
    """Record `esc` as decided by `decision` through the escalation workflow. An escalation the
    Office has not reviewed yet is forwarded first when the user is the Office (it presents it
    at the session); otherwise the workflow refuses it (not forwarded)."""
    text = decision.text_vi
    when = max(_decided_when(meeting), esc.raised_at)
    module = _escalations_module()
    if module is not None:
        if esc.status == "open" and can_review(user):
            module.office_review(esc, user, f"Văn phòng Thành phố thông minh trình tại phiên họp: {meeting.title_vi}", when=when)
        module.decide(esc, user, text, action_owner=decision.responsible, action_due=decision.due, meeting=meeting, when=when)
        esc.refresh_from_db()
        if esc.meeting_id != meeting.pk:  # the workflow did not keep the meeting: keep it here
            esc.meeting = meeting
            esc.save(update_fields=["meeting", "updated_at"])
        return
    log.warning("services.escalations.decide is missing; escalation %s decided directly", esc.pk)
    esc.status = "decided"
    esc.decision = text
    esc.decided_at = when
    esc.decided_by = user if getattr(user, "is_authenticated", False) else None
    esc.action_owner = decision.responsible
    esc.action_due = decision.due
    esc.meeting = meeting
    esc.save()


def _timeline(decision, items, user):
    from smartcity.programme.models import TimelineEntry

    meeting = decision.meeting
    day = meeting_date(meeting)
    body_vi = meeting.body.abbreviation or meeting.body.code
    for item in items:
        TimelineEntry.objects.create(
            item=item, date=day, source="decision", progress=item.progress,
            title_vi=f"Kết luận số {decision.number} – {meeting.title_vi}"[:255],
            title_en=(f"Decision {decision.number} – {meeting.title_en or meeting.title_vi}")[:255],
            description_vi=f"{body_vi}: {decision.text_vi}",
            description_en=decision.text_en or "",
            created_by=user if getattr(user, "is_authenticated", False) else None)


@transaction.atomic
def record_decision(meeting, user, *, text_vi: str, text_en: str = "", items=(), escalations=(), responsible=None,
                    due: dt.date | None = None, done: bool = False, number: int | None = None, decision=None):
    """Create (or, with `decision`, update) a decision of `meeting`.

    - the user must be able to change the meeting (its body's editors, the Office);
    - linking an escalation that is still open decides it, which only the Steering Committee
      (or the Office on its behalf) may do: PermissionDenied otherwise;
    - every escalation's item is linked too; items newly linked get a timeline entry
      (source "decision") dated on the meeting's day.
    """
    from smartcity.programme.models import Decision

    require_change(user, meeting)
    if not (text_vi or "").strip():
        raise ValidationError({"text_vi": _("Write the decision (in Vietnamese).")}, code="required")
    escalations = list(escalations or [])
    items = list(items or [])
    before_items: set[int] = set()
    before_escs: set[int] = set()
    if decision is not None:
        if decision.meeting_id != meeting.pk:
            raise ValidationError(_("This decision belongs to another meeting."), code="wrong_meeting")
        before_items = set(decision.items.values_list("pk", flat=True))
        before_escs = set(decision.escalations.values_list("pk", flat=True))
    to_decide = [e for e in escalations if e.pk not in before_escs and e.status in OPEN_ESCALATION]
    if to_decide and not can_decide(user):
        raise PermissionDenied(_("Only the Steering Committee (or the Smart City Office on its behalf) decides escalations."))
    unreviewed = [e for e in to_decide if e.status == "open"]
    if unreviewed and not can_review(user):
        raise ValidationError({"escalations": _("The Smart City Office has not reviewed this escalation yet: %(titles)s.")
                               % {"titles": "; ".join(e.title for e in unreviewed)}}, code="not_forwarded")
    if number is not None and meeting.decisions.filter(number=number).exclude(pk=getattr(decision, "pk", None)).exists():
        raise ValidationError({"number": _("This meeting already has a decision with this number.")}, code="duplicate_number")
    for esc in escalations:  # an escalation settles a difficulty of an item: the item is concerned too
        if esc.item not in items:
            items.append(esc.item)
    if decision is None:
        decision = Decision(meeting=meeting)
    if number:
        decision.number = number
    elif not decision.pk:
        decision.number = next_number(meeting)
    decision.text_vi, decision.text_en = text_vi.strip(), (text_en or "").strip()
    decision.responsible, decision.due, decision.done = responsible, due, bool(done)
    decision.save()
    decision.items.set(items)
    decision.escalations.set(escalations)
    if items:
        meeting.items.add(*items)  # what a meeting decides on was discussed there
    for esc in to_decide:
        _decide_escalation(esc, user, decision, meeting)
    # the escalation workflow already wrote the decision on its item's timeline
    covered = {e.item_id for e in to_decide}
    _timeline(decision, [i for i in items if i.pk not in before_items and i.pk not in covered], user)
    return decision


def delete_decision(decision, user) -> None:
    require_change(user, decision.meeting)
    decision.delete()


# -- lists -----------------------------------------------------------------------------------
def split_upcoming(meetings, now=None):
    """(upcoming, past): upcoming ascending (the next first), past descending."""
    now = now or timezone.now()
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = sorted((m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True)
    return upcoming, past


def years(queryset) -> list[int]:
    return sorted({d.year for d in queryset.dates("starts_at", "year")}, reverse=True)


def for_plan(plan, start: dt.date | None = None, end: dt.date | None = None):
    """Meetings held for `plan` in a period (those that discussed or decided one of its items,
    and the boards' own sessions with no item named), cancelled ones left out."""
    from smartcity.programme.models import Meeting

    qs = Meeting.objects.exclude(status="cancelled").select_related("body")
    if start:
        qs = qs.filter(starts_at__date__gte=start)
    if end:
        qs = qs.filter(starts_at__date__lte=end)
    related = Q(items__plan=plan) | Q(decisions__items__plan=plan)
    boards = Q(body__code__in=BODY_CODES, items__isnull=True)
    return qs.filter(related | boards).distinct().order_by("starts_at")

"""The life of a dossier after intake: transfers between units, consultation, supplement,
suspension, apology with a new appointment, result, return, refusal, withdrawal.

One state machine (`TRANSITIONS`) says which action is legal in which status; anything else
raises `OneStopError("bad_transition")`. Every action writes a row of the processing-control
sheet (`Handoff`, form 05) and, where the applicant must be told, calls `notify`.

The clock (Decree 61/2018 art. 19-20 / Decree 118/2025): it runs from receipt of a complete
dossier; it stops while the dossier is `submitted`, `supplement` or `suspended`; when it
restarts, the appointment (`due_at`), the open step's due time and open consultations move
by the working time that was stopped. Being late is never stored: it is computed from
`due_at` (see `lateness`).

Hand-off rows: a row that gives the dossier to a unit (receive, transfer, consult) opens a
step for that unit, due by the procedure version's step plan (the next step of that unit,
`steps[i].days` working days) or, without a matching step, by the appointment; the row is
closed (completed_at, timeliness early/on time/late) when that unit hands it on. Rows that
record an event (supplement, suspension, apology, result, return, ...) are complete at once
and judged against the appointment in force.
"""
import datetime as dt
import logging
import math
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from smartcity.onestop.errors import OneStopError
from smartcity.onestop.services import calendar

log = logging.getLogger(__name__)
LOCAL = getattr(calendar, "LOCAL", dt.timezone(dt.timedelta(hours=7)))

S_SUBMITTED, S_RECEIVED, S_SUPPLEMENT, S_REJECTED = "submitted", "received", "supplement", "rejected"
S_PROCESSING, S_CONSULTING, S_SUSPENDED = "processing", "consulting", "suspended"
S_RESULT, S_RETURNED, S_WITHDRAWN = "result_ready", "returned", "withdrawn"

# action -> statuses it may start from (the target status is decided by the action)
TRANSITIONS = {
    "accept": {S_SUBMITTED},
    "transfer": {S_RECEIVED, S_PROCESSING},
    "consult": {S_RECEIVED, S_PROCESSING, S_CONSULTING},
    "answer": {S_CONSULTING},
    "supplement": {S_SUBMITTED, S_RECEIVED, S_PROCESSING},
    "supplemented": {S_SUPPLEMENT},
    "reject": {S_SUBMITTED, S_RECEIVED, S_PROCESSING, S_SUPPLEMENT, S_SUSPENDED},
    "suspend": {S_RECEIVED, S_PROCESSING},
    "resume": {S_SUSPENDED},
    "apology": {S_RECEIVED, S_PROCESSING, S_CONSULTING, S_SUSPENDED},
    "result": {S_RECEIVED, S_PROCESSING},
    "return": {S_RESULT},
    "withdraw": {S_SUBMITTED, S_RECEIVED, S_PROCESSING, S_CONSULTING, S_SUPPLEMENT, S_SUSPENDED},
}
# rows that hand the dossier to a unit and so open a step for it
STEP_KINDS = ("receive", "transfer")


# -- helpers shared with intake ------------------------------------------------------------------
def _now(at):
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise OneStopError("naive_datetime", "Times must carry a time zone.")
    return at


def _user(user):
    return user if getattr(user, "pk", None) else None


def allowed(dossier, action: str) -> bool:
    return dossier.status in TRANSITIONS[action]


def check_transition(dossier, action: str) -> None:
    if not allowed(dossier, action):
        raise OneStopError("bad_transition", f"'{action}' is not possible while the dossier is '{dossier.status}'.", "status")


def locked(dossier):
    """A fresh copy of the dossier, row-locked until the transaction ends (two clerks acting
    at once are serialised, and each sees the other's result)."""
    from smartcity.onestop.models import Dossier

    return Dossier.objects.select_for_update().select_related("procedure_version", "owner", "current_unit").get(pk=dossier.pk)


def synced(original, fresh):
    """Brings the caller's instance up to date and returns it."""
    if original is not fresh:
        original.refresh_from_db()
    return original


def timeliness(done, due) -> str:
    """early / on_time / late (the calendar part's pure function when it is there)."""
    if done is None or due is None:
        return ""
    try:
        from smartcity.onestop.workdays import timeliness as pure
    except ImportError:
        pure = None
    if pure is not None:
        return pure(done, due)
    if done > due:
        return "late"
    if done.astimezone(LOCAL).date() < due.astimezone(LOCAL).date():
        return "early"
    return "on_time"


def notify_safely(dossier, event: str, extra: dict | None = None) -> list:
    """Tells the applicant; a failing sender never undoes the action (notify stores errors)."""
    from smartcity.onestop.services import notify

    try:
        return notify.notify(dossier, event, extra=extra)
    except Exception:
        log.exception("notify %s for %s failed", event, dossier.code)
        return []


def add_handoff(dossier, *, kind, from_unit=None, to_unit=None, by=None, at, step_due_at=None, note="",
                completed_at=None, timeliness_value=None):
    """Appends a row to the processing-control sheet (seq = next row)."""
    from smartcity.onestop.models import Handoff

    seq = (Handoff.objects.filter(dossier=dossier).aggregate(m=Max("seq"))["m"] or 0) + 1
    if kind in STEP_KINDS or kind == "consult":
        completed, value = completed_at, timeliness_value or ""
    else:  # an event: complete at once, judged against the appointment in force
        completed = completed_at or at
        value = timeliness_value if timeliness_value is not None else timeliness(at, dossier.due_at)
    return Handoff.objects.create(dossier=dossier, seq=seq, kind=kind, from_unit=from_unit, to_unit=to_unit, by=_user(by), at=at,
                                  step_due_at=step_due_at, completed_at=completed, timeliness=value, note=note or "")


def _close_open_step(dossier, at):
    """Closes the step the holding unit was working on (its row gets its timeliness)."""
    from smartcity.onestop.models import Handoff

    row = Handoff.objects.filter(dossier=dossier, kind__in=STEP_KINDS, completed_at__isnull=True).order_by("-seq").first()
    if row is not None:
        row.completed_at = at
        row.timeliness = timeliness(at, row.step_due_at or dossier.due_at)
        row.save(update_fields=["completed_at", "timeliness"])
    return row


def _step_pointer(dossier) -> int:
    """Index of the last step of the version's plan already handed to its unit."""
    steps = dossier.procedure_version.steps or []
    pointer = -1
    for row in dossier.handoffs.filter(kind__in=STEP_KINDS).select_related("to_unit").order_by("seq"):
        for j in range(pointer + 1, len(steps)):
            if steps[j].get("unit") == getattr(row.to_unit, "code", None):
                pointer = j
                break
    return pointer


def step_due(dossier, unit, at, days=None):
    """When the step `unit` starts now must be done: `days` if given, else the next step of
    that unit in the version's plan, else the appointment (never later than it)."""
    if days is None:
        steps = dossier.procedure_version.steps or []
        for j in range(_step_pointer(dossier) + 1, len(steps)):
            if steps[j].get("unit") == unit.code:
                days = steps[j].get("days")
                break
    if days is None or Decimal(str(days)) <= 0:
        return dossier.due_at
    due = calendar.add_working_time(at, days, unit=unit)
    return min(due, dossier.due_at) if dossier.due_at else due


def _back_status(dossier) -> str:
    """Where a dossier goes when the clock restarts: processing once a unit worked on it."""
    if dossier.due_at is None:
        return S_SUBMITTED
    transferred = dossier.handoffs.filter(kind="transfer").exists() or dossier.current_unit_id != dossier.owner_id
    return S_PROCESSING if transferred else S_RECEIVED


def _restart_clock(dossier, stopped_at, at):
    """Moves the appointment, the open step and open consultations by the working time the
    clock was stopped."""
    from smartcity.onestop.models import Handoff

    if dossier.due_at is None or stopped_at is None or at <= stopped_at:
        return 0.0
    stopped = calendar.working_days_between(stopped_at, at, unit=dossier.owner)
    if stopped <= 0:
        return 0.0
    dossier.due_at = calendar.add_working_time(dossier.due_at, stopped, unit=dossier.owner)
    if dossier.original_due_at is not None:  # the legal appointment moves with the clock, not with apologies
        dossier.original_due_at = calendar.add_working_time(dossier.original_due_at, stopped, unit=dossier.owner)
        dossier.save(update_fields=["original_due_at"])
    for row in Handoff.objects.filter(dossier=dossier, kind__in=STEP_KINDS + ("consult",), completed_at__isnull=True,
                                      step_due_at__isnull=False):
        row.step_due_at = calendar.add_working_time(row.step_due_at, stopped, unit=dossier.owner)
        row.save(update_fields=["step_due_at"])
    for c in dossier.consultations.filter(answered_at__isnull=True):
        c.due_at = calendar.add_working_time(c.due_at, stopped, unit=dossier.owner)
        c.save(update_fields=["due_at"])
    return stopped


def _save(dossier, *fields):
    dossier.save(update_fields=list(fields) + ["updated_at"])


# -- transitions ---------------------------------------------------------------------------------
def transfer(dossier, to_unit, user, *, note="", days=None, at=None):
    """Hands the dossier to another unit (chuyển xử lý); the giving unit's step is closed."""
    at = _now(at)
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "transfer")
        if to_unit.pk == d.current_unit_id:
            raise OneStopError("same_unit", "The dossier is already with this unit.", "to_unit")
        _close_open_step(d, at)
        from_unit = d.current_unit
        d.current_unit, d.status = to_unit, S_PROCESSING
        _save(d, "current_unit", "status")
        add_handoff(d, kind="transfer", from_unit=from_unit, to_unit=to_unit, by=user, at=at,
                    step_due_at=step_due(d, to_unit, at, days), note=note)
    return synced(dossier, d)


def request_supplement(dossier, user, items: list[str], reason="", at=None):
    """One written request listing everything missing (form 02), once per dossier; the
    clock stops until the papers come."""
    from smartcity.onestop.models import SupplementRequest

    at = _now(at)
    items = [" ".join(str(i).split()) for i in (items or []) if str(i).strip()]
    if not items:
        raise OneStopError("items_required", "List what is missing or must be corrected.", "items")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "supplement")
        if d.supplements.exists():
            raise OneStopError("supplement_once", "A supplement was already requested: the rules allow one request, in full.", "items")
        request = SupplementRequest.objects.create(dossier=d, items=items, reason=reason or "", requested_at=at, requested_by=_user(user))
        d.status = S_SUPPLEMENT
        _save(d, "status")
        add_handoff(d, kind="supplement", from_unit=d.current_unit, to_unit=None, by=user, at=at, note="; ".join(items))
        notify_safely(d, "supplement", {"items": items, "reason": reason})
    synced(dossier, d)
    return request


def supplement_received(dossier, user, files=(), at=None):
    """The papers came: attached, the clock restarts with the appointment moved."""
    from smartcity.onestop.services import intake

    at = _now(at)
    files = list(files or ())
    for _required, uploaded in files:
        intake.check_upload(uploaded)
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "supplemented")
        request = d.supplements.filter(fulfilled_at__isnull=True).order_by("-requested_at").first()
        if request is not None:
            request.fulfilled_at = at
            request.save(update_fields=["fulfilled_at"])
            _restart_clock(d, request.requested_at, at)
        for required, uploaded in files:
            intake.attach(d, required, uploaded, phase="supplement", user=user)
        d.status = _back_status(d)
        _save(d, "status", "due_at")
        add_handoff(d, kind="supplemented", from_unit=None, to_unit=d.current_unit, by=user, at=at)
    return synced(dossier, d)


def reject(dossier, user, reason, at=None):
    """Refusal with reasons (form 03): the dossier is closed."""
    at = _now(at)
    reason = (reason or "").strip()
    if not reason:
        raise OneStopError("reason_required", "A refusal states its reasons.", "reason")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "reject")
        _close_open_step(d, at)
        _end_suspension(d, at)
        d.status, d.closed_at = S_REJECTED, at
        _save(d, "status", "closed_at")
        add_handoff(d, kind="reject", from_unit=d.current_unit, to_unit=None, by=user, at=at, note=reason)
        notify_safely(d, "rejected", {"reason": reason})
    return synced(dossier, d)


def consult(dossier, unit, question, user, days, at=None):
    """Inter-agency consultation with its own due date; the dossier stays with its unit."""
    from smartcity.onestop.models import Consultation

    at = _now(at)
    question = (question or "").strip()
    if not question:
        raise OneStopError("question_required", "Say what the consulted unit is asked.", "question")
    try:
        days_value = Decimal(str(days))
    except Exception:  # noqa: BLE001
        raise OneStopError("days_invalid", "Give the answer time in working days.", "days") from None
    if days_value <= 0:
        raise OneStopError("days_invalid", "Give the answer time in working days.", "days")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "consult")
        if unit.pk == d.current_unit_id:
            raise OneStopError("same_unit", "A unit does not consult itself.", "unit")
        due = calendar.add_working_time(at, days_value, unit=unit)
        c = Consultation.objects.create(dossier=d, unit=unit, question=question, sent_at=at, due_at=due)
        d.status = S_CONSULTING
        _save(d, "status")
        add_handoff(d, kind="consult", from_unit=d.current_unit, to_unit=unit, by=user, at=at, step_due_at=due, note=question)
    synced(dossier, d)
    return c


def answer_consultation(consultation, user, answer, at=None):
    """The consulted unit answers; when no question is left open, processing goes on."""
    from smartcity.onestop.models import Consultation, Handoff

    at = _now(at)
    answer = (answer or "").strip()
    if not answer:
        raise OneStopError("answer_required", "Write the answer.", "answer")
    with transaction.atomic():
        d = locked(consultation.dossier)
        c = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if c.answered_at is not None:
            raise OneStopError("already_answered", "This consultation was already answered.", "answer")
        check_transition(d, "answer")
        c.answer, c.answered_at, c.answered_by = answer, at, _user(user)
        c.save(update_fields=["answer", "answered_at", "answered_by"])
        value = timeliness(at, c.due_at)
        row = (Handoff.objects.filter(dossier=d, kind="consult", to_unit=c.unit, completed_at__isnull=True)
               .order_by("seq").first())
        if row is not None:
            row.completed_at, row.timeliness = at, value
            row.save(update_fields=["completed_at", "timeliness"])
        if not d.consultations.filter(answered_at__isnull=True).exists():
            d.status = _back_status(d)
            _save(d, "status")
        add_handoff(d, kind="consult_reply", from_unit=c.unit, to_unit=d.current_unit, by=user, at=at,
                    step_due_at=c.due_at, timeliness_value=value, note=answer)
    consultation.refresh_from_db()
    synced(consultation.dossier, d)
    return consultation


def suspend(dossier, user, reason, at=None):
    """Stops processing (2025: 'stop processing' notice); the clock stops."""
    from smartcity.onestop.models import Suspension

    at = _now(at)
    reason = (reason or "").strip()
    if not reason:
        raise OneStopError("reason_required", "Say why processing stops.", "reason")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "suspend")
        s = Suspension.objects.create(dossier=d, reason=reason, started_at=at, by=_user(user))
        d.status = S_SUSPENDED
        _save(d, "status")
        add_handoff(d, kind="suspend", from_unit=d.current_unit, to_unit=None, by=user, at=at, note=reason)
    synced(dossier, d)
    return s


def _end_suspension(d, at):
    s = d.suspensions.filter(ended_at__isnull=True).order_by("-started_at").first()
    if s is not None:
        s.ended_at = at
        s.save(update_fields=["ended_at"])
    return s


def resume(dossier, user, at=None):
    """Processing goes on; the appointment moves by the working time stopped."""
    at = _now(at)
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "resume")
        s = _end_suspension(d, at)
        stopped = _restart_clock(d, s.started_at if s else None, at)
        d.status = _back_status(d)
        _save(d, "status", "due_at")
        add_handoff(d, kind="resume", from_unit=None, to_unit=d.current_unit, by=user, at=at,
                    note=f"{stopped:.2f}" if stopped else "")
    return synced(dossier, d)


def issue_apology(dossier, user, reason, new_due_at, *, at=None, automatic=False):
    """Apology and new appointment (form 04), by the unit holding the dossier; the first
    appointment is kept in `original_due_at`."""
    from smartcity.onestop.models import Apology

    at = _now(at)
    reason = (reason or "").strip()
    if not reason:
        raise OneStopError("reason_required", "Say why the dossier is late.", "reason")
    if new_due_at is None or timezone.is_naive(new_due_at):
        raise OneStopError("new_due_required", "Give the new appointment (date and time).", "new_due_at")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "apology")
        if d.due_at is None or new_due_at <= d.due_at or new_due_at <= at:
            raise OneStopError("new_due_invalid", "The new appointment must be after the current one and in the future.", "new_due_at")
        apology = Apology.objects.create(dossier=d, unit=d.current_unit, reason=reason, previous_due_at=d.due_at,
                                         new_due_at=new_due_at, issued_at=at, issued_by=_user(user), automatic=automatic)
        if d.original_due_at is None:
            d.original_due_at = d.due_at
        # the row is judged against the appointment being apologised for
        add_handoff(d, kind="apology", from_unit=d.current_unit, to_unit=None, by=user, at=at,
                    step_due_at=new_due_at, note=reason)
        d.due_at = new_due_at
        _save(d, "due_at", "original_due_at")
        notify_safely(d, "apology", {"apology": apology, "new_due_at": new_due_at})
    synced(dossier, d)
    return apology


def result_ready(dossier, user, summary, files=(), at=None):
    """The result is signed and sent back to the receiving unit for return."""
    from smartcity.onestop.services import intake

    at = _now(at)
    summary = (summary or "").strip()
    if not summary:
        raise OneStopError("summary_required", "Say what the result is.", "summary")
    files = list(files or ())
    for _required, uploaded in files:
        intake.check_upload(uploaded)
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "result")
        _close_open_step(d, at)
        for required, uploaded in files:
            intake.attach(d, required, uploaded, phase="result", user=user)
        from_unit = d.current_unit
        d.status, d.result_at, d.result_summary, d.current_unit = S_RESULT, at, summary, d.owner
        _save(d, "status", "result_at", "result_summary", "current_unit")
        add_handoff(d, kind="result", from_unit=from_unit, to_unit=d.owner, by=user, at=at, step_due_at=d.due_at, note=summary)
        notify_safely(d, "result_ready")
    return synced(dossier, d)


def return_result(dossier, user, *, channel="counter", at=None):
    """The result is handed to the applicant; the survey invitation goes with the notice."""
    from smartcity.onestop.models import Channel
    from smartcity.onestop.services import surveys

    at = _now(at)
    if channel not in Channel.values:
        raise OneStopError("channel_invalid", "Unknown return channel.", "channel")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "return")
        d.status, d.returned_at, d.closed_at, d.return_channel = S_RETURNED, at, at, channel
        _save(d, "status", "returned_at", "closed_at", "return_channel")
        add_handoff(d, kind="return", from_unit=d.owner, to_unit=None, by=user, at=at, step_due_at=d.due_at,
                    timeliness_value=timeliness(d.result_at or at, d.due_at))
        invitation = surveys.create_invitation(d)
        extra = {"channel": channel}
        try:
            extra["survey_url"] = surveys.survey_url(invitation)
        except Exception:
            log.exception("survey url for %s", d.code)
        notify_safely(d, "returned", extra)
    return synced(dossier, d)


def withdraw(dossier, user, reason, at=None):
    """The applicant withdraws the application (in writing, at the counter)."""
    at = _now(at)
    reason = (reason or "").strip()
    if not reason:
        raise OneStopError("reason_required", "Record the applicant's request.", "reason")
    with transaction.atomic():
        d = locked(dossier)
        check_transition(d, "withdraw")
        _close_open_step(d, at)
        _end_suspension(d, at)
        d.status, d.closed_at = S_WITHDRAWN, at
        _save(d, "status", "closed_at")
        add_handoff(d, kind="withdraw", from_unit=None, to_unit=None, by=user, at=at, note=reason)
    return synced(dossier, d)


# -- lateness ------------------------------------------------------------------------------------
def lateness(dossier, now=None, soon_days=1) -> dict:
    """Computed, never stored: {'state': late|due_soon|on_time|done_late|done_on_time|stopped|none,
    'remaining_days': working days left (negative when late), 'due_at'}."""
    from smartcity.onestop.models import CLOCK_STOPPED, CLOSED_STATUSES

    now = now or timezone.now()
    due = dossier.due_at
    if due is None:
        return {"state": "none", "remaining_days": None, "due_at": None}
    if dossier.result_at or dossier.status in CLOSED_STATUSES:
        done = dossier.result_at or dossier.closed_at or now
        return {"state": "done_late" if done > due else "done_on_time", "remaining_days": None, "due_at": due}
    remaining = calendar.working_days_between(now, due, unit=dossier.owner)
    if dossier.status in CLOCK_STOPPED:
        return {"state": "stopped", "remaining_days": remaining, "days_abs": abs(remaining), "due_at": due}
    if now > due:
        state = "late"
    elif remaining <= soon_days:
        state = "due_soon"
    else:
        state = "on_time"
    return {"state": state, "remaining_days": remaining, "days_abs": abs(remaining), "due_at": due}


# -- automatic apologies -------------------------------------------------------------------------
APOLOGY_STATUSES = (S_RECEIVED, S_PROCESSING, S_CONSULTING)


def draft_apologies(now=None) -> list:
    """Dossiers due within one working day, or already late, with no apology for the
    appointment in force get one automatically (flagged `automatic`), with a new appointment
    `ONESTOP_APOLOGY_EXTENSION_DAYS` working days (default 3) after the later of now and the
    current appointment. Staff may issue a corrected one afterwards."""
    from smartcity.onestop.models import Apology, Dossier

    now = now or timezone.now()
    horizon = calendar.add_working_time(now, 1)
    extension = getattr(settings, "ONESTOP_APOLOGY_EXTENSION_DAYS", 3)
    already = Apology.objects.filter(dossier=OuterRef("pk"), previous_due_at=OuterRef("due_at"))
    candidates = (Dossier.objects.filter(status__in=APOLOGY_STATUSES, due_at__isnull=False, due_at__lt=horizon)
                  .exclude(Exists(already)).select_related("current_unit", "owner").order_by("due_at", "pk"))
    out = []
    for d in candidates:
        start = max(now, d.due_at)
        new_due = calendar.add_working_time(start, extension, unit=d.owner)
        new_due = new_due.astimezone(LOCAL).replace(second=0, microsecond=0)
        late = now > d.due_at
        reason = ("Hồ sơ đã quá hạn giải quyết; đơn vị đang xử lý xin lỗi và hẹn lại ngày trả kết quả (dự thảo tự động)."
                  if late else
                  "Hồ sơ có nguy cơ quá hạn giải quyết; đơn vị đang xử lý xin lỗi và hẹn lại ngày trả kết quả (dự thảo tự động).")
        try:
            out.append(issue_apology(d, None, reason, new_due, at=now, automatic=True))
        except OneStopError as exc:  # a concurrent action changed it: skip, next run sees it
            log.info("no automatic apology for %s: %s", d.code, exc.code)
    return out


def overdue_rows(now=None) -> list[dict]:
    """The overdue list for the CLI and the API: code, procedure, unit, due, days late."""
    from smartcity.onestop.models import Dossier

    now = now or timezone.now()
    rows = []
    for d in Dossier.objects.overdue(now).select_related("procedure", "current_unit", "owner").order_by("due_at"):
        late_days = calendar.working_days_between(d.due_at, now, unit=d.owner)
        rows.append({"code": d.code, "procedure": d.procedure.code, "status": d.status, "unit": d.current_unit.code,
                     "due_at": d.due_at.isoformat(), "working_days_late": math.floor(late_days * 100) / 100})
    return rows

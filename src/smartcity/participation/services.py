"""Domain operations of the participation app as plain functions (no HTTP).

Reuses the innovation app's per-IP rate limiter (fixed hour windows in Django's cache,
RateLimited -> 429 + Retry-After) and the platform's keyed hash (onestop.crypto) for
e-mail and SMS codes and voter identity. A phone is normalised to E.164 (participation.phone)
and identified by the keyed hash of "tel:+84..." in the same column as e-mail hashes, so
one person has one vote per channel identity. Limits per IP and hour: PARTICIPATION_REPORT_IP_LIMIT
(default 10 reports), PARTICIPATION_CODE_IP_LIMIT (20 code requests),
PARTICIPATION_CHECK_IP_LIMIT (30 code checks), PARTICIPATION_VOTE_IP_LIMIT (60 votes and
comments)."""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.files import sniff
from smartcity.innovation.services import RateLimited, rate_limit  # noqa: F401  (re-exported for views)
from smartcity.maintenance.services import clean_photo
from smartcity.onestop.crypto import keyed_hash
from smartcity.participation import phone as phones
from smartcity.participation import stats
from smartcity.participation.sms import send_sms
from smartcity.participation.models import (Category, Channel, Choice, Comment, CommentState, Consultation, Purpose, Report,
                                            ReportEvent, ReportPhoto, RoutingRule, State, Verification, Vote)

OWNER = "DIC"  # Department of Information and Communications runs the module
DEFAULT_ROUTES = {
    Category.ROADS: "DOT", Category.STREETLIGHTS: "DOT", Category.SIGNS: "DOT",
    Category.WASTE: "DONRE", Category.ENVIRONMENT: "DONRE", Category.TREES: "DOC",
    Category.FLOODING: "DOC", Category.ORDER: "DOHA", Category.OTHER: "DIC",
}
TRANSITIONS = {
    State.RECEIVED: {State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED, State.REJECTED},
    State.ASSIGNED: {State.IN_PROGRESS, State.RESOLVED, State.REJECTED},
    State.IN_PROGRESS: {State.RESOLVED, State.REJECTED},
    State.RESOLVED: set(), State.REJECTED: set(), State.PENDING: set(),
}


class ParticipationError(Exception):
    """A refusal the user can act on: `code` for clients, `message` for people, `field` if any."""

    def __init__(self, code: str, message: str, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


def _limit(kind: str, ip: str | None, name: str, default: int) -> None:
    if ip:
        rate_limit("part-" + kind, ip, int(getattr(settings, name, default)))


def reset_limits(ip: str) -> None:
    from django.core.cache import cache

    cache.delete_many([f"innovation:rl:part-{k}:{ip}{s}" for k in ("report", "code", "check", "vote") for s in ("", ":t")])


def email_hash(email: str) -> str:
    return keyed_hash((email or "").strip().lower(), "participation-email")


def phone_hash(e164: str) -> str:
    """A normalised phone's identity: the same keyed hash as e-mails, on "tel:+84..."."""
    return email_hash("tel:" + e164)


def phone_reason(reason: str) -> str:
    return {"empty": _("Enter a mobile phone number."),
            "bad_characters": _("A phone number has only digits, spaces, dots, dashes and a leading +."),
            "not_vietnamese": _("Enter a Vietnamese mobile number (0… or +84…)."),
            "wrong_length": _("A Vietnamese mobile number has 10 digits (0 and 9 more)."),
            "not_mobile": _("This is not a mobile number: it must start with 03, 05, 07, 08 or 09.")}[reason]


def normalise_phone(raw: str, field: str = "phone") -> str:
    """E.164 number, or ParticipationError whose code is the reason (phone.PhoneError)."""
    try:
        return phones.normalise(raw)
    except phones.PhoneError as exc:
        raise ParticipationError(exc.reason, phone_reason(exc.reason), field) from None


def _org(code: str):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


# -- routing ---------------------------------------------------------------------------------
def ensure_default_rules() -> int:
    """Create the category rules without area that are missing; returns how many."""
    have = set(RoutingRule.objects.filter(unit__isnull=True).values_list("category", flat=True))
    owner = _org(OWNER)
    new = [RoutingRule(category=c, organisation=_org(o), owner=owner) for c, o in DEFAULT_ROUTES.items() if c not in have]
    RoutingRule.objects.bulk_create(new)
    return len(new)


def route(category: str, unit=None):
    """The responsible organisation: the rule for this category and area, else the rule for
    the category, else the default table, else the owner department."""
    rules = RoutingRule.objects.filter(category=category).select_related("organisation")
    if unit is not None:
        rule = rules.filter(unit=unit).first()
        if rule:
            return rule.organisation
    rule = rules.filter(unit__isnull=True).first()
    if rule:
        return rule.organisation
    return _org(DEFAULT_ROUTES.get(category, OWNER))


# -- photos ----------------------------------------------------------------------------------
def check_photo(filename: str, data: bytes) -> tuple[bytes, str, int, int]:
    """First bytes must be JPEG or PNG matching the name (core.files.sniff); then re-encoded
    from pixels (maintenance.clean_photo), which drops EXIF and GPS."""
    ctype, reason = sniff(filename, data[:512], len(data), max_size=10 * 1024 * 1024, allowed=("jpg", "jpeg", "png"))
    if reason:
        messages = {"empty": _("The photo file is empty."), "too_large": _("The photo is larger than 10 MB."),
                    "type_not_allowed": _("Only JPEG or PNG photos are accepted."),
                    "content_mismatch": _("The file's content is not a JPEG or PNG image (its first bytes do not match).")}
        raise ParticipationError(reason, messages[reason], "photo")
    try:
        return clean_photo(data)
    except ValidationError as exc:
        raise ParticipationError(exc.code or "not_image", exc.messages[0], "photo") from None


# -- reports ---------------------------------------------------------------------------------
def next_code(year: int) -> str:
    prefix = f"PA-{year}-"
    last = Report.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1 if last else 1):05d}"


def _event(report, to_state, *, by=None, note="", at=None, from_state=None):
    return ReportEvent.objects.create(report=report, from_state=report.state if from_state is None else from_state,
                                      to_state=to_state, organisation_id=report.owner_id, by=by, note=note,
                                      at=at or timezone.now())


@transaction.atomic
def submit_report(*, category: str, description: str, latitude, longitude, email: str = "", phone: str = "",
                  address: str = "", unit=None, photo: tuple[str, bytes] | None = None, ip: str | None = None,
                  send: bool = True) -> tuple[Report, str | None, str | None]:
    """A citizen's report. It waits for a 6-digit code (returns the verification token and
    code): mailed to the e-mail if one is given, else sent by SMS to the phone."""
    _limit("report", ip, "PARTICIPATION_REPORT_IP_LIMIT", 10)
    errors = validate_report(category, description, latitude, longitude, email, phone)
    if errors:
        raise errors[0]
    cleaned = check_photo(*photo) if photo else None
    now = timezone.now()
    lat, lon = float(latitude), float(longitude)
    report = Report(code=next_code(timezone.localdate().year), category=category, description=description.strip(),
                    latitude=round(lat, 6), longitude=round(lon, 6), unit=unit, address=address.strip(),
                    contact_email=(email or "").strip().lower(), contact_phone=normalise_phone(phone) if (phone or "").strip() else "",
                    owner=route(category, unit), submitted_at=now, published=False)
    report.save()
    if cleaned:
        data, ctype, w, h = cleaned
        ReportPhoto.objects.create(report=report, data=data, content_type=ctype, width=w, height=h)
    _event(report, State.PENDING, from_state="", at=now)
    if email:
        ver, code = _new_code(Purpose.REPORT, email, report=report)
        if send:
            send_mail(_("Confirm your report %(code)s") % {"code": report.code},
                      _("Your confirmation code: %(code)s") % {"code": code}, None, [email])
        return report, ver.token, code
    ver, code = _new_code(Purpose.REPORT, phone=report.contact_phone, report=report)
    if send:
        send_sms(report.contact_phone, _("Smart Binh Duong: code %(code)s confirms your report %(report)s.") % {
            "code": code, "report": report.code})
    return report, ver.token, code


def validate_report(category, description, latitude, longitude, email, phone) -> list[ParticipationError]:
    errs = []
    if category not in Category.values:
        errs.append(ParticipationError("invalid_choice", _("Choose a category."), "category"))
    if len((description or "").strip()) < 10:
        errs.append(ParticipationError("too_short", _("Describe the problem in at least 10 characters."), "description"))
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        errs.append(ParticipationError("required", _("Mark the place on the map."), "latitude"))
    else:
        if not stats.inside_binh_duong(lat, lon):
            errs.append(ParticipationError("out_of_area", _("The place is outside Binh Duong province; reports are only handled inside it."), "latitude"))
    email, phone = (email or "").strip(), (phone or "").strip()
    if not email and not phone:
        errs.append(ParticipationError("required", _("Give an e-mail address or a phone number so we can reach you."), "email"))
    if email and ("@" not in email or len(email) > 254 or "." not in email.rsplit("@", 1)[-1]):
        errs.append(ParticipationError("invalid", _("Enter a valid e-mail address."), "email"))
    if phone:
        try:
            normalise_phone(phone)
        except ParticipationError as exc:
            errs.append(exc)
    return errs


def _receive(report: Report, at=None) -> None:
    at = at or timezone.now()
    _event(report, State.RECEIVED, at=at)
    report.state, report.received_at, report.published = State.RECEIVED, at, True
    report.save()


def _code_hash(token: str, code: str) -> str:
    return keyed_hash(code.strip(), "participation-code:" + token)


def _new_code(purpose: str, email: str = "", *, phone: str = "", report=None, consultation=None) -> tuple[Verification, str]:
    """A code for an e-mail or a normalised phone (E.164); same lifetime and tries for both."""
    token = secrets.token_urlsafe(18)
    code = f"{secrets.randbelow(10**6):06d}"
    ver = Verification.objects.create(token=token, purpose=purpose, report=report, consultation=consultation,
                                      channel=Channel.SMS if phone else Channel.EMAIL,
                                      email_hash=phone_hash(phone) if phone else email_hash(email), code_hash=_code_hash(token, code),
                                      expires_at=timezone.now() + timedelta(minutes=30))
    return ver, code


def verify(token: str, code: str, *, ip: str | None = None) -> Verification:
    """Check an e-mail or SMS code; a report becomes `received`, a consultation token becomes a
    voter's credential. Wrong codes count (5 tries)."""
    _limit("check", ip, "PARTICIPATION_CHECK_IP_LIMIT", 30)
    ver = Verification.objects.filter(token=token or "").first()
    if ver is None:
        raise ParticipationError("not_found", _("This confirmation link is unknown."), status=404)
    if ver.confirmed_at is not None:
        return ver
    if ver.expires_at <= timezone.now():
        raise ParticipationError("expired", _("This code has expired; ask for a new one."), "code", 410)
    if ver.attempts >= 5:
        raise ParticipationError("too_many_attempts", _("Too many wrong codes; ask for a new one."), "code", 410)
    if not hmac.compare_digest(ver.code_hash, _code_hash(ver.token, code or "")):
        Verification.objects.filter(pk=ver.pk).update(attempts=F("attempts") + 1)
        raise ParticipationError("wrong_code", _("The code is not right."), "code")
    with transaction.atomic():
        ver.confirmed_at = timezone.now()
        ver.save(update_fields=["confirmed_at"])
        if ver.purpose == Purpose.REPORT and ver.report.state == State.PENDING:
            _receive(ver.report)
    return ver


def may_act(user, report: Report) -> bool:
    from smartcity.core.permissions import can_change

    return can_change(user, report)


@transaction.atomic
def transition(report: Report, target: str, *, by, note: str = "", at=None) -> Report:
    """Staff of the responsible organisation (or the coordinator) move a report on. A
    rejection needs a reason; the note of a resolution is the official response."""
    from django.core.exceptions import PermissionDenied

    if not may_act(by, report):
        raise PermissionDenied("not the responsible organisation")
    if target not in TRANSITIONS.get(report.state, set()):
        raise ParticipationError("invalid_transition", _("This report cannot go from %(a)s to %(b)s.") % {
            "a": State(report.state).label, "b": State(target).label if target in State.values else target}, "state", 409)
    note = (note or "").strip()
    if target == State.REJECTED and not note:
        raise ParticipationError("reason_required", _("Give the reason for the rejection."), "note")
    if target == State.RESOLVED and not note:
        raise ParticipationError("response_required", _("Write the official response to the citizen."), "note")
    at = at or timezone.now()
    _event(report, target, by=by, note=note, at=at)
    report.state = target
    if report.first_response_at is None:
        report.first_response_at = at
    if target == State.RESOLVED:
        report.response, report.closed_at = note, at
    if target == State.REJECTED:
        report.rejection_reason, report.closed_at = note, at
    report.save()
    return report


def public_reports():
    return Report.objects.filter(published=True).exclude(state=State.PENDING)


def response_rows(qs=None) -> list[dict]:
    """One dict per received report: category, org, month, hours to first response and to
    resolution (None when not yet)."""
    qs = qs if qs is not None else public_reports()
    out = []
    for r in qs.values("category", "owner__code", "received_at", "first_response_at", "closed_at", "state"):
        start = r["received_at"]
        if start is None:
            continue
        first = r["first_response_at"]
        out.append({"category": r["category"], "org": r["owner__code"],
                    "month": timezone.localtime(start).strftime("%Y-%m"),
                    "first_h": (first - start).total_seconds() / 3600 if first else None,
                    "resolve_h": (r["closed_at"] - start).total_seconds() / 3600
                    if r["closed_at"] and r["state"] == State.RESOLVED else None})
    return out


# -- consultations ---------------------------------------------------------------------------
def request_code(consultation: Consultation, email: str = "", *, phone: str = "", ip=None, send=True) -> tuple[Verification, str]:
    """A voter's code, by e-mail or by SMS: exactly one of `email` and `phone`."""
    _limit("code", ip, "PARTICIPATION_CODE_IP_LIMIT", 20)
    if not consultation.is_open():
        raise ParticipationError("closed", _("This consultation is not open."), status=409)
    email, phone = (email or "").strip().lower(), (phone or "").strip()
    if bool(email) == bool(phone):
        raise ParticipationError("one_contact", _("Give either an e-mail address or a mobile phone number."), "email")
    if phone:
        number = normalise_phone(phone)
        ver, code = _new_code(Purpose.CONSULTATION, phone=number, consultation=consultation)
        if send:
            send_sms(number, _("Smart Binh Duong: your consultation code is %(code)s.") % {"code": code})
        return ver, code
    if "@" not in email or len(email) > 254:
        raise ParticipationError("invalid", _("Enter a valid e-mail address."), "email")
    ver, code = _new_code(Purpose.CONSULTATION, email, consultation=consultation)
    if send:
        send_mail(_("Your code for the consultation"), _("Your confirmation code: %(code)s") % {"code": code}, None, [email])
    return ver, code


def voter(consultation: Consultation, token: str) -> Verification:
    ver = Verification.objects.filter(token=token or "", purpose=Purpose.CONSULTATION, consultation=consultation,
                                      confirmed_at__isnull=False).first()
    if ver is None:
        raise ParticipationError("not_verified", _("Confirm your e-mail address or phone number first."), "token", 403)
    if not consultation.is_open():
        raise ParticipationError("closed", _("This consultation is not open."), status=409)
    return ver


def vote(consultation, token, question_id, choice, *, ip=None) -> Vote:
    _limit("vote", ip, "PARTICIPATION_VOTE_IP_LIMIT", 60)
    ver = voter(consultation, token)
    question = consultation.questions.filter(pk=question_id).first()
    if question is None:
        raise ParticipationError("invalid_choice", _("Unknown question."), "question")
    if choice not in Choice.values:
        raise ParticipationError("invalid_choice", _("Choose agree or disagree."), "choice")
    try:
        with transaction.atomic():
            return Vote.objects.create(question=question, email_hash=ver.email_hash, choice=choice)
    except IntegrityError:
        raise ParticipationError("already_voted", _("You have already voted on this question."), "question", 409)


def comment(consultation, token, text, *, question_id=None, author="", ip=None) -> Comment:
    _limit("vote", ip, "PARTICIPATION_VOTE_IP_LIMIT", 60)
    ver = voter(consultation, token)
    text = (text or "").strip()
    if len(text) < 5:
        raise ParticipationError("too_short", _("Write at least a few words."), "text")
    question = consultation.questions.filter(pk=question_id).first() if question_id else None
    return Comment.objects.create(consultation=consultation, question=question, text=text[:5000],
                                  author=(author or "").strip()[:80], email_hash=ver.email_hash)


def moderate(c: Comment, state: str, *, by, reason: str = "") -> Comment:
    from django.core.exceptions import PermissionDenied

    from smartcity.core.permissions import can_change

    if not can_change(by, c.consultation):
        raise PermissionDenied("not the consultation's owner")
    if state not in (CommentState.PUBLISHED, CommentState.HIDDEN):
        raise ParticipationError("invalid_choice", _("Publish or hide."), "state")
    if state == CommentState.HIDDEN and not reason.strip():
        raise ParticipationError("reason_required", _("Give the reason for hiding the comment."), "reason")
    c.state, c.hidden_reason, c.moderated_by, c.moderated_at = state, reason.strip(), by, timezone.now()
    c.save()
    return c


def results(consultation) -> list[dict]:
    from django.db.models import Count, Q

    rows = consultation.questions.annotate(agree=Count("votes", filter=Q(votes__choice=Choice.AGREE)),
                                           disagree=Count("votes", filter=Q(votes__choice=Choice.DISAGREE)))
    out = []
    for q in rows:
        total = q.agree + q.disagree
        out.append({"id": q.pk, "number": q.number, "text": q.text, "agree": q.agree, "disagree": q.disagree,
                    "total": total, "agree_pct": round(100 * q.agree / total) if total else None})
    return out


def answer(consultation, text: str, *, by) -> Consultation:
    from django.core.exceptions import PermissionDenied

    from smartcity.core.permissions import can_change

    if not can_change(by, consultation):
        raise PermissionDenied("not the consultation's owner")
    if not text.strip():
        raise ParticipationError("required", _("Write the official answer."), "text")
    consultation.official_answer, consultation.answered_at = text.strip(), timezone.now()
    consultation.save()
    return consultation

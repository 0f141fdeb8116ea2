"""SIPAS surveys: invitations, answers and the index by unit, procedure and month.

Contract:
    create_invitation(dossier) -> SurveyInvitation        # idempotent, called on return
    survey_url(invitation) -> str                          # absolute link for SMS/QR
    record_response(invitation, answers, *, channel, comment="") -> SurveyResponse
    index_by(group, start=None, end=None, unit=None) -> list[dict]
    index_total(start=None, end=None, unit=None) -> dict

Answers are stored raw (question key -> value) with the questionnaire version in force when
they were given; the index is computed on the fly by that version's function (`sipas.py`)
and pooled across versions by counts. A response counts for the unit competent to
resolve the dossier (its procedure version's `competent_unit`, as the reports do: since
2025 one service centre receives nearly everything) and its procedure.
"""
import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.onestop import sipas
from smartcity.onestop.errors import OneStopError

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNELS = ("link", "kiosk")
GROUPS = ("unit", "procedure", "month")
# Organisations whose staff read every unit's raw answers (besides the coordinator): the
# Department of Home Affairs runs SIPAS in the province.
SIPAS_ORGANISATIONS = ("DOHA",)


def create_invitation(dossier):
    from smartcity.onestop.models import SurveyInvitation

    invitation, _created = SurveyInvitation.objects.get_or_create(dossier=dossier, defaults={"token": secrets.token_urlsafe(24)})
    return invitation


def survey_url(invitation) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SMARTCITY_BASE_URL + reverse("onestop-survey", args=[invitation.token])


def questionnaire_for(when: dt.datetime | None = None) -> sipas.Questionnaire:
    """The questionnaire in force at `when` (local date), default now."""
    when = when or timezone.now()
    return sipas.QUESTIONNAIRES[sipas.version_on(when.astimezone(LOCAL).date())]


def problem_message(code: str, question: sipas.Question | None) -> str:
    label = (question.en if _lang_en() else question.vi) if question else ""
    messages = {
        "required": _("Please answer this question."),
        "invalid_choice": _("Choose one of the answers offered."),
        "not_a_number": _("Enter a whole number."),
        "out_of_range": _("Enter a number between %(min)s and %(max)s.") % {
            "min": getattr(question, "min", ""), "max": getattr(question, "max", "")},
        "too_many_choices": _("Choose at most %(n)s answers.") % {"n": getattr(question, "max_choices", "")},
        "unknown_question": _("This question is not part of the questionnaire."),
        "invalid_answers": _("The answers must be an object of question keys and values."),
    }
    text = messages.get(code, code)
    return f"{label}: {text}" if label else text


def _lang_en() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "vi").startswith("en")


def record_response(invitation, answers: dict, *, channel: str, comment: str = "", at=None):
    """Validates `answers` against the questionnaire in force and stores them raw. Raises
    OneStopError: "invalid_channel", "already_answered", or the first answer problem (code
    of `sipas.validate`, field = question key) with every problem in `error.errors`."""
    from smartcity.onestop.models import SurveyInvitation, SurveyResponse

    if channel not in CHANNELS:
        raise OneStopError("invalid_channel", _("Unknown survey channel."), "channel")
    if SurveyResponse.objects.filter(invitation=invitation).exists():
        raise OneStopError("already_answered", _("This survey has already been answered. Thank you."))
    at = at or timezone.now()
    qn = questionnaire_for(at)
    clean, problems = sipas.validate(qn.version, answers)
    if problems:
        errors = [{"field": key or None, "code": code, "message": problem_message(code, qn.question(key))} for code, key in problems]
        error = OneStopError(problems[0][0], errors[0]["message"], problems[0][1] or None)
        error.errors = errors
        raise error
    dossier = invitation.dossier
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                invitation=invitation, questionnaire=qn.version, channel=channel, submitted_at=at,
                unit_id=dossier.procedure_version.competent_unit_id, procedure_id=dossier.procedure_id, answers=clean, comment=(comment or "").strip()[:4000])
            SurveyInvitation.objects.filter(pk=invitation.pk).update(answered_at=at)
    except IntegrityError:  # a second submission racing the first
        raise OneStopError("already_answered", _("This survey has already been answered. Thank you.")) from None
    invitation.answered_at = at
    return response


def mark_opened(invitation, at=None) -> None:
    """First opening of the link (kept once)."""
    from smartcity.onestop.models import SurveyInvitation

    if invitation.opened_at is None:
        invitation.opened_at = at or timezone.now()
        SurveyInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=invitation.opened_at)


# -- the index -------------------------------------------------------------------------------
def _bounds(start: dt.date | None, end: dt.date | None):
    """Local calendar days [start, end] as aware datetimes [lo, hi)."""
    lo = dt.datetime.combine(start, dt.time(), tzinfo=LOCAL) if start else None
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL) if end else None
    return lo, hi


def responses(start=None, end=None, unit=None):
    """The responses submitted between the local dates `start` and `end` (inclusive)."""
    from smartcity.onestop.models import SurveyResponse

    qs = SurveyResponse.objects.all()
    lo, hi = _bounds(start, end)
    if lo:
        qs = qs.filter(submitted_at__gte=lo)
    if hi:
        qs = qs.filter(submitted_at__lt=hi)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def _pooled(rows: list[dict]) -> dict:
    """Each version's responses by its own function, pooled by counts."""
    by_version: dict[str, list] = {}
    for r in rows:
        by_version.setdefault(r["questionnaire"], []).append(r["answers"])
    return sipas.combine([sipas.index(answers, version) for version, answers in sorted(by_version.items())])


def index_total(start=None, end=None, unit=None) -> dict:
    """The index over a period (all units, or one), with the versions it used."""
    rows = list(responses(start, end, unit).values("questionnaire", "answers"))
    result = _pooled(rows)
    result["target"] = sipas.TARGET
    result["below_target"] = sipas.below_target(result["overall"]["share"])
    return result


def index_by(group: str, start=None, end=None, unit=None) -> list[dict]:
    """One row per unit, procedure or month (local time) with answers in the period:
    {"key", "label", "label_en", "responses", "share", "answered", "satisfied", "elements":
    {1..5: share}, "versions", "below_target"}; units and procedures by name, months in order."""
    from smartcity.core.models import Organisation
    from smartcity.onestop.models import Procedure

    if group not in GROUPS:
        raise OneStopError("invalid_group", _("Group by unit, procedure or month."), "group")
    groups: dict = {}
    for r in responses(start, end, unit).values("questionnaire", "answers", "unit_id", "procedure_id", "submitted_at"):
        if group == "unit":
            key = r["unit_id"]
        elif group == "procedure":
            key = r["procedure_id"]
        else:
            key = r["submitted_at"].astimezone(LOCAL).strftime("%Y-%m")
        groups.setdefault(key, []).append(r)
    names = {}
    if group == "unit":
        names = {o.pk: (o.code, o.name_vi, o.name_en or o.name_vi) for o in Organisation.objects.filter(pk__in=groups)}
    elif group == "procedure":
        names = {p.pk: (p.code, p.name_vi, p.name_en or p.name_vi) for p in Procedure.objects.filter(pk__in=groups)}
    out = []
    for key, rows in groups.items():
        result = _pooled(rows)
        code, label, label_en = names.get(key, (key, key, key))
        out.append({
            "key": code, "label": label, "label_en": label_en, "responses": result["responses"],
            "share": result["overall"]["share"], "answered": result["overall"]["answered"],
            "satisfied": result["overall"]["satisfied"],
            "elements": {n: e["share"] for n, e in result["elements"].items()},
            "versions": result["versions"], "below_target": sipas.below_target(result["overall"]["share"]),
        })
    out.sort(key=lambda row: row["key"] if group == "month" else row["label"])
    return out


# -- the kiosk and the raw export --------------------------------------------------------------
def mask_name(name: str) -> str:
    """'Nguyễn Văn Hùng' -> 'N. V. Hùng': the clerk recognises the person by the given name,
    others at the counter do not read the full name."""
    parts = (name or "").split()
    if len(parts) <= 1:
        return name or ""
    return " ".join(p[0] + "." for p in parts[:-1]) + " " + parts[-1]


def kiosk_units(user):
    """Organisations whose dossiers this user may put on the kiosk (None = every unit)."""
    from smartcity.core.permissions import is_coordinator

    if is_coordinator(user):
        return None
    from smartcity.core.models import Role

    if user.is_authenticated and user.organisation_id and user.has_role(Role.EDITOR):
        return [user.organisation_id]
    return []


def returned_today_without_answer(user, now=None):
    """Dossiers of the user's unit returned today (local) whose survey is not answered."""
    from smartcity.onestop.models import Dossier, DossierStatus

    now = now or timezone.now()
    today = now.astimezone(LOCAL).date()
    lo, hi = _bounds(today, today)
    org = user.organisation_id
    if not org:
        return Dossier.objects.none()
    return (Dossier.objects.filter(owner_id=org, status=DossierStatus.RETURNED, returned_at__gte=lo, returned_at__lt=hi)
            .exclude(survey__response__isnull=False).select_related("procedure").order_by("-returned_at"))


def kiosk_dossier(user, code: str):
    """The dossier the clerk typed, if the kiosk may survey it; OneStopError otherwise."""
    from smartcity.core.permissions import can_change
    from smartcity.onestop.models import Dossier, DossierStatus

    dossier = Dossier.objects.filter(code=(code or "").strip()).select_related("procedure").first()
    if dossier is None or not can_change(user, dossier.owner_id):
        raise OneStopError("not_found", _("No dossier of your unit has this code."), "code")
    if dossier.status != DossierStatus.RETURNED:
        raise OneStopError("not_returned", _("The result of this dossier has not been returned yet."), "code")
    invitation = create_invitation(dossier)
    if hasattr(invitation, "response"):
        raise OneStopError("already_answered", _("This survey has already been answered. Thank you."), "code")
    return dossier, invitation


def can_export_all(user) -> bool:
    from smartcity.core.permissions import is_coordinator

    return is_coordinator(user) or bool(user.is_authenticated and user.organisation_id
                                        and user.organisation.code in SIPAS_ORGANISATIONS)


def export_rows(user, start=None, end=None):
    """Raw answers for staff, without personal data (no dossier code, no name, no comment):
    a header row and one row per response. Coordinators and Home Affairs read every unit,
    other staff their own unit's answers."""
    qs = responses(start, end).select_related("unit", "procedure").order_by("submitted_at", "pk")
    if not can_export_all(user):
        qs = qs.filter(unit_id=user.organisation_id) if user.organisation_id else qs.none()
    keys = []
    for qn in sorted(sipas.QUESTIONNAIRES.values(), key=lambda q: q.valid_from, reverse=True):
        keys += [q.key for q in qn.questions if q.key not in keys]
    yield ["response", "questionnaire", "channel", "submitted_at", "unit", "procedure", *keys]
    for r in qs:
        cells = []
        for key in keys:
            value = r.answers.get(key, "")
            cells.append("|".join(str(v) for v in value) if isinstance(value, list) else value)
        yield [r.pk, r.questionnaire, r.channel, r.submitted_at.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M"),
               r.unit.code, r.procedure.code, *cells]

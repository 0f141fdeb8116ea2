"""Domain operations of the survey engine (no HTTP): versions, recipients and sending,
answering by token, results and cross-tabs. Pages, API and CLI all call these."""
from __future__ import annotations

import copy
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from smartcity.surveys import engine
from smartcity.surveys.models import (
    Campaign,
    Channel,
    Questionnaire,
    QuestionnaireVersion,
    Recipient,
    RecipientState,
    VersionState,
)
from smartcity.economy.sizeclass import CLASSES, size_class


class SurveyError(Exception):
    """A refused operation: `code` for clients, `message` for people, `problems` per field."""

    def __init__(self, code: str, message: str, problems: list[dict] | None = None, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.problems, self.status = code, message, problems or [], status


# -- messages of validation problems ------------------------------------------------------------
MESSAGES = {
    "required": _("This question needs an answer."),
    "invalid_choice": _("Choose one of the proposed answers."),
    "too_many": _("Choose at most %(max)s answers."),
    "not_a_number": _("Write a number, e.g. 25 or 12,5."),
    "out_of_range": _("The number must be between %(min)s and %(max)s."),
    "too_long": _("The text is too long (at most %(max)s characters)."),
    "other_required": _("You chose “Other”: please say what."),
    "unknown_question": _("This question is not in the questionnaire."),
    "unknown_row": _("This row is not in the table."),
    "invalid": _("The answer has the wrong form."),
    "invalid_key": _("Keys are lower-case letters, digits and _ , unique, starting with a letter."),
    "invalid_kind": _("Unknown question kind."),
    "text_missing": _("The Vietnamese wording is missing."),
    "options_invalid": _("A choice question needs at least two different options."),
    "scale_invalid": _("A scale goes from a minimum to a larger maximum, at most 11 points."),
    "rows_invalid": _("A matrix needs rows with different values."),
    "range_invalid": _("The minimum is above the maximum."),
    "show_if_invalid": _("The condition must name an earlier choice or scale question and values."),
    "no_questions": _("The questionnaire has no question."),
}


def problem_dicts(problems: list[engine.Problem]) -> list[dict]:
    out = []
    for p in problems:
        params = dict(p.params)
        text = str(MESSAGES.get(p.code, p.code))
        try:
            text = text % {k: ("…" if v is None else v) for k, v in params.items()} if params else text
        except (KeyError, ValueError):
            pass
        out.append({"field": p.field, "code": p.code, "message": text})
    return out


def lang_en() -> bool:
    return (get_language() or "vi").startswith("en")


def label(item: dict, prefix: str = "") -> str:
    """The wording of a question/option/section in the page's language (Vietnamese fallback)."""
    vi, en = item.get(f"{prefix}vi", ""), item.get(f"{prefix}en", "")
    return (en or vi) if lang_en() else vi


# -- questionnaires and versions ----------------------------------------------------------------
def create_questionnaire(owner, code: str, title_vi: str, title_en: str = "", definition: dict | None = None, **extra) -> Questionnaire:
    with transaction.atomic():
        q = Questionnaire.objects.create(owner=owner, code=code, title_vi=title_vi, title_en=title_en, **extra)
        QuestionnaireVersion.objects.create(questionnaire=q, owner=owner, number=1,
                                            definition=definition or {"sections": []})
    return q


def new_draft(questionnaire: Questionnaire, note: str = "") -> QuestionnaireVersion:
    """The draft to edit: the latest version if it is a draft, else a copy of the latest."""
    latest = questionnaire.latest()
    if latest is not None and latest.state == VersionState.DRAFT:
        return latest
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, owner=questionnaire.owner, number=(latest.number + 1) if latest else 1,
        definition=copy.deepcopy(latest.definition) if latest else {"sections": []}, note=note)


def _frozen(version: QuestionnaireVersion) -> None:
    if version.frozen:
        raise SurveyError("version_frozen", _g("A published version cannot change: make a new draft version."), status=409)


def update_definition(version: QuestionnaireVersion, definition: dict) -> QuestionnaireVersion:
    _frozen(version)
    problems = [p for p in engine.check_definition(definition) if p.code != "no_questions"]
    if problems:
        raise SurveyError("definition_invalid", _g("The questionnaire has problems."), problem_dicts(problems))
    version.definition = definition
    version.save(update_fields=["definition", "updated_at"])
    return version


def publish(version: QuestionnaireVersion) -> QuestionnaireVersion:
    _frozen(version)
    problems = engine.check_definition(version.definition)
    if problems:
        raise SurveyError("definition_invalid", _g("The questionnaire has problems."), problem_dicts(problems))
    version.state, version.published_at = VersionState.PUBLISHED, timezone.now()
    version.save(update_fields=["state", "published_at", "updated_at"])
    return version


def add_section(version, key: str, title_vi: str, title_en: str = "") -> None:
    d = copy.deepcopy(version.definition) or {"sections": []}
    d.setdefault("sections", []).append({"key": key, "title_vi": title_vi, "title_en": title_en, "questions": []})
    update_definition(version, d)


def put_question(version, section_key: str, question: dict, replace: str | None = None) -> None:
    """Add a question at the end of a section, or replace the question `replace` in place."""
    d = copy.deepcopy(version.definition)
    for s in d.get("sections", []):
        for i, q in enumerate(s.get("questions", [])):
            if replace and q["key"] == replace:
                if s["key"] == section_key:
                    s["questions"][i] = question
                    return update_definition(version, d)
                del s["questions"][i]
                break
    for s in d.get("sections", []):
        if s["key"] == section_key:
            s["questions"].append(question)
            return update_definition(version, d)
    raise SurveyError("section_unknown", _g("There is no such section."))


def remove_question(version, key: str) -> None:
    d = copy.deepcopy(version.definition)
    for s in d.get("sections", []):
        s["questions"] = [q for q in s.get("questions", []) if q["key"] != key]
    update_definition(version, d)


# -- enterprises and recipients -----------------------------------------------------------------
DIMENSIONS = ("sector", "size", "park", "fdi")


def _sections_by_sector_id() -> dict[int, str]:
    from smartcity.economy.models import Sector

    rows = {pk: (code, level, parent) for pk, code, level, parent in Sector.objects.values_list("pk", "code", "level", "parent_id")}
    out = {}
    for pk in rows:
        cur, seen = pk, 0
        while cur in rows and rows[cur][1] > 1 and rows[cur][2] and seen < 6:
            cur, seen = rows[cur][2], seen + 1
        code = rows.get(cur, ("",))[0]
        out[pk] = code[:1] if code[:1].isalpha() else ""
    return out


def enterprise_profiles(enterprises) -> dict[int, dict]:
    """{enterprise id: {"sector": VSIC section letter, "size": class, "park": code, "fdi": bool}}."""
    sections = _sections_by_sector_id()
    out = {}
    for e in enterprises:
        section = sections.get(e.main_sector_id, "") if e.main_sector_id else ""
        # the shared record's class (employees with revenue or capital); employees alone when unset
        size = e.size_class or size_class(e.employees, None, None, section) or ""
        out[e.pk] = {"sector": section, "size": size,
                     "park": e.industrial_park.code if e.industrial_park_id else "", "fdi": bool(e.foreign_invested)}
    return out


def select_enterprises(filters: dict):
    """Enterprises matching {"sectors": [letters], "parks": [codes], "sizes": [classes],
    "fdi": "yes"|"no"|"", "limit": n}; the size class is computed, so it filters in Python."""
    from smartcity.economy.models import Enterprise

    qs = Enterprise.objects.select_related("industrial_park").filter(status="active").order_by("pk")
    if filters.get("parks"):
        qs = qs.filter(industrial_park__code__in=filters["parks"])
    if filters.get("fdi") in ("yes", "no"):
        qs = qs.filter(foreign_invested=filters["fdi"] == "yes")
    found = list(qs)
    profiles = enterprise_profiles(found)
    sectors, sizes = set(filters.get("sectors") or []), set(filters.get("sizes") or [])
    chosen = [e for e in found if (not sectors or profiles[e.pk]["sector"] in sectors)
              and (not sizes or profiles[e.pk]["size"] in sizes)]
    limit = filters.get("limit")
    if limit:
        chosen = chosen[: int(limit)]
    return chosen, profiles


def add_recipients(campaign: Campaign, filters: dict) -> int:
    """Add the enterprises matching `filters` that are not recipients yet; returns how many."""
    chosen, profiles = select_enterprises(filters)
    have = set(campaign.recipients.exclude(enterprise=None).values_list("enterprise_id", flat=True))
    new = [Recipient(campaign=campaign, enterprise=e, email=e.contact_email or "", profile=profiles[e.pk])
           for e in chosen if e.pk not in have]
    bulk_create_with_history(new, Recipient, batch_size=500)
    campaign.filters = filters
    campaign.save(update_fields=["filters", "updated_at"])
    return len(new)


def answer_url(recipient: Recipient) -> str:
    return settings.SMARTCITY_BASE_URL + reverse("surveys-answer", args=[recipient.token])


def open_url(campaign: Campaign) -> str:
    return settings.SMARTCITY_BASE_URL + reverse("surveys-open", args=[campaign.public_token])


def _mail(recipient: Recipient, reminder: bool) -> EmailMessage:
    c = recipient.campaign
    name = recipient.enterprise.name_vi if recipient.enterprise_id else ""
    subject = ("[Nhắc lại] " if reminder else "") + c.title_vi
    body = "\n".join([
        f"Kính gửi: {name}" if name else "Kính gửi Quý doanh nghiệp,", "",
        c.intro_vi or "Trân trọng mời Quý doanh nghiệp tham gia khảo sát.", "",
        f"Đường dẫn trả lời riêng của Quý doanh nghiệp: {answer_url(recipient)}",
        f"Hạn trả lời: {timezone.localtime(c.closes_at):%d/%m/%Y %H:%M}",
        f"Liên hệ: {c.contact}" if c.contact else "", "", "---", "",
        f"Dear {recipient.enterprise.name_en or name}," if name else "Dear Sir or Madam,", "",
        c.intro_en or "You are kindly invited to take part in this survey.", "",
        f"Your personal link: {answer_url(recipient)}",
        f"Please answer by {timezone.localtime(c.closes_at):%d/%m/%Y %H:%M}."])
    return EmailMessage(subject, body, to=[recipient.email])


def send(campaign: Campaign, now=None) -> dict:
    """Send the pending recipients: an e-mail to those with an address; all become 'sent'
    (those without an address get the printed letter)."""
    now = now or timezone.now()
    pending = list(campaign.recipients.filter(state=RecipientState.PENDING, channel=Channel.INVITED).select_related("enterprise", "campaign"))
    messages = [_mail(r, False) for r in pending if r.email]
    if messages:
        get_connection().send_messages(messages)
    for r in pending:
        r.state, r.sent_at = RecipientState.SENT, now
    bulk_update_with_history(pending, Recipient, ["state", "sent_at"], batch_size=500)
    return {"sent": len(pending), "emailed": len(messages), "letters": len(pending) - len(messages)}


def remind(campaign: Campaign, now=None) -> int:
    """E-mail a reminder to invited recipients who have not submitted (and have an address)."""
    now = now or timezone.now()
    if not campaign.is_open(now):
        raise SurveyError("closed", _g("The survey is closed."), status=409)
    late = list(campaign.recipients.filter(channel=Channel.INVITED, submitted_at=None,
                                           state__in=[RecipientState.SENT, RecipientState.OPENED, RecipientState.PARTIAL])
                .exclude(email="").select_related("enterprise", "campaign"))
    if late:
        get_connection().send_messages([_mail(r, True) for r in late])
        for r in late:
            r.reminders += 1
            r.reminded_at = now
        bulk_update_with_history(late, Recipient, ["reminders", "reminded_at"], batch_size=500)
    return len(late)


def response_rate(campaign: Campaign) -> dict:
    """Recipients per state and the response rate (submitted / sent, personal links only)."""
    from django.db.models import Count

    counts = {s: 0 for s in RecipientState.values}
    for row in campaign.recipients.filter(channel=Channel.INVITED).values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    invited = sum(counts.values())
    sent = invited - counts[RecipientState.PENDING]
    open_submitted = campaign.recipients.filter(channel=Channel.OPEN, state=RecipientState.SUBMITTED).count()
    return {"invited": invited, "sent": sent, "states": counts, "open_link_submitted": open_submitted,
            "rate": round(counts[RecipientState.SUBMITTED] / sent, 4) if sent else None}


# -- answering by token -------------------------------------------------------------------------
def recipient_for(token: str) -> Recipient | None:
    return Recipient.objects.select_related("campaign__version__questionnaire", "campaign__owner", "enterprise").filter(token=token).first()


def mark_opened(recipient: Recipient, now=None) -> None:
    if recipient.opened_at is None:
        recipient.opened_at = now or timezone.now()
        if recipient.state in (RecipientState.PENDING, RecipientState.SENT):
            recipient.state = RecipientState.OPENED
        recipient.save(update_fields=["opened_at", "state"])


def _check_answerable(recipient: Recipient, now) -> None:
    if recipient.submitted_at is not None:
        raise SurveyError("already_submitted", _g("These answers were already sent. Thank you."), status=409)
    if not recipient.campaign.is_open(now):
        raise SurveyError("closed", _g("The survey is closed."), status=409)


def save_draft(recipient: Recipient, raw: dict, now=None) -> dict:
    """Keep the answers given so far (types and ranges checked; required ones not yet)."""
    now = now or timezone.now()
    with transaction.atomic():
        recipient = Recipient.objects.select_for_update().select_related("campaign__version").get(pk=recipient.pk)
        _check_answerable(recipient, now)
        clean, problems = engine.clean_answers(recipient.campaign.version.definition, raw, partial=True)
        recipient.answers = clean
        recipient.saved_at = now
        recipient.opened_at = recipient.opened_at or now
        recipient.state = RecipientState.PARTIAL
        recipient.save(update_fields=["answers", "saved_at", "opened_at", "state"])
    return {"answers": clean, "problems": problem_dicts(problems)}


def submit(recipient: Recipient, raw: dict, now=None) -> Recipient:
    """Record the final answers once: every problem refuses the whole submission."""
    now = now or timezone.now()
    with transaction.atomic():
        recipient = Recipient.objects.select_for_update().select_related("campaign__version").get(pk=recipient.pk)
        _check_answerable(recipient, now)
        clean, problems = engine.clean_answers(recipient.campaign.version.definition, raw)
        if problems:
            raise SurveyError("validation_error", _g("Some answers need attention."), problem_dicts(problems))
        recipient.answers = clean
        recipient.submitted_at = recipient.saved_at = now
        recipient.opened_at = recipient.opened_at or now
        recipient.state = RecipientState.SUBMITTED
        recipient.save(update_fields=["answers", "submitted_at", "saved_at", "opened_at", "state"])
    return recipient


OPEN_LIMIT = 20      # new anonymous answer sessions per client address ...
OPEN_WINDOW = 3600   # ... per hour


def client_key(ip: str | None) -> str:
    return hashlib.sha256((ip or "-").encode()).hexdigest()[:24]  # the cache holds no addresses


def start_open(campaign: Campaign, ip: str | None, now=None) -> Recipient:
    """An anonymous recipient from the open link, rate-limited per client address."""
    now = now or timezone.now()
    if not campaign.open_link:
        raise SurveyError("not_found", _g("This survey has no public link."), status=404)
    if not campaign.is_open(now):
        raise SurveyError("closed", _g("The survey is closed."), status=409)
    limit = int(getattr(settings, "SURVEYS_OPEN_LIMIT", OPEN_LIMIT))
    window = int(getattr(settings, "SURVEYS_OPEN_WINDOW", OPEN_WINDOW))
    key = f"surveys:open:{campaign.pk}:{client_key(ip)}:{int(time.time()) // window}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise SurveyError("rate_limited", _g("Too many answers from this connection. Please try again later."), status=429)
    return Recipient.objects.create(campaign=campaign, channel=Channel.OPEN, state=RecipientState.OPENED, opened_at=now)


# -- results ------------------------------------------------------------------------------------
def dimension_labels() -> dict[str, dict]:
    """Labels of the groups of each cross-tab dimension, in display order."""
    from smartcity.economy.models import IndustrialPark, Sector

    sizes = {"micro": _g("Micro"), "small": _g("Small"), "medium": _g("Medium-sized"), "large": _g("Large")}
    en = lang_en()
    sectors = {s.code: f"{s.code} – {(s.name_en if en and s.name_en else s.name_vi)}" for s in Sector.objects.filter(level=1)}
    parks = {p.code: (p.name_en if en and p.name_en else p.name_vi) for p in IndustrialPark.objects.all()}
    parks[OUTSIDE] = _g("Outside industrial parks")
    return {"sector": sectors, "size": {k: sizes[k] for k in CLASSES},
            "park": parks, "fdi": {"True": _g("Foreign-invested"), "False": _g("Domestic")},
            engine.UNKNOWN: _g("Not known")}


OUTSIDE = "-"  # the park "group" of enterprises outside the industrial parks
DIMENSION_NAMES = {"sector": _("VSIC section"), "size": _("size class"), "park": _("industrial park"), "fdi": _("foreign-invested")}


def _group(profile: dict, by: str) -> str:
    if not profile:
        return engine.UNKNOWN
    value = profile.get(by)
    if by == "fdi":
        return str(bool(value)) if value is not None else engine.UNKNOWN
    if by == "park":
        return value or OUTSIDE
    return value or engine.UNKNOWN


def submitted(campaign: Campaign, filters: dict | None = None) -> list[Recipient]:
    """Submitted recipients, optionally filtered by profile ({"sector": "C", "size": "small", ...})."""
    rows = list(campaign.recipients.filter(state=RecipientState.SUBMITTED).select_related("enterprise").order_by("submitted_at", "pk"))
    for dim, value in (filters or {}).items():
        if dim in DIMENSIONS and value not in (None, ""):
            rows = [r for r in rows if _group(r.profile, dim) == str(value)]
    return rows


def results(campaign: Campaign, filters: dict | None = None) -> dict:
    definition = campaign.version.definition
    rows = submitted(campaign, filters)
    answers = [r.answers for r in rows]
    return {"n": len(rows), "questions": {q["key"]: engine.tally(q, answers) for q in engine.questions(definition)}}


def crosstab(campaign: Campaign, key: str, by: str, filters: dict | None = None) -> dict:
    q = engine.question_map(campaign.version.definition).get(key)
    if q is None:
        raise SurveyError("unknown_question", _g("This question is not in the questionnaire."), [{"field": "question", "code": "invalid", "message": _g("Unknown question.")}])
    if by not in DIMENSIONS:
        raise SurveyError("invalid_dimension", _g("Cross-tabs are by sector, size, park or foreign-invested."), [{"field": "by", "code": "invalid", "message": _g("Unknown dimension.")}])
    if q["kind"] not in ("single", "multi", "scale"):
        raise SurveyError("not_crosstabbable", _g("Only choice and scale questions can be cross-tabulated."), [{"field": "question", "code": "invalid", "message": _g("Not a choice or scale question.")}])
    labels = dimension_labels()
    order = list(labels[by].keys())
    table = engine.crosstab(q, [(_group(r.profile, by), r.answers) for r in submitted(campaign, filters)], order)
    for g in table["groups"]:
        g["label"] = labels[engine.UNKNOWN] if g["group"] == engine.UNKNOWN else labels[by].get(g["group"], g["group"])
    table["column_labels"] = column_labels(q)
    table["by"] = by
    return table


def column_labels(q: dict) -> dict:
    if q["kind"] in ("single", "multi"):
        out = {str(o["value"]): label(o) for o in q.get("options", [])}
        if q.get("other"):
            out.setdefault(engine.OTHER, _g("Other"))
        return out
    labels = {int(x["value"]): label(x) for x in (q.get("scale") or {}).get("labels", [])}
    return {v: (f"{v} – {labels[v]}" if v in labels else str(v)) for v in engine.scale_values(q)}

"""Domain operations of the innovation app as plain functions (no HTTP): the initiative
workflow with its history, e-mail verification codes, supports, official answers, rate
limits, and the startup queries shared by pages and API.

E-mail verification: a 6-digit code, sent through Django's mail (the demo writes it to
var/outbox/), valid INNOVATION_CODE_TTL seconds (default 1800) and INNOVATION_CODE_TRIES
wrong tries (default 5). Only keyed hashes of the code and of the address are stored
(onestop.crypto.keyed_hash under the platform's field key): the same address cannot
support one initiative twice, and the table of supports names nobody.

Rate limits per client IP (Django's cache, fixed windows of an hour): code requests
INNOVATION_CODE_IP_LIMIT (default 10), initiative submissions INNOVATION_SUBMIT_IP_LIMIT
(default 5), code checks INNOVATION_CHECK_IP_LIMIT (default 30). Over the limit ->
RateLimited(retry_after) -> HTTP 429 with Retry-After.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.innovation import workflow
from smartcity.innovation.models import Initiative, OfficialAnswer, Support, Transition, Verification, VerificationPurpose
from smartcity.innovation.textsearch import words
from smartcity.onestop.crypto import keyed_hash
from smartcity.onestop.services.lookup import client_ip, mask_name  # noqa: F401  (client_ip re-exported for views)

WINDOW = 3600
_PREFIX = "innovation:rl:"


class InnovationError(Exception):
    """A refusal the user can act on: `code` for clients, `message` for people, `field` if any."""

    def __init__(self, code: str, message: str, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = max(1, int(retry_after))


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rate_limit(kind: str, ip: str, limit: int) -> None:
    """Count one event of `kind` for `ip` in the current hour window; over the limit raise
    RateLimited with the seconds left in the window."""
    import time

    key = f"{_PREFIX}{kind}:{ip}"
    now = time.time()
    started = cache.get(key + ":t")
    if started is None or now - started >= WINDOW:
        cache.set(key + ":t", now, WINDOW)
        cache.set(key, 0, WINDOW)
        started = now
    try:
        n = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW)
        n = 1
    if n > limit:
        raise RateLimited(int(WINDOW - (now - started)) + 1)


def reset_limits(ip: str) -> None:
    cache.delete_many([f"{_PREFIX}{k}:{ip}{s}" for k in ("code", "submit", "check") for s in ("", ":t")])


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_hash(email: str) -> str:
    return keyed_hash(normalise_email(email), "innovation-email")


def _code_hash(token: str, code: str) -> str:
    return keyed_hash(code.strip(), "innovation-code:" + token)


# -- initiatives -------------------------------------------------------------------------------
INITIATIVE_OWNER = "DOST"
CENTRE_CODE = "TTHTKN"


def owner_org():
    """Initiatives belong to the Department of Science and Technology: it answers them
    officially, so its editors (and the Smart City Office) review them. The Centre, a unit
    of the department, owns the programmes, sessions and events."""
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=INITIATIVE_OWNER)


def may_review(user) -> bool:
    from smartcity.core.permissions import can_change

    return can_change(user, owner_org())


def next_reference(year: int) -> str:
    prefix = f"SK-{year}-"
    last = (Initiative.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True).first())
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:04d}"


def record(initiative: Initiative, to_state: str, *, by=None, reason: str = "", at=None, from_state: str | None = None) -> Transition:
    return Transition.objects.create(initiative=initiative, from_state=initiative.state if from_state is None else from_state,
                                     to_state=to_state, by=by, reason=reason, at=at or timezone.now())


@transaction.atomic
def submit(*, title: str, description: str, category: str, name: str, email: str, phone: str = "", unit=None,
           place: str = "", latitude: float | None = None, longitude: float | None = None, ip: str | None = None,
           send: bool = True) -> tuple[Initiative, Verification, str]:
    """A citizen's initiative, pending until the e-mail code comes back. Returns
    (initiative, verification, code); the code is also mailed when `send`."""
    if ip:
        rate_limit("submit", ip, _setting("INNOVATION_SUBMIT_IP_LIMIT", 5))
    if (latitude is None) != (longitude is None):
        raise InnovationError("invalid", _("Give both coordinates of the place, or none."), "latitude")
    if latitude is not None and not (10.7 <= latitude <= 11.6 and 106.2 <= longitude <= 107.1):
        raise InnovationError("out_of_area", _("The place must be in Binh Duong."), "latitude")
    now = timezone.now()
    ini = Initiative(reference=next_reference(timezone.localdate().year), title=title.strip(), description=description.strip(),
                     category=category, unit=unit, place=place.strip(), latitude=latitude, longitude=longitude,
                     proposer_name=name.strip(), proposer_email=normalise_email(email), proposer_phone=phone.strip(),
                     proposer_initials=mask_name(name.strip()), owner=owner_org(), state=workflow.PENDING)
    ini.save()
    record(ini, workflow.PENDING, from_state="", at=now)
    ver, code = _new_code(ini, VerificationPurpose.SUBMIT, email)
    if send:
        _mail_code(email, code, ini, VerificationPurpose.SUBMIT)
    return ini, ver, code


def _new_code(ini: Initiative, purpose: str, email: str) -> tuple[Verification, str]:
    token = secrets.token_urlsafe(18)
    code = f"{secrets.randbelow(10**6):06d}"
    ver = Verification.objects.create(token=token, purpose=purpose, initiative=ini, email_hash=email_hash(email),
                                      code_hash=_code_hash(token, code),
                                      expires_at=timezone.now() + timedelta(seconds=_setting("INNOVATION_CODE_TTL", 1800)))
    return ver, code


def _mail_code(email: str, code: str, ini: Initiative, purpose: str) -> None:
    if purpose == VerificationPurpose.SUBMIT:
        subject = _("Confirm your initiative %(ref)s") % {"ref": ini.reference}
        why = _("You submitted the community initiative \"%(title)s\".") % {"title": ini.title}
    else:
        subject = _("Confirm your support for initiative %(ref)s") % {"ref": ini.reference}
        why = _("You asked to support the community initiative \"%(title)s\".") % {"title": ini.title}
    minutes = _setting("INNOVATION_CODE_TTL", 1800) // 60
    body = "\n\n".join([why, _("Your confirmation code: %(code)s") % {"code": code},
                        _("The code is valid for %(n)d minutes. If you did not ask for it, ignore this message.") % {"n": minutes},
                        _("Community Initiative and Startup Support Centre of Binh Duong")])
    send_mail(subject, body, None, [email])


def request_support(ini: Initiative, email: str, *, ip: str | None = None, send: bool = True) -> tuple[Verification, str]:
    """Step 1 of a support: refuse an address that already supported, else mail a code."""
    if ip:
        rate_limit("code", ip, _setting("INNOVATION_CODE_IP_LIMIT", 10))
    if not ini.may_be_supported:
        raise InnovationError("not_supportable", _("This initiative cannot be supported in its present state."), status=409)
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise InnovationError("invalid", _("Enter a valid e-mail address."), "email")
    if Support.objects.filter(initiative=ini, email_hash=email_hash(email)).exists():
        raise InnovationError("already_supported", _("This e-mail address has already supported this initiative."), "email", 409)
    ver, code = _new_code(ini, VerificationPurpose.SUPPORT, email)
    if send:
        _mail_code(email, code, ini, VerificationPurpose.SUPPORT)
    return ver, code


@dataclass
class Verified:
    purpose: str
    initiative: Initiative


def verify(token: str, code: str, *, ip: str | None = None) -> Verified:
    """Step 2: check the code. A submission becomes `submitted`; a support is counted.
    A wrong code is counted outside the success transaction, so it sticks."""
    if ip:
        rate_limit("check", ip, _setting("INNOVATION_CHECK_IP_LIMIT", 30))
    ver = Verification.objects.select_related("initiative").filter(token=token or "").first()
    if ver is None:
        raise InnovationError("not_found", _("This confirmation link is unknown."), status=404)
    tries = _setting("INNOVATION_CODE_TRIES", 5)
    if ver.used_at is not None:
        raise InnovationError("used", _("This code has already been used."), "code", 409)
    if ver.expires_at <= timezone.now():
        raise InnovationError("expired", _("This code has expired; ask for a new one."), "code", 410)
    if ver.attempts >= tries:
        raise InnovationError("too_many_attempts", _("Too many wrong codes; ask for a new one."), "code", 410)
    if not hmac.compare_digest(ver.code_hash, _code_hash(ver.token, code or "")):
        Verification.objects.filter(pk=ver.pk).update(attempts=F("attempts") + 1)
        left = tries - ver.attempts - 1
        raise InnovationError("wrong_code", _("The code is not right (%(n)d tries left).") % {"n": max(0, left)}, "code")
    return _use(ver)


@transaction.atomic
def _use(ver: Verification) -> Verified:
    now = timezone.now()
    if Verification.objects.filter(pk=ver.pk, used_at__isnull=True).update(used_at=now) != 1:  # two tabs, one code
        raise InnovationError("used", _("This code has already been used."), "code", 409)
    ini = Initiative.objects.select_for_update().get(pk=ver.initiative_id)
    if ver.purpose == VerificationPurpose.SUBMIT:
        if ini.state == workflow.PENDING:
            record(ini, workflow.SUBMITTED, reason="")
            ini.state, ini.email_verified_at, ini.submitted_at = workflow.SUBMITTED, now, now
            ini.save()
        return Verified(ver.purpose, ini)
    if not ini.may_be_supported:
        raise InnovationError("not_supportable", _("This initiative cannot be supported in its present state."), status=409)
    try:
        with transaction.atomic():
            Support.objects.create(initiative=ini, email_hash=ver.email_hash, created_at=now)
    except IntegrityError:
        raise InnovationError("already_supported", _("This e-mail address has already supported this initiative."), "email", 409)
    Initiative.objects.filter(pk=ini.pk).update(supports_count=F("supports_count") + 1)
    ini.refresh_from_db()
    return Verified(ver.purpose, ini)


@transaction.atomic
def change_state(ini: Initiative, target: str, *, by=None, reason: str = "") -> Initiative:
    """Staff move an initiative along the workflow; every change is a Transition row (the
    public timeline) besides the record's own history."""
    try:
        workflow.check(ini.state, target, reason)
    except workflow.TransitionError as exc:
        messages = {"reason_required": _("A rejection needs a reason."),
                    "invalid_transition": _("An initiative cannot go from “%(a)s” to “%(b)s”.") % {
                        "a": state_label(ini.state), "b": state_label(target)},
                    "unknown_state": _("Unknown state.")}
        raise InnovationError(exc.code, messages[exc.code], "reason" if exc.code == "reason_required" else "state")
    record(ini, target, by=by, reason=reason.strip())
    ini.state = target
    if target == workflow.REJECTED:
        ini.rejection_reason = reason.strip()
    if target == workflow.PUBLISHED and ini.published_at is None:
        ini.published_at = timezone.now()
    ini.save()
    _notify_proposer(ini, reason.strip())
    return ini


def _notify_proposer(ini: Initiative, reason: str) -> None:
    """The proposer hears of every state change (and a rejection's reason) by e-mail."""
    if not ini.proposer_email:
        return
    lines = [_("Your community initiative %(ref)s \"%(title)s\" is now: %(state)s.") % {
        "ref": ini.reference, "title": ini.title, "state": state_label(ini.state)}]
    if reason:
        lines.append(_("Reason or note: %(reason)s") % {"reason": reason})
    lines.append(_("Community Initiative and Startup Support Centre of Binh Duong"))
    send_mail(_("Initiative %(ref)s: %(state)s") % {"ref": ini.reference, "state": state_label(ini.state)}, "\n\n".join(lines),
              None, [ini.proposer_email], fail_silently=True)


@transaction.atomic
def answer(ini: Initiative, text: str, *, organisation, by=None, state: str | None = None, answered_on=None) -> OfficialAnswer:
    """The department's official answer; with `state` it moves the initiative too."""
    if not (text or "").strip():
        raise InnovationError("required", _("Write the answer."), "text")
    if state and state != ini.state:
        change_state(ini, state, by=by, reason=text)
    ans = OfficialAnswer.objects.create(initiative=ini, organisation=organisation, text=text.strip(), state=ini.state, by=by,
                                        answered_on=answered_on or timezone.localdate())
    return ans


def state_label(state: str) -> str:
    from smartcity.innovation.models import InitiativeState

    return str(InitiativeState(state).label) if state in InitiativeState.values else state


def public_initiatives():
    return Initiative.objects.filter(published=True, state__in=workflow.PUBLIC_STATES)


def search_initiatives(qs, query: str):
    for w in words(query):
        qs = qs.filter(search_text__contains=w)
    return qs


# -- startups ----------------------------------------------------------------------------------
def filter_startups(qs, *, q: str = "", stage: str = "", tag: str = "", university: str = "", programme: str = ""):
    """The filters of the list page and of the API: words without diacritics, stage, tag,
    university code, programme code."""
    for w in words(q):
        qs = qs.filter(search_text__contains=w)
    if stage:
        qs = qs.filter(stage=stage)
    if tag:
        qs = qs.filter(tag_text__contains=f"|{tag.strip().lower()}|")
    if university:
        qs = qs.filter(universities__code=university)
    if programme:
        qs = qs.filter(programmes__slug=programme)
    return qs.distinct()


def startup_stats(qs) -> dict:
    """Numbers of the statistics page and of /api/innovation/startups/stats/."""
    from smartcity.core.models import Organisation
    from smartcity.innovation import stats
    from smartcity.innovation.models import FundingRound, TeamMember

    rows = list(qs.values("pk", "stage", "tags"))
    ids = [r["pk"] for r in rows]
    unis = {}
    for sid, code in qs.model.universities.through.objects.filter(startup_id__in=ids).values_list("startup_id", "organisation__code"):
        unis.setdefault(sid, []).append(code)
    names = {o.code: o for o in Organisation.objects.filter(code__in={c for cs in unis.values() for c in cs})}
    genders: dict[int, list[str]] = {}
    for sid, g in TeamMember.objects.filter(startup_id__in=ids, founder=True).values_list("startup_id", "gender"):
        genders.setdefault(sid, []).append(g)
    rounds = [(d.year, k, a) for d, k, a in FundingRound.objects.filter(startup_id__in=ids).values_list("date", "kind", "amount_vnd")]
    return {
        "total": len(rows),
        "by_stage": stats.by_stage(r["stage"] for r in rows),
        "by_tag": stats.by_key((r["tags"] or [] for r in rows), top=12),
        "by_university": [(code, n) for code, n in stats.by_key(unis.get(i, []) for i in ids)],
        "university_names": {c: str(o) for c, o in names.items()},
        "funding": stats.funding_per_year(rounds),
        "funding_total_vnd": sum(float(a) for _, _, a in rounds),
        "women_founders_pct": stats.women_founder_share(genders.get(i, []) for i in ids),
    }

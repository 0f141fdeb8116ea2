"""Public status lookup: a dossier code plus a second factor (the last 4 digits of the
applicant's phone), rate limited so that neither codes nor phone digits can be guessed.

Contract:
    lookup(code, phone_tail, *, ip=None) -> Dossier | None     # raises RateLimited

The second factor is checked against `Dossier.lookup_secret` (a keyed hash, so the digits
are not stored in clear) in constant time, and a dummy comparison runs when the code is
unknown: a wrong code and a wrong phone answer the same `None`, in about the same time.

Limits (Django's cache; settings read with defaults so none has to be set):
    ONESTOP_LOOKUP_IP_FAILURES = 10    wrong answers per client IP ...
    ONESTOP_LOOKUP_IP_WINDOW = 600     ... within this many seconds, then locked for the window
    ONESTOP_LOOKUP_IP_TRIES = 60       all lookups per IP per window (scraping with right answers)
    ONESTOP_LOOKUP_CODE_FAILURES = 5   wrong answers for one code (from any IP) ...
    ONESTOP_LOOKUP_CODE_LOCK = 900     ... lock that code for this many seconds
Only wrong answers count toward the tight limits: a service centre's shared connection,
where many citizens check their own dossiers, is not locked by honest lookups. A code that
does not exist is counted and locked exactly like one that does (no enumeration).
"""
import hashlib
import hmac
import math
import re
import time

from django.conf import settings
from django.core.cache import cache

from smartcity.onestop.crypto import keyed_hash

_PREFIX = "onestop:lookup:"
_DUMMY = "0" * 64


class RateLimited(Exception):
    """Too many tries: wait `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = max(1, int(retry_after))


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def normalise_code(code: str) -> str:
    return re.sub(r"\s+", "", code or "")[:60]


def normalise_tail(phone_tail: str) -> str:
    return re.sub(r"\D", "", phone_tail or "")


def _code_key(code: str) -> str:
    # the code is hashed so the cache never holds a list of tried codes
    return hashlib.sha256(code.upper().encode()).hexdigest()[:32]


def _locked_for(key: str) -> int:
    until = cache.get(_PREFIX + "lock:" + key)
    now = time.time()
    return math.ceil(until - now) if until and until > now else 0


def _lock(key: str, seconds: int) -> None:
    cache.set(_PREFIX + "lock:" + key, time.time() + seconds, seconds)


def count_in_window(key: str, window: int) -> int:
    """Fixed-window counter: the window starts with the first event."""
    full = _PREFIX + "n:" + key
    cache.add(full, 0, window)
    try:
        return cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.set(full, 1, window)
        return 1


def check_allowed(code: str, ip: str | None = None) -> None:
    """Raise RateLimited if this IP or this code is locked now."""
    waits = [_locked_for("code:" + _code_key(normalise_code(code)))]
    if ip:
        waits.append(_locked_for("ip:" + ip))
    wait = max(waits)
    if wait:
        raise RateLimited(wait)


def lookup(code: str, phone_tail: str, *, ip: str | None = None):
    """The dossier when the code and the phone's last 4 digits match, else None."""
    from smartcity.onestop.models import Dossier

    code = normalise_code(code)
    tail = normalise_tail(phone_tail)
    window = _limit("ONESTOP_LOOKUP_IP_WINDOW", 600)
    check_allowed(code, ip)
    if ip and count_in_window("tries:" + ip, window) > _limit("ONESTOP_LOOKUP_IP_TRIES", 60):
        _lock("ip:" + ip, window)
        raise RateLimited(window)

    dossier = None
    if code:
        candidates = {code, code.upper()}
        dossier = (Dossier.objects.filter(code__in=candidates)
                   .select_related("procedure_version", "procedure").first())
    expected = dossier.lookup_secret if dossier is not None and dossier.lookup_secret else _DUMMY
    given = keyed_hash(tail, "lookup") if len(tail) == 4 else "x" * 64
    ok = hmac.compare_digest(expected.encode(), given.encode()) and dossier is not None and expected != _DUMMY
    if ok:
        return dossier

    ck = "code:" + _code_key(code)
    if count_in_window("fail:" + ck, _limit("ONESTOP_LOOKUP_CODE_LOCK", 900)) >= _limit("ONESTOP_LOOKUP_CODE_FAILURES", 5):
        _lock(ck, _limit("ONESTOP_LOOKUP_CODE_LOCK", 900))
    if ip and count_in_window("fail:ip:" + ip, window) >= _limit("ONESTOP_LOOKUP_IP_FAILURES", 10):
        _lock("ip:" + ip, window)
    return None


def client_ip(request) -> str:
    """REMOTE_ADDR: behind a reverse proxy, the proxy must set it (never trust a header the
    client can forge, or the limit is bypassed by inventing addresses)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def reset(code: str = "", ip: str = "") -> None:
    """Lift the locks (staff helping a citizen at the counter, tests)."""
    keys = []
    if code:
        ck = "code:" + _code_key(normalise_code(code))
        keys += [_PREFIX + "lock:" + ck, _PREFIX + "n:fail:" + ck]
    if ip:
        keys += [_PREFIX + "lock:ip:" + ip, _PREFIX + "n:fail:ip:" + ip, _PREFIX + "n:tries:ip:" + ip]
    cache.delete_many(keys)


# -- what the public page and API show ----------------------------------------------------------
def mask_name(name: str) -> str:
    """'Nguyễn Văn Hùng' -> 'Nguyễn V. H.': the family name and initials, enough for the
    applicant to recognise their dossier, not enough to identify them."""
    words = (name or "").split()
    if not words:
        return ""
    return " ".join([words[0]] + [w[0] + "." for w in words[1:]])


def _iso(value):
    return value.isoformat() if value else None


def public_status(dossier, now=None) -> dict:
    """Status, procedure, dates, lateness and steps (units and dates only): nothing that
    identifies the applicant beyond a masked name."""
    from django.utils import timezone

    from smartcity.onestop.models import CLOCK_STOPPED, OPEN_STATUSES, DossierStatus, StepKind
    from smartcity.onestop.services import calendar

    now = now or timezone.now()
    version = dossier.procedure_version
    late, days_late, clock = False, 0.0, "running"
    if dossier.status == DossierStatus.SUBMITTED:
        clock = "not_started"  # online, until staff accept it as complete
    elif dossier.status in CLOCK_STOPPED:
        clock = "stopped"
    elif dossier.status not in OPEN_STATUSES:
        clock = "finished"
    end = dossier.result_at or (now if dossier.status in OPEN_STATUSES else None)
    if dossier.due_at and end and end > dossier.due_at:
        late = True
        days_late = round(max(0.0, calendar.working_days_between(dossier.due_at, end, unit=dossier.owner)), 1)
    steps = []
    for h in dossier.handoffs.select_related("from_unit", "to_unit").order_by("seq"):
        steps.append({"kind": h.kind, "label": str(StepKind(h.kind).label) if h.kind in StepKind.values else h.kind,
                      "from_unit": h.from_unit.name if h.from_unit else "", "to_unit": h.to_unit.name if h.to_unit else "",
                      "at": h.at, "step_due_at": h.step_due_at, "timeliness": h.timeliness})
    apologies = [{"issued_at": a.issued_at, "previous_due_at": a.previous_due_at, "new_due_at": a.new_due_at, "unit": a.unit.name}
                 for a in dossier.apologies.select_related("unit").order_by("issued_at", "id")]
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label) if dossier.status in DossierStatus.values else dossier.status,
        "procedure": {"code": dossier.procedure.code, "name": version.name},
        "receiving_unit": dossier.owner.name if dossier.owner_id else "",
        "current_unit": dossier.current_unit.name if dossier.current_unit_id else "",
        "channel": dossier.channel,
        "applicant": mask_name(dossier.applicant_name),
        "submitted_at": dossier.submitted_at, "received_at": dossier.received_at, "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at, "result_at": dossier.result_at, "returned_at": dossier.returned_at,
        "clock": clock, "late": late, "days_late": days_late,
        "result_ready": dossier.result_at is not None, "returned": dossier.returned_at is not None,
        "steps": steps, "apologies": apologies,
    }


def public_status_json(dossier, now=None) -> dict:
    """`public_status` with ISO 8601 datetimes, for the API."""
    data = public_status(dossier, now)
    for key in ("submitted_at", "received_at", "due_at", "original_due_at", "result_at", "returned_at"):
        data[key] = _iso(data[key])
    for row in data["steps"]:
        row["at"], row["step_due_at"] = _iso(row["at"]), _iso(row["step_due_at"])
    for row in data["apologies"]:
        for key in ("issued_at", "previous_due_at", "new_due_at"):
            row[key] = _iso(row[key])
    return data

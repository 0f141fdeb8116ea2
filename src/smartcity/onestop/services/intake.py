"""Intake of dossiers: at the counter (staff) and online (public form), the dossier code, and
the documents attached to a dossier.

Dossier code: the facts say "agency identifier code (Decision 20/2020/QĐ-TTg) + date received
+ sequence number of the day", exact syntax open. The pattern is therefore configurable
(`settings.ONESTOP_CODE_PATTERN`, default `{agency}-{date:%y%m%d}-{seq:04d}`), the agency codes
come from `AGENCY_CODES` below (illustrative codes in the shape of Decision 20/2020, e.g.
`000.00.17.H06`; replace them with the codes the province publishes), and the daily sequence
is a `DossierSequence` row incremented inside the intake transaction so that concurrent
intakes never share or skip a number.

Personal data: ID number, phone, e-mail and address go into the encrypted fields; lists get
masked copies; the public lookup's second factor is a keyed hash of the phone's last 4 digits.
"""
import datetime as dt
import hashlib
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcity.core import files as core_files
from smartcity.onestop import crypto
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.services import calendar

LOCAL = calendar.LOCAL if hasattr(calendar, "LOCAL") else dt.timezone(dt.timedelta(hours=7))
DEFAULT_PATTERN = "{agency}-{date:%y%m%d}-{seq:04d}"

# Agency identifier codes per organisation (illustrative, in the 4-level shape of Decision
# 20/2020/QĐ-TTg: level-1 "H06" stands for the province here; the exact codes are open).
AGENCY_CODES = {
    "PPC": "000.00.00.H06",
    "VPUBND": "000.00.01.H06",
    "DOHA": "000.00.04.H06",
    "DPI": "000.00.07.H06",
    "DOT": "000.00.10.H06",
    "DOET": "000.00.11.H06",
    "DOFA": "000.00.13.H06",
    "DOST": "000.00.15.H06",
    "DOC": "000.00.17.H06",
    "DONRE": "000.00.18.H06",
    "DIC": "000.00.19.H06",
    "BQLKCN": "000.00.25.H06",
    "VSIPMB": "000.00.26.H06",
    "VPTPTM": "000.00.30.H06",
    "TTPVHCC": "000.00.31.H06",  # the provincial Public Administration Service Centre (2025)
}


def agency_code(unit) -> str:
    """The unit's agency code: the mapping above, else a stable code built from the
    organisation's own code (so a receiving unit added by the catalogue still gets codes)."""
    mapped = getattr(settings, "ONESTOP_AGENCY_CODES", {}).get(unit.code) or AGENCY_CODES.get(unit.code)
    return mapped or f"H06.{unit.code.upper()}"


def _local_day(when: dt.datetime) -> dt.date:
    return when.astimezone(LOCAL).date()


def next_code(receiving_unit, when: dt.datetime) -> str:
    """The next dossier code of this unit for the local day of `when`. Runs in (or opens) a
    transaction: the sequence row is locked until the caller's transaction ends, so two
    intakes never get the same number, and a failed intake gives its number back."""
    from smartcity.onestop.models import DossierSequence

    agency, day = agency_code(receiving_unit), _local_day(when)
    with transaction.atomic():
        try:
            with transaction.atomic():
                DossierSequence.objects.get_or_create(agency_code=agency, day=day)
        except IntegrityError:  # created by a concurrent intake between our read and write
            pass
        row = DossierSequence.objects.select_for_update().get(agency_code=agency, day=day)
        row.last += 1
        row.save(update_fields=["last"])
    pattern = getattr(settings, "ONESTOP_CODE_PATTERN", "") or DEFAULT_PATTERN
    return pattern.format(agency=agency, unit=receiving_unit.code, date=when.astimezone(LOCAL), seq=row.last)


# -- applicant -----------------------------------------------------------------------------------
def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def clean_applicant(applicant: dict) -> dict:
    """Checks the applicant dict of the contract; returns normalised values or raises."""
    from smartcity.onestop.models import ApplicantKind

    kind = (applicant.get("kind") or ApplicantKind.CITIZEN).strip()
    if kind not in ApplicantKind.values:
        raise OneStopError("applicant_kind", "Unknown applicant kind.", "kind")
    name = " ".join((applicant.get("name") or "").split())
    if not name:
        raise OneStopError("applicant_name", "The applicant's name is required.", "name")
    phone = (applicant.get("phone") or "").strip()
    phone_digits = _digits(phone)
    if len(phone_digits) < 8 or len(phone_digits) > 15:
        raise OneStopError("applicant_phone", "A phone number (8 to 15 digits) is required: it is the second factor of the status lookup.", "phone")
    id_number = re.sub(r"\s", "", applicant.get("id_number") or "")
    if id_number and not re.fullmatch(r"[0-9A-Za-z\-]{6,20}", id_number):
        raise OneStopError("applicant_id_number", "The ID number or tax code is not valid.", "id_number")
    email = (applicant.get("email") or "").strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise OneStopError("applicant_email", "The e-mail address is not valid.", "email")
    return {"kind": kind, "name": name[:200], "id_number": id_number, "phone": phone_digits, "email": email,
            "address": " ".join((applicant.get("address") or "").split())}


def applicant_fields(applicant: dict) -> dict:
    """Model fields for a cleaned applicant: encrypted values, masks, the lookup check."""
    a = clean_applicant(applicant)
    return {
        "applicant_kind": a["kind"], "applicant_name": a["name"],
        "applicant_id_number": a["id_number"], "applicant_phone": a["phone"],
        "applicant_email": a["email"], "applicant_address": a["address"],
        "id_number_masked": crypto.mask(a["id_number"]), "phone_masked": crypto.mask(a["phone"]),
        "lookup_secret": crypto.keyed_hash(a["phone"][-4:], "lookup"),
    }


# -- checks --------------------------------------------------------------------------------------
def _now(at):
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise OneStopError("naive_datetime", "Times must carry a time zone.")
    return at


def _check_version(version, at):
    from smartcity.onestop.models import VersionStatus

    day = _local_day(at)
    if version.status != VersionStatus.IN_FORCE or version.valid_from > day or (version.valid_to and version.valid_to < day):
        raise OneStopError("version_not_in_force", "This procedure version is not in force.", "version")


def _check_area(area, at):
    if area is not None and not area.is_valid_on(_local_day(at)):
        raise OneStopError("area_not_valid", "This administrative unit is not in force on the intake date.", "area")


def _check_subject(subject):
    subject = " ".join((subject or "").split())
    if not subject:
        raise OneStopError("subject_required", "Say what is requested.", "subject")
    return subject[:400]


# -- uploads -------------------------------------------------------------------------------------
_REASONS = {"empty": "file_empty", "too_large": "file_too_large", "type_not_allowed": "file_type", "content_mismatch": "file_type"}
_MESSAGES = {
    "file_empty": "The file is empty.",
    "file_too_large": "The file is larger than the limit.",
    "file_type": "Only PDF, office documents and images are accepted, and the content must match the extension.",
}


def check_upload(uploaded_file) -> tuple[str, int, str]:
    """(content type, size, sha256) of an acceptable upload, else OneStopError. The type is
    judged by the first bytes against the extension (a web page renamed .pdf is refused)."""
    name = getattr(uploaded_file, "name", "") or ""
    uploaded_file.seek(0)
    head = uploaded_file.read(core_files.HEAD_BYTES)
    uploaded_file.seek(0)
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    limit = getattr(settings, "ONESTOP_MAX_UPLOAD_BYTES", core_files.MAX_BYTES)
    content_type, reason = core_files.sniff(name, head, size, limit, allowed=core_files.DOCUMENTS)
    if reason:
        code = _REASONS.get(reason, "file_type")
        raise OneStopError(code, _MESSAGES[code], "files")
    digest = hashlib.sha256()
    for chunk in (uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else iter(lambda: uploaded_file.read(65536), b"")):
        digest.update(chunk)
    uploaded_file.seek(0)
    return content_type, size, digest.hexdigest()


def attach(dossier, required, uploaded_file, *, phase="intake", user=None):
    """Stores one checked file on the dossier under a generated name (the applicant's file
    name is kept only as the title); files are only ever sent back as downloads."""
    from django.core.files.base import File

    from smartcity.onestop.models import DossierDocument

    content_type, size, sha = check_upload(uploaded_file)
    original = (getattr(uploaded_file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    ext = core_files.extension(original)
    title = (required.name_vi if required is not None else "") or original or ext.upper()
    stored_name = f"{re.sub(r'[^0-9A-Za-z.-]', '_', dossier.code)}-{sha[:12]}.{ext}"
    doc = DossierDocument(dossier=dossier, required=required, phase=phase, title=title[:300],
                          content_type=content_type, size=size, sha256=sha, uploaded_by=user if getattr(user, "pk", None) else None)
    doc.file.save(stored_name, File(uploaded_file, name=stored_name), save=False)
    doc.save()
    return doc


def _check_files(files):
    files = list(files or ())
    for _required, uploaded in files:
        check_upload(uploaded)  # refuse before anything is written
    return files


# -- intake --------------------------------------------------------------------------------------
def _handoff(dossier, **fields):
    from smartcity.onestop.services import lifecycle

    return lifecycle.add_handoff(dossier, **fields)


def receive_at_counter(*, version, applicant, subject, user, area=None, files=(), at=None):
    """A complete dossier handed in at the counter: code, receipt, clock started."""
    from smartcity.onestop.models import Channel, Dossier, DossierStatus, StepKind
    from smartcity.onestop.services import lifecycle

    at = _now(at)
    _check_version(version, at)
    _check_area(area, at)
    subject = _check_subject(subject)
    fields = applicant_fields(applicant)
    files = _check_files(files)
    unit = version.receiving_unit
    with transaction.atomic():
        due = calendar.due_at(at, version.time_limit_days, unit=unit)
        dossier = Dossier.objects.create(
            owner=unit, code=next_code(unit, at), procedure_version=version, procedure=version.procedure,
            rule_set=version.rule_set, channel=Channel.COUNTER, status=DossierStatus.RECEIVED, current_unit=unit,
            area=area, subject=subject, received_at=at, received_by=user if getattr(user, "pk", None) else None,
            due_at=due, original_due_at=due, **fields)
        for required, uploaded in files:
            attach(dossier, required, uploaded, phase="intake", user=user)
        _handoff(dossier, kind=StepKind.RECEIVE, from_unit=None, to_unit=unit, by=user, at=at,
                 step_due_at=lifecycle.step_due(dossier, unit, at))
        lifecycle.notify_safely(dossier, "received")
    return dossier


def submit_online(*, version, applicant, subject, area=None, files=(), at=None):
    """An online submission: a code at once (for the lookup), status 'submitted', the clock
    not started until staff accept it (`accept_online`)."""
    from smartcity.onestop.models import Channel, Dossier, DossierStatus, OnlineLevel
    from smartcity.onestop.services import lifecycle

    at = _now(at)
    _check_version(version, at)
    if version.online_level == OnlineLevel.NONE:
        raise OneStopError("not_online", "This procedure is not offered online.", "version")
    _check_area(area, at)
    subject = _check_subject(subject)
    fields = applicant_fields(applicant)
    files = _check_files(files)
    unit = version.receiving_unit
    with transaction.atomic():
        dossier = Dossier.objects.create(
            owner=unit, code=next_code(unit, at), procedure_version=version, procedure=version.procedure,
            rule_set=version.rule_set, channel=Channel.ONLINE, status=DossierStatus.SUBMITTED, current_unit=unit,
            area=area, subject=subject, submitted_at=at, **fields)
        for required, uploaded in files:
            attach(dossier, required, uploaded, phase="intake", user=None)
        lifecycle.notify_safely(dossier, "submitted")
    return dossier


def accept_online(dossier, user, at=None):
    """Staff checked an online dossier and found it complete: received now, clock started."""
    from smartcity.onestop.models import DossierStatus, StepKind
    from smartcity.onestop.services import lifecycle

    at = _now(at)
    with transaction.atomic():
        d = lifecycle.locked(dossier)
        lifecycle.check_transition(d, "accept")
        unit = d.owner
        due = calendar.due_at(at, d.procedure_version.time_limit_days, unit=unit)
        d.status, d.received_at, d.due_at, d.original_due_at = DossierStatus.RECEIVED, at, due, due
        d.received_by = user if getattr(user, "pk", None) else None
        d.current_unit = unit
        d.save(update_fields=["status", "received_at", "due_at", "original_due_at", "received_by", "current_unit", "updated_at"])
        _handoff(d, kind=StepKind.RECEIVE, from_unit=None, to_unit=unit, by=user, at=at, step_due_at=lifecycle.step_due(d, unit, at))
        lifecycle.notify_safely(d, "received")
    return lifecycle.synced(dossier, d)

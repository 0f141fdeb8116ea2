"""Personal data of applicants (Decree 13/2023/NĐ-CP on personal data protection): lists and
pages show masked copies only; the full record is decrypted on an explicit request and
every such view or export writes a `PersonalDataAccess` row (who, when, what, from where)."""
from smartcity.onestop.errors import OneStopError

FULL_FIELDS = ("applicant_id_number", "applicant_phone", "applicant_email", "applicant_address")


def _ip(request) -> str | None:
    if request is None:
        return None
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_ipv46_address

    ip = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return ip


def log_access(user, dossier, action: str, fields: str = "", request=None, purpose: str = ""):
    """One row per view or export of personal data; `dossier` may be None for a bulk export."""
    from smartcity.onestop.models import PersonalDataAccess

    return PersonalDataAccess.objects.create(
        dossier=dossier, user=user if getattr(user, "pk", None) else None, action=(action or "view")[:30],
        fields=(fields or "")[:200], purpose=(purpose or "")[:200], ip=_ip(request))


def masked_record(dossier) -> dict:
    """What lists and pages show without a logged access."""
    return {"kind": dossier.applicant_kind, "name": dossier.applicant_name,
            "id_number": dossier.id_number_masked, "phone": dossier.phone_masked,
            "email": _mask_email(dossier.applicant_email), "address": "***" if dossier.applicant_address else ""}


def _mask_email(email: str) -> str:
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain


def full_record(dossier, user, request=None, purpose: str = "") -> dict:
    """The applicant's data in clear, for a user allowed to see the dossier; logged."""
    from smartcity.onestop import permissions

    if not permissions.can_view(user, dossier):
        raise OneStopError("forbidden", "You may not see this dossier's personal data.")
    log_access(user, dossier, "view_full", ",".join(f.removeprefix("applicant_") for f in FULL_FIELDS), request, purpose)
    return {"kind": dossier.applicant_kind, "name": dossier.applicant_name, "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone, "email": dossier.applicant_email, "address": dossier.applicant_address}

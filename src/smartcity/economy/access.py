"""Who sees which fields of an enterprise, and the log of every read of restricted fields.

Three field groups (issue 11): public (identity, sector, park, status, address), government
(people, money, investors, contacts: for users of government bodies) and owner department
(the Department of Planning and Investment, which keeps the register, and the Smart City
Office: internal notes, history, the access log). A read of the government or owner group
by a user is written to `EnterpriseAccessLog` with its channel (page, API, export)."""
from django.utils import timezone

from smartcity.core.models import Helix
from smartcity.core.permissions import is_coordinator
from smartcity.economy.models import Channel, EnterpriseAccessLog, FieldGroup

OWNER_CODE = "DPI"

PUBLIC_FIELDS = ["tax_code", "name_vi", "name_en", "short_name", "legal_form", "status", "established", "address", "unit",
                 "former_unit", "industrial_park", "main_sector", "sectors", "sector_section", "size_class",
                 "foreign_invested", "investor_countries", "website"]
GOVERNMENT_FIELDS = ["employees", "registered_capital_vnd", "invested_capital_usd", "annual_revenue_vnd", "investors",
                     "representative", "contact_phone", "contact_email"]
OWNER_FIELDS = ["notes", "published", "owner", "merged_into", "links", "history"]

FIELDS_OF = {FieldGroup.PUBLIC: PUBLIC_FIELDS, FieldGroup.GOVERNMENT: GOVERNMENT_FIELDS, FieldGroup.OWNER: OWNER_FIELDS}
RESTRICTED = (FieldGroup.GOVERNMENT, FieldGroup.OWNER)


def is_owner_department(user) -> bool:
    """Members of the Department of Planning and Investment (any role), coordinators, superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    org = getattr(user, "organisation", None)
    return bool(org and org.code == OWNER_CODE)


def may_edit(user) -> bool:
    """Editors of the owner department and the Smart City Office's coordinators."""
    if not is_owner_department(user):
        return False
    return is_coordinator(user) or user.has_role("editor")


def groups_for(user, owner_id=None) -> list[str]:
    groups = [FieldGroup.PUBLIC]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return groups
    org = getattr(user, "organisation", None)
    if is_coordinator(user) or (org and org.helix == Helix.GOVERNMENT):
        groups.append(FieldGroup.GOVERNMENT)
    if is_coordinator(user) or (org and (org.code == OWNER_CODE or (owner_id is not None and org.pk == owner_id))):
        if FieldGroup.GOVERNMENT not in groups:
            groups.append(FieldGroup.GOVERNMENT)
        groups.append(FieldGroup.OWNER)
    return [str(g) for g in groups]


def visible_fields(groups) -> set[str]:
    out = set()
    for g in groups:
        out.update(FIELDS_OF[g])
    return out


def log(user, enterprises, groups, channel: str, path: str = "") -> int:
    """Write one row per enterprise and restricted group read; returns the rows written."""
    restricted = [g for g in groups if g in RESTRICTED]
    if not restricted or not getattr(user, "is_authenticated", False):
        return 0
    now = timezone.now()
    rows = [EnterpriseAccessLog(user=user, organisation_id=user.organisation_id, at=now, enterprise_id=getattr(e, "pk", e),
                                field_group=g, channel=channel, path=path[:300])
            for e in enterprises for g in restricted]
    EnterpriseAccessLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


__all__ = ["Channel", "FieldGroup", "groups_for", "log", "may_edit", "is_owner_department"]

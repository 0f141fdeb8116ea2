"""Who may see and act on a dossier.

See: staff (users with an organisation) of the receiving unit (owner), of the unit holding
it now, of units it was transferred through or consulted; the coordinator (Smart City
Office) and superusers see everything. Anonymous users see nothing here (the public lookup
is a separate, rate-limited page).

Act: editor role or higher in the unit that must act. Receiving, accepting online dossiers,
returning results and recording a withdrawal happen at the receiving unit's counter; the
processing actions (transfer, consult, supplement, suspend, resume, apology, result,
refusal) belong to the unit holding the dossier; an answer to a consultation to the
consulted unit; supplement papers may be taken in by either the counter or the holder.
"""
from django.db.models import Exists, OuterRef, Q

from smartcity.core.models import Role
from smartcity.core.permissions import is_coordinator

# action -> who acts: "owner" (receiving unit), "holder" (unit holding it), "either"
ACTORS = {
    "accept": "owner", "return": "owner", "withdraw": "owner",
    "transfer": "holder", "consult": "holder", "supplement": "either", "supplemented": "either",
    "reject": "holder", "suspend": "holder", "resume": "holder", "apology": "holder", "result": "holder",
    "answer": "consulted",
}


def is_staff_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.organisation_id or user.is_superuser))


def sees_all(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or is_coordinator(user)
                or (user.organisation_id and user.organisation.is_coordinator)))


def visible_dossiers(queryset, user):
    """The dossiers this user may see."""
    from smartcity.onestop.models import Consultation, Handoff

    if not is_staff_user(user):
        return queryset.none()
    if sees_all(user):
        return queryset
    org = user.organisation_id
    consulted = Consultation.objects.filter(dossier=OuterRef("pk"), unit_id=org)
    handled = Handoff.objects.filter(dossier=OuterRef("pk"), to_unit_id=org)
    return queryset.filter(Q(owner_id=org) | Q(current_unit_id=org) | Exists(consulted) | Exists(handled))


def can_view(user, dossier) -> bool:
    if not is_staff_user(user):
        return False
    if sees_all(user):
        return True
    org = user.organisation_id
    if org in (dossier.owner_id, dossier.current_unit_id):
        return True
    return dossier.consultations.filter(unit_id=org).exists() or dossier.handoffs.filter(to_unit_id=org).exists()


def _editor_of(user, org_id) -> bool:
    return bool(is_staff_user(user) and org_id is not None and user.organisation_id == org_id and user.has_role(Role.EDITOR))


def can_act(user, dossier, action: str, consultation=None) -> bool:
    """May this user take this action on this dossier (permission only, not the state)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    who = ACTORS.get(action)
    if who == "owner":
        return _editor_of(user, dossier.owner_id)
    if who == "holder":
        return _editor_of(user, dossier.current_unit_id)
    if who == "either":
        return _editor_of(user, dossier.owner_id) or _editor_of(user, dossier.current_unit_id)
    if who == "consulted":
        if consultation is not None:
            return _editor_of(user, consultation.unit_id)
        return any(_editor_of(user, c.unit_id) for c in dossier.consultations.filter(answered_at__isnull=True))
    return False


def available_actions(user, dossier) -> list[str]:
    """Actions legal in the dossier's state that this user may take (for the page and API)."""
    from smartcity.onestop.services.lifecycle import TRANSITIONS

    return [a for a, states in TRANSITIONS.items() if dossier.status in states and can_act(user, dossier, a)]


def can_receive(user, unit) -> bool:
    """Counter intake for a receiving unit."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (is_coordinator(user) or _editor_of(user, getattr(unit, "pk", unit))))

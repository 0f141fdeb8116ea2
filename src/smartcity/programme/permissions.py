"""Who may do what in the programme, on top of the platform's one write rule
(core.permissions: owners' editors change their records, the Smart City Office everything).

- a unit's editors change their own items, reports, unit plan and escalations;
- the Smart City Office (coordinator) reviews reports, unit plans and escalations, and
  approves ICF answers;
- the Steering Committee (BCD) records decisions on escalations; the Office may record them
  on the Committee's behalf (it keeps the Committee's minutes).
"""
from smartcity.core.models import Role
from smartcity.core.permissions import can_change, is_coordinator  # noqa: F401  (re-exported)

STEERING_CODES = ("BCD",)


def can_review(user) -> bool:
    return is_coordinator(user)


def can_decide(user) -> bool:
    if is_coordinator(user):
        return True
    org = getattr(user, "organisation", None)
    return bool(getattr(user, "is_authenticated", False) and user.is_active and org is not None
                and org.code in STEERING_CODES and user.has_role(Role.EDITOR))

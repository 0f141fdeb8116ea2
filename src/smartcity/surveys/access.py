"""Who sees what beyond the platform's one write rule (`core.permissions.can_change`):
campaigns, recipients, answers, results and findings are working material of the owner
organisation, read by its members (any role) and by the coordinator; questionnaires that are
published are public (anyone may read the questions)."""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _g

from smartcity.core.permissions import is_coordinator


def can_see(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_coordinator(user) or (user.organisation_id is not None and user.organisation_id == obj.owner_id)


def require_see(user, obj) -> None:
    if not can_see(user, obj):
        raise PermissionDenied(_g("Survey answers and results are for the staff of the organisation that runs the survey."))


def staff_filter(queryset, user):
    """Records of the user's organisation (all of them for the coordinator)."""
    if is_coordinator(user):
        return queryset
    if getattr(user, "is_authenticated", False) and user.organisation_id:
        return queryset.filter(owner_id=user.organisation_id)
    return queryset.none()

"""Who may open the operations-centre wall: any signed-in, active member of a government
organisation (departments, district authorities, the Smart City Office) and superusers.
The wall shows operational data of every module (alerts, unpublished assets of the
viewer's organisation), so members of enterprises, universities and partners may not."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from smartcity.core.models import Helix


def may_open_wall(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    org = getattr(user, "organisation", None)
    return bool(org and org.helix == Helix.GOVERNMENT)


def wall_required(view):
    """Anonymous -> the login page; signed in but not government staff -> 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_open_wall(request.user):
            raise PermissionDenied(_("The operations-centre wall is for staff of government organisations."))
        return view(request, *args, **kwargs)

    return wrapped

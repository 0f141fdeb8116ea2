"""The programme module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.programme.models import Escalation, EscalationStatus, Item

    return [(_("programme items"), Item.objects.count()),
            (_("open escalations"), Escalation.objects.filter(status__in=[EscalationStatus.OPEN, EscalationStatus.REVIEW]).count())]


def register() -> None:
    register_module(Module(
        key="programme", label=_("Smart City programme"), url_name="programme-home",
        plan_items=("P1", "P2", "P3", "P4", "P19"),
        description=_("The 2018 plan as live data: items and progress, unit reports and escalations, working sessions, "
                      "Triple Helix, the ICF Smart21 application, international events and the executive dashboard."),
        counts=_counts, order=10,
    ))

"""The research module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.research.models import Course, Lab, Pilot, ResearchProject

    return [(_("labs"), Lab.objects.filter(published=True).count()),
            (_("Living Lab pilots"), Pilot.objects.filter(published=True).count()),
            (_("research projects"), ResearchProject.objects.filter(published=True).count()),
            (_("training courses"), Course.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="research", label=_("Labs, research and training"), url_name="research-home",
        plan_items=("P6",),
        description=_("Labs of the universities and colleges with equipment and bookings, Living Lab pilots in the city, research projects for the smart city and skills training (plan item P6)."),
        counts=_counts, order=62,
    ))

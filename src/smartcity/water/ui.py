"""The rainwater reservoirs module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.water.models import Reservoir

    return [(_("reservoirs"), Reservoir.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="water", label=_("Rainwater reservoirs"), url_name="water-home",
        plan_items=('P17',),
        description=_("Reservoirs collecting rainwater and treated water: stored volume from level through each stage-storage table, inflow, outflow and reuse, overflow and low-level alerts, season reports."),
        counts=_counts, order=48,
    ))

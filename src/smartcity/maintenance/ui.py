"""The maintenance work orders module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.maintenance.services import active_count

    return [(_("active work orders"), active_count())]


def register() -> None:
    register_module(Module(
        key="maintenance", label=_("Maintenance work orders"), url_name="maintenance-home",
        plan_items=('P9', 'P16', 'P17'),
        description=_("Work orders for field crews raised from hub alerts on any device (luminaires, bins, toilets, reservoirs): assign, fix, close with photos; repair times."),
        counts=_counts, order=49,
    ))

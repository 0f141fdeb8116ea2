"""The smart bins and waste collection module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.sanitation.models import Bin, CollectionPlan, Truck

    return [(_("smart bins"), Bin.objects.filter(published=True).count()),
            (_("collection trucks"), Truck.objects.filter(published=True, active=True).count()),
            (_("collection plans"), CollectionPlan.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="sanitation", label=_("Smart bins and waste collection"), url_name="sanitation-home",
        plan_items=('P16',),
        description=_("Bins with fill-level sensors, fill-rate predictions and alerts, collection plans optimised as a capacitated vehicle routing problem, route sheets per driver."),
        counts=_counts, order=46,
    ))

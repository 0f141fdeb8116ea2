"""The one-stop module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.onestop.models import Dossier, Procedure

    return [(_("procedures"), Procedure.objects.count()), (_("dossiers"), Dossier.objects.count())]


def register() -> None:
    register_module(Module(
        key="onestop", label=_("One-stop shop"), url_name="onestop-home",
        plan_items=("P13",),
        description=_("Administrative procedures and their deadlines in working days, dossiers received at the counter "
                      "and online, processing across units, public status lookup, forms as PDF and the SIPAS "
                      "satisfaction index."),
        counts=_counts, order=35,
    ))

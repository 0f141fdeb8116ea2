"""The innovation module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.innovation.models import Startup
    from smartcity.innovation.services import public_initiatives

    return [(_("startups"), Startup.objects.filter(published=True).count()),
            (_("published initiatives"), public_initiatives().count())]


def register() -> None:
    register_module(Module(
        key="innovation", label=_("Innovation and startups"), url_name="innovation-home", plan_items=("P5",),
        description=_("Startups, the Centre's incubation programmes, mentoring and events, the network of startup centres, and community initiatives proposed and supported by citizens."),
        counts=_counts, order=60,
    ))

"""The public Wi-Fi module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.wifi.models import Hotspot

    return [(_("active Wi-Fi hotspots"), Hotspot.objects.filter(published=True, status="active").count())]


def register() -> None:
    register_module(Module(
        key="wifi", label=_("Public Wi-Fi"), url_name="wifi-map",
        plan_items=("P18",),
        description=_("Free public Wi-Fi hotspots: a public map with their state, usage by area and month, coverage by ward, and the roadmap linked to the programme."),
        counts=_counts, order=48,
    ))

"""The environment module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.environment.models import Station, StationFile

    return [(_("monitoring stations"), Station.objects.count()),
            (_("station files received"), StationFile.objects.count())]


def register() -> None:
    register_module(Module(
        key="environment", label=_("Environmental monitoring"), url_name="env-map", plan_items=("P14", "P15"),
        description=_("Automatic air and water monitoring stations: files from the stations, quality control, "
                      "VN_AQI and VN_WQI, legal limits and the public display board."),
        counts=_counts, order=25,
    ))

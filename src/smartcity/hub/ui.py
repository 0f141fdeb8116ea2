"""The hub's entry in the platform's navigation and home page. HubConfig.ready() calls
`register()`; it is a function so that importing this module has no side effect."""
import time

from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from django.db.models import Sum

    from smartcity.hub.models import Asset, Datastream, HourlyRollup
    from smartcity.hub.timebase import DAY, HOUR

    since = int(time.time()) - DAY
    readings = HourlyRollup.objects.filter(bucket__gte=since - since % HOUR).aggregate(n=Sum("n"))["n"] or 0
    return [(_("connected assets"), Asset.objects.filter(active=True).count()),
            (_("datastreams"), Datastream.objects.count()),
            (_("readings in the last 24 h"), readings)]


def register() -> None:
    register_module(Module(
        key="hub", label=_("City data hub"), url_name="hub-map", plan_items=("P9", "P14", "P15", "P16", "P17", "P18"),
        description=_("Stations, streetlights, bins, toilets, reservoirs and Wi-Fi hotspots with their live readings, "
                      "on a map and in charts."),
        counts=_counts, order=20,
    ))

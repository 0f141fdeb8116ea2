"""The bus transport module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.mobility.models import Feed, FeedStatus, Route, Vehicle

    active = Feed.objects.filter(status=FeedStatus.ACTIVE).values_list("id", flat=True)
    return [(_("bus routes"), Route.objects.filter(feed_id__in=list(active)).count()),
            (_("buses"), Vehicle.objects.count())]


def register() -> None:
    register_module(Module(
        key="mobility", label=_("Bus transport"), url_name="mobility-map", plan_items=("P7", "P8"),
        description=_("GTFS schedules and their validation, live buses, service quality, arrival predictions, "
                      "the public bus map and transport projects."),
        counts=_counts, order=30,
    ))

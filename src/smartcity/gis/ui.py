"""The GIS module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.gis.models import Feature, Layer

    return [(_("layers"), Layer.objects.count()), (_("features"), Feature.objects.count())]


def register() -> None:
    register_module(Module(
        key="gis", label=_("GIS and construction"), url_name="gis-home",
        plan_items=("P12",),
        description=_("Spatial layers of every district (boundaries, planning zones, red lines, parcels, projects, "
                      "permits), imports from the formats departments hold, OGC API - Features, and the planning "
                      "check of construction permits."),
        counts=_counts, order=40,
    ))

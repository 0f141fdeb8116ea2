"""Key indicators of GIS and construction permits: map layers published, and construction
permits issued this year (decided by the Department of Construction)."""
import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.gis.models import Layer, Permit, PermitStatus

    today = timezone.localdate()
    year_start = dt.datetime(today.year, 1, 1, tzinfo=timezone.get_current_timezone())
    layers = Layer.objects.filter(published=True).count()
    issued = Permit.objects.filter(status=PermitStatus.ISSUED, decided_at__gte=year_start).count()
    appraisal = Permit.objects.filter(status=PermitStatus.APPRAISAL).count()
    return [
        Reading("gis.layers", _("Map layers published"), layers, "", "ok" if layers else "none",
                _("Planning, boundaries and projects on the provincial map"), reverse("gis-map")),
        Reading("gis.permits_issued", _("Construction permits issued this year"), issued, "", "ok",
                _("%(n)d more under appraisal") % {"n": appraisal}, reverse("gis-permit-stats"), public=False),
    ]


def register() -> None:
    register_provider(Provider("gis", gettext_lazy("Maps and construction"), compute, order=88, icon="GIS"))

"""Key indicators of street lighting: lamps lit now (the latest TALQ lamp state of each
luminaire: on or dimmed) and the lighting faults still open (alerts on luminaires and
control cabinets), for the website and the wall."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

LIT = (1, 2)  # hub_types.LAMP_STATES: on, dimmed
FAULT = 3
ASSET_TYPES = ("streetlight", "lighting-cabinet")


def compute() -> list[Reading]:
    from smartcity.alerts.models import Alert
    from smartcity.hub.models import Latest
    from smartcity.lighting.models import Luminaire

    states = Latest.objects.filter(datastream__quantity_id="lamp_state", datastream__asset__asset_type_id="streetlight",
                                   datastream__asset__published=True)
    lit = states.filter(value__in=LIT).count()
    total = Luminaire.objects.filter(published=True).count()
    faults = Alert.objects.open().filter(asset__asset_type_id__in=ASSET_TYPES).count()
    return [
        Reading("lighting.lamps_on", _("Streetlights lit now"), lit, "",
                "ok" if total else "none", _("%(n)d of %(total)d luminaires on or dimmed") % {"n": lit, "total": total},
                reverse("lighting-map")),
        Reading("lighting.faults_open", _("Streetlight faults open"), faults, "",
                "ok" if faults == 0 else "warn" if faults <= max(3, total // 50) else "alert",
                _("Failures reported by lamp controllers and cabinets, not yet cleared"), reverse("lighting-map")),
    ]


def register() -> None:
    register_provider(Provider("lighting", gettext_lazy("Street lighting"), compute, order=30, icon="LED"))

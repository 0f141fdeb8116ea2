"""Key indicators of the alert service for the operations room: alerts open across every
module, and how many of them are high or critical."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.alerts.models import Alert

    open_alerts = Alert.objects.open()
    n = open_alerts.count()
    severe = open_alerts.filter(severity__in=("high", "critical")).count()
    url = reverse("alert-list")
    return [
        Reading("alerts.open", _("Alerts open"), n, "", "ok" if not n else "warn",
                _("Raised or acknowledged, not yet cleared"), url, public=False),
        Reading("alerts.severe", _("High or critical alerts open"), severe, "", "ok" if not severe else "alert",
                _("Need attention first"), url, public=False),
    ]


def register() -> None:
    register_provider(Provider("alerts", gettext_lazy("Alerts"), compute, order=90, icon="!"))

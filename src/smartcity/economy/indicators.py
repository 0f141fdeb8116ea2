"""Key indicator of the shared enterprise database: enterprises registered and active."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.economy.models import Enterprise, EnterpriseStatus

    active = Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE).count()
    in_parks = Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE, industrial_park__isnull=False).count()
    return [Reading("economy.enterprises", _("Enterprises registered"), active, "", "ok" if active else "none",
                    _("Active enterprises, %(n)d of them in industrial parks") % {"n": in_parks}, reverse("economy-stats"))]


def register() -> None:
    register_provider(Provider("economy", gettext_lazy("Enterprises"), compute, order=82, icon="DN"))

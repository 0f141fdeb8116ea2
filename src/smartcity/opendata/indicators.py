"""Key indicator of the open data catalogue: datasets published, and their resources."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.opendata.models import Dataset, Resource

    n = Dataset.objects.filter(published=True).count()
    files = Resource.objects.filter(dataset__published=True).count()
    return [Reading("opendata.datasets", _("Open datasets published"), n, "", "ok" if n else "none",
                    _("%(n)d downloadable resources") % {"n": files}, reverse("opendata-home"))]


def register() -> None:
    register_provider(Provider("opendata", gettext_lazy("Open data"), compute, order=80, icon="DATA"))

"""Key indicators of innovation: startups followed by the Startup Support Centre, and
community initiatives in review or under way."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

ACTIVE_INITIATIVES = ("published", "accepted", "in_progress")


def compute() -> list[Reading]:
    from smartcity.innovation.models import Initiative, Startup

    startups = Startup.objects.filter(published=True).count()
    initiatives = Initiative.objects.filter(published=True, state__in=ACTIVE_INITIATIVES).count()
    return [
        Reading("innovation.startups", _("Startups supported"), startups, "", "ok" if startups else "none",
                _("Published in the startup register"), reverse("innovation-startups")),
        Reading("innovation.initiatives", _("Community initiatives open"), initiatives, "", "ok" if initiatives else "none",
                _("Published, accepted or in progress"), reverse("innovation-initiatives")),
    ]


def register() -> None:
    register_provider(Provider("innovation", gettext_lazy("Innovation"), compute, order=84, icon="KN"))

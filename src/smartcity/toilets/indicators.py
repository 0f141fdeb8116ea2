"""Key indicators of smart public toilets: open now by their opening hours, less those with
an open fault alert (no water, no power, door or flush), for the website and the wall."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.alerts.models import Alert
    from smartcity.toilets.models import Toilet

    now = timezone.now()
    toilets = list(Toilet.objects.filter(published=True).only("id", "asset_id", "opens", "closes"))
    faulty = set(Alert.objects.open().filter(asset_id__in=[t.asset_id for t in toilets]).values_list("asset_id", flat=True))
    in_hours = [t for t in toilets if t.hours.is_open(now)]
    open_now = [t for t in in_hours if t.asset_id not in faulty]
    return [
        Reading("toilets.open", _("Public toilets open now"), len(open_now), "",
                "none" if not in_hours else "ok" if len(open_now) == len(in_hours) else "warn",
                _("%(n)d of %(total)d toilets open and working") % {"n": len(open_now), "total": len(toilets)},
                reverse("toilets-map")),
        Reading("toilets.faults", _("Toilets with an open alert"), len(faulty), "",
                "ok" if not faulty else "warn", _("Faults or consumables alerts not yet cleared"),
                reverse("toilets-map"), public=False),
    ]


def register() -> None:
    register_provider(Provider("toilets", gettext_lazy("Public toilets"), compute, order=45, icon="WC"))

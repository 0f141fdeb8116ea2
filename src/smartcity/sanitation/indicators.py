"""Key indicators of smart bins: how many are at or above their collection threshold now
(fresh fill readings of the last six hours, as the module's home page counts)."""
import time

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

FRESH_S = 6 * 3600


def compute() -> list[Reading]:
    from smartcity.sanitation.models import Bin
    from smartcity.sanitation.services import latest_levels

    bins = list(Bin.objects.filter(published=True).only("id", "asset_id", "threshold_pct"))
    levels = latest_levels(bins)
    stale = int(time.time()) - FRESH_S
    full = sum(1 for b in bins if b.pk in levels and levels[b.pk][0] >= stale and (levels[b.pk][1] or 0) >= b.threshold_pct)
    share = full / len(bins) if bins else 0
    return [Reading("sanitation.bins_full", _("Bins near full"), full, "",
                    "none" if not bins else "ok" if share < 0.2 else "warn" if share < 0.4 else "alert",
                    _("%(n)d of %(total)d smart bins at their collection threshold") % {"n": full, "total": len(bins)},
                    reverse("sanitation-bin-map"))]


def register() -> None:
    register_provider(Provider("sanitation", gettext_lazy("Waste collection"), compute, order=40, icon="BIN"))

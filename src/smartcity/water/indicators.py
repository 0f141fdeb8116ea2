"""Key indicators of the reservoirs: water stored now as a share of their capacity, and
how many are near overflow or below their minimum operating level."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.hub.models import Latest
    from smartcity.water.models import Reservoir

    reservoirs = list(Reservoir.objects.filter(published=True).only(
        "id", "asset_id", "crest_level", "min_operating_level", "capacity_m3", "overflow_margin_m"))
    latest = {}
    for asset_id, q, v in Latest.objects.filter(datastream__asset_id__in=[r.asset_id for r in reservoirs],
                                                datastream__quantity_id__in=("water_level", "stored_volume")) \
            .values_list("datastream__asset_id", "datastream__quantity_id", "value"):
        latest[(asset_id, q)] = v
    volume = capacity = 0.0
    high = low = 0
    for r in reservoirs:
        v = latest.get((r.asset_id, "stored_volume"))
        if v is not None and r.capacity_m3:
            volume += v
            capacity += r.capacity_m3
        level = latest.get((r.asset_id, "water_level"))
        if level is not None:
            high += level >= r.crest_level - r.overflow_margin_m
            low += level < r.min_operating_level
    pct = round(100 * volume / capacity) if capacity else None
    return [
        Reading("water.stored", _("Water stored in reservoirs"), pct, "%",
                "none" if pct is None else "alert" if high else "warn" if low else "ok",
                _("%(volume)s m³ in %(n)d reservoirs; %(high)d near overflow, %(low)d below minimum")
                % {"volume": f"{round(volume):,}".replace(",", "."), "n": len(reservoirs), "high": high, "low": low},
                reverse("water-reservoirs")),
    ]


def register() -> None:
    register_provider(Provider("water", gettext_lazy("Reservoirs"), compute, order=50, icon="H2O"))

"""Names of reuse purposes and seasons, translated where they are shown."""
from django.utils.translation import gettext as _g, gettext_lazy as _

PURPOSES = {"irrigation": _("Irrigation"), "street_washing": _("Street washing"), "toilets": _("Toilet flushing"),
            "other": _("Other reuse")}


def purpose_label(code: str) -> str:
    return str(PURPOSES.get(code, code))


def season_name(key: str) -> str:
    """'rainy-2026' -> 'Rainy season 2026'; 'dry-2025' -> 'Dry season 2025-26'."""
    from smartcity.water.balance import season_label

    kind, _sep, year = key.partition("-")
    label = season_label(kind, int(year))
    return (_g("Rainy season %(y)s") if kind == "rainy" else _g("Dry season %(y)s")) % {"y": label}

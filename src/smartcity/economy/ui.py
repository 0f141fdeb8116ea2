"""The enterprise register's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.economy.models import Enterprise, IndustrialPark

    return [(_("enterprises"), Enterprise.objects.filter(published=True, merged_into__isnull=True).count()),
            (_("industrial parks"), IndustrialPark.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="economy", label=_("Enterprises"), url_name="economy-home", plan_items=("P10",),
        description=_("The shared enterprise database: tax codes, VSIC 2018 sectors, industrial parks, foreign investors; search without diacritics, import with duplicate merging, statistics."),
        counts=_counts, order=56,
    ))

"""The smart public toilets module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.toilets.models import CleaningRound, Toilet

    return [(_("public toilets"), Toilet.objects.filter(published=True).count()),
            (_("cleaning rounds done"), CleaningRound.objects.filter(state="done").count())]


def register() -> None:
    register_module(Module(
        key="toilets", label=_("Smart public toilets"), url_name="toilets-home",
        plan_items=('P16',),
        description=_("Occupancy, consumables, cleanliness feedback and faults as hub readings; cleaning rounds scheduled and confirmed; a public map."),
        counts=_counts, order=47,
    ))

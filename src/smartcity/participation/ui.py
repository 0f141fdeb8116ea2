"""The participation module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.participation.models import Consultation
    from smartcity.participation.services import public_reports

    return [(_("citizen reports"), public_reports().count()),
            (_("consultations"), Consultation.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="participation", label=_("Citizen reports and consultations"), url_name="participation-home",
        plan_items=("P18",),
        description=_("Report a problem in the street with a photo and a place on the map, follow its handling; give your opinion on the province's plans."),
        counts=_counts, order=48,
    ))

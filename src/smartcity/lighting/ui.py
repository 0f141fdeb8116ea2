"""The street lighting module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.lighting.models import Cabinet, LightingGroup, Luminaire

    return [(_("luminaires"), Luminaire.objects.filter(published=True).count()),
            (_("control cabinets"), Cabinet.objects.filter(published=True).count()),
            (_("lighting groups"), LightingGroup.objects.filter(published=True).count())]


def register() -> None:
    register_module(Module(
        key="lighting", label=_("Street lighting"), url_name="lighting-home",
        plan_items=('P9',),
        description=_("Luminaires, poles, control cabinets and circuits; TALQ schedules by astronomical clock with dimming; commands to controllers; failures to work orders; energy and savings."),
        counts=_counts, order=45,
    ))

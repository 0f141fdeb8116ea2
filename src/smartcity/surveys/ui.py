"""The survey module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.surveys.models import Campaign, Questionnaire, Recipient

    return [(_("questionnaires"), Questionnaire.objects.filter(published=True).count()),
            (_("survey campaigns"), Campaign.objects.count()),
            (_("answers received"), Recipient.objects.filter(state="submitted").count())]


def register() -> None:
    register_module(Module(
        key="surveys", label=_("Enterprise and investor surveys"), url_name="surveys-home",
        plan_items=("P10",),
        description=_("Questionnaires with versions, sent by personal link, QR letter and e-mail to chosen enterprises; answers tracked; charts, cross-tabs by sector and size, Excel; findings linked to the programme."),
        counts=_counts, order=58,
    ))

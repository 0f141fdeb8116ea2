"""The website's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.portal.models import Article

    return [(_("articles published"), Article.objects.live().count())]


def register() -> None:
    register_module(Module(
        key="portal", label=_("Smart City website"), url_name="portal-home", plan_items=("P18",),
        description=_("The public website: the city's live figures, the programme explained, news and articles, site search."),
        counts=_counts, order=47,
    ))

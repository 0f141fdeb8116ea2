"""The open data module's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from django.db.models import Sum

    from smartcity.opendata.models import Dataset, DownloadCount

    return [(_("open datasets"), Dataset.objects.filter(published=True).count()),
            (_("downloads"), DownloadCount.objects.aggregate(n=Sum("count"))["n"] or 0)]


def register() -> None:
    register_module(Module(
        key="opendata", label=_("Open data"), url_name="opendata-home", plan_items=("P18",),
        description=_("A catalogue of the datasets every module publishes, in DCAT-AP and through a CKAN-compatible API, with download counts and API keys."),
        counts=_counts, order=90,
    ))

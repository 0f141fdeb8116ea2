"""Key indicators of the one-stop shop: the share of dossiers settled on time this year
(the report's rule, `kpis.period_figures`: early + on time over resolved) and the dossiers
overdue now (operations room only)."""
import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def rate_status(rate) -> str:
    """Decision 766/QĐ-TTg (service index) expects at least 95 % settled on time."""
    if rate is None:
        return "none"
    return "ok" if rate >= 0.95 else "warn" if rate >= 0.85 else "alert"


def compute() -> list[Reading]:
    from smartcity.onestop.services import reports

    today = timezone.localdate()
    fig = reports.summary(dt.date(today.year, 1, 1), today)
    rate = fig.get("on_time_rate")
    resolved = fig["resolved"]["total"]
    overdue = fig.get("overdue_now") or 0
    return [
        Reading("onestop.on_time_rate", _("Dossiers settled on time this year"),
                None if rate is None else round(100 * rate, 1), "%", rate_status(rate),
                _("%(n)d dossiers settled since 1 January %(year)d") % {"n": resolved, "year": today.year},
                reverse("onestop-home")),
        Reading("onestop.overdue_now", _("Dossiers overdue now"), overdue, "",
                "ok" if not overdue else "warn" if overdue < 10 else "alert",
                _("Past their appointment with no result yet"), reverse("onestop-reports"), public=False),
    ]


def register() -> None:
    register_provider(Provider("onestop", gettext_lazy("One-stop shop"), compute, order=60, icon="1C"))

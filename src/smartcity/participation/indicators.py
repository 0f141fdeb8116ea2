"""Key indicators of citizen reports: reports still open, and the median time to a first
response over the last 90 days (`stats.median`), for the website and the wall."""
import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

OPEN = ("received", "assigned", "in_progress")


def compute() -> list[Reading]:
    from smartcity.participation import stats
    from smartcity.participation.services import public_reports, response_rows

    reports = public_reports()
    n_open = reports.filter(state__in=OPEN).count()
    recent = reports.filter(received_at__gte=timezone.now() - dt.timedelta(days=90))
    hours = [r["first_h"] for r in response_rows(recent) if r["first_h"] is not None]
    med = stats.median(hours)
    return [
        Reading("participation.reports_open", _("Citizen reports open"), n_open, "", "ok" if n_open < 50 else "warn",
                _("Received and not yet resolved"), reverse("participation-reports")),
        Reading("participation.median_response", _("Median first response"), None if med is None else round(med, 1), "h",
                "none" if med is None else "ok" if med <= 24 else "warn" if med <= 72 else "alert",
                _("Reports of the last 90 days, from receipt to the first answer"), reverse("participation-stats")),
    ]


def register() -> None:
    register_provider(Provider("participation", gettext_lazy("Citizen reports"), compute, order=75, icon="PA"))

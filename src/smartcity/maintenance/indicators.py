"""Key indicators of field maintenance for the operations room: work orders in hand and
those overdue, i.e. still unfixed longer than the repair target of their priority."""
import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

# repair targets (hours from the fault being raised) by priority: the crews' usual promise
TARGET_HOURS = {"urgent": 4, "high": 24, "normal": 72, "low": 168}


def overdue_filter(now) -> Q:
    q = Q()
    for priority, hours in TARGET_HOURS.items():
        q |= Q(priority=priority, raised_at__lt=now - dt.timedelta(hours=hours))
    return q


def compute() -> list[Reading]:
    from smartcity.maintenance.models import WorkOrder

    active = WorkOrder.objects.active()
    n = active.count()
    overdue = active.filter(overdue_filter(timezone.now())).count()
    return [
        Reading("maintenance.active", _("Work orders in hand"), n, "", "ok",
                _("Open, assigned or in progress"), reverse("maintenance-orders"), public=False),
        Reading("maintenance.overdue", _("Work orders overdue"), overdue, "",
                "ok" if not overdue else "warn" if overdue < 5 else "alert",
                _("Unfixed beyond the target: urgent 4 h, high 24 h, normal 3 days, low 7 days"),
                reverse("maintenance-orders"), public=False),
    ]


def register() -> None:
    register_provider(Provider("maintenance", gettext_lazy("Maintenance"), compute, order=91, icon="WO"))

"""Key indicators of the programme (Plan 11/KH-BDH): the plan's rolled-up progress and the
share of its published items done, for the website and the wall; escalations waiting for
the Steering Committee for the operations room."""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.programme.models import Escalation, EscalationStatus, Item, Plan

    plan = Plan.objects.filter(published=True).order_by("-issued_on", "code").first()
    url = reverse("programme-home")
    if plan is None:
        return [Reading("programme.progress", _("Programme progress"), None, "%", "none", _("No plan published yet."), url)]
    leaves = Item.objects.filter(plan=plan, published=True, children__isnull=True)
    total = leaves.count()
    done = leaves.filter(Q(progress__gte=100) | Q(status__key="done")).count()
    share = round(100 * done / total) if total else None
    progress = round(float(plan.progress or 0))
    open_escalations = Escalation.objects.filter(item__plan=plan, status__in=(EscalationStatus.OPEN, EscalationStatus.REVIEW)).count()
    return [
        Reading("programme.progress", _("Programme progress"), progress, "%",
                "ok" if progress >= 50 else "warn", _("Rolled up from every item of the plan"), url),
        Reading("programme.items_done", _("Plan items done"), share, "%", "none" if share is None else "ok",
                _("%(done)d of %(total)d items done") % {"done": done, "total": total}, url),
        Reading("programme.escalations_open", _("Escalations awaiting the Steering Committee"), open_escalations, "",
                "ok" if not open_escalations else "warn", _("Problems raised by units, not yet decided"),
                reverse("programme-escalations"), public=False),
    ]


def register() -> None:
    register_provider(Provider("programme", gettext_lazy("Smart City programme"), compute, order=5, icon="KH"))

"""The executive dashboard (staff, login required) under /programme/dashboard/:

- /programme/dashboard/             tiles, charts (progress by action programme and by unit,
                                    the Gantt-like timeline, drawn as SVG by
                                    static/programme/dashboard.js), the overdue items, reports
                                    and unit plans, the open escalations, the budget; the data
                                    is embedded in the page so it draws at once;
- /programme/dashboard/data.json    the same data (`services.dashboard.summary`) the page reads
                                    again when the as-of date or the plan changes.

Both take `?plan=CODE` (default: the newest plan) and `?as_of=YYYY-MM-DD` (default: the
plan's own "now", services/clock.py). Every logged-in user of the platform may read it: the
programme's state is shared across units, writes happen on the items' own pages.
"""
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.programme.services import clock
from smartcity.programme.services.dashboard import summary


def choose_plan(request, plans):
    """The plan named by `?plan=CODE` among `plans`, else the newest; Http404 for an unknown code."""
    code = request.GET.get("plan", "").strip()
    if code:
        for plan in plans:
            if plan.code == code:
                return plan
        raise Http404(_("No such plan."))
    return plans[0] if plans else None


def requested_as_of(request) -> tuple:
    """(date or None, error message or None) from `?as_of=`."""
    try:
        return clock.parse_as_of(request.GET.get("as_of", "").strip()), None
    except ValueError:
        return None, _("The as-of date is not a date (YYYY-MM-DD).")


def _plans():
    from smartcity.programme.models import Plan

    return list(Plan.objects.order_by("-issued_on", "code"))


def js_labels() -> dict:
    """The words dashboard.js writes, in the active language."""
    return {
        "progress": _("Progress"), "programmes": _("Progress by action programme"), "units": _("Progress by lead unit"),
        "timeline": _("Timeline of the plan's items"), "as_of": _("as of"), "deadline": _("deadline"),
        "overdue": _("overdue"), "days": _("days"), "start": _("start"), "end": _("end"), "lead": _("lead"),
        "none": _("None."), "continues": _("continues after the chart's end"), "began": _("began before the chart's start"),
        "loading": _("Loading…"), "failed": _("The data could not be loaded."), "report_period": _("period"),
        "no_dates": _("dates not set: the plan's period is shown"),
    }


@login_required
def dashboard(request):
    plans = _plans()
    plan = choose_plan(request, plans)
    as_of, error = requested_as_of(request)
    data = summary(plan, as_of) if plan else None
    return render(request, "programme/dashboard/dashboard.html", {
        "plans": plans, "plan": plan, "data": data, "error": error, "labels": js_labels(),
        "data_url": reverse("programme-dashboard-data"),
        "status_classes": ["not_started", "in_progress", "behind", "done", "cancelled", "none"],
    })


@require_GET
def dashboard_data(request):
    if not request.user.is_authenticated:
        return JsonResponse({"errors": [_("Log in to read the dashboard.")]}, status=403)
    plans = _plans()
    try:
        plan = choose_plan(request, plans)
    except Http404:
        return JsonResponse({"errors": [_("No such plan.")]}, status=404)
    if plan is None:
        return JsonResponse({"errors": [_("No plan has been loaded yet.")]}, status=404)
    as_of, error = requested_as_of(request)
    if error:
        return JsonResponse({"errors": [error]}, status=400)
    return JsonResponse(summary(plan, as_of), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})

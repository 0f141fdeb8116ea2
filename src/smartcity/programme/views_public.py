"""The public accountability view of the programme (Decidim-style, no login) at /programme/:
the plan's header, its overall progress, progress by action programme with the count of items
in each status, and the published items as cards (status, progress, lead unit) filtered by
status, unit and programme. Only published plans and items are shown: an item whose parent is
unpublished is hidden with it, and progress is rolled up over what is shown.

`?plan=CODE` chooses among published plans (default: the newest), `?as_of=YYYY-MM-DD` the date
the page speaks of; `?status=`, `?unit=`, `?programme=` filter the items.
"""
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.programme.services.dashboard import public_summary
from smartcity.programme.views_dashboard import choose_plan, requested_as_of


def published_plans():
    from smartcity.programme.models import Plan

    return list(Plan.objects.filter(published=True).order_by("-issued_on", "code"))


def home(request):
    plans = published_plans()
    plan = choose_plan(request, plans)
    as_of, error = requested_as_of(request)
    data = public_summary(plan, as_of) if plan else None
    filters = {k: request.GET.get(k, "").strip() for k in ("status", "unit", "programme")}
    items = []
    if data:
        items = [i for i in data["items"]
                 if (not filters["status"] or i["status"]["key"] == filters["status"])
                 and (not filters["unit"] or i["lead"]["code"] == filters["unit"])
                 and (not filters["programme"] or i["programme"] == filters["programme"])]
        if filters["programme"] and not any(p["number"] == filters["programme"] for p in data["programmes"]) \
                and not any(i["programme"] == filters["programme"] for i in data["items"]):
            raise Http404(_("No such programme."))
    groups = sorted({i["programme"] for i in data["items"]}) if data else []
    return render(request, "programme/public/home.html", {
        "plans": plans, "plan": plan, "data": data, "items": items, "filters": filters, "error": error,
        "filtered": any(filters.values()),
        "programme_choices": [p for p in (data["programmes"] if data else [])],
        "other_groups": [g for g in groups if data and not any(p["number"] == g for p in data["programmes"])],
    })

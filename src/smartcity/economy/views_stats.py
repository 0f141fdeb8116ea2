"""Statistics and charts of the register (counts for everybody; employees and capital for
government users), with the list's filters."""
from django.shortcuts import render

from smartcity.core.permissions import visible
from smartcity.economy import access, search, stats
from smartcity.economy.models import Enterprise
from smartcity.economy.views_enterprises import filter_context


def statistics(request):
    qs = visible(Enterprise.objects.filter(merged_into__isnull=True), request.user)
    qs, used = search.apply_filters(qs, request.GET)
    money = "government" in access.groups_for(request.user)
    data = stats.compute(qs, money)
    charts = []
    for key, title in (("by_section", "section"), ("by_unit", "unit"), ("by_former_unit", "former_unit"), ("by_park", "park"),
                       ("by_country", "country"), ("by_size", "size")):
        rows = data[key]
        charts.append({"key": key, "kind": title, "rows": rows, "count": stats.bars(rows, "count"),
                       "employees": stats.bars(sorted(rows, key=lambda r: -r.get("employees", 0)), "employees") if money and key != "by_country" else None,
                       "capital": stats.bars(sorted(rows, key=lambda r: -r.get("invested_usd", 0)), "invested_usd") if money and key in ("by_country", "by_park") else None})
    return render(request, "economy/stats.html", {"data": data, "charts": charts, "money": money,
                                                  **filter_context(request, used)})

"""Staff page (login): usage by hotspot, former district or new ward and month, with the
daily chart of the last 30 days, and the coverage estimate per ward."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from smartcity.water import charts
from smartcity.wifi import services

GROUPS = services.GROUPS


@login_required
def usage_page(request):
    by = request.GET.get("by", "hotspot")
    if by not in GROUPS:
        by = "hotspot"
    hotspots = list(services.public_hotspots(request.user))
    table = services.usage_table(hotspots, by=by)
    series = services.daily_series(hotspots, days=30)
    cats = [f"{d['day']:%d/%m}" for d in series]
    sessions_chart = charts.bar_chart(cats, [(_("Sessions"), [d["sessions"] for d in series], "#1565c0"),
                                             (_("Unique users"), [d["unique_users"] for d in series], "#2e9d4f")],
                                      y_title=_("per day"), css_id="wifi-chart-sessions", label_every=5)
    traffic_chart = charts.line_chart([(_("Traffic (GB)"), [(i, round(d["traffic_gb"], 2)) for i, d in enumerate(series)],
                                        "#8e24aa")], x_labels=[(i, c) for i, c in enumerate(cats) if i % 5 == 0],
                                      y_title=_("GB per day"), css_id="wifi-chart-traffic")
    groups = {"hotspot": _("Hotspot"), "district": _("Former district"), "ward": _("Ward (from 1 July 2025)")}
    return render(request, "wifi/usage.html", {
        "table": table, "by": by, "groups": groups, "group_label": groups[by], "sessions_chart": mark_safe(sessions_chart),
        "traffic_chart": mark_safe(traffic_chart), "coverage": services.coverage_by_ward(hotspots)})

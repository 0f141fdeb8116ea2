"""Downloads per dataset and month (the last 12 local months) as an SVG chart and a table."""
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.opendata import charts, services


def stats(request):
    months, series = services.downloads_by_month(12)
    top = series[:8]
    rest = series[8:]
    chart_series = [(ds.title, counts) for ds, counts in top]
    if rest:
        chart_series.append((_("Other datasets"), [sum(c[i] for _d, c in rest) for i in range(len(months))]))
    svg = charts.stacked_bars(months, chart_series, _("Downloads per month")) if series else ""
    rows = [{"ds": ds, "counts": counts, "total": sum(counts)} for ds, counts in series]
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(months))]
    return render(request, "opendata/stats.html", {"months": months, "rows": rows, "svg": svg, "totals": totals,
                                                     "grand_total": sum(totals)})

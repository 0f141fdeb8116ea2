"""The energy dashboard (/lighting/nang-luong/): consumption by day, month, group and
district, savings against the replaced lamps and against no dimming, CO2 avoided; the
monthly report as PDF and Excel (energy_report.py). Reads follow the platform rule: the
luminaires a visitor may read (published ones, and their organisation's)."""
import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.lighting import energy_data, energy_report
from smartcity.maintenance.charts import bars


def _month(request) -> tuple[str, dt.date, dt.date]:
    month = request.GET.get("month") or ""
    try:
        start, end = energy_data.month_range(month or None)
    except (ValueError, TypeError):
        start, end = energy_data.month_range(None)
    return start.strftime("%Y-%m"), start, end


def dashboard(request):
    month, start, end = _month(request)
    group = request.GET.get("group") or None
    data = energy_data.summary(request.user, start, end, group=group)
    # the last twelve months for the monthly chart
    year_start = (start.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    months = energy_data.summary(request.user, year_start, end, group=group, dims=("month",))["by_month"]
    days = data["by_day"]
    day_chart = bars([d["day"][8:] for d in days], [
        (_("measured"), [d["kwh"] for d in days]),
        (_("without dimming"), [d["nodim_kwh"] for d in days]),
        (_("replaced lamps"), [d["baseline_kwh"] for d in days]),
    ], unit="kWh", width=900, title=_("Energy per day, %(month)s") % {"month": month})
    month_chart = bars([m["month"] for m in months], [
        (_("measured"), [m["kwh"] for m in months]),
        (_("without dimming"), [m["nodim_kwh"] for m in months]),
        (_("replaced lamps"), [m["baseline_kwh"] for m in months]),
    ], unit="kWh", width=900, fmt="{:.0f}", title=_("Energy per month"))
    prev = (start - dt.timedelta(days=1)).strftime("%Y-%m")
    nxt = end.strftime("%Y-%m")
    return render(request, "lighting/energy.html", {
        "data": data, "month": month, "prev": prev, "next": nxt, "group": group or "",
        "day_chart": day_chart, "month_chart": month_chart,
    })


def report(request, fmt):
    month, start, end = _month(request)
    data = energy_data.summary(request.user, start, end, group=request.GET.get("group") or None)
    if fmt == "pdf":
        body, ctype, ext = energy_report.pdf(data, month), "application/pdf", "pdf"
    else:
        body, ctype = energy_report.xlsx(data, month), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ext = "xlsx"
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="chieu-sang-nang-luong-{month}.{ext}"'
    return resp

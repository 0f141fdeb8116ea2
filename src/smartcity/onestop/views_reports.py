"""Reports pages (staff):

- /onestop/bao-cao/       period and unit filters, tiles, SVG charts drawn on the server
                          (on-time rate per unit, volumes by channel per month, processing
                          time per procedure), tables per unit and per procedure, the dossiers
                          overdue now;
- /onestop/bao-cao/xuat/  ?year=&month=&unit= the monthly report as .xlsx.

Staff = a signed-in active user with an organisation (or a superuser). Members of the Smart
City Office (coordinator) and of the Department of Home Affairs (DOHA, which runs
administrative reform) see every unit. Other staff see their own unit by default; they may
look at another unit's aggregate figures (the same figures the public API gives), but the
overdue list and the export (which name dossiers) are limited to their own unit.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.core.models import Organisation
from smartcity.onestop.kpis import LOCAL
from smartcity.onestop.services import reports

SEE_ALL_CODES = ("DOHA",)
OVERDUE_LIMIT = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHANNEL_COLOURS = {"counter": "#2f6f9f", "online": "#2e9d6a", "post": "#c98a1b"}


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or user.organisation_id))


def sees_all(user) -> bool:
    """The coordinator, the Department of Home Affairs and superusers see every unit."""
    if not is_staff(user):
        return False
    if user.is_superuser:
        return True
    org = user.organisation
    return bool(org.is_coordinator or org.code in SEE_ALL_CODES)


def require_staff(request):
    if not is_staff(request.user):
        if not request.user.is_authenticated:
            return False
        raise PermissionDenied(_("The reports are for staff of the one-stop units."))
    return True


def competent_units():
    """Organisations competent to resolve some procedure (the filter's choices: reports
    count a dossier for its competent unit)."""
    from smartcity.onestop.models import ProcedureVersion

    return list(Organisation.objects.filter(pk__in=ProcedureVersion.objects.values("competent_unit")).order_by("name_vi"))


def today() -> dt.date:
    return timezone.now().astimezone(LOCAL).date()


def parse_period(get) -> tuple[dt.date, dt.date, list[str]]:
    """(start, end, errors) from ?start=&end= (YYYY-MM-DD); default: this month to today."""
    errors = []
    end_default = today()
    start_default = end_default.replace(day=1)

    def day(name, default):
        text = (get.get(name) or "").strip()
        if not text:
            return default
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            errors.append(_("%(name)s is not a date (YYYY-MM-DD).") % {"name": name})
            return default

    start, end = day("start", start_default), day("end", end_default)
    if start > end:
        errors.append(_("The start is after the end."))
        start, end = end, start
    if (end - start).days > 3 * 366:
        errors.append(_("A period of at most three years, please."))
        start = end - dt.timedelta(days=3 * 366)
    return start, end, errors


# -- SVG geometry --------------------------------------------------------------------------------
def hbars(items, *, width=640, bar_h=18, gap=6, label_w=170, vmax=None, fmt=str, marks=None, label_chars=26) -> dict:
    """Horizontal bars: items are (label, value or None, extra dict); `marks` optional values
    drawn as a tick on each bar (e.g. the legal time limit)."""
    plot = width - label_w - 70
    top = max([v for _l, v, _e in items if v is not None] + [m for m in (marks or []) if m is not None] + [0])
    vmax = vmax or top or 1
    bars = []
    for i, (label, v, extra) in enumerate(items):
        y = i * (bar_h + gap)
        w = 0 if v is None else plot * max(0.0, min(1.0, v / vmax))
        mark = (marks or [None] * len(items))[i]
        bars.append({"y": y, "ty": round(y + bar_h * 0.72, 1), "w": round(w, 1), "label": label if len(label) <= label_chars else label[:label_chars - 1] + "…",
                     "full": label, "value": "–" if v is None else fmt(v), "tx": round(label_w + w + 4, 1),
                     "mark": None if mark is None else round(label_w + plot * min(1.0, mark / vmax), 1), **extra})
    height = max(1, len(items)) * (bar_h + gap)
    grid = [{"x": round(label_w + plot * f, 1), "label": fmt(vmax * f)} for f in (0, 0.5, 1.0)]
    return {"w": width, "h": height + 16, "plot_h": height, "bar_h": bar_h, "x0": label_w, "bars": bars, "grid": grid}


def stacked(months, *, width=640, height=200, top=12, bottom=20, left=34) -> dict:
    """Vertical stacked bars of new dossiers by channel per month."""
    plot_h, plot_w = height - top - bottom, width - left - 6
    vmax = max([m["received"]["total"] for m in months] + [1])
    bw = plot_w / max(1, len(months))
    cols = []
    for i, m in enumerate(months):
        x, y = left + i * bw + bw * 0.15, top + plot_h
        parts = []
        for channel, colour in CHANNEL_COLOURS.items():
            n = m["received"].get(channel, 0)
            h = plot_h * n / vmax
            y -= h
            if n:
                parts.append({"channel": channel, "n": n, "y": round(y, 1), "h": round(h, 1), "colour": colour})
        cols.append({"month": m["month"], "label": m["month"][5:] + "/" + m["month"][2:4], "x": round(x, 1), "w": round(bw * 0.7, 1),
                     "cx": round(x + bw * 0.35, 1), "total": m["received"]["total"], "ty": round(y - 3, 1), "parts": parts})
    ticks = [{"y": round(top + plot_h * (1 - f), 1), "label": formats.number_format(vmax * f, 0 if float(vmax * f).is_integer() else 1)}
             for f in (0, 0.5, 1)]
    return {"w": width, "h": height, "cols": cols, "ticks": ticks, "base": top + plot_h, "label_y": height - 5, "left": left}


def _pct(v) -> str:
    return f"{formats.number_format(v * 100, 1)} %"


def _days(v) -> str:
    return formats.number_format(v, 1)


def chart_window(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The volume chart shows the period's months, at least the six ending with its end."""
    y, m = end.year, end.month - 5
    while m < 1:
        y, m = y - 1, m + 12
    return min(start, dt.date(y, m, 1)), end


@require_GET
def reports_page(request):
    if not require_staff(request):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    user = request.user
    all_units = sees_all(user)
    units = competent_units()
    start, end, errors = parse_period(request.GET)
    code = request.GET.get("unit")
    if code is None:
        unit = None if all_units else user.organisation
    elif code == "":
        unit = None
    else:
        unit = next((u for u in units if u.code == code), None) or Organisation.objects.filter(code=code).first()
        if unit is None:
            errors.append(_("Unknown unit %(code)s: every unit is shown.") % {"code": code})
    now = timezone.now()
    data = reports.report(start, end, unit=unit, now=now)
    s = data["summary"]
    overdue_unit = unit if all_units else user.organisation
    may_list = all_units or (unit is not None and unit.pk == user.organisation_id)
    overdue = reports.overdue(now, unit=overdue_unit, limit=OVERDUE_LIMIT) if may_list else []
    for d in overdue:
        d["url"] = reverse("onestop-dossier", args=[d["id"]])
    for entry in data["by_unit"] + data["by_procedure"]:
        entry["rate_pct"] = _pct(entry["on_time_rate"]) if entry["on_time_rate"] is not None else "–"
    rated = sorted((u for u in data["by_unit"] if u["on_time_rate"] is not None), key=lambda u: (-u["on_time_rate"], u["unit"]["name"]))
    procs = sorted((p for p in data["by_procedure"] if p["processing_days"]["mean"] is not None),
                   key=lambda p: -p["processing_days"]["mean"])
    wstart, wend = chart_window(start, end)
    months = reports.by_month(wstart, wend, unit=unit)
    export_unit = unit.code if unit is not None else ("" if all_units else user.organisation.code)
    return render(request, "onestop/reports/reports.html", {
        "start": start, "end": end, "unit": unit, "units": units, "errors": errors, "all_units": all_units,
        "summary": s, "on_time_pct": _pct(s["on_time_rate"]) if s["on_time_rate"] is not None else "–", "by_unit": data["by_unit"], "by_procedure": data["by_procedure"], "overdue": overdue,
        "overdue_limit": OVERDUE_LIMIT, "may_list": may_list, "overdue_unit": overdue_unit, "now": now,
        "rate_chart": hbars([(u["unit"]["abbreviation"], u["on_time_rate"], {"code": u["unit"]["code"], "colour": _rate_colour(u["on_time_rate"])})
                             for u in rated], vmax=1.0, fmt=_pct),
        "time_chart": hbars([(p["procedure"]["code"] + " " + p["procedure"]["name"], p["processing_days"]["mean"],
                              {"code": p["procedure"]["code"], "colour": "#2f6f9f"}) for p in procs], fmt=_days, label_w=250, label_chars=40,
                            marks=[p["procedure"]["time_limit_days"] for p in procs]),
        "volume_chart": stacked(months), "months": months, "channel_colours": CHANNEL_COLOURS,
        "export_url": reverse("onestop-reports-export") + f"?year={end.year}&month={end.month}" + (f"&unit={export_unit}" if export_unit else ""),
        "export_month": f"{end.month:02d}/{end.year}",
    })


def _rate_colour(rate) -> str:
    if rate is None:
        return "#b8c2cc"
    return "#1b8a4b" if rate >= 0.95 else "#c9a227" if rate >= 0.8 else "#d4472f"


@require_GET
def export(request):
    if not require_staff(request):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    from smartcity.onestop.services.export_xlsx import export_month

    user = request.user
    now_local = today()
    try:
        year = int(request.GET.get("year") or now_local.year)
        month = int(request.GET.get("month") or now_local.month)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValueError
    except ValueError:
        return HttpResponse(_("Give a year and a month (1-12)."), status=400, content_type="text/plain; charset=utf-8")
    code = request.GET.get("unit") or ""
    unit = Organisation.objects.filter(code=code).first() if code else None
    if code and unit is None:
        return HttpResponse(_("Unknown unit."), status=400, content_type="text/plain; charset=utf-8")
    if not sees_all(user):
        if unit is None:
            unit = user.organisation
        elif unit.pk != user.organisation_id:
            raise PermissionDenied(_("You may export your own unit's report only."))
    body = export_month(year, month, unit)
    name = f"bao-cao-mot-cua-{year:04d}-{month:02d}" + (f"-{unit.code}" if unit else "") + ".xlsx"
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

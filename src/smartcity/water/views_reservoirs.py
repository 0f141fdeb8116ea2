"""Reservoir pages: the list, one reservoir (level, volume, stage-storage curve, daily
inflow/outflow/reuse and rain), the stage-storage import form and the season report
(HTML, Excel, PDF)."""
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g, gettext_lazy as _

from smartcity.core.permissions import can_change, require_change, visible
from smartcity.hub.models import DailyRollup, Datastream, HourlyRollup, Latest
from smartcity.water import charts, services
from smartcity.water.balance import LOCAL
from smartcity.water.models import Reservoir

BLUE, GREEN, ORANGE, RED, GREY, TEAL = "#1f6fb2", "#2e8b57", "#e08a1e", "#c0392b", "#7f8c8d", "#17a2b8"


def _reservoirs(user):
    return visible(Reservoir.objects.select_related("asset", "owner", "rain_gauge"), user)


def _latest(r) -> dict:
    rows = Latest.objects.filter(datastream__asset=r.asset, datastream__quantity_id__in=("water_level", "stored_volume")) \
        .values_list("datastream__quantity_id", "value", "t")
    out = {q: (v, datetime.fromtimestamp(t, LOCAL)) for q, v, t in rows}
    level = out.get("water_level", (None, None))[0]
    volume = out.get("stored_volume", (None, None))[0]
    state = None
    if level is not None:
        state = "overflow" if level >= r.crest_level else "low" if level < r.min_operating_level else \
            "near-crest" if level >= r.crest_level - r.overflow_margin_m else "normal"
    return {"level": level, "volume": volume, "at": out.get("water_level", (None, None))[1],
            "fill": None if volume is None or not r.capacity_m3 else 100 * volume / r.capacity_m3, "state": state}


def reservoir_list(request):
    rows = [(r, _latest(r)) for r in _reservoirs(request.user)]
    return render(request, "water/reservoir_list.html", {"rows": rows})


def _hourly(ds_id, t0, t1):
    return [(b, total / n) for b, total, n in HourlyRollup.objects.filter(datastream_id=ds_id, bucket__gte=t0, bucket__lt=t1)
            .order_by("bucket").values_list("bucket", "total", "n") if n]


def _month_ticks(t0, t1):
    out = []
    d = datetime.fromtimestamp(t0, LOCAL).date().replace(day=1)
    while True:
        d = (d + timedelta(days=32)).replace(day=1)
        t = int(datetime(d.year, d.month, 1, tzinfo=LOCAL).timestamp())
        if t > t1:
            return out
        out.append((t, f"{d.month:02d}/{d.year % 100:02d}"))


def _day_ticks(t0, t1, every=7):
    out = []
    d = datetime.fromtimestamp(t0, LOCAL).date() + timedelta(days=1)
    while True:
        t = int(datetime(d.year, d.month, d.day, tzinfo=LOCAL).timestamp())
        if t > t1:
            return out
        if d.weekday() == 0 or every == 1:
            out.append((t, d.strftime("%d/%m")))
        d += timedelta(days=1)


def reservoir_detail(request, slug):
    r = get_object_or_404(_reservoirs(request.user), asset__slug=slug)
    today = datetime.now(LOCAL).date()
    try:
        days = max(7, min(400, int(request.GET.get("days", 60))))
        if request.GET.get("end"):
            today = date.fromisoformat(request.GET["end"])
    except ValueError:
        days = 60
    start, end = today - timedelta(days=days - 1), today + timedelta(days=1)
    t0 = int(datetime(start.year, start.month, start.day, tzinfo=LOCAL).timestamp())
    t1 = int(datetime(end.year, end.month, end.day, tzinfo=LOCAL).timestamp())
    streams = dict(Datastream.objects.filter(asset=r.asset).values_list("quantity_id", "pk"))
    ticks = _day_ticks(t0, t1) if days <= 92 else _month_ticks(t0, t1)
    level_svg = volume_svg = ""
    if "water_level" in streams:
        if days <= 92:
            level = _hourly(streams["water_level"], t0, t1)
        else:
            level = [(b, tot / n) for b, tot, n in DailyRollup.objects.filter(
                datastream_id=streams["water_level"], bucket__gte=t0, bucket__lt=t1).order_by("bucket").values_list("bucket", "total", "n") if n]
        level_svg = charts.line_chart([(_g("Water level"), level, BLUE)], x_labels=ticks, css_id="chart-level",
                                      y_title=_g("Level (m)"),
                                      hlines=[(r.crest_level, _g("Crest"), RED), (r.min_operating_level, _g("Minimum"), ORANGE)])
    if "stored_volume" in streams:
        if days <= 92:
            vol = _hourly(streams["stored_volume"], t0, t1)
        else:
            vol = [(b, tot / n) for b, tot, n in DailyRollup.objects.filter(
                datastream_id=streams["stored_volume"], bucket__gte=t0, bucket__lt=t1).order_by("bucket").values_list("bucket", "total", "n") if n]
        volume_svg = charts.line_chart([(_g("Stored volume"), vol, TEAL)], x_labels=ticks, css_id="chart-volume",
                                       y_title=_g("Volume (m³)"), hlines=[(r.capacity_m3, _g("Capacity"), RED)])
    table = services.current_table(r)
    stage_svg = ""
    stage_rows = []
    if table is not None:
        st = table.stage()
        stage_rows = list(zip(st.levels, st.volumes))
        stage_svg = charts.line_chart([(_g("Stage-storage curve"), [(v, h) for h, v in stage_rows], BLUE)],
                                      x_labels=[(v, charts._fmt(round(v, -3))) for v in st.volumes[::max(1, len(st.volumes) // 6)]],
                                      hlines=[(r.crest_level, _g("Crest"), RED), (r.min_operating_level, _g("Minimum"), ORANGE)],
                                      y_title=_g("Level (m)"), css_id="chart-stage")
    balance_days = services.daily_balance(r, start, end)
    cats = [d.day.strftime("%d/%m") for d in balance_days]
    every = max(1, len(cats) // 12)
    flows_svg = charts.bar_chart(cats, [(_g("Inflow"), [d.inflow for d in balance_days], BLUE),
                                        (_g("Outflow"), [d.outflow for d in balance_days], GREY),
                                        (_g("Reuse"), [d.reuse for d in balance_days], GREEN)],
                                 y_title="m³/" + _g("day"), css_id="chart-flows", label_every=every)
    rain_svg = charts.bar_chart(cats, [(_g("Rainfall"), [d.rain_mm for d in balance_days], TEAL)],
                                y_title="mm/" + _g("day"), css_id="chart-rain", label_every=every)
    totals = services._total(balance_days)
    return render(request, "water/reservoir_detail.html", {
        "r": r, "latest": _latest(r), "days": days, "end": today, "day_choices": (30, 60, 90, 365), "table": table, "stage_rows": stage_rows,
        "level_svg": mark_safe(level_svg), "volume_svg": mark_safe(volume_svg), "stage_svg": mark_safe(stage_svg),
        "flows_svg": mark_safe(flows_svg), "rain_svg": mark_safe(rain_svg), "totals": totals,
        "recent": list(reversed(balance_days[-14:])), "reuse_by": _purposes(totals), "can_edit": can_change(request.user, r),
        "tables": r.stage_tables.order_by("-valid_from"),
    })


def _purposes(total):
    from smartcity.water.reuse_labels import purpose_label

    return [(purpose_label(k), v) for k, v in sorted(total.reuse_by.items())]


class StageUploadForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("Stage-storage file (CSV or Excel)"),
                           help_text=_("A header naming a level column (level, mực nước) and a volume column (volume, dung tích)"))
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


@login_required
def stage_upload(request, slug):
    r = get_object_or_404(Reservoir.objects.select_related("asset"), asset__slug=slug)
    require_change(request.user, r)
    report = None
    if request.method == "POST":
        form = StageUploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            parsed = services.read_stage_file(f.read(), f.name)
            if parsed.errors:
                report = parsed.errors
            else:
                services.save_stage_table(r, form.cleaned_data["valid_from"], parsed.levels, parsed.volumes,
                                          source=form.cleaned_data["source"] or f.name)
                messages.success(request, _g("Stage-storage table saved: %(n)d rows; the volumes were recomputed.")
                                 % {"n": len(parsed.levels)})
                return redirect("water-reservoir", slug=slug)
    else:
        form = StageUploadForm(initial={"valid_from": datetime.now(LOCAL).date()})
    return render(request, "water/stage_upload.html", {"r": r, "form": form, "report": report}, status=400 if report else 200)


# -- season report --------------------------------------------------------------------------
def _period(request) -> tuple[date, date]:
    start, end = services.default_period()
    try:
        if request.GET.get("from"):
            start = date.fromisoformat(request.GET["from"])
        if request.GET.get("to"):
            end = date.fromisoformat(request.GET["to"])
    except ValueError:
        raise Http404("bad date")
    if end <= start or (end - start).days > 800:
        raise Http404("bad range")
    return start, end


def _report(request):
    start, end = _period(request)
    qs = _reservoirs(request.user)
    wanted = request.GET.get("reservoir")
    if wanted:
        qs = qs.filter(asset__slug__in=wanted.split(","))
    return services.season_report(list(qs), start, end)


def season_report(request):
    report = _report(request)
    months = report["months"]
    chart = charts.bar_chart([m.key[5:] + "/" + m.key[2:4] for m in months],
                             [(_g("Rainwater captured (estimate)"), [m.captured for m in months], BLUE),
                              (_g("Water reused"), [m.reuse for m in months], GREEN)],
                             y_title="m³", css_id="chart-season")
    query = request.GET.urlencode()
    return render(request, "water/season_report.html", {
        "report": report, "chart": mark_safe(chart), "query": query, "print": request.GET.get("print") == "1",
        "sections": _sections(report)})


def _sections(report) -> list[dict]:
    from smartcity.water.reuse_labels import purpose_label, season_name

    out = []
    parts = [(_g("All reservoirs"), None, report["seasons"], report["months"], report["total"])]
    parts += [(p["reservoir"].name, p["reservoir"], p["seasons"], p["months"], p["total"]) for p in report["reservoirs"]]
    for name, r, seasons, months, total in parts:
        rows = [(season_name(x.key), x, "season") for x in seasons] + [(m.label, m, "month") for m in months] + \
            [(_g("Total"), total, "total")]
        out.append({"name": name, "reservoir": r, "rows": rows,
                    "reuse_by": [(purpose_label(k), v) for k, v in sorted(total.reuse_by.items())]})
    return out


def season_report_xlsx(request):
    from smartcity.water.report_files import season_xlsx

    report = _report(request)
    resp = HttpResponse(season_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="bao-cao-mua-ho-chua-{report["start"]}-{report["end"]}.xlsx"'
    return resp


def season_report_pdf(request):
    from smartcity.water.report_files import season_pdf

    report = _report(request)
    resp = HttpResponse(season_pdf(report), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="bao-cao-mua-ho-chua-{report["start"]}-{report["end"]}.pdf"'
    return resp

"""Service-quality dashboard (staff) under /mobility/quality/: per route and direction over a
chosen date range and feed — OTP, cv_h with its TCQSM level, bunching, excess wait,
trips run against the schedule, missed trips, running-time variability — ranked, charted
(bars drawn here as SVG; the daily series by the hub's SVG chart) and downloadable as the
department's monthly report (`?format=pdf|xlsx&month=YYYY-MM`).

The numbers are RouteKpi rows written by the quality service; this module only reads and
aggregates them (report_quality.build), so the page and the report always agree."""
import re
from datetime import date, datetime, timedelta, timezone

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.mobility import report_quality as rq
from smartcity.mobility.models import Feed, FeedStatus, RouteKpi

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MAX_DAYS = 366
LOCAL = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no DST


def _feeds():
    ids = RouteKpi.objects.values_list("feed_id", flat=True).distinct()
    return list(Feed.objects.filter(pk__in=ids).select_related("owner").order_by("name", "-version"))


def _choose_feed(request, feeds):
    raw = request.GET.get("feed", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        for f in feeds:
            if f.pk == int(raw):
                return f
        raise Http404
    active = [f for f in feeds if f.status == FeedStatus.ACTIVE]
    return (active or sorted(feeds, key=lambda f: f.pk, reverse=True) or [None])[0]


def _parse_day(text):
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None


def _range(request, feed) -> tuple[date, date, list[str]]:
    """The chosen date range, or the last 30 days with KPIs; errors say what was wrong."""
    errors = []
    span = RouteKpi.objects.filter(feed=feed).aggregate(first=Min("date"), last=Max("date")) if feed else {}
    last = span.get("last") or date.today()
    end, start = last, last - timedelta(days=29)
    if request.GET.get("end"):
        end = _parse_day(request.GET["end"]) or end
        if _parse_day(request.GET["end"]) is None:
            errors.append(_("The end date is not a date (YYYY-MM-DD)."))
        start = end - timedelta(days=29)
    if request.GET.get("start"):
        start = _parse_day(request.GET["start"]) or start
        if _parse_day(request.GET["start"]) is None:
            errors.append(_("The start date is not a date (YYYY-MM-DD)."))
    if end < start:
        errors.append(_("The start date is after the end date."))
        start = end - timedelta(days=29)
    if (end - start).days + 1 > MAX_DAYS:
        errors.append(_("At most %(n)s days at once.") % {"n": MAX_DAYS})
        start = end - timedelta(days=MAX_DAYS - 1)
    return start, end, errors


def _direction(request):
    d = request.GET.get("direction", "")
    return int(d) if d in ("0", "1") else None


def ranking_svg(routes, width=640, bar_h=18, gap=6, label_w=120) -> dict:
    """Geometry of the ranking bar chart (routes by OTP, best first), drawn as SVG by the page."""
    bars = []
    plot = width - label_w - 56
    for i, r in enumerate(routes):
        otp = r.otp
        y = i * (bar_h + gap)
        bars.append({"y": y, "ty": y + bar_h * 0.72, "w": round(plot * max(0.0, min(1.0, otp or 0)), 1),
                     "label": f"{r.label} · {_('dir.')} {r.direction_id if r.direction_id is not None else '–'}",
                     "value": "–" if otp is None else f"{otp * 100:.1f} %", "colour": _otp_colour(otp), "los": r.los,
                     "route": r.route_id, "tx": label_w + plot * max(0.0, min(1.0, otp or 0)) + 4})
    height = max(1, len(routes)) * (bar_h + gap)
    grid = [{"x": label_w + plot * f, "label": f"{int(f * 100)} %"} for f in (0, 0.25, 0.5, 0.75, 1.0)]
    return {"w": width, "h": height + 16, "plot_h": height, "bar_h": bar_h, "x0": label_w, "bars": bars, "grid": grid}


def hour_svg(hourly, width=640, height=150, bottom=18, top=14) -> dict:
    """Geometry of the hour-of-day profile: one OTP bar per hour, trips as a thin line label."""
    bw = width / 24
    ph = height - bottom - top
    bars = []
    for h, agg in hourly:
        otp = agg.mean("otp") if agg is not None else None
        hh = ph * max(0.0, min(1.0, otp)) if otp is not None else 0
        bars.append({"hour": h, "x": h * bw + 1, "w": bw - 2, "y": top + ph - hh, "h": hh, "cx": h * bw + bw / 2,
                     "value": None if otp is None else round(otp * 100), "colour": _otp_colour(otp),
                     "trips": agg.trips_observed if agg is not None else 0})
    return {"w": width, "h": height, "bars": bars, "base": top + ph, "label_y": height - 4, "top": top,
            "half": top + ph / 2, "any": any(b["value"] is not None for b in bars)}


def _num(x, digits=1) -> str:
    if x is None:
        return "–"
    if (get_language() or "vi").startswith("en"):
        return f"{x:,.{digits}f}"
    return rq.fmt_vi(x, digits)


def _pct(x, digits=1) -> str:
    return "–" if x is None else _num(100 * x, digits) + " %"


def show(agg) -> dict:
    """Display strings (active language) of an aggregate's figures, raw values beside them."""
    m = agg.mean
    return {"otp": _pct(m("otp")), "otp_raw": m("otp"), "cv_h": _num(m("cv_h"), 2), "cv_h_raw": m("cv_h"),
            "los": rq.los_for(m("cv_h")), "bunching": _pct(m("bunching")), "ewt": _num(m("ewt_s"), 0),
            "scheduled": agg.trips_scheduled, "observed": agg.trips_observed, "missed": agg.missed_trips,
            "run_share": _pct(agg.run_share), "short": agg.trips_observed < agg.trips_scheduled,
            "rt_cv": _num(m("running_time_cv"), 2), "buffer": _num(m("buffer_time_s") / 60 if m("buffer_time_s") is not None else None, 1),
            "days": len(agg.days)}


def _otp_colour(otp):
    if otp is None:
        return "#c5ccd4"
    return "#1b8a4b" if otp >= 0.85 else "#e07b00" if otp >= 0.70 else "#d4472f"


def _daily_points(daily) -> list:
    """[[ISO local noon, OTP %], ...] for the hub's chart (one point per day)."""
    return [[f"{d.isoformat()}T12:00:00+07:00", round(a.mean("otp") * 100, 2)] for d, a in daily if a.mean("otp") is not None]


def _report(request, feed, fmt):
    m = MONTH_RE.match(request.GET.get("month", ""))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return HttpResponse(_("Give the month as month=YYYY-MM."), status=400, content_type="text/plain; charset=utf-8")
    year, month = int(m.group(1)), int(m.group(2))
    start, end = rq.month_range(year, month)
    data = rq.build(feed, start, end, direction=_direction(request))
    title = rq.title_for(year, month)
    filename = f"bao-cao-chat-luong-xe-buyt-{year}-{month:02d}"
    if fmt == "pdf":
        from smartcity.environment.report_pdf import FontMissing

        try:
            body, ctype = rq.render_pdf(data, title), "application/pdf"
        except FontMissing as exc:  # a server set up without the font: say so, not a 500
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        body, ctype = rq.render_xlsx(data, title), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _base_context(request):
    feeds = _feeds()
    feed = _choose_feed(request, feeds)
    start, end, errors = _range(request, feed)
    direction = _direction(request)
    return feeds, feed, start, end, direction, errors


@login_required
def dashboard(request):
    fmt = request.GET.get("format", "")
    if fmt and fmt not in ("pdf", "xlsx"):
        return HttpResponse(_("Unknown format; use pdf or xlsx."), status=400, content_type="text/plain; charset=utf-8")
    feeds, feed, start, end, direction, errors = _base_context(request)
    if fmt:
        if feed is None:
            raise Http404
        return _report(request, feed, fmt)
    data = rq.build(feed, start, end, direction) if feed else None
    query = {"feed": feed.pk if feed else "", "start": start.isoformat(), "end": end.isoformat()}
    if direction is not None:
        query["direction"] = direction
    report_month = f"{end:%Y-%m}"
    return render(request, "mobility/quality_dashboard.html", {
        "feeds": feeds, "feed": feed, "start": start, "end": end, "direction": direction, "errors": errors, "data": data,
        "ranking": ranking_svg(data.routes) if data else None, "hours": hour_svg(data.hourly) if data else None,
        "series": {"points": _daily_points(data.daily) if data else [], "from": _ms(start), "to": _ms(end + timedelta(days=1))},
        "network": show(data.network) if data else None,
        "rows": [{"r": r, "k": show(r.agg)} for r in data.routes] if data else [],
        "report_month": report_month, "query": urlencode(query),
        "months": _months(feed), "pdf_url": _report_url(feed, report_month, "pdf", direction),
        "xlsx_url": _report_url(feed, report_month, "xlsx", direction),
    }, status=400 if errors else 200)


def _ms(d: date) -> int:
    """Epoch ms of local (UTC+7) midnight starting day `d`, for the chart's time axis."""
    return int(datetime(d.year, d.month, d.day, tzinfo=LOCAL).timestamp() * 1000)


def _months(feed) -> list[str]:
    if feed is None:
        return []
    span = RouteKpi.objects.filter(feed=feed).aggregate(first=Min("date"), last=Max("date"))
    if not span["first"]:
        return []
    out, y, m = [], span["first"].year, span["first"].month
    while (y, m) <= (span["last"].year, span["last"].month) and len(out) < 120:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return list(reversed(out))


def _report_url(feed, month, fmt, direction=None):
    if feed is None:
        return ""
    q = {"feed": feed.pk, "format": fmt, "month": month}
    if direction is not None:
        q["direction"] = direction
    return f"{reverse('mobility-quality')}?{urlencode(q)}"


@login_required
def route_detail(request, route_id):
    feeds, feed, start, end, direction, errors = _base_context(request)
    if feed is None:
        raise Http404
    data = rq.build(feed, start, end, direction, route_id=route_id)
    if data.empty and not RouteKpi.objects.filter(feed=feed, route_id=route_id).exists():
        raise Http404
    per_dir = []
    for r in data.routes:
        one = rq.build(feed, start, end, r.direction_id, route_id=route_id)
        per_dir.append({"row": r, "k": show(r.agg), "points": _daily_points(one.daily), "id": f"otp-dir-{r.direction_id}",
                        "daily": [{"date": d, "k": show(a)} for d, a in one.daily]})
    query = {"feed": feed.pk, "start": start.isoformat(), "end": end.isoformat()}
    return render(request, "mobility/quality_route.html", {
        "feed": feed, "feeds": feeds, "start": start, "end": end, "direction": direction, "errors": errors, "data": data,
        "route_id": route_id, "name": data.routes[0].label if data.routes else route_id,
        "long_name": data.routes[0].long_name if data.routes else "", "per_dir": per_dir,
        "hours": hour_svg(data.hourly), "from": _ms(start), "to": _ms(end + timedelta(days=1)), "query": urlencode(query),
        "data_rows": [{"r": r, "k": show(r.agg)} for r in data.routes],
        "charts": [{"id": p["id"], "points": p["points"]} for p in per_dir],
    }, status=400 if errors else 200)

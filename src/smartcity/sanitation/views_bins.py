"""Bin pages: the list with fill bars and predicted full times, the map coloured by fill, and
a bin's page with its fill series (our own SVG) and fill rate."""
import datetime as dt
import time

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from smartcity.core.permissions import visible
from smartcity.hub.models import Observation
from smartcity.sanitation.models import Bin, WasteKind
from smartcity.sanitation.planning import LOCAL
from smartcity.sanitation.services import bin_states, fill_streams

CHART_DAYS = 7


def local(t):
    return dt.datetime.fromtimestamp(t, LOCAL) if t is not None else None


def fill_class(level) -> str:
    if level is None:
        return "unknown"
    return "full" if level >= 80 else "half" if level >= 50 else "low"


def _rows(bins, now):
    states = bin_states(bins, now)
    rows = []
    for b in bins:
        st = states[b.pk]
        rows.append({"bin": b, "level": st.level, "rate": st.rate, "full_at": local(st.full_at), "full_t": st.full_at,
                     "reading_at": local(st.latest_t), "cls": fill_class(st.level),
                     "stale": st.latest_t is None or now - st.latest_t > 3 * 3600})
    return rows


def _filtered(request):
    qs = visible(Bin.objects.select_related("asset"), request.user)
    zone, kind = request.GET.get("zone", ""), request.GET.get("kind", "")
    if zone:
        qs = qs.filter(zone=zone)
    if kind:
        qs = qs.filter(waste_kind=kind)
    return qs, zone, kind


def bin_list(request):
    qs, zone, kind = _filtered(request)
    now = int(time.time())
    rows = _rows(list(qs), now)
    rows.sort(key=lambda r: (r["full_t"] is None, r["full_t"] or 0, r["bin"].code))
    zones = sorted(set(visible(Bin.objects.all(), request.user).values_list("zone", flat=True)) - {""})
    return render(request, "sanitation/bins.html", {
        "rows": rows, "zones": zones, "zone": zone, "kind": kind, "kinds": WasteKind.choices,
        "full_now": sum(1 for r in rows if r["level"] is not None and r["level"] >= r["bin"].threshold_pct),
    })


def bin_map(request):
    qs, zone, kind = _filtered(request)
    now = int(time.time())
    data = {"tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "bins": [
        {"code": r["bin"].code, "name": r["bin"].asset.name, "lat": r["bin"].asset.latitude, "lon": r["bin"].asset.longitude,
         "level": None if r["level"] is None else round(r["level"], 1), "cls": r["cls"],
         "full_at": r["full_at"].strftime("%d/%m %H:%M") if r["full_at"] else "", "url": f"/sanitation/bins/{r['bin'].code}/"}
        for r in _rows(list(qs), now) if r["bin"].asset.latitude is not None]}
    return render(request, "sanitation/bin_map.html", {"data": data, "zone": zone, "kind": kind})


def svg_chart(points, t0, t1, threshold, width=720, height=220):
    """Fill series as SVG geometry: polyline points, threshold line, axis ticks per day."""
    pad_l, pad_b, pad_t = 34, 22, 8
    w, h = width - pad_l - 6, height - pad_b - pad_t
    span = max(1, t1 - t0)

    def x(t):
        return pad_l + (t - t0) / span * w

    def y(v):
        return pad_t + (100 - v) / 100 * h

    poly = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
    days = []
    d = local(t0).replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    while d.timestamp() < t1:
        days.append({"x": round(x(d.timestamp()), 1), "label": d.strftime("%d/%m")})
        d += dt.timedelta(days=1)
    return {"width": width, "height": height, "poly": poly, "days": days, "y_threshold": round(y(threshold), 1),
            "y_ticks": [{"y": round(y(v), 1), "v": v} for v in (0, 25, 50, 75, 100)], "x0": pad_l, "x1": pad_l + w,
            "bottom": pad_t + h}


def bin_detail(request, code):
    b = get_object_or_404(visible(Bin.objects.select_related("asset", "owner"), request.user), code=code)
    now = int(time.time())
    st = bin_states([b], now)[b.pk]
    ds = fill_streams([b]).get(b.pk)
    t0 = now - CHART_DAYS * 86400
    points = list(Observation.objects.filter(datastream_id=ds, t__gte=t0, status=0).order_by("t").values_list("t", "value")) if ds else []
    chart = svg_chart([(t, v) for t, v in points if v is not None], t0, now, b.threshold_pct) if points else None
    return render(request, "sanitation/bin.html", {
        "b": b, "st": st, "level": st.level, "cls": fill_class(st.level), "full_at": local(st.full_at),
        "since": local(st.estimate.since), "reading_at": local(st.latest_t), "chart": chart, "n_points": len(points),
        "collections": b.collections.select_related("truck", "recorded_by")[:10],
        "map": {"tiles": settings.SMARTCITY_MAP_TILES, "bins": [{"code": b.code, "name": b.asset.name, "lat": b.asset.latitude,
                                                                 "lon": b.asset.longitude, "cls": fill_class(st.level),
                                                                 "level": st.level, "url": ""}]},
        "title": _("Smart bin %(code)s") % {"code": b.code},
    })

"""Realtime pages under /mobility/realtime/:

- sources (staff): each GTFS-Realtime source (and the MQTT devices as one more) with its
  check counts over the last days: a bar per check code (our own SVG, drawn from the
  geometry computed here) and a table by day, with sample occurrences;
- vehicles (public): the live vehicles with trip, route, delay and when they were last seen.
"""
import datetime as dt
import time

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.core.permissions import visible
from smartcity.mobility import rt_checks
from smartcity.mobility.models import RealtimeCheck, RealtimeSource
from smartcity.mobility.services import realtime

DAYS = 14
ERROR_COLOUR, WARNING_COLOUR = "#c0392b", "#d68910"


def bar_chart(totals: dict, w: int = 420, bar_h: int = 18, gap: int = 6, label_w: int = 54) -> dict | None:
    """Geometry of horizontal bars, one per check code (longest = the largest count)."""
    if not totals:
        return None
    top = max(totals.values()) or 1
    bars = []
    for i, code in enumerate(sorted(totals)):
        n = totals[code]
        y = i * (bar_h + gap)
        bars.append({"code": code, "count": n, "y": y, "ty": y + bar_h - 5, "w": max(2.0, (w - label_w - 60) * n / top),
                     "colour": ERROR_COLOUR if code.startswith("E") else WARNING_COLOUR, "title": _(rt_checks.CODES.get(code, code))})
    return {"w": w, "h": len(bars) * (bar_h + gap), "bar_h": bar_h, "x": label_w, "bars": bars, "count_x": label_w + 6}


@login_required
def sources(request):
    since = dt.date.today() - dt.timedelta(days=DAYS - 1)
    keys = [(str(s.pk), s) for s in visible(RealtimeSource.objects.select_related("owner"), request.user)]
    keys.append((realtime.MQTT_KEY, None))
    checks = RealtimeCheck.objects.filter(source_key__in=[k for k, _s in keys], date__gte=since).order_by("-date", "code")
    by_key: dict = {}
    for c in checks:
        by_key.setdefault(c.source_key, []).append(c)
    blocks = []
    for key, src in keys:
        rows = by_key.get(key, [])
        if src is None and not rows:
            continue
        totals: dict = {}
        days: dict = {}
        samples: dict = {}
        for c in rows:
            totals[c.code] = totals.get(c.code, 0) + c.count
            days.setdefault(c.date, {})[c.code] = c.count
            samples.setdefault(c.code, c.samples)
        codes = sorted(totals)
        blocks.append({
            "key": key, "source": src, "name": src.name if src else _("MQTT bus devices"), "chart": bar_chart(totals),
            "codes": codes, "days": [(d, [days[d].get(code, 0) for code in codes]) for d in sorted(days, reverse=True)],
            "samples": [(code, _(rt_checks.CODES.get(code, code)), samples[code]) for code in codes],
        })
    return render(request, "mobility/realtime_sources.html", {"blocks": blocks, "days": DAYS,
                                                               "descriptions": [(c, _(d)) for c, d in rt_checks.CODES.items()]})


def vehicles(request):
    now = int(time.time())
    states = list(realtime.live_vehicles(None, now)[:500])
    routes = realtime.routes_for({vs.feed_id for vs in states if vs.feed_id})
    rows = []
    for vs in states:
        d = realtime.vehicle_dict(vs, routes, now)
        delay = d["delay_s"]
        d["delay_text"] = "" if delay is None else f"{'+' if delay >= 0 else '−'}{abs(delay) // 60}:{abs(delay) % 60:02d}"
        d["delay_class"] = "" if delay is None else ("late" if delay > 300 else ("early" if delay < -60 else "on-time"))
        d["stale"] = d["age_s"] > 900
        rows.append(d)
    return render(request, "mobility/realtime_vehicles.html", {"rows": rows, "now": now})

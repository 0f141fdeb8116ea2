"""Small SVG charts drawn on the server (no third-party JavaScript): a reading's last day
and a night's dimming timeline, one or many rows on a shared time axis. Pure: no Django."""
from __future__ import annotations

import datetime as dt
import time
from html import escape

W, H, PAD_L, PAD_B, PAD_T = 640, 170, 44, 22, 18


def series_svg(points, title: str, colour: str = "#0b5d8f", ymax: float | None = None) -> str:
    """A step line of [(epoch, value)] over its own time span; '' when there are no points."""
    if not points:
        return ""
    t0, t1 = points[0][0], points[-1][0]
    if t1 == t0:
        t1 = t0 + 1
    top = ymax or max(1.0, max(v for _, v in points if v is not None) * 1.1)
    x = lambda t: PAD_L + (W - PAD_L - 8) * (t - t0) / (t1 - t0)  # noqa: E731
    y = lambda v: PAD_T + (H - PAD_T - PAD_B) * (1 - v / top)  # noqa: E731
    d, prev = [], None
    for t, v in points:
        if v is None:
            continue
        if prev is None:
            d.append(f"M{x(t):.1f},{y(v):.1f}")
        else:
            d.append(f"H{x(t):.1f}V{y(v):.1f}")
        prev = v
    ticks = []
    for frac in (0, 0.5, 1):
        v = top * frac
        ticks.append(f'<text x="{PAD_L - 4}" y="{y(v) + 4:.1f}" text-anchor="end" class="lt-axis">{v:.0f}</text>'
                     f'<line x1="{PAD_L}" x2="{W - 8}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="lt-grid"/>')
    hours = []
    first = t0 - t0 % 3600 + 3600
    step = 3600 * max(1, round((t1 - t0) / 3600 / 8))
    for t in range(first, int(t1) + 1, step):
        hours.append(f'<text x="{x(t):.1f}" y="{H - 6}" text-anchor="middle" class="lt-axis">'
                     f'{time.strftime("%H:%M", time.gmtime(t + 7 * 3600))}</text>')
    return (f'<svg class="lt-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}">'
            f'<text x="{PAD_L}" y="12" class="lt-title">{escape(title)}</text>{"".join(ticks)}{"".join(hours)}'
            f'<path d="{"".join(d)}" fill="none" stroke="{colour}" stroke-width="2"/></svg>')


def _level_fill(level: int) -> str:
    """Light level as an amber of matching strength (0 % dark slate, 100 % full amber)."""
    if level <= 0:
        return "#3b4650"
    a = 0.25 + 0.75 * level / 100
    return f"rgba(245,183,0,{a:.2f})"


def timelines_svg(rows, start: dt.datetime, end: dt.datetime, title: str = "") -> str:
    """Many nights on one axis: rows of (label, timeline or None). Each band is coloured by
    the level; labels carry the switch times and the levels for screen readers."""
    span = (end - start).total_seconds()
    row_h, top = 26, 24
    height = top + row_h * len(rows) + 24
    label_w = 190
    width = 900
    x = lambda t: label_w + (width - label_w - 10) * (t - start).total_seconds() / span  # noqa: E731
    parts = [f'<svg class="lt-chart lt-timelines" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    h = start.replace(minute=0, second=0, microsecond=0)
    while h <= end:
        if h >= start:
            parts.append(f'<line x1="{x(h):.1f}" x2="{x(h):.1f}" y1="{top - 4}" y2="{height - 20}" class="lt-grid"/>'
                         f'<text x="{x(h):.1f}" y="{top - 8}" text-anchor="middle" class="lt-axis">{h:%H:%M}</text>')
        h += dt.timedelta(hours=1)
    for i, (label, tl) in enumerate(rows):
        y0 = top + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y0 + 17}" text-anchor="end" class="lt-label">{escape(label)}</text>')
        if tl is None:
            parts.append(f'<text x="{label_w + 4}" y="{y0 + 17}" class="lt-axis">–</text>')
            continue
        points = list(tl.changes) + [(tl.off, 0)]
        for (t0, lv), (t1, _) in zip(points, points[1:]):
            a, b = max(t0, start), min(t1, end)
            if b <= a:
                continue
            parts.append(f'<rect x="{x(a):.1f}" y="{y0 + 4}" width="{x(b) - x(a):.1f}" height="{row_h - 8}" fill="{_level_fill(lv)}" '
                         f'data-level="{lv}"><title>{t0:%H:%M}–{t1:%H:%M}: {lv} %</title></rect>')
            if x(b) - x(a) > 34:
                parts.append(f'<text x="{(x(a) + x(b)) / 2:.1f}" y="{y0 + 17}" text-anchor="middle" class="lt-in">{lv} %</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(tl) -> str:
    start = tl.on.replace(minute=0, second=0, microsecond=0)
    end = (tl.off + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return timelines_svg([(f"{tl.on:%H:%M} → {tl.off:%H:%M}", tl)], start, end, tl.program)

"""SVG bar chart of downloads per month (no Django import, no JavaScript).

Months on the x axis, one stacked bar per month with a segment per dataset; the y axis
is scaled to a "nice" maximum (1, 2 or 5 times a power of ten) so gridlines read well.
"""
from html import escape

COLOURS = ("#0b5d8f", "#2e9d4f", "#e0a000", "#c62828", "#6a4c93", "#1982c4", "#8ac926", "#ff924c", "#52616b", "#b5179e")


def nice_max(value: float) -> float:
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def stacked_bars(months: list[str], series: list[tuple[str, list[int]]], title: str) -> str:
    """`series` is [(label, [count per month])]; returns an <svg> with a legend below."""
    width, height, left, bottom, top = 720, 260, 48, 36, 12
    totals = [sum(s[1][i] for s in series) for i in range(len(months))]
    top_value = nice_max(max(totals or [0]))
    plot_h = height - bottom - top
    slot = (width - left - 8) / max(1, len(months))
    bar = max(4.0, slot * 0.7)
    parts = [f'<svg class="od-chart" viewBox="0 0 {width} {height + 22 * ((len(series) + 2) // 3)}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for k in range(5):
        value = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dde5"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value:g}</text>')
    for i, month in enumerate(months):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for n, (label, counts) in enumerate(series):
            h = plot_h * counts[i] / top_value
            if h <= 0:
                continue
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[n % len(COLOURS)]}">'
                         f'<title>{escape(label)} · {escape(month)}: {counts[i]}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">{escape(month)}</text>')
    for n, (label, _counts) in enumerate(series):
        lx = left + (n % 3) * 224
        ly = height + 6 + 22 * (n // 3)
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{COLOURS[n % len(COLOURS)]}"/>'
                     f'<text x="{lx + 16}" y="{ly + 11}" font-size="11">{escape(label[:34])}</text>')
    parts.append("</svg>")
    return "".join(parts)

"""Server-side SVG charts of the innovation pages (no third-party JS): horizontal bars for
counts, stacked vertical bars for funding per year. Pure: numbers in, markup out; labels
are escaped here."""
from html import escape

PALETTE = ("#1f6feb", "#d97706", "#059669", "#b91c1c", "#7c3aed", "#0891b2", "#6b7280", "#be185d")


def hbars(rows: list[tuple[str, float]], *, title: str = "", width: int = 560, bar_h: int = 20, gap: int = 6,
          label_w: int = 190, key: str = "") -> str:
    """One bar per (label, value) with the value written at its end."""
    vmax = max([v for _, v in rows] + [1])
    height = 24 + len(rows) * (bar_h + gap) + 4
    plot_w = width - label_w - 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart inno-chart" role="img" '
           f'aria-label="{escape(title)}" data-chart="{escape(key)}">']
    if title:
        out.append(f'<text x="0" y="14" font-size="12" font-weight="bold">{escape(title)}</text>')
    for i, (label, value) in enumerate(rows):
        y = 24 + i * (bar_h + gap)
        w = plot_w * value / vmax
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" font-size="11" text-anchor="end">{escape(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}" '
                   f'data-label="{escape(label)}" data-value="{value:g}"><title>{escape(label)}: {value:g}</title></rect>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="11">{value:g}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_columns(categories: list[str], series: list[tuple[str, list[float]]], *, title: str = "", unit: str = "",
                    width: int = 640, height: int = 280, scale: float = 1.0, fmt: str = "{:,.1f}", key: str = "") -> str:
    """One column per category, stacked by series (values divided by `scale` for the axis)."""
    left, right, top, bottom = 56, 8, 28, 52
    totals = [sum(vs[i] for _, vs in series) / scale for i in range(len(categories))]
    vmax = max(totals + [1e-9])
    plot_w, plot_h = width - left - right, height - top - bottom
    col_w = plot_w / max(1, len(categories))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart inno-chart" role="img" '
           f'aria-label="{escape(title)}" data-chart="{escape(key)}">']
    if title:
        out.append(f'<text x="{left}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>')
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{fmt.format(vmax * i / 4)}</text>')
    for ci, cat in enumerate(categories):
        x = left + col_w * ci + col_w * 0.15
        y = top + plot_h
        for si, (name, vs) in enumerate(series):
            v = vs[ci] / scale
            if v <= 0:
                continue
            h = plot_h * v / vmax
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w * 0.7:.1f}" height="{h:.1f}" fill="{PALETTE[si % len(PALETTE)]}" '
                       f'data-series="{escape(name)}" data-category="{escape(cat)}" data-value="{v:.3f}">'
                       f'<title>{escape(name)} · {escape(cat)}: {fmt.format(v)} {escape(unit)}</title></rect>')
        out.append(f'<text x="{left + col_w * (ci + 0.5):.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle">{escape(cat)}</text>')
    for si, (name, _) in enumerate(series):
        x = left + si * 110
        out.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{PALETTE[si % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="{height - 7}" font-size="10">{escape(name)}</text>')
    if unit:
        out.append(f'<text x="4" y="{top - 8}" font-size="10">{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)

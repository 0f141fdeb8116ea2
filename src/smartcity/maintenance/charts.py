"""Small server-side SVG charts (no third-party JS): grouped bars with labelled axes.
Pure: returns markup built from numbers; the caller escapes nothing (labels are escaped here)."""
from html import escape

PALETTE = ("#1f6feb", "#d97706", "#059669", "#b91c1c", "#7c3aed", "#0891b2", "#6b7280", "#be185d")


def bars(categories: list[str], series: list[tuple[str, list[float | None]]], *, unit: str = "", width: int = 640,
         height: int = 260, title: str = "", fmt: str = "{:.1f}") -> str:
    """Grouped vertical bars: one group per category, one bar per series. Returns <svg>."""
    left, right, top, bottom = 48, 8, 24, 48
    values = [v for _, vs in series for v in vs if v is not None]
    vmax = max(values) if values else 1.0
    vmax = vmax if vmax > 0 else 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    n_cat, n_ser = max(len(categories), 1), max(len(series), 1)
    group_w = plot_w / n_cat
    bar_w = max(2.0, group_w * 0.8 / n_ser)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
             f'aria-label="{escape(title)}">']
    if title:
        parts.append(f'<text x="{left}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>')
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{fmt.format(vmax * i / 4)}</text>')
    for ci, cat in enumerate(categories):
        x0 = left + group_w * ci + group_w * 0.1
        for si, (name, vs) in enumerate(series):
            v = vs[ci] if ci < len(vs) else None
            if v is None:
                continue
            h = plot_h * max(v, 0) / vmax
            x = x0 + si * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[si % len(PALETTE)]}" data-series="{escape(name)}" data-category="{escape(cat)}" '
                         f'data-value="{v:.3f}"><title>{escape(name)} · {escape(cat)}: {fmt.format(v)} {escape(unit)}</title></rect>')
        parts.append(f'<text x="{left + group_w * (ci + 0.5):.1f}" y="{top + plot_h + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(cat)}</text>')
    for si, (name, _) in enumerate(series):
        x = left + si * 130
        parts.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{PALETTE[si % len(PALETTE)]}"/>'
                     f'<text x="{x + 14}" y="{height - 7}" font-size="10">{escape(name)}</text>')
    if unit:
        parts.append(f'<text x="4" y="{top - 8}" font-size="10">{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)

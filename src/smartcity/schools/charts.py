"""SVG charts of the schools programme, drawn here (no third-party JS). Pure: numbers in,
markup out; labels are escaped here. Grouped bars come from the project's helper
(`maintenance.charts.bars`); the radar chart of the areas is drawn below."""
import math
from html import escape

from smartcity.maintenance.charts import PALETTE, bars  # noqa: F401  (re-exported for the views)


def radar(axes: list[str], series: list[tuple[str, list[float | None]]], *, size: int = 360, title: str = "",
          vmax: float = 100.0) -> str:
    """One polygon per series over the axes (0..vmax from the centre). Returns <svg>."""
    n = len(axes)
    width = size + 160  # room for the axis labels left and right
    cx, cy = width / 2, size / 2
    r = size / 2 - 50
    legend_h = 18 * len(series)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size + legend_h}" class="chart sch-radar" '
             f'role="img" aria-label="{escape(title)}">']
    if n < 3:
        parts.append("</svg>")
        return "".join(parts)

    def point(i, v):
        a = -math.pi / 2 + 2 * math.pi * i / n
        k = r * max(0.0, min(v, vmax)) / vmax
        return cx + k * math.cos(a), cy + k * math.sin(a)

    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring * vmax / 100) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#ddd"/>')
        x, y = point(0, ring * vmax / 100)
        parts.append(f'<text x="{x + 3:.1f}" y="{y + 10:.1f}" font-size="9" fill="#888">{ring}</text>')
    for i, label in enumerate(axes):
        x, y = point(i, vmax)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        lx, ly = point(i, vmax * 1.12)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="10" text-anchor="{anchor}">{escape(short(label))}'
                     f'<title>{escape(label)}</title></text>')
    for si, (name, values) in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0.0) for i, v in enumerate(values)))
        parts.append(f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="2" '
                     f'data-series="{escape(name)}"><title>{escape(name)}</title></polygon>')
        for i, v in enumerate(values):
            if v is None:
                continue
            x, y = point(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" data-series="{escape(name)}" '
                         f'data-axis="{escape(axes[i])}" data-value="{v:.1f}"><title>{escape(name)} · {escape(axes[i])}: '
                         f'{v:.1f}</title></circle>')
        parts.append(f'<rect x="10" y="{size + 18 * si}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="26" y="{size + 18 * si + 9}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"

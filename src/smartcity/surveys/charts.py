"""Geometry of the result charts, drawn as inline SVG by the templates (pure: no Django).

Horizontal bars, one per option or scale point, length proportional to the share of
respondents (0-100 %), the count and percentage written after the bar; and the colour of a
heat-table cell from a row percentage (white to the brand blue, text turning white above
55 %). No chart library: the platform draws its own SVG."""
from __future__ import annotations


def _short(text: str, n: int = 46) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def hbars(rows: list[dict], *, width: int = 720, label_w: int = 300, bar_h: int = 20, gap: int = 6) -> dict:
    """rows: {"label", "count", "share" (0..1 or None)} -> SVG geometry."""
    plot_x, plot_w = label_w, width - label_w - 90
    height = len(rows) * (bar_h + gap) + 4
    bars = []
    for i, r in enumerate(rows):
        share = r.get("share") or 0.0
        y = 2 + i * (bar_h + gap)
        w = round(share * plot_w, 1)
        bars.append({"label": _short(r["label"]), "full": r["label"], "y": y, "ty": y + bar_h / 2 + 4, "w": w,
                     "count": r.get("count", 0), "pct": round(share * 100, 1), "tx": plot_x + w + 5})
    return {"width": width, "height": height, "plot_x": plot_x, "label_x": plot_x - 6, "bar_h": bar_h, "bars": bars}


def heat(pct: float | None) -> dict:
    """Background and text colour of a cell showing `pct` (0-100)."""
    if pct is None:
        return {"bg": "#ffffff", "fg": "#5d6b7a"}
    t = max(0.0, min(1.0, pct / 100.0))
    start, end = (255, 255, 255), (11, 93, 143)  # white -> brand #0b5d8f
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(start, end))
    return {"bg": "#%02x%02x%02x" % rgb, "fg": "#ffffff" if t > 0.55 else "#1d2733"}

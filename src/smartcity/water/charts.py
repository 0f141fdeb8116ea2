"""Small SVG charts drawn on the server (no third-party JavaScript): lines with reference
levels, and grouped bars. Pure Python; the caller marks the result safe. Text is escaped."""
import math
from html import escape

W, H = 720, 240
PAD_L, PAD_R, PAD_T, PAD_B = 62, 14, 14, 40


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * mag
        if (hi - lo) / step <= n:
            break
    start = (lo // step) * step
    ticks, v = [], start
    while v <= hi + step * 1e-9:
        if v >= lo - step * 1e-9:
            ticks.append(round(v, 10))
        v += step
    return ticks


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", ".")
    return f"{v:g}"


def line_chart(series, *, x_labels=(), hlines=(), y_title="", css_id="", x_title="") -> str:
    """series: [(label, [(x, y)], colour)]; hlines: [(y, label, colour)]; x_labels: [(x, text)]."""
    pts = [p for _l, s, _c in series for p in s if p[1] is not None]
    if not pts:
        return ""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts] + [h[0] for h in hlines]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    margin = (y1 - y0) * 0.05 or 1.0
    y0, y1 = y0 - margin, y1 + margin
    if x1 == x0:
        x1 = x0 + 1

    def X(x):
        return PAD_L + (x - x0) / (x1 - x0) * (W - PAD_L - PAD_R)

    def Y(y):
        return H - PAD_B - (y - y0) / (y1 - y0) * (H - PAD_T - PAD_B)

    out = [f'<svg class="chart" {_id(css_id)}viewBox="0 0 {W} {H}" role="img" '
           f'aria-label="{escape(y_title, True)}" xmlns="http://www.w3.org/2000/svg" font-size="11">']
    for t in _nice_ticks(y0, y1):
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{Y(t):.1f}" y2="{Y(t):.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{PAD_L - 6}" y="{Y(t) + 4:.1f}" text-anchor="end" fill="#555">{_fmt(t)}</text>')
    for x, text in x_labels:
        if x0 <= x <= x1:
            out.append(f'<line x1="{X(x):.1f}" x2="{X(x):.1f}" y1="{H - PAD_B}" y2="{H - PAD_B + 4}" stroke="#888"/>'
                       f'<text x="{X(x):.1f}" y="{H - PAD_B + 16}" text-anchor="middle" fill="#555">{escape(text)}</text>')
    for y, label, colour in hlines:
        out.append(f'<line class="ref" x1="{PAD_L}" x2="{W - PAD_R}" y1="{Y(y):.1f}" y2="{Y(y):.1f}" stroke="{colour}" '
                   f'stroke-dasharray="6 4"/><text x="{W - PAD_R - 4}" y="{Y(y) - 4:.1f}" text-anchor="end" '
                   f'fill="{colour}">{escape(label)} {_fmt(y)}</text>')
    for label, s, colour in series:
        path = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in s if y is not None)
        out.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="1.6" points="{path}">'
                   f'<title>{escape(label)}</title></polyline>')
    out.append(f'<line x1="{PAD_L}" x2="{PAD_L}" y1="{PAD_T}" y2="{H - PAD_B}" stroke="#888"/>'
               f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{H - PAD_B}" y2="{H - PAD_B}" stroke="#888"/>')
    if y_title:
        out.append(f'<text x="12" y="{(H - PAD_B + PAD_T) / 2:.0f}" transform="rotate(-90 12 {(H - PAD_B + PAD_T) / 2:.0f})" '
                   f'text-anchor="middle" fill="#333">{escape(y_title)}</text>')
    if x_title:
        out.append(f'<text x="{(W + PAD_L) / 2:.0f}" y="{H - 4}" text-anchor="middle" fill="#333">{escape(x_title)}</text>')
    out.append(_legend([(l, c) for l, _s, c in series]))
    out.append("</svg>")
    return "".join(out)


def bar_chart(categories, series, *, y_title="", css_id="", label_every: int = 1) -> str:
    """Grouped bars: categories [text], series [(label, [value per category], colour)]."""
    values = [v for _l, vs, _c in series for v in vs if v is not None]
    if not categories or not values:
        return ""
    y1 = max(values) or 1.0
    y1 *= 1.08
    n, k = len(categories), len(series)
    slot = (W - PAD_L - PAD_R) / n
    bw = max(1.0, slot * 0.8 / k)

    def Y(y):
        return H - PAD_B - y / y1 * (H - PAD_T - PAD_B)

    out = [f'<svg class="chart" {_id(css_id)}viewBox="0 0 {W} {H}" role="img" '
           f'aria-label="{escape(y_title, True)}" xmlns="http://www.w3.org/2000/svg" font-size="11">']
    for t in _nice_ticks(0, y1):
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{Y(t):.1f}" y2="{Y(t):.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{PAD_L - 6}" y="{Y(t) + 4:.1f}" text-anchor="end" fill="#555">{_fmt(t)}</text>')
    for i, cat in enumerate(categories):
        x = PAD_L + i * slot + slot * 0.1
        for j, (label, vs, colour) in enumerate(series):
            v = vs[i] or 0.0
            out.append(f'<rect class="bar" x="{x + j * bw:.1f}" y="{Y(v):.1f}" width="{bw:.1f}" height="{Y(0) - Y(v):.1f}" '
                       f'fill="{colour}"><title>{escape(cat)} · {escape(label)}: {_fmt(round(v, 1))}</title></rect>')
        if i % label_every == 0:
            out.append(f'<text x="{PAD_L + (i + 0.5) * slot:.1f}" y="{H - PAD_B + 16}" text-anchor="middle" '
                       f'fill="#555">{escape(cat)}</text>')
    out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{H - PAD_B}" y2="{H - PAD_B}" stroke="#888"/>')
    if y_title:
        out.append(f'<text x="12" y="{(H - PAD_B + PAD_T) / 2:.0f}" transform="rotate(-90 12 {(H - PAD_B + PAD_T) / 2:.0f})" '
                   f'text-anchor="middle" fill="#333">{escape(y_title)}</text>')
    out.append(_legend([(l, c) for l, _v, c in series]))
    out.append("</svg>")
    return "".join(out)


def _id(css_id: str) -> str:
    return f'id="{escape(css_id, True)}" ' if css_id else ""


def _legend(items) -> str:
    out, x = [], PAD_L
    for label, colour in items:
        out.append(f'<rect x="{x}" y="{H - 14}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14}" y="{H - 5}" fill="#333">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return "".join(out)

"""A map view as an image: the layers' features drawn in their map style over a window
(WGS84 bbox), as PNG (Pillow) or as plain SVG text, with a scale bar.

Why server-side: a printed or mailed map must show the same thing whoever opens it; a
browser canvas snapshot depends on the tile server's CORS headers and on what had loaded.
The projection is Web Mercator, like the viewer (Leaflet), so the picture matches the
screen for the same bbox and size.

Pure: no Django. Input is plain data:

    layers = [{"key": "thua-dat-mau", "style": {...Layer.style...},
               "features": [(geometry_dict, properties_dict), ...]}, ...]   # bottom first
    png = render_png(layers, (minx, miny, maxx, maxy), 800, 600)
    svg = render_svg(layers, (minx, miny, maxx, maxy), 800, 600)

Styles follow the `Layer.style` contract: `color` (stroke), `fillColor`, `fill` (fill
opacity 0-1), `weight`, `categories: {"attribute", "colors": {value: colour}}`.
"""
import io
import math
from xml.sax.saxutils import escape

from smartcity.gis.measure import distance_m

BACKGROUND = "#f4f6f7"
DEFAULT_COLOR = "#3388ff"
MAX_LAT = 85.05112878
MAX_SIDE = 4096


def feature_style(style: dict, properties: dict | None, kind: str = "polygon") -> dict:
    """Stroke colour, fill colour, fill opacity and weight of one feature part (`kind`:
    polygon, line or point): the layer's style, with the category colour of its attribute
    value when the style has categories (it fills polygons and strokes lines and points),
    and the feature's own `color` property as stroke (bus routes carry theirs). The viewer's
    `featureStyle` (static/gis/map.js) applies the same rule."""
    style = style or {}
    color = style.get("color") or DEFAULT_COLOR
    fill_color = style.get("fillColor") or color
    cats = style.get("categories") or {}
    if isinstance(cats, dict) and cats.get("attribute") and properties:
        value = properties.get(cats["attribute"])
        cat_color = (cats.get("colors") or {}).get(str(value)) if value is not None else None
        if cat_color:
            fill_color = cat_color
            if kind != "polygon":
                color = cat_color
    own = (properties or {}).get("color")
    if isinstance(own, str) and len(own) == 7 and own.startswith("#"):
        color = own
        if not style.get("fillColor"):
            fill_color = own
    try:
        fill = float(style.get("fill", 0.2))
    except (TypeError, ValueError):
        fill = 0.2
    try:
        weight = float(style.get("weight", style.get("width", 2)))
    except (TypeError, ValueError):
        weight = 2.0
    return {"color": color, "fillColor": fill_color, "fill": max(0.0, min(1.0, fill)), "weight": max(0.5, min(12.0, weight))}


def _rgb(colour: str) -> tuple[int, int, int]:
    text = (colour or DEFAULT_COLOR).strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return 51, 136, 255


def _merc(lon: float, lat: float) -> tuple[float, float]:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class Projector:
    """lon/lat -> pixel (x right, y down) of a width x height picture of the bbox."""

    def __init__(self, bbox, width: int, height: int):
        minx, miny, maxx, maxy = bbox
        self.x0, self.y0 = _merc(minx, miny)
        self.x1, self.y1 = _merc(maxx, maxy)
        self.width, self.height = width, height
        self.sx = width / ((self.x1 - self.x0) or 1e-12)
        self.sy = height / ((self.y1 - self.y0) or 1e-12)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _merc(lon, lat)
        return (x - self.x0) * self.sx, (self.y1 - y) * self.sy


def _parts(geometry: dict):
    """(kind, coordinates) for each simple part: 'polygon' [rings], 'line' [points], 'point' point."""
    kind = (geometry or {}).get("type")
    coords = (geometry or {}).get("coordinates")
    if kind == "Polygon":
        yield "polygon", coords
    elif kind == "MultiPolygon":
        for poly in coords:
            yield "polygon", poly
    elif kind == "LineString":
        yield "line", coords
    elif kind == "MultiLineString":
        for line in coords:
            yield "line", line
    elif kind == "Point":
        yield "point", coords
    elif kind == "MultiPoint":
        for pt in coords:
            yield "point", pt
    elif kind == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _parts(g)


def nice_scale(metres_per_px: float, target_px: int = 120) -> tuple[float, float]:
    """(length in metres, length in pixels) of a scale bar near target_px long with a
    round length (1, 2 or 5 times a power of ten)."""
    raw = metres_per_px * target_px
    if raw <= 0:
        return 0.0, 0.0
    power = 10 ** math.floor(math.log10(raw))
    length = max(m * power for m in (1, 2, 5) if m * power <= raw)
    return length, length / metres_per_px


def _scale(bbox, width: int):
    minx, miny, maxx, maxy = bbox
    mid = (miny + maxy) / 2
    metres = distance_m((minx, mid), (maxx, mid))
    length, px = nice_scale(metres / max(width, 1))
    label = f"{length:.0f} m" if length < 1000 else f"{length / 1000:g} km"
    return length, px, label


def check_size(width: int, height: int) -> None:
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise ValueError(f"width and height must be between 1 and {MAX_SIDE}")


# ------------------------------------------------------------------------------------- PNG
def render_png(layers, bbox, width: int, height: int, background: str = BACKGROUND) -> bytes:
    from PIL import Image, ImageDraw

    check_size(width, height)
    proj = Projector(bbox, width, height)
    image = Image.new("RGBA", (width, height), _rgb(background) + (255,))
    for layer in layers:
        sheet = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        draw = ImageDraw.Draw(sheet)
        for geometry, props in layer.get("features", []):
            for kind, coords in _parts(geometry):
                st = feature_style(layer.get("style") or {}, props, kind)
                stroke = _rgb(st["color"]) + (255,)
                weight = max(1, round(st["weight"]))
                if kind == "polygon":
                    rings = [[proj(*p[:2]) for p in ring] for ring in coords if len(ring) >= 3]
                    if not rings:
                        continue
                    if st["fill"] > 0:
                        draw.polygon(rings[0], fill=_rgb(st["fillColor"]) + (round(255 * st["fill"]),))
                        for hole in rings[1:]:
                            draw.polygon(hole, fill=(0, 0, 0, 0))
                    for ring in rings:
                        draw.line(ring + [ring[0]], fill=stroke, width=weight, joint="curve")
                elif kind == "line" and len(coords) >= 2:
                    draw.line([proj(*p[:2]) for p in coords], fill=stroke, width=weight, joint="curve")
                elif kind == "point" and coords:
                    x, y = proj(*coords[:2])
                    r = 4 + weight
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgb(st["fillColor"]) + (220,), outline=stroke, width=1)
        image = Image.alpha_composite(image, sheet)
    _png_scale(image, bbox)
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def _png_scale(image, bbox):
    from PIL import ImageDraw

    width, height = image.size
    if width < 80 or height < 40:
        return
    _length, px, label = _scale(bbox, width)
    draw = ImageDraw.Draw(image)
    x0, y = 12, height - 14
    draw.rectangle((x0 - 4, y - 16, x0 + px + 50, y + 6), fill=(255, 255, 255, 255))
    draw.line((x0, y, x0 + px, y), fill=(0, 0, 0, 255), width=2)
    draw.line((x0, y - 5, x0, y), fill=(0, 0, 0, 255), width=2)
    draw.line((x0 + px, y - 5, x0 + px, y), fill=(0, 0, 0, 255), width=2)
    draw.text((x0 + px + 6, y - 12), label, fill=(0, 0, 0, 255))


# ------------------------------------------------------------------------------------- SVG
def _path(rings, proj, close=True) -> str:
    out = []
    for ring in rings:
        pts = [proj(*p[:2]) for p in ring]
        if not pts:
            continue
        out.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + (" Z" if close else ""))
    return " ".join(out)


def render_svg(layers, bbox, width: int, height: int, background: str = BACKGROUND, title: str = "") -> str:
    check_size(width, height)
    proj = Projector(bbox, width, height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{escape(title)}</title>" if title else "",
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="{escape(background)}"/>']
    for layer in layers:
        parts.append(f'<g data-layer="{escape(str(layer.get("key", "")), {chr(34): "&quot;"})}">')
        for geometry, props in layer.get("features", []):
            for kind, coords in _parts(geometry):
                st = feature_style(layer.get("style") or {}, props, kind)
                color, fill_color = escape(st["color"]), escape(st["fillColor"])
                if kind == "polygon":
                    d = _path([r for r in coords if len(r) >= 3], proj)
                    if d:
                        parts.append(f'<path d="{d}" fill="{fill_color}" fill-opacity="{st["fill"]:g}" fill-rule="evenodd" '
                                     f'stroke="{color}" stroke-width="{st["weight"]:g}" stroke-linejoin="round"/>')
                elif kind == "line" and len(coords) >= 2:
                    parts.append(f'<path d="{_path([coords], proj, close=False)}" fill="none" stroke="{color}" '
                                 f'stroke-width="{st["weight"]:g}" stroke-linejoin="round" stroke-linecap="round"/>')
                elif kind == "point" and coords:
                    x, y = proj(*coords[:2])
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 + st["weight"]:g}" fill="{fill_color}" '
                                 f'stroke="{color}" stroke-width="1"/>')
        parts.append("</g>")
    if width >= 80 and height >= 40:
        _length, px, label = _scale(bbox, width)
        y = height - 14
        parts.append(f'<g class="scale"><rect x="8" y="{y - 16}" width="{px + 54:.1f}" height="22" fill="#fff"/>'
                     f'<path d="M12,{y - 5} L12,{y} L{12 + px:.1f},{y} L{12 + px:.1f},{y - 5}" fill="none" stroke="#000" stroke-width="2"/>'
                     f'<text x="{18 + px:.1f}" y="{y}" font-family="sans-serif" font-size="11">{escape(label)}</text></g>')
    parts.append("</svg>")
    return "".join(p for p in parts if p)

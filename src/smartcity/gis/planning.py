"""The planning check of a construction permit, pure (shapely + pyproj, no Django).

Given the footprint (or the parcel) of a requested building and the features of the
planning layers — land-use zones with their rules, red lines, protection corridors — it
produces one finding per zone or line touched and an overall result:

* fail: a rule is exceeded (use not allowed, height, floors, coverage above the cap, the
  building closer to a red line than the zone's set-back), or the footprint crosses a red
  line or enters a protection corridor;
* warn: within the margin of a limit (1 m of height or set-back, 1 point of coverage, 1 m of
  a corridor), the footprint straddles two zones, or part of it lies outside every zone;
* pass: otherwise.

Zone rules are feature attributes named by the constants below (the demo layers and the
importers use the same names). Geometries are GeoJSON dicts in WGS84 (lon, lat); distances
and areas are measured in UTM zone 48N (EPSG:32648, metres), which covers Bình Dương.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

# -- rule attribute names of a planning zone feature ------------------------------------------------
ZONE_NAME = "zone_name"            # "Khu ở hiện hữu Phú Cường" (text)
USE = "land_use"                   # allowed uses: one code or several "residential,commercial" (text)
MAX_HEIGHT_M = "max_height_m"      # number, metres
MAX_FLOORS = "max_floors"          # integer
MAX_COVERAGE_PCT = "max_coverage_pct"  # number, building density (mật độ xây dựng) in %
SETBACK_M = "setback_m"            # number, metres from the red line (khoảng lùi)
DECISION = "decision"              # "1234/QĐ-UBND" — the plan's approval decision
PLAN_VERSION = "plan_version"      # integer or text: the version of the plan the zone comes from
CORRIDOR_WIDTH_M = "width_m"       # a corridor given as a line: its half-width on each side, metres

RULES = (USE, MAX_HEIGHT_M, MAX_FLOORS, MAX_COVERAGE_PCT, SETBACK_M)

# -- land uses -------------------------------------------------------------------------------------
LAND_USES = {
    "residential": ("đất ở", "residential"),
    "mixed": ("đất hỗn hợp", "mixed use"),
    "commercial": ("thương mại, dịch vụ", "commercial and services"),
    "public": ("công trình công cộng", "public facilities"),
    "industrial": ("công nghiệp", "industrial"),
    "green": ("cây xanh, mặt nước", "green space and water"),
}
# a zone allowing the key also allows these requested uses
IMPLIED_USES = {"mixed": {"residential", "commercial"}}

PASS, WARN, FAIL = "pass", "warn", "fail"
_ORDER = {PASS: 0, WARN: 1, FAIL: 2}

HEIGHT_MARGIN_M = 1.0
SETBACK_MARGIN_M = 1.0
COVERAGE_MARGIN_PCT = 1.0
CORRIDOR_MARGIN_M = 1.0
STRADDLE_MIN_M2 = 0.5   # a sliver below this in a second zone is digitising noise, not straddling


@dataclass(frozen=True)
class Request:
    use: str
    height_m: float
    floors: int
    coverage_pct: float


def worst(results) -> str:
    out = PASS
    for r in results:
        if _ORDER[r] > _ORDER[out]:
            out = r
    return out


@lru_cache(maxsize=1)
def _to_metres():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform


def metric(geometry):
    """GeoJSON dict (or shapely geometry) in WGS84 -> shapely geometry in metres."""
    geom = geometry if hasattr(geometry, "geom_type") else shape(geometry)
    fn = _to_metres()
    return shapely.transform(geom, lambda x, y: fn(x, y), interleaved=False)


def allowed_uses(value) -> set[str]:
    if value in (None, ""):
        return set()
    items = value if isinstance(value, (list, tuple, set)) else str(value).replace(";", ",").split(",")
    out = {str(i).strip().lower() for i in items if str(i).strip()}
    for key in list(out):
        out |= IMPLIED_USES.get(key, set())
    return out


def use_label(code: str, lang: str = "vi") -> str:
    labels = LAND_USES.get(code)
    return (labels[0] if lang == "vi" else labels[1]) if labels else code


def _num(value):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _fmt(x) -> str:
    x = float(x)
    return f"{x:g}" if x == int(x) else f"{x:.2f}".rstrip("0").rstrip(".")


def _check(rule, requested, allowed, result, vi, en) -> dict:
    return {"rule": rule, "requested": requested, "allowed": allowed, "result": result, "message": vi, "message_en": en}


def _cap(rule, requested, cap, margin, unit_vi, unit_en, what_vi, what_en) -> dict:
    """A 'no more than' rule: fail above the cap, warn within `margin` of it."""
    if requested > cap + 1e-9:
        return _check(rule, requested, cap, FAIL, f"{what_vi} {_fmt(requested)}{unit_vi} vượt mức tối đa {_fmt(cap)}{unit_vi}",
                      f"{what_en} {_fmt(requested)}{unit_en} exceeds the maximum {_fmt(cap)}{unit_en}")
    if margin and cap - requested < margin - 1e-9:
        return _check(rule, requested, cap, WARN, f"{what_vi} {_fmt(requested)}{unit_vi} sát mức tối đa {_fmt(cap)}{unit_vi}",
                      f"{what_en} {_fmt(requested)}{unit_en} is within {_fmt(margin)}{unit_en} of the maximum {_fmt(cap)}{unit_en}")
    return _check(rule, requested, cap, PASS, f"{what_vi} {_fmt(requested)}{unit_vi} ≤ {_fmt(cap)}{unit_vi}",
                  f"{what_en} {_fmt(requested)}{unit_en} ≤ {_fmt(cap)}{unit_en}")


def zone_checks(props: dict, req: Request, red_line_distance_m: float | None) -> list[dict]:
    """The request against one zone's rules (a rule the zone does not set is not checked)."""
    checks = []
    uses = allowed_uses(props.get(USE))
    if uses:
        ok = req.use.lower() in uses
        allowed = ", ".join(sorted(uses))
        checks.append(_check(
            USE, req.use, allowed, PASS if ok else FAIL,
            f"Mục đích {use_label(req.use)} {'phù hợp' if ok else 'không phù hợp'} với quy hoạch ({', '.join(use_label(u) for u in sorted(uses))})",
            f"Use {use_label(req.use, 'en')} is {'allowed' if ok else 'not allowed'} by the plan "
            f"({', '.join(use_label(u, 'en') for u in sorted(uses))})"))
    cap = _num(props.get(MAX_HEIGHT_M))
    if cap is not None:
        checks.append(_cap(MAX_HEIGHT_M, float(req.height_m), cap, HEIGHT_MARGIN_M, " m", " m", "Chiều cao", "Height"))
    cap = _num(props.get(MAX_FLOORS))
    if cap is not None:
        checks.append(_cap(MAX_FLOORS, int(req.floors), int(cap), 0, " tầng", " floors", "Số tầng", "Floors"))
    cap = _num(props.get(MAX_COVERAGE_PCT))
    if cap is not None:
        checks.append(_cap(MAX_COVERAGE_PCT, float(req.coverage_pct), cap, COVERAGE_MARGIN_PCT, "%", "%",
                           "Mật độ xây dựng", "Building coverage"))
    setback = _num(props.get(SETBACK_M))
    if setback is not None:
        if red_line_distance_m is None:
            checks.append(_check(SETBACK_M, None, setback, PASS,
                                 f"Không có chỉ giới đường đỏ gần công trình (khoảng lùi {_fmt(setback)} m)",
                                 f"No red line near the building (set-back {_fmt(setback)} m)"))
        else:
            d = round(red_line_distance_m, 2)
            if d < setback - 1e-9:
                result, vi, en = FAIL, "nhỏ hơn khoảng lùi tối thiểu", "is less than the minimum set-back"
            elif d < setback + SETBACK_MARGIN_M - 1e-9:
                result, vi, en = WARN, "sát khoảng lùi tối thiểu", "is within 1 m of the minimum set-back"
            else:
                result, vi, en = PASS, "đạt khoảng lùi tối thiểu", "meets the minimum set-back"
            checks.append(_check(SETBACK_M, d, setback, result,
                                 f"Khoảng cách tới chỉ giới đường đỏ {_fmt(d)} m {vi} {_fmt(setback)} m",
                                 f"Distance to the red line {_fmt(d)} m {en} of {_fmt(setback)} m"))
    return checks


def _ident(feature: dict) -> dict:
    props = feature.get("properties") or {}
    return {"layer": feature.get("layer", ""), "fid": str(feature.get("fid", "")),
            "zone": props.get(ZONE_NAME) or props.get("name") or props.get("tuyen") or str(feature.get("fid", "")),
            "decision": props.get(DECISION, ""), "version": props.get(PLAN_VERSION, "")}


def check(footprint: dict, req: Request, zones=(), red_lines=(), corridors=()) -> dict:
    """Returns {"result", "findings": [...], "area_m2"}; each finding is {"layer", "fid",
    "zone", "decision", "version", "kind" (zone|red_line|corridor|coverage), "share_pct",
    "checks": [{"rule", "requested", "allowed", "result", "message", "message_en"}], "result"}.
    `zones`, `red_lines`, `corridors`: [{"layer", "fid", "geometry" (GeoJSON), "properties"}]."""
    foot = metric(footprint)
    if not foot.is_valid:
        foot = foot.buffer(0)
    area = foot.area
    findings = []

    # red lines: crossing fails; the nearest one gives the set-back distance
    nearest = None
    for line in red_lines:
        geom = metric(line["geometry"])
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            geom = geom.boundary
        d = foot.distance(geom)
        crosses = foot.intersects(geom) and foot.intersection(geom).length > 0.01
        nearest = d if nearest is None else min(nearest, d)
        if crosses:
            findings.append({**_ident(line), "kind": "red_line", "share_pct": None, "result": FAIL, "checks": [_check(
                "red_line", 0, 0, FAIL, "Công trình lấn qua chỉ giới đường đỏ", "The building crosses the red line")]})
            nearest = 0.0

    covered = []
    for zone in zones:
        geom = metric(zone["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        part = foot.intersection(geom).area if foot.intersects(geom) else 0.0
        if part <= 0:
            continue
        covered.append((zone, geom, part))
    significant = [c for c in covered if c[2] >= STRADDLE_MIN_M2] or covered
    for zone, geom, part in significant:
        checks = zone_checks(zone.get("properties") or {}, req, nearest)
        if len(significant) > 1:
            share = 100 * part / area if area else 0
            checks.append(_check("zones", len(significant), 1, WARN,
                                 f"Công trình nằm trên {len(significant)} khu quy hoạch ({_fmt(round(share, 1))}% trong khu này)",
                                 f"The building straddles {len(significant)} planning zones ({_fmt(round(share, 1))}% in this one)"))
        findings.append({**_ident(zone), "kind": "zone", "share_pct": round(100 * part / area, 1) if area else None,
                         "checks": checks, "result": worst(c["result"] for c in checks)})
    inside = unary_union([g for _, g, _ in covered]) if covered else None
    outside = area - (foot.intersection(inside).area if inside is not None else 0.0)
    if outside >= STRADDLE_MIN_M2:
        pct = round(100 * outside / area, 1) if area else 100.0
        findings.append({"layer": "", "fid": "", "zone": "", "decision": "", "version": "", "kind": "zone",
                         "share_pct": pct, "result": WARN, "checks": [_check(
                             "zones", 0, 1, WARN, f"{_fmt(pct)}% diện tích công trình nằm ngoài các khu quy hoạch đã có",
                             f"{_fmt(pct)}% of the building lies outside every known planning zone")]})

    for corridor in corridors:
        geom = metric(corridor["geometry"])
        width = _num((corridor.get("properties") or {}).get(CORRIDOR_WIDTH_M))
        if geom.geom_type in ("LineString", "MultiLineString", "Point") and width:
            geom = geom.buffer(width)
        d = foot.distance(geom)
        if d <= 0 and foot.intersection(geom).area > 0.01:
            c = _check("corridor", 0, 0, FAIL, "Công trình nằm trong hành lang bảo vệ", "The building enters a protection corridor")
        elif d < CORRIDOR_MARGIN_M:
            c = _check("corridor", round(d, 2), CORRIDOR_MARGIN_M, WARN,
                       f"Công trình cách hành lang bảo vệ {_fmt(round(d, 2))} m",
                       f"The building is {_fmt(round(d, 2))} m from a protection corridor")
        else:
            continue
        findings.append({**_ident(corridor), "kind": "corridor", "share_pct": None, "checks": [c], "result": c["result"]})

    return {"result": worst(f["result"] for f in findings), "findings": findings, "area_m2": round(area, 2),
            "red_line_distance_m": None if nearest is None else round(nearest, 2)}


def footprint_geometry(geom) -> dict:
    """Shapely geometry (WGS84) -> GeoJSON dict."""
    return mapping(geom)


# -- the map snapshot (SVG, for the page and the evidence PDF) --------------------------------------
RESULT_COLOURS = {PASS: "#2e7d32", WARN: "#f9a825", FAIL: "#c62828"}


def _svg_path(geom, to_px) -> str:
    from shapely.geometry import LineString, Polygon

    out = []
    parts = getattr(geom, "geoms", [geom])
    for g in parts:
        rings = [g.exterior, *g.interiors] if isinstance(g, Polygon) else [g] if isinstance(g, LineString) else []
        for ring in rings:
            pts = [to_px(x, y) for x, y in ring.coords]
            if len(pts) < 2:
                continue
            out.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + (" Z" if isinstance(g, Polygon) else ""))
    return " ".join(out)


def snapshot_svg(footprint: dict, findings=(), zones=(), red_lines=(), corridors=(), *, width=600, height=420,
                 margin_m=40.0) -> str:
    """A small map of the footprint and the planning features around it: zones filled by their
    result, red lines in red, corridors hatched blue, the footprint in black, a 10/20/50 m
    scale bar and a north arrow. Plain SVG (paths only) so fpdf2 and browsers both draw it."""
    from shapely.geometry import box

    foot = metric(footprint)
    fx0, fy0, fx1, fy1 = foot.bounds
    pad = max(margin_m, (fx1 - fx0), (fy1 - fy0))
    x0, y0, x1, y1 = fx0 - pad, fy0 - pad, fx1 + pad, fy1 + pad
    scale = min(width / (x1 - x0), height / (y1 - y0))
    ox = (width - (x1 - x0) * scale) / 2
    oy = (height - (y1 - y0) * scale) / 2
    window = box(x0, y0, x1, y1)

    def to_px(x, y):
        return ox + (x - x0) * scale, height - (oy + (y - y0) * scale)

    results = {(f.get("layer"), str(f.get("fid"))): f.get("result") for f in findings}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fafafa" stroke="#999999" stroke-width="1"/>']
    for z in zones:
        g = metric(z["geometry"])
        g = (g if g.is_valid else g.buffer(0)).intersection(window)
        if g.is_empty:
            continue
        colour = RESULT_COLOURS.get(results.get((z.get("layer"), str(z.get("fid")))), "#9e9e9e")
        out.append(f'<path d="{_svg_path(g, to_px)}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="1.5"/>')
    for c in corridors:
        g = metric(c["geometry"])
        width_m = _num((c.get("properties") or {}).get(CORRIDOR_WIDTH_M))
        if g.geom_type in ("LineString", "MultiLineString", "Point") and width_m:
            g = g.buffer(width_m)
        g = g.intersection(window)
        if not g.is_empty:
            out.append(f'<path d="{_svg_path(g, to_px)}" fill="#1565c0" fill-opacity="0.2" stroke="#1565c0" '
                       f'stroke-width="1" stroke-dasharray="4 3"/>')
    for r in red_lines:
        g = metric(r["geometry"])
        if g.geom_type in ("Polygon", "MultiPolygon"):
            g = g.boundary
        g = g.intersection(window)
        if not g.is_empty:
            out.append(f'<path d="{_svg_path(g, to_px)}" fill="none" stroke="#d50000" stroke-width="3"/>')
    out.append(f'<path d="{_svg_path(foot, to_px)}" fill="#212121" fill-opacity="0.35" stroke="#000000" stroke-width="2.5"/>')
    # scale bar: the largest of 10/20/50/100 m that fits a quarter of the width
    bar = max([m for m in (5, 10, 20, 50, 100, 200) if m * scale <= width / 4] or [5])
    bx, by = 16, height - 16
    out.append(f'<path d="M{bx},{by} L{bx + bar * scale:.1f},{by}" stroke="#000000" stroke-width="3" fill="none"/>')
    out.append(f'<path d="M{bx},{by - 6} L{bx},{by + 2} M{bx + bar * scale:.1f},{by - 6} L{bx + bar * scale:.1f},{by + 2}" '
               f'stroke="#000000" stroke-width="1.5" fill="none"/>')
    # north arrow
    nx, ny = width - 24, 16
    out.append(f'<path d="M{nx},{ny} L{nx - 8},{ny + 22} L{nx},{ny + 16} L{nx + 8},{ny + 22} Z" fill="#000000"/>')
    out.append("</svg>")
    return "\n".join(out)


def scale_bar_m(footprint: dict, *, width=600, height=420, margin_m=40.0) -> int:
    """The length the snapshot's scale bar stands for (the PDF writes it beside the map)."""
    foot = metric(footprint)
    fx0, fy0, fx1, fy1 = foot.bounds
    pad = max(margin_m, (fx1 - fx0), (fy1 - fy0))
    scale = min(width / (fx1 - fx0 + 2 * pad), height / (fy1 - fy0 + 2 * pad))
    return max([m for m in (5, 10, 20, 50, 100, 200) if m * scale <= width / 4] or [5])

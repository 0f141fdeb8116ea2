"""Demo layers of the Department of Construction (published, owner DOC), idempotent.

Everything here is drawn by hand from known coordinates, simplified, for the demo — no
downloaded boundary data:

* `ranh-gioi-huyen-2024`: the 9 former district-level units (before 1 July 2025) — Voronoi
  cells of their centres (`core.reference.OLD_DISTRICTS`) clipped to a rough outline of
  the former province (Sài Gòn river on the west, Đồng Nai river on the east);
* `ranh-gioi-phuong-thu-dau-mot`: former wards of Thủ Dầu Một (Phú Cường, Chánh Nghĩa,
  Hòa Phú...), Voronoi cells of approximate ward centres clipped to the city's cell;
* `quy-hoach-phan-khu`: planning zones around central Thủ Dầu Một and the New City (Thành
  phố mới Bình Dương) with land use, max height, floors, building density, set-back, the
  plan decision and version (attribute names from `gis.planning`; the decision numbers are
  illustrative);
* `chi-gioi-duong-do`: red lines 30 m each side of the centre line of Đại lộ Bình Dương
  (QL13) from Vĩnh Phú (Thuận An) to Bàu Bàng;
* `hanh-lang-song-sai-gon`: the protection corridor along the Sài Gòn river (the river's
  line with its half-width `width_m`);
* `thua-dat-mau`: 3,000 synthetic parcels in six blocks (Phú Cường, Chánh Nghĩa, Hiệp
  Thành, Hòa Phú in the New City, Dĩ An, Lái Thiêu), with sheet/parcel numbers, area and
  land-use code — no owners.

Idempotent: layers by key (update_or_create), features by fid (only the missing ones are
inserted, in bulk). The parcels are drawn from a fixed seed, so a second load adds nothing.
"""
import json
import math
import random
from datetime import date

from smartcity.gis.planning import (
    CORRIDOR_WIDTH_M,
    DECISION,
    MAX_COVERAGE_PCT,
    MAX_FLOORS,
    MAX_HEIGHT_M,
    PLAN_VERSION,
    SETBACK_M,
    USE,
    ZONE_NAME,
)

OWNER = "DOC"
SEED = 74  # Binh Duong's province code
PARCELS_PER_BLOCK = 500

# A rough outline of the former province (lon, lat), clockwise from the north-west corner.
PROVINCE_OUTLINE = [
    (106.34, 11.50), (106.55, 11.50), (106.72, 11.45), (106.90, 11.40), (106.98, 11.28), (106.96, 11.10),
    (106.90, 10.98), (106.82, 10.90), (106.78, 10.86), (106.72, 10.87), (106.68, 10.89), (106.64, 10.96),
    (106.60, 11.00), (106.52, 11.08), (106.45, 11.14), (106.34, 11.22), (106.30, 11.35), (106.34, 11.50),
]

# Former wards of Thủ Dầu Một (approximate centres, lon, lat), valid until 30 June 2025.
TDM_WARDS = [
    ("Phú Cường", 106.6535, 10.9810), ("Hiệp Thành", 106.6650, 10.9960), ("Chánh Nghĩa", 106.6600, 10.9680),
    ("Phú Hòa", 106.6700, 10.9760), ("Phú Lợi", 106.6850, 10.9900), ("Phú Thọ", 106.6700, 10.9610),
    ("Phú Mỹ", 106.6950, 11.0200), ("Định Hòa", 106.6600, 11.0350), ("Tương Bình Hiệp", 106.6350, 11.0100),
    ("Hòa Phú", 106.7000, 11.0500), ("Phú Tân", 106.6950, 11.0650),
]

# Đại lộ Bình Dương (QL13), centre line south to north (lon, lat)
AVENUE = [
    (106.7110, 10.8780), (106.7010, 10.9050), (106.6930, 10.9300), (106.6800, 10.9500), (106.6720, 10.9650),
    (106.6665, 10.9800), (106.6650, 11.0000), (106.6560, 11.0300), (106.6400, 11.0600), (106.6150, 11.1000),
    (106.6000, 11.1400), (106.6000, 11.2000), (106.6150, 11.2500),
]
AVENUE_HALF_WIDTH_DEG = 0.00027  # ~30 m

# The Sài Gòn river from below the Dầu Tiếng dam to Lái Thiêu (lon, lat)
SAIGON_RIVER = [
    (106.375, 11.300), (106.420, 11.220), (106.480, 11.150), (106.540, 11.090), (106.585, 11.040),
    (106.615, 11.010), (106.638, 10.990), (106.646, 10.978), (106.650, 10.962), (106.665, 10.945),
    (106.680, 10.925), (106.690, 10.900), (106.700, 10.880),
]
RIVER_CORRIDOR_M = 30

# Planning zones: (code, name, lon0, lat0, lon1, lat1, use, height m, floors, coverage %, set-back m, decision, version)
_TDM_PLAN = ("1141/QĐ-UBND", 2)        # illustrative decision numbers (the demo's)
_NEW_CITY_PLAN = ("2366/QĐ-UBND", 3)
ZONES = [
    ("TDM-CX-01", "Công viên ven sông Sài Gòn – Bạch Đằng", 106.6440, 10.9600, 106.6520, 10.9890, "green", 12, 2, 5, 10, *_TDM_PLAN),
    ("TDM-HH-01", "Khu hỗn hợp trung tâm Phú Cường", 106.6520, 10.9770, 106.6600, 10.9890, "mixed", 45, 12, 60, 6, *_TDM_PLAN),
    ("TDM-O-01", "Khu ở hiện hữu Chánh Nghĩa", 106.6520, 10.9600, 106.6600, 10.9770, "residential", 25, 6, 80, 3, *_TDM_PLAN),
    ("TDM-TM-01", "Khu thương mại dọc Đại lộ Bình Dương", 106.6600, 10.9600, 106.6720, 10.9890, "commercial", 60, 15, 50, 10, *_TDM_PLAN),
    ("TDM-O-02", "Khu ở Hiệp Thành", 106.6520, 10.9890, 106.6720, 11.0020, "residential", 25, 6, 80, 3, *_TDM_PLAN),
    ("TDM-CC-01", "Khu công trình công cộng Phú Hòa", 106.6720, 10.9600, 106.6800, 10.9890, "public", 30, 7, 40, 6, *_TDM_PLAN),
    ("TPM-TM-01", "Trung tâm hành chính – thương mại Thành phố mới", 106.6940, 11.0400, 106.7060, 11.0520, "commercial", 120, 30, 40, 10, *_NEW_CITY_PLAN),
    ("TPM-O-01", "Khu ở mật độ thấp Hòa Phú", 106.6940, 11.0300, 106.7060, 11.0400, "residential", 30, 8, 60, 5, *_NEW_CITY_PLAN),
    ("TPM-HH-01", "Khu hỗn hợp Phú Tân", 106.6940, 11.0520, 106.7060, 11.0640, "mixed", 75, 20, 50, 8, *_NEW_CITY_PLAN),
    ("TPM-CX-01", "Công viên trung tâm Thành phố mới", 106.7060, 11.0300, 106.7160, 11.0640, "green", 10, 1, 5, 10, *_NEW_CITY_PLAN),
    ("TPM-CN-01", "Khu công nghiệp – dịch vụ phía bắc Thành phố mới", 106.7060, 11.0640, 106.7300, 11.0800, "industrial", 30, 5, 60, 10, *_NEW_CITY_PLAN),
]

# Parcel blocks: (fid prefix, ward, lon0, lat0 (south-west corner), first sheet number, land-use codes by weight)
PARCEL_BLOCKS = [
    ("PC", "Phú Cường", 106.6540, 10.9760, 11, {"ODT": 6, "TMD": 3, "DGD": 1}),
    ("CN", "Chánh Nghĩa", 106.6540, 10.9645, 21, {"ODT": 8, "TMD": 1, "CLN": 1}),
    ("HT", "Hiệp Thành", 106.6575, 10.9895, 31, {"ODT": 8, "TMD": 2}),
    ("HP", "Hòa Phú", 106.6950, 11.0305, 41, {"ODT": 6, "TMD": 2, "SKC": 1, "CLN": 1}),
    ("DA", "Dĩ An", 106.7620, 10.9000, 51, {"ODT": 7, "TMD": 2, "SKC": 1}),
    ("LT", "Lái Thiêu", 106.7050, 10.9120, 61, {"ODT": 7, "TMD": 2, "CLN": 1}),
]
PARCEL_COLS = 20
PARCEL_DX, PARCEL_DY, PARCEL_GAP = 0.0002, 0.0004, 0.00005  # ~22 m x ~44 m, ~5 m between
LAND_USE_CODES = {"ODT": "Đất ở tại đô thị", "TMD": "Đất thương mại, dịch vụ", "SKC": "Đất cơ sở sản xuất phi nông nghiệp",
                  "CLN": "Đất trồng cây lâu năm", "DGD": "Đất xây dựng cơ sở giáo dục và đào tạo"}


# Map styles (the `Layer.style` contract: color, fillColor, fill, weight, minzoom, categories, legend)
_ZONE_COLORS = {"residential": "#f4d03f", "mixed": "#e67e22", "commercial": "#e74c3c", "public": "#8e44ad",
                "green": "#27ae60", "industrial": "#7f8c8d"}
_ZONE_LABELS = {"residential": ("Đất ở", "Residential"), "mixed": ("Đất hỗn hợp", "Mixed use"),
                "commercial": ("Thương mại, dịch vụ", "Commercial"), "public": ("Công trình công cộng", "Public facilities"),
                "green": ("Cây xanh, công viên", "Green space, parks"), "industrial": ("Công nghiệp, kho bãi", "Industry, warehouses")}
ZONE_STYLE = {"color": "#a04000", "fill": 0.3, "weight": 1, "categories": {"attribute": USE, "colors": _ZONE_COLORS},
              "legend": [{"label_vi": vi, "label_en": en, "color": _ZONE_COLORS[k]} for k, (vi, en) in _ZONE_LABELS.items()]}
_PARCEL_COLORS = {"ODT": "#f5b7b1", "TMD": "#e59866", "SKC": "#aab7b8", "CLN": "#82e0aa", "DGD": "#85c1e9"}
_PARCEL_LABELS_EN = {"ODT": "Urban residential land", "TMD": "Commercial and service land", "SKC": "Non-agricultural production land",
                     "CLN": "Perennial crop land", "DGD": "Education land"}
PARCEL_STYLE = {"color": "#1e8449", "fill": 0.45, "weight": 1, "minzoom": 15,
                "categories": {"attribute": "loai_dat", "colors": _PARCEL_COLORS},
                "legend": [{"label_vi": f"{code} – {vi}", "label_en": f"{code} – {_PARCEL_LABELS_EN[code]}", "color": _PARCEL_COLORS[code]}
                           for code, vi in LAND_USE_CODES.items()]}


def _field(name, type_, vi, en, required=False):
    return {"name": name, "type": type_, "label_vi": vi, "label_en": en, "required": required}


LAYERS = {
    "ranh-gioi-huyen-2024": dict(
        kind="boundary", geometry_type="Polygon", title_vi="Ranh giới cấp huyện (trước 01/07/2025)",
        title_en="District-level boundaries (before 1 July 2025)", valid_to=date(2025, 6, 30),
        description="9 đơn vị cấp huyện cũ của tỉnh Bình Dương; đa giác đơn giản hóa vẽ từ tọa độ trung tâm (dữ liệu minh họa).",
        style={"color": "#34495e", "fillColor": "#bdc3c7", "fill": 0.05, "weight": 2,
               "legend": [{"label_vi": "Ranh giới cấp huyện", "label_en": "District-level boundary", "color": "#34495e"}]},
        schema=[_field("ma", "string", "Mã đơn vị", "Code", True), _field("ten", "string", "Tên", "Name", True),
                _field("loai", "string", "Loại đơn vị", "Unit type")]),
    "ranh-gioi-phuong-thu-dau-mot": dict(
        kind="boundary", geometry_type="Polygon", title_vi="Ranh giới phường Thủ Dầu Một (trước 01/07/2025)",
        title_en="Wards of Thu Dau Mot (before 1 July 2025)", valid_to=date(2025, 6, 30),
        description="Các phường cũ của thành phố Thủ Dầu Một; đa giác đơn giản hóa (dữ liệu minh họa).",
        style={"color": "#7f8c8d", "fillColor": "#d5dbdb", "fill": 0.05, "weight": 1, "minzoom": 12,
               "legend": [{"label_vi": "Ranh giới phường (cũ)", "label_en": "Ward boundary (former)", "color": "#7f8c8d"}]},
        schema=[_field("ten", "string", "Tên phường", "Ward", True)]),
    "quy-hoach-phan-khu": dict(
        kind="planning_zone", geometry_type="Polygon", title_vi="Quy hoạch phân khu Thủ Dầu Một và Thành phố mới",
        title_en="Zoning plans of Thu Dau Mot and the New City",
        description="Khu chức năng với chức năng sử dụng đất, chiều cao, số tầng, mật độ xây dựng, khoảng lùi; số quyết định là minh họa.",
        style=ZONE_STYLE,
        schema=[_field(ZONE_NAME, "string", "Tên khu", "Zone", True), _field("ma_khu", "string", "Mã khu", "Zone code", True),
                _field(USE, "string", "Chức năng sử dụng đất", "Land use", True),
                _field(MAX_HEIGHT_M, "number", "Chiều cao tối đa (m)", "Max height (m)", True),
                _field(MAX_FLOORS, "integer", "Số tầng tối đa", "Max floors", True),
                _field(MAX_COVERAGE_PCT, "number", "Mật độ xây dựng tối đa (%)", "Max building coverage (%)", True),
                _field(SETBACK_M, "number", "Khoảng lùi (m)", "Set-back (m)", True),
                _field(DECISION, "string", "Quyết định phê duyệt", "Approval decision", True),
                _field(PLAN_VERSION, "integer", "Phiên bản quy hoạch", "Plan version", True)]),
    "chi-gioi-duong-do": dict(
        kind="red_line", geometry_type="LineString", title_vi="Chỉ giới đường đỏ Đại lộ Bình Dương",
        title_en="Red lines of Binh Duong Avenue", style={"color": "#c0392b", "weight": 2, "fill": 0, "minzoom": 11,
                                           "legend": [{"label_vi": "Chỉ giới đường đỏ", "label_en": "Red line", "color": "#c0392b"}]},
        description="Chỉ giới đường đỏ hai bên Đại lộ Bình Dương (QL13), cách tim đường khoảng 30 m (minh họa).",
        schema=[_field("tuyen", "string", "Tuyến đường", "Road", True), _field("phia", "string", "Phía", "Side"),
                _field(DECISION, "string", "Quyết định phê duyệt", "Approval decision")]),
    "hanh-lang-song-sai-gon": dict(
        kind="corridor", geometry_type="LineString", title_vi="Hành lang bảo vệ sông Sài Gòn",
        title_en="Saigon river protection corridor", style={"color": "#2980b9", "weight": 3, "fill": 0,
                                                                    "legend": [{"label_vi": "Hành lang bảo vệ sông", "label_en": "River protection corridor", "color": "#2980b9"}]},
        description="Tuyến sông Sài Gòn với bề rộng hành lang bảo vệ mỗi bên (width_m, minh họa).",
        schema=[_field("ten", "string", "Tên", "Name", True),
                _field(CORRIDOR_WIDTH_M, "number", "Bề rộng hành lang mỗi bên (m)", "Corridor half-width (m)", True)]),
    "thua-dat-mau": dict(
        kind="parcel", geometry_type="Polygon", title_vi="Thửa đất (mẫu tổng hợp)", title_en="Parcels (synthetic sample)",
        description="Thửa đất tổng hợp cho thử nghiệm: số tờ, số thửa, diện tích, loại đất; không có thông tin chủ sử dụng.",
        style=PARCEL_STYLE,
        schema=[_field("so_to", "integer", "Số tờ bản đồ", "Map sheet", True), _field("so_thua", "integer", "Số thửa", "Parcel number", True),
                _field("dien_tich_m2", "number", "Diện tích (m²)", "Area (m²)", True),
                _field("loai_dat", "string", "Loại đất", "Land use code", True),
                _field("phuong", "string", "Phường (cũ)", "Ward (former)")]),
}


def _polygon(geom) -> dict:
    from shapely.geometry import mapping

    return json.loads(json.dumps(mapping(geom)))  # tuples -> lists


def _rect(x0, y0, x1, y1) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _cells(centres, clip):
    """Voronoi cells of (name, lon, lat) centres clipped to `clip`, in the centres' order."""
    import shapely
    from shapely.geometry import MultiPoint, Point

    cells = shapely.voronoi_polygons(MultiPoint([(x, y) for _, x, y in centres]), extend_to=clip).geoms
    out = []
    for name, x, y in centres:
        cell = next(c for c in cells if c.contains(Point(x, y)))
        out.append(shapely.set_precision(cell.intersection(clip), 1e-6).normalize())
    return out


def district_features():
    from shapely.geometry import Polygon

    from smartcity.core import reference as ref

    outline = Polygon(PROVINCE_OUTLINE)
    centres = [(row[0], row[5], row[4]) for row in ref.OLD_DISTRICTS]
    out = []
    for (code, name_vi, _en, unit_type, _lat, _lon), cell in zip(ref.OLD_DISTRICTS, _cells(centres, outline)):
        out.append((code, _polygon(cell), {"ma": code, "ten": name_vi, "loai": unit_type}))
    return out, dict(zip((row[0] for row in ref.OLD_DISTRICTS), _cells(centres, outline)))


def ward_features(tdm_cell):
    from smartcity.core.reference import ascii_name

    out = []
    for (name, _x, _y), cell in zip(TDM_WARDS, _cells(TDM_WARDS, tdm_cell)):
        out.append(("718-" + ascii_name(name).lower().replace(" ", "-"), _polygon(cell), {"ten": name}))
    return out


def zone_features():
    out = []
    for code, name, x0, y0, x1, y1, use, height, floors, coverage, setback, decision, version in ZONES:
        out.append((code, _rect(x0, y0, x1, y1), {
            ZONE_NAME: name, "ma_khu": code, USE: use, MAX_HEIGHT_M: height, MAX_FLOORS: floors,
            MAX_COVERAGE_PCT: coverage, SETBACK_M: setback, DECISION: decision, PLAN_VERSION: version}))
    return out


def red_line_features():
    import shapely
    from shapely.geometry import LineString, mapping

    centre = LineString(AVENUE)
    out = []
    for side, sign in (("tây", 1), ("đông", -1)):  # offset_curve: positive is to the left (west, going north)
        line = shapely.set_precision(centre.offset_curve(sign * AVENUE_HALF_WIDTH_DEG), 1e-7)
        geom = json.loads(json.dumps(mapping(line)))
        out.append((f"DLBD-{'T' if sign > 0 else 'D'}", geom,
                    {"tuyen": "Đại lộ Bình Dương (QL13)", "phia": side, DECISION: _TDM_PLAN[0]}))
    return out


def corridor_features():
    geom = {"type": "LineString", "coordinates": [list(p) for p in SAIGON_RIVER]}
    return [("SG-01", geom, {"ten": "Sông Sài Gòn", CORRIDOR_WIDTH_M: RIVER_CORRIDOR_M})]


def parcel_features(per_block: int = PARCELS_PER_BLOCK):
    rng = random.Random(SEED)
    out = []
    for prefix, ward, lon0, lat0, sheet0, uses in PARCEL_BLOCKS:
        codes, weights = list(uses), list(uses.values())
        for n in range(per_block):
            row, col = divmod(n, PARCEL_COLS)
            # parcels vary a little around the grid size: narrower or deeper lots
            w = PARCEL_DX * rng.uniform(0.6, 1.0)
            h = PARCEL_DY * rng.uniform(0.7, 1.0)
            x0 = lon0 + col * (PARCEL_DX + PARCEL_GAP)
            y0 = lat0 + row * (PARCEL_DY + PARCEL_GAP)
            sheet = sheet0 + row // 5
            number = (row % 5) * PARCEL_COLS + col + 1
            area = (w * 111_320 * math.cos(math.radians(y0))) * (h * 110_574)
            out.append((f"{prefix}-{sheet}-{number}", _rect(round(x0, 7), round(y0, 7), round(x0 + w, 7), round(y0 + h, 7)), {
                "so_to": sheet, "so_thua": number, "dien_tich_m2": round(area, 1),
                "loai_dat": rng.choices(codes, weights)[0], "phuong": ward}))
    return out


def _layer(key, owner, area=None):
    from smartcity.gis.models import Layer

    spec = dict(LAYERS[key])
    layer, _ = Layer.objects.update_or_create(key=key, defaults=dict(owner=owner, published=True, source_crs="EPSG:4326",
                                                                      area=area, **spec))
    return layer


def _fill(layer, rows, areas=None) -> int:
    """Insert the rows (fid, geometry, properties) the layer lacks; keep its extent and count."""
    from shapely.geometry import shape

    from smartcity.gis.models import Feature

    have = set(Feature.objects.filter(layer=layer).values_list("fid", flat=True))
    new = []
    for fid, geom, props in rows:
        if fid in have:
            continue
        minx, miny, maxx, maxy = shape(geom).bounds
        new.append(Feature(layer=layer, fid=fid, geometry=json.dumps(geom, ensure_ascii=False), minx=minx, miny=miny,
                           maxx=maxx, maxy=maxy, properties=props, area=(areas or {}).get(fid)))
    Feature.objects.bulk_create(new, batch_size=1000)
    _refresh(layer)
    return len(new)


def _refresh(layer):
    from django.db.models import Count, Max, Min

    agg = layer.features.aggregate(n=Count("id"), minx=Min("minx"), miny=Min("miny"), maxx=Max("maxx"), maxy=Max("maxy"))
    layer.feature_count = agg["n"]
    layer.extent = [agg["minx"], agg["miny"], agg["maxx"], agg["maxy"]] if agg["n"] else None
    layer.save(update_fields=["feature_count", "extent", "updated_at"])


def load(parcels_per_block: int = PARCELS_PER_BLOCK) -> dict:
    from smartcity.core import reference as ref
    from smartcity.core.models import AdministrativeUnit, Organisation

    owner = Organisation.objects.get(code=OWNER)
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[r[0] for r in ref.OLD_DISTRICTS],
                                                                   valid_from=ref.BEFORE_2025)}
    province = AdministrativeUnit.objects.filter(code="74", valid_from=ref.BEFORE_2025).first()
    districts, cells = district_features()
    counts = {}
    counts["districts"] = _fill(_layer("ranh-gioi-huyen-2024", owner, province), districts, units)
    counts["wards"] = _fill(_layer("ranh-gioi-phuong-thu-dau-mot", owner, units.get("718")), ward_features(cells["718"]))
    counts["zones"] = _fill(_layer("quy-hoach-phan-khu", owner), zone_features())
    counts["red_lines"] = _fill(_layer("chi-gioi-duong-do", owner), red_line_features())
    counts["corridors"] = _fill(_layer("hanh-lang-song-sai-gon", owner), corridor_features())
    counts["parcels"] = _fill(_layer("thua-dat-mau", owner), parcel_features(parcels_per_block))
    return counts

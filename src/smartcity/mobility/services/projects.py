"""Transport projects of plan items P7/P8: GeoJSON geometry checks, lengths, the seed of
Binh Duong's road, BRT, rail, waterway, logistics and bus projects, and the GeoJSON layer
the public bus map draws.

Facts marked `FACT` come from the domain notes (docs of the programme: BRT New City -
Suối Tiên 30.8 km with 12 stations approved for 2018-2019; Becamex Tokyu's routes 51/52,
20.5 km; the plan's list of road, rail, waterway and logistics items). Everything else in
the seed (budgets, dates, progress, exact vertices) is plausible demo data along the real
corridors and says so in its description; none of it is an official figure.
"""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

GEOMETRY_TYPES = ("LineString", "MultiLineString", "Point")
MAX_VERTICES = 20_000
ILLUSTRATIVE_VI = "Số liệu minh hoạ: ngân sách, tiến độ, mốc thời gian và toạ độ là giả định hợp lý, không phải số liệu chính thức."
ILLUSTRATIVE_EN = "Illustrative data: budget, progress, milestones and vertices are plausible assumptions, not official figures."


class GeometryError(ValueError):
    """A geometry we refuse, with a machine-readable code and where in the object it is."""

    def __init__(self, code: str, message: str, path: str = ""):
        super().__init__(message)
        self.code, self.message, self.path = code, message, path


def _position(p, path: str) -> list[float]:
    if not isinstance(p, (list, tuple)) or len(p) not in (2, 3):
        raise GeometryError("bad_position", _("%(path)s: a position is [longitude, latitude] (optionally altitude).") % {"path": path}, path)
    out = []
    for v in p:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise GeometryError("bad_number", _("%(path)s: coordinates must be finite numbers.") % {"path": path}, path)
        out.append(float(v))
    lon, lat = out[0], out[1]
    if not -180 <= lon <= 180:
        raise GeometryError("longitude_out_of_range", _("%(path)s: longitude %(v)s is outside -180..180.") % {"path": path, "v": lon}, path)
    if not -90 <= lat <= 90:
        msg = _("%(path)s: latitude %(v)s is outside -90..90.") % {"path": path, "v": lat}
        if -90 <= lon <= 90:
            msg += " " + _("Longitude comes first: did you swap latitude and longitude?")
        raise GeometryError("latitude_out_of_range", msg, path)
    return out


def _line(coords, path: str) -> list[list[float]]:
    if not isinstance(coords, (list, tuple)) or len(coords) < 2:
        raise GeometryError("too_few_positions", _("%(path)s: a line needs at least two positions.") % {"path": path}, path)
    return [_position(p, f"{path}[{i}]") for i, p in enumerate(coords)]


def validate_geometry(value) -> dict:
    """The geometry, checked and normalised (floats), or GeometryError. Empty means none.

    Accepted: GeoJSON LineString, MultiLineString or Point in WGS84 (RFC 7946: longitude,
    latitude). A Feature is refused with a hint rather than silently unwrapped, so what is
    stored is what was meant."""
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict):
        raise GeometryError("not_an_object", _("The geometry must be a GeoJSON object."))
    kind = value.get("type")
    if kind in ("Feature", "FeatureCollection"):
        raise GeometryError("not_a_geometry", _("Send the geometry itself, not a %(kind)s.") % {"kind": kind}, "type")
    if kind not in GEOMETRY_TYPES:
        raise GeometryError("unsupported_type", _("Geometry type %(kind)s is not one of: %(all)s.")
                            % {"kind": repr(kind), "all": ", ".join(GEOMETRY_TYPES)}, "type")
    coords = value.get("coordinates")
    if coords is None:
        raise GeometryError("missing_coordinates", _("The geometry has no coordinates."), "coordinates")
    if kind == "Point":
        clean = _position(coords, "coordinates")
        n = 1
    elif kind == "LineString":
        clean = _line(coords, "coordinates")
        n = len(clean)
    else:
        if not isinstance(coords, (list, tuple)) or not coords:
            raise GeometryError("too_few_positions", _("A MultiLineString needs at least one line."), "coordinates")
        clean = [_line(line, f"coordinates[{i}]") for i, line in enumerate(coords)]
        n = sum(len(line) for line in clean)
    if n > MAX_VERTICES:
        raise GeometryError("too_many_positions", _("At most %(n)s positions.") % {"n": MAX_VERTICES}, "coordinates")
    return {"type": kind, "coordinates": clean}


def haversine_m(lat1, lon1, lat2, lon2) -> float:
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def lines_of(geometry: dict) -> list[list[list[float]]]:
    kind = (geometry or {}).get("type")
    if kind == "LineString":
        return [geometry["coordinates"]]
    if kind == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def geometry_length_km(geometry: dict) -> float | None:
    """Length along the lines (km); None for a point or no geometry."""
    lines = lines_of(geometry)
    if not lines:
        return None
    m = sum(haversine_m(a[1], a[0], b[1], b[0]) for line in lines for a, b in zip(line, line[1:]))
    return round(m / 1000, 2)


def geometry_bounds(geometry: dict) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat)."""
    kind = (geometry or {}).get("type")
    if kind == "Point":
        pts = [geometry["coordinates"]]
    else:
        pts = [p for line in lines_of(geometry) for p in line]
    if not pts:
        return None
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


KIND_COLOURS = {"road": "#c2410c", "brt": "#b91c1c", "rail": "#6d28d9", "waterway": "#0891b2",
                "logistics": "#047857", "bus": "#0b5d8f", "other": "#52606d"}


def feature(project, url: str | None = None, lang: str = "vi") -> dict:
    """A project as a GeoJSON Feature (the public map's layer; both languages given)."""
    name = project.name_en if lang.startswith("en") and project.name_en else project.name_vi
    return {
        "type": "Feature",
        "id": project.code,
        "geometry": project.geometry or None,
        "properties": {
            "code": project.code, "name": name, "name_vi": project.name_vi, "name_en": project.name_en,
            "kind": project.kind, "kind_label": str(project.get_kind_display()),
            "status": project.status, "status_label": str(project.get_status_display()),
            "progress": project.progress, "length_km": project.length_km,
            "budget_vnd": int(project.budget_vnd) if project.budget_vnd is not None else None,
            "start_date": project.start_date.isoformat() if project.start_date else None,
            "end_date": project.end_date.isoformat() if project.end_date else None,
            "owner": project.owner.code, "owner_name": project.owner.name,
            "plan_item": project.plan_item, "colour": KIND_COLOURS.get(project.kind, KIND_COLOURS["other"]),
            "url": url,
        },
    }


def feature_collection(projects, url_for=None, lang: str = "vi") -> dict:
    return {"type": "FeatureCollection",
            "features": [feature(p, url_for(p) if url_for else None, lang) for p in projects if p.geometry]}


# -- seed -------------------------------------------------------------------------------------
def _ls(*pts):
    return {"type": "LineString", "coordinates": [list(p) for p in pts]}


BN = 1_000_000_000  # one billion VND (tỷ đồng)

# (lon, lat) vertices follow the real corridors; they are drawn from the map, not surveyed.
SEED = [
    {
        "code": "ql13-nang-cap", "kind": "road", "status": "construction", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Nâng cấp, mở rộng Quốc lộ 13 (cầu Vĩnh Bình - ranh Bình Phước)",
        "name_en": "National Road 13 upgrade (Vĩnh Bình bridge - Bình Phước border)",
        "geometry": _ls((106.7127, 10.8669), (106.7093, 10.8805), (106.7046, 10.8968), (106.7012, 10.9135), (106.6985, 10.9302),
                        (106.6953, 10.9455), (106.6891, 10.9598), (106.6806, 10.9733), (106.6745, 10.9870), (106.6690, 11.0027),
                        (106.6620, 11.0205), (106.6522, 11.0407), (106.6412, 11.0598), (106.6305, 11.0790), (106.6190, 11.0985),
                        (106.6092, 11.1183), (106.6035, 11.1420), (106.6048, 11.1700), (106.6080, 11.2010), (106.6050, 11.2350),
                        (106.6000, 11.2700), (106.5930, 11.3050)),
        "budget": 4_200 * BN, "spent": 2_650 * BN, "start": date(2019, 6, 1), "end": date(2026, 12, 31), "progress": 65,
        "desc_vi": "Mở rộng Quốc lộ 13 qua Thuận An, Thủ Dầu Một, Bến Cát và Bàu Bàng: trục dọc chính của tỉnh (hạng mục P7 của Kế hoạch 11/KH-BĐH).",
        "desc_en": "Widening National Road 13 through Thuận An, Thủ Dầu Một, Bến Cát and Bàu Bàng, the province's main north-south axis (plan item P7).",
        "milestones": [(date(2018, 10, 15), "Phê duyệt chủ trương đầu tư", "Investment policy approved", True),
                       (date(2019, 6, 1), "Khởi công đoạn cầu Vĩnh Bình - ngã tư Lê Hồng Phong", "Works start: Vĩnh Bình bridge - Lê Hồng Phong junction", True),
                       (date(2023, 9, 30), "Hoàn thành giải phóng mặt bằng", "Site clearance completed", True),
                       (date(2025, 12, 31), "Thông xe đoạn Thuận An - Thủ Dầu Một", "Thuận An - Thủ Dầu Một section opened", False),
                       (date(2026, 12, 31), "Hoàn thành toàn tuyến", "Whole road completed", False)],
    },
    {
        "code": "my-phuoc-tan-van", "kind": "road", "status": "in-service", "owner": "BECAMEX", "plan_item": "P7",
        "name_vi": "Đường Mỹ Phước - Tân Vạn", "name_en": "Mỹ Phước - Tân Vạn road",
        "geometry": _ls((106.8245, 10.9085), (106.8050, 10.9150), (106.7850, 10.9230), (106.7660, 10.9330), (106.7500, 10.9480),
                        (106.7360, 10.9650), (106.7220, 10.9830), (106.7080, 11.0010), (106.6950, 11.0200), (106.6850, 11.0400),
                        (106.6760, 11.0600), (106.6620, 11.0800), (106.6450, 11.0970), (106.6280, 11.1130), (106.6130, 11.1260)),
        "budget": 5_300 * BN, "spent": 5_050 * BN, "start": date(2013, 3, 1), "end": date(2022, 6, 30), "progress": 100,
        "desc_vi": "Trục động lực nối nút giao Tân Vạn (Dĩ An) với Mỹ Phước (Bến Cát), song song Quốc lộ 13 (hạng mục P7).",
        "desc_en": "Arterial road from the Tân Vạn junction (Dĩ An) to Mỹ Phước (Bến Cát), parallel to National Road 13 (plan item P7).",
        "milestones": [(date(2013, 3, 1), "Khởi công", "Works start", True),
                       (date(2018, 4, 30), "Thông xe đoạn Tân Vạn - Bình Chuẩn", "Tân Vạn - Bình Chuẩn section opened", True),
                       (date(2022, 6, 30), "Hoàn thành mở rộng toàn tuyến", "Widening of the whole road completed", True)],
    },
    {
        "code": "brt-tpm-suoi-tien", "kind": "brt", "status": "approved", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Tuyến xe buýt nhanh BRT Thành phố mới Bình Dương - Suối Tiên",
        "name_en": "BRT Binh Duong New City - Suối Tiên",
        "geometry": _ls((106.6704, 11.0548), (106.6800, 11.0450), (106.6900, 11.0300), (106.7000, 11.0140), (106.7120, 10.9950),
                        (106.7250, 10.9780), (106.7380, 10.9620), (106.7520, 10.9460), (106.7660, 10.9330), (106.7780, 10.9180),
                        (106.7880, 10.9010), (106.7990, 10.8880), (106.8120, 10.8800), (106.8080, 10.8720), (106.8014, 10.8662)),
        "length_km": 30.8,  # FACT
        "budget": 3_400 * BN, "spent": 120 * BN, "start": date(2018, 1, 1), "end": date(2029, 12, 31), "progress": 12,
        "desc_vi": "Tuyến BRT dài 30,8 km với 12 trạm, được phê duyệt cho giai đoạn 2018-2019 (số liệu công bố), nối Trung tâm Hành chính tỉnh "
                   "qua Dĩ An, Bến xe Miền Đông mới tới ga Metro số 1 Suối Tiên.",
        "desc_en": "A 30.8 km BRT line with 12 stations, approved for 2018-2019 (published figures), from the provincial Administration "
                   "Centre through Dĩ An and the New Miền Đông bus station to Metro Line 1's Suối Tiên station.",
        "milestones": [(date(2018, 12, 31), "Phê duyệt tuyến BRT 30,8 km, 12 trạm (giai đoạn 2018-2019)", "BRT line approved: 30.8 km, 12 stations (2018-2019)", True),
                       (date(2024, 6, 30), "Nghiên cứu khả thi cập nhật", "Updated feasibility study", True),
                       (date(2027, 6, 30), "Thiết kế kỹ thuật và đấu thầu", "Technical design and tendering", False),
                       (date(2029, 12, 31), "Vận hành thử", "Trial operation", False)],
        "facts": ["length_km", "stations", "approved 2018-2019"],
    },
    {
        "code": "metro-1-keo-dai", "kind": "rail", "status": "proposed", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Kéo dài tuyến Metro số 1 (Bến Thành - Suối Tiên) về Bình Dương",
        "name_en": "Metro Line 1 (Bến Thành - Suối Tiên) extension to Bình Dương",
        "geometry": _ls((106.8014, 10.8662), (106.7960, 10.8760), (106.7840, 10.8900), (106.7700, 10.9050), (106.7520, 10.9160),
                        (106.7330, 10.9270), (106.7150, 10.9400), (106.6990, 10.9530), (106.6850, 10.9660), (106.6720, 10.9800),
                        (106.6650, 10.9950), (106.6640, 11.0150), (106.6660, 11.0350), (106.6704, 11.0548)),
        "budget": 28_000 * BN, "spent": 15 * BN, "start": date(2025, 1, 1), "end": date(2035, 12, 31), "progress": 3,
        "desc_vi": "Nghiên cứu khả thi đường sắt đô thị nối ga Suối Tiên với Dĩ An, Thuận An, Thủ Dầu Một và Thành phố mới Bình Dương (phương thức mới: đường sắt).",
        "desc_en": "Feasibility of an urban railway from Suối Tiên through Dĩ An, Thuận An and Thủ Dầu Một to Binh Duong New City (new mode: rail).",
        "milestones": [(date(2024, 12, 22), "Đưa vào khai thác Metro số 1 Bến Thành - Suối Tiên", "Metro Line 1 Bến Thành - Suối Tiên in service", True),
                       (date(2026, 6, 30), "Báo cáo nghiên cứu tiền khả thi", "Pre-feasibility report", True),
                       (date(2028, 12, 31), "Phê duyệt chủ trương đầu tư", "Investment policy approval", False)],
    },
    {
        "code": "duong-thuy-sai-gon-dong-nai", "kind": "waterway", "status": "proposed", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Tuyến vận tải hành khách đường thủy sông Sài Gòn - sông Đồng Nai",
        "name_en": "Passenger waterway on the Sài Gòn and Đồng Nai rivers",
        "geometry": {"type": "MultiLineString", "coordinates": [
            [[106.6470, 10.9760], [106.6560, 10.9620], [106.6700, 10.9480], [106.6780, 10.9300], [106.6870, 10.9150],
             [106.6930, 10.9020], [106.7020, 10.8870], [106.7110, 10.8700], [106.7180, 10.8500], [106.7250, 10.8250],
             [106.7170, 10.8050], [106.7070, 10.7900], [106.7060, 10.7750]],
            [[106.7980, 11.0700], [106.8120, 11.0450], [106.8260, 11.0200], [106.8380, 10.9980], [106.8400, 10.9750],
             [106.8320, 10.9550], [106.8250, 10.9350], [106.8300, 10.9180]]]},
        "budget": 180 * BN, "spent": 4 * BN, "start": date(2025, 7, 1), "end": date(2028, 12, 31), "progress": 5,
        "desc_vi": "Bến thủy Thủ Dầu Một - Lái Thiêu - Bạch Đằng (TP. Hồ Chí Minh) trên sông Sài Gòn và Tân Uyên - Bình An trên sông Đồng Nai (phương thức mới: đường thủy).",
        "desc_en": "Piers Thủ Dầu Một - Lái Thiêu - Bạch Đằng (Ho Chi Minh City) on the Sài Gòn river and Tân Uyên - Bình An on the Đồng Nai (new mode: waterway).",
        "milestones": [(date(2025, 7, 1), "Khảo sát luồng tuyến và bến", "Survey of the channel and piers", True),
                       (date(2027, 3, 31), "Chọn nhà đầu tư khai thác", "Operator selected", False),
                       (date(2027, 9, 30), "Khai thác thử tuyến sông Sài Gòn", "Trial service on the Sài Gòn river", False)],
    },
    {
        "code": "logistics-icd-song-than", "kind": "logistics", "status": "construction", "owner": "BECAMEX", "plan_item": "P7",
        "name_vi": "Trung tâm logistics thông minh ICD Sóng Thần", "name_en": "Smart logistics centre at ICD Sóng Thần",
        "geometry": {"type": "Point", "coordinates": [106.7530, 10.8960]},
        "budget": 950 * BN, "spent": 410 * BN, "start": date(2022, 3, 1), "end": date(2027, 3, 31), "progress": 45,
        "desc_vi": "Cảng cạn ICD Sóng Thần (Dĩ An) với cổng tự động, theo dõi container và điều phối xe tải (phương thức mới: logistics thông minh).",
        "desc_en": "The Sóng Thần inland container depot (Dĩ An) with automated gates, container tracking and truck dispatch (new mode: smart logistics).",
        "milestones": [(date(2022, 3, 1), "Khởi công giai đoạn 1", "Phase 1 works start", True),
                       (date(2024, 10, 31), "Vận hành cổng tự động", "Automated gates in operation", True),
                       (date(2027, 3, 31), "Hoàn thành hệ thống điều phối", "Dispatch system completed", False)],
    },
    {
        "code": "vanh-dai-3", "kind": "road", "status": "construction", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Đường Vành đai 3 đoạn qua Bình Dương", "name_en": "Ring Road 3, Bình Dương section",
        "geometry": _ls((106.8245, 10.9085), (106.8050, 10.9150), (106.7850, 10.9230), (106.7660, 10.9330), (106.7500, 10.9480),
                        (106.7360, 10.9650), (106.7180, 10.9620), (106.7000, 10.9600), (106.6800, 10.9620), (106.6600, 10.9700),
                        (106.6450, 10.9850), (106.6300, 10.9950), (106.6200, 11.0000)),
        "budget": 17_500 * BN, "spent": 9_800 * BN, "start": date(2023, 6, 18), "end": date(2027, 6, 30), "progress": 70,
        "desc_vi": "Đoạn Vành đai 3 từ nút giao Tân Vạn qua Dĩ An, Thuận An tới cầu Bình Gởi vượt sông Sài Gòn.",
        "desc_en": "Ring Road 3 from the Tân Vạn junction through Dĩ An and Thuận An to the Bình Gởi bridge over the Sài Gòn river.",
        "milestones": [(date(2023, 6, 18), "Khởi công", "Works start", True),
                       (date(2025, 4, 30), "Thông xe kỹ thuật đoạn Tân Vạn - Bình Chuẩn", "Tân Vạn - Bình Chuẩn section technically open", True),
                       (date(2027, 6, 30), "Hoàn thành toàn tuyến", "Whole section completed", False)],
    },
    {
        "code": "vanh-dai-4", "kind": "road", "status": "approved", "owner": "DOT", "plan_item": "P7",
        "name_vi": "Đường Vành đai 4 đoạn qua Bình Dương", "name_en": "Ring Road 4, Bình Dương section",
        "geometry": _ls((106.8550, 11.1250), (106.8200, 11.1180), (106.7850, 11.1100), (106.7500, 11.1050), (106.7150, 11.1020),
                        (106.6800, 11.1000), (106.6500, 11.0980), (106.6200, 11.0900), (106.5950, 11.0780), (106.5750, 11.0650),
                        (106.5600, 11.0550)),
        "budget": 19_000 * BN, "spent": 600 * BN, "start": date(2025, 6, 30), "end": date(2029, 12, 31), "progress": 8,
        "desc_vi": "Đoạn Vành đai 4 từ cầu Thủ Biên (sông Đồng Nai) qua Tân Uyên, Bến Cát tới sông Sài Gòn.",
        "desc_en": "Ring Road 4 from the Thủ Biên bridge (Đồng Nai river) through Tân Uyên and Bến Cát to the Sài Gòn river.",
        "milestones": [(date(2024, 11, 29), "Phê duyệt chủ trương đầu tư", "Investment policy approved", True),
                       (date(2025, 6, 30), "Khởi công", "Works start", True),
                       (date(2029, 12, 31), "Hoàn thành", "Completion", False)],
    },
    {
        "code": "xe-buyt-chat-luong-2018-2020", "kind": "bus", "status": "in-service", "owner": "BECAMEXTOKYU", "plan_item": "P8",
        "name_vi": "Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt 2018-2020 (tuyến 51/52)",
        "name_en": "Improving bus passenger transport quality 2018-2020 (routes 51/52)",
        "geometry": _ls((106.6520, 10.9800), (106.6580, 10.9930), (106.6640, 11.0080), (106.6680, 11.0250), (106.6700, 11.0400),
                        (106.6704, 11.0548), (106.6750, 11.0620), (106.6850, 11.0650), (106.6950, 11.0600), (106.7000, 11.0520)),
        "length_km": 20.5,  # FACT: routes 51/52, 20.5 km
        "budget": 85 * BN, "spent": 78 * BN, "start": date(2018, 1, 1), "end": date(2020, 12, 31), "progress": 100,
        "desc_vi": "KAZE SHUTTLE của Becamex Tokyu: tuyến 51/52 Thủ Dầu Một - Thành phố mới - Đại học Quốc tế Miền Đông, 20,5 km, 68 chuyến/ngày, "
                   "05:00-22:00, giãn cách 10 phút giờ cao điểm (số liệu công bố).",
        "desc_en": "Becamex Tokyu's KAZE SHUTTLE: routes 51/52 Thủ Dầu Một - New City - Eastern International University, 20.5 km, "
                   "68 trips a day, 05:00-22:00, 10 min headway at peak (published figures).",
        "milestones": [(date(2014, 9, 20), "Chuyến KAZE SHUTTLE đầu tiên Thủ Dầu Một - Thành phố mới", "First KAZE SHUTTLE trip Thủ Dầu Một - New City", True),
                       (date(2020, 10, 10), "Mở tuyến 70 Thành phố mới - Mỹ Phước", "Route 70 New City - Mỹ Phước opened", True),
                       (date(2025, 7, 1), "Mở tuyến 61-77 Thành phố mới - Dĩ An - Suối Tiên", "Route 61-77 New City - Dĩ An - Suối Tiên opened", True)],
        "facts": ["length_km", "trips a day", "hours", "headway", "milestone dates"],
    },
]


@transaction.atomic
def seed_projects(owner_code: str = "DOT") -> dict:
    """Create the seed projects that are missing; leave existing ones as their editors left
    them (running twice changes nothing). `owner_code` is the owner of projects whose seed
    names no organisation of the reference data (and the fallback when one is absent).
    Returns {"created": n, "kept": n}."""
    from smartcity.core.models import Organisation
    from smartcity.mobility.models import Milestone, TransportProject

    orgs = {o.code: o for o in Organisation.objects.all()}
    fallback = orgs.get(owner_code)
    if fallback is None:
        raise LookupError(f"No organisation {owner_code}: load the reference data first (smartcity seed).")
    created = kept = 0
    for spec in SEED:
        if TransportProject.objects.filter(code=spec["code"]).exists():
            kept += 1
            continue
        geometry = validate_geometry(spec["geometry"])
        project = TransportProject.objects.create(
            code=spec["code"], owner=orgs.get(spec["owner"], fallback), kind=spec["kind"], status=spec["status"],
            name_vi=spec["name_vi"], name_en=spec["name_en"], geometry=geometry,
            length_km=spec.get("length_km") or geometry_length_km(geometry),
            budget_vnd=Decimal(spec["budget"]), spent_vnd=Decimal(spec["spent"]), start_date=spec["start"],
            end_date=spec["end"], progress=spec["progress"], plan_item=spec["plan_item"],
            description_vi=f"{spec['desc_vi']} {ILLUSTRATIVE_VI}", description_en=f"{spec['desc_en']} {ILLUSTRATIVE_EN}")
        for day, vi, en, done in spec["milestones"]:
            Milestone.objects.create(project=project, date=day, title_vi=vi, title_en=en, done=done)
        created += 1
    return {"created": created, "kept": kept}


def load_projects_demo() -> dict:
    """The demo's entry point (reference organisations must exist)."""
    return seed_projects("DOT")

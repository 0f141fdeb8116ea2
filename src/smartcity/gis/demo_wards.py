"""Demo: the 36 wards and communes formed from the former province on 1 July 2025
(Resolution 1685/NQ-UBTVQH15), as simplified polygons, idempotent.

The national list gives these units no coordinates, and no boundary data is downloaded: each
unit gets an approximate centre placed where the former wards and communes it was formed from
lie (table `CENTRES`, from general knowledge of the map, good to a few kilometres), and its
polygon is the Voronoi cell of that centre clipped to the rough outline of the former
province (`demo_layers.PROVINCE_OUTLINE`). The cells tile the outline without gaps or
overlaps, so `gis.units.locate` answers for every point of the province — but an answer near
a boundary is only as good as the demo's centres.

Loaded as the published DOC layer `ranh-gioi-xa-phuong-2025`, and written into
`AdministrativeUnit.geometry` of the 36 new units and of the 9 former districts (the polygons
of the `ranh-gioi-huyen-2024` layer), which `gis.units.locate` reads.
"""
import json

from smartcity.core import reference as ref
from smartcity.gis.demo_layers import OWNER, PROVINCE_OUTLINE, _cells, _polygon

LAYER_KEY = "ranh-gioi-xa-phuong-2025"
DISTRICT_LAYER_KEY = "ranh-gioi-huyen-2024"
LEGAL_BASIS = "Nghị quyết 1685/NQ-UBTVQH15"

# name (as in core.reference.NEW_UNITS) -> (lon, lat) of an approximate centre, and what it lies on
CENTRES = {
    # from the former city of Thủ Dầu Một
    "Thủ Dầu Một": (106.6560, 10.9760),    # Phú Cường, Chánh Nghĩa, Phú Thọ — the old centre by the river
    "Phú Lợi": (106.6850, 10.9900),        # Phú Lợi, Phú Hòa, part of Hiệp Thành
    "Chánh Hiệp": (106.6400, 11.0150),     # Chánh Mỹ, Tương Bình Hiệp, Định Hòa
    "Bình Dương": (106.7000, 11.0500),     # the New City: Hòa Phú, Phú Tân, Phú Mỹ
    "Phú An": (106.5950, 11.0550),         # Tân An (Thủ Dầu Một), Phú An and An Tây (Bến Cát) along the river
    # from the former city of Bến Cát
    "Bến Cát": (106.5950, 11.1550),        # Mỹ Phước
    "Chánh Phú Hòa": (106.6700, 11.1500),  # Chánh Phú Hòa, Hưng Hòa (Bàu Bàng)
    "Long Nguyên": (106.5500, 11.2150),    # Long Nguyên (Bàu Bàng), An Điền
    "Tây Nam": (106.5200, 11.1250),        # An Tây, An Điền by the Sài Gòn river
    "Thới Hòa": (106.6250, 11.1050),       # Thới Hòa
    "Hòa Lợi": (106.6600, 11.0900),        # Hòa Lợi, Tân Định
    # from the former city of Tân Uyên
    "Tân Uyên": (106.8000, 11.0600),       # Uyên Hưng, Tân Vĩnh Hiệp
    "Tân Hiệp": (106.7250, 11.0750),       # Tân Hiệp, Khánh Bình
    "Vĩnh Tân": (106.7400, 11.1350),       # Vĩnh Tân (VSIP II)
    "Tân Khánh": (106.7450, 11.0150),      # Tân Phước Khánh, Thạnh Phước
    "Bình Cơ": (106.7850, 11.1150),        # Hội Nghĩa, Bình Mỹ, Bạch Đằng
    # from the former city of Dĩ An
    "Dĩ An": (106.7650, 10.9050),          # Dĩ An, An Bình
    "Tân Đông Hiệp": (106.7450, 10.9350),  # Tân Đông Hiệp, Tân Bình
    "Đông Hòa": (106.7900, 10.8850),       # Đông Hòa, Bình An, Bình Thắng (Làng Đại học)
    # from the former city of Thuận An
    "Thuận An": (106.6900, 10.9450),       # Hưng Định, An Thạnh, Bình Nhâm
    "Thuận Giao": (106.7200, 10.9650),     # Thuận Giao, Bình Chuẩn
    "Lái Thiêu": (106.7000, 10.9050),      # Lái Thiêu, Vĩnh Phú, Bình Nhâm by the river
    "An Phú": (106.7500, 10.9650),         # An Phú
    "Bình Hòa": (106.7250, 10.9150),       # Bình Hòa, VSIP I
    # from the former district of Bàu Bàng
    "Bàu Bàng": (106.6300, 11.2600),       # Lai Uyên, Lai Hưng
    "Trừ Văn Thố": (106.5800, 11.3500),    # Trừ Văn Thố, Cây Trường II
    # from the former district of Dầu Tiếng
    "Dầu Tiếng": (106.3700, 11.2850),      # Dầu Tiếng town by the dam
    "Minh Thạnh": (106.4800, 11.4350),     # Minh Thạnh, Minh Hòa, Minh Tân in the north
    "Long Hòa": (106.4800, 11.3100),       # Long Hòa, Long Tân
    "Thanh An": (106.4400, 11.2000),       # Thanh An, Thanh Tuyền, An Lập
    # from the former district of Phú Giáo
    "Phú Giáo": (106.8000, 11.2900),       # Phước Vĩnh town
    "Phước Thành": (106.8300, 11.3900),    # Phước Sang, Tân Hiệp, An Thái in the north
    "Phước Hòa": (106.7400, 11.2100),      # Phước Hòa, Vĩnh Hòa
    "An Long": (106.6900, 11.3350),        # An Long, An Bình, Tân Long
    # from the former district of Bắc Tân Uyên
    "Bắc Tân Uyên": (106.8650, 11.1850),   # Tân Thành, Tân Định, Bình Mỹ
    "Thường Tân": (106.9100, 11.1050),     # Thường Tân, Lạc An, Hiếu Liêm
}
assert set(CENTRES) == {name for name, _type in ref.NEW_UNITS}, "every new unit needs a centre"


def _field(name, type_, vi, en, required=False):
    return {"name": name, "type": type_, "label_vi": vi, "label_en": en, "required": required}


LAYER = dict(
    kind="boundary", geometry_type="Polygon", valid_from=ref.FIRST_DAY_NEW, valid_to=None,
    title_vi="Ranh giới phường, xã (từ 01/07/2025)", title_en="Wards and communes (from 1 July 2025)",
    description=("36 phường, xã hình thành từ tỉnh Bình Dương cũ theo Nghị quyết 1685/NQ-UBTVQH15, hiệu lực từ "
                 "01/07/2025; đa giác đơn giản hóa dựng từ tâm gần đúng (dữ liệu minh họa, không phải ranh giới pháp lý)."),
    style={"color": "#8e44ad", "fill": 0.05, "weight": 1,
           "categories": {"attribute": "loai", "colors": {"Phường": "#8e44ad", "Xã": "#16a085"}},
           "legend": [{"label_vi": "Phường", "label_en": "Ward", "color": "#8e44ad"},
                      {"label_vi": "Xã", "label_en": "Commune", "color": "#16a085"}]},
    schema=[_field("ma", "string", "Mã đơn vị", "Code", True), _field("ten", "string", "Tên", "Name", True),
            _field("loai", "string", "Loại đơn vị", "Unit type", True),
            _field("can_cu", "string", "Căn cứ pháp lý", "Legal basis", True)],
)


def ward_cells() -> list:
    """[(name, type, shapely polygon)] in the order of NEW_UNITS."""
    from shapely.geometry import Polygon

    centres = [(name, *CENTRES[name]) for name, _type in ref.NEW_UNITS]
    cells = _cells(centres, Polygon(PROVINCE_OUTLINE))
    return [(name, kind, cell) for (name, kind), cell in zip(ref.NEW_UNITS, cells)]


def ward_features() -> list:
    """[(fid, GeoJSON geometry, properties)]; the fid is the unit's code."""
    out = []
    for name, kind, cell in ward_cells():
        code = ref.new_unit_code(name)
        out.append((code, _polygon(cell), {"ma": code, "ten": name, "loai": kind, "can_cu": LEGAL_BASIS}))
    return out


def _sync_features(layer, rows, areas) -> int:
    """Insert the missing features, rewrite those whose geometry or attributes differ; the
    number of features written (0 on a second load)."""
    from shapely.geometry import shape

    from smartcity.gis.models import Feature

    have = {f.fid: f for f in Feature.objects.filter(layer=layer)}
    written = 0
    for fid, geom, props in rows:
        text = json.dumps(geom, ensure_ascii=False)
        minx, miny, maxx, maxy = shape(geom).bounds
        feature = have.get(fid)
        if feature is None:
            feature = Feature(layer=layer, fid=fid)
        elif feature.geometry == text and feature.properties == props and feature.area_id == getattr(areas.get(fid), "id", None):
            continue
        feature.geometry, feature.properties, feature.area = text, props, areas.get(fid)
        feature.minx, feature.miny, feature.maxx, feature.maxy = minx, miny, maxx, maxy
        feature.valid_from = None
        feature.save()  # one by one: 36 rows, and each change is kept in the history
        written += 1
    return written


def _set_geometry(unit, geometry) -> bool:
    if unit is None or unit.geometry == geometry:
        return False
    unit.geometry = geometry
    unit.save(update_fields=["geometry"])
    return True


def load() -> dict:
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.gis.models import Feature, Layer
    from smartcity.gis.services.importer import refresh_layer

    owner = Organisation.objects.get(code=OWNER)
    new_units = {u.code: u for u in AdministrativeUnit.objects.filter(
        code__in=[ref.new_unit_code(name) for name, _type in ref.NEW_UNITS], valid_from=ref.FIRST_DAY_NEW)}
    hcmc = AdministrativeUnit.objects.filter(code="79", valid_from=ref.FIRST_DAY_NEW).first()

    wanted = dict(owner_id=owner.id, published=True, area_id=getattr(hcmc, "id", None), **LAYER)
    layer, created = Layer.objects.get_or_create(key=LAYER_KEY, defaults=wanted)
    changed = {k: v for k, v in wanted.items() if getattr(layer, k) != v}
    if changed:  # only when the demo's definition moved on: a second load saves nothing
        for k, v in changed.items():
            setattr(layer, k, v)
        layer.save()

    rows = ward_features()
    written = _sync_features(layer, rows, new_units)
    if written or created:
        refresh_layer(layer)

    counts = {"features": written, "units": 0, "districts": 0}
    for fid, geom, _props in rows:
        counts["units"] += _set_geometry(new_units.get(fid), geom)

    districts = {u.code: u for u in AdministrativeUnit.objects.filter(
        code__in=[row[0] for row in ref.OLD_DISTRICTS], valid_from=ref.BEFORE_2025)}
    for feature in Feature.objects.filter(layer__key=DISTRICT_LAYER_KEY):  # loaded by demo_layers just before
        counts["districts"] += _set_geometry(districts.get(feature.fid), json.loads(feature.geometry))
    return counts


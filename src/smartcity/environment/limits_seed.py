"""National limits as versioned data with citations, and the seeding that puts them (and
DONRE's exceedance alert rules) into the database. Idempotent: rows are found again by
(regulation, station kind, parameter, averaging, class, valid from) and refreshed.

Sources (see /work/shared/domain/environment.md §4 and docs/environment-limits.md):
- QCVN 05:2023/BTNMT, national technical regulation on air quality, issued with Circular
  01/2023/TT-BTNMT (13/03/2023), in force 12/09/2023, replacing QCVN 05:2013/BTNMT.
  Table 1 (basic parameters), µg/Nm³. PM2.5 24-hour: 50 until 31/12/2025, 45 from
  01/01/2026 (the regulation's own roadmap).
- QCVN 08:2023/BTNMT, surface water quality, in force 12/09/2023, replacing
  QCVN 08-MT:2015/BTNMT. Table 1: limits for the protection of human health (everywhere);
  Table 2: river water-quality classes A/B/C/D (D = worse than C) - partly read, so those
  rows carry verified=False and a note until checked against the official PDF.
- Wastewater (QCVN 40:2025/BTNMT, replacing QCVN 40:2011), stack emissions (QCVN 19/20)
  and groundwater (QCVN 09:2023/BTNMT): the tables were not retrieved; no number is
  invented. Each facility's permit limits are entered by staff (PermitLimit).
"""
from datetime import date

from django.db import transaction

from smartcity.hub import registry
from smartcity.hub.registry import QuantityDef

QCVN05 = "QCVN 05:2023/BTNMT"
QCVN08 = "QCVN 08:2023/BTNMT"
IN_FORCE_2023 = date(2023, 9, 12)
PM25_SWITCH = date(2026, 1, 1)
EVALUATOR = "env-limits"

# QCVN 05:2023/BTNMT Table 1, µg/Nm³: (quantity, {averaging: value})
_AIR = [
    ("so2", {"1h": 350, "24h": 125, "year": 50}),
    ("co", {"1h": 30000, "8h": 10000}),
    ("no2", {"1h": 200, "24h": 100, "year": 40}),
    ("o3", {"1h": 200, "8h": 120}),
    ("tsp", {"1h": 300, "24h": 200, "year": 100}),
    ("pm10", {"24h": 100, "year": 50}),
    ("pm25", {"year": 25}),
]

# QCVN 08:2023/BTNMT Table 1, protection of human health (mg/L unless the unit says otherwise)
_HEALTH = [
    ("nitrite", 0.05, "mg/L"), ("ammonium", 0.3, "mg/L"), ("chloride", 250, "mg/L"), ("fluoride", 1, "mg/L"),
    ("cyanide", 0.01, "mg/L"), ("arsenic", 0.01, "mg/L"), ("cadmium", 0.005, "mg/L"), ("lead", 0.02, "mg/L"),
    ("chromium6", 0.01, "mg/L"), ("chromium_total", 0.05, "mg/L"), ("copper", 0.1, "mg/L"), ("zinc", 0.5, "mg/L"),
    ("nickel", 0.1, "mg/L"), ("manganese", 0.1, "mg/L"), ("mercury", 0.001, "mg/L"), ("iron", 0.5, "mg/L"),
    ("antimony", 0.02, "mg/L"), ("phenol", 0.005, "mg/L"), ("oil_grease", 5.0, "mg/L"), ("benzene", 0.01, "mg/L"),
    ("aldrin", 0.1, "µg/L"), ("dieldrin", 0.1, "µg/L"), ("ddts", 1.0, "µg/L"),
]

# QCVN 08:2023/BTNMT Table 2, rivers: class -> (min, max). Class D is "worse than C": no row.
_CLASSES = [
    ("ph", "-", {"A": (6.5, 8.5), "B": (6.0, 8.5), "C": (6.0, 8.5)}),
    ("bod5", "mg/L", {"A": (None, 4), "B": (None, 6), "C": (None, 10)}),
    ("cod", "mg/L", {"A": (None, 10), "B": (None, 15), "C": (None, 20)}),
    ("dissolved_oxygen", "mg/L", {"A": (6, None), "B": (5, None), "C": (4, None)}),
    ("coliform", "MPN/100mL", {"A": (None, 1000), "B": (None, 5000), "C": (None, 7500)}),
]
RIVER_CLASSES = ("A", "B", "C")
CLASS_PROPERTY = "qcvn08_class"  # key in the station's hub asset properties

# Parameters of QCVN 08:2023 Table 1 the hub registry did not know yet (added if absent).
EXTRA_QUANTITIES = [
    QuantityDef("chloride", "Clorua (Cl-)", "Chloride", "mg/L", ("Cl-", "Clorua"), ngsi_name="chloride", minimum=0),
    QuantityDef("fluoride", "Florua (F-)", "Fluoride", "mg/L", ("F-", "Florua"), ngsi_name="fluoride", minimum=0),
    QuantityDef("cyanide", "Xyanua (CN-)", "Cyanide", "mg/L", ("CN-", "Xyanua"), ngsi_name="cyanide", minimum=0),
    QuantityDef("chromium_total", "Crom tổng (Cr)", "Total chromium", "mg/L", ("Cr_total", "Crom tong"), ngsi_name="Cr", minimum=0),
    QuantityDef("nickel", "Niken (Ni)", "Nickel", "mg/L", ("Ni",), ngsi_name="Ni", minimum=0),
    QuantityDef("manganese", "Mangan (Mn)", "Manganese", "mg/L", ("Mn",), ngsi_name="Mn", minimum=0),
    QuantityDef("iron", "Sắt (Fe)", "Iron", "mg/L", ("Fe",), ngsi_name="Fe", minimum=0),
    QuantityDef("antimony", "Antimon (Sb)", "Antimony", "mg/L", ("Sb",), ngsi_name="Sb", minimum=0),
    QuantityDef("phenol", "Tổng phenol", "Total phenols", "mg/L", ("Phenol", "Tong phenol"), ngsi_name="phenol", minimum=0),
    QuantityDef("oil_grease", "Dầu mỡ", "Oil and grease", "mg/L", ("Dau mo", "Dầu mỡ", "Oil"), ngsi_name="oilGrease", minimum=0),
    QuantityDef("benzene", "Benzen", "Benzene", "mg/L", ("Benzen", "Benzene"), ngsi_name="benzene", minimum=0),
]

# Station kind -> hub asset type watched by DONRE's exceedance rule.
RULE_TYPES = {
    "air": ("air-station", "Vượt quy chuẩn không khí (QCVN 05:2023/BTNMT)"),
    "surface-water": ("water-station", "Vượt quy chuẩn nước mặt (QCVN 08:2023/BTNMT)"),
    "groundwater": ("groundwater-station", "Vượt giới hạn nước dưới đất (giấy phép)"),
    "wastewater": ("wastewater-station", "Vượt giới hạn xả nước thải (giấy phép)"),
    "emission": ("emission-station", "Vượt giới hạn khí thải (giấy phép)"),
}


def register_quantities() -> None:
    for q in EXTRA_QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)


def legal_rows() -> list[dict]:
    """Every national limit as a plain dict (the versioned table)."""
    rows = []
    t1 = "QCVN 05:2023/BTNMT, Bảng 1 (thông số cơ bản)"
    for q, cells in _AIR:
        for averaging, value in cells.items():
            rows.append(dict(regulation=QCVN05, station_kind="air", quantity=q, averaging=averaging, limit_max=value,
                             limit_min=None, unit="µg/Nm³", column="", valid_from=IN_FORCE_2023, valid_to=None,
                             citation=t1, verified=True, note=""))
    rows.append(dict(regulation=QCVN05, station_kind="air", quantity="pm25", averaging="24h", limit_max=50, limit_min=None,
                     unit="µg/Nm³", column="", valid_from=IN_FORCE_2023, valid_to=date(2025, 12, 31), citation=t1,
                     verified=True, note="50 µg/Nm³ đến hết 31/12/2025"))
    rows.append(dict(regulation=QCVN05, station_kind="air", quantity="pm25", averaging="24h", limit_max=45, limit_min=None,
                     unit="µg/Nm³", column="", valid_from=PM25_SWITCH, valid_to=None, citation=t1, verified=True,
                     note="45 µg/Nm³ từ 01/01/2026"))
    h1 = "QCVN 08:2023/BTNMT, Bảng 1 (bảo vệ sức khỏe con người)"
    for q, value, unit in _HEALTH:
        rows.append(dict(regulation=QCVN08, station_kind="surface-water", quantity=q, averaging="1h", limit_max=value,
                         limit_min=None, unit=unit, column="", valid_from=IN_FORCE_2023, valid_to=None, citation=h1,
                         verified=True, note=""))
    t2 = "QCVN 08:2023/BTNMT, Bảng 2 (phân loại chất lượng nước sông)"
    for q, unit, classes in _CLASSES:
        for column, (lo, hi) in classes.items():
            rows.append(dict(regulation=QCVN08, station_kind="surface-water", quantity=q, averaging="24h", limit_max=hi,
                             limit_min=lo, unit=unit, column=column, valid_from=IN_FORCE_2023, valid_to=None, citation=t2,
                             verified=False, note="cần đối chiếu bản chính thức (verify)"))
    return rows


def seed_legal_limits() -> dict:
    """Create or refresh the national limits. Returns counts."""
    from smartcity.environment.models import LegalLimit
    from smartcity.hub.models import Quantity

    known = set(Quantity.objects.values_list("code", flat=True))
    key_fields = ("quantity_id", "regulation", "station_kind", "averaging", "column", "valid_from")
    # one read, bulk writes: this runs after every migrate (and every flush of a test database)
    stored = {tuple(getattr(o, f) for f in key_fields): o for o in LegalLimit.objects.all()}
    created, changed, skipped = [], [], 0
    for row in legal_rows():
        if row["quantity"] not in known:
            skipped += 1
            continue
        key = {k: row[k] for k in ("regulation", "station_kind", "averaging", "column", "valid_from")}
        defaults = {k: v for k, v in row.items() if k not in key and k != "quantity"}
        obj = stored.get((row["quantity"], *key.values()))
        if obj is None:
            obj = LegalLimit(quantity_id=row["quantity"], **key, **defaults)
            stored[(row["quantity"], *key.values())] = obj
            created.append(obj)
        elif any(getattr(obj, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(obj, k, v)
            changed.append(obj)
    with transaction.atomic():
        LegalLimit.objects.bulk_create(created)
        if created and any(o.pk is None for o in created):  # a backend without ids from bulk inserts
            ids = {tuple(getattr(o, f) for f in key_fields): o.pk for o in LegalLimit.objects.all()}
            for o in created:
                o.pk = ids[tuple(getattr(o, f) for f in key_fields)]
        for obj in changed:
            obj.save()  # rare (a corrected row): saved one by one, with its history
        if created and hasattr(LegalLimit, "history"):
            LegalLimit.history.bulk_history_create(created)
    return {"created": len(created), "updated": len(changed), "skipped (unknown parameter)": skipped}


def ensure_rules() -> dict:
    """DONRE's exceedance rules, one per station type (a domain evaluator on every
    datastream of the type, all organisations' published stations included). Needs the
    DONRE organisation; without it nothing is created."""
    from smartcity.alerts.models import AlertRule
    from smartcity.core.models import Organisation
    from smartcity.hub.models import AssetType

    donre = Organisation.objects.filter(code="DONRE").first()
    if donre is None:
        return {"rules": 0}
    types = set(AssetType.objects.values_list("code", flat=True))
    created = 0
    for kind, (type_code, name) in RULE_TYPES.items():
        if type_code not in types:
            continue
        _rule, was_created = AlertRule.objects.get_or_create(owner=donre, name=name, defaults=dict(
            description=("Tự động: so sánh trung bình 1 giờ, 8 giờ, 24 giờ, năm (và từng giá trị khi giấy phép quy định) "
                         "với quy chuẩn kỹ thuật quốc gia và giới hạn trong giấy phép của trạm; chỉ dùng số liệu hợp lệ. "
                         "Mức độ theo mức vượt: đến 25 % trung bình, đến 2 lần cao, hơn nữa nghiêm trọng."),
            severity="high", target="asset_type", asset_type_id=type_code, quantity=None, all_owners=True,
            kind="evaluator", params={"evaluator": EVALUATOR}))
        created += was_created
    return {"rules": created}


def seed(**_kwargs) -> dict:
    """post_migrate and `smartcity demo`: limits, then rules (when DONRE exists)."""
    out = seed_legal_limits()
    out.update(ensure_rules())
    return out

"""Economy (DPI): enterprise statistics from the shared enterprise database, counts by
VSIC 2018 section and by industrial park. Aggregates only: no name, tax code, address or
person ever leaves; groups smaller than MIN_GROUP are folded into "other" so that a
single enterprise cannot be singled out."""
from django.db.models import Count, Max, Q, Sum

from smartcity.opendata.providers import DatasetSpec, Field, stamp, table

MIN_GROUP = 3
SECTION_FIELDS = [Field("section"), Field("name_vi"), Field("name_en"), Field("enterprises", "int"),
                  Field("foreign_invested", "int"), Field("employees", "int")]
PARK_FIELDS = [Field("park"), Field("name_vi"), Field("enterprises", "int"), Field("foreign_invested", "int"), Field("employees", "int")]


def _active():
    from smartcity.economy.models import Enterprise

    return Enterprise.objects.filter(published=True, status="active")


def _sections() -> dict:
    """sector id -> its level-1 Sector (section letter), walking the parents once."""
    from smartcity.economy.models import Sector

    rows = {s.pk: s for s in Sector.objects.only("id", "code", "level", "name_vi", "name_en", "parent_id")}
    out = {}
    for pk, s in rows.items():
        top = s
        while top.parent_id and top.parent_id in rows and top.level > 1:
            top = rows[top.parent_id]
        out[pk] = top
    return out


def _fold_small(groups: list[dict], other: dict) -> list[dict]:
    keep = [g for g in groups if g["enterprises"] >= MIN_GROUP]
    small = [g for g in groups if g["enterprises"] < MIN_GROUP]
    if small:
        for k in ("enterprises", "foreign_invested", "employees"):
            other[k] = sum(g[k] for g in small)
        keep.append(other)
    return keep


def section_rows():
    sections = _sections()
    groups: dict = {}
    for sector_id, n, fdi, emp in (_active().order_by().values_list("main_sector_id")
                                   .annotate(n=Count("id"), f=Count("id", filter=Q(foreign_invested=True)), e=Sum("employees"))):
        s = sections.get(sector_id)
        key = s.code if s else "?"
        g = groups.setdefault(key, {"section": key, "name_vi": s.name_vi if s else "Chưa phân ngành",
                                    "name_en": s.name_en if s else "Not classified", "enterprises": 0, "foreign_invested": 0, "employees": 0})
        g["enterprises"] += n
        g["foreign_invested"] += fdi
        g["employees"] += emp or 0
    yield from _fold_small(sorted(groups.values(), key=lambda g: g["section"]),
                           {"section": "other", "name_vi": "Các ngành khác (nhóm nhỏ)", "name_en": "Other sections (small groups)"})


def park_rows():
    from smartcity.economy.models import IndustrialPark

    parks = {p.pk: p for p in IndustrialPark.objects.all()}
    groups = []
    for park_id, n, fdi, emp in (_active().filter(industrial_park__isnull=False).order_by().values_list("industrial_park_id")
                                 .annotate(n=Count("id"), f=Count("id", filter=Q(foreign_invested=True)), e=Sum("employees"))):
        p = parks.get(park_id)
        if p is None:
            continue
        groups.append({"park": p.code, "name_vi": p.name_vi, "enterprises": n, "foreign_invested": fdi, "employees": emp or 0})
    yield from _fold_small(sorted(groups, key=lambda g: g["name_vi"]),
                           {"park": "other", "name_vi": "Các khu công nghiệp khác (nhóm nhỏ)"})


def _version():
    agg = _active().aggregate(n=Count("id"), u=Max("updated_at"))
    return stamp(agg["n"], agg["u"])


def datasets():
    from smartcity.economy.models import Enterprise

    if not _active().exists():
        return []
    return [DatasetSpec(
        key="economy:enterprises", slug="thong-ke-doanh-nghiep", publisher="DPI", theme="ECON",
        title_vi="Thống kê doanh nghiệp theo ngành và khu công nghiệp", title_en="Enterprises by sector and industrial park",
        description_vi="Số doanh nghiệp đang hoạt động theo ngành cấp 1 của Hệ thống ngành kinh tế Việt Nam (VSIC 2018) và theo "
                       f"khu công nghiệp, số doanh nghiệp có vốn đầu tư nước ngoài và số lao động. Chỉ số liệu tổng hợp; nhóm dưới "
                       f"{MIN_GROUP} doanh nghiệp được gộp vào nhóm khác.",
        description_en="Active enterprises by VSIC 2018 section and by industrial park, foreign-invested ones and employees. "
                       f"Aggregates only; groups of fewer than {MIN_GROUP} enterprises are merged into 'other'.",
        keywords=["doanh nghiệp", "khu công nghiệp", "VSIC", "enterprises", "industrial parks"], frequency="MONTHLY",
        version=_version, modified=lambda: Enterprise.objects.aggregate(m=Max("updated_at"))["m"], contact_name="Sở Kế hoạch và Đầu tư",
        resources=[table("by-section", "Doanh nghiệp theo ngành (CSV)", "Enterprises by section (CSV)", SECTION_FIELDS, section_rows,
                         "doanh-nghiep-theo-nganh.csv"),
                   table("by-park", "Doanh nghiệp theo khu công nghiệp (CSV)", "Enterprises by industrial park (CSV)", PARK_FIELDS,
                         park_rows, "doanh-nghiep-theo-kcn.csv")],
    )]

"""Counts, employees and capital of the register by sector section, ward (since 2025),
former district, industrial park, investor country and size class. Employees and capital
are given to readers of the government group only; counts to everybody."""
from django.db.models import Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.economy import vsic
from smartcity.economy.models import ForeignInvestor, SizeClass


def _en() -> bool:
    return (get_language() or "vi").startswith("en")


def _rows(qs, key, label_of, money: bool):
    agg = {"count": Count("pk")}
    if money:
        agg.update(employees=Sum("employees"), capital_vnd=Sum("registered_capital_vnd"), invested_usd=Sum("invested_capital_usd"))
    out = []
    for r in qs.order_by().values(key).annotate(**agg).order_by("-count"):
        row = {"key": r[key] or "", "label": label_of(r[key]), "count": r["count"]}
        if money:
            row.update(employees=r["employees"] or 0, capital_vnd=int(r["capital_vnd"] or 0), invested_usd=int(r["invested_usd"] or 0))
        out.append(row)
    return out


def compute(qs, money: bool) -> dict:
    """`qs`: the enterprises counted (already filtered and visible)."""
    en = _en()
    sections = {c: (en_name if en else vi) for c, vi, en_name in vsic.SECTIONS}
    unknown = "—"

    def names(field):
        from smartcity.core.models import AdministrativeUnit
        from smartcity.economy.models import IndustrialPark

        model = IndustrialPark if field == "industrial_park__code" else AdministrativeUnit
        key = "code" if model is IndustrialPark else "code"
        rows = model.objects.values_list(key, "name_vi", "name_en")
        table = {k: (e or v) if en else v for k, v, e in rows}
        return lambda k: table.get(k, unknown) if k else unknown

    sizes = dict(SizeClass.choices)
    out = {
        "total": qs.count(),
        "by_section": _rows(qs, "sector_section", lambda k: f"{k} – {sections.get(k, '')}" if k else unknown, money),
        "by_unit": _rows(qs, "unit__code", names("unit__code"), money),
        "by_former_unit": _rows(qs, "former_unit__code", names("former_unit__code"), money),
        "by_park": _rows(qs, "industrial_park__code", lambda k, _n=names("industrial_park__code"): _n(k) if k else _("Outside parks"), money),
        "by_size": _rows(qs, "size_class", lambda k: str(sizes.get(k, unknown)) if k else unknown, money),
    }
    order = {k: i for i, k in enumerate(SizeClass.values)}
    out["by_size"].sort(key=lambda r: order.get(r["key"], 9))
    inv = ForeignInvestor.objects.filter(enterprise__in=qs.order_by().values("pk")).order_by().values("country").annotate(
        count=Count("enterprise", distinct=True), **({"invested_usd": Sum("capital_usd")} if money else {})).order_by("-count")
    out["by_country"] = [{"key": r["country"], "label": country_name(r["country"]), "count": r["count"],
                          **({"invested_usd": int(r["invested_usd"] or 0)} if money else {})} for r in inv]
    if money:
        totals = qs.aggregate(employees=Sum("employees"), capital_vnd=Sum("registered_capital_vnd"),
                              invested_usd=Sum("invested_capital_usd"), fdi=Count("pk", filter=Q(foreign_invested=True)))
        out["totals"] = {k: int(v or 0) for k, v in totals.items()}
    else:
        out["totals"] = {"fdi": qs.filter(foreign_invested=True).count()}
    return out


COUNTRIES = {
    "JP": ("Nhật Bản", "Japan"), "KR": ("Hàn Quốc", "South Korea"), "TW": ("Đài Loan (Trung Quốc)", "Taiwan (China)"),
    "SG": ("Singapore", "Singapore"), "CN": ("Trung Quốc", "China"), "US": ("Hoa Kỳ", "United States"),
    "HK": ("Hồng Kông (Trung Quốc)", "Hong Kong (China)"), "MY": ("Malaysia", "Malaysia"), "TH": ("Thái Lan", "Thailand"),
    "DE": ("Đức", "Germany"), "NL": ("Hà Lan", "Netherlands"), "FR": ("Pháp", "France"), "GB": ("Vương quốc Anh", "United Kingdom"),
    "VG": ("Quần đảo Virgin thuộc Anh", "British Virgin Islands"), "AU": ("Úc", "Australia"), "IN": ("Ấn Độ", "India"),
}


def country_name(code: str) -> str:
    vi, en = COUNTRIES.get(code, (code, code))
    return en if _en() else vi


def bars(rows, value_key="count", limit=15, width=560, bar_h=22, label_w=230):
    """Horizontal bars as SVG geometry for the templates (our own charts, no library)."""
    rows = rows[:limit]
    top = max([r.get(value_key) or 0 for r in rows] + [1])
    items = []
    for i, r in enumerate(rows):
        v = r.get(value_key) or 0
        items.append({"y": i * (bar_h + 6), "w": round((width - label_w - 110) * v / top, 1), "label": r["label"], "value": v,
                      "key": r["key"], "ty": i * (bar_h + 6) + bar_h * 0.7})
    return {"items": items, "height": max(1, len(items)) * (bar_h + 6), "width": width, "label_w": label_w, "bar_h": bar_h,
            "value_key": value_key}

"""Export of the register to Excel or CSV with the columns the reader may see; the export
of restricted columns is written to the access log, one row per enterprise and group."""
import csv
import io

from django.utils.translation import gettext as _

from smartcity.economy import access
from smartcity.economy.models import Channel, FieldGroup


def columns(groups) -> list[tuple[str, str]]:
    cols = [("tax_code", _("Tax code")), ("name_vi", _("Vietnamese name")), ("name_en", _("English name")),
            ("short_name", _("Short name")), ("legal_form", _("Legal form")), ("status", _("Status")),
            ("established", _("Established")), ("address", _("Address")), ("unit", _("Ward or commune")),
            ("former_unit", _("Former district")), ("industrial_park", _("Industrial park")),
            ("main_sector", _("Main sector (VSIC 2018)")), ("sector_section", _("VSIC section")),
            ("size_class", _("Size class")), ("foreign_invested", _("Foreign-invested")),
            ("investor_countries", _("Investor countries")), ("website", _("Website"))]
    if FieldGroup.GOVERNMENT in groups:
        cols += [("employees", _("Employees")), ("registered_capital_vnd", _("Registered capital (VND)")),
                 ("invested_capital_usd", _("Invested capital (USD)")), ("annual_revenue_vnd", _("Annual revenue (VND)")),
                 ("investors", _("Foreign investors")), ("representative", _("Legal representative")),
                 ("contact_phone", _("Phone")), ("contact_email", _("E-mail"))]
    if FieldGroup.OWNER in groups:
        cols += [("notes", _("Internal notes"))]
    return cols


def _value(e, key):
    if key == "legal_form":
        return e.get_legal_form_display()
    if key == "status":
        return e.get_status_display()
    if key == "size_class":
        return e.get_size_class_display() if e.size_class else ""
    if key in ("unit", "former_unit", "industrial_park"):
        obj = getattr(e, key)
        return obj.name_vi if obj else ""
    if key == "main_sector":
        return e.main_sector.code if e.main_sector_id else ""
    if key == "foreign_invested":
        return _("yes") if e.foreign_invested else _("no")
    if key == "investor_countries":
        return ", ".join(sorted({i.country for i in e.investors.all()}))
    if key == "investors":
        return "; ".join(f"{i.name} ({i.country})" for i in e.investors.all())
    v = getattr(e, key)
    if v is None:
        return None
    if key.endswith("_vnd") or key.endswith("_usd"):
        return int(v)
    return v


def rows(qs, groups):
    cols = columns(groups)
    qs = qs.select_related("unit", "former_unit", "industrial_park", "main_sector").prefetch_related("investors")
    return cols, [[_value(e, k) for k, _label in cols] for e in qs]


def export(qs, user, fmt: str, path: str = "") -> tuple[bytes, str, str]:
    """(content, content type, file name). Restricted groups are the same for every row:
    the reader's groups for records owned by the owner department."""
    groups = access.groups_for(user)
    cols, data = rows(qs, groups)
    if any(g in access.RESTRICTED for g in groups):
        access.log(user, list(qs.values_list("pk", flat=True)), groups, Channel.EXPORT, path)
    header = [label for _k, label in cols]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        for r in data:
            w.writerow(["" if v is None else v for v in r])
        return buf.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "doanh-nghiep.csv"
    from openpyxl import Workbook

    from smartcity.core.xlsx import add_sheet

    wb = Workbook()
    wb.remove(wb.active)
    formats = {i: "#,##0" for i, (k, _label) in enumerate(cols, 1) if k in ("employees",) or k.endswith("_vnd") or k.endswith("_usd")}
    formats.update({i: "dd/mm/yyyy" for i, (k, _label) in enumerate(cols, 1) if k == "established"})
    add_sheet(wb, _("Enterprises")[:31], header, data, formats)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "doanh-nghiep.xlsx"

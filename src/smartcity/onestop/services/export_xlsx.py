"""The monthly report departments send up, as an .xlsx (openpyxl).

Sheet 1, the report: a title block (unit, period, date made), then one row per field of
procedures with the columns of the usual report on handling administrative procedures:

    No. | Field | Received: total, carried over, new online, new at the counter or by post
        | Resolved: total, early, on time, late | In progress: total, within time, overdue
        | Withdrawn or refused

a totals row (the sum of the rows above) and the on-time rate. Sheet 2 lists the dossiers
overdue at the end of the month (or now, for the month under way): code, procedure, unit,
received, due, working days late, applicant as initials only.

The figures are `kpis.period_figures` over the month's dossiers (services/reports.py), so
the sheet agrees with the reports page and the API. Text follows the active language
(Vietnamese unless asked otherwise).
"""
from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from smartcity.core.xlsx import add_sheet
from smartcity.onestop import kpis
from smartcity.onestop.kpis import LOCAL
from smartcity.onestop.services import reports

# (group, key path) of the numeric columns after "No." and "Field"
COLUMNS = [
    ("received", "total"), ("received", "carried_over"), ("received", "online"), ("received", "counter_post"),
    ("resolved", "total"), ("resolved", "early"), ("resolved", "on_time"), ("resolved", "late"),
    ("in_progress", "total"), ("in_progress", "within_time"), ("in_progress", "overdue"),
    ("withdrawn_refused", None),
]
FIRST_NUMERIC = 3  # column C
HEADER_ROW = 6     # two header rows: 6 (groups) and 7 (columns)


def _labels() -> dict:
    return {
        "received": _("Dossiers received for processing"), "resolved": _("Dossiers resolved"),
        "in_progress": _("Dossiers in progress"), "withdrawn_refused": pgettext("onestop report", "Withdrawn or refused"),
        ("received", "total"): pgettext("onestop report", "Total"), ("received", "carried_over"): _("Carried over from the previous period"),
        ("received", "online"): pgettext("onestop report", "New, online"), ("received", "counter_post"): _("New, at the counter or by post"),
        ("resolved", "total"): pgettext("onestop report", "Total"), ("resolved", "early"): pgettext("onestop report", "Early"), ("resolved", "on_time"): pgettext("onestop report", "On time"),
        ("resolved", "late"): pgettext("onestop report", "Late"), ("in_progress", "total"): pgettext("onestop report", "Total"), ("in_progress", "within_time"): pgettext("onestop report", "Within time"),
        ("in_progress", "overdue"): pgettext("onestop report", "Overdue"),
    }


def value(fig: dict, group: str, key: str | None) -> int:
    return fig[group] if key is None else fig[group][key]


def month_data(year: int, month: int, unit=None, now=None) -> dict:
    """The month's figures per field of procedures, totals and the overdue dossiers."""
    from smartcity.onestop.models import Dossier, Procedure

    unit = reports.resolve_unit(unit)
    start_at, end_at = kpis.month_bounds(year, month)
    now = now or timezone.now()
    at = min(now, end_at)
    period_rows = reports.rows(start_at, at, unit=unit)
    fields = {p: (f, code, name_vi, name_en) for p, f, code, name_vi, name_en in Procedure.objects.filter(
        pk__in={r.procedure for r in period_rows}).values_list("pk", "field_id", "field__code", "field__name_vi", "field__name_en")}
    wd = reports.working_days_fn()
    groups = kpis.grouped_figures(period_rows, start_at, at, key=lambda r: fields[r.procedure][0], working_days=wd)
    english = (translation.get_language() or "vi").startswith("en")
    names = {f: (name_en if english and name_en else name_vi) for f, code, name_vi, name_en in fields.values()}
    lines = sorted(({"field": names[f], **fig} for f, fig in groups.items()), key=lambda e: e["field"])
    late = kpis.overdue_rows(period_rows, at, working_days=wd)
    ids = [r.id for r, _days in late]
    details = {}
    for i in range(0, len(ids), 2000):  # bounded IN lists
        details.update({pk: rest for pk, *rest in Dossier.objects.filter(pk__in=ids[i:i + 2000]).values_list(
            "pk", "code", "procedure__code", "procedure__name_vi", "procedure_version__competent_unit__code", "procedure_version__competent_unit__name_vi", "applicant_name")})
    overdue = []
    for row, days in late:
        code, proc_code, proc_name, unit_code, unit_name, name = details[row.id]
        overdue.append({"code": code, "procedure": f"{proc_code} {proc_name}", "unit": unit_name, "unit_code": unit_code,
                        "received_at": row.received_at, "due_at": row.due_at, "days_late": round(days, 1),
                        "applicant": reports.mask_name(name)})
    return {"year": year, "month": month, "unit": unit, "start": start_at.date(), "end": (end_at - dt.timedelta(days=1)).date(),
            "at": at, "lines": lines, "total": kpis.add_up(lines), "overdue": overdue}


def _local_naive(value: dt.datetime | None):
    """Excel has no time zones: local wall-clock time, as staff read it."""
    return value.astimezone(LOCAL).replace(tzinfo=None) if value else None


def export_month(year: int, month: int, unit=None, *, now=None, language: str | None = None) -> bytes:
    """The month's report as .xlsx bytes (see the module docstring for the layout)."""
    with translation.override(language or translation.get_language() or "vi"):
        data = month_data(year, month, unit, now)
        return _workbook(data)


def _workbook(data: dict) -> bytes:
    labels = _labels()
    wb = Workbook()
    ws = wb.active
    ws.title = pgettext("onestop report", "Report")[:31]
    last_col = FIRST_NUMERIC + len(COLUMNS) - 1
    last_letter = get_column_letter(last_col)
    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    unit = data["unit"]
    ws["A1"] = (unit.name if unit is not None else _("All competent units")).upper()
    ws["A1"].font = bold
    ws["A2"] = _("REPORT ON THE HANDLING OF ADMINISTRATIVE PROCEDURES")
    ws["A2"].font = Font(bold=True, size=13)
    ws["A3"] = _("Month %(month)02d/%(year)d (from %(start)s to %(end)s)") % {
        "month": data["month"], "year": data["year"], "start": data["start"].strftime("%d/%m/%Y"), "end": data["end"].strftime("%d/%m/%Y")}
    ws["A4"] = _("Figures as of %(at)s (UTC+7); unit: number of dossiers") % {"at": data["at"].astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")}
    for r in (1, 2, 3, 4):
        ws.merge_cells(f"A{r}:{last_letter}{r}")
        ws[f"A{r}"].alignment = Alignment(horizontal="center")
    top, sub = HEADER_ROW, HEADER_ROW + 1
    ws.cell(top, 1, pgettext("onestop report", "No.")); ws.merge_cells(start_row=top, end_row=sub, start_column=1, end_column=1)
    ws.cell(top, 2, pgettext("onestop report", "Field of procedures")); ws.merge_cells(start_row=top, end_row=sub, start_column=2, end_column=2)
    col = FIRST_NUMERIC
    for group, span in (("received", 4), ("resolved", 4), ("in_progress", 3)):
        ws.cell(top, col, labels[group])
        ws.merge_cells(start_row=top, end_row=top, start_column=col, end_column=col + span - 1)
        col += span
    ws.cell(top, col, labels["withdrawn_refused"]); ws.merge_cells(start_row=top, end_row=sub, start_column=col, end_column=col)
    for i, (group, key) in enumerate(COLUMNS):
        if key is not None:
            ws.cell(sub, FIRST_NUMERIC + i, labels[(group, key)])
    row = sub + 1
    ws.cell(row, 1, "(1)")
    ws.cell(row, 2, "(2)")
    for i in range(len(COLUMNS)):
        ws.cell(row, FIRST_NUMERIC + i, f"({i + 3})")
    first_data = row + 1
    for n, line in enumerate(data["lines"], 1):
        r = first_data + n - 1
        ws.cell(r, 1, n)
        ws.cell(r, 2, line["field"])
        for i, (group, key) in enumerate(COLUMNS):
            ws.cell(r, FIRST_NUMERIC + i, value(line, group, key))
    total_row = first_data + len(data["lines"])
    ws.cell(total_row, 2, pgettext("onestop report", "Total")).font = bold
    for i, (group, key) in enumerate(COLUMNS):
        ws.cell(total_row, FIRST_NUMERIC + i, value(data["total"], group, key)).font = bold
    rate = data["total"]["on_time_rate"]
    ws.cell(total_row + 2, 2, _("On-time rate (early + on time) / resolved"))
    ws.cell(total_row + 2, FIRST_NUMERIC, rate if rate is not None else "–").number_format = "0.0%"
    mean = data["total"]["processing_days"]["mean"]
    ws.cell(total_row + 3, 2, _("Average processing time (working days)"))
    ws.cell(total_row + 3, FIRST_NUMERIC, round(mean, 2) if mean is not None else "–").number_format = "0.00"
    thin = Side(style="thin", color="999999")
    for r in range(top, total_row + 1):
        for c in range(1, last_col + 1):
            cell = ws.cell(r, c)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if r <= sub + 1:
                cell.font, cell.alignment = bold, centre
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 44
    for c in range(FIRST_NUMERIC, last_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = 13
    ws.row_dimensions[sub].height = 48
    ws.freeze_panes = ws.cell(first_data, FIRST_NUMERIC)
    add_sheet(wb, pgettext("onestop report", "Overdue dossiers")[:31],
              [pgettext("onestop report", "Dossier code"), pgettext("onestop report", "Procedure"), pgettext("onestop report", "Competent unit"), pgettext("onestop report", "Received"), pgettext("onestop report", "Due"), pgettext("onestop report", "Working days late"), pgettext("onestop report", "Applicant")],
              [[d["code"], d["procedure"], d["unit"], _local_naive(d["received_at"]), _local_naive(d["due_at"]), d["days_late"],
                d["applicant"]] for d in data["overdue"]],
              formats={4: "dd/mm/yyyy hh:mm", 5: "dd/mm/yyyy hh:mm", 6: "0.0"})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

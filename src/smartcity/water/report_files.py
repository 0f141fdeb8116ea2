"""The season report as Excel (openpyxl) and PDF (fpdf2, DejaVu Sans found by the
environment app's `find_font`, so Vietnamese prints with its diacritics)."""
import io

from django.utils.translation import gettext as _g

from smartcity.water.reuse_labels import purpose_label, season_name

COLUMNS = ("rain_mm", "captured", "inflow", "reuse", "outflow", "overflow")


def _headers():
    return [_g("Period"), _g("Days"), _g("Rain (mm)"), _g("Rainwater captured, estimate (m³)"), _g("Inflow (m³)"),
            _g("Reused (m³)"), _g("Outflow (m³)"), _g("Overflow (m³)"), _g("Reused / captured")]


def _row(label, t):
    share = t.reuse_share
    return [label, t.days, *[round(getattr(t, c), 1) for c in COLUMNS], None if share is None else round(share, 3)]


def season_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _g("Seasons")[:31]
    title = _g("Rainwater captured and reused") + f" {report['start']:%d/%m/%Y} – {report['end']:%d/%m/%Y}"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    sections = [(_g("All reservoirs"), report["seasons"], report["months"], report["total"])]
    sections += [(p["reservoir"].name, p["seasons"], p["months"], p["total"]) for p in report["reservoirs"]]
    for name, seasons, months, total in sections:
        ws.append([])
        ws.append([name])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(_headers())
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for s in seasons:
            ws.append(_row(season_name(s.key), s))
        for m in months:
            ws.append(_row(m.label, m))
        ws.append(_row(_g("Total"), total))
        purposes = sorted(total.reuse_by)
        if purposes:
            ws.append([_g("Reuse by purpose (m³)"), *[f"{purpose_label(p)}: {total.reuse_by[p]:.0f}" for p in purposes]])
    ws.column_dimensions["A"].width = 42
    for col in "BCDEFGHI":
        ws.column_dimensions[col].width = 16
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _vi(x: float, decimals: int = 0) -> str:
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\u202f").replace(".", ",") if decimals else s.replace(",", ".")


def season_pdf(report) -> bytes:
    from fpdf import FPDF

    from smartcity.environment.report_pdf import find_font

    regular, bold = find_font()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "B", bold or regular)
    pdf.set_auto_page_break(True, margin=14)
    title = _g("Rainwater captured and reused")
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Body", "B", 14)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 9)
    pdf.cell(0, 6, f"{report['start']:%d/%m/%Y} – {report['end']:%d/%m/%Y} · "
             + _g("rainy season May-November, dry season December-April"), new_x="LMARGIN", new_y="NEXT")
    widths = [62, 14, 22, 38, 26, 26, 26, 26, 30]
    sections = [(_g("All reservoirs"), report["seasons"], report["months"], report["total"])]
    sections += [(p["reservoir"].name, p["seasons"], p["months"], p["total"]) for p in report["reservoirs"]]
    for name, seasons, months, total in sections:
        pdf.ln(3)
        pdf.set_font("Body", "B", 11)
        pdf.cell(0, 7, name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Body", "B", 7.5)
        for w, h in zip(widths, _headers()):
            pdf.cell(w, 6, h, border=1, align="C")
        pdf.ln()
        pdf.set_font("Body", "", 8)
        for label, t, strong in [*[(season_name(s.key), s, True) for s in seasons], *[(m.label, m, False) for m in months],
                                 (_g("Total"), total, True)]:
            pdf.set_font("Body", "B" if strong else "", 8)
            share = t.reuse_share
            cells = [label, str(t.days), _vi(t.rain_mm), _vi(t.captured), _vi(t.inflow), _vi(t.reuse), _vi(t.outflow),
                     _vi(t.overflow), "—" if share is None else _vi(100 * share, 1) + " %"]
            for i, (w, c) in enumerate(zip(widths, cells)):
                pdf.cell(w, 5.2, c, border=1, align="L" if i == 0 else "R")
            pdf.ln()
    return bytes(pdf.output())

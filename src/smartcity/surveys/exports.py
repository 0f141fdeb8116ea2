"""Exports of a campaign: the raw answers and the cross-tabs as an Excel workbook (openpyxl),
and the invitation letters as a PDF with each recipient's QR code (fpdf2 + segno)."""
from __future__ import annotations

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from smartcity.surveys import engine, services

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDE9F3")


def answer_columns(definition: dict) -> list[tuple[str, str, callable]]:
    """(column key, heading, getter(answers)) for every answer cell of the definition."""
    cols = []
    for q in engine.questions(definition):
        key, kind = q["key"], q["kind"]
        text = q.get("text_vi", "")
        if kind == "matrix":
            for r in q.get("rows", []):
                cols.append((f"{key}.{r['value']}", f"{text} – {r.get('vi', r['value'])}",
                             lambda a, k=key, rv=r["value"]: (a.get(k) or {}).get(rv)))
        elif kind == "multi":
            for v in engine.option_values(q):
                label = next((o.get("vi", v) for o in q.get("options", []) if str(o["value"]) == str(v)), _("Other"))
                cols.append((f"{key}[{v}]", f"{text} – {label}",
                             lambda a, k=key, vv=str(v): (1 if vv in (a.get(k) or []) else 0) if a.get(k) is not None else None))
        else:
            cols.append((key, text, lambda a, k=key: a.get(k)))
        if q.get("other"):
            cols.append((f"{key}:other", f"{text} – {_('Other')}", lambda a, k=key: a.get(f"{k}:other")))
    return cols


def _autosize(ws, widths: dict[int, int]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, w))


def workbook(campaign, filters: dict | None = None) -> bytes:
    """Sheets: 'Answers' (one row per submitted response, one column per answer cell, the
    first header row holds the keys, the second the wording), 'Crosstabs' (every choice and
    scale question by each dimension: counts then row %), 'Questions'."""
    definition = campaign.version.definition
    rows = services.submitted(campaign, filters)
    wb = Workbook()
    ws = wb.active
    ws.title = "Answers"
    fixed = [("id", _("Response")), ("submitted_at", _("Submitted at")), ("channel", _("Channel")), ("tax_code", _("Tax code")),
             ("enterprise", _("Enterprise")), ("sector", _("VSIC section")), ("size", _("Size class")),
             ("park", _("Industrial park")), ("fdi", _("Foreign-invested"))]
    cols = answer_columns(definition)
    ws.append([k for k, _h in fixed] + [k for k, _h, _g in cols])
    ws.append([h for _k, h in fixed] + [h for _k, h, _g in cols])
    for cell in ws[1] + ws[2]:
        cell.font, cell.fill = HEAD, FILL
    ws[2][0].alignment = Alignment(wrap_text=True)
    for r in rows:
        p = r.profile or {}
        e = r.enterprise
        base = [r.pk, timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None, r.channel,
                e.tax_code if e else None, e.name_vi if e else None, p.get("sector") or None, p.get("size") or None,
                p.get("park") or None, (None if "fdi" not in p else bool(p["fdi"]))]
        ws.append(base + [g(r.answers or {}) for _k, _h, g in cols])
    ws.freeze_panes = "A3"
    _autosize(ws, {i + 1: len(str(k)) + 4 for i, (k, _h) in enumerate(fixed)})

    ct = wb.create_sheet("Crosstabs")
    names = {d: str(services.DIMENSION_NAMES[d]) for d in services.DIMENSIONS}
    for q in engine.questions(definition):
        if q["kind"] not in ("single", "multi", "scale"):
            continue
        for by in services.DIMENSIONS:
            table = services.crosstab(campaign, q["key"], by, filters)
            labels = table["column_labels"]
            ct.append([f"{q['key']} – {q.get('text_vi', '')}", f"× {names[by]}", q["key"], by])
            ct.cell(ct.max_row, 1).font = HEAD
            heads = [labels.get(c, str(c)) for c in table["columns"]]
            ct.append([names[by], "n"] + heads + [f"% {h}" for h in heads] + (["mean"] if q["kind"] == "scale" else []))
            for cell in ct[ct.max_row]:
                cell.font, cell.fill = HEAD, FILL
            for g in table["groups"] + [dict(table["total"], label=_("Total"))]:
                ct.append([g["label"], g["n"]] + [g["counts"][c] for c in table["columns"]]
                          + [g["pct"][c] for c in table["columns"]] + ([g["mean"]] if q["kind"] == "scale" else []))
            ct.append([])
    _autosize(ct, {1: 40})

    qs = wb.create_sheet("Questions")
    qs.append(["key", "kind", "required", "Tiếng Việt", "English"])
    for q in engine.questions(definition):
        qs.append([q["key"], q["kind"], bool(q.get("required")), q.get("text_vi", ""), q.get("text_en", "")])
    _autosize(qs, {4: 60, 5: 60})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- letters ---------------------------------------------------------------------------------------
def letters_pdf(campaign, recipients) -> bytes:
    """One A4 page per recipient: the department's letter, the personal link and its QR code."""
    from fpdf import FPDF

    from smartcity.environment.report_pdf import find_font

    regular, bold = find_font()
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "B", bold or regular)
    pdf.set_margins(22, 18, 20)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(campaign.title_vi)
    pdf.set_creator("Binh Duong Smart City")
    pdf.set_lang("vi")
    owner = campaign.owner
    closes = timezone.localtime(campaign.closes_at)
    for r in recipients:
        pdf.add_page()
        w = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font("Body", "B", 10)
        pdf.multi_cell(w / 2, 5, "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG\n" + owner.name_vi.upper(), align="C", new_x="RIGHT", new_y="TOP")
        pdf.multi_cell(w / 2, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Body", "", 10)
        today = timezone.localdate()
        pdf.cell(0, 5, f"Bình Dương, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("Body", "B", 13)
        pdf.multi_cell(0, 7, "THƯ MỜI THAM GIA KHẢO SÁT\n" + campaign.title_vi, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Body", "", 11)
        name = r.enterprise.name_vi if r.enterprise_id else "Quý doanh nghiệp"
        pdf.multi_cell(0, 6, f"Kính gửi: {name}" + (f" (MST {r.enterprise.tax_code})" if r.enterprise_id else ""),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(0, 6, campaign.intro_vi or "Trân trọng mời Quý doanh nghiệp tham gia khảo sát.", align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(0, 6, f"Quý doanh nghiệp vui lòng trả lời trước {closes:%H:%M} ngày {closes:%d/%m/%Y} bằng cách quét mã QR "
                             "dưới đây hoặc mở đường dẫn riêng (mỗi đường dẫn chỉ dùng cho một doanh nghiệp; có thể lưu và trả lời tiếp sau).",
                       align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        url = services.answer_url(r)
        png = io.BytesIO()
        segno.make_qr(url, error="m").save(png, kind="png", scale=5, border=2)
        y = pdf.get_y()
        pdf.image(io.BytesIO(png.getvalue()), x=pdf.l_margin, y=y, w=40, h=40)
        pdf.set_xy(pdf.l_margin + 45, y + 6)
        pdf.set_font("Body", "B", 10)
        pdf.multi_cell(w - 45, 5, "Quét mã để trả lời khảo sát / Scan to answer the survey", new_x="LEFT", new_y="NEXT")
        pdf.set_font("Body", "", 9)
        pdf.multi_cell(w - 45, 5, url, new_x="LEFT", new_y="NEXT")
        pdf.set_y(y + 46)
        if campaign.contact:
            pdf.set_font("Body", "", 10)
            pdf.multi_cell(0, 5, f"Liên hệ: {campaign.contact}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Body", "", 9)
        pdf.multi_cell(0, 4.5, (campaign.intro_en or "You are kindly invited to take part in this survey.")
                       + f" Please answer by {closes:%d/%m/%Y} using the QR code or the personal link above.",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font("Body", "B", 10)
        pdf.cell(0, 5, owner.name_vi.upper(), align="R", new_x="LMARGIN", new_y="NEXT")
    if not recipients:
        pdf.add_page()
        pdf.set_font("Body", "", 11)
        pdf.cell(0, 6, "Không có người nhận. / No recipient.")
    return bytes(pdf.output())


def qr_svg(url: str) -> str:
    """An inline SVG QR code for a page (the open link)."""
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()

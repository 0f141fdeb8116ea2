"""The page furniture of a Vietnamese administrative form in fpdf2: the issuing body and
number on the left, the national motto and 'place, date' on the right (Decree 30/2020/NĐ-CP
layout), the form number at the top right, a centred title, body text that wraps, tables
that break across pages with their header repeated, signature columns and the lookup QR.

`pdfforms.py` gathers the facts from the models, this module only draws them. The font is
the platform's Unicode TrueType (`environment.report_pdf.find_font`: DejaVu Sans from
fonts-dejavu-core); it raises `FontMissing` on a server without one."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from smartcity.environment.report_pdf import FontMissing, find_font

__all__ = ["LOCAL", "FontMissing", "FormPDF", "date_line", "day", "qr_png", "when", "when_long"]

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
QR_CAPTION = "Quét mã để tra cứu tình trạng hồ sơ"
QR_ERROR = "m"  # 15 % of the symbol may be smudged (a stamp or a fold) and it still reads


def fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) files: the platform's lookup, plus the italic beside it."""
    regular, bold = find_font()
    italic = None
    for candidate in (regular.replace(".ttf", "-Oblique.ttf"), regular.replace("-Regular.ttf", "-Italic.ttf")):
        if candidate != regular and Path(candidate).is_file():
            italic = candidate
            break
    return regular, bold or regular, italic or regular


# -- dates the way administrative documents write them --------------------------------------------
def _local(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(LOCAL)
    return value


def date_line(place: str, on) -> str:
    """'Bình Dương, ngày 05 tháng 3 năm 2026': days below 10 and months 1-2 take a leading
    zero (Decree 30/2020/NĐ-CP, appendix I, section II.5)."""
    d = _local(on)
    d = d.date() if isinstance(d, dt.datetime) else d
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def when(value) -> str:
    """dd/mm/yyyy HH:MM in local time (empty when unknown)."""
    if not value:
        return ""
    return _local(value).strftime("%d/%m/%Y %H:%M")


def when_long(value) -> str:
    """'15 giờ 30 phút, ngày 23/03/2026', the wording of the receipt and the apology."""
    if not value:
        return "…… giờ …… phút, ngày ……/……/………"
    t = _local(value)
    return f"{t:%H} giờ {t:%M} phút, ngày {t:%d/%m/%Y}"


def day(value) -> str:
    if not value:
        return ""
    v = _local(value)
    return v.strftime("%d/%m/%Y")


def qr_png(url: str, *, scale: int = 4, border: int = 2) -> bytes:
    """The lookup QR as a 1-bit PNG, made in memory (segno, pure Python)."""
    out = io.BytesIO()
    segno.make_qr(url, error=QR_ERROR).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


# -- the document ---------------------------------------------------------------------------------
class FormPDF(FPDF):
    """A4 form with the administrative header; `footer_note` goes beside the page number."""

    def __init__(self, *, title: str, landscape: bool = False, footer_note: str = ""):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        regular, bold, italic = fonts()
        self.add_font("Body", "", regular)
        self.add_font("Body", "B", bold)
        self.add_font("Body", "I", italic)
        self.set_margins(20 if not landscape else 15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(title)
        self.set_creator("Binh Duong Smart City")
        self.set_lang("vi")
        self.footer_note = footer_note
        self.alias_nb_pages()
        self.add_page()

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def footer(self):
        self.set_y(-11)
        self.set_font("Body", "", 7.5)
        self.set_text_color(100, 100, 100)
        note = f"{self.footer_note} · " if self.footer_note else ""
        self.cell(0, 4, f"{note}Trang {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # header ---------------------------------------------------------------------------------
    def form_label(self, number: str, circular: str):
        """'Mẫu số 01' at the top right, as the circulars print it."""
        self.set_font("Body", "B", 9)
        self.cell(0, 4, f"Mẫu số {number}", align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Body", "I", 7.5)
        self.cell(0, 4, f"(Kèm theo {circular})", align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def heading(self, *, superior: str, issuer: str, number: str, place_date: str, left_width: float = 78):
        top = self.get_y()
        lw = left_width
        if superior:
            self.set_font("Body", "", 9.5)
            self.multi_cell(lw, 4.6, superior.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Body", "B", 9.5)
        self.multi_cell(lw, 4.6, issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        y = self.get_y()
        self.line(self.l_margin + lw / 2 - 12, y + 0.6, self.l_margin + lw / 2 + 12, y + 0.6)
        self.ln(2)
        if number:
            self.set_font("Body", "", 9.5)
            self.multi_cell(lw, 4.6, number, align="C", new_x="LMARGIN", new_y="NEXT")
        left_bottom = self.get_y()
        rw = self.width - lw
        self.set_xy(self.l_margin + lw, top)
        self.set_font("Body", "B", 9.5)
        self.multi_cell(rw, 4.6, NATION, align="C", new_x="LEFT", new_y="NEXT")
        self.set_font("Body", "B", 10.5)
        self.multi_cell(rw, 5, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
        y = self.get_y()
        mw = self.get_string_width(MOTTO)
        cx = self.l_margin + lw + rw / 2
        self.line(cx - mw / 2, y + 0.6, cx + mw / 2, y + 0.6)
        self.ln(2.5)
        self.set_x(self.l_margin + lw)
        self.set_font("Body", "I", 10)
        self.multi_cell(rw, 5, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(left_bottom, self.get_y()) + 6)

    def title_block(self, title: str, subtitle: str = ""):
        self.set_font("Body", "B", 13)
        self.multi_cell(0, 6.5, title, align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font("Body", "B", 10.5)
            self.multi_cell(0, 5.5, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    # body -----------------------------------------------------------------------------------
    def para(self, text: str, *, size: float = 10.5, style: str = "", indent: bool = False, align: str = "J"):
        self.set_font("Body", style, size)
        self.multi_cell(0, 5.5, ("      " if indent else "") + text, align=align, new_x="LMARGIN", new_y="NEXT")

    def field(self, label: str, value: str, *, size: float = 10.5):
        """'Label: value' with the value wrapping under itself."""
        self.set_x(self.l_margin)
        self.set_font("Body", "", size)
        self.write(5.5, f"{label}: ")
        self.set_font("Body", "B", size)
        self.write(5.5, value or "…")
        self.ln(5.5)

    def items(self, lines, *, size: float = 10.5, numbered: bool = True):
        self.set_font("Body", "", size)
        for i, line in enumerate(lines, 1):
            mark = f"{i}." if numbered else "-"
            self.set_x(self.l_margin + 5)
            self.cell(7, 5.5, mark)
            self.multi_cell(self.width - 12, 5.5, line, new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: list[str], rows: list[list], widths: list[float], *, size: float = 8.5, aligns=None):
        """A table that breaks across pages, its header repeated on each (fpdf2's default)."""
        self.set_font("Body", "", size)
        total = sum(widths)
        widths = tuple(self.width * w / total for w in widths)
        with self.table(col_widths=widths, text_align=aligns or "LEFT", line_height=size * 0.5 + 0.6,
                        first_row_as_headings=True, cell_fill_mode=TableCellFillMode.NONE,
                        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 232, 232), size_pt=size)) as table:
            head = table.row()
            for h in header:
                head.cell(h, align="CENTER")
            for r in rows:
                row = table.row()
                for v in r:
                    row.cell("" if v is None else str(v))
        self.ln(3)

    def need(self, height: float):
        """Start a new page unless `height` mm are left (keeps a block together)."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()

    def signatures(self, columns: list[tuple[str, str, str]]):
        """Side-by-side signature blocks: (title, hint, name) each."""
        self.need(40)
        self.ln(4)
        top = self.get_y()
        cw = self.width / len(columns)
        bottom = top
        for i, (title, hint, name) in enumerate(columns):
            x = self.l_margin + i * cw
            self.set_xy(x, top)
            self.set_font("Body", "B", 10)
            self.multi_cell(cw, 5, title, align="C", new_x="LEFT", new_y="NEXT")
            if hint:
                self.set_font("Body", "I", 9)
                self.multi_cell(cw, 4.5, hint, align="C", new_x="LEFT", new_y="NEXT")
            self.ln(18)
            self.set_x(x)
            self.set_font("Body", "B", 10)
            self.multi_cell(cw, 5, name or "", align="C", new_x="LEFT", new_y="NEXT")
            bottom = max(bottom, self.get_y())
        self.set_xy(self.l_margin, bottom + 4)

    def qr_block(self, url: str, code: str, size: float = 26):
        """The lookup QR with its caption, kept on one page."""
        self.need(size + 4)
        y = self.get_y()
        self.image(io.BytesIO(qr_png(url)), x=self.l_margin, y=y, w=size, h=size)
        x = self.l_margin + size + 3
        self.set_xy(x, y + 4)
        self.set_font("Body", "B", 9.5)
        self.multi_cell(self.width - size - 3, 5, QR_CAPTION, new_x="LEFT", new_y="NEXT")
        self.set_font("Body", "", 8.5)
        self.multi_cell(self.width - size - 3, 4.5, f"Mã hồ sơ: {code}", new_x="LEFT", new_y="NEXT")
        self.set_font("Body", "", 7.5)
        self.set_text_color(70, 70, 70)
        self.multi_cell(self.width - size - 3, 4, url, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_y(max(self.get_y(), y + size) + 2)

    def bytes(self) -> bytes:
        return bytes(self.output())

"""The monthly report as PDF (fpdf2). Vietnamese needs a Unicode TrueType font: the first
of FONT_CANDIDATES found is embedded (DejaVu Sans from Debian's fonts-dejavu-core, which
.ci/run installs when missing; SMARTCITY_PDF_FONT may name another TTF)."""
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fpdf import FPDF

from smartcity.environment.limits import LOCAL_OFFSET, fmt_limit, fmt_vi
from smartcity.environment.report import AVERAGING_LABELS, STATUS_LABELS, hours

LOCAL = timezone(timedelta(seconds=LOCAL_OFFSET))
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/freefont/FreeSans.ttf", "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"),
]


class FontMissing(RuntimeError):
    pass


def find_font() -> tuple[str, str | None]:
    """(regular, bold or None) paths of a Unicode TTF with Vietnamese glyphs."""
    own = os.environ.get("SMARTCITY_PDF_FONT")
    if own and Path(own).is_file():
        return own, None
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else None
    raise FontMissing("No Unicode TrueType font for the PDF report: install Debian's fonts-dejavu-core "
                      "or set SMARTCITY_PDF_FONT to a .ttf file")


def _dt(t: int) -> str:
    return datetime.fromtimestamp(t, LOCAL).strftime("%d/%m/%Y %H:%M")


def _pct(x: float) -> str:
    return fmt_vi(x, 1) + " %"


class ReportPDF(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="L", unit="mm", format="A4")
        regular, bold = find_font()
        self.add_font("Body", "", regular)
        self.add_font("Body", "B", bold or regular)
        self.report_title = title
        self.set_auto_page_break(True, margin=14)
        self.set_title(title)
        self.set_creator("Binh Duong Smart City")

    def header(self):
        self.set_font("Body", "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, self.report_title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-10)
        self.set_font("Body", "", 7)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}} · Nguồn: hệ thống quan trắc môi trường tự động Bình Dương",
                  align="C")

    def h1(self, text):
        self.set_font("Body", "B", 14)
        self.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")

    def h2(self, text):
        self.ln(2)
        self.set_font("Body", "B", 11)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def para(self, text, size=9):
        self.set_font("Body", "", size)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def grid(self, header, rows, widths=None, empty="Không có."):
        if not rows:
            self.para(empty)
            return
        self.set_font("Body", "", 8)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5, first_row_as_headings=True) as table:
            head = table.row()
            for h in header:
                head.cell(h)
            for r in rows:
                row = table.row()
                for v in r:
                    row.cell("" if v is None else str(v))

    def chart(self, daily, limit=None, unit="", height=34):
        """Daily means as bars, the 24 h limit as a red line (days below coverage in grey)."""
        values = [m if m is not None else raw for _d, m, raw in daily]
        shown = [v for v in values if v is not None]
        if not shown:
            return
        x0, y0 = self.l_margin + 12, self.get_y() + 2
        w = self.w - self.l_margin - self.r_margin - 14
        top = max(shown + ([limit] if limit else [])) * 1.1 or 1.0
        bar = w / max(1, len(daily))
        self.set_draw_color(120, 120, 120)
        self.line(x0, y0 + height, x0 + w, y0 + height)
        self.set_font("Body", "", 6)
        self.set_xy(self.l_margin, y0 - 1)
        self.cell(12, 3, fmt_vi(top, 0))
        for i, (_d, m, raw) in enumerate(daily):
            v = m if m is not None else raw
            if v is None:
                continue
            hgt = height * v / top
            if m is None:
                self.set_fill_color(200, 200, 200)
            elif limit is not None and v > limit:
                self.set_fill_color(220, 60, 40)
            else:
                self.set_fill_color(70, 130, 180)
            self.rect(x0 + i * bar + bar * 0.15, y0 + height - hgt, bar * 0.7, hgt, style="F")
            if i % 5 == 0:
                self.set_xy(x0 + i * bar, y0 + height + 0.5)
                self.cell(bar * 2, 3, str(i + 1))
        if limit:
            ly = y0 + height - height * limit / top
            self.set_draw_color(220, 0, 0)
            self.line(x0, ly, x0 + w, ly)
            self.set_xy(x0 + w - 30, ly - 3.5)
            self.set_text_color(200, 0, 0)
            self.cell(30, 3, f"giới hạn 24 giờ {fmt_limit(limit)} {unit}", align="R")
            self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.set_y(y0 + height + 5)


def render(reports, title: str) -> bytes:
    pdf = ReportPDF(title)
    pdf.alias_nb_pages()
    for r in reports:
        pdf.add_page()
        st = r.station
        pdf.h1(f"Báo cáo tháng {r.label} · {st.name} ({st.code})")
        facts = [st.get_kind_display(), st.owner.name]
        if st.facility:
            facts.append(st.facility)
        if st.river:
            facts.append("sông " + st.river)
        if st.industrial_park:
            facts.append(st.industrial_park)
        pdf.para(" · ".join(str(f) for f in facts))
        pdf.para(f"Tổng số lần vượt giới hạn: {r.exceeded} · Thời gian mất dữ liệu của trạm: {fmt_vi(hours(r.downtime_seconds), 1)} giờ "
                 f"({len(r.downtime)} lần gián đoạn)")
        pdf.h2("1. Vượt quy chuẩn / giới hạn giấy phép")
        rows = []
        for p in r.params:
            for s in p.summaries:
                rows.append([p.name, AVERAGING_LABELS.get(s.averaging, s.averaging), s.regulation, s.windows, s.exceeded,
                             f"{fmt_vi(s.worst, 2)} {p.unit}" if s.worst is not None else "–",
                             fmt_limit(s.limit) if s.limit is not None else "–",
                             _dt(s.worst_window[0]) if s.worst_window else "–"])
        pdf.grid(["Thông số", "Trung bình", "Quy chuẩn / giấy phép", "Số lần đánh giá", "Số lần vượt", "Xấu nhất", "Giới hạn",
                  "Thời điểm"], rows, (22, 20, 62, 24, 20, 30, 20, 30), empty="Trạm không có giới hạn áp dụng.")
        pdf.h2("2. Độ đầy đủ dữ liệu")
        rows = []
        for p in r.params:
            c = p.completeness
            rows.append([p.name, p.unit, c.expected, c.received, c.valid, _pct(c.received_pct), _pct(c.valid_pct)]
                        + [fmt_vi(hours(p.status_seconds.get(s, 0)), 1) for s in STATUS_LABELS][:2])
        pdf.grid(["Thông số", "Đơn vị", "Dự kiến", "Đã nhận", "Hợp lệ", "% nhận", "% hợp lệ", "Hiệu chuẩn (giờ)", "Lỗi thiết bị (giờ)"],
                 rows, (30, 22, 22, 22, 22, 22, 22, 30, 30))
        pdf.h2("3. Gián đoạn dữ liệu (không có số liệu quá 3 chu kỳ truyền)")
        rows = [["Cả trạm", _dt(s), _dt(e), fmt_vi(hours(e - s), 2)] for s, e in r.downtime[:40]]
        pdf.grid(["Thông số", "Từ", "Đến", "Thời lượng (giờ)"], rows, (40, 45, 45, 35), empty="Không có gián đoạn.")
        charted = [p for p in r.params if p.has_limits and any(x[1] is not None or x[2] is not None for x in p.daily)]
        if charted:
            pdf.h2("4. Trung bình ngày của các thông số có giới hạn")
            for p in charted:
                if pdf.get_y() > pdf.h - 60:
                    pdf.add_page()
                pdf.para(f"{p.name} ({p.unit})", 8)
                pdf.chart(p.daily, p.day_limit, p.unit)
        details = r.details
        if details:
            pdf.h2("5. Chi tiết các lần vượt")
            rows = [[p.name, AVERAGING_LABELS.get(j.window.averaging, j.window.averaging), _dt(j.window.start), _dt(j.window.end),
                     f"{fmt_vi(j.window.mean, 2)} {p.unit}", fmt_limit(j.verdict.limit), j.limit.regulation]
                    for p, j in details[:200]]
            pdf.grid(["Thông số", "Trung bình", "Từ", "Đến", "Giá trị", "Giới hạn", "Quy chuẩn / giấy phép"], rows,
                     (24, 22, 34, 34, 34, 20, 62))
    if not reports:
        pdf.add_page()
        pdf.para("Không có trạm nào.")
    return bytes(pdf.output())

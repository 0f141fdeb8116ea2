"""Service quality over a date range from the stored KPIs (RouteKpi rows computed by the
quality service): per route and direction, per day for the network, per hour of day; and
the Department of Transport's monthly report built from it as PDF (fpdf2, the environment
report's Unicode font handling) and Excel (openpyxl), in Vietnamese.

Aggregating days: rates (OTP, bunching, cv_h, EWT, running-time variability) are means of
the daily values weighted by the trips observed that day, so a day with 68 trips counts
more than one with 3; counts (trips scheduled, run, missed) are sums. The level of service
is then read from the aggregated cv_h with TCQSM's thresholds. This is an approximation of
recomputing from raw headways over the whole period, good enough for a monthly ranking.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO

from smartcity.mobility import kpi

LOS_COLOURS = {"A": ("#1b8a4b", "#fff"), "B": ("#5fa83a", "#fff"), "C": ("#c9a227", "#1d2733"), "D": ("#e07b00", "#fff"),
               "E": ("#d4472f", "#fff"), "F": ("#8f1020", "#fff"), "": ("#9aa5b1", "#fff")}
LOS_TEXT_VI = {"A": "Rất đều (xe hiếm khi lệch giãn cách)", "B": "Đều", "C": "Khá đều", "D": "Thất thường",
               "E": "Thường xuyên dồn chuyến", "F": "Hầu hết xe dồn chuyến"}


def los_for(cv_h: float | None) -> str:
    """TCQSM level of service A-F of a headway regularity ('' when unknown): the KPI
    module's rule, so the report and the stored rows agree."""
    return kpi.los(cv_h)


@dataclass
class Agg:
    """Weighted means of rates and sums of counts over KPI rows."""

    rates: dict = field(default_factory=dict)  # name -> [sum(w*x), sum(w)]
    trips_scheduled: int = 0
    trips_observed: int = 0
    missed_trips: int = 0
    days: set = field(default_factory=set)

    RATES = ("otp", "cv_h", "bunching", "ewt_s", "running_time_cv", "buffer_time_s")

    def add(self, row) -> None:
        w = max(1, row.trips_observed or 0)
        for name in self.RATES:
            v = getattr(row, name)
            if v is not None:
                acc = self.rates.setdefault(name, [0.0, 0.0])
                acc[0] += w * v
                acc[1] += w
        self.trips_scheduled += row.trips_scheduled or 0
        self.trips_observed += row.trips_observed or 0
        self.missed_trips += row.missed_trips or 0
        self.days.add(row.date)

    def mean(self, name):
        acc = self.rates.get(name)
        return acc[0] / acc[1] if acc and acc[1] else None

    @property
    def run_share(self):
        return self.trips_observed / self.trips_scheduled if self.trips_scheduled else None


@dataclass
class RouteRow:
    route_id: str
    direction_id: int | None
    short_name: str
    long_name: str
    colour: str
    agg: Agg
    rank: int = 0

    def __getattr__(self, name):  # otp, cv_h, ... read through to the aggregate
        if name in Agg.RATES:
            return self.agg.mean(name)
        raise AttributeError(name)

    @property
    def los(self) -> str:
        return los_for(self.agg.mean("cv_h"))

    @property
    def label(self) -> str:
        return self.short_name or self.route_id

    @property
    def direction_label(self) -> str:
        return {0: "chiều đi", 1: "chiều về"}.get(self.direction_id, "cả hai chiều")


@dataclass
class QualityData:
    feed: object
    start: date
    end: date
    routes: list  # RouteRow, ranked by OTP (best first; unknown OTP last)
    network: Agg
    daily: list  # (date, Agg) for days with rows
    hourly: list  # (hour 0-23, Agg | None)
    direction: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def empty(self) -> bool:
        return not self.routes


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def build(feed, start: date, end: date, direction: int | None = None, route_id: str | None = None) -> QualityData:
    """Aggregate the RouteKpi rows of `feed` from `start` to `end` (inclusive)."""
    from smartcity.mobility.models import Route, RouteKpi

    qs = RouteKpi.objects.filter(feed=feed, date__gte=start, date__lte=end)
    if direction is not None:
        qs = qs.filter(direction_id=direction)
    if route_id is not None:
        qs = qs.filter(route_id=route_id)
    per_route: dict = {}
    per_day: dict = {}
    per_hour: dict = {}
    network = Agg()
    for row in qs.order_by("date", "route_id", "direction_id", "hour").iterator(chunk_size=2000):
        if row.hour is None:
            per_route.setdefault((row.route_id, row.direction_id), Agg()).add(row)
            per_day.setdefault(row.date, Agg()).add(row)
            network.add(row)
        else:
            per_hour.setdefault(row.hour, Agg()).add(row)
    names = {r.route_id: r for r in Route.objects.filter(feed=feed, route_id__in={k[0] for k in per_route})}
    routes = []
    for (rid, d), agg in per_route.items():
        r = names.get(rid)
        routes.append(RouteRow(rid, d, getattr(r, "route_short_name", "") or "", getattr(r, "route_long_name", "") or "",
                               "#" + r.route_color if r is not None and r.route_color else "#0b5d8f", agg))
    routes.sort(key=lambda x: (x.otp is None, -(x.otp or 0), x.cv_h if x.cv_h is not None else 9, _natural(x.label),
                               x.direction_id if x.direction_id is not None else -1))
    for i, r in enumerate(routes, 1):
        r.rank = i
    return QualityData(feed, start, end, routes, network, sorted(per_day.items()),
                       [(h, per_hour.get(h)) for h in range(24)], direction)


def _natural(label: str):
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 10**9, label)


# -- formatting shared by the PDF and the page ------------------------------------------------
def fmt_vi(x, digits=1) -> str:
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def pct(x, digits=1) -> str:
    return "–" if x is None else fmt_vi(100 * x, digits) + " %"


def title_for(year: int, month: int) -> str:
    return f"Báo cáo chất lượng dịch vụ xe buýt tháng {month:02d}/{year}"


METHOD_VI = [
    ("Đúng giờ (OTP)", "Tỷ lệ lượt xuất bến tại điểm kiểm soát nằm trong khoảng sớm 1 phút đến trễ 5 phút so với biểu đồ."),
    ("Độ đều giãn cách cv_h", "Độ lệch chuẩn của (giãn cách thực tế - giãn cách kế hoạch) chia cho giãn cách kế hoạch trung bình; "
     "mức phục vụ TCQSM: A ≤ 0,21; B 0,22-0,30; C 0,31-0,39; D 0,40-0,52; E 0,53-0,74; F ≥ 0,75."),
    ("Dồn chuyến", "Tỷ lệ giãn cách nhỏ hơn một nửa giãn cách kế hoạch."),
    ("Thời gian chờ vượt (EWT)", "Thời gian chờ thực tế trừ thời gian chờ kế hoạch (tuyến từ 5 xe/giờ), chờ = Σh² / (2 Σh)."),
    ("Chuyến thực hiện / kế hoạch", "Số chuyến quan sát được so với số chuyến theo biểu đồ; chuyến bỏ là chuyến không quan sát thấy."),
    ("Biến động thời gian hành trình", "Hệ số biến thiên của thời gian chạy hết tuyến; thời gian dự phòng = phân vị 95 - phân vị 50."),
    ("Gộp nhiều ngày", "Các tỷ lệ là trung bình theo ngày có trọng số số chuyến quan sát; số chuyến là tổng."),
]


# -- PDF -----------------------------------------------------------------------------------
def render_pdf(data: QualityData, title: str) -> bytes:
    """The report as PDF; raises report_pdf.FontMissing on a server without a Unicode font."""
    from smartcity.environment.report_pdf import ReportPDF

    class QualityPDF(ReportPDF):
        def footer(self):
            self.set_y(-10)
            self.set_font("Body", "", 7)
            self.cell(0, 5, f"Trang {self.page_no()}/{{nb}} · Nguồn: hệ thống giám sát chất lượng xe buýt Bình Dương (GTFS, GTFS-Realtime)",
                      align="C")

    pdf = QualityPDF(title)
    pdf.set_subject(f"bus-service-quality {data.start:%Y-%m} feed {getattr(data.feed, 'pk', '')}")
    pdf.set_keywords(f"{data.start:%Y-%m} {data.start:%m/%Y}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.h1(title)
    pdf.para("Kính gửi: Sở Giao thông vận tải tỉnh Bình Dương · Chương trình nâng cao chất lượng vận tải hành khách công cộng "
             "bằng xe buýt (hạng mục P8)")
    pdf.para(f"Bộ dữ liệu: {data.feed} · Kỳ báo cáo: {data.start:%d/%m/%Y} - {data.end:%d/%m/%Y} · "
             f"Số ngày có dữ liệu: {len(data.daily)}/{data.days} · Số tuyến-chiều: {len(data.routes)}")
    n = data.network
    pdf.h2("1. Tổng hợp toàn mạng")
    pdf.grid(["Đúng giờ", "cv_h", "Mức phục vụ", "Dồn chuyến", "EWT (giây)", "Chuyến kế hoạch", "Chuyến thực hiện", "Tỷ lệ thực hiện",
              "Chuyến bỏ", "Biến động hành trình"],
             [[pct(n.mean("otp")), fmt_vi(n.mean("cv_h"), 2), los_for(n.mean("cv_h")) or "–", pct(n.mean("bunching")),
               fmt_vi(n.mean("ewt_s"), 0), n.trips_scheduled, n.trips_observed, pct(n.run_share), n.missed_trips,
               fmt_vi(n.mean("running_time_cv"), 2)]] if data.routes else [], empty="Không có số liệu trong kỳ.")
    pdf.h2("2. Xếp hạng tuyến theo tỷ lệ đúng giờ")
    rows = [[r.rank, r.label, r.direction_label, r.long_name[:48], pct(r.otp), fmt_vi(r.cv_h, 2), r.los or "–", pct(r.bunching),
             fmt_vi(r.ewt_s, 0), r.agg.trips_scheduled, r.agg.trips_observed, r.agg.missed_trips, fmt_vi(r.running_time_cv, 2)]
            for r in data.routes]
    pdf.grid(["Hạng", "Tuyến", "Chiều", "Tên tuyến", "Đúng giờ", "cv_h", "LOS", "Dồn chuyến", "EWT (s)", "KH", "TH", "Bỏ",
              "Biến động HT"], rows, (12, 16, 22, 66, 20, 14, 12, 20, 16, 14, 14, 12, 20), empty="Không có số liệu trong kỳ.")
    if data.daily:
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        pdf.h2("3. Tỷ lệ đúng giờ toàn mạng theo ngày")
        _bars(pdf, [(f"{d:%d}", a.mean("otp")) for d, a in data.daily])
        rows = [[f"{d:%d/%m/%Y}", pct(a.mean("otp")), fmt_vi(a.mean("cv_h"), 2), los_for(a.mean("cv_h")) or "–", a.trips_scheduled,
                 a.trips_observed, a.missed_trips] for d, a in data.daily]
        pdf.grid(["Ngày", "Đúng giờ", "cv_h", "LOS", "Chuyến KH", "Chuyến TH", "Chuyến bỏ"], rows, (30, 25, 20, 15, 25, 25, 25))
    hours = [(h, a) for h, a in data.hourly if a is not None]
    if hours:
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        pdf.h2("4. Tỷ lệ đúng giờ theo giờ trong ngày")
        _bars(pdf, [(f"{h}", a.mean("otp")) for h, a in data.hourly if a is not None])
        rows = [[f"{h:02d}:00-{h:02d}:59", pct(a.mean("otp")), fmt_vi(a.mean("cv_h"), 2), pct(a.mean("bunching")), a.trips_observed]
                for h, a in hours]
        pdf.grid(["Khung giờ", "Đúng giờ", "cv_h", "Dồn chuyến", "Chuyến TH"], rows, (30, 25, 20, 25, 25))
    pdf.h2("5. Phương pháp")
    pdf.grid(["Chỉ số", "Định nghĩa"], [list(x) for x in METHOD_VI], (60, 200))
    return bytes(pdf.output())


def _bars(pdf, values, height=30):
    """Bars of shares (0-1) with the label under each; 100 % is the top."""
    shown = [(lab, v) for lab, v in values if v is not None]
    if not shown:
        return
    x0, y0 = pdf.l_margin + 10, pdf.get_y() + 2
    w = pdf.w - pdf.l_margin - pdf.r_margin - 12
    bar = w / max(1, len(values))
    pdf.set_draw_color(120, 120, 120)
    pdf.line(x0, y0 + height, x0 + w, y0 + height)
    pdf.set_font("Body", "", 6)
    for frac in (0.5, 1.0):
        pdf.set_xy(pdf.l_margin, y0 + height - height * frac - 1.5)
        pdf.cell(10, 3, f"{int(frac * 100)} %")
    for i, (lab, v) in enumerate(values):
        if v is not None:
            hgt = height * max(0.0, min(1.0, v))
            pdf.set_fill_color(*((27, 138, 75) if v >= 0.85 else (224, 123, 0) if v >= 0.7 else (212, 71, 47)))
            pdf.rect(x0 + i * bar + bar * 0.15, y0 + height - hgt, bar * 0.7, hgt, style="F")
        if len(values) <= 31:
            pdf.set_xy(x0 + i * bar, y0 + height + 0.5)
            pdf.cell(bar, 3, lab, align="C")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y0 + height + 5)


# -- Excel ---------------------------------------------------------------------------------
SHEETS = ("Tổng hợp", "Xếp hạng tuyến", "Theo ngày", "Theo giờ", "Phương pháp")


def render_xlsx(data: QualityData, title: str) -> bytes:
    """One sheet per section; shares as fractions with a % format so they sort and chart."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from smartcity.core.xlsx import add_sheet

    wb = Workbook()
    wb.remove(wb.active)

    def sheet(name, header, rows, formats=None):
        return add_sheet(wb, name, header, rows, formats, max_width=70, min_width=9)

    n = data.network
    ws = sheet(SHEETS[0], ["Chỉ số", "Giá trị"], [
        ["Bộ dữ liệu", str(data.feed)], ["Từ ngày", data.start], ["Đến ngày", data.end],
        ["Số ngày có dữ liệu", len(data.daily)], ["Số tuyến-chiều", len(data.routes)],
        ["Tỷ lệ đúng giờ", n.mean("otp")], ["cv_h", n.mean("cv_h")], ["Mức phục vụ (TCQSM)", los_for(n.mean("cv_h"))],
        ["Tỷ lệ dồn chuyến", n.mean("bunching")], ["Thời gian chờ vượt EWT (giây)", n.mean("ewt_s")],
        ["Chuyến kế hoạch", n.trips_scheduled], ["Chuyến thực hiện", n.trips_observed], ["Tỷ lệ thực hiện", n.run_share],
        ["Chuyến bỏ", n.missed_trips], ["Biến động thời gian hành trình (CV)", n.mean("running_time_cv")],
        ["Thời gian dự phòng (giây)", n.mean("buffer_time_s")]])
    for r, fmt in ((3, "dd/mm/yyyy"), (4, "dd/mm/yyyy"), (7, "0.0%"), (8, "0.00"), (10, "0.0%"), (11, "0"), (14, "0.0%"),
                   (16, "0.00"), (17, "0")):
        ws.cell(row=r, column=2).number_format = fmt
    ws.insert_rows(1, 2)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws.freeze_panes = "A4"
    rows = [[r.rank, r.route_id, r.label, r.long_name, r.direction_id, r.otp, r.cv_h, r.los, r.bunching, r.ewt_s,
             r.agg.trips_scheduled, r.agg.trips_observed, r.agg.missed_trips, r.agg.run_share, r.running_time_cv, r.buffer_time_s,
             len(r.agg.days)] for r in data.routes]
    ws = sheet(SHEETS[1], ["Hạng", "route_id", "Tuyến", "Tên tuyến", "Chiều (direction_id)", "Tỷ lệ đúng giờ", "cv_h", "Mức phục vụ",
                           "Dồn chuyến", "EWT (giây)", "Chuyến kế hoạch", "Chuyến thực hiện", "Chuyến bỏ", "Tỷ lệ thực hiện",
                           "Biến động hành trình (CV)", "Thời gian dự phòng (giây)", "Số ngày"], rows,
               {6: "0.0%", 7: "0.00", 9: "0.0%", 10: "0", 14: "0.0%", 15: "0.00", 16: "0"})
    for i, r in enumerate(data.routes, 2):
        bg, fg = LOS_COLOURS.get(r.los, LOS_COLOURS[""])
        if r.los:
            ws.cell(row=i, column=8).fill = PatternFill("solid", fgColor=bg.lstrip("#"))
            ws.cell(row=i, column=8).font = Font(bold=True, color=fg.lstrip("#").replace("fff", "FFFFFF"))
    sheet(SHEETS[2], ["Ngày", "Tỷ lệ đúng giờ", "cv_h", "Mức phục vụ", "Dồn chuyến", "Chuyến kế hoạch", "Chuyến thực hiện", "Chuyến bỏ"],
          [[d, a.mean("otp"), a.mean("cv_h"), los_for(a.mean("cv_h")), a.mean("bunching"), a.trips_scheduled, a.trips_observed,
            a.missed_trips] for d, a in data.daily], {1: "dd/mm/yyyy", 2: "0.0%", 3: "0.00", 5: "0.0%"})
    sheet(SHEETS[3], ["Giờ", "Tỷ lệ đúng giờ", "cv_h", "Dồn chuyến", "Chuyến thực hiện"],
          [[h, a.mean("otp"), a.mean("cv_h"), a.mean("bunching"), a.trips_observed] for h, a in data.hourly if a is not None],
          {2: "0.0%", 3: "0.00", 4: "0.0%"})
    sheet(SHEETS[4], ["Chỉ số", "Định nghĩa"], [list(x) for x in METHOD_VI])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def previous_month(today: date) -> tuple[int, int]:
    first = today.replace(day=1) - timedelta(days=1)
    return first.year, first.month

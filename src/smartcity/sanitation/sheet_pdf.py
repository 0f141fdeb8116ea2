"""A driver's route sheet as PDF (fpdf2, DejaVu Sans through onestop.pdf_layout's FormPDF):
the shift, the truck, the stops in order with their expected level and load, a sketch of the
route, and boxes to tick and fill (time, level, weight) for a crew without a phone."""
from smartcity.onestop.pdf_layout import FormPDF, day

SHIFT_VI = {"morning": "Ca sáng (05:00–12:00)", "afternoon": "Ca chiều (13:00–20:00)", "night": "Ca đêm (21:00–04:00)"}
KIND_VI = {"general": "Sinh hoạt", "recyclable": "Tái chế", "organic": "Hữu cơ"}


def _fmt(n) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _sketch(pdf: FormPDF, route, stops, size: float = 62):
    """Stops joined in order, depot as a square, scaled into a box (north up)."""
    pts = [(s.bin.asset.latitude, s.bin.asset.longitude) for s in stops]
    depot = (route.plan.depot.latitude, route.plan.depot.longitude)
    allp = pts + [depot]
    lat0, lat1 = min(p[0] for p in allp), max(p[0] for p in allp)
    lon0, lon1 = min(p[1] for p in allp), max(p[1] for p in allp)
    span = max(lat1 - lat0, lon1 - lon0, 1e-4)
    pdf.need(size + 6)
    x0, y0 = pdf.w - pdf.r_margin - size, pdf.get_y()
    pdf.set_draw_color(150, 150, 150)
    pdf.rect(x0, y0, size, size)

    def xy(p):
        return x0 + 3 + (p[1] - lon0) / span * (size - 6), y0 + 3 + (lat1 - p[0]) / span * (size - 6)

    pdf.set_draw_color(21, 101, 192)
    pdf.set_line_width(0.4)
    prev = xy(depot)
    for p in pts:
        cur = xy(p)
        pdf.line(*prev, *cur)
        prev = cur
    pdf.set_line_width(0.2)
    pdf.set_font("Body", "", 5.5)
    for s, p in zip(stops, pts):
        x, y = xy(p)
        pdf.set_fill_color(255, 255, 255)
        pdf.ellipse(x - 1.6, y - 1.6, 3.2, 3.2, style="DF")
        pdf.set_xy(x - 1.6, y - 1.2)
        pdf.cell(3.2, 2.4, str(s.order), align="C")
    x, y = xy(depot)
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(x - 1.8, y - 1.8, 3.6, 3.6, style="F")
    pdf.set_draw_color(0, 0, 0)
    return y0


def route_sheet_pdf(route, stops) -> bytes:
    plan = route.plan
    unit = route.truck.capacity_unit
    pdf = FormPDF(title=f"Lộ trình thu gom {route.truck.plate} {day(plan.date)}",
                  footer_note=f"Kế hoạch #{plan.pk} · tuyến {route.number}")
    pdf.title_block("LỘ TRÌNH THU GOM RÁC THẢI", f"{SHIFT_VI.get(plan.shift, plan.shift)} · ngày {plan.date:%d/%m/%Y}")
    top = pdf.get_y()
    y_sketch = _sketch(pdf, route, stops)
    pdf.set_xy(pdf.l_margin, top)
    driver = (route.driver.get_full_name() or route.driver.username) if route.driver else ""
    for label, value in (("Đơn vị", plan.owner.name_vi), ("Xe", f"{route.truck.plate} – {route.truck.model_name}"),
                         ("Tài xế", driver or "…………………………"), ("Xuất phát", plan.depot.name),
                         ("Đổ rác tại", plan.disposal_site.name if plan.disposal_site_id else "—"),
                         ("Số điểm thu gom", str(len(stops))), ("Số chuyến", str(route.trips)),
                         ("Quãng đường dự kiến", f"{route.distance_m / 1000:.1f} km".replace(".", ",")),
                         ("Khối lượng dự kiến", f"{_fmt(route.load)} {unit} / tải trọng {_fmt(route.truck.capacity)} {unit} mỗi chuyến")):
        pdf.set_x(pdf.l_margin)
        pdf.set_font("Body", "", 9.5)
        pdf.cell(38, 5.2, f"{label}:")
        pdf.set_font("Body", "B", 9.5)
        pdf.multi_cell(pdf.width - 38 - 66, 5.2, value, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), y_sketch + 64))
    rows = []
    for s in stops:
        rows.append([s.order, s.trip, s.bin.code, s.bin.asset.address or s.bin.asset.name, KIND_VI.get(s.bin.waste_kind, ""),
                     f"{s.bin.capacity_l} L", f"{s.level_pct:.0f} %", f"{_fmt(s.load)} {unit}",
                     "✓" if s.state == "collected" else "", "", ""])
    pdf.grid(["TT", "Chuyến", "Mã thùng", "Vị trí", "Loại", "Dung tích", "Dự kiến", "Khối lượng", "Đã thu", "Giờ", "Ghi chú"],
             rows, [6, 8, 16, 50, 14, 12, 11, 15, 9, 10, 20], size=7.5,
             aligns=("CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "CENTER", "LEFT", "LEFT"))
    pdf.para("Sau mỗi chuyến: đổ rác tại khu xử lý, ghi số phiếu cân vào cột ghi chú của điểm cuối chuyến.", size=8.5, style="I")
    pdf.signatures([("Người lập kế hoạch", "(ký, ghi rõ họ tên)", ""), ("Tài xế", "(ký, ghi rõ họ tên)", driver)])
    return pdf.bytes()

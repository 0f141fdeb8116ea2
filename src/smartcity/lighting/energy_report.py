"""The monthly street-lighting energy report for Becamex IDC (the operator of the New City
lighting) and the Department of Transport: PDF (fpdf2, DejaVu Sans for Vietnamese, as the
environment report) and Excel (openpyxl). Vietnamese first, the figures of
energy_data.summary()."""
import io

from smartcity.environment.report_pdf import find_font


def _n(x, digits=1) -> str:
    """Vietnamese number: thousands with '.', decimals with ','."""
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


HEAD = ["Kỳ", "Số đèn", "Giờ sáng", "Điện tiêu thụ (kWh)", "Nếu không giảm sáng (kWh)", "Tiết kiệm so với không giảm sáng",
        "Đèn cũ thay thế (kWh)", "Tiết kiệm so với đèn cũ", "CO2 tránh được (kg)"]


def _row(label, d):
    return [label, d["luminaires"], _n(d["burning_hours"] / max(d["luminaires"], 1), 1) + " h/đèn", _n(d["kwh"]),
            _n(d["nodim_kwh"]), f"{_n(d['saved_vs_nodim_kwh'])} kWh ({_n(d['saved_vs_nodim_pct'])} %)", _n(d["baseline_kwh"]),
            f"{_n(d['saved_vs_replaced_kwh'])} kWh ({_n(d['saved_vs_replaced_pct'])} %)", _n(d["co2_avoided_kg"])]


def pdf(data: dict, month: str) -> bytes:
    from fpdf import FPDF

    title = f"Báo cáo điện năng chiếu sáng công cộng tháng {month[5:]}/{month[:4]}"
    doc = FPDF(orientation="L", unit="mm", format="A4")
    regular, bold = find_font()
    doc.add_font("Body", "", regular)
    doc.add_font("Body", "B", bold or regular)
    doc.set_title(title)
    doc.set_creator("Binh Duong Smart City")
    doc.add_page()
    doc.set_font("Body", "B", 14)
    doc.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Body", "", 9)
    doc.multi_cell(0, 5, "Kính gửi: Tổng Công ty Becamex IDC; Sở Giao thông Vận tải tỉnh Bình Dương.", new_x="LMARGIN",
                   new_y="NEXT")
    t = data["total"]
    doc.multi_cell(0, 5, (
        f"Từ {data['from']} đến trước {data['to']}: {data['luminaires']} đèn có công tơ, tiêu thụ {_n(t['kwh'])} kWh. "
        f"So với các đèn cao áp được thay thế (cùng số giờ sáng theo đồng hồ thiên văn) tiết kiệm {_n(t['saved_vs_replaced_kwh'])} kWh "
        f"({_n(t['saved_vs_replaced_pct'])} %); so với LED không giảm sáng tiết kiệm {_n(t['saved_vs_nodim_kwh'])} kWh "
        f"({_n(t['saved_vs_nodim_pct'])} %). Lượng CO2 tránh được: {_n(t['co2_avoided_kg'])} kg với hệ số phát thải lưới điện "
        f"{_n(data['emission_factor_kg_per_kwh'], 4)} kg CO2/kWh."), new_x="LMARGIN", new_y="NEXT")
    widths = (34, 14, 20, 24, 26, 40, 24, 40, 24)
    for heading, key, dim in (("Tổng", None, None), ("Theo tháng", "by_month", "month"), ("Theo nhóm đèn", "by_group", "group"),
                              ("Theo địa bàn", "by_district", "district")):
        doc.ln(2)
        doc.set_font("Body", "B", 11)
        doc.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Body", "", 7.5)
        rows = [_row("Cả kỳ", t)] if key is None else [_row(r[dim] or "–", r) for r in data[key]]
        with doc.table(col_widths=widths, text_align="LEFT", line_height=4.5, first_row_as_headings=True) as table:
            head = table.row()
            for h in HEAD:
                head.cell(h)
            for r in rows:
                row = table.row()
                for v in r:
                    row.cell(str(v))
    doc.ln(3)
    doc.set_font("Body", "", 7)
    doc.multi_cell(0, 4, "Điện tiêu thụ: tổng số đọc công tơ của bộ điều khiển từng đèn (dữ liệu trung tâm dữ liệu đô thị). "
                         "Giờ sáng: từ hoàng hôn đến bình minh tại vị trí từng đèn, cộng độ lệch của lịch. "
                         "Đèn cũ: công suất đèn cao áp (kèm chấn lưu) mà đèn LED thay thế.", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def xlsx(data: dict, month: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([f"Báo cáo điện năng chiếu sáng công cộng tháng {month}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Từ ngày", data["from"], "Đến trước ngày", data["to"]])
    ws.append(["Hệ số phát thải lưới điện (kg CO2/kWh)", data["emission_factor_kg_per_kwh"]])
    ws.append([])
    cols = ["kwh", "nodim_kwh", "saved_vs_nodim_kwh", "saved_vs_nodim_pct", "baseline_kwh", "saved_vs_replaced_kwh",
            "saved_vs_replaced_pct", "co2_avoided_kg", "burning_hours", "nights", "luminaires"]
    names = ["Điện tiêu thụ (kWh)", "Không giảm sáng (kWh)", "Tiết kiệm so với không giảm sáng (kWh)", "(%)", "Đèn cũ (kWh)",
             "Tiết kiệm so với đèn cũ (kWh)", "(%)", "CO2 tránh được (kg)", "Giờ sáng (đèn·h)", "Đèn·đêm", "Số đèn"]

    def sheet(ws, label, rows, dim):
        ws.append([label, *names])
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append([r.get(dim, "Cả kỳ") if dim else "Cả kỳ", *[r[c] for c in cols]])

    sheet(ws, "Kỳ", [data["total"]], None)
    for title, key, dim in (("Theo tháng", "by_month", "month"), ("Theo ngày", "by_day", "day"),
                            ("Theo nhóm đèn", "by_group", "group"), ("Theo địa bàn", "by_district", "district")):
        sheet(wb.create_sheet(title), {"month": "Tháng", "day": "Ngày", "group": "Nhóm", "district": "Địa bàn"}[dim],
              data[key], dim)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The monthly report as an Excel workbook (openpyxl): one sheet per section, numbers as
numbers (percentages as fractions with a % format, times as local date-times), so the
department can sort, filter and chart them."""
from datetime import datetime, timedelta, timezone
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from smartcity.core.xlsx import add_sheet
from smartcity.environment.limits import LOCAL_OFFSET
from smartcity.environment.report import AVERAGING_LABELS, STATUS_LABELS, hours

LOCAL = timezone(timedelta(seconds=LOCAL_OFFSET))
SHEETS = ("Tổng hợp", "Vượt chuẩn", "Chi tiết vượt chuẩn", "Đầy đủ dữ liệu", "Gián đoạn")


def _local(t: int) -> datetime:
    return datetime.fromtimestamp(t, LOCAL).replace(tzinfo=None)  # Excel has no time zones: local time


def _sheet(wb, title, header, rows, formats=None):
    return add_sheet(wb, title, header, rows, formats)


def render(reports, title: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    summary = []
    for r in reports:
        for p in r.params:
            c = p.completeness
            summary.append([r.station.code, r.station.name, r.label, p.name, p.unit, c.expected, c.received, c.valid,
                            c.valid / c.expected if c.expected else None, p.exceeded, hours(p.gap_seconds)])
    ws = _sheet(wb, SHEETS[0], ["Mã trạm", "Tên trạm", "Tháng", "Thông số", "Đơn vị", "Số giá trị dự kiến", "Đã nhận",
                                "Hợp lệ", "Tỷ lệ hợp lệ", "Số lần vượt", "Mất dữ liệu (giờ)"], summary, {9: "0.0%", 11: "0.00"})
    ws.insert_rows(1, 2)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws.freeze_panes = "A4"
    exc = []
    for r in reports:
        for p in r.params:
            for s in p.summaries:
                exc.append([r.station.code, p.name, AVERAGING_LABELS.get(s.averaging, s.averaging),
                            "Giấy phép" if s.source == "permit" else "Quy chuẩn", s.regulation, s.windows, s.exceeded,
                            s.worst, s.limit, p.unit, _local(s.worst_window[0]) if s.worst_window else None])
    _sheet(wb, SHEETS[1], ["Mã trạm", "Thông số", "Thời gian trung bình", "Nguồn", "Quy chuẩn / giấy phép", "Số lần đánh giá",
                           "Số lần vượt", "Giá trị cao nhất (xấu nhất)", "Giới hạn", "Đơn vị", "Thời điểm xấu nhất"], exc,
           {8: "0.0##", 9: "0.0##", 11: "dd/mm/yyyy hh:mm"})
    det = []
    for r in reports:
        for p, j in r.details:
            det.append([r.station.code, p.name, AVERAGING_LABELS.get(j.window.averaging, j.window.averaging),
                        _local(j.window.start), _local(j.window.end), j.window.mean, j.verdict.limit, p.unit,
                        ">" if j.verdict.bound == "max" else "<", j.limit.regulation, j.window.coverage])
    _sheet(wb, SHEETS[2], ["Mã trạm", "Thông số", "Thời gian trung bình", "Từ", "Đến", "Giá trị trung bình", "Giới hạn",
                           "Đơn vị", "So sánh", "Quy chuẩn / giấy phép", "Độ phủ dữ liệu"], det,
           {4: "dd/mm/yyyy hh:mm", 5: "dd/mm/yyyy hh:mm", 6: "0.0##", 7: "0.0##", 11: "0%"})
    comp = []
    for r in reports:
        for p in r.params:
            c = p.completeness
            row = [r.station.code, p.name, p.interval_s // 60, c.expected, c.received, c.valid,
                   c.received / c.expected if c.expected else None, c.valid / c.expected if c.expected else None]
            row += [hours(p.status_seconds.get(s, 0)) for s in STATUS_LABELS]
            comp.append(row)
    _sheet(wb, SHEETS[3], ["Mã trạm", "Thông số", "Chu kỳ (phút)", "Dự kiến", "Đã nhận", "Hợp lệ", "Tỷ lệ nhận", "Tỷ lệ hợp lệ"]
           + [f"{v} (giờ)" for v in STATUS_LABELS.values()], comp, {7: "0.0%", 8: "0.0%"})
    gaps = []
    for r in reports:
        for s, e in r.downtime:
            gaps.append([r.station.code, "Cả trạm", _local(s), _local(e), hours(e - s)])
        for p in r.params:
            for s, e in p.gaps:
                gaps.append([r.station.code, p.name, _local(s), _local(e), hours(e - s)])
    _sheet(wb, SHEETS[4], ["Mã trạm", "Thông số", "Từ", "Đến", "Thời lượng (giờ)"], gaps,
           {3: "dd/mm/yyyy hh:mm", 4: "dd/mm/yyyy hh:mm", 5: "0.00"})
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

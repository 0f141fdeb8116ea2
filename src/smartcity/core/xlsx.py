"""Excel sheets the way every department report writes them: a bold header row, numbers
kept as numbers with a display format per column, widths fitted to the content, the
header frozen. Pure openpyxl, no Django."""
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def add_sheet(wb, title: str, header: list, rows: list, formats: dict | None = None, max_width: int = 60, min_width: int = 10):
    """A new sheet `title` in workbook `wb`; `formats` maps 1-based column numbers to
    number formats ('0.0%', 'dd/mm/yyyy hh:mm' ...) applied below the header."""
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, fmt in (formats or {}).items():
        for cell in ws[get_column_letter(col)][1:]:
            cell.number_format = fmt
    for i, head in enumerate(header, 1):
        width = max([len(str(head))] + [len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r) and r[i - 1] is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(max_width, max(min_width, width + 2))
    ws.freeze_panes = "A2"
    return ws

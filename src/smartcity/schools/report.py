"""The report of a school year: Excel (openpyxl, through core.xlsx) and PDF (fpdf2 with a
Unicode TrueType font found like the environment report's). Takes the dict of
`services.year_rows`; writes Vietnamese or English headers after the active language."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from smartcity.core.xlsx import add_sheet
from smartcity.schools.models import State


def _state_label(state) -> str:
    return str(State(state).label) if state else _("Not started")


def _result(r) -> str:
    if r["recognised"] is None:
        return ""
    return _("Recognised") if r["recognised"] else _("Not yet recognised")


def header(data) -> list:
    return [_("District (former)"), _("Ward / commune"), _("School"), _("Code"), _("Pupils"), _("State"),
            *[g.name for g in data["groups"]], _("Total (%)"), _("Result")]


def table(data) -> list[list]:
    rows = []
    for r in data["rows"]:
        s = r["school"]
        rows.append([s.former_unit.name if s.former_unit_id else "", s.unit.name if s.unit_id else "", s.name, s.code,
                     s.pupils, _state_label(r["state"]),
                     *[r["groups"].get(g.code) for g in data["groups"]], r["total"], _result(r)])
    return rows


def district_header(data) -> list:
    return [_("District (former)"), _("Schools"), _("Assessed"), _("Decided"), _("Recognised"), _("Share recognised (%)"),
            _("Mean total (%)"), *[g.name for g in data["groups"]]]


def district_table(data) -> list[list]:
    return [[d["district"], d["schools"], d["assessed"], d["decided"], d["recognised"], d["share_recognised"], d["mean_total"],
             *[d["mean_groups"].get(g.code) for g in data["groups"]]] for d in data["districts"]]


def xlsx(data) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    n_groups = len(data["groups"])
    fmts = {7 + i: "0.0" for i in range(n_groups + 1)}
    add_sheet(wb, _("Schools"), header(data), table(data), fmts, max_width=50)
    add_sheet(wb, _("Districts"), district_header(data), district_table(data),
              {6: "0.0", 7: "0.0", **{8 + i: "0.0" for i in range(n_groups)}})
    p = data["province"]
    add_sheet(wb, _("Whole province"), [_("Indicator"), _("Value")], [
        [_("School year"), data["year"]], [_("Schools in the programme"), p["schools"]], [_("Assessed"), p["assessed"]],
        [_("Decided"), p["decided"]], [_("Recognised"), p["recognised"]], [_("Share recognised (%)"), p["share_recognised"]],
        [_("Mean total (%)"), p["mean_total"]]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",")
    return str(v)


def pdf(data) -> bytes:
    from fpdf import FPDF

    from smartcity.environment.report_pdf import find_font

    title = _("Advanced-modern primary schools: report of the school year %(year)s") % {"year": data["year"]}
    regular, bold = find_font()
    doc = FPDF(orientation="L", unit="mm", format="A4")
    doc.add_font("Body", "", regular)
    doc.add_font("Body", "B", bold or regular)
    doc.set_title(title)
    doc.set_creator("Binh Duong Smart City")
    doc.set_auto_page_break(True, margin=12)
    doc.add_page()
    doc.set_font("Body", "B", 13)
    doc.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    p = data["province"]
    doc.set_font("Body", "", 9)
    doc.multi_cell(0, 5, _("%(n)s schools in the programme, %(a)s assessed, %(d)s decided, %(r)s recognised (%(s)s %%); mean score %(m)s %%.")
                   % {"n": p["schools"], "a": p["assessed"], "d": p["decided"], "r": p["recognised"],
                      "s": _fmt(p["share_recognised"]), "m": _fmt(p["mean_total"])}, new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    _table(doc, district_header(data), district_table(data), first=40)
    doc.ln(4)
    head = header(data)
    rows = table(data)
    # the school table without the code and pupils columns, to fit the page
    keep = [i for i in range(len(head)) if i not in (3, 4)]
    _table(doc, [head[i] for i in keep], [[r[i] for i in keep] for r in rows], first=28)
    return bytes(doc.output())


def _table(doc, head, rows, first=30):
    width = doc.w - doc.l_margin - doc.r_margin
    n = len(head)
    wide = {0: first, 1: 28, 2: 58} if n > 8 else {0: first}
    rest = (width - sum(wide.get(i, 0) for i in range(n))) / max(1, n - len(wide))
    widths = [wide.get(i, rest) for i in range(n)]
    doc.set_font("Body", "B", 7)
    doc.set_fill_color(230, 236, 244)
    y = bottom = doc.get_y()
    x = doc.l_margin
    for w, h in zip(widths, head):
        doc.set_xy(x, y)
        doc.multi_cell(w, 3.6, str(h), border=1, fill=True, new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, doc.get_y())
        x += w
    doc.set_y(bottom)
    doc.set_font("Body", "", 7)
    for r in rows:
        if doc.get_y() > doc.h - 18:
            doc.add_page()
        for w, v in zip(widths, r):
            text = _fmt(v)
            if doc.get_string_width(text) > w - 1.5:
                while doc.get_string_width(text + "…") > w - 1.5 and len(text) > 2:
                    text = text[:-1]
                text += "…"
            doc.cell(w, 5, text, border=1)
        doc.ln(5)

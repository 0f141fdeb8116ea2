"""The compiled report to the Steering Committee (III.4), from the live data, in the format the
provincial offices exchange: a Word document (python-docx) and a PDF (fpdf2, DejaVu Sans
embedded so Vietnamese keeps its diacritics).

Vietnamese administrative layout (Decree 30/2020/NĐ-CP): the issuing body on the left
(its superior body above it), the national motto on the right, the number, the place and
date line, the title "BÁO CÁO" with its summary, numbered sections, then "Nơi nhận" and the
signature block.

Both files are rendered from the same list of blocks (`compose`), built from `gather`,
so the Word document and the PDF say the same thing:

1. overall progress; 2. progress by action programme (table); 3. units' detailed plans and
budget estimates; 4. periodic reports overdue; 5. difficulties and escalations; 6. working
sessions and decisions in the period; 7. Triple Helix coverage; 8. proposals to the
Steering Committee.

Figures come from services/reports.py (`overdue_reports`, `unit_plan_states`) and
services/escalations.py (`open_escalations`, `stage_as_of`); if either is missing, direct
queries on the models stand in and `gather()["fallbacks"]` says which.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone, translation

from smartcity.programme.services import clock, helix
from smartcity.programme.services import compiled_report_text as T
from smartcity.programme.services import meetings as meeting_svc

log = logging.getLogger(__name__)

SUPERIOR = "BAN ĐIỀU HÀNH ĐỀ ÁN\nTHÀNH PHỐ THÔNG MINH"
ISSUER = "VĂN PHÒNG\nTHÀNH PHỐ THÔNG MINH"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Bình Dương"
SIGN_FOR = "CHÁNH VĂN PHÒNG"
RECIPIENTS = ["Ban Chỉ đạo Đề án Thành phố thông minh (để báo cáo);", "UBND tỉnh (để báo cáo);",
              "Ban Điều hành Đề án Thành phố thông minh;", "Các sở, ban, ngành, đơn vị liên quan;", "Lưu: VT, VP TPTM."]
HELIX_VI = {"government": "Nhà nước", "business": "Doanh nghiệp", "academia": "Nhà trường", "international": "Đối tác quốc tế"}
STAGE_VI = {"open": "Mới kiến nghị, chờ Văn phòng thẩm tra", "review": "Văn phòng đã thẩm tra, chờ Ban Chỉ đạo cho ý kiến",
            "decided": "Đã có ý kiến chỉ đạo", "withdrawn": "Đã rút"}
REPORT_STATE_VI = {"missing": "Chưa gửi", "draft": "Đang soạn, chưa gửi", "submitted": "Đã gửi", "accepted": "Đã chấp nhận",
                   "returned": "Trả lại để bổ sung"}
SEVERITY_VI = {"normal": "bình thường", "high": "cao", "urgent": "khẩn"}
DETAIL_LIMIT = 40  # rows of a detail table before "and N more"


@dataclass
class Block:
    kind: str  # h1, h2, p, bullets, table
    text: str = ""
    items: list = field(default_factory=list)
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    widths: tuple = ()  # mm, for the PDF (the Word table splits the page in the same ratios)
    key: str = ""  # a stable name for the table (tests read it back)


# -- which plan --------------------------------------------------------------------------------
def default_plan():
    from smartcity.programme.models import Plan

    return Plan.objects.filter(code="kh-11-2018").first() or Plan.objects.order_by("-issued_on", "-pk").first()


def plan_by_code(code: str | None):
    from smartcity.programme.models import Plan

    if code:
        return Plan.objects.filter(code=code).first()
    return default_plan()


# -- the live figures ----------------------------------------------------------------------------
def _day(when) -> dt.date:
    return timezone.localdate(when) if timezone.is_aware(when) else when.date()


def _services():
    """(reports module or None, escalations module or None)."""
    try:
        from smartcity.programme.services import reports
    except ImportError:
        reports = None
    try:
        from smartcity.programme.services import escalations
    except ImportError:
        escalations = None
    if reports is not None and not all(hasattr(reports, n) for n in ("overdue_reports", "unit_plan_states")):
        reports = None
    if escalations is not None and not hasattr(escalations, "open_escalations"):
        escalations = None
    return reports, escalations


def _fallback_unit_plans(plan, day):
    from smartcity.programme.models import Item, UnitPlan

    ups = {u.owner_id: u for u in UnitPlan.objects.filter(plan=plan).select_related("owner").prefetch_related("lines")}
    leads = {i.owner_id: i.owner for i in Item.objects.filter(plan=plan, kind="programme").select_related("owner")}
    leads.update({u.owner_id: u.owner for u in ups.values()})
    out = []
    for org in sorted(leads.values(), key=lambda o: o.code):
        up = ups.get(org.pk)
        due = up.due_date if up else dt.date(plan.year, 4, 15)
        submitted_on = _day(up.submitted_at) if up and up.submitted_at else None
        state = up.status if up else "missing"
        if state in ("submitted", "accepted") and submitted_on and submitted_on > day:
            state = "draft"
        owed = state in ("missing", "draft", "returned")
        overdue = owed and due < day
        late_days = (submitted_on - due).days if (not owed and submitted_on and submitted_on > due) else 0
        out.append({"unit_plan": up, "organisation": org, "state": state, "overdue": overdue,
                    "days_overdue": (day - due).days if overdue else late_days, "due_date": due, "submitted_on": submitted_on,
                    "budget_total": up.budget_total if up else 0})
    return out


def _fallback_overdue(plan, day):
    from smartcity.programme.models import ProgressReport

    rows = []
    for r in ProgressReport.objects.filter(item__plan=plan, due_date__lt=day, status__in=("draft", "returned")).select_related("item", "owner"):
        rows.append(_Row(item=r.item, organisation=r.owner, period=r.period, due_date=r.due_date, state=r.status,
                         days_overdue=(day - r.due_date).days))
    return sorted(rows, key=lambda e: -e.days_overdue)


@dataclass
class _Row:
    item: object
    organisation: object
    period: str
    due_date: dt.date
    state: str
    days_overdue: int


def _stage(esc, day):
    if _day(esc.raised_at) > day:
        return None
    if esc.decided_at and _day(esc.decided_at) <= day:
        return "decided"
    if esc.status == "withdrawn":
        return "withdrawn"
    if esc.reviewed_at and _day(esc.reviewed_at) <= day:
        return "review"
    return "open"


def _fallback_open_escalations(plan, day):
    from smartcity.programme.models import Escalation

    out = []
    for esc in Escalation.objects.filter(item__plan=plan).select_related("item", "owner").order_by("raised_at"):
        stage = _stage(esc, day)
        if stage in ("open", "review"):
            out.append({"escalation": esc, "age_days": max(0, (day - _day(esc.raised_at)).days), "stage": stage})
    return sorted(out, key=lambda r: -r["age_days"])


def _status_name(item) -> str:
    return item.status.name_vi if item.status_id else "—"


def gather(plan, as_of: dt.date | None = None) -> dict:
    """Everything the report says, as of a date (Python values, before any layout)."""
    from smartcity.programme.models import Escalation, Item, Plan

    day = clock.as_of(plan, as_of)
    # the plan object handed in may predate the last roll-up: read its progress again
    progress = Plan.objects.filter(pk=plan.pk).values_list("progress", flat=True).first()
    start = plan.start_date or dt.date(plan.year, 1, 1)
    reports, escalations = _services()
    fallbacks = []

    items = list(Item.objects.filter(plan=plan).select_related("owner", "status").order_by("position"))
    programmes = [i for i in items if i.kind == "programme"]
    leaves = [i for i in items if i.kind in ("item", "assignment")]
    by_status = OrderedDict()
    for i in leaves:
        by_status[_status_name(i)] = by_status.get(_status_name(i), 0) + 1
    overdue_items = [i for i in leaves if i.deadline and i.deadline < day and not (i.status_id and i.status.closed) and i.progress < 100]
    done = sum(1 for i in leaves if i.status_id and i.status.key == "done" or i.progress >= 100)

    if reports is not None:
        unit_plans = reports.unit_plan_states(plan, day)
        overdue = reports.overdue_reports(plan, day)
    else:
        fallbacks.append("reports")
        unit_plans = _fallback_unit_plans(plan, day)
        overdue = _fallback_overdue(plan, day)
    if escalations is not None:
        open_escs = escalations.open_escalations(plan, day)
    else:
        fallbacks.append("escalations")
        open_escs = _fallback_open_escalations(plan, day)
    if fallbacks:
        log.warning("compiled report: %s services missing, figures taken from the models directly", ", ".join(fallbacks))

    decided = [e for e in Escalation.objects.filter(item__plan=plan, decided_at__isnull=False).select_related("item", "owner", "meeting",
                                                                                                             "action_owner")
               .order_by("decided_at") if start <= _day(e.decided_at) <= day]
    meetings = list(meeting_svc.for_plan(plan, start, day).prefetch_related("decisions__items", "decisions__responsible",
                                                                             "participants__organisation"))
    cov = helix.coverage(plan)
    return {"plan": plan, "progress": progress if progress is not None else plan.progress, "as_of": day, "start": start, "items": items, "programmes": programmes, "leaves": leaves,
            "by_status": by_status, "overdue_items": overdue_items, "done": done, "unit_plans": unit_plans,
            "overdue_reports": overdue, "open_escalations": open_escs, "decided_escalations": decided, "meetings": meetings,
            "helix": cov, "fallbacks": fallbacks}


# -- the document's words ------------------------------------------------------------------------
def _unit(org) -> str:
    return org.name_vi if org is not None else "—"


def _unit_plan_category(row) -> str:
    state = row.get("state")
    if state in ("submitted", "accepted"):
        return "late" if row.get("days_overdue", 0) > 0 or row.get("late") else "submitted"
    return "missing"


def _more(rows, limit=DETAIL_LIMIT):
    return rows[:limit], max(0, len(rows) - limit)


def title_lines(plan, day) -> list[str]:
    return ["BÁO CÁO",
            f"Tình hình thực hiện Kế hoạch {plan.number} ngày {T.short_date(plan.issued_on)} "
            f"của Ban Điều hành Đề án Thành phố thông minh",
            f"(số liệu tính đến ngày {T.short_date(day)})"]


def compose(data) -> list[Block]:
    plan, day = data["plan"], data["as_of"]
    out: list[Block] = []
    add = out.append
    add(Block("p", f"Thực hiện Kế hoạch số {plan.number} ngày {T.short_date(plan.issued_on)} của Ban Điều hành Đề án Thành phố "
                   f"thông minh ({plan.title_vi}), Văn phòng Thành phố thông minh tổng hợp và báo cáo Ban Chỉ đạo Đề án tình hình "
                   f"thực hiện từ ngày {T.short_date(data['start'])} đến ngày {T.short_date(day)} như sau:"))

    # 1. overall
    add(Block("h1", "1. Tình hình thực hiện chung"))
    leaves = data["leaves"]
    add(Block("p", f"Tiến độ chung của Kế hoạch đạt {T.pct(data['progress'])}. Kế hoạch có {len(data['programmes'])} chương trình "
                   f"hành động với {len(leaves)} nhiệm vụ được theo dõi; {data['done']} nhiệm vụ đã hoàn thành, "
                   f"{len(data['overdue_items'])} nhiệm vụ quá hạn chưa hoàn thành."))
    if data["by_status"]:
        add(Block("bullets", items=[f"{name}: {n} nhiệm vụ" for name, n in data["by_status"].items()]))
    if data["overdue_items"]:
        add(Block("p", "Các nhiệm vụ quá hạn chưa hoàn thành:"))
        shown, more = _more(data["overdue_items"])
        add(Block("table", key="overdue_items", header=["Số", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tiến độ"],
                  rows=[[i.number, i.title_vi, _unit(i.owner), T.short_date(i.deadline), T.pct(i.progress)] for i in shown],
                  widths=(16, 80, 44, 20, 20)))
        if more:
            add(Block("p", f"… và {more} nhiệm vụ khác."))

    # 2. programmes
    add(Block("h1", "2. Tiến độ theo chương trình hành động"))
    add(Block("table", key="programmes", header=["Số", "Chương trình hành động", "Đơn vị chủ trì", "Tình trạng", "Tiến độ"],
              rows=[[p.number, p.title_vi, _unit(p.owner), _status_name(p), T.pct(p.progress)] for p in data["programmes"]],
              widths=(16, 70, 46, 28, 20)))
    if not data["programmes"]:
        add(Block("p", "Kế hoạch chưa có chương trình hành động."))

    # 3. unit plans
    add(Block("h1", "3. Kế hoạch chi tiết và dự toán kinh phí của các đơn vị"))
    ups = data["unit_plans"]
    cats = {"submitted": [], "late": [], "missing": []}
    for row in ups:
        cats[_unit_plan_category(row)].append(row)
    sent_total = sum(int(r.get("budget_total") or 0) for r in cats["submitted"] + cats["late"])
    due = ups[0].get("due_date") if ups else None
    add(Block("p", f"Hạn gửi kế hoạch chi tiết và dự toán kinh phí về Ban Điều hành: {T.short_date(due)}. "
                   f"Có {len(ups)} đơn vị phải gửi: {len(cats['submitted'])} đơn vị gửi đúng hạn, {len(cats['late'])} đơn vị gửi trễ "
                   f"hạn, {len(cats['missing'])} đơn vị chưa gửi. Tổng dự toán kinh phí các đơn vị đã gửi: {T.vnd(sent_total)} "
                   f"({T.billions(sent_total)})."))
    label = {"submitted": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi"}
    rows = []
    for row in ups:
        cat = _unit_plan_category(row)
        state = label[cat]
        if cat == "late":
            state += f" {T.days(row.get('days_overdue', 0))}"
        elif cat == "missing" and row.get("overdue"):
            state += f", quá hạn {T.days(row.get('days_overdue', 0))}"
        rows.append([_unit(row["organisation"]), state, T.short_date(row.get("submitted_on")),
                     T.vnd(row.get("budget_total")) if cat != "missing" else "—"])
    add(Block("table", key="unit_plans", header=["Đơn vị", "Tình trạng", "Ngày gửi", "Dự toán kinh phí"], rows=rows,
              widths=(70, 44, 24, 42)))

    # 4. overdue reports
    add(Block("h1", "4. Báo cáo định kỳ quá hạn"))
    overdue = data["overdue_reports"]
    if not overdue:
        add(Block("p", "Không có báo cáo định kỳ nào quá hạn."))
    else:
        per_unit: OrderedDict = OrderedDict()
        for e in overdue:
            entry = per_unit.setdefault(e.organisation.pk, {"org": e.organisation, "n": 0, "items": set(), "max": 0})
            entry["n"] += 1
            entry["items"].add(e.item.number)
            entry["max"] = max(entry["max"], e.days_overdue)
        add(Block("p", f"Có {len(overdue)} báo cáo định kỳ quá hạn chưa gửi hoặc chưa hoàn chỉnh, của {len(per_unit)} đơn vị:"))
        add(Block("table", key="overdue_by_unit", header=["Đơn vị", "Số báo cáo quá hạn", "Nhiệm vụ", "Quá hạn lâu nhất"],
                  rows=[[_unit(v["org"]), str(v["n"]), ", ".join(sorted(v["items"])), T.days(v["max"])]
                        for v in sorted(per_unit.values(), key=lambda v: (-v["n"], v["org"].code))],
                  widths=(62, 30, 58, 30)))
        shown, more = _more(overdue)
        add(Block("table", key="overdue_reports", header=["Đơn vị", "Nhiệm vụ", "Kỳ báo cáo", "Hạn gửi", "Tình trạng", "Quá hạn"],
                  rows=[[_unit(e.organisation), e.item.number, e.period, T.short_date(e.due_date),
                         REPORT_STATE_VI.get(e.state, e.state), T.days(e.days_overdue)] for e in shown],
                  widths=(52, 18, 22, 24, 38, 26)))
        if more:
            add(Block("p", f"… và {more} báo cáo khác."))

    # 5. difficulties and escalations
    add(Block("h1", "5. Khó khăn, vướng mắc và kiến nghị"))
    opens, decided = data["open_escalations"], data["decided_escalations"]
    add(Block("h2", "5.1. Kiến nghị chưa được giải quyết"))
    if opens:
        add(Block("table", key="open_escalations", header=["Nhiệm vụ", "Nội dung vướng mắc", "Đơn vị", "Ngày kiến nghị", "Số ngày chờ",
                                                           "Giai đoạn"],
                  rows=[[r["escalation"].item.number, r["escalation"].title, _unit(r["escalation"].owner),
                         T.short_date(_day(r["escalation"].raised_at)), T.days(r["age_days"]), STAGE_VI.get(str(r["stage"]), r["stage"])]
                        for r in opens], widths=(16, 58, 36, 22, 18, 30)))
    else:
        add(Block("p", "Không có kiến nghị nào đang chờ giải quyết."))
    add(Block("h2", "5.2. Kiến nghị đã có ý kiến chỉ đạo"))
    if decided:
        add(Block("table", key="decided_escalations", header=["Nhiệm vụ", "Nội dung vướng mắc", "Ý kiến chỉ đạo", "Ngày", "Đơn vị thực hiện"],
                  rows=[[e.item.number, e.title, e.decision, T.short_date(_day(e.decided_at)), _unit(e.action_owner)] for e in decided],
                  widths=(16, 46, 68, 24, 26)))
    else:
        add(Block("p", "Chưa có kiến nghị nào được Ban Chỉ đạo cho ý kiến trong kỳ."))

    # 6. working sessions
    add(Block("h1", "6. Các phiên làm việc và kết luận trong kỳ"))
    meetings = data["meetings"]
    if not meetings:
        add(Block("p", "Trong kỳ không có phiên làm việc nào được ghi nhận."))
    for m in meetings:
        when = timezone.localtime(m.starts_at) if timezone.is_aware(m.starts_at) else m.starts_at
        head = f"{T.short_date(when)} – {m.title_vi} ({m.body.abbreviation or m.body.code})"
        add(Block("h2", head))
        facts = []
        if m.chair:
            facts.append(f"Chủ trì: {m.chair}")
        if m.location:
            facts.append(f"Địa điểm: {m.location}")
        present = [p.organisation.abbreviation or p.organisation.code for p in m.participants.all() if p.attended]
        if present:
            facts.append(f"Thành phần: {', '.join(present)}")
        if m.status == "planned":
            facts.append("Dự kiến tổ chức")
        if facts:
            add(Block("p", ". ".join(facts) + "."))
        decs = list(m.decisions.all())
        if decs:
            lines = []
            for d in decs:
                extra = []
                linked = ", ".join(i.number for i in d.items.all())
                if linked:
                    extra.append(f"nhiệm vụ {linked}")
                if d.responsible_id:
                    extra.append(f"giao {d.responsible.name_vi}")
                if d.due:
                    extra.append(f"hạn {T.short_date(d.due)}")
                extra.append("đã thực hiện" if d.done else "đang thực hiện")
                lines.append(f"Kết luận {d.number}: {d.text_vi.strip().rstrip('.')} ({'; '.join(extra)}).")
            add(Block("bullets", items=lines))
        else:
            add(Block("p", "Chưa ghi nhận kết luận."))

    # 7. Triple Helix
    add(Block("h1", "7. Sự tham gia của Ba Nhà (Nhà nước – Doanh nghiệp – Nhà trường)"))
    cov = data["helix"]
    missing_txt = "; ".join(f"thiếu {HELIX_VI[h]}: {n} nhiệm vụ" for h, n in cov["missing"].items())
    add(Block("p", f"{cov['complete']}/{cov['items']} nhiệm vụ có đủ Nhà nước, Doanh nghiệp và Nhà trường tham gia"
                   + (f" ({missing_txt})." if cov["items"] else ".")))
    gaps = [r for r in cov["rows"] if not r["complete"]]
    if gaps:
        shown, more = _more(gaps)
        add(Block("table", key="helix_gaps", header=["Số", "Nhiệm vụ", "Đơn vị chủ trì", "Đã có", "Còn thiếu"],
                  rows=[[r["item"].number, r["item"].title_vi, _unit(r["item"].owner), ", ".join(HELIX_VI[h] for h in r["present"]),
                         ", ".join(HELIX_VI[h] for h in r["missing"])] for r in shown], widths=(16, 66, 40, 30, 28)))
        if more:
            add(Block("p", f"… và {more} nhiệm vụ khác."))

    # 8. proposals
    add(Block("h1", "8. Đề xuất, kiến nghị Ban Chỉ đạo"))
    proposals = [r["escalation"] for r in opens if (r["escalation"].proposal or "").strip()]
    if proposals:
        add(Block("p", "Văn phòng Thành phố thông minh kính đề nghị Ban Chỉ đạo xem xét, cho ý kiến đối với các đề xuất sau:"))
        add(Block("bullets", items=[f"{e.proposal.strip().rstrip('.')} (nhiệm vụ {e.item.number}, {_unit(e.owner)}; "
                                    f"mức độ {SEVERITY_VI.get(e.severity, e.severity)})." for e in proposals]))
    else:
        add(Block("p", "Không có đề xuất mới cần Ban Chỉ đạo cho ý kiến."))
    add(Block("p", "Văn phòng Thành phố thông minh kính báo cáo Ban Chỉ đạo Đề án xem xét, chỉ đạo./."))
    return out


def document(plan, as_of=None) -> dict:
    """The whole document: header facts, title lines, blocks, recipients and signature."""
    with translation.override("vi"):
        data = gather(plan, as_of)
        blocks = compose(data)
    day = data["as_of"]
    return {"data": data, "superior": SUPERIOR, "issuer": ISSUER, "number": "Số:       /BC-VPTPTM", "nation": NATION,
            "motto": MOTTO, "date_line": T.date_line(plan.place or PLACE, day), "title": title_lines(plan, day),
            "blocks": blocks, "recipients": RECIPIENTS, "sign_for": SIGN_FOR, "signer": ""}


def filename(plan, as_of, ext: str) -> str:
    day = clock.as_of(plan, as_of)
    return f"bao-cao-ban-chi-dao-{plan.code}-{day.isoformat()}.{ext}"


# -- Word ---------------------------------------------------------------------------------------
def build_docx(plan, as_of: dt.date | None = None) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc_ = document(plan, as_of)
    d = Document()
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(1.5)
    width_cm = 21.0 - 3 - 1.5

    def set_font(style_or_run, size=None, bold=None, italic=None):
        font = style_or_run.font
        font.name = "Times New Roman"
        font.color.rgb = RGBColor(0, 0, 0)
        rpr = style_or_run.element.get_or_add_rPr() if hasattr(style_or_run.element, "get_or_add_rPr") else None
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = rpr.makeelement(qn("w:rFonts"), {})
                rpr.append(fonts)
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), "Times New Roman")
        if size:
            font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        if italic is not None:
            font.italic = italic

    set_font(d.styles["Normal"], 13)
    d.styles["Normal"].paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 13), ("Heading 2", 13), ("Title", 14)):
        set_font(d.styles[name], size, bold=True, italic=False)
        d.styles[name].paragraph_format.space_before = Pt(8)
        d.styles[name].paragraph_format.space_after = Pt(4)
    d.styles["Heading 2"].font.italic = True
    d.core_properties.title = " ".join(doc_["title"])
    d.core_properties.author = "Văn phòng Thành phố thông minh Bình Dương"
    d.core_properties.language = "vi-VN"

    def para(container, text, *, bold=False, italic=False, size=None, align=None, underline=False, space_after=None):
        p = container.add_paragraph()
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
            if i < len(lines) - 1:
                run.add_break()
        if align is not None:
            p.alignment = align
        if space_after is not None:
            p.paragraph_format.space_after = Pt(space_after)
        return p

    # header: issuing body | national motto
    head = d.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(width_cm - 6.5)
    left.paragraphs[0].text = ""
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(doc_["superior"].replace("\n", " ")).font.size = Pt(12)
    para(left, doc_["issuer"], bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True, space_after=6)
    para(left, doc_["number"], size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(doc_["nation"])
    r.bold, r.font.size = True, Pt(12)
    para(right, doc_["motto"], bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True, space_after=6)
    para(right, doc_["date_line"], italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)

    t = doc_["title"]
    d.add_paragraph()
    para(d, t[0], bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    para(d, t[1], bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    para(d, t[2], italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "Kính gửi: Ban Chỉ đạo Đề án Thành phố thông minh tỉnh Bình Dương.", align=WD_ALIGN_PARAGRAPH.CENTER)

    for b in doc_["blocks"]:
        if b.kind == "h1":
            d.add_heading(b.text, level=1)
        elif b.kind == "h2":
            d.add_heading(b.text, level=2)
        elif b.kind == "p":
            p = para(d, b.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1)
        elif b.kind == "bullets":
            for line in b.items:
                p = para(d, f"- {line}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                p.paragraph_format.left_indent = Cm(0.5)
        elif b.kind == "table":
            table = d.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            total = sum(b.widths) or 1
            widths = [Cm(width_cm * w / total) for w in b.widths] if b.widths else None
            for i, h in enumerate(b.header):
                cell = table.rows[0].cells[i]
                cell.text = ""
                run = cell.paragraphs[0].add_run(h)
                run.bold, run.font.size = True, Pt(11)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for row in b.rows:
                cells = table.add_row().cells
                for i, v in enumerate(row):
                    cells[i].text = ""
                    cells[i].paragraphs[0].add_run("" if v is None else str(v)).font.size = Pt(11)
            if widths:
                for row in table.rows:
                    for i, cell in enumerate(row.cells):
                        cell.width = widths[i]
            d.add_paragraph()

    # recipients | signature
    foot = d.add_table(rows=1, cols=2)
    left, right = foot.rows[0].cells
    left.width, right.width = Cm(8), Cm(width_cm - 8)
    p = left.paragraphs[0]
    r = p.add_run("Nơi nhận:")
    r.bold, r.italic, r.font.size = True, True, Pt(12)
    for line in doc_["recipients"]:
        para(left, f"- {line}", size=11, space_after=0)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(doc_["sign_for"])
    r.bold, r.font.size = True, Pt(13)
    para(right, "\n\n\n" + (doc_["signer"] or ""), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# -- PDF ----------------------------------------------------------------------------------------
def _fonts():
    from smartcity.environment.report_pdf import find_font

    regular, bold = find_font()
    italic = None
    for candidate in (regular.replace(".ttf", "-Oblique.ttf"), regular.replace("-Regular.ttf", "-Italic.ttf")):
        if candidate != regular:
            from pathlib import Path

            if Path(candidate).is_file():
                italic = candidate
                break
    return regular, bold or regular, italic or regular


def build_pdf(plan, as_of: dt.date | None = None) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc_ = document(plan, as_of)
    regular, bold, italic = _fonts()

    class Pdf(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font("Body", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = Pdf(orientation="P", unit="mm", format="A4")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "B", bold)
    pdf.add_font("Body", "I", italic)
    pdf.set_margins(25, 18, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(" ".join(doc_["title"]))
    pdf.set_author("Văn phòng Thành phố thông minh Bình Dương")
    pdf.set_creator("Binh Duong Smart City")
    pdf.set_lang("vi")
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lw = 68

    # header
    top = pdf.get_y()
    pdf.set_font("Body", "", 10)
    pdf.multi_cell(lw, 5, doc_["superior"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 10)
    pdf.multi_cell(lw, 5, doc_["issuer"], align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    pdf.line(pdf.l_margin + lw / 2 - 12, y + 0.5, pdf.l_margin + lw / 2 + 12, y + 0.5)
    pdf.ln(2)
    pdf.set_font("Body", "", 10)
    pdf.multi_cell(lw, 5, doc_["number"], align="C", new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + lw, top)
    rw = width - lw
    pdf.set_font("Body", "B", 10)
    pdf.multi_cell(rw, 5, doc_["nation"], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Body", "B", 11)
    pdf.multi_cell(rw, 5, doc_["motto"], align="C", new_x="LEFT", new_y="NEXT")
    y = pdf.get_y()
    motto_w = pdf.get_string_width(doc_["motto"])
    cx = pdf.l_margin + lw + rw / 2
    pdf.line(cx - motto_w / 2, y + 0.5, cx + motto_w / 2, y + 0.5)
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + lw)
    pdf.set_font("Body", "I", 10.5)
    pdf.multi_cell(rw, 5, doc_["date_line"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)

    t = doc_["title"]
    pdf.set_font("Body", "B", 14)
    pdf.multi_cell(0, 7, t[0], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 11.5)
    pdf.multi_cell(0, 6, t[1], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "I", 11)
    pdf.multi_cell(0, 6, t[2], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Body", "", 11)
    pdf.multi_cell(0, 6, "Kính gửi: Ban Chỉ đạo Đề án Thành phố thông minh tỉnh Bình Dương.", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    for b in doc_["blocks"]:
        if b.kind == "h1":
            if pdf.get_y() > pdf.h - 40:
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("Body", "B", 11.5)
            pdf.multi_cell(0, 6, b.text, new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "h2":
            pdf.ln(1)
            pdf.set_font("Body", "B", 10.5)
            pdf.multi_cell(0, 5.5, b.text, new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "p":
            pdf.set_font("Body", "", 10.5)
            pdf.multi_cell(0, 5.5, "      " + b.text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif b.kind == "bullets":
            pdf.set_font("Body", "", 10.5)
            for line in b.items:
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(width - 4, 5.5, f"- {line}", align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif b.kind == "table":
            pdf.set_font("Body", "", 8.5)
            total = sum(b.widths) or 1
            widths = tuple(width * w / total for w in b.widths) if b.widths else None
            with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5, first_row_as_headings=True,
                           headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as table:
                row = table.row()
                for h in b.header:
                    row.cell(h)
                for r in b.rows:
                    row = table.row()
                    for v in r:
                        row.cell("" if v is None else str(v))
            pdf.ln(3)

    # recipients | signature
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    pdf.set_font("Body", "B", 10)
    pdf.cell(lw, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 9)
    for line in doc_["recipients"]:
        pdf.multi_cell(lw + 10, 4.5, f"- {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + lw + 10, top)
    pdf.set_font("Body", "B", 11)
    pdf.multi_cell(width - lw - 10, 6, doc_["sign_for"], align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build(plan, as_of=None, fmt: str = "docx") -> tuple[bytes, str]:
    """(content, content type) of the report in `fmt` (docx or pdf)."""
    if fmt == "pdf":
        return build_pdf(plan, as_of), "application/pdf"
    if fmt == "docx":
        return build_docx(plan, as_of), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raise ValueError(f"unknown format {fmt!r}: docx or pdf")


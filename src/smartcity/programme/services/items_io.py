"""Items of a plan to and from CSV and Excel (the lists departments keep in spreadsheets).

Export: one row per item in the plan's order, the columns of `COLUMNS` (organisations by
code, several codes separated by ";", dates as YYYY-MM-DD).

Import (the same formats): rows are matched on `number`; a known number updates that item,
an unknown one adds a task under its `parent`. Everything is checked first and a report
lists every bad cell (row, column, reason); if there is any error nothing is written
(all-or-nothing). A dry run checks and counts without writing. Only what changed is saved,
so importing an unchanged export adds no history. With a user, a unit may change only the
items it leads and add tasks only under them; the Smart City Office may change all.
The plan's own words (text, kind and place in the tree of the shipped items) do not change
through an import; tasks added by units may change freely. A parent's progress is rolled up
from its children, so that cell is ignored (a stale export re-imported does no harm).
"""
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

COLUMNS = ["number", "kind", "parent", "title_vi", "title_en", "lead", "support", "partners", "start", "end", "deadline",
           "status", "progress", "weight", "budget_estimate", "actual_spend", "text_vi"]
MAX_ROWS = 5000
TASK = "task"


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row, column, reason):
        self.errors.append(RowError(row, column, reason))

    def as_dict(self) -> dict:
        return {"ok": self.ok, "dry_run": self.dry_run, "applied": self.applied, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged, "errors": [e.as_dict() for e in self.errors]}

    def lines(self) -> list[str]:
        out = [f"{_('row')} {e.row}, {e.column}: {e.reason}" for e in self.errors]
        out.append(_("created %(c)d, updated %(u)d, unchanged %(n)d%(dry)s") % {
            "c": len(self.created), "u": len(self.updated), "n": self.unchanged, "dry": _(" (dry run, nothing written)") if self.dry_run else ""})
        return out


# -- export ------------------------------------------------------------------------------------------
def _items(plan):
    return list(plan.items.select_related("owner", "parent", "status").prefetch_related("participants__organisation").order_by("position", "id"))


def _codes(item, role) -> str:
    return ";".join(sorted(p.organisation.code for p in item.participants.all() if p.role == role))


def _num(value):
    if value is None:
        return None
    value = round(float(value), 2)
    return int(value) if value == int(value) else value


def export_rows(plan) -> list[list]:
    rows = []
    for i in _items(plan):
        rows.append([i.number, i.kind, i.parent.number if i.parent else "", i.title_vi, i.title_en, i.owner.code,
                     _codes(i, "support"), _codes(i, "partner"), i.start_date, i.end_date, i.deadline,
                     i.status.key if i.status else "", _num(i.progress), _num(i.weight), i.budget_estimate, i.actual_spend, i.text_vi])
    return rows


def export_csv(plan) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(plan):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Vietnamese correctly


def export_xlsx(plan) -> bytes:
    from openpyxl import Workbook

    from smartcity.core.xlsx import add_sheet

    wb = Workbook()
    wb.remove(wb.active)
    formats = {COLUMNS.index(c) + 1: "yyyy-mm-dd" for c in ("start", "end", "deadline")}
    formats.update({COLUMNS.index(c) + 1: "#,##0" for c in ("budget_estimate", "actual_spend")})
    add_sheet(wb, "items", COLUMNS, export_rows(plan), formats=formats)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- reading ---------------------------------------------------------------------------------------
class FileError(ValueError):
    pass


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict]]:
    """[(row number in the file, {column: value})] from CSV or Excel content."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content)
    raise FileError(_("Unsupported file type: use .csv or .xlsx"))


def _read_csv(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("The CSV file is not UTF-8 text"))
    reader = csv.reader(io.StringIO(text))
    return _with_header(list(reader))


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise FileError(_("The file is not a readable Excel workbook (.xlsx)"))
    ws = wb["items"] if "items" in wb.sheetnames else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return _with_header(rows)


def _with_header(rows):
    if not rows:
        raise FileError(_("The file is empty"))
    header = [str(h or "").strip() for h in rows[0]]
    if "number" not in header:
        raise FileError(_("The first row must name the columns, with at least 'number'"))
    if len(rows) - 1 > MAX_ROWS:
        raise FileError(_("Too many rows (at most %(n)d)") % {"n": MAX_ROWS})
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((n, {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h}))
    return out


# -- parsing cells -------------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


def _date(value):
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise ValueError(_("not a date (use YYYY-MM-DD or DD/MM/YYYY): %(v)s") % {"v": s})


def _float(value):
    s = _text(value)
    if s == "":
        return None
    try:
        return float(s.replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ValueError(_("not a number: %(v)s") % {"v": s})


def _float_or_none(value):
    try:
        return _float(value)
    except ValueError:
        return None


def _money(value):
    s = _text(value)
    if s == "":
        return None
    if isinstance(value, (int, float)):
        if value < 0 or value != int(value):
            raise ValueError(_("not a whole amount of VND: %(v)s") % {"v": s})
        return int(value)
    s = s.replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}([ .,]\d{3})+", s):  # 1.500.000.000 or 1 500 000
        s = re.sub(r"[ .,]", "", s)
    if not re.fullmatch(r"\d+", s):
        raise ValueError(_("not a whole amount of VND: %(v)s") % {"v": s})
    return int(s)


def _code_list(value) -> list[str]:
    return sorted({c.strip() for c in re.split(r"[;,]", _text(value)) if c.strip()})


# -- import --------------------------------------------------------------------------------------------
def import_items(plan, rows, user=None, dry_run=False) -> ImportReport:
    """Check `rows` ([(row number, {column: value})], see read_rows) and, when all are good and
    not a dry run, apply them in one transaction."""
    from smartcity.core.models import Organisation
    from smartcity.core.permissions import can_change
    from smartcity.programme.models import ItemKind

    report = ImportReport(dry_run=dry_run)
    orgs = {o.code: o for o in Organisation.objects.all()}
    statuses = {s.key: s for s in plan.statuses.all()}
    items = {i.number: i for i in _items(plan)}
    with_children = {i.parent.number for i in items.values() if i.parent}
    kinds = {k.value for k in ItemKind}
    seen, planned = {}, []  # planned: (row, item or None, changes dict, participants dict)
    new_numbers = {}

    def may_change(owner) -> bool:
        return user is None or can_change(user, owner)

    for n, raw in rows:
        errors_before = len(report.errors)
        number = _text(raw.get("number"))
        if not number:
            report.error(n, "number", _("missing"))
            continue
        if number in seen:
            report.error(n, "number", _("%(num)s is already on row %(row)d") % {"num": number, "row": seen[number]})
            continue
        seen[number] = n
        item = items.get(number)
        values = {}

        kind = _text(raw.get("kind")) if "kind" in raw else None
        if kind and kind not in kinds:
            report.error(n, "kind", _("unknown kind %(v)s") % {"v": kind})
        elif item is not None and kind and kind != item.kind:
            report.error(n, "kind", _("the kind of an item cannot change"))
        elif item is None and kind and kind != TASK:
            report.error(n, "kind", _("only tasks can be added; %(num)s is not an item of the plan") % {"num": number})

        parent = None
        if "parent" in raw or item is None:
            pnum = _text(raw.get("parent"))
            if item is None and not pnum:
                report.error(n, "parent", _("a new task needs a parent item"))
            elif pnum:
                parent = items.get(pnum) or new_numbers.get(pnum)
                if parent is None:
                    report.error(n, "parent", _("no item %(num)s in this plan (or earlier in the file)") % {"num": pnum})
                elif pnum == number:
                    report.error(n, "parent", _("an item cannot be its own parent"))
            if item is not None and (pnum or None) != (item.parent.number if item.parent else None):
                if item.kind != TASK:
                    report.error(n, "parent", _("the plan's structure cannot change"))
                elif parent is not None:
                    values["parent"] = parent

        for col, attr in (("title_vi", "title_vi"), ("title_en", "title_en"), ("text_vi", "text_vi")):
            if col in raw:
                v = _text(raw.get(col))
                if col == "title_vi" and not v:
                    report.error(n, col, _("missing"))
                elif len(v) > 300 and col != "text_vi":
                    report.error(n, col, _("longer than 300 characters"))
                elif item is not None and col == "text_vi" and item.kind != TASK and v != item.text_vi:
                    report.error(n, col, _("the plan's text is kept as written and cannot change"))
                elif item is None or v != getattr(item, attr):
                    values[attr] = v
        if item is None and "title_vi" not in raw:
            report.error(n, "title_vi", _("missing"))

        lead = None
        if _text(raw.get("lead")):
            code = _text(raw.get("lead"))
            lead = orgs.get(code)
            if lead is None:
                report.error(n, "lead", _("unknown organisation %(code)s") % {"code": code})
            elif item is None or lead.pk != item.owner_id:
                values["owner"] = lead
        elif item is None and parent is not None and not isinstance(parent, dict):
            values["owner"] = parent.owner

        participants = {}
        for col, role in (("support", "support"), ("partners", "partner")):
            if col in raw:
                codes = _code_list(raw.get(col))
                unknown = [c for c in codes if c not in orgs]
                if unknown:
                    report.error(n, col, _("unknown organisation %(code)s") % {"code": ", ".join(unknown)})
                    continue
                current = sorted(p.organisation.code for p in item.participants.all() if p.role == role) if item else []
                if codes != current:
                    participants[role] = codes

        for col, attr in (("start", "start_date"), ("end", "end_date"), ("deadline", "deadline")):
            if col in raw:
                try:
                    v = _date(raw.get(col))
                except ValueError as exc:
                    report.error(n, col, str(exc))
                    continue
                if item is None or v != getattr(item, attr):
                    values[attr] = v
        start = values.get("start_date", item.start_date if item else None)
        end = values.get("end_date", item.end_date if item else None)
        if start and end and start > end:
            report.error(n, "end", _("ends before it starts"))

        if "status" in raw:
            key = _text(raw.get("status"))
            if key and key not in statuses:
                report.error(n, "status", _("unknown status %(v)s (known: %(keys)s)") % {"v": key, "keys": ", ".join(statuses)})
            else:
                st = statuses.get(key) if key else None
                if item is None or (st.pk if st else None) != item.status_id:
                    values["status"] = st

        for col, lo, hi in (("progress", 0, 100), ("weight", 0, None)):
            if col in raw:
                try:
                    v = _float(raw.get(col))
                except ValueError as exc:
                    report.error(n, col, str(exc))
                    continue
                if v is None:
                    continue
                if v < lo or (hi is not None and v > hi):
                    report.error(n, col, _("out of range %(lo)s–%(hi)s: %(v)s") % {"lo": lo, "hi": hi if hi is not None else "∞", "v": _num(v)})
                    continue
                if col == "progress" and number in with_children:
                    continue  # a parent's progress is rolled up from its children: the column is informational
                current = getattr(item, col) if item else None
                if current is None or abs(current - v) > 0.005:
                    values[col] = v

        for col in ("budget_estimate", "actual_spend"):
            if col in raw:
                try:
                    v = _money(raw.get(col))
                except ValueError as exc:
                    report.error(n, col, str(exc))
                    continue
                if item is None or v != getattr(item, col):
                    values[col] = v

        # a leaf whose status has a default progress takes it: say so rather than drop the value
        st = values["status"] if "status" in values else (item.status if item else None)
        given = _float_or_none(raw.get("progress")) if "progress" in raw else None
        if (st is not None and st.progress is not None and given is not None and abs(given - st.progress) > 0.005
                and number not in with_children and not any(e.row == n for e in report.errors[errors_before:])):
            report.error(n, "progress", _("status %(key)s sets the progress to %(p)s %%") % {"key": st.key, "p": _num(st.progress)})

        # permissions: only for rows that change something
        if item is not None and (values or participants):
            if not may_change(item):
                report.error(n, "lead", _("you may not change items led by %(code)s") % {"code": item.owner.code})
            elif "owner" in values and not may_change(values["owner"]):
                report.error(n, "lead", _("you may not give an item to %(code)s") % {"code": values["owner"].code})
        elif item is None and parent is not None:
            parent_owner = parent.owner if not isinstance(parent, dict) else parent["owner"]
            if not may_change(parent_owner):
                report.error(n, "parent", _("you may not add tasks under items led by %(code)s") % {"code": parent_owner.code})
            elif "owner" in values and not may_change(values["owner"]):
                report.error(n, "lead", _("you may not create tasks for %(code)s") % {"code": values["owner"].code})

        if len(report.errors) > errors_before:
            continue
        if item is None:
            values.setdefault("owner", parent.owner if not isinstance(parent, dict) else parent["owner"])
            new_numbers[number] = {"owner": values["owner"], "number": number}
            values["parent"] = parent
        if item is None or values or participants:
            planned.append((n, number, item, values, participants))
        else:
            report.unchanged += 1

    if not report.ok:
        return report
    report.created = [num for _n, num, item, _v, _p in planned if item is None]
    report.updated = [num for _n, num, item, _v, _p in planned if item is not None]
    if dry_run:
        return report
    _apply(plan, planned, orgs)
    report.applied = True
    return report


@transaction.atomic
def _apply(plan, planned, orgs):
    from smartcity.programme.models import Item, ItemParticipant
    from smartcity.programme.services import rollup

    created = {}
    position = (plan.items.order_by("-position").values_list("position", flat=True).first() or 0)
    with rollup.suspended():
        for _n, number, item, values, participants in planned:
            parent = values.pop("parent", None)
            if isinstance(parent, dict):
                parent = created[parent["number"]]
            if item is None:
                position += 1
                values.setdefault("title_vi", number)
                item = Item.objects.create(plan=plan, number=number, kind=TASK, parent=parent, position=position, **values)
                created[number] = item
            else:
                if parent is not None:
                    values["parent"] = parent
                for attr, v in values.items():
                    setattr(item, attr, v)
                if values:
                    item.save()
            for role, codes in participants.items():
                current = {p.organisation.code: p for p in ItemParticipant.objects.filter(item=item, role=role).select_related("organisation")}
                for code, p in current.items():
                    if code not in codes:
                        p.delete()
                for code in codes:
                    if code not in current:
                        ItemParticipant.objects.create(item=item, organisation=orgs[code], role=role)
    rollup.recompute(plan)

"""The procedure catalogue: loading the seed, finding the version in force on a day, and
the version workflow (draft copy -> edits -> put in force, which retires the previous one).

A version in force is never edited: a change is a new version, so a dossier keeps the
version it was received under (Dossier.procedure_version). Only the competent unit's
editors (procedure.owner) or the coordinator may write (`can_edit`).
"""
import datetime as dt
import functools
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.core.text import fold
from smartcity.onestop import catalogue_data as data
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.models import (OnlineLevel, Procedure, ProcedureField, ProcedureLevel, ProcedureVersion, RequiredDocument,
                                      RuleSet, VersionStatus)

# the version fields a draft may change (documents are handled apart)
VERSION_FIELDS = ("name_vi", "name_en", "competent_unit", "receiving_unit", "legal_basis", "time_limit_days", "fees", "online_level",
                  "steps", "result_vi", "result_en", "conditions_vi", "rule_set", "valid_from")
DOCUMENT_FIELDS = ("name_vi", "name_en", "copies", "original", "mandatory", "template_name")
EFFECTIVE = (VersionStatus.IN_FORCE, VersionStatus.RETIRED)


# -- text ------------------------------------------------------------------------------------------------
def today() -> dt.date:
    return timezone.localdate()


def can_edit(user, procedure) -> bool:
    """The competent unit's editors (the procedure's owner) or the coordinator."""
    return can_change(user, procedure)


def _require_edit(user, procedure) -> None:
    if not can_edit(user, procedure):
        raise PermissionDenied("Only the competent unit's editors or the Smart City Office may change this procedure.")


# -- loading the seed ---------------------------------------------------------------------------------------
def centre() -> Organisation:
    """The provincial Public Administration Service Centre (receives dossiers from 01/07/2025)."""
    c = data.CENTRE
    org, _ = Organisation.objects.get_or_create(code=c["code"], defaults=dict(
        abbreviation=c["abbreviation"], name_vi=c["name_vi"], name_en=c["name_en"], kind=c["kind"], helix=c["helix"],
        parent=Organisation.objects.filter(code=c["parent"]).first(), plan_role=c["plan_role"]))
    return org


@functools.lru_cache(maxsize=64)
def template_docx(form_key: str) -> bytes:
    """A fill-in form (.docx) written from our own text in catalogue_data.FORMS: national
    motto, form number, title, addressee, numbered fields with dotted lines, signature."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    form = data.FORMS[form_key]
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    def para(text, *, bold=False, italic=False, align=None, size=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    para(form["number"], italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, size=11)
    para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("Độc lập - Tự do - Hạnh phúc", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("―――――――――", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(form["title_vi"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    para(f"({form['title_en']})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=11)
    para(f"Kính gửi: {form['to']}", align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, label in enumerate(form["fields"], 1):
        para(f"{i}. {label}: " + "." * max(20, 90 - len(label)))
    if form.get("pledge"):
        para(form["pledge"], italic=True)
    para("……………, ngày …… tháng …… năm ……", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("NGƯỜI LÀM ĐƠN / ĐẠI DIỆN TỔ CHỨC", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("(Ký, ghi rõ họ tên; đóng dấu nếu là tổ chức)", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, size=11)
    para("Biểu mẫu tham khảo do hệ thống một cửa tạo; đối chiếu mẫu chính thức tại văn bản nêu ở số hiệu mẫu.",
         italic=True, size=9)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _resolve_steps(steps, receiving_code: str) -> list[dict]:
    out = []
    for s in steps:
        s = dict(s)
        if s["unit"] == data.RECV:
            s["unit"] = receiving_code
        out.append(s)
    return out


def _fees(fees) -> list[dict]:
    return [dict(f) for f in fees]


@transaction.atomic
def load_catalogue(*, templates: bool = True) -> dict:
    """Create the fields, the service centre, the procedures and their versions (with
    documents and .docx templates). Idempotent: a procedure whose code exists is left as it
    is (staff may have edited it)."""
    counts = {"fields": 0, "procedures": 0, "versions": 0, "documents": 0, "templates": 0}
    fields = {}
    for code, name_vi, name_en in data.FIELDS:
        fields[code], created = ProcedureField.objects.get_or_create(code=code, defaults=dict(name_vi=name_vi, name_en=name_en))
        counts["fields"] += created
    the_centre = centre()
    orgs = {o.code: o for o in Organisation.objects.all()}
    made_templates: dict[str, str] = {}  # form key -> stored file name (one file per form per load)

    def add_documents(version, docs):
        for i, d in enumerate(docs):
            form = data.FORMS.get(d["form"]) if d["form"] else None
            doc = RequiredDocument(version=version, order=i, name_vi=d["name_vi"], name_en=d["name_en"], copies=d["copies"],
                                   original=d["original"], mandatory=d["mandatory"], template_name=form["number"] if form else "")
            if form and templates:
                if d["form"] in made_templates:
                    doc.template.name = made_templates[d["form"]]
                else:
                    doc.template.save(f"mau-{d['form']}.docx", ContentFile(template_docx(d["form"])), save=False)
                    made_templates[d["form"]] = doc.template.name
                    counts["templates"] += 1
            doc.save()
            counts["documents"] += 1

    def add_version(proc, spec, number, rule_set, status, valid_from, valid_to, receiving, over):
        def get(key):
            return over.get(key, spec.get(key))

        version = ProcedureVersion.objects.create(
            procedure=proc, number=number, status=status, valid_from=valid_from, valid_to=valid_to, rule_set=rule_set,
            name_vi=spec["name_vi"], name_en=spec["name_en"], competent_unit=orgs[spec["unit"]], receiving_unit=receiving,
            legal_basis=get("legal_basis") + "; " + (data.ONE_STOP_2018 if rule_set == RuleSet.R2018 else data.ONE_STOP_2025),
            time_limit_days=Decimal(str(get("days"))), fees=_fees(get("fees")), online_level=get("online"),
            steps=_resolve_steps(get("steps"), receiving.code), result_vi=spec["result"][0], result_en=spec["result"][1],
            conditions_vi=spec.get("conditions", ""))
        add_documents(version, over.get("documents", spec["docs"]))
        counts["versions"] += 1
        return version

    for spec in data.PROCEDURES:
        if Procedure.objects.filter(code=spec["code"]).exists():
            continue
        owner = orgs[spec["unit"]]
        proc = Procedure.objects.create(owner=owner, code=spec["code"], name_vi=spec["name_vi"], name_en=spec["name_en"],
                                        field=fields[spec["field"]], level=spec.get("level", ProcedureLevel.PROVINCE))
        counts["procedures"] += 1
        if "v2025" in spec:
            old = {k.removeprefix("v2018_"): v for k, v in spec.items() if k.startswith("v2018_")}
            add_version(proc, spec, 1, RuleSet.R2018, VersionStatus.RETIRED, data.RULES_2018_FROM, data.RULES_2018_UNTIL, owner, old)
            current = add_version(proc, spec, 2, RuleSet.R2025, VersionStatus.IN_FORCE, data.RULES_2025_FROM, None, the_centre,
                                  spec["v2025"])
        else:
            current = add_version(proc, spec, 1, RuleSet.R2025, VersionStatus.IN_FORCE, data.RULES_2025_FROM, None, the_centre, {})
        proc.current_version = current
        proc.save(update_fields=["current_version"])
    return counts


# -- reading -----------------------------------------------------------------------------------------------
def _effective_on(versions, on: dt.date):
    """The version that applied on `on` among prefetched versions (pure, for lists)."""
    best = None
    for v in versions:
        if v.status in EFFECTIVE and v.valid_from <= on and (v.valid_to is None or v.valid_to >= on):
            if best is None or (v.valid_from, v.number) > (best.valid_from, best.number):
                best = v
    return best


def version_in_force(procedure, on: dt.date | None = None) -> ProcedureVersion:
    """The version a dossier received on `on` is handled under; OneStopError when none."""
    on = on or today()
    version = (procedure.versions.filter(status__in=EFFECTIVE, valid_from__lte=on)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from", "-number").first())
    if version is None:
        raise OneStopError("no_version_in_force", f"Procedure {procedure.code} has no version in force on {on:%d/%m/%Y}.")
    return version


def procedures_for(user):
    return visible(Procedure.objects.all(), user).select_related("field", "owner").prefetch_related(
        "versions__competent_unit", "versions__receiving_unit")


def search(qs, *, q: str = "", field: str = "", unit: str = "", level: str = "", online: str = "", on: dt.date | None = None):
    """[(procedure, version in force)] filtered; `q` ignores case and diacritics and needs
    every word (in the code, names or field); `unit` is the competent unit's code."""
    on = on or today()
    if field:
        qs = qs.filter(field__code=field)
    if unit:
        qs = qs.filter(owner__code=unit)
    if level:
        qs = qs.filter(level=level)
    words = fold(q).split()
    rows = []
    for proc in qs.order_by("code"):
        version = _effective_on(proc.versions.all(), on)
        if online and (version is None or version.online_level != online):
            continue
        if words:
            hay = fold(" ".join([proc.code, proc.name_vi, proc.name_en, proc.field.name_vi, proc.field.name_en,
                                 proc.owner.name_vi, proc.owner.abbreviation]))
            if not all(w in hay for w in words):
                continue
        rows.append((proc, version))
    return rows


# -- the version workflow ------------------------------------------------------------------------------------
def _org(value, field):
    if isinstance(value, Organisation):
        return value
    org = Organisation.objects.filter(code=str(value or "")).first()
    if org is None:
        raise OneStopError("unknown_unit", f"Unknown organisation {value!r}.", field)
    return org


def _days(value, field) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise OneStopError("invalid", "A number of working days, e.g. 15 or 0.5.", field) from None
    if days < 0 or days > 999 or days != days.quantize(Decimal("0.01")):
        raise OneStopError("invalid", "A number of working days between 0 and 999.", field)
    return days


def clean_steps(steps) -> list[dict]:
    if not isinstance(steps, list):
        raise OneStopError("invalid", "Steps are a list.", "steps")
    out = []
    for i, s in enumerate(steps):
        if not isinstance(s, dict) or not str(s.get("name_vi", "")).strip():
            raise OneStopError("invalid", f"Step {i + 1} needs a Vietnamese name.", "steps")
        unit = _org(s.get("unit"), "steps")
        days = _days(s.get("days", 0), "steps")
        step = {"key": str(s.get("key") or f"step{i + 1}")[:40], "name_vi": str(s["name_vi"]).strip(),
                "name_en": str(s.get("name_en", "")).strip(), "unit": unit.code, "days": float(days) if days % 1 else int(days)}
        for extra in ("note_vi", "note_en"):
            if s.get(extra):
                step[extra] = str(s[extra])
        out.append(step)
    return out


def clean_fees(fees) -> list[dict]:
    if not isinstance(fees, list):
        raise OneStopError("invalid", "Fees are a list.", "fees")
    out = []
    for i, f in enumerate(fees):
        if not isinstance(f, dict) or not str(f.get("name_vi", "")).strip():
            raise OneStopError("invalid", f"Fee {i + 1} needs a Vietnamese name.", "fees")
        try:
            amount = int(f.get("amount_vnd", 0))
        except (TypeError, ValueError):
            raise OneStopError("invalid", f"Fee {i + 1}: the amount is a whole number of đồng.", "fees") from None
        if amount < 0:
            raise OneStopError("invalid", f"Fee {i + 1}: the amount cannot be negative.", "fees")
        out.append({"name_vi": str(f["name_vi"]).strip(), "name_en": str(f.get("name_en", "")).strip(), "amount_vnd": amount,
                    "note": str(f.get("note", "")).strip()})
    return out


def _apply(version: ProcedureVersion, changes: dict) -> list[dict] | None:
    """Set the changed fields on a draft (validated); returns the documents to write, if given."""
    documents = changes.pop("documents", None)
    for key, value in changes.items():
        if key not in VERSION_FIELDS:
            raise OneStopError("unknown_field", f"{key} cannot be changed.", key)
        if key in ("competent_unit", "receiving_unit"):
            value = _org(value, key)
        elif key == "time_limit_days":
            value = _days(value, key)
            if value <= 0:
                raise OneStopError("invalid", "The time limit is at least part of a working day.", key)
        elif key == "steps":
            value = clean_steps(value)
        elif key == "fees":
            value = clean_fees(value)
        elif key == "online_level" and value not in OnlineLevel.values:
            raise OneStopError("invalid_choice", f"Online level is one of {', '.join(OnlineLevel.values)}.", key)
        elif key == "rule_set" and value not in RuleSet.values:
            raise OneStopError("invalid_choice", f"Rule set is one of {', '.join(RuleSet.values)}.", key)
        elif key == "valid_from" and not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise OneStopError("invalid", "A date as YYYY-MM-DD.", key) from None
        elif key in ("name_vi",) and not str(value).strip():
            raise OneStopError("required", "The Vietnamese name is required.", key)
        setattr(version, key, value)
    check_consistency(version)
    return documents


def check_consistency(version: ProcedureVersion) -> None:
    """The steps may not take longer than the time limit promised to the applicant."""
    total = sum(Decimal(str(s.get("days", 0))) for s in version.steps or [])
    if total > Decimal(str(version.time_limit_days)):
        raise OneStopError("steps_exceed_limit",
                           f"The steps take {total} working days, more than the time limit of {version.time_limit_days}.", "steps")


def _write_documents(version, documents) -> None:
    """Replace a draft's documents. Rows are dicts of DOCUMENT_FIELDS; `template_from` (the id
    of a document of the same procedure) keeps its template file."""
    kept = {}  # template files to keep, read before the old rows go (they may be this draft's own)
    for d in documents:
        src = d.get("template_from")
        if src:
            row = RequiredDocument.objects.filter(pk=src, version__procedure_id=version.procedure_id).first()
            if row and row.template:
                kept[src] = row.template.name
    version.documents.all().delete()
    for i, d in enumerate(documents):
        if not str(d.get("name_vi", "")).strip():
            raise OneStopError("invalid", f"Document {i + 1} needs a Vietnamese name.", "documents")
        try:
            copies = int(d.get("copies", 1))
        except (TypeError, ValueError):
            copies = -1
        if copies < 1 or copies > 50:
            raise OneStopError("invalid", f"Document {i + 1}: copies between 1 and 50.", "documents")
        doc = RequiredDocument(version=version, order=i, name_vi=str(d["name_vi"]).strip(), name_en=str(d.get("name_en", "")).strip(),
                               copies=copies, original=bool(d.get("original", False)), mandatory=bool(d.get("mandatory", True)),
                               template_name=str(d.get("template_name", "")).strip()[:120])
        if d.get("template_from") in kept:
            doc.template.name = kept[d["template_from"]]
        if d.get("template_file") is not None:
            doc.template.save(d["template_file"].name, d["template_file"], save=False)
        doc.save()


def _document_rows(version) -> list[dict]:
    return [{**{f: getattr(d, f) for f in DOCUMENT_FIELDS}, "template_from": d.pk} for d in version.documents.all()]


@transaction.atomic
def new_version(procedure, user, **changes) -> ProcedureVersion:
    """A draft copy of the latest version (documents and templates included) with `changes`."""
    _require_edit(user, procedure)
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    if procedure.versions.filter(status=VersionStatus.DRAFT).exists():
        raise OneStopError("draft_exists", "This procedure already has a draft version: edit it or put it in force.")
    base = procedure.current_version or procedure.versions.order_by("-number").first()
    if base is None:
        raise OneStopError("no_version", "This procedure has no version to copy.")
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ProcedureVersion(procedure=procedure, number=number, status=VersionStatus.DRAFT,
                             valid_from=max(today(), base.valid_from + dt.timedelta(days=1)), created_by=user,
                             **{f: getattr(base, f) for f in VERSION_FIELDS if f != "valid_from"})
    draft.fees, draft.steps = _fees(base.fees), [dict(s) for s in base.steps]
    documents = _apply(draft, dict(changes))
    draft.save()
    _write_documents(draft, documents if documents is not None else _document_rows(base))
    return draft


@transaction.atomic
def update_draft(version, user, **changes) -> ProcedureVersion:
    """Edit a draft; a version in force or retired is never edited."""
    _require_edit(user, version.procedure)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise OneStopError("not_draft", "Only a draft can be edited; make a new version to change one in force.")
    documents = _apply(version, dict(changes))
    version.save()
    if documents is not None:
        _write_documents(version, documents)
    return version


@transaction.atomic
def delete_draft(version, user) -> None:
    _require_edit(user, version.procedure)
    if version.status != VersionStatus.DRAFT:
        raise OneStopError("not_draft", "Only a draft can be deleted.")
    version.delete()


@transaction.atomic
def put_in_force(version, user, valid_from: dt.date) -> ProcedureVersion:
    """The draft applies to dossiers received from `valid_from`; the version before it ends the
    day before (status retired). Dossiers already received keep their version."""
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    _require_edit(user, procedure)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise OneStopError("not_draft", "Only a draft can be put in force.")
    if isinstance(valid_from, str):
        try:
            valid_from = dt.date.fromisoformat(valid_from)
        except ValueError:
            raise OneStopError("invalid", "A date as YYYY-MM-DD.", "valid_from") from None
    if not isinstance(valid_from, dt.date):
        raise OneStopError("required", "Say from which day the version applies.", "valid_from")
    check_consistency(version)
    if not version.documents.exists():
        raise OneStopError("no_documents", "A version in force lists at least one required document.", "documents")
    previous = list(procedure.versions.filter(status=VersionStatus.IN_FORCE).exclude(pk=version.pk))
    for old in previous:
        if valid_from <= old.valid_from:
            raise OneStopError("valid_from_too_early",
                               f"The new version must start after {old.valid_from:%d/%m/%Y}, when version {old.number} started.",
                               "valid_from")
    for old in previous:
        old.status, old.valid_to = VersionStatus.RETIRED, valid_from - dt.timedelta(days=1)
        old.save(update_fields=["status", "valid_to"])
    version.status, version.valid_from, version.valid_to = VersionStatus.IN_FORCE, valid_from, None
    version.save(update_fields=["status", "valid_from", "valid_to"])
    procedure.current_version = version
    procedure.save(update_fields=["current_version", "updated_at"])
    return version


# -- differences between versions ------------------------------------------------------------------------------
def money(amount) -> str:
    return f"{int(amount):,}".replace(",", ".") + " đ"


def describe_fees(fees) -> str:
    return "; ".join(f"{f['name_vi']}: {money(f.get('amount_vnd', 0))}" + (f" ({f['note']})" if f.get("note") else "")
                     for f in fees) or "—"


def describe_steps(steps) -> str:
    return " → ".join(f"{s['name_vi']} ({s['unit']}, {s['days']} ng)" for s in steps) or "—"


def _document_line(d) -> str:
    kind = "bản chính" if d.original else "bản sao"
    return f"{d.name_vi} ({d.copies} {kind}{', ' + d.template_name if d.template_name else ''}{'' if d.mandatory else ', nếu có'})"


def diff_versions(old: ProcedureVersion, new: ProcedureVersion) -> list[dict]:
    """What changed from `old` to `new`: [{"key", "old", "new"}] for the fields, then the
    documents added, removed or changed (matched by Vietnamese name)."""
    out = []
    simple = [("rule_set", lambda v: v.get_rule_set_display()), ("receiving_unit", lambda v: v.receiving_unit.name_vi),
              ("competent_unit", lambda v: v.competent_unit.name_vi), ("time_limit_days", lambda v: f"{v.time_limit_days.normalize():f}"),
              ("online_level", lambda v: v.get_online_level_display()), ("legal_basis", lambda v: v.legal_basis),
              ("fees", lambda v: describe_fees(v.fees)), ("steps", lambda v: describe_steps(v.steps)),
              ("name_vi", lambda v: v.name_vi), ("result_vi", lambda v: v.result_vi), ("conditions_vi", lambda v: v.conditions_vi)]
    for key, show in simple:
        a, b = show(old), show(new)
        if a != b:
            out.append({"key": key, "old": a, "new": b})
    before = {d.name_vi: d for d in old.documents.all()}
    after = {d.name_vi: d for d in new.documents.all()}
    for name, d in after.items():
        if name not in before:
            out.append({"key": "document_added", "old": "", "new": _document_line(d)})
        elif _document_line(before[name]) != _document_line(d):
            out.append({"key": "document_changed", "old": _document_line(before[name]), "new": _document_line(d)})
    for name, d in before.items():
        if name not in after:
            out.append({"key": "document_removed", "old": _document_line(d), "new": ""})
    return out


def history(procedure) -> list[dict]:
    """Versions newest first, each with what changed from the one before it."""
    versions = list(procedure.versions.select_related("competent_unit", "receiving_unit", "created_by")
                    .prefetch_related("documents").order_by("number"))
    rows = []
    for i, v in enumerate(versions):
        rows.append({"version": v, "changes": diff_versions(versions[i - 1], v) if i else []})
    return rows[::-1]

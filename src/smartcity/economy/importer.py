"""Import of enterprises from Excel (.xlsx) or CSV with a report per row.

Each row is checked first (tax code with its check digit, name, known choices, numbers,
references to sectors, parks and units); a row with any error is rejected with its
reasons and never touches the database. A good row updates the record with the same tax
code or creates one, inside its own savepoint, so a failing row leaves the accepted ones
intact. A new record whose name (legal-form words and diacritics aside) is the name of
another record is flagged as a possible duplicate for a person to merge or dismiss."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from smartcity.core.models import AdministrativeUnit, AdminLevel
from smartcity.economy import fold, taxcode
from smartcity.economy.models import (DuplicateCandidate, Enterprise, EnterpriseStatus, ForeignInvestor, ImportBatch,
                                      IndustrialPark, LegalForm, Sector)

# field -> header spellings (Vietnamese and English), compared folded
COLUMNS = {
    "tax_code": ["Mã số thuế", "MST", "Tax code"],
    "name_vi": ["Tên doanh nghiệp", "Tên tiếng Việt", "Vietnamese name", "Name"],
    "name_en": ["Tên tiếng Anh", "Tên giao dịch tiếng Anh", "English name"],
    "short_name": ["Tên viết tắt", "Short name"],
    "legal_form": ["Loại hình", "Loại hình doanh nghiệp", "Legal form"],
    "status": ["Tình trạng", "Trạng thái", "Status"],
    "established": ["Ngày thành lập", "Established"],
    "address": ["Địa chỉ", "Địa chỉ trụ sở", "Address"],
    "unit": ["Phường/xã", "Phường xã", "Ward or commune", "Unit"],
    "former_unit": ["Quận/huyện cũ", "Huyện/thành phố cũ", "Former district"],
    "industrial_park": ["Khu công nghiệp", "Industrial park", "Park"],
    "main_sector": ["Ngành chính", "Mã ngành VSIC", "Ngành chính (VSIC)", "Main sector", "VSIC"],
    "employees": ["Số lao động", "Lao động", "Employees"],
    "registered_capital_vnd": ["Vốn điều lệ (VND)", "Vốn điều lệ", "Registered capital (VND)"],
    "invested_capital_usd": ["Vốn đầu tư (USD)", "Invested capital (USD)"],
    "annual_revenue_vnd": ["Doanh thu (VND)", "Doanh thu năm (VND)", "Annual revenue (VND)"],
    "foreign_invested": ["Có vốn nước ngoài", "FDI", "Foreign-invested"],
    "investor": ["Nhà đầu tư nước ngoài", "Foreign investor"],
    "investor_country": ["Quốc gia nhà đầu tư", "Quốc gia", "Investor country", "Country"],
    "representative": ["Người đại diện", "Người đại diện theo pháp luật", "Legal representative"],
    "contact_phone": ["Điện thoại", "Phone"],
    "contact_email": ["Email", "E-mail", "Thư điện tử"],
    "website": ["Website", "Trang web"],
    "notes": ["Ghi chú", "Notes"],
}
_HEADER = {fold.fold(h): field for field, names in COLUMNS.items() for h in names + [field]}
TEXT_FIELDS = ("name_vi", "name_en", "short_name", "address", "representative", "contact_phone", "contact_email", "website", "notes")
MAX_ROWS = 20000


class ImportFormatError(ValueError):
    """The file cannot be read as a table (the whole import is refused)."""


def read_table(data: bytes, file_name: str) -> list[dict]:
    """Rows of the first sheet (or the CSV) as {field: value}, headers mapped by COLUMNS;
    unknown columns are ignored. Raises ImportFormatError."""
    name = (file_name or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFormatError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
        table = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    table = [r for r in table if any(c not in (None, "") for c in r)]
    if not table:
        raise ImportFormatError(_("The file holds no rows."))
    fields = [_HEADER.get(fold.fold(h)) for h in table[0]]
    if "tax_code" not in fields or "name_vi" not in fields:
        raise ImportFormatError(_("The first row must name the columns, at least 'Mã số thuế' and 'Tên doanh nghiệp'."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFormatError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    rows = []
    for raw in table[1:]:
        rows.append({f: raw[i] if i < len(raw) else None for i, f in enumerate(fields) if f})
    return rows


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


class _Lookups:
    """Sectors, parks and units read once per import."""

    def __init__(self):
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.parks = {}
        for p in IndustrialPark.objects.all():
            self.parks[p.code.lower()] = p
            self.parks[fold.fold(p.name_vi)] = p
            if p.name_en:
                self.parks[fold.fold(p.name_en)] = p
        self.new_units, self.old_units = {}, {}
        for u in AdministrativeUnit.objects.exclude(level=AdminLevel.PROVINCE):
            target = self.new_units if u.valid_to is None else self.old_units
            target[fold.fold(u.name_vi)] = u
            target[u.code.lower()] = u
        self.legal = {}
        for value, label in LegalForm.choices:
            self.legal[value] = value
            self.legal[fold.fold(str(label))] = value
        for value, vi in (("private", "Doanh nghiệp tư nhân"), ("llc1", "Công ty TNHH một thành viên"),
                          ("llc2", "Công ty TNHH hai thành viên trở lên"), ("jsc", "Công ty cổ phần"),
                          ("partnership", "Công ty hợp danh"), ("state", "Doanh nghiệp nhà nước"),
                          ("cooperative", "Hợp tác xã"), ("branch", "Chi nhánh"), ("llc1", "TNHH MTV"), ("jsc", "CTCP")):
            self.legal[fold.fold(vi)] = value
        self.status = {}
        for value, label in EnterpriseStatus.choices:
            self.status[value] = value
            self.status[fold.fold(str(label))] = value
        for value, vi in (("active", "Đang hoạt động"), ("suspended", "Tạm ngừng kinh doanh"), ("dissolving", "Đang giải thể"),
                          ("dissolved", "Đã giải thể"), ("bankrupt", "Phá sản")):
            self.status[fold.fold(vi)] = value


def _err(errors, field, code, message):
    errors.append({"field": field, "code": code, "message": message})


def _number(raw, field, errors, kind=int):
    s = _text(raw).replace(" ", "")
    if not s:
        return None
    if kind is int:
        s = s.replace(".", "").replace(",", "")
    else:
        s = s.replace(",", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        _err(errors, field, "not_a_number", _("Not a number: %(v)s") % {"v": _text(raw)})
        return None
    if value < 0:
        _err(errors, field, "negative", _("Must not be negative."))
        return None
    return int(value) if kind is int else value.quantize(Decimal(1))


def _date(raw, errors):
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    s = _text(raw)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    _err(errors, "established", "invalid_date", _("Not a date (dd/mm/yyyy): %(v)s") % {"v": s})
    return None


def tax_code_message(reason: str) -> str:
    return {
        "empty": _("The tax code is empty."),
        "format": _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch."),
        "length": _("A tax code has 10 digits (13 with a branch number)."),
        "check_digit": _("The check digit (10th digit) does not match the first nine digits."),
        "unit_number": _("A branch number runs from 001 to 999."),
    }.get(reason, reason)


def clean_row(row: dict, lk: _Lookups) -> tuple[dict, list]:
    """Values ready for the model (only the columns the file has) and the row's errors."""
    errors, values = [], {}
    check = taxcode.validate(row.get("tax_code"))
    if not check.valid:
        _err(errors, "tax_code", check.reason, tax_code_message(check.reason))
    values["tax_code"] = check.code
    for f in TEXT_FIELDS:
        if f in row:
            values[f] = _text(row[f])
    if not values.get("name_vi"):
        _err(errors, "name_vi", "required", _("The Vietnamese name is required."))
    for f, max_len in (("name_vi", 400), ("name_en", 400), ("short_name", 120), ("address", 400), ("representative", 200),
                       ("contact_phone", 40)):
        if len(values.get(f, "")) > max_len:
            _err(errors, f, "too_long", _("At most %(n)s characters.") % {"n": max_len})
    email = values.get("contact_email", "")
    if email and ("@" not in email or " " in email):
        _err(errors, "contact_email", "invalid", _("Not an e-mail address: %(v)s") % {"v": email})
    if (v := _text(row.get("legal_form"))):
        if fold.fold(v) in lk.legal or v in lk.legal:
            values["legal_form"] = lk.legal.get(v) or lk.legal[fold.fold(v)]
        else:
            _err(errors, "legal_form", "unknown", _("Unknown legal form: %(v)s") % {"v": v})
    if (v := _text(row.get("status"))):
        if v in lk.status or fold.fold(v) in lk.status:
            values["status"] = lk.status.get(v) or lk.status[fold.fold(v)]
        else:
            _err(errors, "status", "unknown", _("Unknown status: %(v)s") % {"v": v})
    if "established" in row:
        values["established"] = _date(row.get("established"), errors)
    if (v := _text(row.get("main_sector"))):
        code = v.split()[0].strip(".")
        if code in lk.sectors:
            values["main_sector"] = lk.sectors[code]
        else:
            _err(errors, "main_sector", "unknown", _("Unknown VSIC 2018 code: %(v)s") % {"v": v})
    if (v := _text(row.get("industrial_park"))):
        park = lk.parks.get(v.lower()) or lk.parks.get(fold.fold(v))
        if park is None:
            _err(errors, "industrial_park", "unknown", _("Unknown industrial park: %(v)s") % {"v": v})
        values["industrial_park"] = park
    for f, table in (("unit", lk.new_units), ("former_unit", lk.old_units)):
        if (v := _text(row.get(f))):
            key = fold.fold(v)
            for prefix in ("phuong ", "xa ", "thi tran ", "thanh pho ", "huyen ", "thi xa "):
                if key.startswith(prefix) and key not in table:
                    key = key[len(prefix):]
            unit = table.get(key) or table.get(v.lower())
            if unit is None:
                _err(errors, f, "unknown", _("Unknown administrative unit: %(v)s") % {"v": v})
            values[f] = unit
    for f, kind in (("employees", int), ("registered_capital_vnd", Decimal), ("invested_capital_usd", Decimal),
                    ("annual_revenue_vnd", Decimal)):
        if f in row:
            values[f] = _number(row.get(f), f, errors, kind)
    if (v := _text(row.get("foreign_invested"))):
        flag = fold.fold(v)
        if flag in ("co", "x", "yes", "true", "1", "fdi"):
            values["foreign_invested"] = True
        elif flag in ("khong", "no", "false", "0"):
            values["foreign_invested"] = False
        else:
            _err(errors, "foreign_invested", "invalid", _("Write 'có' or 'không': %(v)s") % {"v": v})
    country = _text(row.get("investor_country")).upper()
    if country and (len(country) != 2 or not country.isalpha()):
        _err(errors, "investor_country", "invalid", _("A country is a two-letter ISO 3166 code, e.g. JP: %(v)s") % {"v": country})
    if country:
        values["_investor"] = (_text(row.get("investor")) or values.get("name_en") or values.get("name_vi", ""), country)
        values["foreign_invested"] = True
    return values, errors


def _name_index():
    """name key -> [(id, folded address)] of the records that are not merged away."""
    index = {}
    for pk, name, address in Enterprise.objects.filter(merged_into__isnull=True).values_list("pk", "name_vi", "address").iterator(2000):
        index.setdefault(fold.name_key(name), []).append((pk, fold.fold(address)))
    return index


def _apply(values: dict, existing: Enterprise | None, owner) -> tuple[Enterprise, str]:
    investor = values.pop("_investor", None)
    if existing is None:
        e = Enterprise(owner=owner, **values)
        action = "created"
    else:
        e = existing
        changed = False
        for f, v in values.items():
            if f == "tax_code" or v in (None, ""):
                continue
            if getattr(e, f) != v:
                setattr(e, f, v)
                changed = True
        action = "updated" if changed or investor else "unchanged"
    if action != "unchanged":
        e.save()
    if e.main_sector_id:
        e.sectors.add(e.main_sector_id)
    if investor and not e.investors.filter(name=investor[0], country=investor[1]).exists():
        ForeignInvestor.objects.create(enterprise=e, name=investor[0][:300], country=investor[1])
    return e, action


def run_import(data: bytes, file_name: str, user, owner) -> ImportBatch:
    """Import a file; returns the stored batch with its report (raises ImportFormatError)."""
    rows = read_table(data, file_name)
    lk = _Lookups()
    batch = ImportBatch.objects.create(owner=owner, file_name=file_name[:255], uploaded_by=user, rows=len(rows))
    codes = [taxcode.normalise(r.get("tax_code")) for r in rows]
    existing = {e.tax_code: e for e in Enterprise.objects.filter(tax_code__in=[c for c in codes if c])}
    names = _name_index()
    seen, report = set(), []
    for i, row in enumerate(rows, start=2):
        values, errors = clean_row(row, lk)
        code = values.get("tax_code", "")
        if not errors and code in seen:
            _err(errors, "tax_code", "repeated", _("This tax code is on an earlier row of the file."))
        entry = {"row": i, "tax_code": code, "name": values.get("name_vi", "")}
        if errors:
            entry.update(action="rejected", errors=errors)
            batch.rejected += 1
            report.append(entry)
            continue
        seen.add(code)
        try:
            with transaction.atomic():
                e, action = _apply(values, existing.get(code), owner)
        except Exception as exc:  # a database refusal rejects the row only
            entry.update(action="rejected", errors=[{"field": None, "code": "database", "message": str(exc)[:300]}])
            batch.rejected += 1
            report.append(entry)
            continue
        entry["action"] = action
        entry["id"] = e.pk
        if action == "created":
            batch.created += 1
            key, address = fold.name_key(e.name_vi), fold.fold(e.address)
            dups = [(pk, addr) for pk, addr in names.get(key, []) if pk != e.pk]
            if dups:
                entry["duplicates"] = []
                for pk, addr in dups[:5]:
                    same_address = bool(address and addr and address == addr)
                    DuplicateCandidate.objects.get_or_create(enterprise=e, other_id=pk, defaults={
                        "reason": "name_address" if same_address else "name", "score": 95 if same_address else 70, "batch": batch})
                    entry["duplicates"].append(pk)
                batch.duplicates += 1
            names.setdefault(key, []).append((e.pk, address))
            existing[code] = e
        elif action == "updated":
            batch.updated += 1
        report.append(entry)
    batch.report = report
    batch.save()
    return batch

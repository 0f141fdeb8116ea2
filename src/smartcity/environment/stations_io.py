"""Import of monitoring stations from CSV, shared by `smartcity env stations import` and
the staff upload page.

Columns: `code,name,kind,lat,lon,owner` (required; `code` is the transmission code, the
station file name without `_<yyyyMMddHHmmss>.txt`, environment.md §1) and optionally
`name_en, river, industrial_park, facility, short_name, contact_emails, address,
admin_unit` (an administrative unit code, e.g. 718 or the post-2025 ward code).

Rules, chosen where the issue is silent:
- All or nothing: the file is checked whole first; if any row is bad nothing is written and
  every bad row is reported with its line and reason. A `--dry-run` (or the UI preview)
  shows what would change without writing.
- Idempotent: a row whose station exists updates it; a row equal to what is stored changes
  nothing (no history entry). Optional columns present in the file are set (an empty cell
  clears the value); columns absent from the file leave stored values alone.
- The platform's permission rule applies to each row when a user imports (the owner
  organisation's editors, the Smart City Office, superusers); the operator's CLI without
  `--user` acts as the system.
- Coordinates must fall in Vietnam's bounding box (mainland and near islands:
  latitude 8.0–23.5 °N, longitude 102.0–110.0 °E), WGS84 decimal degrees.
- The file may be UTF-8 with or without BOM (Excel), comma, semicolon or TAB separated.
"""
import csv
import io
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import can_change
from smartcity.environment.models import Station, StationKind
from smartcity.environment.services import StationError, create_station, slug_for_code
from smartcity.hub.models import Asset

REQUIRED = ("code", "name", "kind", "lat", "lon", "owner")
OPTIONAL = ("name_en", "river", "industrial_park", "facility", "short_name", "contact_emails", "address", "admin_unit")
STATION_TEXT = ("river", "industrial_park", "facility", "short_name")
VN_BBOX = (8.0, 23.5, 102.0, 110.0)  # lat min, lat max, lon min, lon max (WGS84)
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{1,79}$")
TIMESTAMP_TAIL = re.compile(r"_\d{14}$")
MAX_ROWS = 5000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass
class RowError:
    line: int
    code: str
    field: str | None
    reason: str  # machine code: unknown_kind, bad_coordinates, unknown_owner, duplicate_code, ...
    message: str

    def as_dict(self):
        return {"line": self.line, "code": self.code, "field": self.field, "reason": self.reason, "message": self.message}


@dataclass
class RowPlan:
    line: int
    code: str
    action: str  # create | update | unchanged
    values: dict
    changes: dict = field(default_factory=dict)  # field -> (old, new)

    def as_dict(self):
        return {"line": self.line, "code": self.code, "action": self.action,
                "changes": {k: [_plain(a), _plain(b)] for k, (a, b) in self.changes.items()}}


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> dict:
        return {"rows": len(self.rows) + len({e.line for e in self.errors}), "created": self.count("create"),
                "updated": self.count("update"), "unchanged": self.count("unchanged"),
                "rejected": len({e.line for e in self.errors}), "applied": self.applied, "dry_run": self.dry_run}

    def as_dict(self):
        return {**self.summary, "errors": [e.as_dict() for e in self.errors], "changes": [r.as_dict() for r in self.rows]}


def _plain(v):
    if isinstance(v, Organisation):
        return v.code
    if isinstance(v, AdministrativeUnit):
        return v.code
    return v


# -- reading -------------------------------------------------------------------------------
def _decode(data) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not UTF-8 text."))


def read_rows(data) -> tuple[list[str], list[tuple[int, dict]]]:
    """(columns, [(line number, {column: text})]) of a station CSV; blank lines skipped."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    columns = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportFileError(_("Missing column(s): %(columns)s. Required: %(required)s.")
                              % {"columns": ", ".join(missing), "required": ",".join(REQUIRED)})
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        raise ImportFileError(_("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(dupes)})
    rows = []
    last = reader.line_num
    try:
        for record in reader:
            line = last + 1
            last = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            rows.append((line, {c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(columns)
                                if c in REQUIRED or c in OPTIONAL}))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(_("Too many rows: at most %(n)s per file.") % {"n": MAX_ROWS})
    except csv.Error as exc:
        raise ImportFileError(_("Unreadable CSV near line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}) from None
    return [c for c in columns if c in REQUIRED or c in OPTIONAL], rows


def _number(text: str) -> float:
    t = text.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")  # a decimal comma, as Vietnamese spreadsheets write it
    v = float(t)
    if not math.isfinite(v):
        raise ValueError(text)
    return v


def _emails(text: str) -> list[str]:
    return [e for e in re.split(r"[;,\s]+", text) if e]


def _kind(text: str) -> str | None:
    k = text.strip().lower().replace("_", "-").replace(" ", "-")
    return k if k in StationKind.values else None


# -- planning --------------------------------------------------------------------------------
class _Context:
    """What the rows are checked against, read once per file."""

    def __init__(self, rows):
        codes = {r.get("code", "") for _, r in rows}
        owners = {r.get("owner", "").upper() for _, r in rows}
        self.orgs = {o.code.upper(): o for o in Organisation.objects.annotate(u=Upper("code")).filter(u__in=owners)}
        self.stations = {s.code: s for s in Station.objects.filter(code__in=codes).select_related("asset", "asset__admin_unit", "owner")}
        slugs = {slug_for_code(c) for c in codes if c}
        self.assets = {a.slug: a for a in Asset.objects.filter(slug__in=slugs).select_related("station")}
        unit_codes = {r.get("admin_unit", "") for _, r in rows if r.get("admin_unit")}
        today = timezone.localdate()
        self.units = {}
        for u in AdministrativeUnit.objects.filter(code__in=unit_codes).order_by("valid_from"):
            best = self.units.get(u.code)
            if best is None or not best.is_valid_on(today):
                self.units[u.code] = u  # the unit in force today, else the most recent


def _check_row(line: int, raw: dict, columns: list, ctx: _Context, user) -> tuple[dict | None, list[RowError]]:
    code = raw.get("code", "")
    errors = []

    def bad(field_name, reason, message):
        errors.append(RowError(line, code, field_name, reason, message))

    if not code:
        bad("code", "required", _("The transmission code is empty."))
    elif not CODE_RE.match(code):
        bad("code", "bad_code", _("A transmission code is 2-80 letters, digits, '_', '-' or '.', without spaces."))
    elif TIMESTAMP_TAIL.search(code):
        bad("code", "bad_code", _("A transmission code may not end with _<14 digits>: that is the file's timestamp."))
    name = raw.get("name", "")
    if not name:
        bad("name", "required", _("The station name is empty."))
    kind = _kind(raw.get("kind", ""))
    if kind is None:
        bad("kind", "unknown_kind", _("Unknown station kind %(kind)r; use one of: %(kinds)s.")
            % {"kind": raw.get("kind", ""), "kinds": ", ".join(StationKind.values)})
    lat = lon = None
    try:
        lat, lon = _number(raw.get("lat", "")), _number(raw.get("lon", ""))
    except ValueError:
        bad("lat", "bad_coordinates", _("Latitude and longitude must be decimal degrees (e.g. 10.98, 106.65)."))
    else:
        if not (VN_BBOX[0] <= lat <= VN_BBOX[1] and VN_BBOX[2] <= lon <= VN_BBOX[3]):
            bad("lat", "bad_coordinates", _("The position %(lat)s, %(lon)s is outside Vietnam (latitude 8.0-23.5, longitude 102.0-110.0).")
                % {"lat": lat, "lon": lon})
    owner = ctx.orgs.get(raw.get("owner", "").upper())
    if owner is None:
        bad("owner", "unknown_owner", _("Unknown owner organisation %(owner)r.") % {"owner": raw.get("owner", "")})
    values = {"code": code, "name": name, "kind": kind, "lat": lat, "lon": lon, "owner": owner}
    for col in ("name_en", "address", *STATION_TEXT):
        if col in columns:
            values[col] = raw.get(col, "")
    if "contact_emails" in columns:
        emails = _emails(raw.get("contact_emails", ""))
        for e in emails:
            try:
                validate_email(e)
            except ValidationError:
                bad("contact_emails", "bad_email", _("Not an e-mail address: %(email)s") % {"email": e})
        values["contact_emails"] = "\n".join(emails)
    if "admin_unit" in columns:
        unit_code = raw.get("admin_unit", "")
        unit = ctx.units.get(unit_code) if unit_code else None
        if unit_code and unit is None:
            bad("admin_unit", "unknown_admin_unit", _("Unknown administrative unit code %(code)r.") % {"code": unit_code})
        values["admin_unit"] = unit
    limits = {"name": 200, "name_en": 200, "address": 255, "river": 120, "industrial_park": 120, "facility": 200, "short_name": 40}
    for col, n in limits.items():
        if len(values.get(col) or "") > n:
            bad(col, "too_long", _("%(field)s is longer than %(n)s characters.") % {"field": col, "n": n})
    station = ctx.stations.get(code)
    if station is not None and kind is not None and station.kind != kind:
        bad("kind", "kind_change", _("Station %(code)s is %(old)s; its kind cannot change (its parameters depend on it).")
            % {"code": code, "old": station.kind})
    if station is None and code and kind is not None:
        asset = ctx.assets.get(slug_for_code(code))
        if asset is not None and (hasattr(asset, "station") or asset.asset_type_id != _type(kind)):
            bad("code", "asset_conflict", _("The hub asset %(slug)s already exists for something else.") % {"slug": asset.slug})
    if user is not None and owner is not None:
        if not can_change(user, owner):
            bad("owner", "forbidden_owner", _("You may not create or change stations of %(owner)s.") % {"owner": owner.code})
        elif station is not None and not can_change(user, station):
            bad("owner", "forbidden_owner", _("You may not change station %(code)s of %(owner)s.")
                % {"code": code, "owner": station.owner.code})
    return (None if errors else values), errors


def _type(kind: str) -> str:
    from smartcity.environment.parameters import STATION_KIND_TYPES

    return STATION_KIND_TYPES[kind]


def _same(a, b) -> bool:
    if isinstance(a, (Organisation, AdministrativeUnit)) or isinstance(b, (Organisation, AdministrativeUnit)):
        return getattr(a, "pk", None) == getattr(b, "pk", None)
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-7
    return (a or "") == (b or "")


def _current(station: Station) -> dict:
    a = station.asset
    return {"name": a.name, "lat": a.latitude, "lon": a.longitude, "owner": station.owner, "name_en": a.name_en,
            "address": a.address, "admin_unit": a.admin_unit, "contact_emails": station.contact_emails,
            **{k: getattr(station, k) for k in STATION_TEXT}}


def plan_import(data, user=None) -> ImportReport:
    """Check a station CSV against the database; nothing is written."""
    columns, rows = read_rows(data)
    report = ImportReport(columns=columns)
    ctx = _Context(rows)
    first_line = {}
    first_slug = {}
    for line, raw in rows:
        values, errors = _check_row(line, raw, columns, ctx, user)
        code = raw.get("code", "")
        if code and code in first_line:
            errors.append(RowError(line, code, "code", "duplicate_code",
                                   _("Code %(code)s is already on line %(line)s of this file.") % {"code": code, "line": first_line[code]}))
        elif code:
            first_line[code] = line
            slug = slug_for_code(code)
            if slug in first_slug and first_slug[slug][1] != code:
                errors.append(RowError(line, code, "code", "duplicate_code",
                                       _("Code %(code)s names the same hub asset as %(other)s on line %(line)s.")
                                       % {"code": code, "other": first_slug[slug][1], "line": first_slug[slug][0]}))
            first_slug.setdefault(slug, (line, code))
        if errors:
            report.errors.extend(errors)
            continue
        station = ctx.stations.get(code)
        if station is None:
            report.rows.append(RowPlan(line, code, "create", values,
                                       {k: (None, v) for k, v in values.items() if k != "code" and v not in (None, "")}))
            continue
        current = _current(station)
        changes = {k: (current[k], v) for k, v in values.items() if k in current and not _same(current[k], v)}
        report.rows.append(RowPlan(line, code, "update" if changes else "unchanged", values, changes))
    return report


def apply_plan(report: ImportReport) -> ImportReport:
    """Write a checked plan in one transaction (all rows or none)."""
    if report.errors:
        return report
    with transaction.atomic():
        for row in report.rows:
            if row.action == "unchanged":
                continue
            v = dict(row.values)
            code, name, kind, lat, lon, owner = (v.pop(k) for k in ("code", "name", "kind", "lat", "lon", "owner"))
            try:
                create_station(code, name, kind, owner, lat, lon, **v)
            except StationError as exc:  # raced with another writer since the check
                report.errors.append(RowError(row.line, code, "code", exc.code, str(exc)))
                transaction.set_rollback(True)
                return report
    report.applied = True
    return report


def import_stations(data, user=None, dry_run: bool = False) -> ImportReport:
    """Check then (unless `dry_run`) apply a station CSV; see the module docstring."""
    report = plan_import(data, user)
    report.dry_run = dry_run
    if dry_run or report.errors:
        return report
    return apply_plan(report)

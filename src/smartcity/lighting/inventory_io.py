"""Import and export of the lighting inventory: Excel (.xlsx) or CSV.

Two sheets (or two CSV files): `luminaires` (one row per luminaire, with its pole, group,
cabinet and circuit named by code and created when new) and `cabinets`. The kind of a CSV
is read from its header (a `rated_power_w` column means luminaires). Choices where the
issue is silent:

- Row by row: every valid row is written, every bad row is reported with its line, code,
  column, machine reason and message; nothing valid is lost because a neighbour is bad.
- Re-import updates by code (luminaire, pole, cabinet, group; circuit within its cabinet).
  A row equal to what is stored changes nothing.
- The permission rule applies to each row's owner (the owner organisation's editors, the
  Smart City Office); the operator's CLI without `--user` acts as the system.
- Coordinates must be in Vietnam (8.0-23.5 N, 102.0-110.0 E); decimal commas are read.
- Lamp technologies: led, hps, lps, mh, hg, cfl, induction (or their names: "LED",
  "sodium", "HPS", "cao áp natri" ...). Powers in watts, heights in metres, dates ISO or d/m/Y.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change
from smartcity.lighting.models import Cabinet, Circuit, LampTechnology, LightingGroup, Luminaire, Pole

VN_BBOX = (8.0, 23.5, 102.0, 110.0)
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,39}$")
MAX_ROWS = 20000

LUMINAIRE_COLUMNS = ["code", "owner", "pole", "lat", "lon", "street", "pole_height_m", "group", "group_name", "cabinet",
                     "circuit", "phase", "technology", "rated_power_w", "replaced_technology", "replaced_power_w",
                     "mounting_height_m", "model_name", "controller_id", "installed_on"]
LUMINAIRE_REQUIRED = ("code", "owner", "technology", "rated_power_w")
CABINET_COLUMNS = ["code", "owner", "name", "lat", "lon", "address", "phases", "rated_kva", "meter_number"]
CABINET_REQUIRED = ("code", "owner", "name")
_TECH_ALIASES = {"sodium": "hps", "natri": "hps", "cao áp natri": "hps", "high-pressure sodium": "hps", "son": "hps",
                 "metal halide": "mh", "halogen kim loại": "mh", "mercury": "hg", "thủy ngân": "hg", "compact": "cfl"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    sheet: str
    line: int
    code: str
    field: str | None
    reason: str
    message: str

    def as_dict(self):
        return {"sheet": self.sheet, "line": self.line, "code": self.code, "field": self.field, "reason": self.reason,
                "message": self.message}


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    sheets: list = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({(e.sheet, e.line) for e in self.errors})

    def as_dict(self):
        return {"sheets": self.sheets, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "errors": [e.as_dict() for e in self.errors]}


# -- reading ------------------------------------------------------------------------------------
def _norm_header(h) -> str:
    return str(h or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return (v.date() if isinstance(v, dt.datetime) else v).isoformat()
    return str(v).strip()


def _table(header, records, first_line: int) -> tuple[list[str], list[tuple[int, dict]]]:
    cols = [_norm_header(h) for h in header]
    rows = []
    for i, rec in enumerate(records):
        cells = [_cell(v) for v in rec]
        if not any(cells):
            continue
        rows.append((first_line + i, {c: (cells[j] if j < len(cells) else "") for j, c in enumerate(cols) if c}))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("Too many rows: at most %(n)s per sheet.") % {"n": MAX_ROWS})
    return cols, rows


def read_file(name: str, data: bytes) -> dict[str, tuple[list[str], list]]:
    """{kind: (columns, rows)} with kind 'luminaires' or 'cabinets'."""
    if name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data)


def _kind_of(cols) -> str | None:
    if "rated_power_w" in cols:
        return "luminaires"
    if "name" in cols and "code" in cols:
        return "cabinets"
    return None


def _read_csv(data: bytes) -> dict:
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is not UTF-8 text."))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("Unreadable CSV: %(error)s") % {"error": exc}) from None
    if not records:
        raise ImportFileError(_("The file is empty."))
    cols, rows = _table(records[0], records[1:], 2)
    kind = _kind_of(cols)
    if kind is None:
        raise ImportFileError(_("Unknown columns: a luminaire file has code, owner, technology, rated_power_w; "
                                "a cabinet file has code, owner, name."))
    return {kind: (cols, rows)}


def _read_xlsx(data: bytes) -> dict:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("Not a readable Excel workbook: %(error)s") % {"error": exc}) from None
    out = {}
    for ws in wb.worksheets:
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if not header:
            continue
        cols, rows = _table(header, list(it), 2)
        title = ws.title.strip().lower()
        kind = title if title in ("luminaires", "cabinets") else _kind_of(cols)
        if kind and kind not in out:
            out[kind] = (cols, rows)
    if not out:
        raise ImportFileError(_("No sheet named luminaires or cabinets, and no sheet with their columns."))
    return out


# -- checking -------------------------------------------------------------------------------------
def _number(text: str) -> float:
    t = text.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    v = float(t)
    if not math.isfinite(v):
        raise ValueError(text)
    return v


def _date(text: str) -> dt.date:
    t = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def technology(text: str) -> str | None:
    t = text.strip().lower()
    if t in LampTechnology.values:
        return t
    return _TECH_ALIASES.get(t) or next((v for v, label in LampTechnology.choices if str(label).lower() == t), None)


class _Row:
    def __init__(self, sheet, line, raw, report):
        self.sheet, self.line, self.raw, self.report = sheet, line, raw, report
        self.code = raw.get("code", "")
        self.bad = False

    def error(self, field_name, reason, message):
        self.bad = True
        self.report.errors.append(RowError(self.sheet, self.line, self.code, field_name, reason, message))

    def text(self, col, limit=200):
        v = self.raw.get(col, "")
        if len(v) > limit:
            self.error(col, "too_long", _("At most %(n)s characters.") % {"n": limit})
        return v

    def num(self, col, required=False, lo=0.0, hi=1e6):
        v = self.raw.get(col, "")
        if not v:
            if required:
                self.error(col, "required", _("This column is required."))
            return None
        try:
            x = _number(v)
        except ValueError:
            self.error(col, "not_numeric", _("%(value)r is not a number.") % {"value": v})
            return None
        if not (lo <= x <= hi):
            self.error(col, "out_of_range", _("%(value)s is outside %(lo)s..%(hi)s.") % {"value": x, "lo": lo, "hi": hi})
            return None
        return x

    def code_of(self, col, required=False):
        v = self.raw.get(col, "")
        if not v:
            if required:
                self.error(col, "required", _("This column is required."))
            return ""
        if not CODE_RE.match(v):
            self.error(col, "bad_code", _("A code is 1-40 letters, digits, '_', '-', '.' or '/', without spaces."))
        return v

    def position(self):
        lat, lon = self.num("lat", lo=-90, hi=90), self.num("lon", lo=-180, hi=180)
        if (lat is None) != (lon is None):
            self.error("lat", "bad_coordinates", _("Give both latitude and longitude."))
            return None, None
        if lat is not None and not (VN_BBOX[0] <= lat <= VN_BBOX[1] and VN_BBOX[2] <= lon <= VN_BBOX[3]):
            self.error("lat", "bad_coordinates", _("The position %(lat)s, %(lon)s is outside Vietnam.") % {"lat": lat, "lon": lon})
            return None, None
        return lat, lon


def _owner(row: _Row, orgs: dict, user):
    code = row.raw.get("owner", "").upper()
    org = orgs.get(code)
    if org is None:
        row.error("owner", "unknown_owner", _("Unknown owner organisation %(owner)r.") % {"owner": row.raw.get("owner", "")})
        return None
    if user is not None and not can_change(user, org):
        row.error("owner", "forbidden", _("You may not change records of %(owner)s.") % {"owner": org.code})
        return None
    return org


def _save(obj, values: dict, report: Report | None, user) -> str:
    """Create or update `obj` (unsaved or loaded) with values; returns the action."""
    if obj.pk is None:
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        if report:
            report.created += 1
        return "created"
    if user is not None and not can_change(user, obj):
        raise PermissionError(obj)
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not changed:
        if report:
            report.unchanged += 1
        return "unchanged"
    for k, v in changed.items():
        setattr(obj, k, v)
    obj.save()
    if report:
        report.updated += 1
    return "updated"


def import_file(name: str, data: bytes, user=None) -> Report:
    """Read, check and write a file; returns the report (raises ImportFileError if unreadable)."""
    from smartcity.lighting import services

    sheets = read_file(name, data)
    report = Report(sheets=sorted(sheets))
    codes = {r.get("owner", "").upper() for _, (_, rows) in sheets.items() for _, r in rows}
    orgs = {o.code.upper(): o for o in Organisation.objects.all() if o.code.upper() in codes}
    if "cabinets" in sheets:  # cabinets first: luminaire rows name them
        for line, raw in sheets["cabinets"][1]:
            row = _Row("cabinets", line, raw, report)
            code = row.code_of("code", required=True)
            owner = _owner(row, orgs, user)
            lat, lon = row.position()
            phases = row.num("phases", lo=1, hi=3)
            if phases is not None and int(phases) not in (1, 3):
                row.error("phases", "bad_phases", _("A cabinet is single phase (1) or three phase (3)."))
            values = {"owner": owner, "name": row.text("name"), "latitude": lat, "longitude": lon,
                      "address": row.text("address", 255), "phases": int(phases or 3), "rated_kva": row.num("rated_kva"),
                      "meter_number": row.text("meter_number", 40)}
            if not values["name"]:
                row.error("name", "required", _("This column is required."))
            if row.bad:
                continue
            cab = Cabinet.objects.filter(code=code).first() or Cabinet(code=code)
            try:
                with transaction.atomic():
                    if _save(cab, values, report, user) != "unchanged" or cab.asset_id is None:
                        services.ensure_cabinet_asset(cab)
            except PermissionError:
                row.error("code", "forbidden", _("This cabinet belongs to another organisation."))
    if "luminaires" in sheets:
        for line, raw in sheets["luminaires"][1]:
            _import_luminaire(_Row("luminaires", line, raw, report), orgs, user, report)
    return report


def _import_luminaire(row: _Row, orgs, user, report: Report) -> None:
    from smartcity.lighting import services

    code = row.code_of("code", required=True)
    owner = _owner(row, orgs, user)
    tech = technology(row.raw.get("technology", ""))
    if tech is None:
        row.error("technology", "unknown_technology", _("Unknown lamp technology %(t)r; use one of: %(all)s.")
                  % {"t": row.raw.get("technology", ""), "all": ", ".join(LampTechnology.values)})
    replaced = row.raw.get("replaced_technology", "")
    replaced_tech = technology(replaced) if replaced else ""
    if replaced and replaced_tech is None:
        row.error("replaced_technology", "unknown_technology", _("Unknown lamp technology %(t)r.") % {"t": replaced})
    rated = row.num("rated_power_w", required=True, lo=1, hi=2000)
    replaced_w = row.num("replaced_power_w", lo=1, hi=2000)
    mount = row.num("mounting_height_m", lo=1, hi=60)
    pole_code = row.code_of("pole")
    lat, lon = row.position()
    if pole_code and lat is None and not Pole.objects.filter(code=pole_code).exists():
        row.error("lat", "bad_coordinates", _("A new pole needs its latitude and longitude."))
    pole_h = row.num("pole_height_m", lo=1, hi=60)
    group_code = row.code_of("group")
    cab_code, circ_code = row.code_of("cabinet"), row.code_of("circuit")
    phase = row.raw.get("phase", "").upper() or "L1"
    if phase not in ("L1", "L2", "L3", "3P"):
        row.error("phase", "bad_phase", _("A phase is L1, L2, L3 or 3P."))
    cabinet = None
    if circ_code and not cab_code:
        row.error("cabinet", "required", _("A circuit is named within its cabinet: give the cabinet too."))
    if cab_code:
        cabinet = Cabinet.objects.filter(code=cab_code).first()
        if cabinet is None:
            row.error("cabinet", "unknown_cabinet", _("Unknown cabinet %(code)r: import it first (cabinets sheet).") % {"code": cab_code})
    installed = None
    if row.raw.get("installed_on"):
        try:
            installed = _date(row.raw["installed_on"])
        except ValueError:
            row.error("installed_on", "bad_date", _("A date is YYYY-MM-DD or DD/MM/YYYY."))
    controller = row.text("controller_id", 64)
    if controller and Luminaire.objects.filter(controller_id=controller).exclude(code=code).exists():
        row.error("controller_id", "duplicate_controller", _("Controller %(c)s already drives another luminaire.") % {"c": controller})
    model_name = row.text("model_name", 120)
    street = row.text("street")
    group_name = row.text("group_name")
    if row.bad:
        return
    try:
        with transaction.atomic():
            pole = None
            if pole_code:
                pole = Pole.objects.filter(code=pole_code).first() or Pole(code=pole_code)
                pv = {"owner": pole.owner if pole.pk else owner, "latitude": lat if lat is not None else pole.latitude,
                      "longitude": lon if lon is not None else pole.longitude}
                if street:
                    pv["street"] = street
                if pole_h is not None:
                    pv["height_m"] = pole_h
                _save(pole, pv, None, user if pole.pk else None)
            group = None
            if group_code:
                group = LightingGroup.objects.filter(code=group_code).first()
                if group is None:
                    group = LightingGroup.objects.create(code=group_code, name=group_name or group_code, owner=owner)
            circuit = None
            if cabinet is not None and circ_code:
                circuit = Circuit.objects.filter(cabinet=cabinet, code=circ_code).first()
                if circuit is None:
                    circuit = Circuit.objects.create(cabinet=cabinet, code=circ_code, phase=phase, owner=cabinet.owner)
            lum = Luminaire.objects.filter(code=code).first() or Luminaire(code=code)
            values = {"owner": owner, "technology": tech, "rated_power_w": rated, "replaced_technology": replaced_tech or "",
                      "replaced_power_w": replaced_w, "mounting_height_m": mount, "model_name": model_name,
                      "controller_id": controller, "installed_on": installed}
            if pole is not None:
                values["pole"] = pole
            if group is not None:
                values["group"] = group
            if circuit is not None:
                values["circuit"] = circuit
            action = _save(lum, values, report, user)
            if action != "unchanged" or lum.asset_id is None:
                services.ensure_luminaire_asset(Luminaire.objects.select_related("pole", "group").get(pk=lum.pk))
    except PermissionError:
        row.error("code", "forbidden", _("This luminaire or its pole belongs to another organisation."))


# -- export ---------------------------------------------------------------------------------------
def luminaire_rows(qs) -> list[list]:
    out = []
    for lum in qs.select_related("owner", "pole", "group", "circuit__cabinet"):
        p = lum.pole
        out.append([lum.code, lum.owner.code, p.code if p else "", p.latitude if p else None, p.longitude if p else None,
                    p.street if p else "", p.height_m if p else None, lum.group.code if lum.group else "",
                    lum.group.name if lum.group else "", lum.circuit.cabinet.code if lum.circuit else "",
                    lum.circuit.code if lum.circuit else "", lum.circuit.phase if lum.circuit else "", lum.technology,
                    lum.rated_power_w, lum.replaced_technology, lum.replaced_power_w, lum.mounting_height_m, lum.model_name,
                    lum.controller_id, lum.installed_on.isoformat() if lum.installed_on else ""])
    return out


def cabinet_rows(qs) -> list[list]:
    return [[c.code, c.owner.code, c.name, c.latitude, c.longitude, c.address, c.phases, c.rated_kva, c.meter_number]
            for c in qs.select_related("owner")]


def export_xlsx(luminaires, cabinets) -> bytes:
    from openpyxl import Workbook

    from smartcity.core.xlsx import add_sheet

    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "cabinets", CABINET_COLUMNS, cabinet_rows(cabinets))
    add_sheet(wb, "luminaires", LUMINAIRE_COLUMNS, luminaire_rows(luminaires))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_csv(kind: str, qs) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    if kind == "cabinets":
        w.writerow(CABINET_COLUMNS)
        w.writerows(cabinet_rows(qs))
    else:
        w.writerow(LUMINAIRE_COLUMNS)
        w.writerows([["" if v is None else v for v in r] for r in luminaire_rows(qs)])
    return buf.getvalue()

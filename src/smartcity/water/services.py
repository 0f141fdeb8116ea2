"""Reservoir operations as plain functions (no HTTP): stage-storage files, tables and the
volumes they give, daily accounting and season reports from the hub's readings."""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta

from django.db import transaction

from smartcity.water import balance, stage
from smartcity.water.balance import LOCAL
from smartcity.water.hub_types import METERED

LEVEL_HEADERS = {"level", "level_m", "h", "mực nước", "muc nuoc", "muc_nuoc", "cao trình", "cao trinh", "stage"}
VOLUME_HEADERS = {"volume", "volume_m3", "v", "dung tích", "dung tich", "dung_tich", "thể tích", "the tich", "storage"}


@dataclass
class StageFile:
    """What a file holds: the rows it could read and a report of every reason it refused.
    A table is saved only when `errors` is empty (a table is a whole; half a curve is wrong)."""

    levels: list = field(default_factory=list)
    volumes: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # file line of each row, for the report
    errors: list = field(default_factory=list)  # {"row", "field", "code", "message"}

    def add(self, row, fld, code, message):
        self.errors.append({"row": row, "field": fld, "code": code, "message": message})


def _num(text):
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip().replace(" ", "")
    if not s:
        return None
    if "," in s and "." not in s:  # Vietnamese decimal comma
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def _norm(h) -> str:
    return str(h or "").strip().lower().replace("(m)", "").replace("(m³)", "").replace("(m3)", "").strip()


def read_stage_file(data: bytes, filename: str = "") -> StageFile:
    """Rows of a stage-storage table from CSV (comma or semicolon) or Excel (.xlsx): a header
    row naming a level column and a volume column, then one row per level. Checked as a
    table: levels strictly increasing, volumes non-decreasing, at least two rows."""
    out = StageFile()
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        try:
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            out.add(0, "file", "unreadable", f"not a readable Excel file: {exc}")
            return out
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            out.add(0, "file", "encoding", "the file is not UTF-8 text")
            return out
        dialect = ";" if text.count(";") > text.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        out.add(0, "file", "empty", "the file has no rows")
        return out
    header = [_norm(h) for h in rows[0]]
    li = next((i for i, h in enumerate(header) if h in LEVEL_HEADERS), None)
    vi = next((i for i, h in enumerate(header) if h in VOLUME_HEADERS), None)
    if li is None or vi is None:
        out.add(1, "level" if li is None else "volume", "missing_column",
                "the header must name a level column (level, mực nước) and a volume column (volume, dung tích)")
        return out
    for n, r in enumerate(rows[1:], start=2):
        h = _num(r[li] if li < len(r) else None)
        v = _num(r[vi] if vi < len(r) else None)
        bad = False
        if h is None:
            out.add(n, "level", "not_a_number", f"line {n}: the level is not a number")
            bad = True
        if v is None:
            out.add(n, "volume", "not_a_number", f"line {n}: the volume is not a number")
            bad = True
        if not bad:
            out.levels.append(h)
            out.volumes.append(v)
            out.lines.append(n)
    for i, fld, code, message in stage.check(out.levels, out.volumes):
        line = out.lines[i] if i < len(out.lines) else 0
        out.add(line, fld, code, message.replace(f"row {i + 1}", f"line {line}"))
    return out


@transaction.atomic
def save_stage_table(reservoir, valid_from: date, levels, volumes, source: str = ""):
    """Create (or replace the rows of) the table version starting `valid_from`, then recompute
    the stored volumes from that day on. Raises stage.StageTableError on a bad table."""
    from smartcity.water.models import StageRow, StageTable
    from smartcity.water.volume_hooks import rederive

    checked = stage.Stage.of(levels, volumes)
    table, _ = StageTable.objects.get_or_create(reservoir=reservoir, valid_from=valid_from,
                                                defaults={"owner": reservoir.owner, "source": source})
    if source and table.source != source:
        table.source = source
    table.save()  # a history row for every change of the rows
    table.rows.all().delete()
    StageRow.objects.bulk_create([StageRow(table=table, level=h, volume=v) for h, v in zip(checked.levels, checked.volumes)])
    rederive(reservoir, valid_from)
    return table


def current_table(reservoir, on: date | None = None):
    on = on or datetime.now(LOCAL).date()
    return reservoir.stage_tables.filter(valid_from__lte=on).order_by("-valid_from").first()


# -- accounting ----------------------------------------------------------------------------
def _epoch(d: date) -> int:
    return int(datetime.combine(d, dtime(0), LOCAL).timestamp())


def _streams(asset_id) -> dict:
    from smartcity.hub.models import Datastream

    return dict(Datastream.objects.filter(asset_id=asset_id).values_list("quantity_id", "pk"))


def _obs(ds, t0, t1):
    from smartcity.hub.models import Observation

    if ds is None:
        return []
    return list(Observation.objects.filter(datastream_id=ds, t__gte=t0, t__lt=t1, status=0)
                .order_by("t").values_list("t", "value"))


def daily_balance(reservoir, start: date, end: date) -> list[balance.Day]:
    """Daily records of [start, end) (local days) from the hub's level, volume, metered
    amounts and the rain gauge."""
    from smartcity.hub.models import Observation

    t0, t1 = _epoch(start), _epoch(end)
    ds = _streams(reservoir.asset_id)
    levels = dict(_obs(ds.get("water_level"), t0, t1))
    volumes = dict(_obs(ds.get("stored_volume"), t0, t1))
    # the last sample before the range starts the first day's first interval
    for q, store in (("water_level", levels), ("stored_volume", volumes)):
        if ds.get(q) is not None:
            prev = Observation.objects.filter(datastream_id=ds[q], t__lt=t0, t__gte=t0 - 2 * 86400, status=0) \
                .order_by("-t").values_list("t", "value").first()
            if prev is not None:
                store[prev[0]] = prev[1]
    samples = [(t, levels[t], volumes[t]) for t in sorted(levels) if t in volumes
               and levels[t] is not None and volumes[t] is not None]
    flows = []
    for q, kind in METERED.items():
        flows += [(t, kind, v) for t, v in _obs(ds.get(q), t0, t1)]
    rain = {}
    if reservoir.rain_gauge_id:
        gauge = _streams(reservoir.rain_gauge_id).get("rainfall")
        for t, v in _obs(gauge, t0, t1):
            d = balance.local_day(t)
            rain[d] = rain.get(d, 0.0) + (v or 0.0)
    days = balance.daily(samples, flows, rain, crest_level=reservoir.crest_level,
                         spillway_width_m=reservoir.spillway_width_m, catchment_m2=reservoir.catchment_area_m2,
                         runoff_coefficient=reservoir.runoff_coefficient)
    return [d for d in days if start <= d.day < end]


def season_report(reservoirs, start: date, end: date) -> dict:
    """Captured vs reused per month and per season, per reservoir and all together."""
    per = []
    every = []
    for r in reservoirs:
        days = daily_balance(r, start, end)
        every += days
        per.append({"reservoir": r, "months": balance.monthly_totals(days), "seasons": balance.season_totals(days),
                    "total": _total(days)})
    return {"start": start, "end": end, "reservoirs": per, "months": balance.monthly_totals(every),
            "seasons": balance.season_totals(every), "total": _total(every)}


def _total(days) -> balance.Total:
    t = balance.Total("total", "total")
    for d in days:
        t.add(d)
    return t


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole months up to today (end exclusive: tomorrow)."""
    today = today or datetime.now(LOCAL).date()
    first = date(today.year - 1, today.month, 1)
    return first, today + timedelta(days=1)

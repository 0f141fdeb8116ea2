"""Versioned GTFS feeds in the database: import, activation, export, and the typed
Schedule of a stored version.

Every import is a new version of (owner, name); versions are never changed afterwards,
which is why a Schedule can be cached by feed id. The tables of the standard files go to
their models (bulk inserts in one transaction); any other file is kept verbatim
(FeedFile), so export gives back the same files, columns, column order and values.

Lossless storage of what the producer wrote:
- non-standard columns go to the row's `extra` (only non-empty cells);
- a typed column whose text does not read back identically from the typed value
  ('47.60' in a float column, '01' or 'x' as stop_sequence, a time of an unknown shape,
  a text longer than the column) keeps its original text in `extra[" raw"][column]`
  (a header can never start with a space: the reader strips it);
- a stop_sequence / shape_pt_sequence that is not a usable unique non-negative integer
  (missing, text, negative, a duplicate inside its trip/shape) gets a stand-in value at or
  above SUBSTITUTE_BASE to satisfy the table's unique key; the original text is in
  `extra[" raw"]`, and load_raw/export give the original back.
What cannot be stored refuses the whole import (ImportRefused listing each reason,
nothing written): a duplicated key in a keyed table (two stops with one stop_id, two
calendar rows for one service_id, ...) and a header naming a column twice. Everything
else, however wrong, is stored and left to the validator to report.
"""
from __future__ import annotations

import collections
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import threading
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from smartcity.mobility import models as m
from smartcity.mobility.gtfs.reader import RawFeed, Table, from_files, gtfs_seconds

RAW = " raw"
SUBSTITUTE_BASE = 1_000_000_000
INT_MAX = 2_147_483_647  # PositiveIntegerField / IntegerField on PostgreSQL
BATCH = 5000
MAX_SAMPLES = 100  # sample rows kept per notice code
MAX_PROBLEMS = 20  # reasons listed per table when an import is refused

TABLE_MODELS: dict[str, type[models.Model]] = {
    "agency": m.Agency, "stops": m.Stop, "routes": m.Route, "calendar": m.Calendar,
    "calendar_dates": m.CalendarDate, "trips": m.Trip, "stop_times": m.StopTime, "shapes": m.ShapePoint,
    "frequencies": m.Frequency, "fare_attributes": m.FareAttribute, "fare_rules": m.FareRule, "feed_info": m.FeedInfo,
}
DERIVED = {"stop_times": {"arrival_s": "arrival_time", "departure_s": "departure_time"}}
KEYS = {"agency": ("agency_id",), "stops": ("stop_id",), "routes": ("route_id",), "calendar": ("service_id",),
        "calendar_dates": ("service_id", "date"), "trips": ("trip_id",), "fare_attributes": ("fare_id",)}
SEQUENCES = {"stop_times": ("trip_id", "stop_sequence"), "shapes": ("shape_id", "shape_pt_sequence")}


class FeedError(Exception):
    """Base of the errors callers show to the user (message in plain words)."""


class ImportRefused(FeedError):
    """The source cannot be stored: not a zip, no GTFS table, duplicated keys... Nothing
    was written. `problems` lists each reason."""

    def __init__(self, message: str, problems: list[str] | None = None, raw: RawFeed | None = None):
        super().__init__(message)
        self.problems = problems or []
        self.raw = raw  # the parsed feed when there was one (for a validation report)


class FeedBlocked(FeedError):
    """Activation refused: the version has ERROR notices and force was not given."""

    def __init__(self, feed):
        self.feed, self.errors, self.warnings = feed, feed.errors, feed.warnings
        super().__init__(f"{feed} has {feed.errors} validation error(s) and {feed.warnings} warning(s); "
                         "activation needs force")


# -- typed columns ----------------------------------------------------------------------------
def _specs(model) -> list[tuple[str, str, int | None, bool]]:
    """(column, kind 'str'|'float'|'int', max_length, nullable) of the GTFS columns of a model."""
    out = []
    derived = set()
    for d in DERIVED.values():
        derived.update(d)
    for f in model._meta.concrete_fields:
        if f.name in ("id", "feed", "extra") or f.name in derived:
            continue
        if isinstance(f, models.FloatField):
            kind = "float"
        elif isinstance(f, models.IntegerField):
            kind = "int"
        else:
            kind = "str"
        out.append((f.name, kind, getattr(f, "max_length", None), f.null))
    return out


SPECS = {name: _specs(model) for name, model in TABLE_MODELS.items()}


def fmt_float(v: float | None) -> str:
    """How a stored float is written back; the original text is kept when it differs."""
    if v is None:
        return ""
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _fmt(kind: str, v) -> str:
    if v is None:
        return ""
    if kind == "float":
        return fmt_float(v)
    if kind == "int":
        return str(v)
    return v


def _seconds(text: str) -> int | None:
    try:
        s = gtfs_seconds(text)
    except (ValueError, TypeError):
        return None
    return s if s is not None and -INT_MAX <= s <= INT_MAX else None


def _convert(table: Table, feed_id: int, build: bool = True) -> tuple[list, list[str]]:
    """Model instances for one table, and the reasons it cannot be stored (if any)."""
    name = table.name
    specs = SPECS[name]
    cols = table.columns
    problems: list[str] = []
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        return [], [f"{name}.txt: the header names {', '.join(dup)} more than once"]
    position = {c: i for i, c in enumerate(cols)}
    known = {s[0] for s in specs}
    typed = [(n, position.get(n, -1), kind, ml, null) for n, kind, ml, null in specs]
    extras = [(i, c) for i, c in enumerate(cols) if c not in known]
    derived = [(target, position.get(src, -1)) for target, src in DERIVED.get(name, {}).items()]
    seq = SEQUENCES.get(name)
    key = KEYS.get(name)
    seen_keys: dict[tuple, int] = {}
    kws: list[dict] = []
    bad_seq: list[int] = []
    used_seq: set[tuple] = set()
    for r, row in enumerate(table.rows):
        kw = {"feed_id": feed_id}
        raw = None
        for n, i, kind, ml, null in typed:
            if i < 0:
                kw[n] = None if (kind != "str" and (null or (seq and n == seq[1]))) else ("" if kind == "str" else 0)
                continue
            text = row[i]
            if kind == "str":
                if ml and len(text) > ml:
                    raw = raw or {}
                    raw[n] = text
                    text = text[:ml]
                kw[n] = text
                continue
            v = None
            if text:
                try:
                    v = float(text) if kind == "float" else int(text)
                except ValueError:
                    v = None
                else:
                    if kind == "float" and not math.isfinite(v):
                        v = None
                    elif kind == "int" and not (0 <= v <= INT_MAX):
                        v = None
            if v is None and not null and not (seq and n == seq[1]):
                v = 0  # NOT NULL column with no usable value: a zero, the text kept below
            if _fmt(kind, v) != text:
                raw = raw or {}
                raw[n] = text
            kw[n] = v
        for target, i in derived:
            kw[target] = _seconds(row[i]) if i >= 0 else None
        extra = {c: row[i] for i, c in extras if row[i] != ""}
        if raw:
            extra[RAW] = raw
        kw["extra"] = extra
        if seq:
            s = kw[seq[1]]
            k = (kw[seq[0]], s)
            if s is None or k in used_seq:
                bad_seq.append(r)
                if position.get(seq[1], -1) >= 0:
                    extra.setdefault(RAW, {})[seq[1]] = row[position[seq[1]]]
            else:
                used_seq.add(k)
        if key:
            k = tuple(kw[c] for c in key)
            first = seen_keys.setdefault(k, r)
            if first != r and len(problems) < MAX_PROBLEMS:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(key, k))
                problems.append(f"{name}.txt line {r + 2}: duplicate key {shown} (first on line {first + 2})")
        kws.append(kw)
    if bad_seq:
        counter = SUBSTITUTE_BASE
        for r in bad_seq:
            kw = kws[r]
            while (kw[seq[0]], counter) in used_seq:
                counter += 1
            kw[seq[1]] = counter
            used_seq.add((kw[seq[0]], counter))
            counter += 1
    if problems or not build:
        return [], problems
    return kws, []


def _insert(model, kws: list[dict]) -> None:
    """Bulk insert of plain rows: COPY on PostgreSQL, executemany elsewhere. The ORM's
    bulk_create spends ~10x longer compiling SQL than the database spends writing."""
    if not kws:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    json_cols = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            dumps = json.dumps
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for kw in kws:
                    copy.write_row([dumps(kw[n], ensure_ascii=False) if i in json_cols else kw[n] for i, n in enumerate(names)])
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})"
        dumps = json.dumps
        for start in range(0, len(kws), BATCH):
            cursor.executemany(sql, [tuple(dumps(kw[n], ensure_ascii=False) if i in json_cols else kw[n]
                                           for i, n in enumerate(names)) for kw in kws[start:start + BATCH]])


# -- reading the source -----------------------------------------------------------------------
def _max_bytes() -> int:
    return int(getattr(settings, "MOBILITY_GTFS_MAX_BYTES", 1024 * 1024 * 1024))


def read_source(path: str | os.PathLike) -> tuple[dict[str, bytes], str]:
    """Every file of a GTFS zip or folder (as gtfs.reader.read_feed sees them) and the
    SHA-256 of the source. Raises ImportRefused for a file that is not a readable zip."""
    path = os.fspath(path)
    files: dict[str, bytes] = {}
    digest = hashlib.sha256()
    if os.path.isdir(path):
        for entry in sorted(os.listdir(path)):
            full = os.path.join(path, entry)
            if os.path.isfile(full):
                with open(full, "rb") as fh:
                    files[entry] = fh.read()
                digest.update(entry.encode() + b"\0" + files[entry])
        return files, digest.hexdigest()
    if not os.path.exists(path):
        raise ImportRefused(f"{path}: no such file or folder")
    with open(path, "rb") as fh:
        data = fh.read()
    digest.update(data)
    return files_from_zip(data, os.path.basename(path)), digest.hexdigest()


def files_from_zip(data: bytes, label: str = "upload") -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > _max_bytes():
            raise ImportRefused(f"{label}: {total} bytes uncompressed, more than the limit of {_max_bytes()}")
        files = {}
        for info in infos:
            files[os.path.basename(info.filename)] = zf.read(info)
        return files
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        raise ImportRefused(f"{label}: not a readable zip file ({exc})") from None
    except OSError as exc:  # e.g. a CRC error in a member
        raise ImportRefused(f"{label}: damaged zip file ({exc})") from None


def _table_bytes(table: Table) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(table.columns)
    w.writerows(table.rows)
    return out.getvalue().encode("utf-8")


def _raw_digest(raw: RawFeed) -> str:
    d = hashlib.sha256()
    for name, t in raw.tables.items():
        d.update(name.encode() + b"\0" + _table_bytes(t))
    for name, data in raw.other_files.items():
        d.update(name.encode() + b"\0" + data)
    return d.hexdigest()


# -- validation -------------------------------------------------------------------------------
def run_validation(raw: RawFeed):
    """The validator's Report, or None while the validator is not installed."""
    try:
        from smartcity.mobility.gtfs.validate import validate
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("smartcity.mobility.gtfs.validate"):
            return None
        raise
    return validate(raw)


def _notices(report, feed) -> list:
    if report is None:
        return []
    out = []
    for n in report.notices:
        out.append(m.ValidationNotice(feed=feed, code=n.code, severity=n.severity, count=n.count,
                                      samples=list(n.samples or [])[:MAX_SAMPLES]))
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
    except ValueError:
        return None


def service_span(raw: RawFeed) -> tuple[dt.date | None, dt.date | None]:
    """First and last date named by the calendar (ranges) and added exceptions."""
    starts, ends = [], []
    cal = raw.get("calendar")
    if cal is not None:
        starts += [d for d in map(_date, cal.col("start_date")) if d]
        ends += [d for d in map(_date, cal.col("end_date")) if d]
    cd = raw.get("calendar_dates")
    if cd is not None:
        added = [_date(d) for d, e in zip(cd.col("date"), cd.col("exception_type")) if e == "1"]
        added = [d for d in added if d]
        starts += added
        ends += added
    return (min(starts) if starts else None, max(ends) if ends else None)


# -- import -----------------------------------------------------------------------------------
class _Clock:
    """Wall time of each import step (reported by the CLI, kept on feed._timings)."""

    def __init__(self):
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 3)
        self.t = now

    def __str__(self):
        return ", ".join(f"{k} {v:.2f} s" for k, v in self.laps.items()) + f"; total {sum(self.laps.values()):.2f} s"


def _owner(owner):
    from smartcity.core.models import Organisation

    if isinstance(owner, Organisation):
        return owner
    if isinstance(owner, int):
        return Organisation.objects.get(pk=owner)
    try:
        return Organisation.objects.get(code=owner)
    except Organisation.DoesNotExist:
        raise FeedError(f"no organisation with code {owner!r}") from None


def _default_name(source, raw: RawFeed) -> str:
    label = raw.source if isinstance(source, (RawFeed, bytes, bytearray, memoryview)) else os.fspath(source)
    stem = Path(label.rstrip("/\\")).stem if label else ""
    return (stem or "feed")[:120]


def import_feed(source, *, owner, name=None, user=None, activate=False, force=False, progress=None,
                source_name: str | None = None) -> m.Feed:
    """Store a GTFS zip/folder (path), the bytes of a zip, or a RawFeed as a new version of
    (owner, name); the name defaults to the file's stem.

    Validation runs first (outside the transaction), then every table is written in one
    transaction. With activate=True the new version is activated afterwards; when that is
    blocked by ERROR notices, FeedBlocked is raised with the stored (imported) feed on it.
    `progress(message)` is called at each step (the CLI prints it to stderr)."""
    say = progress or (lambda msg: None)
    clock = _Clock()
    org = _owner(owner)
    if isinstance(source, RawFeed):
        raw, digest = source, _raw_digest(source)
        verbatim_bytes = {}
    elif isinstance(source, (bytes, bytearray, memoryview)):  # an uploaded zip
        data = bytes(source)
        label = source_name or "upload.zip"
        files = files_from_zip(data, label)
        raw, digest, verbatim_bytes = from_files(files, source=label), hashlib.sha256(data).hexdigest(), files
    else:
        say(f"reading {source}")
        files, digest = read_source(source)
        raw = from_files(files, source=os.fspath(source))
        verbatim_bytes = files
    if not raw.tables:
        raise ImportRefused("no GTFS table (.txt file) in the source", raw=raw)
    name = (name or _default_name(source, raw))[:120]
    clock.lap("read")

    say("validating")
    report = run_validation(raw)
    clock.lap("validate")

    say("preparing rows")
    files_meta: dict[str, dict] = {}
    verbatim: dict[str, bytes] = {}
    typed: list[tuple[str, Table]] = []
    order = 0
    for tname, table in raw.tables.items():
        fname = f"{tname}.txt"
        meta = {"order": order, "columns": list(table.columns), "rows": len(table.rows)}
        order += 1
        if tname in TABLE_MODELS and table.columns:
            meta["stored"] = "table"
            typed.append((tname, table))
        else:
            meta["stored"] = "verbatim"
            verbatim[fname] = verbatim_bytes.get(fname) or _table_bytes(table)
        files_meta[fname] = meta
    for fname, data in raw.other_files.items():
        if fname in files_meta:
            continue
        files_meta[fname] = {"order": order, "stored": "verbatim", "bytes": len(data)}
        order += 1
        verbatim[fname] = data

    problems: list[str] = []
    for tname, table in typed:  # a dry conversion first: refuse before writing anything
        if tname in KEYS or any(table.columns.count(c) > 1 for c in table.columns):
            problems += _convert(table, 0, build=False)[1]
    if problems:
        raise ImportRefused("the feed cannot be stored: " + "; ".join(problems[:3]) +
                            (f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""), problems, raw=raw)

    clock.lap("check")
    start, end = service_span(raw)
    tz = ""
    agency = raw.get("agency")
    if agency is not None and agency.rows:
        tz = agency.col("agency_timezone")[0]
    now = timezone.now()
    feed = None
    for attempt in range(3):
        try:
            with transaction.atomic():
                version = (m.Feed.objects.filter(owner=org, name=name).aggregate(v=Max("version"))["v"] or 0) + 1
                feed = m.Feed(owner=org, name=name, version=version, source_name=(source_name or raw.source or "")[-255:],
                              sha256=digest, timezone=(tz or "Asia/Ho_Chi_Minh")[:64], files=files_meta,
                              start_date=start, end_date=end,
                              errors=getattr(report, "errors", 0) or 0, warnings=getattr(report, "warnings", 0) or 0,
                              infos=getattr(report, "infos", 0) or 0, validated_at=now if report is not None else None)
                if user is not None and getattr(user, "is_authenticated", False):
                    feed._history_user = user
                feed.save()
                for tname, table in typed:
                    rows, _problems = _convert(table, feed.pk)
                    say(f"writing {tname}.txt ({len(rows)} rows)")
                    _insert(TABLE_MODELS[tname], rows)
                    del rows
                m.FeedFile.objects.bulk_create([m.FeedFile(feed=feed, name=n, content=data) for n, data in verbatim.items()])
                m.ValidationNotice.objects.bulk_create(_notices(report, feed))
            break
        except IntegrityError:
            # two imports of the same name at once took the same version number: take the next
            if attempt == 2 or not m.Feed.objects.filter(owner=org, name=name, version=version).exists():
                raise
    clock.lap("write")
    feed._report = report  # the validator's Report object, for callers that write it out
    feed._timings = clock.laps
    invalidate()
    say(f"stored {feed} (id {feed.pk}): {feed.errors} error(s), {feed.warnings} warning(s); {clock}")
    if activate:
        _activate(feed, user=user, force=force)
    return feed


# -- activation -------------------------------------------------------------------------------
def activate(feed, user=None, force=False) -> m.Feed:
    """Make this version the active one of its (owner, name); the active one before it is
    archived (kept and queryable). ERROR notices block unless force."""
    feed.refresh_from_db()
    if feed.errors and not force:
        raise FeedBlocked(feed)
    with transaction.atomic():
        # every version of the feed locked: two activations at once end with one active version
        list(m.Feed.objects.select_for_update().filter(owner_id=feed.owner_id, name=feed.name).values_list("pk", flat=True))
        for previous in m.Feed.objects.filter(
                owner_id=feed.owner_id, name=feed.name, status=m.FeedStatus.ACTIVE).exclude(pk=feed.pk):
            previous.status = m.FeedStatus.ARCHIVED
            if user is not None and getattr(user, "is_authenticated", False):
                previous._history_user = user
            previous.save(update_fields=["status", "updated_at"])
        feed.status = m.FeedStatus.ACTIVE
        feed.forced = bool(force and feed.errors)
        feed.activated_at = timezone.now()
        feed.activated_by = user if user is not None and getattr(user, "is_authenticated", False) else None
        if feed.activated_by is not None:
            feed._history_user = user
        feed.save()
    invalidate()
    return feed


_activate = activate  # import_feed's `activate` argument hides the function's name there


def active_feed(name: str | None = None, owner=None) -> m.Feed | None:
    """The active version (of this name / owner when given; the latest activated otherwise)."""
    qs = m.Feed.objects.filter(status=m.FeedStatus.ACTIVE)
    if name:
        qs = qs.filter(name=name)
    if owner is not None:
        from smartcity.core.models import Organisation

        if isinstance(owner, Organisation):
            qs = qs.filter(owner=owner)
        elif isinstance(owner, int):
            qs = qs.filter(owner_id=owner)
        else:
            qs = qs.filter(owner__code=owner)
    return qs.order_by("-activated_at", "-pk").first()


# -- reading a stored version back --------------------------------------------------------------
def _load_table(feed_id: int, tname: str, columns: list[str]) -> Table:
    model = TABLE_MODELS[tname]
    specs = {n: kind for n, kind, _ml, _null in SPECS[tname]}
    std = [c for c in columns if c in specs]
    getters = []
    for c in columns:
        if c in specs:
            getters.append((c, 1 + std.index(c), specs[c]))
        else:
            getters.append((c, -1, None))
    rows = []
    append = rows.append
    for rec in model.objects.filter(feed_id=feed_id).order_by("id").values_list("extra", *std).iterator(chunk_size=5000):
        extra = rec[0] or {}
        raw = extra.get(RAW)
        row = []
        for c, i, kind in getters:
            if i < 0:
                row.append(extra.get(c, ""))
            elif raw is not None and c in raw:
                row.append(raw[c])
            else:
                v = rec[i]
                row.append("" if v is None else (v if kind == "str" else (fmt_float(v) if kind == "float" else str(v))))
        append(row)
    return Table(tname, list(columns), rows)


def _ordered_files(feed) -> list[tuple[str, dict]]:
    return sorted((feed.files or {}).items(), key=lambda kv: (kv[1].get("order", 0), kv[0]))


def load_raw(feed) -> RawFeed:
    """The RawFeed of a stored version, rebuilt from its tables and kept files: the same
    tables, columns and cells as read_feed gives for the source."""
    if not isinstance(feed, m.Feed):
        feed = m.Feed.objects.get(pk=feed)
    kept = {f.name: bytes(f.content) for f in m.FeedFile.objects.filter(feed=feed)}
    parsed = from_files(kept, source=feed.source_name)
    tables, other = {}, {}
    for fname, meta in _ordered_files(feed):
        if meta.get("stored") == "table":
            tname = fname[:-4]
            tables[tname] = _load_table(feed.pk, tname, meta.get("columns", []))
        elif fname.endswith(".txt") and fname[:-4] in parsed.tables:
            tables[fname[:-4]] = parsed.tables[fname[:-4]]
        elif fname in kept:
            other[fname] = kept[fname]
    return RawFeed(tables, other, feed.source_name, dict(parsed.unreadable))


def export_feed(feed, path):
    """Write the stored version as a GTFS zip (to a path or a binary file object): the
    files it came with, each table with its columns in the original order and the original
    cell texts."""
    if not isinstance(feed, m.Feed):
        feed = m.Feed.objects.get(pk=feed)
    if not hasattr(path, "write"):
        path = Path(path)
    kept = {f.name: bytes(f.content) for f in m.FeedFile.objects.filter(feed=feed)}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for fname, meta in _ordered_files(feed):
            if meta.get("stored") == "table":
                zf.writestr(fname, _table_bytes(_load_table(feed.pk, fname[:-4], meta.get("columns", []))))
            elif fname in kept:
                zf.writestr(fname, kept[fname])
    return path


# -- typed schedules, cached ------------------------------------------------------------------
_CACHE_SIZE = 4
_cache: collections.OrderedDict = collections.OrderedDict()
_lock = threading.Lock()


def invalidate(feed_id: int | None = None) -> None:
    """Forget cached schedules (of one feed, or all)."""
    with _lock:
        if feed_id is None:
            _cache.clear()
        else:
            _cache.pop(feed_id, None)


def schedule_for(feed):
    """The typed Schedule of a stored version; the last few are kept in memory (a version's
    data never changes after import)."""
    from smartcity.mobility.gtfs.schedule import Schedule

    feed_id = feed if isinstance(feed, int) else feed.pk
    with _lock:
        hit = _cache.get(feed_id)
        if hit is not None:
            _cache.move_to_end(feed_id)
            return hit
    schedule = Schedule.from_raw(load_raw(feed))
    with _lock:
        _cache[feed_id] = schedule
        _cache.move_to_end(feed_id)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return schedule

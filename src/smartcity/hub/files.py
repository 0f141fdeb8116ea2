"""File backfill: `smartcity ingest csv` streams history files through the hub's normal
write path (`Normaliser` + `store`), so a year of readings from a station's archive gets
the same checks, rights, latest state and rollups as live data.

Why it is shaped like this:
- Resumable and exact. A file is known by the SHA-256 of its bytes (`IngestFile`). Rows
  are read in chunks; each chunk is stored in ONE transaction together with the file's
  progress (byte offset and row count of the last row in the chunk). A kill at any moment
  either loses the whole uncommitted chunk (redone on the next run) or keeps it with its
  progress: nothing is lost or stored twice, and the counts stay exact.
- Unreadable files are refused whole. Before anything is stored the file is scanned once
  (hash, gzip integrity, UTF-8, no NUL bytes, a usable header); a file that fails is copied
  to DATA_DIR/quarantine/ with `<name>.reason.txt` beside it.
- Bad rows are never silent: each goes to DATA_DIR/quarantine/<name>.rejected.csv with
  index, field, code, message and the raw row, so it can be fixed and loaded again (unknown
  columns are ignored, so the rejected file itself re-imports).
- Fast: no per-row ORM work. The Normaliser caches assets and datastreams; the store
  writes each chunk with the driver (executemany / COPY).

CSV: a header naming `asset,quantity,time,value` (or `datastream,time,value`), optional
`unit,status,lat,lon`: the columns `smartcity hub export` writes, so an export re-imports.
Plain or gzip (detected by content, so `.csv.gz` and mis-named files both work).
"""
import codecs
import csv
import gzip
import hashlib
import logging
import os
import shutil
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.hub.ingest import Normaliser, Principal, error
from smartcity.hub.models import IngestFile
from smartcity.hub.store import store
from smartcity.hub.timebase import LOCAL_TZ

log = logging.getLogger(__name__)

CHUNK_ROWS = 10_000
BLOCK = 1 << 20
HEAD_LIMIT = 64 * 1024  # a header line longer than this is not a CSV header
COLUMNS = ("asset", "quantity", "unit", "time", "value", "status", "lat", "lon", "datastream")
REJECT_COLUMNS = ("index", "field", "code", "message")
GZIP_MAGIC = b"\x1f\x8b"


class Unreadable(Exception):
    """The file as a whole cannot be read: it is quarantined and nothing is stored."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class IngestConflict(Exception):
    """Another process advanced the same file meanwhile (two runs on one file)."""


@dataclass
class Scan:
    sha256: str
    size: int
    gzip: bool
    header: list
    data_offset: int  # bytes of the (decompressed) text before the first data row


@dataclass
class FileReport:
    """What happened to one file. Counts are the file's totals over all its runs;
    `rows` and `seconds` are this run's (rows/s is this run's speed)."""

    path: str
    name: str
    status: str  # done | resumed | already_done | quarantined | missing | conflict
    sha256: str = ""
    rows: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0
    resumed_from: int = 0
    code: str = ""
    reason: str = ""
    rejected_path: str = ""
    quarantine_path: str = ""

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def failed(self) -> bool:
        """The file or some of its rows were not stored (the CLI exits non-zero)."""
        return self.status in ("quarantined", "missing", "conflict") or self.rejected > 0


def quarantine_dir() -> Path:
    path = Path(settings.DATA_DIR) / "quarantine"
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- scanning -------------------------------------------------------------------------------
def _check_text(blocks) -> bytes:
    """Consume the file's (decompressed) bytes; raise Unreadable unless it is UTF-8 text
    without NUL bytes. Returns the first bytes (for the header)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    offset = lines = 0
    for block in blocks:
        if len(head) < HEAD_LIMIT:
            head += block[:HEAD_LIMIT - len(head)]
        nul = block.find(b"\x00")
        if nul >= 0:
            raise Unreadable("binary", _("the file is binary, not CSV text (NUL byte at offset %(offset)d)") % {"offset": offset + nul})
        try:
            decoder.decode(block)
        except UnicodeDecodeError as exc:
            at = max(0, exc.start)  # may point before the block when a character straddles two blocks
            raise Unreadable("not_utf8", _("the file is not UTF-8 text (bad byte on line %(line)d, at offset %(offset)d); save it as CSV UTF-8")
                             % {"line": lines + block[:at].count(b"\n") + 1, "offset": offset + exc.start}) from None
        offset += len(block)
        lines += block.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Unreadable("not_utf8", _("the file is not UTF-8 text (it ends inside a character); save it as CSV UTF-8")) from None
    return head


def _parse_header(head: bytes) -> tuple[list, int]:
    if not head.strip(b"\r\n\t \xef\xbb\xbf"):
        raise Unreadable("empty", _("the file is empty: it has no header line"))
    end = head.find(b"\n")
    if end < 0:
        if len(head) >= HEAD_LIMIT:
            raise Unreadable("bad_header", _("the first line is too long to be a CSV header"))
        line, data_offset = head, len(head)
    else:
        line, data_offset = head[:end + 1], end + 1
    text = line.decode("utf-8").lstrip("\ufeff")
    try:
        header = [h.strip().lower() for h in next(csv.reader([text.rstrip("\r\n")]))]
    except (csv.Error, StopIteration):
        raise Unreadable("bad_header", _("the header line is not CSV")) from None
    names = set(header)
    missing = {"time", "value"} - names
    if missing or not ({"asset", "quantity"} <= names or "datastream" in names):
        raise Unreadable("bad_header", _("the header must name asset,quantity,time,value (or datastream,time,value); it has: %(header)s")
                         % {"header": ",".join(header)[:300]})
    known = [h for h in header if h in COLUMNS]
    if len(known) != len(set(known)):
        raise Unreadable("bad_header", _("the header names a column twice: %(header)s") % {"header": ",".join(header)[:300]})
    return header, data_offset


def scan(path: Path) -> Scan:
    """Hash the file and check, before anything is stored, that it can be read at all."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        is_gzip = f.read(2) == GZIP_MAGIC
        f.seek(0)
        if is_gzip:
            for block in iter(lambda: f.read(BLOCK), b""):
                digest.update(block)
        else:
            def hashed():
                for block in iter(lambda: f.read(BLOCK), b""):
                    digest.update(block)
                    yield block

            head = _check_text(hashed())
    if is_gzip:
        try:
            with gzip.open(path, "rb") as g:
                head = _check_text(iter(lambda: g.read(BLOCK), b""))
        except (OSError, EOFError, zlib.error) as exc:
            raise Unreadable("bad_gzip", _("the gzip file is damaged: %(error)s") % {"error": exc}) from None
    header, data_offset = _parse_header(head)
    return Scan(digest.hexdigest(), size, is_gzip, header, data_offset)


def _quarantine(path: Path, sha256: str, code: str, message: str) -> Path:
    """Copy an unreadable file aside with a reason file; the original is left in place."""
    qdir = quarantine_dir()
    target = qdir / path.name
    if target.exists() and _sha256(target) != sha256:
        target = qdir / f"{path.stem}.{sha256[:8]}{path.suffix}"  # keep an earlier, different file
    shutil.copyfile(path, target)
    reason = target.with_name(target.name + ".reason.txt")
    reason.write_text(
        f"file: {path}\nsha256: {sha256}\nsize: {path.stat().st_size}\n"
        f"time: {datetime.now(LOCAL_TZ).isoformat(timespec='seconds')}\ncode: {code}\nreason: {message}\n"
        f"{_('Nothing from this file was stored.')}\n", encoding="utf-8")
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


# -- rejected rows ---------------------------------------------------------------------------
class _Rejects:
    """DATA_DIR/quarantine/<name>.rejected.csv, written before each chunk commits and
    trimmed on resume to the rows of committed chunks, so it matches the counts exactly."""

    def __init__(self, path: Path, header: list, resume_index: int):
        self.path, self.header, self.f, self.writer = path, header, None, None
        if resume_index == 0:
            path.unlink(missing_ok=True)
        elif path.exists():
            self._trim(resume_index)

    def _trim(self, resume_index: int):
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(self.path, newline="", encoding="utf-8") as src, open(tmp, "w", newline="", encoding="utf-8") as dst:
            reader, writer = csv.reader(src), csv.writer(dst)
            for i, row in enumerate(reader):
                if i == 0 or (row and row[0].isdigit() and int(row[0]) < resume_index):
                    writer.writerow(row)
        os.replace(tmp, self.path)

    def write(self, rejects: list):
        if self.f is None:
            new = not self.path.exists() or self.path.stat().st_size == 0
            self.f = open(self.path, "a", newline="", encoding="utf-8")
            self.writer = csv.writer(self.f)
            if new:
                self.writer.writerow([*REJECT_COLUMNS, *self.header])
        for index, err, raw in sorted(rejects, key=lambda r: r[0]):
            self.writer.writerow([index, err["field"] or "", err["code"], err["message"], *raw])
        self.f.flush()
        os.fsync(self.f.fileno())

    def close(self):
        if self.f is not None:
            self.f.close()
            self.f = None


# -- the run ---------------------------------------------------------------------------------
def _collapsed(readings) -> tuple[int, int]:
    """Rows repeating a (datastream, time) earlier in the same chunk: the store keeps the
    last one; count them as replaced or unchanged so every row is accounted for."""
    seen, replaced, unchanged = {}, 0, 0
    for r in readings:
        key = (r[0], r[1])
        prev = seen.get(key)
        if prev is not None:
            if prev == r[2:]:
                unchanged += 1
            else:
                replaced += 1
        seen[key] = r[2:]
    return replaced, unchanged


def ingest_csv(path, principal: Principal | None = None, *, chunk_rows: int = CHUNK_ROWS, force: bool = False,
               progress=None) -> FileReport:
    """Load one CSV (or gzip CSV) file; see the module docstring.

    `principal`: who writes (default: the operator, Principal.system("file:<name>")).
    `progress(position, total)`: called with the file's byte position at start and after
    every committed chunk. Must not run inside an outer transaction if progress is to
    survive a crash (each chunk commits on its own).
    """
    started = time.monotonic()
    path = Path(path)
    name = path.name
    report = FileReport(path=str(path), name=name, status="missing")
    if not path.is_file():
        report.code, report.reason = "missing", _("no such file")
        return report
    try:
        info = scan(path)
    except Unreadable as bad:
        sha = _sha256(path)
        report.status, report.sha256, report.code, report.reason = "quarantined", sha, bad.code, bad.message
        report.quarantine_path = str(_quarantine(path, sha, bad.code, bad.message))
        report.seconds = time.monotonic() - started
        log.warning("quarantined %s: %s", path, bad.message)
        return report
    report.sha256 = info.sha256
    principal = principal or Principal.system(f"file:{name}")
    source = principal.label if principal.label.startswith("file:") else f"file:{name} {principal.label}"

    where = str(path.resolve())[-500:]  # the model's limit; the end of a path says most
    record, _created = IngestFile.objects.get_or_create(sha256=info.sha256, defaults={"path": where, "size": info.size})
    if record.finished_at is not None and not force:
        _fill_totals(report, record)
        report.status = "already_done"
        report.resumed_from = record.rows_done
        report.seconds = time.monotonic() - started
        if report.rejected:
            report.rejected_path = str(quarantine_dir() / f"{name}.rejected.csv")
        return report
    if force:
        IngestFile.objects.filter(pk=record.pk).update(
            rows_done=0, bytes_done=0, stored=0, replaced=0, unchanged=0, rejected=0, finished_at=None, updated_at=timezone.now())
        record.refresh_from_db()
    if record.path != where:
        IngestFile.objects.filter(pk=record.pk).update(path=where)

    resume_index = record.rows_done
    report.resumed_from = resume_index
    report.status = "resumed" if resume_index else "done"
    rejects = _Rejects(quarantine_dir() / f"{name}.rejected.csv", info.header, resume_index)
    run = _Run(record, info, path, principal, source, rejects, chunk_rows, progress)
    try:
        run.go()
    except IngestConflict:
        report.status, report.code = "conflict", "conflict"
        report.reason = _("another process is loading the same file; try again when it has finished")
    finally:
        rejects.close()
    record.refresh_from_db()
    _fill_totals(report, record)
    report.rows = run.rows
    report.seconds = time.monotonic() - started
    if report.rejected:
        report.rejected_path = str(rejects.path)
    return report


def _fill_totals(report: FileReport, record: IngestFile):
    report.stored, report.replaced, report.unchanged, report.rejected = record.stored, record.replaced, record.unchanged, record.rejected


class _Run:
    """One pass over a file from its committed position to the end."""

    def __init__(self, record, info: Scan, path: Path, principal, source, rejects, chunk_rows, progress):
        self.record, self.info, self.path, self.source, self.rejects = record, info, path, source, rejects
        self.chunk_rows = max(1, int(chunk_rows))
        self.progress = progress
        self.normaliser = Normaliser(principal)
        self.keys = [h if h in COLUMNS else None for h in info.header]
        self.ncols = len(info.header)
        self.committed_bytes = record.bytes_done
        self.committed_rows = record.rows_done
        self.rows = 0

    def go(self):
        info = self.info
        start = max(self.committed_bytes, info.data_offset)
        f = gzip.open(self.path, "rb") if info.gzip else open(self.path, "rb")
        try:
            f.seek(start)  # gzip: decompresses forward to the offset
            raw = f.fileobj if info.gzip else f
            position = [start]

            def lines():
                for line in f:
                    position[0] += len(line)
                    yield line.decode("utf-8")

            self._report_progress(raw)
            reader = csv.reader(lines())
            index = self.committed_rows
            records, where, raws, early = [], [], [], []
            keys, ncols = self.keys, self.ncols
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    early.append((index, error(index, None, "bad_csv_row", str(exc)), []))
                    row = None
                if row is not None and row and not (len(row) == 1 and not row[0].strip()):
                    if len(row) > ncols:
                        early.append((index, error(index, None, "column_count",
                                                   f"{len(row)} fields but the header has {ncols}; quote values that contain a comma"), row))
                    else:
                        # values are stripped where they are parsed (time, value, status, unit)
                        rec = {key: value for key, value in zip(keys, row) if key is not None and value}
                        if "asset" in rec:
                            rec["asset"] = rec["asset"].strip()
                        if "datastream" in rec:
                            ds = rec["datastream"].strip()
                            rec["datastream"] = int(ds) if ds.isdigit() else ds
                        records.append(rec)
                        where.append(index)
                        raws.append(row)
                index += 1
                if index - self.committed_rows >= self.chunk_rows:
                    self._commit(records, where, raws, early, index, position[0], final=False)
                    self._report_progress(raw)
                    records, where, raws, early = [], [], [], []
            self._commit(records, where, raws, early, index, position[0], final=True)
            self._report_progress(raw)
        finally:
            f.close()

    def _report_progress(self, raw):
        if self.progress is not None:
            try:
                pos = raw.tell()
            except (OSError, ValueError):
                pos = self.info.size
            self.progress(min(pos, self.info.size), self.info.size)

    def _commit(self, records, where, raws, early, index, end_bytes, final: bool):
        with transaction.atomic():
            readings, errors = self.normaliser.rows(records) if records else ([], [])
            rejects = list(early)
            rejects.extend((where[e["index"]], {**e, "index": where[e["index"]]}, raws[e["index"]]) for e in errors)
            if rejects:
                self.rejects.write(rejects)  # before the commit; trimmed on resume if it never comes
            n_rejected = len({r[0] for r in rejects})
            extra_replaced, extra_unchanged = _collapsed(readings)
            result = store(readings, source=self.source) if readings else None
            changes = dict(
                rows_done=index, bytes_done=end_bytes, updated_at=timezone.now(),
                stored=F("stored") + (result.stored if result else 0),
                replaced=F("replaced") + (result.replaced if result else 0) + extra_replaced,
                unchanged=F("unchanged") + (result.unchanged if result else 0) + extra_unchanged,
                rejected=F("rejected") + n_rejected,
            )
            if final:
                changes["finished_at"] = timezone.now()
            updated = IngestFile.objects.filter(pk=self.record.pk, rows_done=self.committed_rows,
                                                bytes_done=self.committed_bytes).update(**changes)
            if updated != 1:
                raise IngestConflict(self.path)
        self.committed_rows, self.committed_bytes = index, end_bytes
        self.rows += len(records) + len({r[0] for r in early})

"""The station-file inbox: from a file a station uploaded to readings in the hub.

For each file (Circular 10/2021 layout, parsed by `stationfile`):
1. the file is known by the SHA-256 of its bytes and its station code: a file already
   stored is a `duplicate` and stores nothing new (its StationFile row says so);
2. the station is found by its transmission code (the file name without the timestamp);
   a file delivered through an FTP account may only be for a station linked to it;
3. every line goes through the hub's own checks (`hub.ingest.Normaliser`: parameter
   aliases, units and their conversion, time not in the future nor past retention);
4. the valid lines are written by ONE `hub.store.store()` call in ONE transaction together
   with the file's StationFile row: a file is stored whole or not at all, never half;
5. afterwards the file is archived under DATA_DIR/environment/archive/yyyy/mm/dd/ (the
   measurement date of its name). A file of an unknown station, of a station the account
   may not deliver, with a bad name or with no valid line goes to
   DATA_DIR/environment/quarantine/ with `<name>.reason.txt` beside it.

Files still being written are never read: the FTP server hands over a file only when
pyftpdlib reports its upload complete (`on_file_received`), marks uploads in progress as
busy, and the polling watcher takes only `*.txt` files that are not busy and whose
modification time is older than a settling delay (uploads through other means should use
a temporary name and rename, which is atomic). Files are taken in measurement-time order
(the timestamp in the name), so a station's later file is not stored before its earlier one.
"""
import hashlib
import json
import logging
import os
import queue
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from smartcity.environment import stationfile as sf
from smartcity.environment.models import FileOutcome, FtpAccount, Station, StationFile
from smartcity.hub.ingest import Normaliser, Principal, Reject
from smartcity.hub.store import StoreResult, store
from smartcity.hub.store import batch as store_batch
from smartcity.hub.timebase import LOCAL_TZ

log = logging.getLogger(__name__)

SETTLE_S = 5.0  # a polled file must be this long unmodified before it is read
MAX_ATTEMPTS = 3  # a file whose store keeps failing is quarantined after this many tries
FILE_LIMIT = 5 * 1024 * 1024  # one transmission is a few hundred bytes; refuse absurd files
# files written per transaction (each in its savepoint), and how long one may stay open:
# SQLite has one writer, so other writers (web, MQTT) wait at most about this long
CHUNK_FILES = 500
CHUNK_SECONDS = 1.0

# reason codes of a whole file
UNKNOWN_STATION = "unknown_station"
NOT_ALLOWED = "station_not_allowed"
NO_VALID_LINE = "no_valid_line"
TOO_LARGE = "too_large"
INCOMPLETE = "incomplete_upload"
STORE_FAILED = "store_failed"

# A water station's `Temp` is the water's temperature, not the air's: the hub resolves it
# by the station type's `quantity_map` (hub.registry), for files, HTTP and MQTT alike.


def env_dir(*parts) -> Path:
    path = Path(settings.DATA_DIR) / "environment"
    for p in parts:
        path = path / p
    path.mkdir(parents=True, exist_ok=True)
    return path


def inbox_dir() -> Path:
    return env_dir("inbox")


def archive_dir() -> Path:
    return env_dir("archive")


def quarantine_dir() -> Path:
    return env_dir("quarantine")


@dataclass
class FileResult:
    path: str
    name: str
    outcome: str  # stored | duplicate | quarantined | failed | skipped
    code: str = ""
    reason: str = ""
    station: str = ""
    lines: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: int = 0
    kept_at: str = ""
    record_id: int | None = None


@dataclass
class Summary:
    files: int = 0
    lines: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: int = 0
    quarantined: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    results: list = field(default_factory=list)

    def add(self, r: FileResult, keep: bool = True) -> None:
        if r.outcome == "skipped":
            return
        self.files += 1
        self.lines += r.lines
        self.stored += r.stored
        self.replaced += r.replaced
        self.unchanged += r.unchanged
        self.rejected += r.rejected
        self.quarantined += r.outcome == FileOutcome.QUARANTINED
        self.duplicates += r.outcome == FileOutcome.DUPLICATE
        self.failed += r.outcome == "failed"
        if keep:
            self.results.append(r)

    def as_dict(self, with_files: bool = False) -> dict:
        d = {k: getattr(self, k) for k in ("files", "lines", "stored", "replaced", "unchanged", "rejected", "quarantined",
                                           "duplicates", "failed")}
        d["seconds"] = round(self.seconds, 3)
        if with_files:
            d["results"] = [asdict(r) for r in self.results]
        return d

    def text(self) -> str:
        return ("files {files}, lines {lines}, stored {stored}, replaced {replaced}, rejected {rejected}, "
                "quarantined {quarantined}".format(**self.as_dict()))


# -- moving files ------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _place(src: Path, target_dir: Path, sha: str, mode: str) -> Path:
    """Move (mode "move") or copy ("copy") `src` into `target_dir`; an earlier, different file
    of the same name is kept and this one gets `.<sha8>` before its extension."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / src.name
    if target.exists():
        if _file_sha(target) == sha:
            if mode == "move" and src.resolve() != target.resolve():
                src.unlink(missing_ok=True)
            return target
        target = target_dir / f"{src.stem}.{sha[:8]}{src.suffix}"
    if mode == "move":
        try:
            os.replace(src, target)
        except OSError:  # another file system
            shutil.copyfile(src, target)
            src.unlink(missing_ok=True)
    else:
        shutil.copyfile(src, target)
    return target


def _file_sha(path: Path) -> str:
    try:
        return _sha256(path.read_bytes())
    except OSError:
        return ""


def archive_target(name: sf.FileName | None) -> Path:
    """archive/yyyy/mm/dd/ of the measurement time in the file name (local date)."""
    when = datetime.fromtimestamp(name.t, LOCAL_TZ) if name else datetime.now(LOCAL_TZ)
    return Path(settings.DATA_DIR) / "environment" / "archive" / f"{when:%Y}" / f"{when:%m}" / f"{when:%d}"


def _quarantine(path: Path, sha: str, code: str, reason: str, mode: str, rejections=()) -> Path:
    target = _place(path, quarantine_dir(), sha, mode) if mode != "keep" else _place(path, quarantine_dir(), sha, "copy")
    lines = [f"file: {path}", f"sha256: {sha}", f"time: {datetime.now(LOCAL_TZ).isoformat(timespec='seconds')}",
             f"code: {code}", f"reason: {reason}", "Nothing from this file was stored."]
    if rejections:
        lines.append("rejected lines:")
        lines += [f"  line {r['line']}: [{r['code']}] {r['field']}: {r['reason']}" for r in rejections]
    target.with_name(target.name + ".reason.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


# -- one file -----------------------------------------------------------------------------------
@dataclass
class _Ready:
    """A file ready to be written: parsed, normalised, its station known."""
    result: FileResult
    path: Path
    sha: str
    name: sf.FileName
    account: FtpAccount | None
    station: Station
    lines: int
    readings: list
    rejections: list
    notes: list
    kept: str
    res: object = None


class Processor:
    """Processes files; one per batch or watcher cycle (it caches stations and datastreams)."""

    def __init__(self, *, mode: str = "move", record_duplicates: bool = True, inbox_root: Path | None = None):
        """mode: "move" (the inbox: files leave it), "copy" (backfill: originals stay, a copy
        is archived or quarantined) or "keep" (backfill without archive: only recorded)."""
        self.mode = mode
        self.record_duplicates = record_duplicates
        self.inbox_root = Path(inbox_root).resolve() if inbox_root else None
        self.normaliser = Normaliser(Principal.system("file:station"))
        self._stations: dict[str, Station | None] = {}
        self._accounts: dict[str, FtpAccount | None] = {}
        self._allowed: dict[int, set] = {}
        self.attempts: dict[tuple, int] = {}
        self.known_shas: set | None = None  # SHA-256 of files already recorded (None: ask per file)
        self._written: set = set()  # (SHA-256, station code) stored by this processor

    # lookups, cached per processor
    def station(self, code: str) -> Station | None:
        if code not in self._stations:
            self._stations[code] = Station.objects.filter(code=code).select_related("asset", "asset__asset_type").first()
        return self._stations[code]

    def account_for(self, path: Path) -> FtpAccount | None:
        """The FTP account whose home holds the file: the first folder under the inbox."""
        if self.inbox_root is None:
            return None
        try:
            rel = path.resolve().relative_to(self.inbox_root)
        except ValueError:
            return None
        if len(rel.parts) < 2:
            return None
        username = rel.parts[0]
        if username not in self._accounts:
            self._accounts[username] = FtpAccount.objects.filter(username=username).first()
        return self._accounts[username]

    def allowed(self, account: FtpAccount) -> set:
        if account.pk not in self._allowed:
            self._allowed[account.pk] = set(account.stations.values_list("code", flat=True))
        return self._allowed[account.pk]

    def process(self, path, account: FtpAccount | None | bool = True) -> FileResult:
        """Process one file in its own transaction. `account`: True = from its inbox
        folder; None = no account check."""
        prep = self._prepare(Path(path), account)
        if isinstance(prep, FileResult):
            return prep
        try:
            with transaction.atomic():
                record = self._write(prep)
        except Exception as exc:  # nothing of the file was committed
            return self._failed(prep, exc)
        return self._archive(prep, record)

    def process_many(self, paths, account: FtpAccount | None | bool = True, *, on_error=None,
                     max_files: int | None = None, max_seconds: float | None = None):
        """Process files (in the order given) and yield their results, many files per
        transaction: each file is written in its own savepoint, so a file that fails rolls
        back alone and is never half-applied, and the whole run commits once per chunk
        (at most `max_files` files or `max_seconds` of work, so other writers wait little).
        The after-store hooks run for every file exactly as in `process` (same order, same
        data); they only keep lookups and the index queue for the chunk (`hub.store.batch`).
        Files to quarantine or already stored are handled between chunks, one by one; if
        a chunk's commit fails, its files are processed again one by one.
        `on_error(path, exc)`: called for an unexpected error of one file (the rest go on);
        without it the error propagates."""
        paths = [Path(p) for p in paths]
        max_files = max_files or CHUNK_FILES
        max_seconds = max_seconds or CHUNK_SECONDS
        i = 0
        while i < len(paths):
            results, i, leftover = self._chunk(paths, i, account, max_files, max_seconds)
            yield from results
            if leftover is not None:  # a file for quarantine or a duplicate: outside the chunk
                i += 1
                try:
                    r = self.process(leftover, account)
                except Exception as exc:
                    if on_error is None:
                        raise
                    on_error(leftover, exc)
                    continue
                yield r

    def _chunk(self, paths, i, account, max_files, max_seconds):
        """Store files from paths[i] on in one transaction. Returns (results, next index,
        the file that stopped the chunk and must be handled alone, or None).

        Consecutive files of different stations (the same transmission time of a whole
        network) are written by one `store()` call: the after-store hooks treat each
        datastream on its own and the stations' datastreams are disjoint, so this gives
        what one call per file gives; the per-file counts come from the call's per-row
        classification. A station seen again closes the group (its files stay in order)."""
        started = time.monotonic()
        entries, group, codes, leftover, first = [], [], set(), None, i
        try:
            with transaction.atomic(), store_batch():
                while i < len(paths):
                    path = paths[i]
                    code = _code_of(path)
                    if code is None or code in codes or len(group) >= max_files:
                        # write what is pending before this station's next file; a chunk ends
                        # only here, so a network's files of one time stay one group
                        entries += self._write_group(group)
                        group, codes = [], set()
                        if len(entries) >= max_files or time.monotonic() - started >= max_seconds:
                            break
                    try:
                        prep = self._prepare(path, account, act=False)
                    except Exception:  # let the single-file path meet it again, outside the chunk
                        prep = None
                    if prep is None:
                        leftover = path
                        break
                    i += 1
                    if isinstance(prep, FileResult):
                        entries.append((prep, None, None))
                        continue
                    group.append(prep)
                    codes.add(code)
                entries += self._write_group(group)
        except Exception:  # the chunk's commit (or its deferred hook work) failed: nothing of it stands
            log.exception("storing %d files in one transaction failed; storing them one by one", i - first)
            return [self.process(path, account) for path in paths[first:i]], i, leftover
        results = []
        for prep, record, exc in entries:
            if isinstance(prep, FileResult):
                results.append(prep)
            elif exc is not None:
                results.append(self._failed(prep, exc))
            else:
                results.append(self._archive(prep, record))
        return results, i, leftover

    def _write_group(self, group: list) -> list:
        """Write files of distinct stations in one savepoint; if that fails, each file in
        its own savepoint (only the failing one is lost). [(prep, record, exception)]."""
        if len(group) > 1:
            try:
                with transaction.atomic():
                    return list(zip(group, self._write_many(group), [None] * len(group)))
            except Exception:
                pass
        out = []
        for prep in group:
            try:
                with transaction.atomic():  # this file's savepoint
                    out.append((prep, self._write(prep), None))
            except Exception as exc:
                out.append((prep, None, exc))
        return out

    def _write_many(self, group: list) -> list:
        """Files of different stations: one store() call, one INSERT of their rows."""
        rows, sources = [], {}
        for prep in group:
            rows += prep.readings
            src = f"file:{prep.path.name}"[:120]
            for r in prep.readings:
                sources[r[0]] = src
        res = store(rows, source=sources)
        written = {(r[0], r[1]) for r in res.written}
        records = []
        for prep in group:
            keys = [(r[0], r[1]) for r in prep.readings]
            replaced = sum(k in res.replaced_keys for k in keys)
            stored = sum(k in written for k in keys) - replaced
            prep.res = StoreResult(stored=stored, replaced=replaced, unchanged=len(keys) - stored - replaced)
            records.append(self._record(prep))
        made = StationFile.objects.bulk_create(records)
        for prep in group:
            self._written.add((prep.sha, prep.name.code))
        return made

    def _prepare(self, path: Path, account, act: bool = True):
        """Everything before the write: read, hash, name, duplicate, station, account,
        parse and normalise. Returns a finished FileResult (missing, quarantined, duplicate)
        or a `_Ready`. With act=False a file to quarantine or record as a duplicate is left
        untouched and None is returned."""
        result = FileResult(path=str(path), name=path.name, outcome="skipped")
        try:
            if path.stat().st_size > FILE_LIMIT:
                data = None
            else:
                data = path.read_bytes()
        except FileNotFoundError:
            result.code, result.reason = "missing", "no such file"
            return result
        if account is True:
            account = self.account_for(path)
        if data is None:
            if not act:
                return None
            sha = _file_hash_stream(path)
            return self._quarantine(result, path, sha, None, account, TOO_LARGE,
                                    f"the file is larger than {FILE_LIMIT // 1024 // 1024} MB: not a station transmission")
        sha = _sha256(data)
        try:
            name = sf.parse_name(path.name)
        except sf.BadFileName as bad:
            return None if not act else self._quarantine(result, path, sha, None, account, bad.code, bad.reason)
        result.station = name.code

        # the same bytes for the same station: two stations of one plant may send identical
        # lines (same values at the same time); only the name tells them apart
        done = None
        if self.known_shas is None or sha in self.known_shas or (sha, name.code) in self._written:
            # a backfill asks once for all its files, then knows what it wrote itself
            done = StationFile.objects.filter(sha256=sha, station_code=name.code[:80], outcome=FileOutcome.STORED).order_by("pk").first()
        if done is not None:
            return None if not act else self._duplicate(result, path, sha, name, account, done)

        station = self.station(name.code)
        if station is None:
            return None if not act else self._quarantine(result, path, sha, name, account, UNKNOWN_STATION,
                                                         f"no station has the transmission code {name.code!r}")
        if account is not None and name.code not in self.allowed(account):
            return None if not act else self._quarantine(
                result, path, sha, name, account, NOT_ALLOWED,
                f"the FTP account {account.username!r} may not deliver files of station {name.code!r}", station=station)
        parsed = sf.parse_bytes(data)
        readings, rejections = self._readings(station, parsed)
        notes = [n.as_dict() for n in parsed.notes]
        result.lines = parsed.total
        result.rejected = len(rejections)
        if not readings:
            if not act:
                return None
            reason = "no valid line" if parsed.total else "the file has no line"
            return self._quarantine(result, path, sha, name, account, NO_VALID_LINE, reason, station=station,
                                    rejections=rejections, notes=notes)
        kept = str(archive_target(name) / path.name) if self.mode != "keep" else str(path)
        return _Ready(result, path, sha, name, account, station, parsed.total, readings, rejections, notes, kept)

    def _write(self, prep: "_Ready") -> StationFile:
        """The file's readings and its StationFile row; the caller holds the transaction."""
        prep.res = store(prep.readings, source=f"file:{prep.path.name}"[:120])
        record = self._record(prep)
        record.save(force_insert=True)
        self._written.add((prep.sha, prep.name.code))  # a second copy later in the same run is a duplicate
        return record

    def _record(self, prep: "_Ready") -> StationFile:
        res = prep.res
        return StationFile(
            name=prep.path.name[:255], sha256=prep.sha, station=prep.station, station_code=prep.name.code[:80],
            account=prep.account, outcome=FileOutcome.STORED, lines=prep.lines, stored=res.stored, replaced=res.replaced,
            unchanged=res.unchanged, rejected=len(prep.rejections), rejections=prep.rejections, notes=prep.notes,
            measured_at=datetime.fromtimestamp(prep.name.t, dt_timezone.utc), archive_path=prep.kept[-500:])

    def _failed(self, prep: "_Ready", exc: Exception) -> FileResult:
        result, path, sha = prep.result, prep.path, prep.sha
        key = (str(path), sha)
        self.attempts[key] = self.attempts.get(key, 0) + 1
        log.error("storing %s failed (attempt %d)", path, self.attempts[key], exc_info=exc)
        result.outcome, result.code, result.reason = "failed", STORE_FAILED, f"{type(exc).__name__}: {exc}"
        result.stored = 0
        if self.mode == "move" and self.attempts[key] >= MAX_ATTEMPTS:
            return self._quarantine(result, path, sha, prep.name, prep.account, STORE_FAILED,
                                    f"storing failed {MAX_ATTEMPTS} times: {result.reason}", station=prep.station,
                                    rejections=prep.rejections, notes=prep.notes)
        return result

    def _archive(self, prep: "_Ready", record: StationFile) -> FileResult:
        """After the commit: the result, and the file into the dated archive."""
        result, res, kept = prep.result, prep.res, prep.kept
        result.outcome, result.record_id = FileOutcome.STORED, record.pk
        result.stored, result.replaced, result.unchanged = res.stored, res.replaced, res.unchanged
        if self.mode != "keep":
            try:
                target = _place(prep.path, archive_target(prep.name), prep.sha, self.mode)
                if str(target) != kept:
                    StationFile.objects.filter(pk=record.pk).update(archive_path=str(target)[-500:])
                kept = str(target)
            except OSError as exc:  # stored; only the archive copy failed
                log.error("could not archive %s: %s", prep.path, exc)
        result.kept_at = kept
        return result

    def _readings(self, station: Station, parsed: sf.Parsed):
        """Normalised readings and the rejections (parse errors + the hub's checks)."""
        asset = station.asset
        slug = asset.slug
        rejections = [e.as_dict() for e in parsed.errors]
        readings, seen = [], {}
        norm = self.normaliser
        for line in parsed.lines:
            name = line.parameter
            try:
                entry = norm.stream(slug, name)
                reading = norm.reading(entry, line.t, line.value, line.unit or None, line.status)
            except Reject as r:
                field_name = {"quantity": "parameter", "asset": "parameter"}.get(r.field, r.field)
                rejections.append({"line": line.number, "field": field_name, "code": r.code, "reason": r.message,
                                   "raw": f"{line.parameter}\t{line.value}\t{line.unit}\t{line.status_code}"})
                continue
            key = (reading[0], reading[1])
            if key in seen:  # two names of one parameter (PM2.5 and PM25) at the same time
                rejections.append({"line": line.number, "field": "parameter", "code": sf.DUPLICATE_LINE,
                                   "reason": f"{line.parameter} is the same parameter as line {seen[key]} at the same time",
                                   "raw": line.parameter})
                continue
            seen[key] = line.number
            readings.append(reading)
        rejections.sort(key=lambda r: r["line"])
        return readings, rejections

    def _duplicate(self, result, path, sha, name, account, done: StationFile) -> FileResult:
        result.outcome, result.code = FileOutcome.DUPLICATE, "duplicate"
        result.reason = f"the same file (SHA-256) was stored on {done.received_at:%Y-%m-%d %H:%M} as {done.name}"
        result.kept_at = done.archive_path
        unfinished_move = self.mode == "move" and done.archive_path and not Path(done.archive_path).exists() \
            and Path(done.archive_path).name == path.name
        if self.mode != "keep":
            try:
                target = _place(path, archive_target(name), sha, self.mode)
                result.kept_at = str(target)
            except OSError as exc:
                log.error("could not archive %s: %s", path, exc)
        if unfinished_move:  # a crash between the commit and the move: finish it quietly
            result.outcome = "skipped"
            return result
        if self.record_duplicates:
            rec = StationFile.objects.create(
                name=path.name[:255], sha256=sha, station=done.station, station_code=done.station_code, account=account,
                outcome=FileOutcome.DUPLICATE, code="duplicate", reason=result.reason, archive_path=result.kept_at[-500:],
                measured_at=done.measured_at)
            result.record_id = rec.pk
        return result

    def _quarantine(self, result, path, sha, name, account, code, reason, station=None, rejections=(), notes=()) -> FileResult:
        try:
            target = _quarantine(path, sha, code, reason, self.mode, rejections)
        except OSError as exc:
            log.error("could not quarantine %s: %s", path, exc)
            target = path
        rec = StationFile.objects.create(
            name=path.name[:255], sha256=sha, station=station, station_code=(name.code if name else "")[:80], account=account,
            outcome=FileOutcome.QUARANTINED, code=code, reason=reason, lines=result.lines, rejected=len(rejections),
            rejections=list(rejections), notes=list(notes), archive_path=str(target)[-500:],
            measured_at=datetime.fromtimestamp(name.t, dt_timezone.utc) if name else None)
        result.outcome, result.code, result.reason = FileOutcome.QUARANTINED, code, reason
        result.kept_at, result.record_id = str(target), rec.pk
        result.stored = result.replaced = result.unchanged = 0
        log.warning("quarantined %s: %s", path.name, reason)
        return result

    def incomplete(self, path: Path, account: FtpAccount | None | bool = True) -> FileResult:
        """An upload that broke off: never parsed (its last line may be cut), quarantined."""
        result = FileResult(path=str(path), name=path.name, outcome="skipped")
        if not path.exists():
            return result
        if account is True:
            account = self.account_for(path)
        try:
            name = sf.parse_name(path.name)
        except sf.BadFileName:
            name = None
        return self._quarantine(result, path, _file_hash_stream(path), name, account, INCOMPLETE,
                                "the upload was interrupted before the end of the file; the station must send it again")


def _code_of(path: Path) -> str | None:
    try:
        return sf.parse_name(path.name).code
    except sf.BadFileName:
        return None


def _file_hash_stream(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- finding files -----------------------------------------------------------------------------
def _order_key(path: Path):
    """Measurement time from the name first (then code, path); unparseable names last."""
    try:
        n = sf.parse_name(path.name)
        return (0, n.t, n.code, str(path))
    except sf.BadFileName:
        return (1, 0, "", str(path))


def is_candidate(path: Path) -> bool:
    """A station file, not a temporary upload name (.part, .tmp, dot-files) nor a reason file."""
    name = path.name
    return not name.startswith(".") and name.lower().endswith(".txt") and not name.endswith(".reason.txt")


def collect(paths) -> list[Path]:
    """Files given on the command line: files as they are, folders walked recursively."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                out.extend(Path(root) / f for f in files if is_candidate(Path(f)))
        else:
            out.append(p)
    return sorted(out, key=_order_key)


def pending(root: Path | None = None, settle_s: float = SETTLE_S, busy=frozenset(), now: float | None = None) -> list[Path]:
    """Inbox files ready to read: station files not being uploaded and unmodified for settle_s."""
    root = Path(root) if root else inbox_dir()
    now = time.time() if now is None else now
    ready = []
    for root_, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            p = Path(root_) / f
            if not is_candidate(p) or str(p) in busy:
                continue
            try:
                if now - p.stat().st_mtime < settle_s:
                    continue
            except FileNotFoundError:
                continue
            ready.append(p)
    return sorted(ready, key=_order_key)


def process_paths(paths, *, mode: str = "copy", record_duplicates: bool = False, progress=None,
                  inbox_root: Path | None = None, account=None) -> Summary:
    """Backfill: process files and folders (see `collect`). `progress(result)` after each file.
    Each file is its own transaction, so a killed run restarted stores nothing twice."""
    started = time.monotonic()
    files = collect(paths)
    proc = Processor(mode=mode, record_duplicates=record_duplicates, inbox_root=inbox_root)
    proc.known_shas = _recorded_shas(files)
    summary = Summary()
    for r in proc.process_many(files, account=account if account is not None else (True if inbox_root else None)):
        summary.add(r)
        if progress is not None:
            progress(r)
    summary.seconds = time.monotonic() - started
    return summary


def _recorded_shas(files) -> set:
    """The SHA-256 of these files that some StationFile already has (one query per 500 files)."""
    shas = []
    for p in files:
        try:
            if p.stat().st_size <= FILE_LIMIT:
                shas.append(_sha256(p.read_bytes()))
        except OSError:
            pass
    found = set()
    for i in range(0, len(shas), 500):
        found.update(StationFile.objects.filter(sha256__in=shas[i:i + 500], outcome=FileOutcome.STORED).values_list("sha256", flat=True))
    return found


def process_inbox(root: Path | None = None, settle_s: float = SETTLE_S, busy=frozenset(), processor: Processor | None = None) -> Summary:
    """One pass over the inbox (files leave it: archived or quarantined)."""
    started = time.monotonic()
    root = Path(root) if root else inbox_dir()
    proc = processor or Processor(mode="move", record_duplicates=True, inbox_root=root)
    summary = Summary()
    for r in proc.process_many(pending(root, settle_s, busy)):
        summary.add(r, keep=False)
    summary.seconds = time.monotonic() - started
    return summary


# -- the watcher -------------------------------------------------------------------------------
class Watcher:
    """Processes the inbox as files arrive: files handed over by the FTP server (`submit`),
    and every `interval` seconds a poll for files that came another way."""

    def __init__(self, root: Path | None = None, interval: float = 2.0, settle_s: float = SETTLE_S):
        self.root = Path(root) if root else inbox_dir()
        self.interval, self.settle_s = interval, settle_s
        self.queue: queue.Queue = queue.Queue()
        self.busy: set = set()  # absolute paths being uploaded right now (kept by the FTP server)
        self.lock = threading.Lock()
        self.totals = Summary()
        self.processed = threading.Condition()
        self.attempts: dict = {}

    def submit(self, path, complete: bool = True) -> None:
        self.queue.put((str(path), complete))

    def mark_busy(self, path) -> None:
        with self.lock:
            self.busy.add(str(path))

    def unmark_busy(self, path) -> None:
        with self.lock:
            self.busy.discard(str(path))

    def run(self, stop_event: threading.Event) -> None:
        next_poll = 0.0
        try:
            while not stop_event.is_set():
                items = []
                timeout = max(0.05, min(self.interval, next_poll - time.monotonic()))
                try:
                    items.append(self.queue.get(timeout=timeout))
                    while len(items) < 1000:
                        items.append(self.queue.get_nowait())
                except queue.Empty:
                    pass
                polled = []
                if time.monotonic() >= next_poll:
                    with self.lock:
                        busy = frozenset(self.busy)
                    polled = pending(self.root, self.settle_s, busy)
                    next_poll = time.monotonic() + self.interval
                if items or polled:
                    self._cycle(items, polled)
        finally:
            connection.close()

    def _cycle(self, items, polled) -> None:
        close_old_connections()
        proc = Processor(mode="move", record_duplicates=True, inbox_root=self.root)
        proc.attempts = self.attempts
        done = set()
        for path, complete in items:
            if not complete:
                try:
                    self.totals.add(proc.incomplete(Path(path)), keep=False)
                except Exception:
                    log.exception("could not quarantine the incomplete upload %s", path)
                done.add(path)
        files = sorted({Path(p) for p, c in items if c and p not in done and is_candidate(Path(p))} | set(polled), key=_order_key)
        def failed(path, exc):  # the watcher must survive anything one file does
            log.error("processing %s failed", path, exc_info=exc)

        # the files waiting together are stored as one batch (a transaction per chunk)
        for r in proc.process_many(files, on_error=failed):
            self.totals.add(r, keep=False)
            if r.outcome != "skipped":
                log.info("%s: %s (stored %d, rejected %d)%s", r.name, r.outcome, r.stored, r.rejected,
                         f" [{r.code}]" if r.code and r.outcome != "stored" else "")
        with self.processed:
            self.processed.notify_all()


def run_watcher(stop_event: threading.Event, interval: float = 2.0, *, root: Path | None = None,
                settle_s: float = SETTLE_S, watcher: Watcher | None = None) -> Summary:
    """Process the inbox until `stop_event` is set (files are taken within `interval` seconds
    of being settled). Returns the totals of what it processed."""
    w = watcher or Watcher(root, interval, settle_s)
    w.run(stop_event)
    return w.totals


def summary_json(summary: Summary, with_files: bool = False) -> str:
    return json.dumps(summary.as_dict(with_files), ensure_ascii=False)

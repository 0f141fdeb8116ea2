"""Station files of Circular 10/2021/TT-BTNMT (before it 24/2017): the parser. Pure Python.

An automatic station's datalogger sends one text file per transmission, named
`<province>_<facility>_<station>_<yyyyMMddHHmmss>.txt`, with one line per parameter:
`parameter<TAB>value<TAB>unit<TAB>yyyyMMddHHmmss<TAB>status` in local time (UTC+7) and
status 00 measuring, 01 calibrating, 02 instrument error (see
/work/shared/domain/environment.md §1: the layout as public dataloggers implement it).

Lenient in form, strict in meaning (Postel): spaces instead of tabs, `,` as the decimal
mark, CRLF or CR line ends, a UTF-8 BOM, blank lines, trailing spaces and any letter case
in units are accepted; every non-blank line is either a `Line` or a `LineError` with a
machine-readable code and a reason, never silently dropped. A status other than 00/01/02
is kept (status UNKNOWN) and noted, not rejected: the reading exists, only its meaning is
unclear, and it never counts towards indices or limits.

No Django import: the FTP inbox, the backfill command and the benchmark share it.
"""
import calendar
import math
import re
from dataclasses import dataclass, field

LOCAL_OFFSET_S = 7 * 3600  # Asia/Ho_Chi_Minh, UTC+7 all year (no daylight saving)

# reading statuses, equal to hub.models.Status values (kept literal: no Django import here)
MEASURING, CALIBRATING, INSTRUMENT_ERROR, UNKNOWN = 0, 1, 2, 9
STATUS_CODES = {"00": MEASURING, "01": CALIBRATING, "02": INSTRUMENT_ERROR}

# line rejection codes (and the one note that keeps the line)
FIELD_COUNT = "field_count"
EMPTY_PARAMETER = "empty_parameter"
BAD_NUMBER = "bad_number"
BAD_TIME = "bad_time"
NOT_UTF8 = "not_utf8"
DUPLICATE_LINE = "duplicate_line"
UNKNOWN_STATUS = "unknown_status"  # a note: the line is kept with status UNKNOWN

# file name problems
BAD_NAME = "bad_name"

_NAME = re.compile(r"^(?P<code>.+)_(?P<ts>\d{14})\.txt$", re.IGNORECASE)
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
NO_UNIT = ("", "-", "--")


class BadFileName(ValueError):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass(frozen=True, slots=True)
class FileName:
    name: str
    code: str  # transmission code: the station file name without `_<timestamp>.txt`
    t: int  # the transmission time, epoch seconds (UTC)
    stamp: str  # yyyyMMddHHmmss as written (local time)
    province: str = ""
    facility: str = ""
    station: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the file
    parameter: str
    value: float
    unit: str  # as sent, stripped; "" when the station wrote none or "-"
    t: int  # epoch seconds (UTC)
    status: int  # MEASURING, CALIBRATING, INSTRUMENT_ERROR or UNKNOWN
    status_code: str  # as sent


@dataclass(frozen=True, slots=True)
class LineError:
    number: int
    field: str  # parameter | value | unit | time | status | line
    code: str
    reason: str
    raw: str

    def as_dict(self) -> dict:
        return {"line": self.number, "field": self.field, "code": self.code, "reason": self.reason, "raw": self.raw[:300]}


@dataclass
class Parsed:
    lines: list = field(default_factory=list)  # [Line]
    errors: list = field(default_factory=list)  # [LineError]: rejected lines
    notes: list = field(default_factory=list)  # [LineError]: kept lines with a remark (unknown status)

    @property
    def total(self) -> int:
        return len(self.lines) + len(self.errors)


def parse_name(name: str) -> FileName:
    """`BD_KCNSONGTHAN_NT01_20250115103000.txt` -> code BD_KCNSONGTHAN_NT01 and its time.
    The last `_` token is the timestamp; the code before it may contain `_` itself."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    m = _NAME.match(base)
    if not m:
        raise BadFileName(BAD_NAME, f"file name {base!r} is not <province>_<facility>_<station>_<yyyyMMddHHmmss>.txt")
    code, stamp = m.group("code").strip(), m.group("ts")
    if not code or code.strip("_") == "":
        raise BadFileName(BAD_NAME, f"file name {base!r} has no station code before the timestamp")
    t = parse_stamp(stamp)
    if t is None:
        raise BadFileName(BAD_NAME, f"file name {base!r}: {stamp} is not a valid date and time")
    parts = code.split("_")
    if len(parts) >= 3:
        province, facility, station = parts[0], "_".join(parts[1:-1]), parts[-1]
    else:
        province, facility, station = "", "", code
    return FileName(base, code, t, stamp, province, facility, station)


_STAMPS: dict[str, int | None] = {}


def parse_stamp(text: str) -> int | None:
    """yyyyMMddHHmmss in local time (UTC+7) -> epoch seconds, or None if not a real time."""
    t = _STAMPS.get(text)
    if t is not None or text in _STAMPS:
        return t
    t = None
    if len(text) == 14 and text.isdigit() and text.isascii():
        y, mo, d = int(text[0:4]), int(text[4:6]), int(text[6:8])
        h, mi, s = int(text[8:10]), int(text[10:12]), int(text[12:14])
        if 1970 <= y <= 2200 and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and h < 24 and mi < 60 and s < 60:
            t = calendar.timegm((y, mo, d, h, mi, s)) - LOCAL_OFFSET_S
    if len(_STAMPS) > 200_000:
        _STAMPS.clear()
    _STAMPS[text] = t
    return t


def _fields(text: str) -> list[str] | None:
    """The five fields of a line: TAB-separated (a doubled TAB tolerated); otherwise split on
    runs of white space, where the parameter is what precedes the last four tokens (names
    such as `Nhiet do` or `PM 2.5` contain spaces)."""
    if "\t" in text:
        parts = [p.strip() for p in text.split("\t")]
        if len(parts) == 5:
            return parts
        nonempty = [p for p in parts if p]
        if len(nonempty) == 5:
            return nonempty
        if len(nonempty) > 5:
            return None
        # fewer: TABs and spaces mixed; fall through to white space
    tokens = _WS.split(text.strip())
    if len(tokens) < 5:
        return None
    return [" ".join(tokens[:-4]), *tokens[-4:]]


def parse_number(text: str) -> float | None:
    """A decimal number with `.` or `,` as the decimal mark; None if it is not one."""
    t = text.strip()
    if "," in t:
        if "." in t or t.count(",") > 1:
            return None  # 1.234,5 or 1,234,5: grouping marks are ambiguous, refuse
        t = t.replace(",", ".")
    if not _NUMBER.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) else None


def parse_status(text: str) -> tuple[int, bool]:
    """(status, known). `00`/`01`/`02` (also `0`, `1`, `2`); anything else is UNKNOWN."""
    s = STATUS_CODES.get(text)
    if s is not None:
        return s, True
    if text.isdigit() and text.isascii() and len(text) <= 3:
        s = STATUS_CODES.get(text.zfill(2)[-2:]) if int(text) <= 2 else None
        if s is not None:
            return s, True
    return UNKNOWN, False


def parse_bytes(data: bytes) -> Parsed:
    """Parse a whole file's bytes. Never raises for bad content: bad lines become errors."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        raw_lines = text.splitlines()
    except UnicodeDecodeError:
        raw_lines = None
    out = Parsed()
    if raw_lines is None:  # decode line by line so one bad byte costs one line only
        for number, chunk in enumerate(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"), 1):
            try:
                line = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                if chunk.strip():
                    out.errors.append(LineError(number, "line", NOT_UTF8, f"not UTF-8 text (byte {exc.start + 1} of the line)",
                                                chunk.decode("utf-8", "replace")))
                continue
            _parse_line(number, line, out)
    else:
        for number, line in enumerate(raw_lines, 1):
            _parse_line(number, line, out)
    _mark_duplicates(out)
    return out


def parse_text(text: str) -> Parsed:
    return parse_bytes(text.encode("utf-8"))


def _parse_line(number: int, line: str, out: Parsed) -> None:
    line = line.lstrip("\ufeff")
    if not line.strip():
        return
    if "\x00" in line:
        out.errors.append(LineError(number, "line", NOT_UTF8, "binary content (NUL byte)", line.replace("\x00", "\\0")))
        return
    parts = _fields(line)
    if parts is None:
        n = len(line.split("\t")) if "\t" in line else len(line.split())
        out.errors.append(LineError(number, "line", FIELD_COUNT,
                                    f"expected 5 fields (parameter, value, unit, time, status), found {n}", line))
        return
    parameter, value_text, unit, stamp, status_text = parts
    if not parameter:
        out.errors.append(LineError(number, "parameter", EMPTY_PARAMETER, "the parameter name is empty", line))
        return
    value = parse_number(value_text)
    if value is None:
        out.errors.append(LineError(number, "value", BAD_NUMBER, f"value {value_text!r} is not a number", line))
        return
    t = parse_stamp(stamp)
    if t is None:
        out.errors.append(LineError(number, "time", BAD_TIME, f"time {stamp!r} is not a valid yyyyMMddHHmmss", line))
        return
    status, known = parse_status(status_text)
    if not known:
        out.notes.append(LineError(number, "status", UNKNOWN_STATUS,
                                   f"status {status_text!r} is not 00, 01 or 02: kept with status unknown", line))
    out.lines.append(Line(number, parameter, value, "" if unit in NO_UNIT else unit, t, status, status_text))


def _mark_duplicates(out: Parsed) -> None:
    """The same parameter at the same time twice in one file: the first line is kept, the
    others rejected (a datalogger that repeats itself must not silently overwrite)."""
    seen: dict = {}
    dup = []
    for line in out.lines:
        key = (line.parameter.lower(), line.t)
        first = seen.get(key)
        if first is None:
            seen[key] = line.number
        else:
            dup.append(line)
            out.errors.append(LineError(line.number, "parameter", DUPLICATE_LINE,
                                        f"{line.parameter} at this time is already on line {first}", line.parameter))
    if dup:
        drop = {id(d) for d in dup}
        out.lines = [line for line in out.lines if id(line) not in drop]
        out.errors.sort(key=lambda e: e.number)

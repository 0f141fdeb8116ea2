"""Read a GTFS feed (zip or folder) into raw tables of strings. Pure Python, no Django.

Raw strings are kept so that validation sees exactly what the producer wrote and export
gives it back unchanged; typed views (seconds, floats) are built by the modules that need
them. Row i of a table is CSV line i + 2 (the header is line 1), the `csvRowNumber` of
MobilityData's validator.
"""
import csv
import io
import os
import zipfile
from dataclasses import dataclass, field


@dataclass
class Table:
    name: str  # file name without .txt, e.g. "stop_times"
    columns: list[str]
    rows: list[list[str]]  # each row padded/truncated to len(columns)
    short_rows: list[int] = field(default_factory=list)  # row indexes that had fewer cells than the header
    long_rows: list[int] = field(default_factory=list)

    def index(self, column: str) -> int:
        """Position of a column, or -1."""
        try:
            return self.columns.index(column)
        except ValueError:
            return -1

    def col(self, column: str) -> list[str]:
        """All values of a column ('' everywhere when the column is absent)."""
        i = self.index(column)
        if i < 0:
            return [""] * len(self.rows)
        return [r[i] for r in self.rows]

    def dicts(self):
        cols = self.columns
        for r in self.rows:
            yield dict(zip(cols, r))

    def __len__(self):
        return len(self.rows)


@dataclass
class RawFeed:
    tables: dict[str, Table]  # by name without .txt
    other_files: dict[str, bytes]  # names (with extension) of files that are not .txt tables
    source: str = ""
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> reason (bad encoding, not CSV)

    def get(self, name: str) -> Table | None:
        return self.tables.get(name)

    def has(self, name: str) -> bool:
        return name in self.tables


def parse_table(name: str, data: bytes) -> Table:
    """One CSV file of the feed. Header names are stripped of spaces and a BOM; cells keep
    their text with surrounding spaces removed (as the reference validator does)."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return Table(name, [], [])
    columns = [h.strip().lstrip("\ufeff") for h in header]
    n = len(columns)
    rows, short, long_ = [], [], []
    append = rows.append
    # a space next to a delimiter, a quote or a line end is the only way a cell can need
    # stripping: a clean file (most of them) skips the per-row check
    spaced = any(p in text for p in (" ,", ", ", "\n ", " \n", " \r", '" ', ' "')) or text[:1] == " " or text[-1:] == " "
    for row in reader:
        if not row:  # blank line
            continue
        k = len(row)
        if k != n:
            if k < n:
                short.append(len(rows))
                row = row + [""] * (n - k)
            else:
                long_.append(len(rows))
                row = row[:n]
        append([c.strip() for c in row] if spaced and any(c[:1] == " " or c[-1:] == " " for c in row) else row)
    return Table(name, columns, rows, short, long_)


def read_feed(path: str | os.PathLike) -> RawFeed:
    """Every file of a GTFS zip or folder. Files in a single sub-folder of a zip (a common
    packaging mistake) are read too; the validator reports it."""
    path = os.fspath(path)
    files: dict[str, bytes] = {}
    if os.path.isdir(path):
        for entry in sorted(os.listdir(path)):
            full = os.path.join(path, entry)
            if os.path.isfile(full):
                with open(full, "rb") as fh:
                    files[entry] = fh.read()
    else:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                files[os.path.basename(info.filename)] = zf.read(info)
    return from_files(files, source=path)


def from_files(files: dict[str, bytes], source: str = "") -> RawFeed:
    tables, other, unreadable = {}, {}, {}
    for fname, data in files.items():
        if fname.endswith(".txt"):
            try:
                tables[fname[:-4]] = parse_table(fname[:-4], data)
            except (UnicodeDecodeError, csv.Error) as exc:
                unreadable[fname] = str(exc)
                other[fname] = data
        else:
            other[fname] = data
    return RawFeed(tables, other, source, unreadable)


def gtfs_seconds(text: str) -> int | None:
    """'25:10:05' -> 90605; '' -> None; raises ValueError on a malformed time."""
    if not text:
        return None
    h, m, s = text.split(":")
    if len(m) != 2 or len(s) != 2:
        raise ValueError(text)
    return int(h) * 3600 + int(m) * 60 + int(s)


def format_seconds(seconds: int | None) -> str:
    if seconds is None:
        return ""
    h, rem = divmod(int(seconds), 3600)
    return f"{h:02d}:{rem // 60:02d}:{rem % 60:02d}"

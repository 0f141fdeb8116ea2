"""iCalendar (RFC 5545) output of a lab's approved bookings, written here (no Django import).

What the RFC asks and this module does: CRLF line ends (3.1); lines folded at 75 octets with
a leading space on the continuation, never inside a UTF-8 sequence (3.1); TEXT values
escape backslash, semicolon, comma and newline (3.3.11); DATE-TIME in UTC with the "Z"
suffix (3.3.5); every VEVENT has UID and DTSTAMP (3.6.1); the calendar has VERSION and
PRODID (3.7.3, 3.7.4). `parse` reads such text back (unfold, split properties, unescape) -
enough for our own files and for tests, not a general parser."""
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def utc(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str, limit: int = 75) -> str:
    """Split a content line into pieces of at most `limit` octets (continuations start with a space)."""
    out, current, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        budget = limit if not out else limit - 1
        if size + n > budget:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n ".join(out)


def calendar(events: list[Event], *, name: str, prodid: str = "-//Binh Duong Smart City//Research labs//VI",
             stamp: datetime | None = None) -> str:
    stamp = stamp or datetime.now(timezone.utc)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{utc(stamp)}", f"DTSTART:{utc(e.start)}", f"DTEND:{utc(e.end)}",
                  f"SUMMARY:{escape(e.summary)}"]
        if e.location:
            lines.append(f"LOCATION:{escape(e.location)}")
        if e.description:
            lines.append(f"DESCRIPTION:{escape(e.description)}")
        lines += [f"STATUS:{e.status}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse(text: str) -> list[dict]:
    """The VEVENTs of a calendar as {property name: unescaped value} (parameters dropped)."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    events, current = [], None
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _sep, value = line.partition(":")
            current[key.split(";")[0].upper()] = _unescape(value)
    return events


def parse_utc(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)

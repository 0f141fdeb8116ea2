"""Pure calculations of the international cooperation pages (no Django import): date checks,
the layout of the events timeline and of the milestone chart (SVG coordinates), milestone
states against a reference date, and iCalendar (RFC 5545) text.

Everything takes plain values (dates, strings, dicts) so it is unit-tested on its own."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smartcity.core import files

# -- dates ----------------------------------------------------------------------------------------


def date_errors(start: dt.date | None, end: dt.date | None) -> list[str]:
    """Codes of what is wrong with a start/end pair: "end_before_start"."""
    if start and end and end < start:
        return ["end_before_start"]
    return []


def membership_date_errors(applied: dt.date | None, joined: dt.date | None, ended: dt.date | None) -> dict[str, str]:
    """{field: code} for a membership's dates: joined before applied, ended before joined."""
    errors = {}
    if applied and joined and joined < applied:
        errors["joined_on"] = "joined_before_applied"
    first = joined or applied
    if first and ended and ended < first:
        errors["ended_on"] = "ended_before_joined"
    return errors


# -- milestones -----------------------------------------------------------------------------------
DONE, OVERDUE, DUE_SOON, PLANNED = "done", "overdue", "due_soon", "planned"


def milestone_state(due: dt.date, done_on: dt.date | None, as_of: dt.date, soon_days: int = 30) -> str:
    """done (a done date on or before as_of), overdue (due before as_of, not done by then),
    due_soon (due within `soon_days`), planned. A done date after as_of is not yet done."""
    if done_on and done_on <= as_of:
        return DONE
    if due < as_of:
        return OVERDUE
    if (due - as_of).days <= soon_days:
        return DUE_SOON
    return PLANNED


def days_late(due: dt.date, done_on: dt.date | None, as_of: dt.date) -> int:
    """Days past due: until done (if done late) or until as_of (if still open)."""
    end = done_on if done_on and done_on <= as_of else as_of
    return max(0, (end - due).days)


# -- a time axis ----------------------------------------------------------------------------------
@dataclass
class Axis:
    start: dt.date
    end: dt.date  # inclusive last day
    x0: float
    x1: float

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days + 1)

    def x(self, day: dt.date) -> float:
        """Left edge of `day` on the axis, clamped to it."""
        offset = (day - self.start).days
        offset = min(max(offset, 0), self.days)
        return round(self.x0 + (self.x1 - self.x0) * offset / self.days, 2)

    def x_end(self, day: dt.date) -> float:
        """Right edge of `day` (an inclusive end date)."""
        return self.x(day + dt.timedelta(days=1))


def month_ticks(axis: Axis) -> list[dict]:
    """First day of each month on the axis: [{"date", "x", "month", "year"}]."""
    ticks, day = [], dt.date(axis.start.year, axis.start.month, 1)
    if day < axis.start:
        day = _next_month(day)
    while day <= axis.end:
        ticks.append({"date": day, "x": axis.x(day), "month": day.month, "year": day.year})
        day = _next_month(day)
    return ticks


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def assign_lanes(spans: list[tuple[float, float]], gap: float = 4.0) -> list[int]:
    """Greedy lanes for horizontal spans (x_from, x_to), in the given order: each goes to
    the first lane whose last span ends `gap` before it starts. Returns the lane of each."""
    ends: list[float] = []
    lanes = []
    for x_from, x_to in spans:
        for i, last in enumerate(ends):
            if last + gap <= x_from:
                ends[i] = x_to
                lanes.append(i)
                break
        else:
            ends.append(x_to)
            lanes.append(len(ends) - 1)
    return lanes


# -- the events timeline ----------------------------------------------------------------------------
@dataclass
class TimelineBar:
    key: str
    start: dt.date
    end: dt.date
    kind: str
    x: float = 0
    width: float = 0
    y: float = 0
    lane: int = 0
    label_left: bool = False  # near the axis's end the label goes before the bar
    label_inside: bool = False  # a bar wider than a label holds its own label
    extra: dict = field(default_factory=dict)

    @property
    def label_x(self) -> float:
        if self.label_inside:
            return round(self.x + 4, 2)
        return round(self.x - 4 if self.label_left else self.x + self.width + 4, 2)

    @property
    def label_chars(self) -> int:
        """How many characters of the title fit (about 6.5 units a character at 11px)."""
        return max(8, int((self.width - 8) / 6.5)) if self.label_inside else 30

    def span(self, label_room: float) -> tuple[float, float]:
        """The room the bar and its label take on its lane."""
        if self.label_inside:
            return self.x, self.x + self.width
        if self.label_left:
            return self.x - label_room, self.x + self.width
        return self.x, self.x + self.width + label_room


def events_timeline(events: list[dict], year: int, width: float = 1000, left: float = 10, right: float = 10,
                    top: float = 28, lane_height: float = 26, bar_height: float = 18, min_width: float = 8,
                    label_room: float = 180) -> dict:
    """Layout of one year's events on a time axis.

    `events`: [{"key", "start", "end" (or None: one day), "kind", ...}] ; extra keys are
    kept in `bar.extra`. A bar is at least `min_width` wide; lanes leave `label_room` after
    each bar for its label so labels do not overlap the next bar. Events outside the year
    are clipped to it (an event spanning New Year shows in both years)."""
    axis = Axis(dt.date(year, 1, 1), dt.date(year, 12, 31), left, width - right)
    rows = []
    for ev in sorted(events, key=lambda e: (e["start"], e.get("end") or e["start"], e["key"])):
        start, end = ev["start"], ev.get("end") or ev["start"]
        if end < axis.start or start > axis.end:
            continue
        x = axis.x(start)
        w = max(min_width, axis.x_end(end) - x)
        x = min(x, round(axis.x1 - w, 2))  # a short event at the year's end stays inside the axis
        rows.append(TimelineBar(key=ev["key"], start=start, end=end, kind=ev["kind"], x=x, width=round(w, 2),
                                extra={k: v for k, v in ev.items() if k not in ("key", "start", "end", "kind")}))
    for bar in rows:
        bar.label_inside = bar.width >= label_room
        bar.label_left = not bar.label_inside and bar.x + bar.width + label_room > axis.x1 and bar.x - label_room >= axis.x0
    lanes = assign_lanes([b.span(label_room) for b in rows], gap=2)
    for bar, lane in zip(rows, lanes):
        bar.lane = lane
        bar.y = top + lane * lane_height
    n_lanes = (max(lanes) + 1) if lanes else 1
    height = top + n_lanes * lane_height + 8
    return {"axis": axis, "ticks": month_ticks(axis), "bars": rows, "width": width, "height": height,
            "bar_height": bar_height, "lanes": n_lanes}


def milestone_chart(rows: list[dict], as_of: dt.date, width: float = 1000, left: float = 220, right: float = 20,
                    top: float = 30, row_height: float = 34, pad_days: int = 20) -> dict:
    """Layout of milestones of several items: one row per item, a diamond per milestone at
    its due date, a line from due to done date when done late (or early), a vertical line at
    `as_of`. `rows`: [{"key", "label", "milestones": [{"key", "due", "done_on", ...}]}]."""
    days = [as_of]
    for row in rows:
        for m in row["milestones"]:
            days.append(m["due"])
            if m.get("done_on"):
                days.append(m["done_on"])
    start = min(days) - dt.timedelta(days=pad_days)
    end = max(days) + dt.timedelta(days=pad_days)
    start, end = dt.date(start.year, start.month, 1), end
    axis = Axis(start, end, left, width - right)
    out = []
    for i, row in enumerate(rows):
        y = top + i * row_height + row_height / 2
        marks = []
        for m in row["milestones"]:
            state = milestone_state(m["due"], m.get("done_on"), as_of)
            done_x = axis.x(m["done_on"]) if m.get("done_on") and m["done_on"] <= as_of else None
            marks.append({**m, "x": axis.x(m["due"]), "y": y, "state": state, "done_x": done_x,
                          "late": days_late(m["due"], m.get("done_on"), as_of)})
        out.append({**row, "y": y, "marks": marks})
    height = top + max(1, len(rows)) * row_height + 10
    return {"axis": axis, "ticks": month_ticks(axis), "rows": out, "width": width, "height": height,
            "as_of_x": axis.x(as_of), "as_of": as_of, "left": left}


# -- iCalendar ------------------------------------------------------------------------------------------
ICS_STATUS = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def ics_escape(text: str) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11."""
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (UTF-8), never inside a character (§3.1)."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        room = limit if not out else limit - 1  # continuation lines start with a space
        if size + n > room:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def ics_calendar(events: list[dict], stamp: dt.datetime, name: str = "", prodid: str = "-//Binh Duong Smart City//Programme//VI") -> str:
    """A VCALENDAR of all-day VEVENTs. `events`: [{"uid", "start", "end" (inclusive, or None),
    "summary", "location", "description", "status", "categories", "url"}]."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{ics_escape(name)}")
    stamp_text = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for ev in events:
        end = (ev.get("end") or ev["start"]) + dt.timedelta(days=1)  # DTEND of an all-day event is exclusive
        lines += ["BEGIN:VEVENT", f"UID:{ev['uid']}", f"DTSTAMP:{stamp_text}",
                  f"DTSTART;VALUE=DATE:{ev['start']:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                  f"SUMMARY:{ics_escape(ev['summary'])}"]
        if ev.get("location"):
            lines.append(f"LOCATION:{ics_escape(ev['location'])}")
        if ev.get("description"):
            lines.append(f"DESCRIPTION:{ics_escape(ev['description'])}")
        if ev.get("status") in ICS_STATUS:
            lines.append(f"STATUS:{ICS_STATUS[ev['status']]}")
        if ev.get("categories"):
            lines.append(f"CATEGORIES:{ics_escape(ev['categories'])}")
        if ev.get("url"):
            lines.append(f"URL:{ev['url']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def ics_unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text, unfolded (for reading it back)."""
    out: list[str] = []
    for raw in text.split("\r\n"):
        if raw.startswith(" ") and out:
            out[-1] += raw[1:]
        elif raw:
            out.append(raw)
    return out


# -- upload sniffing -----------------------------------------------------------------------------------
UPLOAD_TYPES = {ext: files.TYPES[ext] for ext in files.DOCUMENTS}


def sniff_upload(filename: str, head: bytes, size: int, max_size: int) -> tuple[str | None, str | None]:
    """(content type, None) for an accepted file, else (None, reason code): "empty",
    "too_large", "type_not_allowed" (extension), "content_mismatch" (bytes not of that type)."""
    return files.sniff(filename, head, size, max_size, allowed=UPLOAD_TYPES)

"""Pure calculations of the international cooperation pages: date rules, milestone states,
timeline and milestone chart layout, iCalendar text, upload sniffing (no database)."""
import datetime as dt

import pytest

from smartcity.programme.services import events_calc as c

D = dt.date


def test_date_rules():
    assert c.date_errors(D(2018, 10, 12), D(2018, 10, 10)) == ["end_before_start"]
    assert c.date_errors(D(2018, 10, 10), D(2018, 10, 10)) == []
    assert c.date_errors(D(2018, 10, 10), None) == []
    assert c.membership_date_errors(D(2018, 8, 1), D(2018, 7, 1), None) == {"joined_on": "joined_before_applied"}
    assert c.membership_date_errors(None, D(2018, 8, 1), D(2018, 1, 1)) == {"ended_on": "ended_before_joined"}
    assert c.membership_date_errors(D(2018, 3, 1), None, D(2018, 2, 1)) == {"ended_on": "ended_before_joined"}
    assert c.membership_date_errors(D(2018, 3, 1), D(2018, 8, 1), D(2020, 1, 1)) == {}


@pytest.mark.parametrize("due, done, expected", [
    (D(2018, 10, 31), None, "overdue"),
    (D(2018, 10, 31), D(2018, 11, 5), "done"),  # done late is done
    (D(2018, 10, 31), D(2019, 1, 5), "overdue"),  # done after the reference date: not yet done then
    (D(2019, 1, 20), None, "due_soon"),
    (D(2019, 3, 31), None, "planned"),
    (D(2018, 12, 31), None, "due_soon"),  # due on the reference date is not late
])
def test_milestone_state(due, done, expected):
    assert c.milestone_state(due, done, D(2018, 12, 31)) == expected


def test_days_late():
    as_of = D(2018, 12, 31)
    assert c.days_late(D(2018, 10, 31), None, as_of) == 61
    assert c.days_late(D(2018, 6, 30), D(2018, 7, 20), as_of) == 20
    assert c.days_late(D(2018, 6, 30), D(2018, 6, 28), as_of) == 0


def test_axis_and_month_ticks():
    axis = c.Axis(D(2018, 1, 1), D(2018, 12, 31), 0, 365)
    assert axis.x(D(2018, 1, 1)) == 0 and axis.x(D(2018, 7, 1)) == 181 and axis.x_end(D(2018, 12, 31)) == 365
    assert axis.x(D(2017, 6, 1)) == 0 and axis.x(D(2019, 6, 1)) == 365  # clamped
    ticks = c.month_ticks(axis)
    assert [t["month"] for t in ticks] == list(range(1, 13)) and ticks[1]["x"] == 31


def test_lanes_separate_overlapping_spans():
    assert c.assign_lanes([(0, 10), (5, 20), (12, 30), (21, 25)], gap=1) == [0, 1, 0, 1]
    assert c.assign_lanes([]) == []


def test_events_timeline_layout():
    events = [
        {"key": "wta", "start": D(2018, 10, 10), "end": D(2018, 10, 12), "kind": "anniversary", "title": "WTA"},
        {"key": "horasis", "start": D(2018, 11, 25), "end": D(2018, 11, 27), "kind": "forum"},
        {"key": "conf", "start": D(2018, 3, 8), "end": D(2018, 12, 31), "kind": "conference"},
        {"key": "old", "start": D(2017, 11, 27), "end": None, "kind": "conference"},  # another year: left out
        {"key": "newyear", "start": D(2018, 12, 30), "end": D(2019, 1, 2), "kind": "workshop"},  # clipped
    ]
    chart = c.events_timeline(events, 2018, width=1000, left=0, right=0, label_room=50)
    bars = {b.key: b for b in chart["bars"]}
    assert set(bars) == {"wta", "horasis", "conf", "newyear"}
    assert bars["wta"].extra == {"title": "WTA"}
    # the year-long planned window overlaps both October and November events: different lanes
    assert bars["conf"].lane != bars["wta"].lane and bars["conf"].lane != bars["horasis"].lane
    assert bars["wta"].x < bars["horasis"].x and bars["horasis"].x + bars["horasis"].width <= 1000
    assert bars["wta"].width >= 8  # three days are narrower than the minimum width
    assert bars["newyear"].x + bars["newyear"].width == pytest.approx(1000, abs=0.01)
    assert chart["height"] == 28 + chart["lanes"] * 26 + 8 and len(chart["ticks"]) == 12
    # labels go after a bar, or before it when the bar is near the year's end
    assert not bars["wta"].label_left and bars["wta"].label_x == bars["wta"].x + bars["wta"].width + 4
    assert bars["newyear"].label_left and bars["newyear"].label_x == bars["newyear"].x - 4
    assert bars["conf"].label_inside and bars["conf"].label_x == bars["conf"].x + 4 and not bars["conf"].label_left


def test_milestone_chart_marks_states_and_reference_line():
    rows = [{"key": "1", "label": "II.2.2", "milestones": [
        {"key": "a", "due": D(2018, 4, 15), "done_on": D(2018, 4, 13)},
        {"key": "b", "due": D(2018, 10, 31), "done_on": None},
        {"key": "c", "due": D(2019, 3, 31), "done_on": None}]}]
    chart = c.milestone_chart(rows, D(2018, 12, 31))
    marks = {m["key"]: m for m in chart["rows"][0]["marks"]}
    assert [marks[k]["state"] for k in "abc"] == ["done", "overdue", "planned"]
    assert marks["a"]["done_x"] is not None and marks["b"]["done_x"] is None and marks["b"]["late"] == 61
    assert marks["a"]["x"] < marks["b"]["x"] < chart["as_of_x"] < marks["c"]["x"]
    assert chart["axis"].start <= D(2018, 4, 15) and chart["axis"].end >= D(2019, 3, 31)


def test_ics_escape_fold_and_read_back():
    assert c.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "Hội nghị Thành phố Thông minh Bình Dương lần thứ 3 " * 3
    folded = c.ics_fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert c.ics_unfold(folded + "\r\n") == [line]
    text = c.ics_calendar([{"uid": "wta@x", "start": D(2018, 10, 10), "end": D(2018, 10, 12), "summary": "Kỷ niệm 20 năm WTA, Bình Dương",
                            "location": "Thủ Dầu Một, VN", "status": "held", "categories": "anniversary", "url": "http://x/e/wta/"},
                           {"uid": "one@x", "start": D(2018, 6, 7), "end": None, "summary": "ICF", "status": "planned"}],
                          dt.datetime(2018, 12, 31, 8, 0, tzinfo=dt.timezone.utc), name="Sự kiện")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    lines = c.ics_unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines and "X-WR-CALNAME:Sự kiện" in lines
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert "DTSTART;VALUE=DATE:20181010" in lines and "DTEND;VALUE=DATE:20181013" in lines  # exclusive end
    assert "DTEND;VALUE=DATE:20180608" in lines  # a one-day event
    assert "SUMMARY:Kỷ niệm 20 năm WTA\\, Bình Dương" in lines and "STATUS:CONFIRMED" in lines and "STATUS:TENTATIVE" in lines
    assert "DTSTAMP:20181231T080000Z" in lines


@pytest.mark.parametrize("name, head, size, expected", [
    ("nghien-cuu.pdf", b"%PDF-1.7\n", 1000, ("application/pdf", None)),
    ("bao-cao.docx", b"PK\x03\x04rest", 1000, (c.UPLOAD_TYPES["docx"][0], None)),
    ("bao-cao.DOC", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 1000, ("application/msword", None)),
    ("trang.html", b"<html>", 100, (None, "type_not_allowed")),
    ("hinh.svg", b"<svg", 100, (None, "type_not_allowed")),
    ("gia.pdf", b"<html><script>", 100, (None, "content_mismatch")),
    ("lon.pdf", b"%PDF-", 21 * 1024 * 1024, (None, "too_large")),
    ("rong.pdf", b"", 0, (None, "empty")),
    ("khong-duoi", b"%PDF-", 10, (None, "type_not_allowed")),
])
def test_sniff_upload(name, head, size, expected):
    assert c.sniff_upload(name, head, size, 20 * 1024 * 1024) == expected

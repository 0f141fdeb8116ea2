"""The pure rules of the permit register: the art. 102 transitions with their reason codes,
the deadline schedule with the supplement clock stop, timeliness, the yearly summary."""
import datetime as dt

import pytest

from smartcity.gis import permits as r

UTC7 = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize("current,target,kwargs,code", [
    ("appraisal", "supplement", {}, "ok"),
    ("appraisal", "supplement", {"supplements": 1}, "supplement_once"),
    ("supplement", "appraisal", {}, "ok"),
    ("supplement", "issued", {}, "not_allowed"),
    ("appraisal", "refused", {"reason": ""}, "reason_required"),
    ("appraisal", "refused", {"reason": "Sai quy hoạch"}, "ok"),
    ("issued", "refused", {"reason": "x"}, "final_state"),
    ("withdrawn", "appraisal", {}, "final_state"),
    ("refused", "refused", {}, "same_status"),
    ("appraisal", "demolished", {}, "unknown_status"),
])
def test_transitions_and_reason_codes(current, target, kwargs, code):
    verdict = r.check_transition(current, target, **kwargs)
    assert verdict.code == code and verdict.ok == (code == "ok")


def test_allowed_targets_respect_the_one_request_to_complete():
    assert "supplement" in r.allowed_targets("appraisal")
    assert "supplement" not in r.allowed_targets("appraisal", supplements=1)
    assert r.allowed_targets("issued") == []


def _fake_calendar():
    """Working days are whole days; one holiday on day 5 (the calendar's holidays in the
    real service)."""
    base = dt.datetime(2026, 1, 1, 9, tzinfo=UTC7)
    holiday = 5

    def add(start, days):
        n, day = 0, (start - base).days
        while n < days:
            day += 1
            n += day != holiday
        return base + dt.timedelta(days=day)

    def between(a, b):
        return sum(1 for d in range((a - base).days + 1, (b - base).days + 1) if d != holiday)

    return base, add, between


def test_schedule_counts_over_the_holiday_and_stops_for_the_supplement():
    base, add, between = _fake_calendar()
    plain = r.schedule(base, total=15, due=add, add=add, between=between)
    assert (plain["appraisal"].due_at - base).days == 8   # 7 working days + the holiday
    assert (plain["decision"].due_at - base).days == 16
    asked, came = base + dt.timedelta(days=2), base + dt.timedelta(days=9)
    stopped = r.schedule(base, total=15, due=add, add=add, between=between, supplement_requested=asked, supplement_received=came)
    assert stopped["stopped_days"] == between(asked, came) == 6
    assert stopped["decision"].due_at == add(plain["decision"].due_at, 6)
    assert stopped["appraisal"].due_at == add(plain["appraisal"].due_at, 6)
    assert stopped["notice"].due_at == add(came, 5)
    assert stopped["refusal"].due_at == add(stopped["notice"].due_at, 3) and not stopped["refusal"].applies
    refused = r.schedule(base, total=15, due=add, add=add, between=between, supplement_requested=asked,
                         supplement_received=came, decided=came + dt.timedelta(days=4), status="refused")
    assert refused["refusal"].applies and refused["decision"].done_at == came + dt.timedelta(days=4)


def test_total_days_per_procedure():
    assert r.total_days("1.009972") == 15 and r.total_days("1.009974") == 20
    assert r.total_days("1.009974", 12) == 12
    assert r.kind_for("1.009975", "Gia hạn giấy phép xây dựng") is None
    assert r.kind_for("9.999999", "Cấp giấy phép di dời công trình") == "relocation"


def test_timeliness():
    due = dt.datetime(2026, 3, 10, 17, tzinfo=UTC7)
    now = dt.datetime(2026, 3, 9, 9, tzinfo=UTC7)
    assert r.timeliness(due - dt.timedelta(days=1), due, now, UTC7) == "early"
    assert r.timeliness(due - dt.timedelta(hours=2), due, now, UTC7) == "on_time"
    assert r.timeliness(due + dt.timedelta(minutes=1), due, now, UTC7) == "late"
    assert r.timeliness(None, due, now, UTC7) == "pending"
    assert r.timeliness(None, due, due + dt.timedelta(hours=1), UTC7) == "overdue"


def test_summary_rates_and_median():
    rows = [r.StatRow("a", "issued", True, 10.0, 120.0), r.StatRow("a", "issued", False, 18.0, 80.0),
            r.StatRow("a", "refused", True, 6.0, 50.0), r.StatRow("b", "appraisal"), r.StatRow("b", "withdrawn")]
    s = r.summarise(rows)
    assert s["received"] == 5 and s["issued"] == 2 and s["refused"] == 1 and s["in_progress"] == 1 and s["withdrawn"] == 1
    assert s["on_time_rate"] == pytest.approx(200 / 3, abs=0.1) and s["median_days"] == 10.0
    assert s["floor_area_m2"] == 200.0   # refused floor area does not count
    groups = r.group_summaries(rows)
    assert groups["b"]["on_time_rate"] is None and groups["a"]["received"] == 3

"""The report's KPI maths on hand-built rows; every expected value is worked out here by hand
from the rows, not taken from the code."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from smartcity.onestop import kpis
from smartcity.onestop.kpis import Row

L = ZoneInfo("Asia/Ho_Chi_Minh")


def t(m, d, hh=9, mm=0):
    return dt.datetime(2026, m, d, hh, mm, tzinfo=L)


START, END = t(11, 1, 0), t(12, 1, 0)  # November 2026


def row(received, due, result=None, status="processing", channel="counter", unit="DOC", procedure="1.009972", **kw):
    return Row(received_at=received, due_at=due, result_at=result, returned_at=kw.pop("returned", None), status=status,
               channel=channel, unit=unit, procedure=procedure, **kw)


@pytest.fixture
def november():
    return {
        # carried over from October, resolved 2 days before the appointment's day: early
        "carried_early": row(t(10, 20), t(11, 10, 17), t(11, 8, 10), status="returned", returned=t(11, 9)),
        # carried over, still open at the end, due in October: overdue
        "carried_overdue": row(t(10, 1), t(10, 22, 17), status="processing", channel="online"),
        # finished in October: not in November's report at all
        "done_before": row(t(10, 1), t(10, 15, 17), t(10, 14), status="returned"),
        # new online, result on the appointment's day before the hour: on time
        "online_on_time": row(t(11, 3), t(11, 6, 16), t(11, 6, 15, 30), status="result_ready", channel="online", procedure="2.000575", unit="DPI"),
        # new at the counter, result after the appointment: late
        "counter_late": row(t(11, 4), t(11, 7, 10), t(11, 12, 8), status="returned", procedure="2.000575", unit="DPI"),
        # new by post, open, due in December: within time
        "post_within": row(t(11, 20), t(12, 10, 17), status="consulting", channel="post"),
        # new at the counter, supplement requested (clock stopped), due passed: not overdue
        "paused": row(t(11, 5), t(11, 10, 17), status="supplement"),
        # new online, withdrawn in November
        "withdrawn": row(t(11, 6), t(11, 20, 17), status="withdrawn", channel="online", closed_at=t(11, 9)),
        # received in December: outside
        "later": row(t(12, 2), t(12, 20, 17)),
        # submitted online, never received: outside
        "submitted": row(None, None, status="submitted", channel="online"),
    }


def cal_days(a, b):
    return (b - a).total_seconds() / 86400


def test_counts_follow_the_usual_report_shape(november):
    fig = kpis.period_figures(november.values(), START, END)
    # received: 2 carried over (carried_early, carried_overdue); new = online_on_time, withdrawn (online),
    # counter_late, paused (counter), post_within (post)
    assert fig["received"] == {"total": 7, "carried_over": 2, "new": 5, "online": 2, "counter_post": 3}
    assert fig["by_channel"] == {"counter": 2, "online": 2, "post": 1}
    assert fig["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    # in progress at the end: carried_overdue (overdue), post_within (within), paused (within: clock stopped)
    assert fig["in_progress"] == {"total": 3, "within_time": 2, "overdue": 1}
    assert fig["withdrawn_refused"] == 1
    r = fig["received"]
    assert r["total"] == fig["resolved"]["total"] + fig["in_progress"]["total"] + fig["withdrawn_refused"]
    assert fig["on_time_rate"] == pytest.approx(2 / 3)


def test_processing_time_uses_the_function_given(november):
    durations = [
        cal_days(t(10, 20), t(11, 8, 10)),  # carried_early
        cal_days(t(11, 3), t(11, 6, 15, 30)),  # online_on_time
        cal_days(t(11, 4), t(11, 12, 8)),  # counter_late
    ]
    fig = kpis.period_figures(november.values(), START, END, working_days=cal_days)
    assert fig["processing_days"]["count"] == 3
    assert fig["processing_days"]["mean"] == pytest.approx(sum(durations) / 3)
    assert fig["processing_days"]["median"] == pytest.approx(sorted(durations)[1])
    calls = []

    def half_days(a, b):
        calls.append((a, b))
        return 0.5

    fig = kpis.period_figures(november.values(), START, END, working_days=half_days)
    assert fig["processing_days"]["mean"] == 0.5 and len(calls) == 3


def test_timeliness_rule_at_the_edges():
    due = t(11, 10, 16)
    assert kpis.timeliness(t(11, 10, 16), due) == "on_time"  # exactly at the appointment
    assert kpis.timeliness(t(11, 10, 16, 1), due) == "late"
    assert kpis.timeliness(t(11, 9, 23, 59), due) == "early"  # the day before, local time
    # 23:30 UTC on the 9th is 06:30 local on the 10th: same local day, so on time, not early
    assert kpis.timeliness(dt.datetime(2026, 11, 9, 23, 30, tzinfo=dt.UTC), due) == "on_time"
    assert kpis.timeliness(t(11, 9), None) == "on_time"


def test_groups_split_and_add_back_up(november):
    groups = kpis.grouped_figures(november.values(), START, END, key=lambda r: r.unit)
    assert set(groups) == {"DOC", "DPI"}  # 'later'/'submitted' (DOC) are outside; nothing empty is kept
    assert groups["DPI"]["resolved"] == {"total": 2, "early": 0, "on_time": 1, "late": 1}
    assert groups["DPI"]["on_time_rate"] == 0.5
    assert groups["DOC"]["received"]["total"] == 5
    total = kpis.add_up(groups.values())
    whole = kpis.period_figures(november.values(), START, END)
    for part in ("received", "resolved", "in_progress"):
        assert total[part] == whole[part]
    assert total["on_time_rate"] == whole["on_time_rate"]
    assert total["processing_days"]["mean"] == pytest.approx(whole["processing_days"]["mean"])


def test_overdue_rows_most_late_first(november):
    rows = list(november.values()) + [row(t(10, 25), t(11, 28, 17), status="received", id="b")]
    at = t(11, 30, 12)
    found = kpis.overdue_rows(rows, at, working_days=cal_days)
    assert [r.due_at for r, _days in found] == [t(10, 22, 17), t(11, 28, 17)]
    assert found[0][1] == pytest.approx(cal_days(t(10, 22, 17), at))
    # the same rule as the period's in-progress overdue count
    assert kpis.period_figures(rows, START, at)["in_progress"]["overdue"] == len(found)


def test_empty_period_has_no_rate():
    fig = kpis.period_figures([], START, END)
    assert fig["on_time_rate"] is None and fig["processing_days"] == {"count": 0, "mean": None, "median": None}
    assert kpis.rate(0, 0) is None


def test_period_helpers():
    s, e = kpis.month_bounds(2026, 12)
    assert (s, e) == (dt.datetime(2026, 12, 1, tzinfo=L), dt.datetime(2027, 1, 1, tzinfo=L))
    assert kpis.day_bounds(dt.date(2026, 2, 1), dt.date(2026, 2, 28))[1] == dt.datetime(2026, 3, 1, tzinfo=L)
    assert kpis.months_between(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_module_is_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(kpis))
    imported = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "django" not in imported
    from smartcity.onestop import workdays

    tree = ast.parse(inspect.getsource(workdays))  # the one smartcity module it uses is pure too
    assert not any(isinstance(n, (ast.Import, ast.ImportFrom)) and "django" in ast.dump(n) for n in ast.walk(tree))


def test_cumulative_working_time_equals_the_direct_count():
    """Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday, a day off on 24/11: the
    direct count below walks the minutes; the cumulative helper must agree to the second."""
    def working_seconds(a, b):
        if b < a:
            return -working_seconds(b, a)
        total, day = 0.0, a.astimezone(L).date()
        while day <= b.astimezone(L).date():
            if day.weekday() < 5 and day != dt.date(2026, 11, 24):
                for h0, m0, h1, m1 in ((7, 30, 11, 30), (13, 0, 17, 0)):
                    lo = max(dt.datetime(day.year, day.month, day.day, h0, m0, tzinfo=L), a)
                    hi = min(dt.datetime(day.year, day.month, day.day, h1, m1, tzinfo=L), b)
                    total += max(0.0, (hi - lo).total_seconds())
            day += dt.timedelta(days=1)
        return total

    fast = kpis.CumulativeWorkingTime(working_seconds, 8 * 3600)
    pairs = [(t(11, 2, 8), t(11, 4, 8)), (t(11, 20, 16), t(11, 25, 8)), (t(10, 1, 12), t(11, 30, 23)),
             (t(11, 30, 9), t(11, 2, 14, 15)), (t(11, 7, 10), t(11, 8, 10))]  # backwards; Saturday
    for a, b in pairs:
        assert fast(a, b) == pytest.approx(working_seconds(a, b) / (8 * 3600))
    assert fast(t(11, 2, 8), t(11, 4, 8)) == 2.0
    assert fast(t(11, 23, 9), t(11, 25, 9)) == 1.0  # Monday to Wednesday over the day off

"""The dashboard's pure arithmetic (services/dashboard_calc.py) and the timeline layout
(services/gantt.py): numbers checked by hand, no database."""
import datetime as dt

import pytest

from smartcity.programme.services import dashboard_calc as calc
from smartcity.programme.services import gantt

D = dt.date


def test_mean_weighted_average_and_empty():
    assert calc.mean([(40, 2), (10, 1)]) == pytest.approx(30)
    assert calc.mean([(40, 2), (10, 1)], calc.AVERAGE) == pytest.approx(25)
    assert calc.mean([(40, 0), (10, 0)]) == pytest.approx(25)  # weights all zero: plain average
    assert calc.mean([]) is None


def test_rollup_tree_bottom_up():
    nodes = {  # II -> II.4 (II.4.1 w2 40 %, II.4.2 w1 10 %), II.9 (100 %, 0 %); III -> III.4 (0 %)
        1: {"parent": None, "progress": 0, "weight": 1}, 2: {"parent": 1, "progress": 0, "weight": 1},
        3: {"parent": 2, "progress": 40, "weight": 2}, 4: {"parent": 2, "progress": 10, "weight": 1},
        5: {"parent": 1, "progress": 0, "weight": 1}, 6: {"parent": 5, "progress": 100, "weight": 1},
        7: {"parent": 5, "progress": 0, "weight": 1}, 8: {"parent": None, "progress": 0, "weight": 1},
        9: {"parent": 8, "progress": 0, "weight": 1},
    }
    values = calc.rollup(nodes)
    assert values[2] == pytest.approx(30) and values[5] == pytest.approx(50) and values[1] == pytest.approx(40)
    assert calc.overall(nodes) == pytest.approx(20)
    assert calc.rollup(nodes, calc.AVERAGE)[2] == pytest.approx(25)
    nodes[8]["weight"] = 3  # section III weighs three times section II
    assert calc.overall(nodes) == pytest.approx(40 / 4)


def test_rollup_deep_chain_is_iterative():
    nodes = {i: {"parent": i - 1 if i else None, "progress": 0, "weight": 1} for i in range(3000)}
    nodes[2999]["progress"] = 70
    assert calc.rollup(nodes)[0] == pytest.approx(70)


def test_group_means_and_overdue_rule():
    rows = [{"unit": "DOT", "progress": 40, "weight": 2}, {"unit": "DOT", "progress": 10, "weight": 1},
            {"unit": "DONRE", "progress": 100, "weight": 1}]
    g = calc.group_means(rows, "unit")
    assert g["DOT"] == {"progress": pytest.approx(30), "count": 2, "weight": 3}
    assert g["DONRE"]["progress"] == 100
    assert calc.is_overdue(D(2018, 10, 31), D(2018, 11, 1), False, 10)
    assert not calc.is_overdue(D(2018, 10, 31), D(2018, 10, 31), False, 10)  # due today is not late
    assert not calc.is_overdue(D(2018, 10, 31), D(2018, 12, 31), True, 10)  # closed
    assert not calc.is_overdue(D(2018, 10, 31), D(2018, 12, 31), False, 100)
    assert not calc.is_overdue(None, D(2018, 12, 31), False, 0)
    assert calc.pct(3, 4) == 75.0 and calc.pct(0, 0) is None


def test_gantt_fractions_and_ticks():
    start, end = D(2018, 1, 1), D(2018, 12, 31)  # 365 days
    assert gantt.frac(D(2018, 1, 1), start, end) == 0
    assert gantt.frac(D(2019, 1, 1), start, end) == 1
    ticks = gantt.month_ticks(start, end)
    assert [t["month"] for t in ticks] == list(range(1, 13))
    assert ticks[6]["x"] == pytest.approx(181 / 365, abs=1e-5)  # 1 July is day 181
    assert gantt.month_ticks(D(2018, 3, 8), D(2018, 5, 31))[0]["date"] == D(2018, 4, 1)


def test_gantt_place_progress_deadline_and_clipping():
    start, end = D(2018, 1, 1), D(2018, 12, 31)
    bar = gantt.place({"start": D(2018, 1, 1), "end": D(2018, 6, 30), "deadline": D(2018, 3, 31), "progress": 50}, start, end)
    assert bar["x0"] == 0 and bar["x1"] == pytest.approx(181 / 365, abs=1e-5)
    assert bar["fill"] == pytest.approx(181 / 365 / 2, abs=1e-5)
    assert bar["deadline_x"] == pytest.approx(90 / 365, abs=1e-5)
    assert not bar["clipped_end"] and bar["dates_given"]
    long = gantt.place({"start": D(2018, 4, 1), "end": D(2020, 12, 31), "deadline": D(2018, 10, 31), "progress": 10}, start, end)
    assert long["x1"] == 1 and long["clipped_end"] and not long["clipped_start"]
    assert long["fill"] < long["x1"]  # 10 % of a bar to 2020 ends well before the end of 2018
    late = gantt.place({"start": D(2019, 2, 1), "end": D(2019, 3, 1), "progress": 0}, start, end)
    assert late["x0"] == late["x1"] == 1 and late["deadline_x"] is None
    undated = gantt.place({"deadline": D(2018, 4, 15), "progress": 0}, start, end)
    assert undated["x0"] == 0 and undated["x1"] == pytest.approx(105 / 365, abs=1e-5) and not undated["dates_given"]


def test_gantt_layout_axis_and_as_of():
    rows = [{"start": D(2018, 3, 8), "end": D(2018, 12, 31), "progress": 40}]
    assert gantt.axis(rows, None, None) == (D(2018, 3, 8), D(2018, 12, 31))
    assert gantt.axis(rows, D(2018, 1, 1), D(2018, 12, 31)) == (D(2018, 1, 1), D(2018, 12, 31))
    chart = gantt.layout(rows, D(2018, 1, 1), D(2018, 12, 31), D(2018, 12, 31))
    assert chart["as_of_x"] == 1 and not chart["as_of_outside"]
    chart = gantt.layout(rows, D(2018, 1, 1), D(2018, 12, 31), D(2019, 6, 1))
    assert chart["as_of_x"] == 1 and chart["as_of_outside"]
    assert chart["rows"][0]["progress"] == 40 and 0 < chart["rows"][0]["fill"] < chart["rows"][0]["x1"]

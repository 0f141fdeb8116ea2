"""Pure helpers of the plan tree pages (no database)."""
import datetime as dt

import pytest

from smartcity.programme.services.items_tree import build_tree, fold, is_overdue, matches, percent, rollup, visible_ids, vnd


def test_fold_removes_vietnamese_diacritics():
    assert fold("Sở Giao thông vận tải") == "so giao thong van tai"
    assert fold("  ĐẠI HỌC   Thủ Dầu Một ") == "dai hoc thu dau mot"
    assert fold("Nâng cấp Trạm điều hành") == "nang cap tram dieu hanh"
    assert fold(None) == "" and fold("") == ""


def test_matches_every_word_anywhere():
    assert matches("xe buyt", "Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt")
    assert matches("DOT buýt", "II.4.2", "xe buýt", "DOT")
    assert not matches("xe lua", "xe buýt")
    assert matches("", "anything")


@pytest.mark.parametrize("value,text", [(1234567, "1.234.567 ₫"), (0, "0 ₫"), (2_500_000_000, "2.500.000.000 ₫"), (999, "999 ₫"),
                                        (-15000, "-15.000 ₫"), (None, "—"), (1234.6, "1.235 ₫")])
def test_vnd(value, text):
    assert vnd(value) == text


def test_percent():
    assert percent(40.0) == "40" and percent(33.3333) == "33.3" and percent(None) == "—" and percent(99.96) == "100"


def test_rollup_weighted_with_shares():
    r = rollup([(2, 40), (1, 10)], "weighted")
    assert r["method"] == "weighted" and r["progress"] == pytest.approx(30)
    assert r["shares"] == pytest.approx([200 / 3, 100 / 3]) and r["contributions"] == pytest.approx([80 / 3, 10 / 3])
    assert sum(r["contributions"]) == pytest.approx(r["progress"])


def test_rollup_average_and_zero_weights():
    assert rollup([(2, 40), (1, 10)], "average")["progress"] == pytest.approx(25)
    r = rollup([(0, 100), (0, 0)], "weighted")  # no weights set: plain average
    assert r["method"] == "average" and r["progress"] == pytest.approx(50)
    assert rollup([], "weighted")["progress"] is None
    assert rollup([(-3, 50), (1, 100)])["progress"] == pytest.approx(100)  # a negative weight counts as none


def test_is_overdue():
    day = dt.date(2018, 12, 31)
    assert is_overdue(dt.date(2018, 10, 31), day)
    assert not is_overdue(dt.date(2018, 12, 31), day)  # due today is not late yet
    assert not is_overdue(dt.date(2018, 10, 31), day, closed=True)
    assert not is_overdue(dt.date(2018, 10, 31), day, progress=100)
    assert not is_overdue(None, day)


def test_visible_ids_keeps_ancestors():
    parents = {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: None}
    assert visible_ids(parents, [3]) == {1, 2, 3}
    assert visible_ids(parents, [4, 6]) == {1, 2, 4, 6}
    assert visible_ids(parents, []) == set()


def test_build_tree_nests_in_order():
    nodes = [{"id": 1, "parent": None}, {"id": 2, "parent": 1}, {"id": 3, "parent": 2}, {"id": 4, "parent": 1},
             {"id": 5, "parent": 99}]
    roots = build_tree(nodes)
    assert [r["id"] for r in roots] == [1, 5]
    assert [c["id"] for c in roots[0]["children"]] == [2, 4] and roots[0]["children"][0]["children"][0]["id"] == 3

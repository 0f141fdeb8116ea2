"""The pure modules: the alert cursor and the query-string knobs."""
from datetime import datetime, timezone

from smartcity.opscentre import cursor, knobs


def test_cursor_round_trip_keeps_microseconds():
    at = datetime(2026, 12, 3, 4, 5, 6, 789012, tzinfo=timezone.utc)
    text = cursor.encode(at, 41)
    assert cursor.decode(text) == (at, 41)


def test_cursor_orders_like_time_then_id():
    a = datetime(2026, 12, 3, 4, 5, 6, 1, tzinfo=timezone.utc)
    b = datetime(2026, 12, 3, 4, 5, 6, 2, tzinfo=timezone.utc)
    assert cursor.decode(cursor.encode(a, 9)) < cursor.decode(cursor.encode(b, 1)) < cursor.decode(cursor.encode(b, 2))


def test_unreadable_cursors():
    for text in (None, "", "abc", "12", "12-", "-3", "1.5-2", "12-x"):
        assert cursor.decode(text) is None, text


def test_knobs_defaults_bounds_and_typos():
    assert knobs.parse({}) == {"poll": 10.0, "layers": 60.0, "rotate": 20.0, "backoff_max": 60.0}
    got = knobs.parse({"poll": "0.2", "rotate": "5", "layers": "1", "backoff_max": "2"})
    assert got == {"poll": 0.2, "layers": 1.0, "rotate": 5.0, "backoff_max": 2.0}
    got = knobs.parse({"poll": "0", "rotate": "1", "layers": "nan", "backoff_max": "1e9"})
    assert got == {"poll": 0.1, "rotate": 3.0, "layers": 60.0, "backoff_max": 600.0}
    assert knobs.parse({"rotate": "0"})["rotate"] == 0.0  # 0: the panel stays still
    assert knobs.parse({"poll": "mười"})["poll"] == 10.0

"""The rule maths, without a database."""
from smartcity.alerts import evaluate
from smartcity.alerts.evaluate import CLEAR, RAISE, UPDATE, Track

M = 60


def actions(events):
    return [(e.action, e.t // M) for e in events]


def test_threshold_waits_for_the_duration_and_restarts_on_a_safe_reading():
    readings = [(0, 55), (10 * M, 60), (20 * M, 45), (30 * M, 52), (60 * M, 58), (90 * M, 51)]
    track, events = evaluate.threshold(readings, op=">", value=50, clear_value=40, duration_s=3600)
    # 45 at minute 20 restarts the wait: the run from minute 30 reaches one hour at minute 90
    assert actions(events) == [(RAISE, 90)]
    assert events[0].since == 30 * M and events[0].value == 51
    assert track.last_t == 90 * M and track.since == 30 * M


def test_threshold_hysteresis_keeps_it_open_until_below_clear_value():
    _track, events = evaluate.threshold([(0, 60), (M, 45), (2 * M, 40), (3 * M, 55), (4 * M, 39.9)],
                                        op=">", value=50, clear_value=40, duration_s=0)
    # 45 and exactly 40 are in the band: the alert stays open; 39.9 clears it
    assert actions(events) == [(RAISE, 0), (UPDATE, 1), (UPDATE, 2), (UPDATE, 3), (CLEAR, 4)]


def test_threshold_lower_limit_and_state_across_batches():
    track, events = evaluate.threshold([(0, 5.0), (10 * M, 4.5)], op="<", value=5.5, clear_value=6.0, duration_s=15 * M)
    assert events == [] and track.since == 0
    track, events = evaluate.threshold([(20 * M, 4.0), (30 * M, 5.8)], op="<", value=5.5, clear_value=6.0,
                                       duration_s=15 * M, track=track)
    assert actions(events) == [(RAISE, 20), (UPDATE, 30)]
    _track, events = evaluate.threshold([(40 * M, 6.1)], op="<", value=5.5, clear_value=6.0, duration_s=15 * M,
                                        active=True, track=track)
    assert actions(events) == [(CLEAR, 40)]


def test_threshold_ignores_late_readings_and_restarts_after_a_gap():
    track = Track(since=None, last_t=100 * M, last_value=10)
    _t, events = evaluate.threshold([(50 * M, 99)], op=">", value=50, duration_s=0, track=track)
    assert events == []  # older than what was evaluated: history, not news
    _t, events = evaluate.threshold([(0, 60), (10 * M, 60), (200 * M, 60), (230 * M, 60)], op=">", value=50,
                                    duration_s=60 * M, max_gap_s=30 * M)
    assert events == []  # the 190-minute hole restarts the wait at minute 200


def test_rate_of_change_per_hour():
    readings = [(0, 30), (10 * M, 31), (20 * M, 45), (30 * M, 46), (40 * M, 20)]
    _track, events = evaluate.rate(readings, max_per_hour=20)
    assert actions(events) == [(RAISE, 20), (CLEAR, 30), (RAISE, 40)]
    assert round(events[0].value) == 84 and round(events[2].value) == -156
    _track, rises = evaluate.rate(readings, max_per_hour=20, direction="rise")
    assert actions(rises) == [(RAISE, 20), (CLEAR, 30)]
    _track, gaps = evaluate.rate([(0, 0), (600 * M, 500)], max_per_hour=20, max_gap_s=30 * M)
    assert gaps == []
    assert evaluate.rate_per_hour(0, 1, 0, 2) is None


def test_missing_data():
    assert evaluate.missing_for(10_000, 10_000 - 901, 300, 3) == 901
    assert evaluate.missing_for(10_000, 10_000 - 900, 300, 3) is None
    assert evaluate.missing_since(1000, 300, 3) == 1900


def test_severity_and_worse():
    assert evaluate.at_least("critical", "high") and not evaluate.at_least("medium", "high")
    assert evaluate.worse(">", 60, 55) and not evaluate.worse("<", 60, 55) and evaluate.worse("rate", -90, 80)

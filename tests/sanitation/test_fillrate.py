"""Fill rate since the last emptying, robust to sensor noise and to emptying jumps; predicted
time to a threshold; must/may-visit sets. Pure functions, no database."""
import random

import pytest

from smartcity.sanitation import fillrate

H = 3600
T0 = 1_780_000_000


def series(rate, hours, start_level=3.0, t0=T0, step=1800, noise=0.0, seed=1):
    rnd = random.Random(seed)
    n = int(hours * H / step) + 1
    return [(t0 + i * step, start_level + rate * i * step / H + rnd.uniform(-noise, noise)) for i in range(n)]


def test_rate_recovered_through_noise_and_spikes():
    readings = series(2.0, 20, noise=1.5)
    # an ultrasonic echo off a bag: 4 readings out of 41 jump by 30-45 points
    for i in (5, 14, 22, 33):
        t, v = readings[i]
        readings[i] = (t, min(100.0, v + 30 + i % 16))
    est = fillrate.estimate(readings)
    assert est.rate == pytest.approx(2.0, rel=0.1)
    assert est.level == pytest.approx(3 + 2.0 * 20, abs=3)
    # least squares would be dragged up by the spikes; Theil-Sen is not
    xs = [(t - T0) / H for t, _ in readings]
    ys = [v for _, v in readings]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    ols = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    assert abs(est.rate - 2.0) < abs(ols - 2.0)


def test_emptying_jump_starts_a_new_cycle():
    first = series(3.0, 24)                               # 3 -> 75 % at 3 %/h
    second = series(1.0, 10, t0=first[-1][0] + 1800)      # emptied, then 1 %/h
    est = fillrate.estimate(first + second)
    assert est.since == second[0][0]
    assert est.n == len(second)
    assert est.rate == pytest.approx(1.0, rel=0.05)


def test_one_low_reading_is_not_an_emptying():
    readings = series(2.0, 20)
    t, _v = readings[30]
    readings[30] = (t, 2.0)  # a single echo from the lid
    est = fillrate.estimate(readings)
    assert est.since == readings[0][0]
    assert est.rate == pytest.approx(2.0, rel=0.05)


def test_recorded_emptying_wins_and_short_cycle_takes_previous_rate():
    readings = series(2.5, 20)
    emptied = readings[-1][0] + 600  # the crew emptied it after the last reading the hub has
    est = fillrate.estimate(readings, emptied_at=emptied)
    assert est.level == 0.0 and est.t == emptied
    assert est.from_prior and est.rate == pytest.approx(2.5, rel=0.05)
    # 40 minutes of a new cycle: too short for a rate of its own
    after = series(9.0, 0.67, t0=emptied + 60)
    est = fillrate.estimate(readings + after, emptied_at=emptied)
    assert est.from_prior and est.rate == pytest.approx(2.5, rel=0.05)


def test_time_to_threshold_and_level_at():
    est = fillrate.FillEstimate(level=40.0, t=T0, rate=2.0, since=T0 - 10 * H, n=20)
    assert est.time_to(80) == T0 + 20 * H
    assert est.level_at(T0 + 5 * H) == pytest.approx(50.0)
    assert est.level_at(T0 + 100 * H) == 100.0
    assert fillrate.FillEstimate(85.0, T0, 1.0, T0, 3).time_to(80) == T0
    assert fillrate.FillEstimate(30.0, T0, 0.0, T0, 3).time_to(80) is None


@pytest.mark.parametrize("level,rate,expected", [(75.0, 1.0, "must"), (50.0, 2.0, "may"), (20.0, 1.0, None), (85.0, 0.0, "must")])
def test_classify_must_and_may(level, rate, expected):
    est = fillrate.FillEstimate(level, T0, rate, T0, 10)
    next_shift = T0 + 8 * H  # level then: 75+8=83 / 50+16=66 (->90 12 h later) / 28 (->40) / 85
    assert fillrate.classify(est, next_shift, threshold=80, margin_h=12) == expected


def test_no_readings_no_estimate():
    est = fillrate.estimate([(T0, None), (T0 + 60, float("nan"))])
    assert est.level is None and est.rate is None
    assert fillrate.classify(est, T0 + H) is None

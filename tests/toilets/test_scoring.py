"""Pure rules of the toilets app: the cleanliness score (Wilson lower bound), opening hours,
the scheduled rounds of a day, when an alert earns an extra round, and the map's state."""
import math
from datetime import date, datetime, time, timedelta

import pytest

from smartcity.toilets import scoring
from smartcity.toilets.scoring import LOCAL, KnownRound, OpeningHours


def wilson_by_quadratic(k, n, z):
    """The same bound from its definition: the smaller root p of (p̂ - p)² = z² p(1-p)/n."""
    ph = k / n
    a = 1 + z * z / n
    b = -(2 * ph + z * z / n)
    c = ph * ph
    return (-b - math.sqrt(b * b - 4 * a * c)) / (2 * a)


@pytest.mark.parametrize("k,n", [(1, 1), (5, 10), (90, 100), (0, 7), (333, 400)])
def test_wilson_bound_solves_the_score_interval(k, n):
    assert scoring.wilson_lower_bound(k, n) == pytest.approx(wilson_by_quadratic(k, n, scoring.Z95), abs=1e-12)


def test_wilson_published_values():
    # Wilson (1927) / Agresti & Coull (1998): 95 % interval of 1 success in 1 trial is [0.2065, 1]
    assert scoring.wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=5e-4)
    assert scoring.wilson_lower_bound(0, 10) == 0.0
    with pytest.raises(ValueError):
        scoring.wilson_lower_bound(1, 0)
    with pytest.raises(ValueError):
        scoring.wilson_lower_bound(3, 2)


def test_score_prefers_a_steady_record_to_a_handful_and_reacts_to_poor_presses():
    few = scoring.cleanliness_score(2, 0, 0)
    many = scoring.cleanliness_score(180, 10, 10)
    assert few.share == 100 and many.share < 100
    assert few.value < many.value  # two presses cannot outrank two hundred
    worse = scoring.cleanliness_score(180, 10, 60)
    assert worse.value < many.value and worse.n == 250
    half = scoring.cleanliness_score(0, 10, 0)  # average counts half satisfied
    assert half.share == 50 and half.value < 50
    assert scoring.cleanliness_score(0, 0, 0) is None
    assert many.band == "good" and scoring.cleanliness_score(5, 5, 10).band == "poor"
    with pytest.raises(ValueError):
        scoring.cleanliness_score(-1, 0, 3)


def test_many_poor_needs_both_count_and_share():
    assert scoring.many_poor(10, 2, 6)
    assert not scoring.many_poor(110, 5, 5)  # busy toilet, 5 poor of 120
    assert not scoring.many_poor(1, 0, 2)  # quiet toilet: 2 of 3 is too few to send a cleaner
    assert not scoring.many_poor(0, 0, 0)


def test_opening_hours_day_overnight_and_always():
    day = OpeningHours(time(5), time(22))
    assert day.is_open(datetime(2026, 3, 2, 5, 0, tzinfo=LOCAL))
    assert not day.is_open(datetime(2026, 3, 2, 22, 0, tzinfo=LOCAL))
    assert not day.is_open(datetime(2026, 3, 1, 4, 59, tzinfo=LOCAL))
    night = OpeningHours(time(18), time(2))
    assert night.is_open(datetime(2026, 3, 2, 1, 0, tzinfo=LOCAL)) and not night.is_open(datetime(2026, 3, 2, 12, 0, tzinfo=LOCAL))
    assert scoring.parse_hours("24/7").always and scoring.parse_hours("5:00–22:00") == day
    with pytest.raises(ValueError):
        scoring.parse_hours("morning")
    # UTC instants are judged in local time: 23:30 UTC is 06:30 the next morning in Binh Duong
    from datetime import timezone
    assert day.is_open(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc))


def test_scheduled_rounds_every_three_hours_with_a_closing_round():
    d = date(2026, 3, 2)
    rounds = scoring.scheduled_rounds(d, OpeningHours(time(5), time(22)), 180)
    assert [r.strftime("%H:%M") for r in rounds] == ["05:00", "08:00", "11:00", "14:00", "17:00", "20:00", "21:45"]
    assert all(r.tzinfo is not None and r.date() == d for r in rounds)
    # 4 h steps from 06:00 leave three hours after 18:00: a closing round 15 minutes before closing
    four = scoring.scheduled_rounds(d, OpeningHours(time(6), time(21)), 240)
    assert [r.strftime("%H:%M") for r in four] == ["06:00", "10:00", "14:00", "18:00", "20:45"]
    always = scoring.scheduled_rounds(d, scoring.parse_hours("24/7"), 360)
    assert len(always) == 4 and always[-1] - always[0] == timedelta(hours=18)
    overnight = scoring.scheduled_rounds(d, OpeningHours(time(18), time(2)), 180)
    assert overnight[-1].date() == d + timedelta(days=1) and overnight[-1].strftime("%H:%M") == "01:45"
    with pytest.raises(ValueError):
        scoring.scheduled_rounds(d, OpeningHours(time(5), time(22)), 5)


def test_extra_round_rules():
    hours = OpeningHours(time(5), time(22))
    trigger = datetime(2026, 3, 2, 9, 10, tzinfo=LOCAL)
    plain = scoring.extra_round_time(trigger, [], hours)
    assert plain == trigger + timedelta(minutes=scoring.EXTRA_RESPONSE_MIN)
    coming = [KnownRound(datetime(2026, 3, 2, 9, 45, tzinfo=LOCAL))]
    assert scoring.extra_round_time(trigger, coming, hours) is None  # the cleaner comes anyway
    missed = [KnownRound(datetime(2026, 3, 2, 9, 45, tzinfo=LOCAL), missed=True)]
    assert scoring.extra_round_time(trigger, missed, hours) == plain
    later = [KnownRound(datetime(2026, 3, 2, 11, 0, tzinfo=LOCAL))]
    assert scoring.extra_round_time(trigger, later, hours) == plain
    just_done = [KnownRound(datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL), done_at=trigger - timedelta(minutes=10))]
    assert scoring.extra_round_time(trigger, just_done, hours, consumable=True) is None  # the sensor lags a refill
    assert scoring.extra_round_time(trigger, just_done, hours, consumable=False) == plain  # poor votes after a round
    late = datetime(2026, 3, 2, 21, 50, tzinfo=LOCAL)
    assert scoring.extra_round_time(late, [], hours) == datetime(2026, 3, 3, 5, 0, tzinfo=LOCAL)  # next opening
    early = datetime(2026, 3, 2, 3, 0, tzinfo=LOCAL)
    assert scoring.extra_round_time(early, [], hours) == datetime(2026, 3, 2, 5, 0, tzinfo=LOCAL)


def test_missed_levels_and_public_state():
    planned = datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL)
    assert not scoring.is_missed(planned, planned + timedelta(minutes=scoring.MISSED_GRACE_MIN))
    assert scoring.is_missed(planned, planned + timedelta(minutes=scoring.MISSED_GRACE_MIN + 1))
    assert [scoring.level_band(v) for v in (None, 3, 18, 60)] == ["unknown", "empty", "low", "ok"]
    assert scoring.public_state(False, 0, 6, []) == "closed"
    assert scoring.public_state(True, 2, 6, ["water"]) == "out_of_order"
    assert scoring.public_state(True, 2, 6, ["door"]) == "available"
    assert scoring.public_state(True, 6, 6, []) == "full"
    assert scoring.public_state(True, None, 6, []) == "available"

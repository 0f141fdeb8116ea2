"""The demo's toilet model (pure functions of toilet and time, no database): it repeats
exactly, dispensers empty with use and are topped up at a round that was done, presses
turn poor as hours pass since cleaning, faults are states, and the feed sends each
interval's presses once."""
from datetime import datetime

from smartcity.toilets import demo_toilets as d
from smartcity.toilets.scoring import LOCAL

T0 = int(datetime(2026, 12, 2, tzinfo=LOCAL).timestamp())  # local midnight of a Wednesday


def test_levels_fall_with_use_and_refill_at_done_rounds():
    market = d.BY_SLUG["vs-cho-thu-dau-mot"]
    day = d.local_day(T0 + 3600)
    done = [(p, t) for p, t in d.rounds_of_day(market.slug, day) if t is not None]
    assert len(done) >= 4 and all(0 < t - p <= 26 * 60 for p, t in done)
    t1, t2 = done[1][1], done[2][1]
    before = d.levels_at(market, t2 - 60)["paper_level"]
    after = d.levels_at(market, t2 + 60)["paper_level"]
    assert after > before and after >= 98  # topped up by the round
    assert d.levels_at(market, t1 + 600)["paper_level"] > before  # used up between the rounds
    assert d.value(market, "paper_level", T0 + 5000) == d.value(market, "paper_level", T0 + 5000)


def test_poor_presses_grow_with_time_since_cleaning_and_faults_are_states():
    station = d.BY_SLUG["vs-ben-xe-binh-duong"]
    poor_share = {"fresh": [0, 0], "stale": [0, 0]}
    for k in range(14 * 96):
        t = T0 - k * d.INTERVAL
        if not d.is_open(t - d.INTERVAL / 2):
            continue
        fb = d.feedback_at(station, t)
        hours = (t - d.last_clean(station.slug, t)) / 3600
        bucket = "fresh" if hours < 1 else "stale" if hours > 3 else None
        if bucket:
            poor_share[bucket][0] += fb["feedback_poor"]
            poor_share[bucket][1] += sum(fb.values())
    fresh = poor_share["fresh"][0] / poor_share["fresh"][1]
    stale = poor_share["stale"][0] / poor_share["stale"][1]
    assert stale > 2 * fresh
    faults = [(slug, day) for slug in d.BY_SLUG for day in range(d.local_day(T0) - 30, d.local_day(T0)) if d.fault_of_day(slug, day)]
    assert 0 < len(faults) < len(d.BY_SLUG) * 30 / 4
    slug, day = faults[0]
    kind, start, end = d.fault_of_day(slug, day)
    spec = d.BY_SLUG[slug]
    assert d.value(spec, f"fault_{kind}", start + 1) == 1.0 and d.value(spec, f"fault_{kind}", end) == 0.0
    hourly = d.times(spec, f"fault_{kind}", start - 7200, end + 7200)
    assert start in hourly and end in hourly and all(b > a for a, b in zip(hourly, hourly[1:]))


def test_feed_sends_interval_counts_once():
    now = T0 + 10 * 3600 + 7 * 60
    first = d.messages(now, None)
    per = [m for m in first if "feedback_good" in m[2]["values"]]
    assert len(per) == len(d.TOILETS) and all(m[2]["time"].endswith("10:00:00+07:00") for m in per)
    assert all(m[0] == "DONRE" for m in first)
    again = d.messages(now + 30, now)
    assert not [m for m in again if "feedback_good" in m[2]["values"]]
    new_ones = [m for m in d.messages(now + 9 * 60, now + 30) if "feedback_good" in m[2]["values"]]
    assert len(new_ones) == len(d.TOILETS)

"""Pure stage-storage and water-balance maths, on tables and days computed by hand."""
from datetime import date, datetime

import pytest

from smartcity.water import balance, stage
from smartcity.water.balance import LOCAL

# a lake with straight banks: 10,000 m² from 0 to 2 m, 20,000 m² from 2 to 3 m
LEVELS = [0.0, 2.0, 3.0]
VOLUMES = [0.0, 20_000.0, 40_000.0]


def test_volume_interpolates_between_rows():
    s = stage.Stage.of(LEVELS, VOLUMES)
    assert s.volume(1.0) == (10_000.0, stage.IN_RANGE)
    assert s.volume(2.5) == (30_000.0, stage.IN_RANGE)
    assert s.volume(3.0) == (40_000.0, stage.IN_RANGE)
    assert s.volume(0.0) == (0.0, stage.IN_RANGE)


def test_out_of_range_clamps_below_and_extends_the_top_slope_above():
    s = stage.Stage.of(LEVELS, VOLUMES)
    assert s.volume(-0.5) == (0.0, stage.BELOW)
    assert s.volume(3.1)[1] == stage.ABOVE
    assert s.volume(3.1)[0] == pytest.approx(42_000.0)
    assert s.level(-1.0) == (0.0, stage.BELOW)
    assert s.level(44_000.0)[0] == pytest.approx(3.2)


def test_level_is_the_inverse_of_volume():
    s = stage.Stage.of(LEVELS, VOLUMES)
    for h in (0.0, 0.37, 1.9, 2.0, 2.61, 3.0):
        assert s.level(s.volume(h)[0])[0] == pytest.approx(h)


def test_flat_stretch_answers_its_lowest_level():
    s = stage.Stage.of([0, 1, 2, 3], [0, 100, 100, 300])
    assert s.level(100) == (1.0, stage.IN_RANGE)
    assert s.level(200)[0] == pytest.approx(2.5)


def test_bad_tables_are_refused_with_every_reason():
    errors = stage.check([0, 1, 1, 0.5], [0, 50, 40, 60])
    codes = {(i, f, c) for i, f, c, _m in errors}
    assert (2, "level", "not_increasing") in codes
    assert (3, "level", "not_increasing") in codes
    assert (2, "volume", "decreasing") in codes
    assert stage.check([1.0], [0.0])[0][2] == "too_few_rows"
    with pytest.raises(stage.StageTableError) as exc:
        stage.Stage.of([0, 1], [5, -1])
    assert {e[2] for e in exc.value.errors} == {"negative", "decreasing"}


def test_area_profile_gives_trapezoid_volumes():
    assert stage.from_area_profile([0, 1, 3], [100, 300, 500]) == [0.0, 200.0, 1000.0]


def _t(d, h):
    return int(datetime(d.year, d.month, d.day, h, tzinfo=LOCAL).timestamp())


def test_a_day_by_hand():
    """Day 1 July: a storm adds 900 m³ between 14 and 15 h while 100 m³ go to irrigation in
    the same hour; the morning loses 50 m³ to evaporation; 200 m³ of treated water are
    pumped in at night. 20 mm on 5,000 m² with C = 0.8 is 80 m³ captured."""
    d = date(2025, 7, 1)
    samples = [(_t(d, 0), 1.0, 10_000.0), (_t(d, 8), 0.99, 9_950.0), (_t(d, 14), 0.99, 9_950.0),
               (_t(d, 15), 1.07, 10_750.0), (_t(d, 23), 1.09, 10_950.0)]
    flows = [(_t(d, 15) - 600, "reuse:irrigation", 100.0), (_t(d, 22), "in", 200.0), (_t(d, 10), "out", 30.0)]
    [day] = balance.daily(samples, flows, {d: 20.0}, crest_level=2.0, spillway_width_m=5.0,
                          catchment_m2=5_000.0, runoff_coefficient=0.8)
    assert day.reuse == 100.0 and day.reuse_by == {"irrigation": 100.0}
    assert day.metered_inflow == 200.0
    # gains: 14-15 h: +800 + 100 reuse = 900; 15-23 h: +200 - 200 metered in = 0; 8-14 h: 0 + 30 out = 30
    assert day.natural_inflow == pytest.approx(930.0)
    assert day.losses == pytest.approx(50.0)
    assert day.inflow == pytest.approx(1130.0)
    assert day.outflow == pytest.approx(30.0)
    assert day.overflow == 0.0
    assert day.captured == pytest.approx(80.0)
    assert (day.start_volume, day.end_volume) == (10_000.0, 10_950.0)
    assert (day.min_level, day.max_level) == (0.99, 1.09)
    # the balance closes: change = inflow - outflow - reuse - losses
    assert day.change == pytest.approx(day.inflow - day.outflow - day.reuse - day.losses)


def test_overflow_over_the_crest_by_the_weir_formula():
    d = date(2025, 9, 3)
    # 0.2 m over a 4 m crest for one hour: 1.705 * 4 * 0.2**1.5 * 3600 m³
    samples = [(_t(d, 16), 2.2, 50_000.0), (_t(d, 17), 2.2, 50_000.0)]
    [day] = balance.daily(samples, [], {}, crest_level=2.0, spillway_width_m=4.0)
    expected = 1.705 * 4 * 0.2 ** 1.5 * 3600
    assert day.overflow == pytest.approx(expected)
    assert day.outflow == pytest.approx(expected)
    assert day.natural_inflow == pytest.approx(expected)  # a steady level over the crest: inflow = overflow


def test_seasons_and_their_totals():
    assert balance.season_of(date(2025, 5, 1)) == ("rainy", 2025)
    assert balance.season_of(date(2025, 11, 30)) == ("rainy", 2025)
    assert balance.season_of(date(2025, 12, 1)) == ("dry", 2025)
    assert balance.season_of(date(2026, 4, 30)) == ("dry", 2025)
    assert balance.season_label("dry", 2025) == "2025-26"
    days = []
    for d, rain, reuse in ((date(2025, 4, 30), 0.0, 40.0), (date(2025, 5, 1), 30.0, 10.0),
                           (date(2025, 11, 30), 10.0, 20.0), (date(2025, 12, 1), 5.0, 60.0)):
        day = balance.Day(d, rain_mm=rain, reuse=reuse, reuse_by={"irrigation": reuse})
        day.captured = balance.captured_rain(rain, 1000.0, 0.5)
        days.append(day)
    seasons = balance.season_totals(days)
    assert [s.key for s in seasons] == ["dry-2024", "rainy-2025", "dry-2025"]
    rainy = seasons[1]
    assert rainy.days == 2 and rainy.rain_mm == 40.0
    assert rainy.captured == pytest.approx(20.0)  # 40 mm x 1,000 m² x 0.5
    assert rainy.reuse == 30.0 and rainy.reuse_share == pytest.approx(1.5)
    assert seasons[0].reuse_share is None
    months = balance.monthly_totals(days)
    assert [m.key for m in months] == ["2025-04", "2025-05", "2025-11", "2025-12"]

"""Repair-time statistics (pure)."""
from datetime import datetime, timedelta, timezone

from smartcity.maintenance import repairtime

UTC = timezone.utc


def test_percentile_matches_linear_interpolation():
    assert repairtime.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert abs(repairtime.percentile([10, 20, 30, 40, 50], 0.9) - 46) < 1e-9


def test_stats_by_fault_and_month_of_the_fix_in_local_time():
    t = datetime(2026, 5, 31, 16, 0, tzinfo=UTC)  # 23:00 on 31 May in Binh Duong
    rows = [("lampFailure", t, t + timedelta(hours=2), t + timedelta(hours=30)),  # fixed 01:00 on 1 June local
            ("lampFailure", t - timedelta(days=3), t - timedelta(days=3) + timedelta(hours=10), None),
            ("supplyLoss", t - timedelta(days=3), t - timedelta(days=3) + timedelta(hours=4), None)]
    fixed = {(s.fault_type, s.month): s for s in repairtime.stats(rows)}
    assert fixed[("lampFailure", "2026-06")].n == 1 and fixed[("lampFailure", "2026-06")].median_h == 2
    assert fixed[("*", "2026-05")].n == 2 and fixed[("*", "2026-05")].mean_h == 7
    closed = repairtime.stats(rows, until="closed")
    assert [(s.fault_type, s.n, s.max_h) for s in closed] == [("lampFailure", 1, 30), ("*", 1, 30)]

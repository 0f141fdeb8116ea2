"""How fast a bin fills, and when it will be full. No Django import.

The pipeline follows the baseline of BIN-CT (Ferrer & Alba, "BIN-CT: urban waste collection
based on predicting the container fill level", BioSystems 2019) and later work: a fill rate
per bin since its last emptying -> the time it reaches a threshold (e.g. 80 %) -> the bins
that must be visited in a shift (they would pass the threshold before the next shift) and
those that may be (they would pass it within a margin after that).

Ultrasonic fill sensors are noisy (a bag bridging the cone, rain on the transducer, a lid
left open), so:
- an emptying is a drop of at least `drop` points between the median of the readings before
  and after it (a median of three readings ignores one spike either way);
- the rate is the Theil-Sen slope (the median of the pairwise slopes; Sen, "Estimates of
  the regression coefficient based on Kendall's tau", JASA 1968), which stays put with up
  to 29 % of readings wrong where least squares would follow them.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

HOUR = 3600
DEFAULT_THRESHOLD = 80.0   # % full at which a bin is due (the example; Málaga's BIN-CT used 80 % too)
DEFAULT_DROP = 25.0        # points: a smaller fall is noise or compaction, not an emptying
MAX_POINTS = 80            # Theil-Sen is O(n^2): thin the cycle to this many points first
MIN_SPAN_S = HOUR          # a cycle shorter than this gives no rate of its own


@dataclass(frozen=True)
class FillEstimate:
    level: float | None      # fitted level at `t` (% full), the latest reading smoothed
    t: int | None            # time of the latest reading (epoch s)
    rate: float | None       # % per hour since the last emptying (None: not enough data and no prior)
    since: int | None        # first reading of the current fill cycle (after the last emptying)
    n: int                   # readings in the cycle
    from_prior: bool = False  # the rate is the caller's prior, the cycle being too short

    def level_at(self, when: int) -> float | None:
        """Predicted level at `when` (capped at 100 %)."""
        if self.level is None or self.t is None:
            return None
        if self.rate is None or when <= self.t:
            return self.level
        return min(100.0, self.level + self.rate * (when - self.t) / HOUR)

    def time_to(self, threshold: float = DEFAULT_THRESHOLD) -> int | None:
        """When the bin reaches `threshold` % (its last reading's time if already there);
        None if it does not fill (no rate, or a rate of zero)."""
        if self.level is None or self.t is None:
            return None
        if self.level >= threshold:
            return self.t
        if not self.rate or self.rate <= 0:
            return None
        return self.t + int(round((threshold - self.level) / self.rate * HOUR))


def _med3(values: Sequence[float], i: int) -> float:
    lo, hi = max(0, i - 1), min(len(values), i + 2)
    return median(values[lo:hi])


def cycle_start(readings: Sequence[tuple[int, float]], drop: float = DEFAULT_DROP, emptied_at: int | None = None) -> int:
    """Index of the first reading of the current fill cycle: after the last emptying seen in
    the data (a fall of `drop` points between the medians of three readings before and after),
    and not before `emptied_at` (an emptying recorded by the crew: the sensor may have missed it)."""
    values = [v for _, v in readings]
    start = 0
    if emptied_at is not None:
        while start < len(readings) and readings[start][0] < emptied_at:
            start += 1
    for i in range(len(values) - 1, max(start, 1) - 1, -1):
        before = median(values[max(0, i - 3):i])
        after = median(values[i:i + 3])
        # the fall must also show at the step itself, so a spike before a slow cycle is not taken for it
        if before - after >= drop and values[i - 1] - values[i] >= drop / 2:
            return max(i, start)
    return start


def theil_sen(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(slope, intercept): the median of pairwise slopes, then the median of y - slope * x."""
    if len(points) > MAX_POINTS:
        step = len(points) / MAX_POINTS
        points = [points[int(k * step)] for k in range(MAX_POINTS - 1)] + [points[-1]]
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points) for x2, y2 in points[i + 1:] if x2 != x1]
    if not slopes:
        return 0.0, median(y for _, y in points)
    slope = median(slopes)
    return slope, median(y - slope * x for x, y in points)


def estimate(readings: Sequence[tuple[int, float]], *, emptied_at: int | None = None, prior_rate: float | None = None,
             drop: float = DEFAULT_DROP) -> FillEstimate:
    """Fill estimate from a bin's readings (t, % full), oldest first; readings with a None or
    non-finite value are ignored. `prior_rate` (% per hour, e.g. the bin's long-run rate)
    stands in when the current cycle is shorter than an hour or has fewer than three readings;
    without one, the previous cycle's rate does."""
    clean = [(int(t), float(v)) for t, v in readings if v is not None and math.isfinite(v)]
    if not clean:
        return FillEstimate(None, None, prior_rate, None, 0, prior_rate is not None)
    start = cycle_start(clean, drop, emptied_at)
    cycle = clean[start:]
    if prior_rate is None and start >= 3 and (len(cycle) < 3 or cycle[-1][0] - cycle[0][0] < MIN_SPAN_S):
        # a bin just emptied: the previous cycle's rate is the best guess for this one
        prior_rate = estimate(clean[:start], drop=drop).rate
    if not cycle:  # every reading predates a recorded emptying: the bin is near empty now
        return FillEstimate(0.0, emptied_at, prior_rate, emptied_at, 0, prior_rate is not None)
    t_last = cycle[-1][0]
    if len(cycle) < 3 or t_last - cycle[0][0] < MIN_SPAN_S:
        level = median(v for _, v in cycle[-3:])
        return FillEstimate(_clip(level), t_last, prior_rate, cycle[0][0], len(cycle), prior_rate is not None)
    x0 = cycle[0][0]
    slope, intercept = theil_sen([((t - x0) / HOUR, v) for t, v in cycle])
    fitted = intercept + slope * (t_last - x0) / HOUR
    # the fitted line answers for the level; but never further than 10 points from what the last readings say
    recent = median(v for _, v in cycle[-3:])
    level = min(max(fitted, recent - 10.0), recent + 10.0)
    return FillEstimate(_clip(level), t_last, max(0.0, slope), x0, len(cycle))


def _clip(v: float) -> float:
    return min(100.0, max(0.0, v))


def classify(est: FillEstimate, next_shift_start: int, *, threshold: float = DEFAULT_THRESHOLD,
             margin_h: float = 12.0) -> str | None:
    """'must' if the bin is at the threshold already or would pass it before the next shift
    starts (it cannot wait), 'may' if it would pass it within `margin_h` hours after that
    (worth taking if the trucks have room), None otherwise."""
    at_next = est.level_at(next_shift_start)
    if at_next is None:
        return None
    if at_next >= threshold:
        return "must"
    later = est.level_at(next_shift_start + int(margin_h * HOUR))
    if later is not None and later >= threshold:
        return "may"
    return None

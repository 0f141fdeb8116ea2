"""Arrival predictions along a trip (pure Python, no Django).

Two families, behind one interface (`predict(trip, current_stop_index, current_time,
current_delay) -> [(stop_index, predicted_epoch)]`, `learn(event_pairs)`):

- `BaselinePredictor` (OneBusAway): scheduled arrival + the delay observed now, carried
  unchanged down the trip.
- `LearnedPredictor` (TheTransitClock's idea): the trip is rebuilt from learned per-segment
  running times plus learned dwell times, starting from where the bus is now. The segment
  time comes from one of three estimators:
    * "last": the last vehicle's time on that segment (if it is recent), else the average;
    * "average": the historical mean for the hour of day (Welford, per segment and hour);
    * "kalman": the hour's mean corrected by a Kalman-filtered relative deviation of today's
      vehicles from that mean; the deviation fades back to 0 with the time since it was
      last observed (an Ornstein-Uhlenbeck state), so a slow afternoon tells little about
      the evening peak but a lot about the next bus; its process variance grows with the
      deviation already built up, so an unusual day is followed quickly.
  Buses may not leave a stop more than `hold_early_s` before its scheduled departure
  (drivers hold when early; None = no holding).

Everything learnt lives in `SegmentStats` keyed (from_stop, to_stop, hour) — dwell times
are the segments (stop, stop, hour) — which is what the SegmentTime rows store.
Hours are local hours of day (0-23) of the departure from the segment's first stop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Protocol

TZ_OFFSET_S = 25200  # Asia/Ho_Chi_Minh, no DST
LAST_MAX_AGE_S = 1800  # "last vehicle" is trusted for half an hour
KALMAN_TAU_S = 3600  # the deviation's memory (e-folding time)
KALMAN_SHARE = 0.1  # share of the relative variance taken as the day's common deviation (the rest: vehicle noise)
KALMAN_ADAPT = 4.0  # process variance at least this x the squared deviation built up (adapts to an unusual day)
MIN_REL_VAR = 0.05 ** 2  # floor of the relative variance of a segment (5 %)


@dataclass
class TripPlan:
    """A trip instance to predict: its stops with scheduled epochs."""

    trip_id: str
    stop_ids: list[str]
    arr: list[int]  # scheduled arrival (epoch) per stop
    dep: list[int]  # scheduled departure (epoch) per stop
    route_id: str = ""

    @classmethod
    def from_trip(cls, trip, day_start_epoch: int) -> "TripPlan":
        """From a gtfs.schedule.TripInfo; stops without times get times interpolated by
        position between their timed neighbours."""
        arr = [a if a is not None else d for a, d in zip(trip.arr, trip.dep)]
        dep = [d if d is not None else a for a, d in zip(trip.arr, trip.dep)]
        known = [i for i, a in enumerate(arr) if a is not None]
        for i0, i1 in zip(known, known[1:]):
            for i in range(i0 + 1, i1):
                v = int(dep[i0] + (arr[i1] - dep[i0]) * (i - i0) / (i1 - i0))
                arr[i] = dep[i] = v
        arr = [day_start_epoch + (a if a is not None else 0) for a in arr]
        dep = [day_start_epoch + (d if d is not None else 0) for d in dep]
        return cls(trip.trip_id, list(trip.stop_ids), arr, dep, trip.route_id)


class PairObs(NamedTuple):
    """A bus's run between two consecutive stops: departure from the first, arrival at the
    second, and its departure from the second (None when unknown or the last stop)."""

    from_stop: str
    to_stop: str
    depart: int
    arrive: int
    to_departure: int | None = None
    planned: float | None = None  # scheduled running time of the segment (s)
    planned_dwell: float | None = None  # scheduled dwell at the second stop (s)


class Predictor(Protocol):
    name: str

    def learn(self, event_pairs: Iterable[PairObs]) -> None: ...

    def predict(self, trip: TripPlan, current_stop_index: int, current_time: int,
                current_delay: float) -> list[tuple[int, int]]: ...


def local_hour(epoch: float, tz_offset_s: int = TZ_OFFSET_S) -> int:
    return int((epoch + tz_offset_s) // 3600) % 24


# -- baseline --------------------------------------------------------------------------------
class BaselinePredictor:
    """Schedule + current delay, propagated (OneBusAway); never earlier than now."""

    name = "baseline"

    def learn(self, event_pairs) -> None:  # nothing to learn
        pass

    def predict(self, trip, current_stop_index, current_time, current_delay, departed=True):
        return [(j, int(round(max(current_time, trip.arr[j] + (current_delay or 0)))))
                for j in range(current_stop_index + 1, len(trip.stop_ids))]


# -- learned segment times -------------------------------------------------------------------
@dataclass
class SegStat:
    """Welford mean/variance of a segment (or dwell) at an hour, with the last vehicle's
    time and, on the row updated last, the Kalman estimate (seconds) and its variance
    (relative units). Mirrors the SegmentTime model."""

    n: int = 0
    mean_s: float = 0.0
    m2: float = 0.0
    planned_s: float | None = None  # mean scheduled time of the same runs (None: not known)
    last_s: float | None = None
    last_t: int | None = None
    kalman_s: float | None = None
    kalman_p: float | None = None

    def add(self, x: float, planned: float | None = None) -> None:
        self.n += 1
        d = x - self.mean_s
        self.mean_s += d / self.n
        self.m2 += d * (x - self.mean_s)
        p = x if planned is None else planned  # unknown schedule: the run counts as on schedule
        self.planned_s = p if self.planned_s is None or self.n == 1 else self.planned_s + (p - self.planned_s) / self.n

    def ratio(self) -> float | None:
        """Observed / scheduled running time (ratio of means)."""
        if not self.n or not self.planned_s or self.planned_s <= 0:
            return None
        return self.mean_s / self.planned_s

    @property
    def var(self) -> float | None:
        return self.m2 / (self.n - 1) if self.n > 1 else None


@dataclass
class SegmentStats:
    """All learnt segment and dwell statistics: (from, to, hour) -> SegStat; `latest`
    remembers, per (from, to), the hour row holding the last vehicle and Kalman state."""

    rows: dict[tuple[str, str, int], SegStat] = field(default_factory=dict)
    latest: dict[tuple[str, str], int] = field(default_factory=dict)
    tz_offset_s: int = TZ_OFFSET_S
    tau_s: float = KALMAN_TAU_S
    share: float = KALMAN_SHARE
    adapt: float = KALMAN_ADAPT
    dirty: set = field(default_factory=set)  # keys changed since the last save

    def put(self, key: tuple[str, str, int], stat: SegStat) -> None:
        """Load a stored row."""
        self.rows[key] = stat
        pair = key[:2]
        cur = self.latest.get(pair)
        if stat.last_t is not None and (cur is None or (self.rows[(*pair, cur)].last_t or -1) < stat.last_t):
            self.latest[pair] = key[2]

    def _near(self, a: str, b: str, hour: int, value):
        """value(stat) for the hour, else the mean over the nearest hours with data (up to
        3 h away), else None."""
        rows = self.rows
        st = rows.get((a, b, hour))
        if st is not None and st.n:
            v = value(st)
            if v is not None:
                return v
        for k in (1, 2, 3):
            vals = [v for h in ((hour - k) % 24, (hour + k) % 24)
                    if (s := rows.get((a, b, h))) is not None and s.n and (v := value(s)) is not None]
            if vals:
                return sum(vals) / len(vals)
        return None

    def mean(self, a: str, b: str, hour: int) -> float | None:
        """Mean seconds for the hour (or the nearest hours with data)."""
        return self._near(a, b, hour, lambda st: st.mean_s)

    def expected(self, a: str, b: str, hour: int, planned: float | None) -> float | None:
        """Expected seconds of a run scheduled to take `planned`: the schedule times the
        hour's observed/scheduled ratio (so a timetable that changes inside the hour is
        followed); the plain mean when the schedule is unknown."""
        if planned is not None and planned > 0:
            r = self._near(a, b, hour, SegStat.ratio)
            if r is not None:
                return planned * r
        return self.mean(a, b, hour)

    def rel_var(self, a: str, b: str, hour: int) -> float:
        st = self.rows.get((a, b, hour))
        if st is None or st.var is None or st.mean_s <= 0:
            return MIN_REL_VAR * 4
        return max(MIN_REL_VAR, st.var / (st.mean_s * st.mean_s))

    def state(self, a: str, b: str) -> tuple[SegStat | None, float, float]:
        """(row holding the latest state, relative deviation d, its variance P)."""
        h = self.latest.get((a, b))
        if h is None:
            return None, 0.0, 0.0
        st = self.rows[(a, b, h)]
        if st.kalman_s is None or st.mean_s <= 0:
            return st, 0.0, 0.0
        return st, st.kalman_s / st.mean_s - 1.0, st.kalman_p or 0.0

    def observe(self, a: str, b: str, t: int, x: float, planned: float | None = None, done: int | None = None) -> None:
        """One vehicle took x seconds on (a, b) starting at epoch t (or dwelt x at a == b),
        where the schedule gave `planned` seconds; `done` = when that was known (t + x)."""
        done = int(t + x) if done is None else done
        if x < 0:
            return
        hour = local_hour(t, self.tz_offset_s)
        key = (a, b, hour)
        st = self.rows.get(key)
        if st is None:
            st = self.rows[key] = SegStat()
        prev, d, p = self.state(a, b)
        mu = self.expected(a, b, hour, planned)
        v = self.rel_var(a, b, hour)
        s_var, r_var = self.share * v, (1 - self.share) * v
        if mu is None or mu <= 0:
            d_new, p_new = 0.0, s_var
        else:
            if prev is None or prev.last_t is None:
                d, p, fade = 0.0, s_var, 0.0
            else:
                fade = math.exp(-max(0, done - prev.last_t) / self.tau_s)
            d_prior = fade * d
            # a deviation that has built up is evidence of a day unlike the others: let the
            # state move as fast as that deviation is large (adaptive process noise)
            s_eff = max(s_var, self.adapt * d_prior * d_prior)
            p_prior = fade * fade * p + (1 - fade * fade) * s_eff
            gain = p_prior / (p_prior + r_var)
            d_new = d_prior + gain * (x / mu - 1.0 - d_prior)
            p_new = (1 - gain) * p_prior
        st.add(x, planned)
        if prev is not None and prev is not st:
            self.dirty.add((a, b, self.latest[(a, b)]))
        st.last_s, st.last_t = x, done
        st.kalman_s, st.kalman_p = st.mean_s * (1 + d_new), p_new
        if prev is not None and prev is not st:  # the state moves to this hour's row
            prev.kalman_s = prev.kalman_p = None
        self.latest[(a, b)] = hour
        self.dirty.add(key)

    def learn(self, pairs: Iterable[PairObs]) -> int:
        n = 0
        for p in pairs:
            if p.arrive is None or p.depart is None:
                continue
            self.observe(p.from_stop, p.to_stop, p.depart, p.arrive - p.depart, p.planned)
            if p.to_departure is not None and p.to_departure >= p.arrive:
                self.observe(p.to_stop, p.to_stop, p.arrive, p.to_departure - p.arrive, p.planned_dwell)
            n += 1
        return n

    # estimates
    def travel(self, a: str, b: str, t: float, now: float, how: str, planned: float | None = None) -> float | None:
        hour = local_hour(t, self.tz_offset_s)
        mu = self.expected(a, b, hour, planned)
        if how == "average" or mu is None:
            return mu
        st, d, _p = self.state(a, b)
        if st is None or st.last_t is None:
            return mu
        if how == "last":
            return st.last_s if now - st.last_t <= LAST_MAX_AGE_S else mu
        fade = math.exp(-max(0.0, t - st.last_t) / self.tau_s)
        return mu * (1 + fade * d)


class LearnedPredictor:
    """Learned segment running times plus dwell, from where the bus is now."""

    def __init__(self, how: str = "kalman", stats: SegmentStats | None = None, hold_early_s: int | None = None):
        if how not in ("last", "average", "kalman"):
            raise ValueError(how)
        self.how = how
        self.name = f"learned-{how}"
        self.stats = stats or SegmentStats()
        self.hold_early_s = hold_early_s

    def learn(self, event_pairs) -> None:
        self.stats.learn(event_pairs)

    def predict(self, trip, current_stop_index, current_time, current_delay, departed=True):
        """`current_time` is the bus's departure from stop `current_stop_index` (its arrival
        there when departed=False: the dwell is added first)."""
        stats, how = self.stats, self.how
        now = current_time
        t = float(current_time)
        i = current_stop_index
        ids = trip.stop_ids
        if not departed:
            t = self.departure(trip, i, t)
        out = []
        for j in range(i + 1, len(ids)):
            planned = max(0, trip.arr[j] - trip.dep[j - 1])
            seg = stats.travel(ids[j - 1], ids[j], t, now, how, planned)
            if seg is None:  # never seen: the schedule's time
                seg = planned
            t += seg
            out.append((j, int(round(t))))
            if j < len(ids) - 1:
                t = self.departure(trip, j, t)
        return out

    def departure(self, trip, j: int, t: float) -> float:
        """When a bus that arrived at stop j at t leaves: learned dwell, held until at most
        hold_early_s before the scheduled departure."""
        planned = max(0, trip.dep[j] - trip.arr[j])
        dwell = self.stats.mean(trip.stop_ids[j], trip.stop_ids[j], local_hour(t, self.stats.tz_offset_s))
        if dwell is None:
            dwell = planned
        dep = t + dwell
        if self.hold_early_s is not None:
            dep = max(dep, trip.dep[j] - self.hold_early_s)
        return dep


def pairs_of_trip(events) -> list[PairObs]:
    """Consecutive stop pairs of one trip's events (objects with stop_id, arrival,
    departure and, when known, scheduled_arrival, scheduled_departure; sorted by stop
    sequence); the first stop's departure (or arrival) starts the first pair."""
    out = []
    last = events[-1] if events else None
    for a, b in zip(events, events[1:]):
        dep = a.departure if a.departure is not None else a.arrival
        if dep is None or b.arrival is None:
            continue
        s_dep = _first_known(getattr(a, "scheduled_departure", None), getattr(a, "scheduled_arrival", None))
        s_arr = _first_known(getattr(b, "scheduled_arrival", None), getattr(b, "scheduled_departure", None))
        s_leave = _first_known(getattr(b, "scheduled_departure", None), s_arr)
        planned = s_arr - s_dep if s_arr is not None and s_dep is not None else None
        planned_dwell = s_leave - s_arr if s_leave is not None and s_arr is not None else None
        is_last = b is last
        out.append(PairObs(a.stop_id, b.stop_id, dep, b.arrival, None if is_last else b.departure, planned,
                           None if is_last else planned_dwell))
    return out


def _first_known(*values):
    return next((v for v in values if v is not None), None)


def mae_by_horizon(errors: Iterable[tuple[float, float]], bins=((0, 300), (300, 600), (600, 1200))) -> dict:
    """{(lo, hi): (mae_s, n)} from (horizon_s, abs_error_s) pairs; horizons in [lo, hi)."""
    sums = {b: [0.0, 0] for b in bins}
    for h, e in errors:
        for b in bins:
            if b[0] <= h < b[1] or (b == bins[-1] and h == b[1]):
                sums[b][0] += e
                sums[b][1] += 1
                break
    return {b: ((s / n) if n else None, n) for b, (s, n) in sums.items()}

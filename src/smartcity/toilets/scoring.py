"""Cleanliness score and cleaning-round scheduling of smart public toilets. Pure Python
(no Django), so the rules can be read and tested alone.

Cleanliness score
-----------------
Users press one of three buttons on leaving (good / average / poor). The score is the
lower bound of the Wilson score interval (E. B. Wilson, "Probable inference, the law of
succession, and statistical inference", JASA 22 (1927) 209-212) for the share of
satisfied users, an *average* press counting as half satisfied:

    p = (good + 0.5 * average) / n,   n = good + average + poor
    score = 100 * (p + z²/2n - z * sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n),   z = 1.96

Why not the plain share: two good presses out of two would read 100 while 180 good out of
200 reads 90. The lower bound says "with 95 % confidence at least this share of users was
satisfied", so a handful of presses cannot outrank a steady record and a burst of poor
presses moves the score at once (E. Miller, "How not to sort by average rating", 2009,
uses the same bound for ratings). No presses: no score.

Rounds
------
Scheduled rounds run every `interval` minutes from opening time while the toilet is open
(the last one no later than closing). Extra rounds come from alerts (low consumables,
many poor votes): one is planned `response` minutes after the trigger unless a round not
yet done is already planned in [trigger - grace, trigger + window] (the cleaner is coming
anyway), or one was confirmed within `recent` minutes before the trigger for a consumable
(refilled a moment ago: the sensor lags). Rounds not confirmed `grace` minutes after their
planned time are missed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

LOCAL = timezone(timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh has no daylight saving time
Z95 = 1.959963984540054

DEFAULT_INTERVAL_MIN = 180
EXTRA_RESPONSE_MIN = 30
EXTRA_WINDOW_MIN = 60
RECENT_DONE_MIN = 20
MISSED_GRACE_MIN = 60

# consumable levels (%): at or under LOW an alert is due, under EMPTY it is urgent
LEVEL_LOW = 20.0
LEVEL_EMPTY = 5.0


# -- cleanliness score ---------------------------------------------------------------------
def wilson_lower_bound(positive: float, n: float, z: float = Z95) -> float:
    """Lower bound of the Wilson score interval for a proportion positive/n (0..1)."""
    if n <= 0:
        raise ValueError("no observations")
    if positive < 0 or positive > n:
        raise ValueError("positive must lie in [0, n]")
    p = positive / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z2 / n))


@dataclass(frozen=True)
class Score:
    value: float  # 0..100, the Wilson lower bound in per cent
    share: float  # 0..100, the plain share of satisfied presses
    n: int
    band: str  # good / fair / poor

    def as_dict(self) -> dict:
        return {"value": round(self.value, 1), "share": round(self.share, 1), "votes": self.n, "band": self.band}


def band(value: float) -> str:
    """Bands of the public map: >= 70 good (green), >= 45 fair (amber), else poor (red)."""
    return "good" if value >= 70 else "fair" if value >= 45 else "poor"


def cleanliness_score(good: int, average: int, poor: int, z: float = Z95) -> Score | None:
    """The documented score (module docstring) of a set of feedback presses, or None."""
    if min(good, average, poor) < 0:
        raise ValueError("counts cannot be negative")
    n = good + average + poor
    if n == 0:
        return None
    positive = good + 0.5 * average
    value = 100 * wilson_lower_bound(positive, n, z)
    return Score(value=value, share=100 * positive / n, n=int(n), band=band(value))


def many_poor(good: int, average: int, poor: int, min_poor: int = 5, min_share: float = 0.3) -> bool:
    """'Many poor votes in an hour': at least `min_poor` presses and at least `min_share`
    of the hour's presses. Both, so a busy market toilet with 5 poor of 120 is not flagged
    and a quiet one with 2 poor of 3 is not either (too few to send a cleaner)."""
    n = good + average + poor
    return n > 0 and poor >= min_poor and poor / n >= min_share


# -- opening hours -------------------------------------------------------------------------
@dataclass(frozen=True)
class OpeningHours:
    """Daily opening hours in local time. opens == closes means open around the clock;
    closes earlier than opens means open past midnight."""

    opens: time
    closes: time

    @property
    def always(self) -> bool:
        return self.opens == self.closes

    def is_open(self, at: datetime) -> bool:
        t = at.astimezone(LOCAL).time().replace(tzinfo=None)
        if self.always:
            return True
        if self.opens < self.closes:
            return self.opens <= t < self.closes
        return t >= self.opens or t < self.closes

    def span(self, day: date) -> tuple[datetime, datetime]:
        """(opening, closing) of the opening that starts on local `day`."""
        start = datetime.combine(day, self.opens, LOCAL)
        if self.always:
            return start, start + timedelta(days=1)
        end = datetime.combine(day, self.closes, LOCAL)
        if end <= start:
            end += timedelta(days=1)
        return start, end


def parse_hours(text: str) -> OpeningHours:
    """'05:00-22:00' (also with an en dash), or '24/7'."""
    text = text.strip().replace("–", "-").replace("—", "-")
    if text in ("24/7", "24h", "0-24"):
        return OpeningHours(time(0), time(0))
    try:
        a, b = (part.strip() for part in text.split("-"))
        return OpeningHours(time.fromisoformat(a.zfill(5)), time.fromisoformat("00:00" if b == "24:00" else b.zfill(5)))
    except ValueError:
        raise ValueError(f"opening hours must look like 05:00-22:00, not {text!r}") from None


# -- rounds --------------------------------------------------------------------------------
def scheduled_rounds(day: date, hours: OpeningHours, interval_min: int = DEFAULT_INTERVAL_MIN) -> list[datetime]:
    """Planned times of the rounds of local `day`: opening, then every `interval_min`
    minutes while open; a last round at closing time when the previous one is more than
    half an interval earlier (the toilet is left clean for the night)."""
    if interval_min < 15:
        raise ValueError("a round interval under 15 minutes is not a schedule")
    start, end = hours.span(day)
    step = timedelta(minutes=interval_min)
    out = []
    t = start
    last_allowed = end - timedelta(minutes=15) if not hours.always else end - timedelta(minutes=1)
    while t <= last_allowed:
        out.append(t)
        t += step
    if not hours.always and out and (end - out[-1]) > step / 2:
        out.append(end - timedelta(minutes=15))
    return out


@dataclass(frozen=True)
class KnownRound:
    planned_at: datetime
    done_at: datetime | None = None
    missed: bool = False


def extra_round_time(trigger: datetime, rounds: list[KnownRound], hours: OpeningHours | None = None, *,
                     consumable: bool = False, response_min: int = EXTRA_RESPONSE_MIN,
                     window_min: int = EXTRA_WINDOW_MIN, recent_min: int = RECENT_DONE_MIN) -> datetime | None:
    """When an extra round should happen for a trigger at `trigger`, or None when none is
    needed (rules in the module docstring). A trigger while the toilet is closed plans the
    round at the next opening."""
    window_start = trigger - timedelta(minutes=recent_min)
    window_end = trigger + timedelta(minutes=window_min)
    for r in rounds:
        if r.done_at is None and not r.missed and window_start <= r.planned_at <= window_end:
            return None
        if consumable and r.done_at is not None and trigger - timedelta(minutes=recent_min) <= r.done_at <= trigger:
            return None
    at = trigger + timedelta(minutes=response_min)
    if hours is not None and not hours.is_open(at):
        local = at.astimezone(LOCAL)
        opening, _ = hours.span(local.date())
        if opening < local:
            opening, _ = hours.span(local.date() + timedelta(days=1))
        at = opening
    return at


def is_missed(planned_at: datetime, now: datetime, grace_min: int = MISSED_GRACE_MIN) -> bool:
    """A round not confirmed `grace_min` minutes after its planned time is missed."""
    return now > planned_at + timedelta(minutes=grace_min)


# -- what the public map says ----------------------------------------------------------------
def level_band(level: float | None) -> str:
    if level is None:
        return "unknown"
    return "empty" if level <= LEVEL_EMPTY else "low" if level <= LEVEL_LOW else "ok"


def public_state(open_now: bool, occupancy: float | None, cubicles: int, faults: list[str]) -> str:
    """closed / out_of_order (a fault that stops use: water supply or power) / full
    (every cubicle taken) / available. Door and flush faults leave the toilet usable."""
    if not open_now:
        return "closed"
    if "water" in faults or "power" in faults:
        return "out_of_order"
    if cubicles > 0 and occupancy is not None and occupancy >= cubicles:
        return "full"
    return "available"

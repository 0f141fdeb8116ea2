"""Rule maths, free of Django so it is fast to test and easy to read.

Each function takes the new readings of one datastream (pairs (t, value), t in epoch
seconds; only valid numeric readings) and the memory kept between batches (`Track`),
and returns the new memory plus the lifecycle events the readings cause:

- "raise":  the condition has held long enough; `since` is when it started;
- "update": the alert stays open and this reading belongs to it;
- "clear":  the condition is over.

Readings not newer than the last one evaluated (`track.last_t`) are late or corrected
data and do not move the state: alerts follow the live edge of the stream.
"""
from dataclasses import dataclass

RAISE, UPDATE, CLEAR = "raise", "update", "clear"


@dataclass
class Track:
    """What one (rule, datastream) remembers between batches."""

    since: int | None = None  # start of the current run of breaching readings
    last_t: int | None = None  # newest reading evaluated
    last_value: float | None = None


@dataclass(frozen=True)
class Event:
    action: str
    t: int
    value: float
    since: int | None = None


def _new(readings, track: Track):
    """Readings newer than the last evaluated one, oldest first."""
    last = track.last_t
    return sorted((t, v) for t, v in readings if v is not None and (last is None or t > last))


def breaches(op: str, value: float, limit: float) -> bool:
    return value > limit if op == ">" else value < limit


def threshold(readings, *, op: str, value: float, clear_value: float | None = None, duration_s: int = 0,
              max_gap_s: int | None = None, active: bool = False, track: Track | None = None):
    """Threshold with duration and hysteresis.

    Raises when every reading has been beyond `value` (op ">" or "<") for at least
    `duration_s`; a reading on the safe side restarts the wait, and so does a gap longer
    than `max_gap_s` between breaching readings (nobody knows what happened in it).
    Once raised, the alert clears only when a reading is strictly past `clear_value` on
    the safe side (below it for ">", above it for "<"): readings between the two values
    keep it open, so a value hovering around the limit does not flap.
    """
    track = Track(**vars(track)) if track else Track()
    clear_at = value if clear_value is None else clear_value
    events = []
    for t, v in _new(readings, track):
        if active:
            if (v < clear_at) if op == ">" else (v > clear_at):
                events.append(Event(CLEAR, t, v))
                active = False
                track.since = None
            else:
                events.append(Event(UPDATE, t, v))
        elif breaches(op, v, value):
            if track.since is None or (max_gap_s is not None and track.last_t is not None and t - track.last_t > max_gap_s):
                track.since = t
            if t - track.since >= duration_s:
                events.append(Event(RAISE, t, v, since=track.since))
                active = True
        else:
            track.since = None
        track.last_t, track.last_value = t, v
    return track, events


def rate_per_hour(t0: int, v0: float, t1: int, v1: float) -> float | None:
    """Change between two readings, scaled to one hour; None if they share a time."""
    if t1 <= t0:
        return None
    return (v1 - v0) * 3600.0 / (t1 - t0)


def rate_breaches(rate: float, max_per_hour: float, direction: str = "both") -> bool:
    if direction == "rise":
        return rate > max_per_hour
    if direction == "fall":
        return -rate > max_per_hour
    return abs(rate) > max_per_hour


def rate(readings, *, max_per_hour: float, direction: str = "both", max_gap_s: int | None = None,
         active: bool = False, track: Track | None = None):
    """Rate of change between consecutive readings, per hour.

    Raises when one step changes faster than `max_per_hour` (upwards, downwards or
    either way); clears at the first step back within the limit. Steps across a gap
    longer than `max_gap_s` are not judged: a slow drift over a day of missing data is
    not a jump. Event values are the rate per hour.
    """
    track = Track(**vars(track)) if track else Track()
    events = []
    for t, v in _new(readings, track):
        if track.last_t is not None and track.last_value is not None and (max_gap_s is None or t - track.last_t <= max_gap_s):
            r = rate_per_hour(track.last_t, track.last_value, t, v)
            if r is not None:
                if rate_breaches(r, max_per_hour, direction):
                    events.append(Event(UPDATE if active else RAISE, t, r, since=None if active else track.last_t))
                    active = True
                elif active:
                    events.append(Event(CLEAR, t, r))
                    active = False
        track.last_t, track.last_value = t, v
    return track, events


def missing_for(now: int, last_t: int | None, expected_interval_s: int, factor: float) -> float | None:
    """Seconds since the last reading when that is more than `factor` expected intervals,
    else None. `last_t` None (never reported) is judged by the caller's fallback time."""
    if last_t is None:
        return None
    silent = now - last_t
    return float(silent) if silent > factor * expected_interval_s else None


def missing_since(last_t: int, expected_interval_s: int, factor: float) -> int:
    """When a silent datastream became missing."""
    return int(last_t + factor * expected_interval_s)


SEVERITIES = ("info", "low", "medium", "high", "critical")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def at_least(severity: str, minimum: str) -> bool:
    return SEVERITY_RANK.get(severity, -1) >= SEVERITY_RANK.get(minimum, 99)


def worse(op_or_kind: str, new: float | None, old: float | None) -> bool:
    """Is `new` a worse value than the peak so far? Lower is worse only for "<" rules;
    rates compare by magnitude."""
    if new is None:
        return False
    if old is None:
        return True
    if op_or_kind == "<":
        return new < old
    if op_or_kind == "rate":
        return abs(new) > abs(old)
    return new > old

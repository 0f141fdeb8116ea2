"""Time in the hub: integer seconds since the epoch (UTC). Days are local days of the
platform's time zone (Asia/Ho_Chi_Minh is UTC+7 all year, no daylight saving)."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

HOUR = 3600
DAY = 86400
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# fixed offset of the local zone; a zone with daylight saving would need per-day offsets
DAY_OFFSET = int(datetime(2020, 1, 1, tzinfo=LOCAL_TZ).utcoffset().total_seconds())
_FIXED = timezone(timedelta(seconds=DAY_OFFSET))  # the offset the hub's days use


def hour_bucket(t: int) -> int:
    return t - t % HOUR


def day_bucket(t: int) -> int:
    """UTC seconds of the local midnight that starts the day holding `t`."""
    local = t + DAY_OFFSET
    return local - local % DAY - DAY_OFFSET


def parse_time(value) -> int:
    """Epoch seconds from an ISO 8601 string (offset or Z; without one, local time) or a
    number of seconds (milliseconds if it is too large to be seconds). Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError("a time cannot be true/false")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return int(value / 1000) if abs(value) > 1e11 else int(value)
    if not isinstance(value, str) or not value:
        raise ValueError("expected an ISO 8601 time")
    text = value.strip()
    if text.isdigit():
        return parse_time(int(text))
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    return int(dt.timestamp())


def to_datetime(t: int, tz=LOCAL_TZ) -> datetime:
    return datetime.fromtimestamp(t, tz)


def _offset_text(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    h, m = divmod(abs(seconds) // 60, 60)
    return f"{sign}{h:02d}:{m:02d}"


# Formatting times is most of the cost of a large answer; with the zone's fixed offset,
# table lookups do it about five times faster than datetime.isoformat().
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_HH_MM = [f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]
_SS_OFFSET = [f"{s:02d}{_offset_text(DAY_OFFSET)}" for s in range(60)]
_DAYS: dict[int, str] = {}


def iso(t: int) -> str:
    """ISO 8601 in local time with its offset: 2026-11-23T08:00:00+07:00."""
    if type(t) is not int:
        return datetime.fromtimestamp(t, _FIXED).isoformat()
    d, s = divmod(t + DAY_OFFSET, DAY)
    day = _DAYS.get(d)
    if day is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        day = _DAYS[d] = date.fromordinal(_EPOCH_ORDINAL + d).isoformat() + "T"
    minute, second = divmod(s, 60)
    return day + _HH_MM[minute] + _SS_OFFSET[second]


def iso_utc(t: int) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_duration(text: str) -> int:
    """ISO 8601 duration (PT1H, P1D, PT15M, P1DT12H) in seconds; months and years refused."""
    import re

    m = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", text or "")
    if not m or text in ("P", "PT"):
        raise ValueError(f"not an ISO 8601 duration in weeks/days/hours/minutes/seconds: {text!r}")
    w, d, h, mi, s = m.groups()
    return int(timedelta(weeks=int(w or 0), days=int(d or 0), hours=int(h or 0), minutes=int(mi or 0), seconds=float(s or 0)).total_seconds())

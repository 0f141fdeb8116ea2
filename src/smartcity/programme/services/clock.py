"""The date "now" means for a plan. A plan whose year is over is judged as of its last day
(reports still missing then are overdue; the dashboard says "as of 31/12/2018"); a running
plan is judged as of today. Every overdue, aging and due computation takes `as_of`."""
import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def as_of(plan=None, requested: dt.date | None = None) -> dt.date:
    if requested:
        return requested
    now = today()
    end = getattr(plan, "end_date", None)
    return min(now, end) if end else now


def parse_as_of(value: str | None) -> dt.date | None:
    """`?as_of=YYYY-MM-DD` from a request; None when absent, ValueError when malformed."""
    if not value:
        return None
    return dt.date.fromisoformat(value)

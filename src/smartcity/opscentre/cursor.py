"""The alert stream's cursor: the position (last change time in microseconds, alert id) of
the newest alert change a wall has seen. Changes are ordered by that pair, so a poll asks
only for what changed after it; the id breaks ties between alerts saved in the same
microsecond. Pure module (no Django) so the arithmetic is testable on its own."""
from __future__ import annotations

from datetime import datetime, timezone


def encode(at: datetime, pk: int) -> str:
    us = int(at.timestamp()) * 1_000_000 + at.microsecond
    return f"{us}-{int(pk)}"


def decode(text: str | None) -> tuple[datetime, int] | None:
    """(time, id) of a cursor, or None when it is missing or malformed (the wall then
    starts again from a full list, which is always safe)."""
    if not text:
        return None
    us, sep, pk = str(text).partition("-")
    if not sep or not us.isdigit() or not pk.isdigit():
        return None
    us_i = int(us)
    return datetime.fromtimestamp(us_i // 1_000_000, tz=timezone.utc).replace(microsecond=us_i % 1_000_000), int(pk)

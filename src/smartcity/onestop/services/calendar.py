"""The deadline function used everywhere (filled in by the calendar part): the working-day
calendar from the database (CalendarYear/CalendarDay exceptions + WorkingRules) applied by
the pure arithmetic in `onestop/workdays.py`.

Contract (other parts call these):
    due_at(received: datetime, days, *, unit=None) -> datetime          # cut-off applied
    add_working_time(start: datetime, days, *, unit=None) -> datetime    # no cut-off
    working_days_between(start: datetime, end: datetime, *, unit=None) -> float
    is_working_day(day: date) -> bool
    seed_year(year: int) -> CalendarYear                                  # idempotent
"""
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_HOURS = 8  # provisional until the calendar part lands: 07:30-11:30, 13:00-17:00, Mon-Fri only


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def add_working_time(start: dt.datetime, days, *, unit=None) -> dt.datetime:
    minutes = int(Decimal(str(days)) * _HOURS * 60)
    t = start.astimezone(LOCAL)
    day = t.date()
    while not is_working_day(day):
        day += dt.timedelta(days=1)
        t = dt.datetime.combine(day, dt.time(7, 30), LOCAL)
    while minutes > 0:
        t += dt.timedelta(minutes=1)
        if is_working_day(t.date()) and (dt.time(7, 30) < t.time() <= dt.time(11, 30) or dt.time(13, 0) < t.time() <= dt.time(17, 0)):
            minutes -= 1
    return t


def due_at(received: dt.datetime, days, *, unit=None) -> dt.datetime:
    return add_working_time(received, days, unit=unit)


def working_days_between(start: dt.datetime, end: dt.datetime, *, unit=None) -> float:
    return (end - start).total_seconds() / 86400 * 5 / 7

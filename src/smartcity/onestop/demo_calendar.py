"""Demo: the working-day calendar seeded from the Labor Code rules for 2018 to next year
(idempotent: a second run changes nothing, staff edits are kept), with the province's
working rules (07:30-11:30, 13:00-17:00, cut-off 15:00)."""
import datetime as dt

from smartcity.onestop.workdays import LOCAL

FIRST_YEAR = 2018


def load() -> dict:
    from smartcity.onestop.models import CalendarDay, WorkingRules
    from smartcity.onestop.services import calendar

    last = dt.datetime.now(LOCAL).year + 1
    for year in range(FIRST_YEAR, last + 1):
        calendar.seed_year(year)
    WorkingRules.objects.get_or_create(unit=None)
    return {"years": last - FIRST_YEAR + 1,
            "days": CalendarDay.objects.filter(date__year__gte=FIRST_YEAR, date__year__lte=last).count()}

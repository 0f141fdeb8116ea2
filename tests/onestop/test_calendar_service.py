"""The DB-backed deadline function: holidays from the stored calendar (or the rules for a
year not stored), per-unit working rules, staff rows kept by reseeding, cache invalidation."""
import datetime as dt

import pytest

from smartcity.onestop.services import calendar
from tests.onestop.factories import local

pytestmark = pytest.mark.django_db


def test_deadline_over_reunification_and_labour_day_2026():
    # Wed 29/4 10:30 + 5 days: 29/4 gives 5 h; 30/4, 1/5 holidays; 2-3/5 weekend;
    # 4-7/5 give 32 h; 3 h left on Fri 8/5 from 07:30
    assert calendar.due_at(local(2026, 4, 29, 10, 30), 5) == local(2026, 5, 8, 10, 30)


def test_year_not_stored_is_computed_from_the_rules_and_seeding_gives_the_same():
    before = calendar.due_at(local(2026, 2, 13, 9, 0), 1)
    assert before == local(2026, 2, 23, 9, 0)  # Tết 16-20/2/2026 (1/1 lunar = 17/2)
    cal_year = calendar.seed_year(2026)
    assert cal_year.days.filter(kind="holiday").count() >= 10
    assert calendar.due_at(local(2026, 2, 13, 9, 0), 1) == before


def test_seed_is_idempotent_and_keeps_staff_rows():
    from smartcity.onestop.models import CalendarDay

    y = calendar.seed_year(2025)
    n = y.days.count()
    staff = CalendarDay.objects.get(date=dt.date(2025, 5, 2))
    staff.source, staff.name_vi = "staff", "Nghỉ hoán đổi theo Thông báo của Bộ Nội vụ"
    staff.save()
    calendar.seed_year(2025)
    assert CalendarDay.objects.filter(year=y).count() == n
    assert CalendarDay.objects.get(date=dt.date(2025, 5, 2)).name_vi == "Nghỉ hoán đổi theo Thông báo của Bộ Nội vụ"


def test_staff_edit_changes_deadlines_at_once():
    from smartcity.onestop.models import CalendarDay, DayKind

    y = calendar.seed_year(2026)
    assert calendar.due_at(local(2026, 6, 5, 9, 0), 1) == local(2026, 6, 8, 9, 0)  # Fri -> Mon
    day = CalendarDay.objects.create(year=y, date=dt.date(2026, 6, 8), kind=DayKind.LOCAL_OFF, working=False,
                                     name_vi="Nghỉ theo quyết định của UBND tỉnh", source="staff")
    assert calendar.due_at(local(2026, 6, 5, 9, 0), 1) == local(2026, 6, 9, 9, 0)
    day.delete()
    assert calendar.due_at(local(2026, 6, 5, 9, 0), 1) == local(2026, 6, 8, 9, 0)


@pytest.mark.parametrize("received, days, due", [
    # Tết Bính Ngọ: received Friday 13/2/2026 after the cut-off; 16-20/2 Tết, 21-22 weekend
    (local(2026, 2, 13, 16, 0), 1, local(2026, 2, 23, 17, 0)),
    # 2025 swap: the Saturday 26/4 is worked, so Friday + 1 day ends on it
    (local(2025, 4, 25, 9, 0), 1, local(2025, 4, 26, 9, 0)),
    # ...and 30/4-4/5 are five days off in a row: 6.5 h on Tue 29/4, 8 h Mon 5/5, 1.5 h Tue 6/5
    (local(2025, 4, 29, 9, 0), 2, local(2025, 5, 6, 9, 0)),
    # National Day 2025: Monday 1/9 and Tuesday 2/9 off
    (local(2025, 8, 29, 10, 0), 1, local(2025, 9, 3, 10, 0)),
    # 2023: 2/9 a Saturday -> Friday 1/9 with it, Monday 4/9 in lieu (art. 111)
    (local(2023, 8, 31, 14, 0), 1, local(2023, 9, 5, 14, 0)),
    # Hùng Kings' day 2026 on a Sunday -> Monday 27/4 in lieu; then 30/4 and 1/5
    (local(2026, 4, 24, 9, 0), 3, local(2026, 5, 4, 9, 0)),
])
def test_deadlines_around_holidays_and_swaps(received, days, due):
    assert calendar.due_at(received, days) == due


def test_unit_rules_fall_back_to_the_province_row(reference):
    from smartcity.core.models import Organisation
    from smartcity.onestop.models import WorkingRules

    doc, dpi = Organisation.objects.get(code="DOC"), Organisation.objects.get(code="DPI")
    monday_late = local(2026, 6, 1, 15, 30)
    assert calendar.due_at(monday_late, 1, unit=dpi) == local(2026, 6, 2, 17, 0)  # default 15:00 cut-off
    WorkingRules.objects.create(unit=None, cutoff=None)
    assert calendar.due_at(monday_late, 1, unit=dpi) == local(2026, 6, 2, 15, 30)  # province: no cut-off
    WorkingRules.objects.create(unit=doc, cutoff=dt.time(15))
    assert calendar.due_at(monday_late, 1, unit=doc) == local(2026, 6, 2, 17, 0)
    assert calendar.rules_for(dpi).unit_id is None and calendar.rules_for(doc).unit_id == doc.pk


def test_working_days_between_and_is_working_day():
    calendar.seed_year(2025)
    assert calendar.is_working_day(dt.date(2025, 4, 26)) is True   # make-up Saturday
    assert calendar.is_working_day(dt.date(2025, 5, 2)) is False   # swapped day off
    assert calendar.working_days_between(local(2025, 4, 29, 9, 0), local(2025, 5, 6, 9, 0)) == 2
    assert calendar.working_days_between(local(2025, 5, 6, 9, 0), local(2025, 4, 29, 9, 0)) == -2


def test_ensure_years_seeds_only_missing_years():
    from smartcity.onestop.models import CalendarYear

    calendar.seed_year(2025)
    CalendarYear.objects.filter(year=2025).update(note="Thông báo 6150/TB-BLĐTBXH")
    created = calendar.ensure_years(2025, 2026)
    assert [y.year for y in created] == [2026]
    assert CalendarYear.objects.get(year=2025).note == "Thông báo 6150/TB-BLĐTBXH"


def test_demo_seeds_2018_to_next_year_idempotently():
    from smartcity.onestop import demo_calendar
    from smartcity.onestop.models import CalendarDay, CalendarYear, WorkingRules

    first = demo_calendar.load()
    next_year = dt.datetime.now(calendar.LOCAL).year + 1
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2018, next_year + 1))
    history = CalendarDay.history.count()
    assert demo_calendar.load() == first
    assert CalendarDay.history.count() == history  # nothing rewritten on the second run
    assert WorkingRules.objects.filter(unit=None).count() == 1

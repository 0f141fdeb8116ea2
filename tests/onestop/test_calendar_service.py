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

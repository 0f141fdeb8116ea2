"""What "as of" means for a plan: its last day once over, moved forward only by activity
after the last reports were due, today while it runs, or the date asked for."""
import datetime as dt

from django.utils import timezone

from smartcity.programme.models import Escalation, ProgressReport
from smartcity.programme.services import clock


def test_finished_plan_is_judged_on_its_last_day_until_someone_acts_later(small_plan):
    plan, items, _ = small_plan
    assert clock.as_of(plan) == dt.date(2018, 12, 31)
    assert clock.as_of(plan, dt.date(2018, 6, 30)) == dt.date(2018, 6, 30)
    # the December report, submitted within its due window in January, keeps the plan's year
    ProgressReport.objects.create(owner=plan.owner, item=items["II.4.1"], period="2018-12", period_start=dt.date(2018, 12, 1),
                                  period_end=dt.date(2018, 12, 31), due_date=dt.date(2019, 1, 5), progress=60, narrative="Hoàn thành lộ trình",
                                  status="submitted", submitted_at=dt.datetime(2019, 1, 4, 9, tzinfo=dt.timezone.utc))
    assert clock.as_of(plan) == dt.date(2018, 12, 31)
    # a difficulty raised today moves the reference date to today, so it is not hidden
    Escalation.objects.create(owner=items["II.4.2"].owner, item=items["II.4.2"], title="Thiếu kinh phí vận hành tuyến buýt",
                              description="Chưa bố trí vốn trợ giá", raised_at=timezone.now())
    assert clock.as_of(plan) == clock.today()


def test_running_plan_is_judged_today(small_plan):
    plan, _, _ = small_plan
    plan.end_date = clock.today() + dt.timedelta(days=30)
    plan.save()
    assert clock.as_of(plan) == clock.today()
    assert clock.parse_as_of("2018-04-15") == dt.date(2018, 4, 15) and clock.parse_as_of("") is None

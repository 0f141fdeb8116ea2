"""`smartcity programme overdue` and `remind` on the small plan."""
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from smartcity.programme.models import Reminder

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("programme", *args, stdout=out)
    return out.getvalue()


def test_overdue_table_and_json(small_plan):
    plan, items, _ = small_plan
    data = json.loads(run("overdue", "--plan", plan.code, "--as-of", "2018-06-10", "--json"))
    rows = {(r["item"], r["period"]): r for r in data["reports"]}
    assert data["as_of"] == "2018-06-10" and rows[("II.4.1", "2018-04")]["days_overdue"] == 36
    assert ("II.4.1", "2018-06") not in rows
    assert {r["organisation"] for r in data["unit_plans"]} == {"DOT", "DONRE"}
    text = run("overdue", "--plan", plan.code, "--as-of", "2018-06-10")
    assert "II.4.2" in text and "2018-05" in text and f"{data['count']}" in text.splitlines()[0]
    assert "chưa viết" in text and "missing" not in text  # report states in the output's language


def test_remind_sends_once(small_plan, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan, items, _ = small_plan
    make_user("dot.editor", "DOT", email="gtvt@binhduong.gov.vn")
    first = run("remind", "--plan", plan.code, "--as-of", "2018-06-10")
    sent = Reminder.objects.filter(organisation__code="DOT").count()
    assert sent > 0 and len(mail.outbox) == 1 and mail.outbox[0].to == ["gtvt@binhduong.gov.vn"]
    assert "Nhắc báo cáo" in mail.outbox[0].subject and "đã quá hạn" in mail.outbox[0].body
    second = run("remind", "--plan", plan.code, "--as-of", "2018-06-10")
    assert Reminder.objects.filter(organisation__code="DOT").count() == sent and len(mail.outbox) == 1
    assert first != second


def test_bad_arguments(small_plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("overdue", "--plan", "khong-co")
    with pytest.raises(CommandError):
        run("overdue", "--as-of", "31/12/2018")


def test_daily_task_runs_reminders(small_plan, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from smartcity.programme.tasks import send_report_reminders_daily

    plan, items, _ = small_plan
    make_user("dot.editor", "DOT", email="gtvt@binhduong.gov.vn")
    result = send_report_reminders_daily.call_local()
    # the small plan's year is long over: a finished plan is left alone
    assert result == {} and not mail.outbox
    import datetime as dt

    from smartcity.programme.services import clock

    today = clock.today()
    plan.end_date = None
    plan.save()
    plan.schedule.first_period_start, plan.schedule.last_period_end = today - dt.timedelta(days=100), today + dt.timedelta(days=200)
    plan.schedule.save()
    result = send_report_reminders_daily.call_local()
    assert result[plan.code]["sent"] > 0 and mail.outbox[0].to == ["gtvt@binhduong.gov.vn"]
    assert send_report_reminders_daily.call_local()[plan.code]["sent"] == 0

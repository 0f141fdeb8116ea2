"""The 2018 working sessions of the demo: loaded on the whole plan after the plan and reports
demo parts, linked to items (with timeline lines) and, at the year-end review, to the
escalations still waiting; a second run creates nothing."""
import io

from django.core.management import call_command

from smartcity.programme import demo_meetings, demo_plan, demo_reports
from smartcity.programme.models import Decision, Escalation, Meeting, TimelineEntry


def test_demo_sessions_idempotent(plan2018):
    demo_plan.load()
    demo_reports.load()
    counts = demo_meetings.load()
    starts = Meeting.objects.get(body__code="BCD").starts_at
    # the year-end review settles what was waiting before it opened, all but the newest
    waiting = Escalation.objects.filter(item__plan=plan2018, raised_at__lt=starts).exclude(
        status__in=("withdrawn",)).exclude(decided_at__lt=starts).count()
    assert counts["sessions"] == len(demo_meetings.SESSIONS) == Meeting.objects.count()
    assert {m.body.code for m in Meeting.objects.all()} == {"BDH", "HDCV", "TCV", "BCD"}
    assert Decision.objects.count() == counts["decisions"] >= 13
    assert counts["escalations_decided"] == min(3, max(0, waiting - 1))
    assert Escalation.objects.filter(meeting__body__code="BCD", status="decided").count() >= counts["escalations_decided"]
    hdcv = Meeting.objects.get(body__code="HDCV")
    assert hdcv.participants.filter(organisation__code="EIPO").exists() and "Brainport" in hdcv.minutes + hdcv.title_vi
    ii11 = plan2018.items.get(number="II.11")
    assert TimelineEntry.objects.filter(item=ii11, source="decision").exists()
    assert all(m.decisions.exists() and m.participants.exists() and m.minutes for m in Meeting.objects.all())
    before = (Meeting.objects.count(), Decision.objects.count(), TimelineEntry.objects.count())
    again = demo_meetings.load()
    assert again["sessions"] == 0 and again["decisions"] == 0
    assert (Meeting.objects.count(), Decision.objects.count(), TimelineEntry.objects.count()) == before
    # the CLI lists them
    out = io.StringIO()
    call_command("programme", "meetings", "--year", "2018", "--body", "BDH", stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 3

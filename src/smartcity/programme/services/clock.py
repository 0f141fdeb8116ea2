"""The date "now" means for a plan. A running plan is judged as of today. A plan whose year is
over is judged as of its last day, or as of its latest recorded activity when units still
work on it after the last reports were due (a late report, an escalation raised today), so
that what was just done is never hidden behind the plan's end: the 2018 demo reads "as of 31/12/2018" until someone
acts on it today. Every overdue, aging and due computation takes `as_of`."""
import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def latest_activity(plan) -> dt.date | None:
    """The last day anything was recorded on the plan (reports, unit plans, escalations,
    timeline, decisions at working sessions)."""
    from django.db.models import Max

    if getattr(plan, "pk", None) is None:
        return None  # a period without records (e.g. an ICF application's year)
    from smartcity.programme.models import Escalation, ProgressReport, TimelineEntry, UnitPlan

    stamps = [
        ProgressReport.objects.filter(item__plan=plan).aggregate(m=Max("submitted_at"))["m"],
        ProgressReport.objects.filter(item__plan=plan).aggregate(m=Max("reviewed_at"))["m"],
        UnitPlan.objects.filter(plan=plan).aggregate(m=Max("submitted_at"))["m"],
        Escalation.objects.filter(item__plan=plan).aggregate(m=Max("raised_at"))["m"],
        Escalation.objects.filter(item__plan=plan).aggregate(m=Max("decided_at"))["m"],
    ]
    days = [timezone.localdate(s) for s in stamps if s]
    entry = TimelineEntry.objects.filter(item__plan=plan).aggregate(m=Max("date"))["m"]
    if entry:
        days.append(entry)
    return max(days) if days else None


def as_of(plan=None, requested: dt.date | None = None) -> dt.date:
    if requested:
        return requested
    now = today()
    end = getattr(plan, "end_date", None)
    if not end or now <= end:
        return now
    # the last period's reports arrive after the end (due `due_days` later): that is still the
    # plan's own year; only activity past that window moves the reference date forward
    schedule = getattr(plan, "schedule", None) if getattr(plan, "pk", None) else None
    window = end + dt.timedelta(days=schedule.due_days if schedule else 31)
    last = latest_activity(plan)
    return min(now, last) if last and last > window else end


def parse_as_of(value: str | None) -> dt.date | None:
    """`?as_of=YYYY-MM-DD` from a request; None when absent, ValueError when malformed."""
    if not value:
        return None
    return dt.date.fromisoformat(value)

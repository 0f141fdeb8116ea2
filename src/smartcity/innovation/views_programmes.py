"""The Centre's programmes (cohorts with milestones and admitted startups), events with
registrations, mentoring sessions (private to the organiser: notes stay inside), and a
month calendar of all three."""
import calendar as cal
import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from smartcity.core.permissions import visible
from smartcity.innovation.models import Event, MentoringSession, Milestone, Programme


def programme_list(request):
    return render(request, "innovation/programme_list.html", {
        "programmes": visible(Programme.objects.select_related("centre"), request.user).prefetch_related("startups", "milestones"),
    })


def programme_detail(request, slug):
    p = get_object_or_404(visible(Programme.objects.select_related("centre", "owner"), request.user), slug=slug)
    return render(request, "innovation/programme_detail.html", {
        "p": p, "startups": visible(p.startups.all(), request.user), "milestones": p.milestones.all(),
        "sessions": visible(p.sessions.select_related("mentor", "startup"), request.user).order_by("at"),
        "events": visible(p.events.all(), request.user).order_by("starts"), "today": timezone.localdate(),
    })


def event_list(request):
    now = timezone.now()
    events = visible(Event.objects.select_related("centre"), request.user)
    return render(request, "innovation/event_list.html", {
        "upcoming": events.filter(starts__gte=now).order_by("starts"), "past": events.filter(starts__lt=now).order_by("-starts")[:30],
    })


def session_list(request):
    sessions = visible(MentoringSession.objects.select_related("mentor", "startup", "programme"), request.user).order_by("-at")
    return render(request, "innovation/session_list.html", {"sessions": sessions[:200]})


def calendar_view(request):
    raw = request.GET.get("month", "")
    today = timezone.localdate()
    try:
        first = dt.datetime.strptime(raw, "%Y-%m").date() if raw else today.replace(day=1)
    except ValueError:
        raise Http404("bad month")
    last = first.replace(day=cal.monthrange(first.year, first.month)[1])
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    items: dict[dt.date, list[dict]] = {}
    for e in visible(Event.objects.filter(starts__gte=start, starts__lt=end), request.user):
        items.setdefault(timezone.localtime(e.starts).date(), []).append({"kind": "event", "label": e.title, "obj": e,
                                                                          "time": timezone.localtime(e.starts)})
    for s in visible(MentoringSession.objects.filter(at__gte=start, at__lt=end).select_related("startup", "mentor"), request.user):
        items.setdefault(timezone.localtime(s.at).date(), []).append({"kind": "session", "label": f"{s.startup} · {s.mentor}",
                                                                      "obj": s, "time": timezone.localtime(s.at)})
    programmes = visible(Programme.objects.all(), request.user)
    for m in Milestone.objects.filter(due__gte=first, due__lte=last, programme__in=programmes).select_related("programme"):
        items.setdefault(m.due, []).append({"kind": "milestone", "label": m.title, "obj": m, "time": None})
    weeks = [[{"day": d, "in_month": d.month == first.month, "items": items.get(d, []), "today": d == today} for d in week]
             for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = last + dt.timedelta(days=1)
    return render(request, "innovation/calendar.html", {"weeks": weeks, "month": first, "prev": prev, "next": nxt,
                                                         "count": sum(len(v) for v in items.values())})

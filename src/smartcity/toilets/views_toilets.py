"""Operator pages (login): the list of toilets with their state, a toilet's page
(consumables, feedback chart, today's rounds with confirm buttons, phone-friendly) and the
round schedule of a day. Confirming a round follows the permission rule (`require_change`)."""
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, require_change, visible
from smartcity.toilets import scoring, services
from smartcity.toilets.models import CleaningRound, RoundState, Toilet
from smartcity.toilets.views_public import state_labels


def _levels(s: dict) -> list[dict]:
    names = {"water_tank": _("Water tank"), "soap": _("Soap"), "paper": _("Paper")}
    return [{"key": k, "label": names[k], "value": s["levels"][k], "band": s["level_bands"][k]} for k in names]


def _toilets(user):
    return visible(Toilet.objects.select_related("asset", "owner"), user).order_by("asset__name")


@login_required
def toilet_list(request):
    toilets = list(_toilets(request.user))
    states = services.states(toilets)
    labels = state_labels()
    for st in states.values():
        st["label"] = labels[st["state"]]
    rows = [{"toilet": t, "s": states[t.pk], "levels": _levels(states[t.pk])} for t in toilets]
    return render(request, "toilets/list.html", {"rows": rows, "now": timezone.now(), "states": state_labels()})


def feedback_chart(hours: list[dict], width: int = 720, height: int = 160) -> dict:
    """Stacked bars (good, average, poor) per hour as SVG rectangles, with the hourly score."""
    top = max([h["good"] + h["average"] + h["poor"] for h in hours] + [1])
    bw = width / max(1, len(hours))
    bars = []
    for i, h in enumerate(hours):
        y = height
        x = round(i * bw, 1)
        label = datetime.fromtimestamp(h["t"], tz=scoring.LOCAL)
        segs = []
        for key in ("good", "average", "poor"):
            hgt = round(h[key] / top * (height - 10), 1)
            if hgt > 0:
                y -= hgt
                segs.append({"key": key, "y": round(y, 1), "h": hgt})
        s = scoring.cleanliness_score(h["good"], h["average"], h["poor"])
        bars.append({"x": x, "w": round(max(1.0, bw - 1), 1), "segs": segs, "label": label, "h": h,
                     "score": round(s.value) if s else None, "tick": label.hour % 6 == 0})
    return {"bars": bars, "width": width, "height": height, "top": top}


@login_required
def toilet_detail(request, slug):
    toilet = get_object_or_404(_toilets(request.user), asset__slug=slug)
    state = services.states([toilet])[toilet.pk]
    state["label"] = state_labels()[state["state"]]
    day = services.local_day()
    start, end = services.day_bounds(day)
    rounds = list(toilet.rounds.filter(planned_at__gte=start, planned_at__lt=end).select_related("done_by", "cleaner"))
    recent = list(toilet.rounds.filter(planned_at__lt=start, planned_at__gte=start - timedelta(days=7)).exclude(
        state=RoundState.PLANNED).order_by("-planned_at")[:20])
    return render(request, "toilets/detail.html", {
        "toilet": toilet, "s": state, "rounds": rounds, "recent": recent, "day": day,
        "may_change": can_change(request.user, toilet), "chart": feedback_chart(services.hourly_feedback(toilet, 48)),
        "levels": _levels(state), "states": state_labels(),
    })


@login_required
def schedule(request):
    raw = request.GET.get("date", "")
    day = parse_date(raw) if raw else services.local_day()
    if day is None:
        raise Http404("bad date")
    start, end = services.day_bounds(day)
    toilets = list(_toilets(request.user))
    rounds = list(visible(CleaningRound.objects.filter(toilet__in=toilets, planned_at__gte=start, planned_at__lt=end)
                          .select_related("toilet__asset", "done_by"), request.user).order_by("planned_at"))
    by_toilet = {t.pk: {"toilet": t, "rounds": []} for t in toilets}
    for r in rounds:
        by_toilet[r.toilet_id]["rounds"].append(r)
    counts = {s: sum(1 for r in rounds if r.state == s) for s in RoundState.values}
    return render(request, "toilets/schedule.html", {
        "day": day, "prev": day - timedelta(days=1), "next": day + timedelta(days=1), "groups": list(by_toilet.values()),
        "counts": counts, "total": len(rounds), "hours": range(0, 24, 3),
    })


@login_required
@require_POST
def confirm(request, pk):
    r = get_object_or_404(visible(CleaningRound.objects.select_related("toilet__asset"), request.user), pk=pk)
    require_change(request.user, r)
    try:
        services.confirm_round(r, request.user, notes=request.POST.get("notes", "").strip(), photo=request.FILES.get("photo"))
        messages.success(request, _("Round of %(time)s confirmed.") % {"time": f"{r.planned_at.astimezone(scoring.LOCAL):%H:%M}"})
    except services.RoundError as exc:
        messages.error(request, str(exc))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/toilets/"):
        return redirect(nxt)
    return redirect("toilets-detail", slug=r.toilet.asset.slug)

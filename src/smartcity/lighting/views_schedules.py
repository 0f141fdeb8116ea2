"""Schedules page: tonight's timeline of every group on one chart (switch-on and switch-off
from the astronomical clock at the group's position, dimming steps of the program its
calendar chooses), the calendars with their rules, the programs, group commands."""
import datetime as dt

from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change, visible
from smartcity.lighting import control, services
from smartcity.lighting.charts import timelines_svg
from smartcity.lighting.models import Calendar, Command, CommandAction, ControlProgram, LightingGroup



def _render(request, template, context):
    """render() with the link to the energy dashboard (once its part is installed)."""
    from smartcity.lighting.views_home import _energy_url

    return render(request, template, {**context, "energy_url": _energy_url()})

def schedules(request):
    day = services.tonight()
    if request.GET.get("date"):
        try:
            day = dt.date.fromisoformat(request.GET["date"])
        except ValueError:
            pass
    groups = list(visible(LightingGroup.objects.select_related("calendar", "owner"), request.user).order_by("code"))
    rows, table = [], []
    for g in groups:
        try:
            tl = services.group_timeline(g, day)
        except Exception as exc:  # a broken program shows as a message, not a 500
            tl = None
            table.append({"group": g, "error": str(exc)})
            rows.append((g.name, None))
            continue
        rows.append((g.name, tl))
        table.append({"group": g, "timeline": tl, "editable": can_change(request.user, g)})
    tls = [tl for _, tl in rows if tl]
    svg = ""
    if tls:
        start = min(t.on for t in tls).replace(minute=0, second=0, microsecond=0)
        end = (max(t.off for t in tls) + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        svg = timelines_svg(rows, start, end, _("Tonight's switching and dimming by group"))
    control.expire()
    recent = []
    if request.user.is_authenticated:
        qs = Command.objects.select_related("group", "luminaire").order_by("-created_at")
        from smartcity.core.permissions import is_coordinator

        if not is_coordinator(request.user):
            qs = qs.filter(owner_id=request.user.organisation_id)
        recent = qs[:20]
    return _render(request, "lighting/schedules.html", {
        "day": day, "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1), "svg": svg, "table": table,
        "calendars": visible(Calendar.objects.select_related("default_program").prefetch_related("rules__program", "groups"),
                             request.user).order_by("code"),
        "programs": visible(ControlProgram.objects.all(), request.user).order_by("code"),
        "actions": CommandAction.choices, "recent": recent, "transport": control.transport().upper(),
    })

"""Collection planning pages: plans of a shift (made from live bin levels and optimised on the
spot), a plan with its totals and map, each driver's route (map with numbered stops, a
phone-friendly list where the driver records each emptying), the printable route sheet and
its PDF."""
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.sanitation import planning, services
from smartcity.sanitation.models import CollectionPlan, Depot, DisposalSite, PlannedRoute, PlannedStop, Shift, Truck

COLOURS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#4e342e"]


class PlanForm(forms.Form):
    date = forms.DateField(label=_l("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    shift = forms.ChoiceField(label=_l("Shift"), choices=Shift.choices)
    depot = forms.ModelChoiceField(label=_l("Depot"), queryset=Depot.objects.none())
    disposal_site = forms.ModelChoiceField(label=_l("Disposal site"), queryset=DisposalSite.objects.none(), required=False)
    trucks = forms.ModelMultipleChoiceField(label=_l("Trucks"), queryset=Truck.objects.none(), widget=forms.CheckboxSelectMultiple)
    zone = forms.CharField(label=_l("Zone (empty: all)"), required=False, max_length=80)
    threshold_pct = forms.FloatField(label=_l("Collect at (% full)"), min_value=10, max_value=100, initial=80)
    trips_per_truck = forms.IntegerField(label=_l("Trips per truck"), min_value=1, max_value=6, initial=2)
    seconds = forms.FloatField(label=_l("Solver time (s)"), min_value=0.1, max_value=services.MAX_SECONDS, initial=3)

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if owner is not None:
            self.fields["depot"].queryset = Depot.objects.filter(owner=owner)
            self.fields["disposal_site"].queryset = visible(DisposalSite.objects.all(), None) | DisposalSite.objects.filter(owner=owner)
            self.fields["trucks"].queryset = Truck.objects.filter(owner=owner, active=True)


def _owner(user):
    if getattr(user, "organisation_id", None) and can_change(user, user.organisation):
        return user.organisation
    return writable_owners(user).filter(trucks__isnull=False).distinct().first()


def plan_list(request):
    plans = visible(CollectionPlan.objects.select_related("owner", "depot"), request.user).prefetch_related("trucks")[:50]
    owner = _owner(request.user) if request.user.is_authenticated else None
    form = None
    if owner is not None:
        day, shift = planning.current_shift(int(time.time()))
        form = PlanForm(owner=owner, initial={"date": day, "shift": shift, "depot": Depot.objects.filter(owner=owner).first(),
                                              "disposal_site": DisposalSite.objects.filter(owner=owner).first(),
                                              "trucks": list(Truck.objects.filter(owner=owner, active=True))})
    return render(request, "sanitation/plans.html", {"plans": plans, "form": form, "owner": owner})


@login_required
@require_POST
def plan_create(request):
    owner = _owner(request.user)
    if owner is None:
        raise PermissionDenied(_("You may not plan collections."))
    form = PlanForm(request.POST, owner=owner)
    if not form.is_valid():
        plans = visible(CollectionPlan.objects.all(), request.user)[:50]
        return render(request, "sanitation/plans.html", {"plans": plans, "form": form, "owner": owner}, status=400)
    d = form.cleaned_data
    plan = CollectionPlan.objects.create(owner=owner, date=d["date"], shift=d["shift"], depot=d["depot"],
                                         disposal_site=d["disposal_site"], zone=d["zone"], threshold_pct=d["threshold_pct"],
                                         trips_per_truck=d["trips_per_truck"], seconds=d["seconds"], created_by=request.user)
    plan.trucks.set(d["trucks"])
    try:
        services.optimise(plan)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    return redirect("sanitation-plan", pk=plan.pk)


@login_required
@require_POST
def plan_optimise(request, pk):
    plan = get_object_or_404(CollectionPlan, pk=pk)
    if not can_change(request.user, plan):
        raise PermissionDenied
    try:
        services.optimise(plan)
        messages.success(request, _("The plan was optimised again with the bin levels of now."))
    except services.PlanError as exc:
        messages.error(request, str(exc))
    return redirect("sanitation-plan", pk=plan.pk)


def _trips(stops):
    """The bins of each trip in order: the map draws depot -> bins -> depot per trip (the way to
    the disposal site, 14 km off, would squash the town into a corner)."""
    out: dict = {}
    for s in stops:
        out.setdefault(s.trip, []).append([s.bin.asset.latitude, s.bin.asset.longitude])
    return [out[k] for k in sorted(out)]


def _map_data(plan, routes):
    data = {"tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "depot": {"name": plan.depot.name, "lat": plan.depot.latitude, "lon": plan.depot.longitude},
            "disposal": ({"name": plan.disposal_site.name, "lat": plan.disposal_site.latitude, "lon": plan.disposal_site.longitude}
                         if plan.disposal_site_id else None), "routes": []}
    for r in routes:
        data["routes"].append({
            "number": r.number, "truck": r.truck.plate, "colour": COLOURS[(r.number - 1) % len(COLOURS)],
            "url": f"/sanitation/routes/{r.pk}/",
            # the map's line goes through the bins and the depot; the disposal trip is drawn apart (it is far away)
            "trips": _trips(r.stops.all()),
            "stops": [{"n": s.order, "trip": s.trip, "code": s.bin.code, "lat": s.bin.asset.latitude, "lon": s.bin.asset.longitude,
                       "state": s.state, "level": s.level_pct} for s in r.stops.all()]})
    return data


def plan_detail(request, pk):
    plan = get_object_or_404(visible(CollectionPlan.objects.select_related("depot", "disposal_site", "owner"), request.user), pk=pk)
    routes = list(plan.routes.select_related("truck", "driver").prefetch_related("stops__bin__asset"))
    totals = services.plan_totals(plan)
    for t in totals:
        t["colour"] = COLOURS[(t["route"].number - 1) % len(COLOURS)]
    return render(request, "sanitation/plan.html", {
        "plan": plan, "totals": totals, "map": _map_data(plan, routes), "may_change": can_change(request.user, plan),
        "km": (plan.distance_m or 0) / 1000, "bins": sum(t["bins"] for t in totals), "load": sum(t["load"] for t in totals),
        "left_out": plan.summary.get("left_out", []),
    })


def _route(request, pk):
    return get_object_or_404(visible(PlannedRoute.objects.select_related("plan__depot", "plan__disposal_site", "truck", "driver"),
                                     request.user), pk=pk)


def route_detail(request, pk):
    route = _route(request, pk)
    stops = list(route.stops.select_related("bin__asset"))
    latest = services.latest_levels([s.bin for s in stops])
    for s in stops:
        s.now_level = latest.get(s.bin_id, (None, None))[1]
    data = _map_data(route.plan, [route])
    return render(request, "sanitation/route.html", {
        "route": route, "plan": route.plan, "stops": stops, "map": data, "may_record": can_change(request.user, route),
        "done": sum(s.state == "collected" for s in stops), "now": timezone.localtime(), "km": route.distance_m / 1000,
    })


@login_required
@require_POST
def stop_collect(request, pk, stop_pk):
    stop = get_object_or_404(PlannedStop.objects.select_related("route__plan", "route__truck", "bin"), pk=stop_pk, route_id=pk)
    if not can_change(request.user, stop.bin):
        raise PermissionDenied
    def number(name, lo, hi):
        raw = (request.POST.get(name) or "").replace(",", ".").strip()
        if not raw:
            return None
        try:
            v = float(raw)
        except ValueError:
            return "bad"
        return v if lo <= v <= hi else "bad"
    fill, weight = number("fill_before_pct", 0, 100), number("weight_kg", 0, 5000)
    if "bad" in (fill, weight):
        messages.error(request, _("Level is 0–100 %% and weight 0–5000 kg; the collection of %(code)s was not recorded.")
                       % {"code": stop.bin.code})
    elif stop.state == "collected":
        messages.info(request, _("%(code)s was already recorded.") % {"code": stop.bin.code})
    else:
        services.record_collection(stop.bin, fill_before=fill, weight_kg=weight, stop=stop, user=request.user)
        messages.success(request, _("%(code)s collected.") % {"code": stop.bin.code})
    return redirect(f"/sanitation/routes/{pk}/#stop-{stop.order}")


def route_sheet(request, pk):
    route = _route(request, pk)
    stops = list(route.stops.select_related("bin__asset"))
    return render(request, "sanitation/sheet.html", {"route": route, "plan": route.plan, "stops": stops,
                                                     "km": route.distance_m / 1000, "printed": timezone.localtime()})


def route_sheet_pdf(request, pk):
    from smartcity.sanitation.sheet_pdf import route_sheet_pdf as build

    route = _route(request, pk)
    stops = list(route.stops.select_related("bin__asset"))
    data = build(route, stops)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lo-trinh-{route.plan.date:%Y%m%d}-{route.plan.shift}-{route.number}.pdf"'
    return response


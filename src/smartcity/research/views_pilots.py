"""Living Lab pilot pages under /research/pilots/: the list with a map (public), a pilot's
page (partners by helix with the coverage warning, hub assets, indicators - from the hub's
daily rollups where linked - and lessons learned) and the edit form (the owner: DOST)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.research import services, stats
from smartcity.research.forms import IndicatorFormSet, PartnerFormSet, PilotForm
from smartcity.research.models import PartnerHelix, Pilot, PilotStatus
from smartcity.research.views_common import edit_owned, map_config

STATUS_COLOURS = {"planned": "#7a8ea3", "running": "#1f7a3a", "evaluating": "#c77c02", "closed": "#5b4b8a"}


def _coverage(pilot) -> dict:
    cov = stats.helix_coverage([p.helix for p in pilot.partners.all()])
    labels = dict(PartnerHelix.choices)
    cov["missing_labels"] = [str(labels[h]) for h in cov["missing"]]
    cov["rows"] = [{"helix": h, "label": labels[h], "n": n} for h, n in cov["counts"].items()]
    return cov


def _feature(p) -> dict | None:
    geometry = p.area or ({"type": "Point", "coordinates": [p.longitude, p.latitude]} if p.latitude is not None else None)
    if geometry is None:
        return None
    return {"type": "Feature", "geometry": geometry,
            "properties": {"slug": p.slug, "title": p.title, "status": p.status, "status_label": str(p.get_status_display()),
                           "place": p.place, "colour": STATUS_COLOURS.get(p.status, "#555"),
                           "url": reverse("research-pilot-detail", args=[p.slug]),
                           "point": [p.latitude, p.longitude] if p.latitude is not None else None}}


def pilot_list(request):
    qs = visible(Pilot.objects.select_related("owner").prefetch_related("partners", "assets"), request.user)
    status = request.GET.get("status", "")
    if status in PilotStatus.values:
        qs = qs.filter(status=status)
    pilots = list(qs)
    rows = [{"p": p, "coverage": _coverage(p), "assets": len(p.assets.all())} for p in pilots]
    features = [f for f in (_feature(p) for p in pilots) if f]
    return render(request, "research/pilot_list.html", {
        "rows": rows, "map": map_config(features), "statuses": PilotStatus.choices, "status": status,
        "colours": [(k, label, STATUS_COLOURS[k]) for k, label in PilotStatus.choices],
        "can_create": writable_owners(request.user).exists()})


def pilot_detail(request, slug):
    pilot = get_object_or_404(visible(Pilot.objects.select_related("owner"), request.user), slug=slug)
    partners = list(pilot.partners.select_related("organisation"))
    feature = _feature(pilot)
    return render(request, "research/pilot_detail.html", {
        "pilot": pilot, "partners": partners, "coverage": _coverage(pilot),
        "assets": list(pilot.assets.select_related("asset_type").order_by("asset_type_id", "name")),
        "indicators": services.indicator_rows(pilot), "map": map_config([feature] if feature else []),
        "editable": can_change(request.user, pilot)})


def _formsets():
    return [("partners", PartnerFormSet, _("Partners")), ("indicators", IndicatorFormSet, _("Indicators"))]


@login_required
def pilot_create(request):
    return edit_owned(request, form_class=PilotForm, instance=None, formsets=_formsets(), title=_("New Living Lab pilot"),
                      back_url=reverse("research-pilots"), done=lambda p: reverse("research-pilot-detail", args=[p.slug]))


@login_required
def pilot_edit(request, slug):
    pilot = get_object_or_404(Pilot, slug=slug)
    return edit_owned(request, form_class=PilotForm, instance=pilot, formsets=_formsets(), title=_("Edit Living Lab pilot"),
                      back_url=reverse("research-pilot-detail", args=[slug]), done=lambda p: reverse("research-pilot-detail", args=[p.slug]))

"""The planning check page of a permit dossier (/gis/quy-hoach/ho-so/<id>/): the form (parcel
or drawn footprint as GeoJSON, requested use, height, floors, coverage), and the dossier's
checks with their findings, map snapshot and evidence PDF. Staff who may see the dossier see
the page; only the unit holding it may run a check."""
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from smartcity.gis import planning as rules
from smartcity.gis.services import planning as service
from smartcity.onestop import permissions as perms
from smartcity.onestop.models import Dossier


class CheckForm(forms.Form):
    parcel = forms.CharField(label=_l("Parcel (layer/parcel id)"), required=False, max_length=200)
    footprint = forms.CharField(label=_l("or the footprint drawn (GeoJSON polygon, WGS84)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    use = forms.ChoiceField(label=_l("Requested use"), choices=[])
    height_m = forms.DecimalField(label=_l("Height (m)"), min_value=0.1, max_value=999, decimal_places=2)
    floors = forms.IntegerField(label=_l("Floors"), min_value=1, max_value=200)
    coverage_pct = forms.DecimalField(label=_l("Building coverage (%)"), min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vi = not (get_language() or "vi").startswith("en")
        self.fields["use"].choices = [(k, v[0] if vi else v[1]) for k, v in rules.LAND_USES.items()]


def _dossier(request, pk):
    if not perms.is_staff_user(request.user):
        raise PermissionDenied(_("Only the unit holding the dossier may run its planning check."))
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "current_unit", "owner"), pk=pk)
    if not perms.can_view(request.user, dossier):
        raise PermissionDenied(_("Only the unit holding the dossier may run its planning check."))
    return dossier


@login_required
def dossier_planning(request, pk):
    from smartcity.gis.api.planning import find_parcel, snapshot

    dossier = _dossier(request, pk)
    may_check = service.can_check(request.user, dossier)
    form = CheckForm(request.POST or None)
    if request.method == "POST":
        if not may_check:
            raise PermissionDenied(_("Only the unit holding the dossier may run its planning check."))
        if form.is_valid():
            data = form.cleaned_data
            parcel = find_parcel(data["parcel"].strip()) if data["parcel"].strip() else None
            if data["parcel"].strip() and parcel is None:
                form.add_error("parcel", _("No such parcel."))
            else:
                try:
                    service.check_dossier(dossier, parcel=parcel, footprint=data["footprint"].strip() or None, use=data["use"],
                                          height_m=data["height_m"], floors=data["floors"], coverage_pct=data["coverage_pct"],
                                          user=request.user)
                    return redirect("gis-planning-dossier", pk=dossier.pk)
                except service.PlanningError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    checks = []
    for c in service.recent_checks(dossier)[:10]:
        checks.append({"check": c, "doc": service.evidence_document(c), "map": mark_safe(snapshot(c)),
                       "footprint": json.loads(c.footprint)})
    return render(request, "gis/planning/dossier.html", {"d": dossier, "form": form, "may_check": may_check, "checks": checks,
                                                          "use_labels": {k: v for k, v in rules.LAND_USES.items()}})

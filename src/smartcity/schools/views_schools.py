"""Schools: the list (filter by former district), a school's page (facts, position, scores by
area year over year as radar and bars, its assessments) and the department's edit form."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartcity.core.models import AdministrativeUnit
from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.schools import charts, services
from smartcity.schools.forms import SchoolForm
from smartcity.schools.models import OWNER_CODE, School, State


def _schools(user):
    return visible(School.objects.select_related("unit", "former_unit"), user)


def school_list(request):
    qs = _schools(request.user).order_by("former_unit__code", "name_vi")
    district = request.GET.get("district", "")
    if district:
        qs = qs.filter(former_unit__code=district)
    year = services.current_school_year()
    states = dict(services.visible_assessments(request.user).filter(school_year=year).values_list("school_id", "state"))
    labels = {s.value: s.label for s in State}
    rows = [{"school": s, "state": states.get(s.pk), "state_label": labels.get(states.get(s.pk), "")} for s in qs]
    districts = AdministrativeUnit.objects.filter(level="district").order_by("name_vi")
    return render(request, "schools/list.html", {
        "rows": rows, "districts": districts, "district": district, "year": year,
        "may_create": writable_owners(request.user).filter(code=OWNER_CODE).exists()})


def school_detail(request, code):
    school = get_object_or_404(_schools(request.user).select_related("owner"), code=code)
    progress = services.school_progress(school, request.user)
    groups = []
    if progress:
        last = progress[-1]["assessment"]
        groups = list(last.criteria_set.groups.all())
    names = [g.name for g in groups]
    radar = charts.radar(names, [(p["year"], [p["groups"].get(g.code) for g in groups]) for p in progress[-3:]],
                         title=_("Score by area")) if len(groups) >= 3 else ""
    bars = charts.bars([p["year"] for p in progress], [(_("Total (%)"), [p["total"] for p in progress])], unit="%",
                       width=520, height=220, title=_("Total score by school year")) if progress else ""
    year = services.current_school_year()
    current = next((p["assessment"] for p in progress if p["year"] == year), None)
    is_member = services.is_member(request.user, school)
    return render(request, "schools/detail.html", {
        "school": school, "progress": progress, "groups": groups, "radar": radar, "bars": bars, "year": year,
        "current": current, "is_member": is_member, "may_change": can_change(request.user, school),
        "may_open": (is_member or can_change(request.user, school)) and current is None
        and services.published_set(year) is not None,
        "point": {"lat": school.latitude, "lon": school.longitude, "name": school.name,
                  "tiles": settings.SMARTCITY_MAP_TILES} if school.latitude is not None else None})


@login_required
def mine(request):
    """The school user's shortcut: their school's page (or the list when they have several)."""
    ids = services.member_school_ids(request.user)
    if len(ids) == 1:
        return redirect("schools-detail", code=School.objects.get(pk=next(iter(ids))).code)
    return redirect("schools-list")


@login_required
def school_edit(request, code=None):
    school = get_object_or_404(School, code=code) if code else None
    if school is not None:
        require_change(request.user, school)
    owner = writable_owners(request.user).filter(code=OWNER_CODE).first()
    if school is None and owner is None:
        require_change(request.user, None)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if school is None:
            obj.owner = owner
        obj.save()
        messages.success(request, _("School saved."))
        return redirect("schools-detail", code=obj.code)
    return render(request, "schools/edit.html", {"form": form, "school": school})

"""Transport project pages under /mobility/projects/: the list with a map (public: the plan's
projects are public information), a project's page with its milestones and change history,
and the create/edit form for editors of the owner organisation (the platform rule,
`smartcity.core.permissions`). Geometry is pasted GeoJSON, checked by the same function as
the API (`services.projects.validate_geometry`), so both doors refuse the same things."""
import json
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q, Sum
from django.forms import inlineformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.mobility.models import Milestone, ProjectKind, ProjectStatus, TransportProject
from smartcity.mobility.services.projects import (KIND_COLOURS, GeometryError, feature_collection, geometry_length_km,
                                                  validate_geometry)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _name(p) -> str:
    return p.name_en if _english() and p.name_en else p.name_vi


def vnd(value) -> str:
    """A VND amount in billions (tỷ đồng), with the active language's separators."""
    if value is None:
        return "—"
    bn = float(value) / 1e9
    digits = 1 if 0 < bn < 10 else 0
    text = f"{bn:,.{digits}f}"
    if not _english():
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return _("%(n)s billion VND") % {"n": text}


def _map_config(projects) -> dict:
    """What the page's Leaflet map needs: the projects layer, tiles or context units."""
    units = []
    if not settings.SMARTCITY_MAP_TILES:
        try:  # the hub's context layer (district outlines or labelled centres) when no tiles
            from smartcity.hub.views import _context_units

            units = _context_units()
        except Exception:  # noqa: BLE001 - the map still shows the projects
            units = []
    return {"projects": feature_collection(projects, lambda p: reverse("mobility-project-detail", args=[p.code]),
                                           get_language() or "vi"),
            "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "units": units}


def project_list(request):
    qs = visible(TransportProject.objects.select_related("owner").prefetch_related("milestones"), request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in ProjectKind.values:
        qs = qs.filter(kind=kind)
    if status in ProjectStatus.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name_vi__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    projects = list(qs.order_by("plan_item", "kind", "code"))
    today = date.today()
    rows = []
    for p in projects:
        ms = list(p.milestones.all())
        upcoming = next((m for m in ms if not m.done), None)
        rows.append({"p": p, "name": _name(p), "colour": KIND_COLOURS.get(p.kind, KIND_COLOURS["other"]),
                     "next": upcoming, "overdue": bool(upcoming and upcoming.date < today),
                     "done": sum(1 for m in ms if m.done), "total": len(ms), "editable": can_change(request.user, p),
                     "budget": vnd(p.budget_vnd), "spent": vnd(p.spent_vnd)})
    totals = qs.aggregate(budget=Sum("budget_vnd"), spent=Sum("spent_vnd"))
    return render(request, "mobility/projects_list.html", {
        "rows": rows, "kinds": ProjectKind.choices, "statuses": ProjectStatus.choices, "kind": kind, "status": status, "q": q,
        "totals": {"budget": vnd(totals["budget"]), "spent": vnd(totals["spent"])}, "map": _map_config(projects), "can_create": writable_owners(request.user).exists(),
        "colours": [(k, label, KIND_COLOURS.get(k)) for k, label in ProjectKind.choices],
    })


def _history(project, limit=30):
    """Changes of the project and its milestones, newest first, with the fields changed."""
    out = []
    records = list(project.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    for i, h in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changed = []
        if prev is not None and h.history_type == "~":
            changed = [c.field for c in h.diff_against(prev).changes]
        out.append({"when": h.history_date, "who": h.history_user, "what": h.get_history_type_display(),
                    "record": _("project"), "fields": changed})
    for h in Milestone.history.filter(project_id=project.pk).select_related("history_user").order_by("-history_date")[:limit]:
        out.append({"when": h.history_date, "who": h.history_user, "what": h.get_history_type_display(),
                    "record": f"{_('milestone')}: {h.title_en if _english() and h.title_en else h.title_vi}", "fields": []})
    return sorted(out, key=lambda r: r["when"], reverse=True)[:limit]


def project_detail(request, code):
    project = get_object_or_404(TransportProject.objects.select_related("owner"), code=code)
    if project not in visible(TransportProject.objects.filter(pk=project.pk), request.user):
        raise Http404
    today = date.today()
    milestones = [{"m": m, "title": m.title_en if _english() and m.title_en else m.title_vi,
                   "state": "done" if m.done else ("overdue" if m.date < today else "planned")}
                  for m in project.milestones.all()]
    spent_pct = None
    if project.budget_vnd and project.spent_vnd is not None:
        spent_pct = round(float(project.spent_vnd) / float(project.budget_vnd) * 100, 1)
    return render(request, "mobility/projects_detail.html", {
        "project": project, "name": _name(project),
        "description": project.description_en if _english() and project.description_en else project.description_vi,
        "milestones": milestones, "spent_pct": spent_pct, "budget": vnd(project.budget_vnd), "spent": vnd(project.spent_vnd), "map": _map_config([project]),
        "editable": can_change(request.user, project),
        "history": _history(project) if request.user.is_authenticated else None,
        "colour": KIND_COLOURS.get(project.kind, KIND_COLOURS["other"]),
    })


class ProjectForm(forms.ModelForm):
    geometry = forms.CharField(
        label=gettext_lazy("Geometry (GeoJSON, WGS84)"), required=False, widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=gettext_lazy("A LineString, MultiLineString or Point; positions are [longitude, latitude]."))

    class Meta:
        model = TransportProject
        fields = ["code", "name_vi", "name_en", "kind", "status", "owner", "published", "plan_item", "geometry", "length_km",
                  "budget_vnd", "spent_vnd", "start_date", "end_date", "progress", "description_vi", "description_en"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}), "end_date": forms.DateInput(attrs={"type": "date"}),
                   "description_vi": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 4}),
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = writable_owners(user)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.initial["geometry"] = json.dumps(self.instance.geometry, ensure_ascii=False) if self.instance.geometry else ""
        elif getattr(user, "organisation_id", None):
            self.initial.setdefault("owner", user.organisation_id)

    def clean_geometry(self):
        text = (self.cleaned_data.get("geometry") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON (line %(line)s, column %(col)s): %(msg)s")
                                        % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}, code="invalid_json") from None
        try:
            return validate_geometry(value)
        except GeometryError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean_progress(self):
        v = self.cleaned_data.get("progress")
        if v is not None and not 0 <= v <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."), code="out_of_range")
        return v

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(_("The planned completion is before the start."), code="end_before_start"))
        return data

    def save(self, commit=True):
        project = super().save(commit=False)
        if "geometry" in self.changed_data and "length_km" not in self.changed_data:
            project.length_km = None
        if project.length_km is None and project.geometry:
            project.length_km = geometry_length_km(project.geometry)
        if commit:
            project.save()
        return project


MilestoneFormSet = inlineformset_factory(
    TransportProject, Milestone, fields=["date", "title_vi", "title_en", "done"], extra=2, can_delete=True,
    widgets={"date": forms.DateInput(attrs={"type": "date"})})


def _edit(request, project):
    user = request.user
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=project, user=user)
        formset = MilestoneFormSet(request.POST, instance=project or TransportProject(), prefix="ms")
        if form.is_valid() and formset.is_valid():
            owner = form.cleaned_data["owner"]
            require_change(user, owner)  # the owner field only offers writable ones; checked again here
            with transaction.atomic():
                saved = form.save()
                formset.instance = saved
                formset.save()
            messages.success(request, _("Project %(code)s was saved.") % {"code": saved.code})
            return redirect("mobility-project-detail", code=saved.code)
        status = 400
    else:
        form = ProjectForm(instance=project, user=user)
        formset = MilestoneFormSet(instance=project or TransportProject(), prefix="ms")
        status = 200
    return render(request, "mobility/projects_form.html", {"form": form, "formset": formset, "project": project}, status=status)


@login_required
def project_create(request):
    if not writable_owners(request.user).exists():
        require_change(request.user, None)  # 403: the user edits for no organisation
    return _edit(request, None)


@login_required
def project_edit(request, code):
    project = get_object_or_404(TransportProject, code=code)
    require_change(request.user, project)
    return _edit(request, project)

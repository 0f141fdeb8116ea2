"""Research project and training course pages under /research/projects/ and
/research/courses/: lists with filters (public), a record's page, the edit forms (owner:
the lead organisation or the provider), and the training statistics with SVG charts
(people trained per year and topic, per provider; `water.charts` draws them)."""
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.research import services
from smartcity.research.forms import CourseForm, EmployerFormSet, OutputFormSet, ProjectForm
from smartcity.research.models import Course, Mode, OutputKind, ProjectStatus, ResearchProject, Topic
from smartcity.research.views_common import edit_owned, vnd
from smartcity.water.charts import bar_chart

TOPIC_COLOURS = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#17becf", "#8c564b", "#e377c2"]


# -- research projects ----------------------------------------------------------------------
def project_list(request):
    qs = visible(ResearchProject.objects.select_related("owner").prefetch_related("partners", "outputs"), request.user)
    status, owner = request.GET.get("status", ""), request.GET.get("owner", "")
    if status in ProjectStatus.values:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner__code=owner)
    projects = list(qs)
    rows = [{"p": p, "budget": vnd(p.budget_total_vnd), "outputs": len(p.outputs.all())} for p in projects]
    sums = {k: sum(getattr(p, k) for p in projects) for k in
            ("budget_province_vnd", "budget_ministry_vnd", "budget_university_vnd", "budget_enterprise_vnd")}
    total = sum(sums.values())
    sources = [{"label": label, "amount": vnd(sums[key]), "pct": round(sums[key] / total * 100, 1) if total else 0}
               for key, label in (("budget_province_vnd", pgettext("budget source", "Province")), ("budget_ministry_vnd", _("Ministry")),
                                  ("budget_university_vnd", _("University")), ("budget_enterprise_vnd", _("Enterprise")))]
    owners = Organisation.objects.filter(pk__in=visible(ResearchProject.objects.all(), request.user).values("owner_id"))
    return render(request, "research/project_list.html", {
        "rows": rows, "statuses": ProjectStatus.choices, "status": status, "owner": owner, "owners": owners,
        "total": vnd(total), "sources": sources, "can_create": writable_owners(request.user).exists()})


def project_detail(request, code):
    project = get_object_or_404(visible(ResearchProject.objects.select_related("owner"), request.user), code=code)
    budget = [(label, vnd(getattr(project, key))) for key, label in (
        ("budget_province_vnd", pgettext("budget source", "Province")), ("budget_ministry_vnd", _("Ministry")),
        ("budget_university_vnd", _("University")), ("budget_enterprise_vnd", _("Enterprise")))]
    outputs = list(project.outputs.all())
    by_kind = [(label, [o for o in outputs if o.kind == k]) for k, label in OutputKind.choices]
    return render(request, "research/project_detail.html", {
        "project": project, "budget": budget, "total": vnd(project.budget_total_vnd), "by_kind": [b for b in by_kind if b[1]],
        "partners": list(project.partners.all()), "items": list(project.plan_items.select_related("plan")),
        "editable": can_change(request.user, project)})


@login_required
def project_create(request):
    return edit_owned(request, form_class=ProjectForm, instance=None, formsets=[("outputs", OutputFormSet, _("Outputs"))],
                      title=_("New research project"), back_url=reverse("research-projects"),
                      done=lambda p: reverse("research-project-detail", args=[p.code]))


@login_required
def project_edit(request, code):
    project = get_object_or_404(ResearchProject, code=code)
    return edit_owned(request, form_class=ProjectForm, instance=project, formsets=[("outputs", OutputFormSet, _("Outputs"))],
                      title=_("Edit research project"), back_url=reverse("research-project-detail", args=[code]),
                      done=lambda p: reverse("research-project-detail", args=[p.code]))


# -- training courses ---------------------------------------------------------------------------
def course_list(request):
    qs = visible(Course.objects.select_related("owner"), request.user)
    topic, owner, year = request.GET.get("topic", ""), request.GET.get("owner", ""), request.GET.get("year", "")
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    if owner:
        qs = qs.filter(owner__code=owner)
    if year.isdigit():
        qs = qs.filter(end__year=int(year))
    totals = qs.aggregate(participants=Sum("participants"), completed=Sum("completed"))
    owners = Organisation.objects.filter(pk__in=visible(Course.objects.all(), request.user).values("owner_id"))
    return render(request, "research/course_list.html", {
        "courses": list(qs), "topics": Topic.choices, "topic": topic, "owner": owner, "owners": owners, "year": year,
        "totals": totals, "modes": dict(Mode.choices), "can_create": writable_owners(request.user).exists()})


def course_detail(request, code):
    course = get_object_or_404(visible(Course.objects.select_related("owner"), request.user), code=code)
    employers = list(course.employers.select_related("enterprise"))
    return render(request, "research/course_detail.html", {
        "course": course, "employers": employers, "listed": sum(e.participants for e in employers),
        "editable": can_change(request.user, course)})


def course_stats(request):
    data = services.training_stats(request.user)
    topics = dict(Topic.choices)
    years = list(data["by_year_topic"])
    used = [t for t in Topic.values if t in data["by_topic"]]
    series = [(str(topics[t]), [data["by_year_topic"][y].get(t, 0) for y in years], TOPIC_COLOURS[i % len(TOPIC_COLOURS)])
              for i, t in enumerate(used)]
    by_year_chart = bar_chart([str(y) for y in years], series, y_title=pgettext("course", "Participants"), css_id="chart-year-topic")
    names = {o.code: o.name for o in Organisation.objects.filter(code__in=list(data["by_provider"]))}
    providers = list(data["by_provider"])
    by_provider_chart = bar_chart(
        providers, [(pgettext("course", "Participants"), [data["by_provider"][p]["participants"] for p in providers], "#1f77b4"),
                    (_("Completed"), [data["by_provider"][p]["completed"] for p in providers], "#2ca02c")],
        y_title=_("People"), css_id="chart-provider")
    return render(request, "research/course_stats.html", {
        "data": data, "by_year_chart": mark_safe(by_year_chart), "by_provider_chart": mark_safe(by_provider_chart),  # noqa: S308 - escaped by the chart helper
        "years": [(y, data["by_year"][y]) for y in data["by_year"]],
        "topics": [(topics[t], data["by_topic"][t]) for t in used],
        "providers": [(p, names.get(p, p), data["by_provider"][p]) for p in providers]})


@login_required
def course_create(request):
    return edit_owned(request, form_class=CourseForm, instance=None, formsets=[("employers", EmployerFormSet, _("Participants by employer"))],
                      title=_("New training course"), back_url=reverse("research-courses"),
                      done=lambda c: reverse("research-course-detail", args=[c.code]))


@login_required
def course_edit(request, code):
    course = get_object_or_404(Course, code=code)
    return edit_owned(request, form_class=CourseForm, instance=course, formsets=[("employers", EmployerFormSet, _("Participants by employer"))],
                      title=_("Edit training course"), back_url=reverse("research-course-detail", args=[code]),
                      done=lambda c: reverse("research-course-detail", args=[c.code]))

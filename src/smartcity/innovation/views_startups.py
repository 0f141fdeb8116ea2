"""Startup pages: the list with filters and diacritics-insensitive search, a startup's page
(team, products, funding, universities, mentors, programmes, enterprise record), the
statistics with SVG charts, and the editor (permission rule through `require_change`)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, require_change, visible, writable_owners
from smartcity.innovation import charts, services
from smartcity.innovation.forms import StartupForm
from smartcity.innovation.models import FundingKind, Stage, Startup


def _startups(user):
    return visible(Startup.objects.all(), user)


def startup_list(request):
    g = request.GET
    filters = {k: g.get(k, "").strip() for k in ("q", "stage", "tag", "university", "programme")}
    qs = services.filter_startups(_startups(request.user), **filters).prefetch_related("universities").order_by("name")
    rows = list(qs[:300])
    all_tags = sorted({t for tags in _startups(request.user).values_list("tags", flat=True) for t in (tags or [])})
    return render(request, "innovation/startup_list.html", {
        "rows": rows, "count": len(rows), "f": filters, "stages": Stage.choices, "tags": all_tags,
        "universities": Organisation.objects.filter(kind="university").order_by("code"),
        "may_create": writable_owners(request.user).exists(),
    })


def startup_detail(request, slug):
    s = get_object_or_404(_startups(request.user).select_related("enterprise", "unit", "sector", "owner"), slug=slug)
    funding = list(s.funding.all())
    return render(request, "innovation/startup_detail.html", {
        "s": s, "team": s.team.select_related("university"), "products": s.products.all(), "funding": funding,
        "funding_total": sum(r.amount_vnd for r in funding), "universities": s.universities.all(),
        "mentors": s.mentors.select_related("organisation"), "programmes": visible(s.programmes.all(), request.user),
        "may_change": can_change(request.user, s),
    })


def startup_stats(request):
    st = services.startup_stats(_startups(request.user))
    stage_labels = dict(Stage.choices)
    kinds = dict(FundingKind.choices)
    f = st["funding"]
    funding_svg = charts.stacked_columns(
        [str(y) for y in f["years"]], [(str(kinds.get(k, k)), f["amounts"][k]) for k in f["kinds"]],
        title=_("Funding per year (billion VND)"), unit=_("billion VND"), scale=1e9, key="funding") if f["years"] else ""
    return render(request, "innovation/stats.html", {
        "st": st,
        "stage_svg": charts.hbars([(str(stage_labels[s]), n) for s, n in st["by_stage"]], title=_("Startups by stage"), key="stage"),
        "tag_svg": charts.hbars(st["by_tag"], title=_("Startups by sector tag"), key="tag"),
        "uni_svg": charts.hbars([(st["university_names"].get(c, c), n) for c, n in st["by_university"]],
                                title=_("Startups by university"), key="university"),
        "funding_svg": funding_svg,
        "funding_rows": list(zip(f["years"], f["counts"], f["totals"])),
    })


@login_required
def startup_edit(request, slug=None):
    if slug:
        s = get_object_or_404(Startup, slug=slug)
        require_change(request.user, s)
    else:
        owner = writable_owners(request.user).filter(pk=request.user.organisation_id).first() or writable_owners(request.user).first()
        if owner is None:
            raise PermissionDenied(_("You may not create records for this organisation."))
        s = Startup(owner=owner)
    form = StartupForm(request.POST or None, instance=s)
    if request.method == "POST" and form.is_valid():
        s = form.save()
        messages.success(request, _("Startup saved."))
        return redirect("innovation-startup", slug=s.slug)
    return render(request, "innovation/startup_form.html", {"form": form, "s": s}, status=400 if request.method == "POST" else 200)

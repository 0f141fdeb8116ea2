"""Community initiatives, public side (no account): the list of published initiatives with
their supports, an initiative's page (place, official answers, public timeline, support
form), the submission form, and the page where the e-mail code is typed. Contacts never
appear here: the proposer shows as family name and initials."""
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from smartcity.innovation import services, workflow
from smartcity.innovation.forms import CodeForm, InitiativeForm, SupportForm
from smartcity.innovation.models import Initiative, InitiativeCategory, InitiativeState, Verification
from smartcity.innovation.views_centres import map_config

SORTS = {"supports": ("-supports_count", "-published_at"), "recent": ("-published_at", "-id")}


def limited(request, exc: services.RateLimited):
    response = render(request, "innovation/rate_limited.html", {"retry_minutes": max(1, -(-exc.retry_after // 60))}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def initiative_list(request):
    g = request.GET
    qs = services.public_initiatives().select_related("unit")
    state, category, q = g.get("state", ""), g.get("category", ""), g.get("q", "").strip()
    if state in workflow.PUBLIC_STATES:
        qs = qs.filter(state=state)
    if category in InitiativeCategory.values:
        qs = qs.filter(category=category)
    qs = services.search_initiatives(qs, q)
    sort = g.get("sort", "supports") if g.get("sort") in SORTS else "supports"
    page = Paginator(qs.order_by(*SORTS[sort]), 20).get_page(g.get("page"))
    counts = dict(services.public_initiatives().values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    points = [{"ref": i.reference, "title": i.title, "lat": i.latitude, "lon": i.longitude, "state": i.state,
               "url": reverse("innovation-initiative", args=[i.reference])}
              for i in page.object_list if i.latitude is not None]
    return render(request, "innovation/initiative_list.html", {
        "page": page, "state": state, "category": category, "q": q, "sort": sort,
        "states": [(s, InitiativeState(s).label, counts.get(s, 0)) for s in InitiativeState.values if s in workflow.PUBLIC_STATES],
        "categories": InitiativeCategory.choices, "data": map_config(points, "initiatives"),
        "tiles": bool(settings.SMARTCITY_MAP_TILES),
    })


def _public_or_404(reference: str) -> Initiative:
    ini = services.public_initiatives().select_related("unit").filter(reference=reference).first()
    if ini is None:
        raise Http404("no such published initiative")
    return ini


def initiative_detail(request, reference, form=None, status=200):
    ini = _public_or_404(reference)
    points = [{"ref": ini.reference, "title": ini.title, "lat": ini.latitude, "lon": ini.longitude, "state": ini.state, "url": ""}] \
        if ini.latitude is not None else []
    return render(request, "innovation/initiative_detail.html", {
        "i": ini, "answers": ini.answers.select_related("organisation"),
        "timeline": ini.transitions.exclude(to_state=workflow.PENDING).order_by("at", "id"),
        "form": form or SupportForm(), "data": map_config(points, "initiative"), "tiles": bool(settings.SMARTCITY_MAP_TILES),
        "may_review": services.may_review(request.user),
    }, status=status)


@never_cache
@require_http_methods(["POST"])
def support(request, reference):
    ini = _public_or_404(reference)
    form = SupportForm(request.POST)
    if not form.is_valid():
        return initiative_detail(request, reference, form, 400)
    try:
        ver, _code = services.request_support(ini, form.cleaned_data["email"], ip=services.client_ip(request))
    except services.RateLimited as exc:
        return limited(request, exc)
    except services.InnovationError as exc:
        form.add_error("email" if exc.field == "email" else None, exc.message)
        return initiative_detail(request, reference, form, exc.status)
    return redirect("innovation-confirm", token=ver.token)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ini, ver, _code = services.submit(
                title=d["title"], description=d["description"], category=d["category"], name=d["name"], email=d["email"],
                phone=d.get("phone", ""), unit=d.get("unit"), place=d.get("place", ""), latitude=d.get("latitude"),
                longitude=d.get("longitude"), ip=services.client_ip(request))
        except services.RateLimited as exc:
            return limited(request, exc)
        except services.InnovationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("innovation-confirm", token=ver.token)
    return render(request, "innovation/initiative_form.html", {
        "form": form, "data": map_config([], "pick"), "tiles": bool(settings.SMARTCITY_MAP_TILES),
    }, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    ver = get_object_or_404(Verification.objects.select_related("initiative"), token=token)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            done = services.verify(token, form.cleaned_data["code"], ip=services.client_ip(request))
        except services.RateLimited as exc:
            return limited(request, exc)
        except services.InnovationError as exc:
            form.add_error("code" if exc.field == "code" else None, exc.message)
            status = exc.status
        else:
            if done.purpose == "submit":
                return render(request, "innovation/submitted.html", {"i": done.initiative})
            messages.success(request, _("Thank you: your support is counted."))
            return redirect("innovation-initiative", reference=done.initiative.reference)
    elif request.method == "POST":
        status = 400
    return render(request, "innovation/confirm.html", {"form": form, "v": ver, "i": ver.initiative}, status=status)

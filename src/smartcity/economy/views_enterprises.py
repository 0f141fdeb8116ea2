"""Pages of the enterprise register: the list with search and filters (public), the
enterprise page with the field groups the reader may see (reads of restricted groups are
logged), the edit form and links to other modules (DPI and the Smart City Office), export."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import visible
from smartcity.economy import access, exporter, links, search, stats
from smartcity.economy.forms import EnterpriseForm, LinkForm
from smartcity.economy.models import (Channel, Enterprise, EnterpriseLink, EnterpriseStatus, IndustrialPark, LegalForm,
                                      SizeClass)

PAGE_SIZE = 25


def _require_editor(user):
    if not access.may_edit(user):
        raise PermissionDenied(_("Only the Department of Planning and Investment and the Smart City Office edit the enterprise register."))


def filter_context(request, used) -> dict:
    en = (request.LANGUAGE_CODE or "vi").startswith("en")
    return {
        "used": used, "q": request.GET.get("search", ""),
        "sector_options": [(c, f"{c} – {(e if en else v)}"[:90], lvl) for c, v, e, lvl in search.sector_choices()],
        "parks": IndustrialPark.objects.order_by("name_vi").values_list("code", "name_vi"),
        "units": AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune").order_by("name_vi").values_list("code", "name_vi"),
        "former_units": AdministrativeUnit.objects.filter(level="district").order_by("name_vi").values_list("code", "name_vi"),
        "legal_forms": LegalForm.choices, "statuses": EnterpriseStatus.choices, "sizes": SizeClass.choices,
        "countries": [(c, stats.country_name(c)) for c in sorted(stats.COUNTRIES)],
    }


def enterprise_list(request):
    qs = visible(Enterprise.objects.filter(merged_into__isnull=True), request.user)
    qs, used = search.apply_filters(qs, request.GET)
    qs = search.by_name(qs.select_related("industrial_park", "main_sector", "unit"), used)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "economy/list.html", {
        "page": page, "params": params.urlencode(), "may_edit": access.may_edit(request.user),
        "owner_dept": access.is_owner_department(request.user), **filter_context(request, used)})


def _enterprise(request, tax_code):
    return get_object_or_404(visible(Enterprise.objects.select_related(
        "owner", "main_sector", "industrial_park", "unit", "former_unit", "merged_into"), request.user), tax_code=tax_code)


def enterprise_detail(request, tax_code):
    e = _enterprise(request, tax_code)
    groups = access.groups_for(request.user, e.owner_id)
    access.log(request.user, [e], groups, Channel.PAGE, request.get_full_path())
    ctx = {"e": e, "groups": groups, "gov": "government" in groups, "owner": "owner" in groups,
           "sectors": e.sectors.order_by("code"), "may_edit": access.may_edit(request.user) and not e.merged_into_id}
    if ctx["gov"]:
        ctx["investors"] = list(e.investors.all())
    else:
        ctx["countries"] = sorted({stats.country_name(c) for c in e.investors.values_list("country", flat=True)})
    if ctx["owner"]:
        ctx["links"] = links.describe(e.links.all())
        ctx["history"] = list(e.history.select_related("history_user").order_by("-history_date")[:15])
        ctx["merged_from"] = list(e.merged_from.all())
        ctx["link_form"] = LinkForm()
    return render(request, "economy/detail.html", ctx)


def _save_form(request, form, instance=None):
    e = form.save(commit=False)
    if instance is None:
        e.owner = Organisation.objects.get(code=access.OWNER_CODE)
    e.save()
    form.save_m2m()
    if e.main_sector_id and not e.sectors.filter(pk=e.main_sector_id).exists():
        e.sectors.add(e.main_sector_id)
    return e


@login_required
def enterprise_create(request):
    _require_editor(request.user)
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        e = _save_form(request, form)
        messages.success(request, _("Enterprise %(name)s saved.") % {"name": e.name_vi})
        return redirect("economy-enterprise", tax_code=e.tax_code)
    return render(request, "economy/form.html", {"form": form, "e": None})


@login_required
def enterprise_edit(request, tax_code):
    e = _enterprise(request, tax_code)
    _require_editor(request.user)
    from smartcity.core.permissions import require_change

    require_change(request.user, e)
    form = EnterpriseForm(request.POST or None, instance=e)
    if request.method == "POST" and form.is_valid():
        e = _save_form(request, form, e)
        messages.success(request, _("Enterprise %(name)s saved.") % {"name": e.name_vi})
        return redirect("economy-enterprise", tax_code=e.tax_code)
    return render(request, "economy/form.html", {"form": form, "e": e})


def export(request):
    qs = visible(Enterprise.objects.filter(merged_into__isnull=True), request.user)
    qs, _used = search.apply_filters(qs, request.GET)
    fmt = "csv" if request.GET.get("as") == "csv" else "xlsx"
    content, ctype, name = exporter.export(qs.order_by("name_vi", "pk"), request.user, fmt, request.get_full_path())
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def link_add(request, tax_code):
    e = _enterprise(request, tax_code)
    _require_editor(request.user)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            obj = links.resolve_target(form.cleaned_data["target"], form.cleaned_data["object_id"])
            _lk, created = links.link(e, obj, form.cleaned_data["role"], request.user)
            messages.success(request, _("Linked: %(obj)s") % {"obj": obj} if created else _("This link exists already."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, _("Choose a record type, an id and a role."))
    return redirect("economy-enterprise", tax_code=e.tax_code)


@login_required
@require_POST
def link_remove(request, tax_code, pk):
    e = _enterprise(request, tax_code)
    _require_editor(request.user)
    EnterpriseLink.objects.filter(enterprise=e, pk=pk).delete()
    messages.success(request, _("Link removed."))
    return redirect("economy-enterprise", tax_code=e.tax_code)


@login_required
@require_POST
def match_links(request):
    _require_editor(request.user)
    counts = links.match(request.user)
    messages.success(request, _("New links: %(n)s.") % {"n": sum(counts.values())})
    return redirect(request.POST.get("next") if (request.POST.get("next") or "").startswith("/economy/") else "economy-home")

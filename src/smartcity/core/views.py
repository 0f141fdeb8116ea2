from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView

from smartcity.core.api.errors import json_error
from smartcity.core.forms import OrganisationProfileForm, TokenForm
from smartcity.core.models import AdministrativeUnit, ApiToken, Helix, Organisation, OrganisationKind, User
from smartcity.core.modules import all_modules
from smartcity.core.permissions import OwnerRequiredMixin, can_change
from smartcity.core.services import issue_api_token, revoke_api_token


def home(request):
    kind_rank = {kind: i for i, kind in enumerate(OrganisationKind.values)}
    orgs = sorted(Organisation.objects.annotate(member_count=Count("members")), key=lambda o: (kind_rank.get(o.kind, 99), o.name_vi))
    by_helix = []
    for value, label in Helix.choices:
        group = [o for o in orgs if o.helix == value]
        if group:
            by_helix.append((label, group))
    module_cards = [(m, m.counts()) for m in all_modules()]
    stats = {
        "organisations": len(orgs),
        "users": User.objects.filter(is_active=True).count(),
        "admin_units": AdministrativeUnit.objects.count(),
    }
    return render(request, "core/home.html", {"by_helix": by_helix, "module_cards": module_cards, "stats": stats})


def organisation_list(request):
    orgs = Organisation.objects.select_related("parent").annotate(member_count=Count("members"))
    return render(request, "core/organisation_list.html", {"organisations": orgs})


def organisation_detail(request, code):
    org = get_object_or_404(Organisation.objects.select_related("parent"), code=code)
    records = list(org.history.select_related("history_user").order_by("-history_date")[:21])
    history = []
    for newer, older in zip(records, records[1:] + [None]):
        changed = [c.field for c in newer.diff_against(older).changes] if older is not None else []
        history.append({"record": newer, "changed": changed})
    history = history[:20]
    return render(request, "core/organisation_detail.html", {
        "org": org, "history": history, "can_edit": can_change(request.user, org),
        "children": org.children.all(),
    })


class OrganisationEditView(OwnerRequiredMixin, UpdateView):
    model = Organisation
    form_class = OrganisationProfileForm
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "core/organisation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("The organisation profile was saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return f"/organisations/{self.object.code}/"


def admin_units(request):
    units = AdministrativeUnit.objects.select_related("parent").order_by("valid_from", "level", "name_vi")
    return render(request, "core/admin_units.html", {"units": units})


@login_required
def tokens(request):
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, new_key = issue_api_token(request.user, form.cleaned_data["name"])
            messages.success(request, _("Token created. Copy it now: it is shown only once."))
            form = TokenForm()
    else:
        form = TokenForm()
    return render(request, "core/tokens.html", {
        "form": form, "new_key": new_key, "tokens": ApiToken.objects.filter(user=request.user),
    })


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token)
    messages.success(request, _("Token %(name)s was revoked.") % {"name": token.name})
    return redirect("tokens")


def _api_path(request) -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/ngsi-ld/")


def handler404(request, exception=None):
    if _api_path(request):
        return json_error(404, "not_found", "Not found.")
    return render(request, "core/error.html", {"status": 404, "message": _("Page not found.")}, status=404)


def handler403(request, exception=None):
    if _api_path(request):
        return json_error(403, "permission_denied", str(exception or "Forbidden"))
    return render(request, "core/error.html", {"status": 403, "message": _("You may not change the records of this organisation.")}, status=403)


def handler500(request):
    if _api_path(request):
        return json_error(500, "server_error", "Internal error.")
    return render(request, "core/error.html", {"status": 500, "message": _("Internal error.")}, status=500)

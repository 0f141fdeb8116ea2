"""API keys for heavy users of the open data API: a signed-in user creates keys for their
own account and revokes them; staff of the Department of Information and Communications
see every key, create keys for any user and revoke any key. The key is shown once."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.opendata import access, services
from smartcity.opendata.models import ApiKey


@login_required
def keys(request):
    staff = services.is_dic_staff(request.user)
    new_key = None
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:100]
        owner = request.user
        username = (request.POST.get("username") or "").strip()
        if username and staff:
            owner = get_user_model().objects.filter(username=username, is_active=True).first()
            if owner is None:
                messages.error(request, _("No active user has this login."))
                return redirect("opendata-keys")
        if not name:
            messages.error(request, _("Give the key a name."))
            return redirect("opendata-keys")
        record, new_key = services.create_key(owner, name, created_by=request.user)
        messages.success(request, _("Key created. Copy it now: it is not shown again."))
    qs = ApiKey.objects.select_related("user", "created_by")
    if not staff:
        qs = qs.filter(user=request.user)
    anon, keyed = access.limits()
    return render(request, "opendata/keys.html", {"keys": qs[:200], "new_key": new_key, "staff": staff,
                                                    "anon_limit": anon, "key_limit": keyed})


@login_required
@require_POST
def revoke(request, pk):
    record = get_object_or_404(ApiKey, pk=pk)
    if record.user_id != request.user.pk and not services.is_dic_staff(request.user):
        raise PermissionDenied("You may revoke your own keys only.")
    services.revoke_key(record)
    messages.success(request, _("Key revoked."))
    return redirect("opendata-keys")

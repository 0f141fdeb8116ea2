"""Helpers shared by the research pages: the create/edit flow of an owned record with its
inline children (one template, `research/form.html`), VND amounts, map configuration."""
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.core.permissions import require_change, writable_owners


def english() -> bool:
    return (get_language() or "vi").startswith("en")


def vnd(value) -> str:
    """A VND amount in millions (triệu đồng) with the active language's separators."""
    if value is None:
        return "—"
    text = f"{float(value) / 1e6:,.0f}"
    if not english():
        text = text.replace(",", ".")
    return _("%(n)s million VND") % {"n": text}


def map_config(features: list[dict]) -> dict:
    units = []
    if not settings.SMARTCITY_MAP_TILES:
        try:
            from smartcity.hub.views import _context_units

            units = _context_units()
        except Exception:  # noqa: BLE001 - the map still shows our features
            units = []
    return {"features": {"type": "FeatureCollection", "features": features}, "tiles": settings.SMARTCITY_MAP_TILES,
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""), "units": units}


def edit_owned(request, *, form_class, instance, formsets, title, back_url, done):
    """Create (instance None) or edit an owned record and its children.

    formsets: [(prefix, FormSet class, heading)]; done(saved) -> redirect target."""
    user = request.user
    if instance is None and not writable_owners(user).exists():
        require_change(user, None)  # 403: the user writes for no organisation
    if instance is not None:
        require_change(user, instance)
    parent = instance or form_class._meta.model()
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, user=user)
        sets = [(fs(request.POST, instance=parent, prefix=prefix), heading) for prefix, fs, heading in formsets]
        if form.is_valid() and all(s.is_valid() for s, _h in sets):
            require_change(user, form.cleaned_data["owner"])
            with transaction.atomic():
                saved = form.save()
                for s, _h in sets:
                    s.instance = saved
                    children = s.save(commit=False)
                    for child in children:
                        if hasattr(child, "owner_id"):
                            child.owner_id = saved.owner_id
                        child.save()
                    for gone in s.deleted_objects:
                        gone.delete()
                    s.save_m2m()
                    model = s.model
                    if any(f.name == "owner" for f in model._meta.fields):  # children follow their parent's owner
                        model.objects.filter(**{s.fk.name: saved}).exclude(owner_id=saved.owner_id).update(owner_id=saved.owner_id)
            messages.success(request, _("Saved."))
            return redirect(done(saved))
        status = 400
    else:
        form = form_class(instance=instance, user=user)
        sets = [(fs(instance=parent, prefix=prefix), heading) for prefix, fs, heading in formsets]
        status = 200
    return render(request, "research/form.html", {"form": form, "formsets": sets, "title": title, "back_url": back_url},
                  status=status)

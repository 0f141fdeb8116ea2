"""The GIS module's home: the published layers by kind with their source CRS, version and
size, each opening on its own page (metadata, schema, imports, exports) and in the OGC API -
Features pages (map and attribute table), "new layer" for editors, plus the
services and tools the department uses (import/export commands and API, planning check)."""
from django.db.models import Q
from django.shortcuts import render

from smartcity.core.permissions import is_coordinator, writable_owners
from smartcity.gis.models import Layer, LayerKind


def home(request):
    layers = Layer.objects.select_related("owner", "area")
    if not is_coordinator(request.user):
        own = Q(owner_id=request.user.organisation_id) if getattr(request.user, "is_authenticated", False) and request.user.organisation_id else Q(pk__in=[])
        layers = layers.filter(Q(published=True) | own)
    groups = []
    for kind, label in LayerKind.choices:
        rows = [layer for layer in layers if layer.kind == kind]
        if rows:
            groups.append({"kind": kind, "label": label, "layers": rows})
    return render(request, "gis/home.html", {"groups": groups, "total": sum(len(g["layers"]) for g in groups),
                                             "may_create": writable_owners(request.user).exists()})

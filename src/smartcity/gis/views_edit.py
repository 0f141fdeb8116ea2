"""The browser editor of a layer (/gis/lop/<key>/sua/) and the history of one feature
(/gis/lop/<key>/doi-tuong/<fid>/lich-su/).

The editor is a Leaflet map with our own drawing tools (static/gis/edit.js); every save goes
through the features API (api/features.py), so the page and other clients (QGIS, scripts)
obey the same validation, permissions and If-Match concurrency. The layer is drawn with the
vector tiles (`L.gisTiles`) when static/gis/tiles.js and the `gis-tile` route exist, else
from the features API by the map's window; a selected feature is always loaded whole from
the API (tiles are generalised).

The history page lists every version (who, when, why, what changed) with a small map of
each, and lets editors of the owner organisation make a past version current again (a plain
form POST, itself a new version).
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.core.models import AdministrativeUnit
from smartcity.core.permissions import can_change, can_read
from smartcity.gis.models import Layer
from smartcity.gis.services import editing


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _layer(request, key) -> Layer:
    layer = get_object_or_404(Layer.objects.select_related("owner"), key=key)
    if not can_read(request.user, layer):
        raise Http404
    return layer


def _tile_template(key: str) -> str:
    """`/gis/tiles/<key>/{z}/{x}/{y}.geojson` when the tiles part is there, else ""."""
    if not finders.find("gis/tiles.js"):
        return ""
    try:
        url = reverse("gis-tile", args=[key, 0, 0, 0])
    except NoReverseMatch:
        return ""
    return url.replace("/0/0/0.geojson", "/{z}/{x}/{y}.geojson")


def _units(extent) -> list[dict]:
    """Outlines of the administrative units in force under the layer when no tile server is
    configured (only those whose box meets the layer's extent, to keep the page light)."""
    if settings.SMARTCITY_MAP_TILES:
        return []
    from shapely.geometry import shape

    out = []
    for u in AdministrativeUnit.objects.filter(geometry__isnull=False, valid_to__isnull=True).exclude(level="province"):
        try:
            minx, miny, maxx, maxy = shape(u.geometry).bounds
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if extent and None not in extent and (minx > extent[2] or maxx < extent[0] or miny > extent[3] or maxy < extent[1]):
            continue
        out.append({"name": u.name, "geometry": u.geometry})
    return out


def _schema(layer: Layer) -> list[dict]:
    english = _english()
    out = []
    for a in layer.schema or []:
        if not isinstance(a, dict) or not a.get("name"):
            continue
        label = (a.get("label_en") if english else a.get("label_vi")) or a.get("label_vi") or a["name"]
        out.append({"name": a["name"], "type": a.get("type", "string"), "label": label, "required": bool(a.get("required"))})
    return out


def _labels() -> dict:
    return {
        "point": _("Add point"), "line": _("Draw line"), "polygon": _("Draw polygon"), "finish": _("Finish"),
        "cancel": _("Cancel"), "save": _("Save"), "delete_vertex": _("Delete vertex"), "delete_feature": _("Delete feature"),
        "area": _("Area"), "length": _("Length"), "perimeter": _("Perimeter"), "vertices": _("Vertices"),
        "yes": _("yes"), "no": _("no"), "unset": _("—"),
        "hint_idle": _("Choose a tool, or click a feature to edit it."),
        "hint_point": _("Click the map to place the point."),
        "hint_draw": _("Click to add vertices; double-click or press “Finish” to end."),
        "hint_edit": _("Drag a vertex to move it; click a vertex then “Delete vertex”; click a small mid-point to add one."),
        "saved": _("Saved: version %(version)s."), "deleted": _("Feature deleted."),
        "confirm_delete": _("Delete this feature? Its history is kept and it can be restored."),
        "stale": _("Someone saved this feature after you opened it. Reload it, then apply your change again."),
        "too_few": _("Not enough vertices."), "error": _("The server refused the change."),
        "new_feature": _("New feature"), "feature": _("Feature"), "history": _("History"),
        "repaired": _("Repaired"), "loading": _("Loading…"), "read_only": _("Read only"), "version": _("Version"),
    }


def edit(request, key):
    layer = _layer(request, key)
    may_edit = can_change(request.user, layer)
    feature_url = reverse("api-gis-feature", args=[layer.key, "__fid__"])
    history_url = reverse("gis-feature-history", args=[layer.key, "__fid__"])
    config = {
        "layer": layer.key, "title": layer.title, "geometry_type": layer.geometry_type, "schema": _schema(layer),
        "style": layer.style or {}, "extent": layer.extent, "can_edit": may_edit, "version": layer.version,
        "api": {"features": reverse("api-gis-features", args=[layer.key]), "feature": feature_url},
        "history_url": history_url, "tiles_url": _tile_template(layer.key),
        "basemap": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _units(layer.extent), "labels": _labels(), "lang": get_language() or "vi",
    }
    return render(request, "gis/edit.html", {"layer": layer, "may_edit": may_edit, "config": config,
                                             "tiles_js": bool(config["tiles_url"])})


def _value(v):
    if v is None or v == "":
        return "—"
    if v is True:
        return _("yes")
    if v is False:
        return _("no")
    return v


def feature_history(request, key, fid):
    layer = _layer(request, key)
    may_edit = can_change(request.user, layer)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only editors of the layer's organisation may restore a version."))
        try:
            history_id = int(request.POST.get("history_id", ""))
            _feature, _notes = editing.revert(layer, fid, history_id, user=request.user,
                                              reason=(request.POST.get("reason") or "").strip() or None)
        except (ValueError, editing.NotFound):
            messages.error(request, _("No such version of this feature."))
        except editing.ValidationFailed as exc:
            messages.error(request, "; ".join(e["message"] for e in exc.errors))
        else:
            messages.success(request, _("The chosen version is current again (a new version was added)."))
        return redirect("gis-feature-history", layer.key, fid)
    versions = editing.history(layer, fid)
    if not versions:
        raise Http404
    labels = {a["name"]: a["label"] for a in _schema(layer)}
    rows = []
    for v in reversed(versions):
        rows.append({**v, "changes": [{"label": labels.get(c["name"], c["name"]), "before": _value(c["before"]),
                                       "after": _value(c["after"])} for c in v["changed_attributes"]],
                     "current": v is versions[-1]})
    maps = [{"id": f"gis-hmap-{v['version']}", "geometry": v["geometry"]} for v in rows[:60] if v["geometry"]]
    return render(request, "gis/feature_history.html", {
        "layer": layer, "fid": fid, "rows": rows, "may_edit": may_edit, "deleted": versions[-1]["change"] == "deleted",
        "config": {"maps": maps, "style": layer.style or {}, "basemap": settings.SMARTCITY_MAP_TILES,
                   "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", "")},
    })

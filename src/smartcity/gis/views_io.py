"""Pages of one layer and of bringing data in:

- /gis/lop/<key>/ (`gis-layer`): metadata, attribute schema, a small extent map, the
  import jobs with their status and report, export buttons (Shapefile, GeoPackage,
  GeoJSON, KML, MapInfo TAB in WGS84 or VN-2000) and links to the OGC collection, the map
  and the editor.
- /gis/lop/<key>/nhap/ (`gis-layer-import`): the upload form; the browser posts to the API
  (`api-gis-layer-imports`), then polls `api-gis-import` for the progress bar and shows the
  validation report (static/gis/import.js). `?job=<id>` shows that job.
- /gis/lop/moi/ (`gis-layer-new`): a new layer whose attribute schema is inferred from a
  sample file (`importer.infer_schema`), each attribute editable, then its import page.

Only editors of the owner organisation import or create (others: read-only page / 403)."""
from __future__ import annotations

import re
import shutil

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.core.permissions import can_change, can_read, writable_owners
from smartcity.gis import crs as crsmod
from smartcity.gis import formats
from smartcity.gis.models import GeometryType, ImportJob, Layer, LayerKind
from smartcity.gis.services import importer

ATTRIBUTE_TYPES = ("string", "integer", "number", "boolean", "date")
EXPORT_FORMATS = (("shp", "Shapefile (.zip)"), ("gpkg", "GeoPackage"), ("geojson", "GeoJSON"), ("tab", "MapInfo TAB (.zip)"))
ENCODINGS = (("", "auto (.cpg)"), ("cp1258", "Windows-1258 (CP1258)"), ("tcvn3", "TCVN3 (ABC, TCVN 5712)"), ("utf-8", "UTF-8"))
RESERVED_KEYS = {"moi"}
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _url(name: str, *args) -> str | None:
    """A link to another part's page, or None while that part is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _layer(request, key) -> Layer:
    layer = get_object_or_404(Layer.objects.select_related("owner", "area"), key=key)
    if not can_read(request.user, layer):
        raise Http404
    return layer


def _crs_choices():
    vi = not (get_language() or "vi").startswith("en")
    return [{"key": k, "label": f"{name_vi if vi else name_en} ({k})"} for k, name_vi, name_en in crsmod.choices()]


def _extent_map(layer: Layer) -> dict:
    return {"extent": layer.extent, "tiles": settings.SMARTCITY_MAP_TILES,
            "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", "")}


def _map_link(layer: Layer) -> str | None:
    """The map viewer showing this layer, centred on it (its state lives in the URL hash)."""
    url = _url("gis-map")
    if url is None:
        return None
    link = f"{url}#l={layer.key}"
    if layer.extent:
        minx, miny, maxx, maxy = layer.extent
        link += f"&c={(miny + maxy) / 2:.5f},{(minx + maxx) / 2:.5f}&z=15"
    return link


def _job_row(job: ImportJob) -> dict:
    return {"job": job, "report_url": reverse("gis-layer-import", args=[job.layer.key]) + f"?job={job.pk}",
            "api_url": reverse("api-gis-import", args=[job.pk])}


def layer_page(request, key):
    layer = _layer(request, key)
    editor = can_change(request.user, layer)
    jobs = [_job_row(j) for j in layer.imports.select_related("layer")[:20]] if editor else []
    export_url = reverse("api-gis-layer-export", args=[layer.key])
    crs_options = [(crsmod.WGS84, "WGS84 (EPSG:4326)")]
    source = crsmod.normalise_key(layer.source_crs or crsmod.WGS84)
    if not crsmod.same(source, crsmod.WGS84):
        crs_options.append((source, f"{source}"))
    if "VN2000-BD" not in [k for k, _ in crs_options]:
        crs_options.append(("VN2000-BD", "VN-2000 Bình Dương (VN2000-BD)"))
    ctx = {
        "layer": layer, "editor": editor, "jobs": jobs, "schema": layer.schema or [],
        "export_url": export_url, "export_formats": EXPORT_FORMATS, "crs_options": crs_options,
        "kml_url": f"{export_url}?format=kml&crs=EPSG:4326",
        "ogc_url": (reverse("ogc-collection", args=[layer.key]) + "?f=html") if layer.published else None,
        "edit_url": _url("gis-edit", layer.key) if editor else None,
        "map_url": _map_link(layer),
        "import_url": reverse("gis-layer-import", args=[layer.key]) if editor else None,
        "map": _extent_map(layer),
    }
    return render(request, "gis/layer.html", ctx)


def import_page(request, key):
    layer = _layer(request, key)
    if not can_change(request.user, layer):
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        raise PermissionDenied(_("Only editors of the layer's organisation may import into it."))
    job = None
    if request.GET.get("job", "").isdigit():
        job = get_object_or_404(ImportJob.objects.select_related("layer"), pk=int(request.GET["job"]), layer=layer)
    cfg = {"api": reverse("api-gis-layer-imports", args=[layer.key]), "layer_url": reverse("gis-layer", args=[layer.key]),
           "job": reverse("api-gis-import", args=[job.pk]) if job else None,
           "labels": {"queued": _("queued"), "running": _("running"), "done": _("done"), "failed": _("failed"),
                      "repaired": _("repaired"), "rejected": _("rejected"), "warning": _("warning"),
                      "uploading": _("Uploading the file…"), "none": _("No row needed a change: every feature was imported as it is."),
                      "missing": _("Attributes the schema needs that the file lacks"), "error": _("The import failed"),
                      "summary": _("{imported} of {total} features imported, {repaired} repaired, {rejected} rejected.")}}
    return render(request, "gis/import.html", {
        "layer": layer, "job": job, "cfg": cfg, "crs_choices": _crs_choices(), "encodings": ENCODINGS,
        "default_crs": crsmod.normalise_key(layer.source_crs or crsmod.WGS84),
    })


def _schema_rows(post) -> list[dict]:
    """The attribute rows of the new-layer form (name, type, labels, required)."""
    rows = []
    for i in range(int(post.get("attr_count") or 0)):
        name = (post.get(f"attr_{i}_name") or "").strip()
        if not name or post.get(f"attr_{i}_drop"):
            continue
        t = post.get(f"attr_{i}_type") or "string"
        rows.append({"name": name[:60], "type": t if t in ATTRIBUTE_TYPES else "string",
                     "label_vi": (post.get(f"attr_{i}_label_vi") or name).strip()[:120],
                     "label_en": (post.get(f"attr_{i}_label_en") or name).strip()[:120],
                     "required": bool(post.get(f"attr_{i}_required"))})
    return rows


def new_layer(request):
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL}?next={request.path}")
    owners = list(writable_owners(request.user))
    if not owners:
        raise PermissionDenied(_("Only editors of an organisation may create layers."))
    data = request.POST if request.method == "POST" else {}
    errors, schema, sample = {}, [], None
    if request.method == "POST":
        schema = _schema_rows(request.POST)
        upload = request.FILES.get("sample")
        if upload is not None and (request.POST.get("action") != "create" or not schema):
            path = importer.store_upload(upload)
            try:
                ds = formats.read(path, encoding=(request.POST.get("encoding") or None))
                schema = importer.infer_schema(ds)
                sample = {"name": upload.name, "count": len(ds.features), "crs": ds.crs_key or "",
                          "geometry_type": ds.geometry_type}
            except formats.FormatError as exc:
                errors["sample"] = str(exc)
            finally:
                shutil.rmtree(path.parent, ignore_errors=True)
        if request.POST.get("action") == "create" and not errors:
            layer, errors = _create(request, owners, schema)
            if layer is not None:
                return redirect("gis-layer-import", key=layer.key)
    geometry = data.get("geometry_type") or ""
    if sample and not geometry:
        g = sample["geometry_type"].replace("Multi", "")
        geometry = g if g in GeometryType.values else GeometryType.ANY
    return render(request, "gis/layer_new.html", {
        "data": data, "errors": errors, "schema": schema, "sample": sample, "owners": owners,
        "kinds": LayerKind.choices, "geometry_types": GeometryType.choices, "geometry": geometry,
        "crs_choices": _crs_choices(), "encodings": ENCODINGS, "attribute_types": ATTRIBUTE_TYPES,
        "crs": data.get("crs") or (sample or {}).get("crs") or "VN2000-BD",
    }, status=400 if errors else 200)


def _create(request, owners, schema):
    p = request.POST
    errors = {}
    key = (p.get("key") or "").strip().lower()
    if not KEY_RE.match(key) or len(key) > 80 or key in RESERVED_KEYS:
        errors["key"] = _("Use lower-case letters, digits and hyphens, e.g. thua-dat-phu-loi.")
    elif Layer.objects.filter(key=key).exists():
        errors["key"] = _("A layer with this key exists.")
    title_vi = (p.get("title_vi") or "").strip()
    if not title_vi:
        errors["title_vi"] = _("Give the layer a Vietnamese title.")
    kind = p.get("kind") if p.get("kind") in LayerKind.values else None
    if not kind:
        errors["kind"] = _("Choose a kind.")
    geometry = p.get("geometry_type") if p.get("geometry_type") in GeometryType.values else None
    if not geometry:
        errors["geometry_type"] = _("Choose a geometry type.")
    try:
        crs_key = crsmod.normalise_key(p.get("crs") or crsmod.WGS84)
        crsmod.get(crs_key)
    except crsmod.CRSError as exc:
        errors["crs"] = str(exc)
    valid_from, valid_to = parse_date(p.get("valid_from") or "") if p.get("valid_from") else None, None
    if p.get("valid_from") and valid_from is None:
        errors["valid_from"] = _("Give a date as YYYY-MM-DD.")
    if p.get("valid_to"):
        valid_to = parse_date(p.get("valid_to"))
        if valid_to is None or (valid_from and valid_to < valid_from):
            errors["valid_to"] = _("The end of validity must be a date after its start.")
    owner = next((o for o in owners if str(o.pk) == str(p.get("owner"))), owners[0] if len(owners) == 1 else None)
    if owner is None:
        errors["owner"] = _("Choose the owner organisation.")
    names = [a["name"] for a in schema]
    if len(set(names)) != len(names):
        errors["schema"] = _("Two attributes have the same name.")
    if errors:
        return None, errors
    layer = Layer.objects.create(key=key, title_vi=title_vi, title_en=(p.get("title_en") or "").strip(), kind=kind,
                                 geometry_type=geometry, source_crs=crs_key, valid_from=valid_from, valid_to=valid_to,
                                 description=(p.get("description") or "").strip(), schema=schema, owner=owner,
                                 published=bool(p.get("published")))
    return layer, {}

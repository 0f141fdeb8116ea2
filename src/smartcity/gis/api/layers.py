"""API of the layers (under /api/gis/):

    GET  layers/                      (api-gis-layers) published layers (and the user's own
                                      organisation's unpublished ones): key, titles, kind, CRS,
                                      version, feature count, extent
    GET  layers/{key}/                (api-gis-layer) one layer with its attribute schema
    POST layers/{key}/imports/        (api-gis-layer-imports) multipart `file` (.zip Shapefile,
                                      .gpkg, .geojson, .kml, .tab set zipped, .dxf), `crs`,
                                      `encoding`, `mode` append|replace -> 202 the queued job
                                      (`status_url`, also the Location header); editors of the
                                      owner organisation only
    GET  layers/{key}/imports/        (api-gis-layer-imports) the layer's jobs, newest first
    GET  imports/{id}/                (api-gis-import) a job's status and progress (the page's
                                      progress bar polls it), its report and missing attributes
    GET  crs/                         (api-gis-crs) the coordinate systems to choose from

The import runs in the background worker (`smartcity worker`, Huey task
`smartcity.gis.tasks.run_import`): queued -> running (progress saved every ~5 % of the
rows, so a page polling `imports/{id}/` sees it move) -> done, or failed with `error` and
the layer left as it was (the write is one transaction). Errors use the problem shape (400 invalid_file,
invalid_crs, invalid_mode; 403; 404).
"""
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from rest_framework import permissions, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.permissions import can_change, can_read
from smartcity.gis import crs as crsmod
from smartcity.gis import formats, tasks
from smartcity.gis.models import ImportJob, Layer
from smartcity.gis.services import importer

router_entries = []
MAX_UPLOAD = 200 * 1024 * 1024


def layer_json(layer: Layer, detail: bool = False) -> dict:
    out = {"key": layer.key, "title": layer.title, "title_vi": layer.title_vi, "title_en": layer.title_en, "kind": layer.kind,
           "geometry_type": layer.geometry_type, "owner": layer.owner.code, "published": layer.published,
           "source_crs": layer.source_crs, "version": layer.version, "feature_count": layer.feature_count,
           "extent": layer.extent, "url": reverse("api-gis-layer", args=[layer.key])}
    if detail:
        out.update({"description": layer.description, "schema": layer.schema, "style": layer.style,
                    "valid_from": layer.valid_from, "valid_to": layer.valid_to,
                    "imports_url": reverse("api-gis-layer-imports", args=[layer.key])})
    return out


def job_json(job: ImportJob) -> dict:
    return {"id": job.pk, "layer": job.layer.key, "file_name": job.file_name, "format": job.file_format,
            "source_crs": job.source_crs, "encoding": job.encoding, "mode": job.mode, "status": job.status,
            "progress": job.progress, "total": job.total, "imported": job.imported, "repaired": job.repaired,
            "rejected": job.rejected, "report": job.report, "missing": job.missing, "error": job.error,
            "created_at": job.created_at, "finished_at": job.finished_at, "url": reverse("api-gis-import", args=[job.pk]),
            "status_url": reverse("api-gis-import", args=[job.pk]),
            "page_url": reverse("gis-layer-import", args=[job.layer.key]) + f"?job={job.pk}"}


def _readable(request, key) -> Layer:
    layer = get_object_or_404(Layer.objects.select_related("owner"), key=key)
    if not can_read(request.user, layer):
        from django.http import Http404
        raise Http404
    return layer


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def layers(request):
    rows = [layer_json(la) for la in Layer.objects.select_related("owner").order_by("kind", "key") if can_read(request.user, la)]
    return Response({"count": len(rows), "results": rows})


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def layer_detail(request, key):
    return Response(layer_json(_readable(request, key), detail=True))


def _bad(code, detail, field):
    return Response(problem(400, code, detail, [{"field": field, "code": code, "message": detail}]), status=400)


@api_view(["GET", "POST"])
@permission_classes([permissions.AllowAny])
@parser_classes([MultiPartParser, FormParser])
def layer_imports(request, key):
    layer = _readable(request, key)
    if request.method == "GET":
        if not can_change(request.user, layer):
            return Response(problem(403, "permission_denied", "Only editors of the layer's organisation see its imports."), status=403)
        return Response({"results": [job_json(j) for j in layer.imports.select_related("layer")[:50]]})
    if not request.user.is_authenticated:
        return Response(problem(401, "not_authenticated", "Sign in to import."), status=401)
    if not can_change(request.user, layer):
        return Response(problem(403, "permission_denied", "You may not change this layer."), status=403)
    upload = request.FILES.get("file")
    if upload is None:
        return _bad("invalid_file", "Attach the file to import.", "file")
    if upload.size > MAX_UPLOAD:
        return _bad("invalid_file", "The file is too large.", "file")
    mode = request.data.get("mode") or "append"
    if mode not in ("append", "replace"):
        return _bad("invalid_mode", "mode is append or replace.", "mode")
    source_crs = (request.data.get("crs") or "").strip() or None
    if source_crs:
        try:
            crsmod.get(source_crs)
        except crsmod.CRSError as exc:
            return _bad("invalid_crs", str(exc), "crs")
    try:
        name = upload.name
        if not name.lower().endswith(".zip"):
            formats.detect_format(name)
        path = importer.store_upload(upload)
        job = importer.create_job(layer, path, user=request.user, file_name=name, source_crs=source_crs,
                                  encoding=(request.data.get("encoding") or "").strip() or None, mode=mode)
    except formats.FormatError as exc:
        return _bad("invalid_file", str(exc), "file")
    tasks.queue_import(job)
    return Response(job_json(job), status=status.HTTP_202_ACCEPTED,
                    headers={"Location": request.build_absolute_uri(reverse("api-gis-import", args=[job.pk]))})


@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def import_status(request, pk):
    job = get_object_or_404(ImportJob.objects.select_related("layer"), pk=pk)
    if not can_change(request.user, job.layer):
        from django.http import Http404
        raise Http404
    return Response(job_json(job))


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def crs_list(request):
    return Response({"results": [{"key": k, "name_vi": vi, "name_en": en, "central_meridian": crsmod.CRS[k].central_meridian}
                                 for k, vi, en in crsmod.choices()]})


urlpatterns = [
    path("layers/", layers, name="api-gis-layers"),
    path("layers/<slug:key>/", layer_detail, name="api-gis-layer"),
    path("layers/<slug:key>/imports/", layer_imports, name="api-gis-layer-imports"),
    path("imports/<int:pk>/", import_status, name="api-gis-import"),
    path("crs/", crs_list, name="api-gis-crs"),
]

"""API: export a layer to the formats it can be imported from.

    GET /api/gis/layers/{key}/export?format=shp|gpkg|geojson|kml|tab&crs=EPSG:4326|VN2000-BD
        (api-gis-layer-export) -> the file, named `<key>_<crs>.<ext>`: a zip for Shapefile
        (.shp .shx .dbf .prj .cpg) and MapInfo TAB (.tab .dat .map .id); GeoPackage, GeoJSON
        and KML as they are. `crs` defaults to WGS84; "source" means the layer's own CRS;
        KML is WGS84 only. `encoding` (Shapefile attributes): utf-8 (default) or cp1258.

Reads honour `can_read` (404 for a layer the caller may not see); a bad format, CRS or
encoding is a 400 problem (`invalid_format`, `invalid_crs`, `invalid_encoding`).
"""
import shutil
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from rest_framework import permissions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.core.permissions import can_read
from smartcity.gis import crs as crsmod
from smartcity.gis import formats
from smartcity.gis.models import Layer
from smartcity.gis.services import exporter

router_entries = []

# format -> (file extension of the download, content type)
DOWNLOADS = {
    "shp": (".zip", "application/zip"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "geojson": (".geojson", "application/geo+json"),
    "kml": (".kml", "application/vnd.google-earth.kml+xml"),
    "tab": (".zip", "application/zip"),
}
ENCODINGS = ("utf-8", "cp1258")


def _bad(code, detail, field):
    return Response(problem(400, code, detail, [{"field": field, "code": code, "message": detail}]), status=400)


def file_name(layer: Layer, fmt: str, crs_key: str) -> str:
    """`thua-dat-mau_vn2000-bd_shp.zip`: the key, the CRS, the format (zips say which)."""
    tag = crs_key.lower().replace(":", "").replace("epsg4326", "wgs84")
    ext = DOWNLOADS[fmt][0]
    return f"{layer.key}_{tag}" + (f"_{fmt}" if ext == ".zip" else "") + ext


class _FirstRenderer(DefaultContentNegotiation):
    """`format` names the file format here, not DRF's response format: errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = _FirstRenderer

    def get(self, request, key):
        return export(request, key)


def export(request, key):
    layer = get_object_or_404(Layer.objects.select_related("owner"), key=key)
    if not can_read(request.user, layer):
        raise Http404
    fmt = (request.query_params.get("format") or "").lower()
    if fmt not in DOWNLOADS:
        return _bad("invalid_format", f"format is one of {', '.join(DOWNLOADS)}.", "format")
    try:
        dst = exporter.target_crs(layer, request.query_params.get("crs"))
    except crsmod.CRSError as exc:
        return _bad("invalid_crs", str(exc), "crs")
    if fmt == "kml" and not crsmod.same(dst, crsmod.WGS84):
        return _bad("invalid_crs", "KML is WGS84 (EPSG:4326) only.", "crs")
    encoding = formats.python_encoding(request.query_params.get("encoding")) or "utf-8"
    if encoding not in ENCODINGS:
        return _bad("invalid_encoding", "encoding is utf-8 or cp1258.", "encoding")
    tmp = Path(tempfile.mkdtemp(prefix="gis-export-"))
    try:
        name = file_name(layer, fmt, dst)
        out = exporter.export_layer(layer, fmt, tmp / name, crs=dst, encoding=encoding if fmt == "shp" else None)
        fh = open(out, "rb")  # noqa: SIM115 - FileResponse closes it; the directory goes now (POSIX keeps the open file)
    except formats.FormatError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return _bad("invalid_format", str(exc), "format")
    shutil.rmtree(tmp, ignore_errors=True)
    return FileResponse(fh, as_attachment=True, filename=name, content_type=DOWNLOADS[fmt][1])


urlpatterns = [
    path("layers/<slug:key>/export", ExportView.as_view(), name="api-gis-layer-export"),
]

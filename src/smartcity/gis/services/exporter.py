"""Exporting a layer to a file: Shapefile (zipped with .prj and .cpg when the name ends in
.zip), GeoPackage, GeoJSON, KML or MapInfo TAB, in WGS84 or back to the layer's source CRS
(VN-2000) or any CRS key.

    export_layer(layer, "gpkg", "/tmp/thua_dat.gpkg", crs="source")
    export_layer(layer, "shp", "/tmp/thua_dat.zip", crs="VN2000-BD", encoding="cp1258")
"""
from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from shapely.geometry import shape

from smartcity.gis import crs as crsmod
from smartcity.gis import formats
from smartcity.gis.models import Feature, Layer


def target_crs(layer: Layer, crs: str | None) -> str:
    if not crs or str(crs).lower() in ("wgs84", "epsg:4326", "4326"):
        return crsmod.WGS84
    if str(crs).lower() == "source":
        return crsmod.normalise_key(layer.source_crs or crsmod.WGS84)
    crsmod.get(crs)
    return crsmod.normalise_key(crs)


def fields_of(layer: Layer, features) -> list[tuple[str, str]]:
    fields = [(a["name"], a.get("type", "string")) for a in layer.schema or []]
    names = {n for n, _ in fields}
    for _, props in features:
        for k, v in props.items():
            if k not in names:
                names.add(k)
                fields.append((k, "number" if isinstance(v, float) else "integer" if isinstance(v, int) and not isinstance(v, bool) else "string"))
    return fields


def export_layer(layer: Layer, fmt: str, out, *, crs: str | None = None, encoding: str | None = None) -> Path:
    """Writes the layer's features; returns the written path."""
    if fmt not in formats.WRITE_FORMATS:
        raise formats.FormatError(f"cannot write {fmt}; choose one of {', '.join(formats.WRITE_FORMATS)}")
    dst = crsmod.WGS84 if fmt == "kml" else target_crs(layer, crs)
    features = []
    for f in Feature.objects.filter(layer=layer).order_by("id").iterator(chunk_size=2000):
        geom = crsmod.transform_geometry(shape(json.loads(f.geometry)), crsmod.WGS84, dst)
        props = {"fid": f.fid, **(f.properties or {})}
        features.append((geom, props))
    fields = [("fid", "string")] + [fv for fv in fields_of(layer, features) if fv[0] != "fid"]
    out = Path(out)
    if out.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as tmp:
            main = formats.write(Path(tmp) / f"{layer.key}{formats.FORMATS[fmt][1]}", fmt, features, fields=fields,
                                 crs_key=dst, encoding=encoding)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for part in formats.shapefile_parts(main):
                    zf.write(part, part.name)
        return out
    written = formats.write(out, fmt, features, fields=fields, crs_key=dst, encoding=encoding)
    if fmt == "geojson" and not crsmod.same(dst, crsmod.WGS84):
        name_crs(written, dst)
    return written


def name_crs(path: Path, crs_key: str) -> None:
    """GDAL writes a GeoJSON `crs` member only for CRSs with an EPSG code, and a GeoJSON
    without one is WGS84 to every reader: a VN-2000 export would come back ~600 km off.
    The old (2008) GeoJSON `crs` member naming the CRS by its WKT keeps it (GDAL and our
    importer read it; RFC 7946 readers want WGS84 anyway, the default export)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["crs"] = {"type": "name", "properties": {"name": crsmod.wkt(crs_key)}}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

"""Reading and writing the vector formats departments hold (pure: no Django), with pyogrio's
raw API (no geopandas): Shapefile (with its .prj and attribute encoding, incl. Vietnamese
Windows-1258 and UTF-8 named by the .cpg), GeoPackage, GeoJSON, KML, MapInfo TAB and DXF.

    ds = read("thua_dat.shp")                      # encoding from the .cpg, CRS from the .prj
    ds = read("thua_dat.zip", encoding="cp1258")   # a zipped Shapefile, encoding forced
    ds.crs_key, ds.fields, ds.features[0]          # "VN2000-BD", [...], (shapely geom, {props})
    write("out.gpkg", "gpkg", features, fields=[("so_thua", "integer")], crs_key="VN2000-BD")

GDAL has no CP1258 recoder in most builds, so Windows-1258 is handled here: the DBF bytes
go through GDAL as ISO-8859-1 (byte for byte) and are decoded with Python's cp1258 codec,
then NFC-normalised (cp1258 text carries tone marks as combining characters); on writing,
text is put in the cp1258 form (precomposed base letter + combining tone mark).
"""
from __future__ import annotations

import datetime as dt
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyogrio.raw import read as raw_read
from pyogrio.raw import write as raw_write

from smartcity.gis import crs as crsmod

# key -> (GDAL driver, extension, label)
FORMATS = {
    "shp": ("ESRI Shapefile", ".shp", "Shapefile"),
    "gpkg": ("GPKG", ".gpkg", "GeoPackage"),
    "geojson": ("GeoJSON", ".geojson", "GeoJSON"),
    "kml": ("KML", ".kml", "KML"),
    "tab": ("MapInfo File", ".tab", "MapInfo TAB"),
    "dxf": ("DXF", ".dxf", "DXF"),
}
EXTENSIONS = {".shp": "shp", ".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson", ".kml": "kml",
              ".tab": "tab", ".mif": "tab", ".dxf": "dxf"}
WRITE_FORMATS = ("shp", "gpkg", "geojson", "kml", "tab")
_CP1258 = {"1258", "cp1258", "windows-1258", "windows1258", "ansi 1258", "ldid/163"}
_UTF8 = {"utf-8", "utf8", "65001"}
_TONES = "\u0300\u0301\u0303\u0309\u0323"


class FormatError(ValueError):
    """A file this module cannot read or write."""


@dataclass
class Dataset:
    path: str
    format: str
    crs_wkt: str | None
    crs_key: str | None
    fields: list[str]
    geometry_type: str
    encoding: str
    features: list[tuple] = field(default_factory=list)  # (shapely geometry or None, dict)


def python_encoding(name: str | None) -> str | None:
    """'1258', 'CP1258', 'windows-1258' -> 'cp1258'; 'UTF-8'/'65001' -> 'utf-8'; else as given."""
    if not name:
        return None
    n = name.strip().lower()
    if n in _CP1258:
        return "cp1258"
    if n in _UTF8:
        return "utf-8"
    return n


def to_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258: base letters precomposed (â, ê, ô, ơ, ư, ă, đ), tone
    marks as the combining characters the code page has."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out.append(base + "".join(c for c in d if c in _TONES))
    return "".join(out).encode("cp1258", errors="replace")


def detect_format(path: str | Path) -> str:
    ext = Path(path).suffix.lower()
    if ext not in EXTENSIONS:
        raise FormatError(f"unsupported file type {ext or '(none)'}")
    return EXTENSIONS[ext]


def unpack(path: str | Path, into: str | Path | None = None) -> Path:
    """The readable file: a .zip (a zipped Shapefile or TAB set) is extracted next to it
    and its main file returned; other paths are returned as they are."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        return path
    target = Path(into) if into else path.with_suffix("")
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as zf:
        for member in zf.infolist():
            name = Path(member.filename)
            if member.is_dir() or name.is_absolute() or ".." in name.parts:
                continue
            (target / name.name).write_bytes(zf.read(member))
    for ext in (".shp", ".gpkg", ".tab", ".geojson", ".json", ".kml", ".dxf", ".mif"):
        found = sorted(target.glob(f"*{ext}")) + sorted(target.glob(f"*{ext.upper()}"))
        if found:
            return found[0]
    raise FormatError("the zip file holds no Shapefile, GeoPackage, TAB, GeoJSON, KML or DXF")


def _cpg(path: Path) -> str | None:
    for cand in (path.with_suffix(".cpg"), path.with_suffix(".CPG")):
        if cand.exists():
            return cand.read_text(encoding="ascii", errors="ignore").strip() or None
    return None


def _prj(path: Path) -> str | None:
    for cand in (path.with_suffix(".prj"), path.with_suffix(".PRJ")):
        if cand.exists():
            return cand.read_text(encoding="utf-8", errors="ignore").strip() or None
    return None


def _value(v):
    """A numpy value as plain JSON-able Python."""
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if math.isnan(f) else f
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.datetime64):
        if np.isnat(v):
            return None
        return str(v)[:10] if str(v).endswith("T00:00:00") or len(str(v)) == 10 else str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    return v


def read(path: str | Path, *, encoding: str | None = None, layer=None) -> Dataset:
    """Every feature of the file (every layer of a KML or DXF unless `layer` is given)."""
    path = unpack(path)
    fmt = detect_format(path)
    enc = python_encoding(encoding) or (python_encoding(_cpg(path)) if fmt == "shp" else None)
    gdal_enc = "ISO-8859-1" if enc == "cp1258" else enc
    try:
        layers = [layer] if layer is not None else [name for name, _ in pyogrio.list_layers(str(path))]
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise FormatError(f"cannot open {path.name}: {exc}") from exc
    features, fields, crs_wkt, geometry_types, used_enc = [], [], None, set(), enc
    for lyr in layers:
        kwargs = {"layer": lyr}
        if gdal_enc and fmt == "shp":
            kwargs["encoding"] = gdal_enc
        try:
            meta, _fids, geoms, field_data = raw_read(str(path), **kwargs)
        except Exception as exc:
            raise FormatError(f"cannot read {path.name}: {exc}") from exc
        crs_wkt = crs_wkt or meta.get("crs")
        used_enc = used_enc or (meta.get("encoding") or "").lower() or "utf-8"
        names = list(meta["fields"])
        for n in names:
            if n not in fields:
                fields.append(n)
        if meta.get("geometry_type"):
            geometry_types.add(meta["geometry_type"])
        shapes = shapely.from_wkb(geoms) if geoms is not None else [None] * (len(field_data[0]) if field_data else 0)
        count = len(shapes)
        for i in range(count):
            g = shapes[i]
            if g is not None and shapely.has_z(g):
                g = shapely.force_2d(g)
            props = {}
            for name, column in zip(names, field_data):
                v = _value(column[i])
                if isinstance(v, str):
                    if enc == "cp1258":
                        v = v.encode("latin-1", errors="replace").decode("cp1258", errors="replace")
                    v = unicodedata.normalize("NFC", v)
                props[name] = v
            features.append((g, props))
    if fmt == "shp" and not crs_wkt:
        crs_wkt = _prj(path)
    key = crsmod.identify(crs_wkt) if crs_wkt else None
    if key is None and fmt in ("kml", "geojson") and not crs_wkt:
        key = crsmod.WGS84  # both are WGS84 by definition
    gtype = geometry_types.pop() if len(geometry_types) == 1 else "Unknown"
    return Dataset(str(path), fmt, crs_wkt, key, fields, gtype, used_enc or "utf-8", features)


def _geometry_type(geoms, fmt: str) -> str:
    kinds = {g.geom_type for g in geoms if g is not None}
    if not kinds:
        return "Unknown"
    if len(kinds) == 1:
        return kinds.pop()
    families = {k.replace("Multi", "") for k in kinds}
    if len(families) == 1:
        return "Multi" + families.pop()
    if fmt in ("shp", "tab"):
        raise FormatError(f"a {FORMATS[fmt][2]} holds one geometry type; this layer has {', '.join(sorted(kinds))}")
    return "Unknown"


def _column(values, type_: str):
    if type_ == "integer":
        if any(v is None for v in values):
            return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
        return np.array([int(v) for v in values], dtype="int64")
    if type_ == "number":
        return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
    if type_ == "boolean":
        return np.array([None if v is None else ("1" if v else "0") for v in values], dtype=object)
    return np.array([None if v is None else str(v) for v in values], dtype=object)


def write(path: str | Path, fmt: str, features, *, fields, crs_key: str, encoding: str | None = None) -> Path:
    """Writes [(shapely geometry, props)] to `path` in `fmt` ("shp", "gpkg", "geojson",
    "kml", "tab"). `fields`: [(name, schema type)]. Coordinates must already be in
    `crs_key` (KML only in WGS84). `encoding` (Shapefile): "utf-8" (default) or "cp1258"."""
    if fmt not in WRITE_FORMATS:
        raise FormatError(f"cannot write {fmt}")
    if fmt == "kml" and not crsmod.same(crs_key, crsmod.WGS84):
        raise FormatError("KML is WGS84 only")
    path = Path(path)
    driver = FORMATS[fmt][0]
    geoms = [g for g, _ in features]
    gtype = _geometry_type(geoms, fmt)
    if fmt == "shp" and gtype == "Polygon":
        gtype = "MultiPolygon" if any(g is not None and g.geom_type == "MultiPolygon" for g in geoms) else "Polygon"
    enc = python_encoding(encoding) or "utf-8"
    names = [n for n, _ in fields]
    columns = []
    for name, type_ in fields:
        col = _column([p.get(name) for _, p in features], type_)
        if enc == "cp1258" and fmt == "shp" and col.dtype == object:
            col = np.array([None if v is None else to_cp1258(v).decode("latin-1") for v in col], dtype=object)
        columns.append(col)
    wkb = np.array([None if g is None else shapely.to_wkb(g) for g in geoms], dtype=object)
    kwargs = {}
    if fmt == "shp":
        kwargs["encoding"] = "ISO-8859-1" if enc == "cp1258" else "UTF-8"
    if fmt == "gpkg" and any(n.lower() == "fid" for n in names):
        kwargs["layer_options"] = {"FID": "gpkg_fid"}  # "fid" is GeoPackage's default key column
    wkt = crsmod.wkt(crs_key, esri=(fmt == "shp"))
    if path.exists():
        path.unlink()
    try:
        raw_write(str(path), wkb, columns, fields=names, geometry_type=gtype, crs=wkt, driver=driver, **kwargs)
    except Exception as exc:
        raise FormatError(f"cannot write {path.name}: {exc}") from exc
    if fmt == "shp" and enc == "cp1258":
        path.with_suffix(".cpg").write_text("1258", encoding="ascii")
    return path


def shapefile_parts(path: str | Path) -> list[Path]:
    """The files that make up a Shapefile (or TAB) set, to zip together."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(path.stem + ".*") if p.is_file())

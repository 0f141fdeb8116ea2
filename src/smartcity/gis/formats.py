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

Many older Vietnamese Shapefiles (made with the ABC/.Vn fonts before Unicode) hold their
attributes in TCVN3 (TCVN 5712:1993 VN3), which no .cpg names and GDAL does not know: the
bytes go through GDAL as ISO-8859-1 and are decoded with `TCVN3` below. With encoding
"tcvn3" it is forced; in auto mode (no encoding given, no .cpg or one naming a Western code
page) a file whose text is single-byte and reads as Vietnamese syllables in TCVN3 is decoded
so (`looks_tcvn3`), and the dataset reports encoding "tcvn3".
"""
from __future__ import annotations

import datetime as dt
import math
import re
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
READ_ENCODINGS = ("utf-8", "cp1258", "tcvn3")   # what the import page and `gis import --encoding` offer
_TCVN3_NAMES = {"tcvn3", "tcvn", "tcvn-3", "tcvn5712", "tcvn-5712", "tcvn5712-3", "vn3", "abc", "x-viet-tcvn5712"}
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "88591", "8859-1", "cp1252", "windows-1252", "1252"}

# TCVN3 (TCVN 5712:1993 "VN3", the ABC encoding): ASCII unchanged, plus the no-break space,
# 7 capitals without tone marks and 67 small letters in 0xA0-0xFE (75 characters; capitals
# with tone marks were typed in a separate all-capital font, on these same small-letter
# codes). Source: the standard's code table, TCVN 5712:1993 "Công nghệ thông tin — Bộ mã
# chuẩn 8-bit kí tự Việt dùng trong trao đổi thông tin" (text at
# https://vanbanphapluat.co/tcvn-5712-1993-cong-nghe-thong-tin-bo-ma-chuan-8-bit-ki-tu-viet), as
# tabulated in https://en.wikipedia.org/wiki/VSCII (VSCII-3 column); checked byte for byte
# against glibc's iconv TCVN5712-1 converter, whose 0xA0-0xFF range is VN1/VN2, a superset.
TCVN3 = {
    0xA0: "\u00a0",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă",
    0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xB5: "à", 0xB6: "ả",
    0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ",
    0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ", 0xD7: "ì",
    0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị", 0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó",
    0xE4: "ọ", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở",
    0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ", 0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ",
    0xFD: "ý", 0xFE: "ỵ",
}
# The 21 codes VN3 leaves free are decoded as VN2 (same standard, a superset: combining tone
# marks and some capitals with tone marks), since some software of the time wrote them.
_VN2_EXTRA = {
    0xAF: "Ằ", 0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323", 0xBA: "Ẳ",
    0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ", 0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ",
    0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
}
_TCVN3_DECODE = {**{b: chr(b) for b in range(0x80)}, **{b: chr(b) for b in range(0x80, 0xA0)}, **_VN2_EXTRA, **TCVN3}
_TCVN3_ENCODE = {ch: bytes([b]) for b, ch in TCVN3.items()}
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
    if n in _TCVN3_NAMES:
        return "tcvn3"
    return n


def from_tcvn3(data: bytes | str) -> str:
    """TCVN3 bytes (or text GDAL read byte for byte as ISO-8859-1) as Unicode NFC. A word
    typed in the all-capital font (ASCII capitals around small-letter codes: "TH\\xf1 D\\xc7U")
    is put in capitals ("THỦ DẦU")."""
    if isinstance(data, str):
        data = data.encode("latin-1", errors="replace")
    text = unicodedata.normalize("NFC", "".join(_TCVN3_DECODE[b] for b in data))
    return " ".join(_capital_word(w) if any(b >= 0xA0 for b in w.encode("utf-8")) else w for w in text.split(" "))


def _capital_word(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    ascii_letters = [c for c in letters if c.isascii()]
    capitals = [c for c in letters if c.isupper()]
    if len(capitals) >= 2 and ascii_letters and all(c.isupper() for c in ascii_letters):
        return word.upper()
    return word


def to_tcvn3(text: str) -> bytes:
    """Unicode text in TCVN3; capitals with tone marks (absent from VN3) are written as the
    small letter, as the all-capital font did."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode("ascii")
        elif ch in _TCVN3_ENCODE:
            out += _TCVN3_ENCODE[ch]
        elif ch.lower() in _TCVN3_ENCODE:
            out += _TCVN3_ENCODE[ch.lower()]
        else:
            out += b"?"
    return bytes(out)


# A Vietnamese syllable without its tone mark: initial consonant(s), one to three vowels, a final.
_SYLLABLE = re.compile(r"^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
                       r"[aăâeêioôơuưy]{1,3}(ch|ng|nh|[cmnpt])?$")
_TONE_MARKS = set(_TONES)


def _syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bool(_SYLLABLE.match(base))


def looks_tcvn3(values) -> bool:
    """Whether single-byte text (str read as ISO-8859-1, or bytes) is TCVN3 Vietnamese: it
    has bytes above 0x7F, all of them TCVN3 letters (no C1 controls, none of the codes VN3
    leaves free), and nearly every word holding one is a Vietnamese syllable once decoded —
    Western text (é, ü, ñ...) read that way gives words like "cafộ" or "Mỹnchen" that are not."""
    words = checked = 0
    for value in values:
        data = value.encode("latin-1", errors="ignore") if isinstance(value, str) else bytes(value)
        high = [b for b in data if b >= 0x80]
        if not high:
            continue
        if any(b not in TCVN3 for b in high):
            return False
        for word in re.findall(r"[^\W\d_]+", from_tcvn3(data)):
            if any(not c.isascii() for c in word):
                words += 1
                checked += _syllable(word)
    return words > 0 and checked >= 0.9 * words


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
    forced = python_encoding(encoding)
    cpg = python_encoding(_cpg(path)) if fmt == "shp" else None
    enc = forced or cpg
    # auto mode on a Shapefile without a Unicode or Vietnamese .cpg: read byte for byte, then
    # decide between TCVN3 and what GDAL would have used (the DBF's code page, else Latin-1)
    sniff = fmt == "shp" and not forced and (cpg is None or cpg in _WESTERN)
    gdal_enc = "ISO-8859-1" if enc in ("cp1258", "tcvn3") or sniff else enc
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
                    elif enc == "tcvn3":
                        v = from_tcvn3(v)
                    if not sniff:  # sniffed text stays byte for byte until _settle_single_byte
                        v = unicodedata.normalize("NFC", v)
                props[name] = v
            features.append((g, props))
    if sniff:
        used_enc = _settle_single_byte(path, features, cpg)
    if fmt == "shp" and not crs_wkt:
        crs_wkt = _prj(path)
    key = crsmod.identify(crs_wkt) if crs_wkt else None
    if key is None and fmt in ("kml", "geojson") and not crs_wkt:
        key = crsmod.WGS84  # both are WGS84 by definition
    gtype = geometry_types.pop() if len(geometry_types) == 1 else "Unknown"
    return Dataset(str(path), fmt, crs_wkt, key, fields, gtype, used_enc or "utf-8", features)


def _dbf_code_page(path: Path) -> str | None:
    """The DBF header's language driver id (byte 29) as a Python codec, for what GDAL would
    have done without the sniffing; None when unset or unknown (GDAL then reads Latin-1)."""
    ldid = {0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x57: "cp1252", 0x58: "cp1252", 0x59: "cp1252",
            0x64: "cp852", 0x65: "cp866", 0x66: "cp865", 0x67: "cp861", 0x6A: "cp737", 0x6B: "cp857",
            0xC8: "cp1250", 0xC9: "cp1251", 0xCA: "cp1254", 0xCB: "cp1253", 0xCC: "cp1257"}
    for dbf in (path.with_suffix(".dbf"), path.with_suffix(".DBF")):
        if dbf.exists():
            with dbf.open("rb") as fh:
                head = fh.read(32)
            return ldid.get(head[29]) if len(head) > 29 else None
    return None


def _settle_single_byte(path: Path, features, cpg: str | None) -> str:
    """Text read byte for byte: TCVN3 if it looks so, else the .cpg's or the DBF's code page
    (Latin-1 without either). Rewrites the features' strings in place; the encoding used."""
    texts = (v for _g, props in features for v in props.values() if isinstance(v, str))
    if looks_tcvn3(texts):
        enc, decode = "tcvn3", from_tcvn3
    else:
        enc = cpg or _dbf_code_page(path) or "iso-8859-1"
        enc = "cp1252" if "1252" in enc else ("iso-8859-1" if enc in _WESTERN else enc)

        def decode(v, enc=enc):
            return v.encode("latin-1", errors="replace").decode(enc, errors="replace")
    for _g, props in features:
        for k, v in props.items():
            if isinstance(v, str):
                props[k] = unicodedata.normalize("NFC", decode(v))
    return enc


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

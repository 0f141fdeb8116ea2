"""Coordinate reference systems of the GIS (pure: no Django).

Survey and construction data in Vietnam are in VN-2000 with a 3-degree transverse Mercator
projection whose central meridian is set per province (Circular 973/2001/TT-TCĐC; scale
factor 0.9999, false easting 500 000 m); web maps and the stored features are WGS84
lon/lat. Binh Duong's central meridian is 105°45'. The datum shift VN-2000 -> WGS84 is the
7-parameter set of Decision 05/2007/QĐ-BTNMT (``TOWGS84``).

    from smartcity.gis import crs
    crs.get("VN2000-BD").central_meridian          # 105.75
    crs.to_wgs84("VN2000-BD")                      # a cached pyproj Transformer (x, y order)
    crs.transform_geojson(geom, "VN2000-BD", "EPSG:4326")
    crs.identify(prj_wkt)                          # "VN2000-BD" for a .prj we or others wrote

Keys: "EPSG:4326", "VN2000" (geographic), "VN2000-<province>" (3-degree TM), "VN2000-UTM48"
/ "VN2000-UTM49" (6-degree UTM, EPSG:3405/3406); any "EPSG:n" pyproj knows is accepted too.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping, shape

WGS84 = "EPSG:4326"
# Decision 05/2007/QĐ-BTNMT: dX, dY, dZ (m), rX, rY, rZ (arc-seconds), scale (ppm)
TOWGS84 = (-191.90441429, -39.30318279, -111.45032835, -0.00928836, 0.01975479, -0.00427372, 0.252906278)
_TOWGS = ",".join(repr(v) for v in TOWGS84)
TM3_SCALE = 0.9999
FALSE_EASTING = 500000.0


@dataclass(frozen=True)
class CRSDef:
    key: str
    name_vi: str
    name_en: str
    proj4: str  # what transforms (the +towgs84 convention QGIS users of VN-2000 share)
    central_meridian: float | None = None
    epsg: int | None = None
    wkt1: str = ""  # named VN-2000 WKT written to files (.prj, GeoPackage)

    @property
    def projected(self) -> bool:
        return self.central_meridian is not None


def _dms(deg: int, minutes: int = 0) -> float:
    return deg + minutes / 60.0


_GEOGCS = ('GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563],'
           f'TOWGS84[{_TOWGS}]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')


def _proj_tm(cm: float, k: float = TM3_SCALE) -> str:
    return (f"+proj=tmerc +lat_0=0 +lon_0={cm!r} +k={k!r} +x_0={FALSE_EASTING:.0f} +y_0=0 "
            f"+ellps=WGS84 +towgs84={_TOWGS} +units=m +no_defs +type=crs")


def _tm(name: str, cm: float, k: float = TM3_SCALE) -> str:
    """WKT1 of a VN-2000 transverse Mercator (named, so a .prj written from it says VN-2000)."""
    return (f'PROJCS["{name}",{_GEOGCS},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
            f'PARAMETER["central_meridian",{cm!r}],PARAMETER["scale_factor",{k!r}],PARAMETER["false_easting",{FALSE_EASTING:.0f}],'
            'PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]')


# Provincial central meridians (Circular 973/2001/TT-TCĐC) of Binh Duong and its neighbours.
PROVINCES = {
    "BD": ("Bình Dương", "Binh Duong", _dms(105, 45)),
    "HCM": ("TP. Hồ Chí Minh", "Ho Chi Minh City", _dms(105, 45)),
    "DNAI": ("Đồng Nai", "Dong Nai", _dms(107, 45)),
    "TN": ("Tây Ninh", "Tay Ninh", _dms(105, 30)),
    "BP": ("Bình Phước", "Binh Phuoc", _dms(106, 15)),
    "LA": ("Long An", "Long An", _dms(105, 45)),
    "BRVT": ("Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau", _dms(107, 45)),
    "HN": ("Hà Nội", "Hanoi", _dms(105, 0)),
}

CRS: dict[str, CRSDef] = {
    WGS84: CRSDef(WGS84, "WGS 84 (kinh độ, vĩ độ)", "WGS 84 (lon, lat)", "+proj=longlat +datum=WGS84 +no_defs +type=crs", None, 4326),
    "VN2000": CRSDef("VN2000", "VN-2000 (kinh độ, vĩ độ)", "VN-2000 (lon, lat)",
                     f"+proj=longlat +ellps=WGS84 +towgs84={_TOWGS} +no_defs +type=crs", None, 4756, _GEOGCS),
    "VN2000-UTM48": CRSDef("VN2000-UTM48", "VN-2000 / UTM múi 48N", "VN-2000 / UTM zone 48N",
                           _proj_tm(105.0, 0.9996), 105.0, 3405, _tm("VN-2000 / UTM zone 48N", 105.0, 0.9996)),
    "VN2000-UTM49": CRSDef("VN2000-UTM49", "VN-2000 / UTM múi 49N", "VN-2000 / UTM zone 49N",
                           _proj_tm(111.0, 0.9996), 111.0, 3406, _tm("VN-2000 / UTM zone 49N", 111.0, 0.9996)),
}
for _code, (_vi, _en, _cm) in PROVINCES.items():
    _deg, _min = int(_cm), round((_cm - int(_cm)) * 60)
    CRS[f"VN2000-{_code}"] = CRSDef(f"VN2000-{_code}", f"VN-2000 / TM-3 {_vi} (KTT {_deg}°{_min:02d}')",
                                    f"VN-2000 / TM-3 {_en} (CM {_deg}°{_min:02d}')", _proj_tm(_cm), _cm,
                                    wkt1=_tm(f"VN-2000 / TM-3 {_en}", _cm))

ALIASES = {"WGS84": WGS84, "EPSG:4756": "VN2000", "EPSG:3405": "VN2000-UTM48", "EPSG:3406": "VN2000-UTM49", "CRS84": WGS84,
           "OGC:CRS84": WGS84}


class CRSError(ValueError):
    """An unknown or unusable CRS."""


def normalise_key(key) -> str:
    """'vn2000-bd' -> 'VN2000-BD', 4326 / '4326' / 'epsg:4326' -> 'EPSG:4326'."""
    if key is None or str(key).strip() == "":
        raise CRSError("no CRS given")
    text = str(key).strip()
    if text.isdigit():
        text = f"EPSG:{text}"
    upper = text.upper()
    upper = ALIASES.get(upper, upper)
    return upper


def get(key) -> CRSDef:
    """The definition for one of our keys, an alias or any EPSG code pyproj knows."""
    k = normalise_key(key)
    if k in CRS:
        return CRS[k]
    if k.startswith("EPSG:") and k[5:].isdigit():
        try:
            c = pyproj.CRS.from_epsg(int(k[5:]))
        except pyproj.exceptions.CRSError as exc:
            raise CRSError(f"unknown EPSG code {k}") from exc
        return CRSDef(k, c.name, c.name, c.to_proj4() or c.to_wkt(), None, int(k[5:]))
    raise CRSError(f"unknown CRS {key!r}")


@lru_cache(maxsize=64)
def pyproj_crs(key) -> pyproj.CRS:
    d = get(key)
    if d.key in (WGS84,):
        return pyproj.CRS.from_epsg(4326)
    if d.key.startswith("EPSG:"):
        return pyproj.CRS.from_epsg(d.epsg)
    return pyproj.CRS.from_proj4(d.proj4)


def wkt(key, esri: bool = False) -> str:
    """WKT of the CRS for a file (ESRI flavour for a Shapefile's .prj when asked); ours are
    named VN-2000 so other software shows the right name."""
    d = get(key)
    c = pyproj.CRS.from_wkt(d.wkt1) if d.wkt1 else pyproj_crs(key)
    return c.to_wkt(pyproj.enums.WktVersion.WKT1_ESRI if esri else pyproj.enums.WktVersion.WKT2_2019)


@lru_cache(maxsize=64)
def transformer(src, dst) -> pyproj.Transformer:
    """Cached transformer, always x/easting/lon first."""
    return pyproj.Transformer.from_crs(pyproj_crs(normalise_key(src)), pyproj_crs(normalise_key(dst)), always_xy=True)


def to_wgs84(src) -> pyproj.Transformer:
    return transformer(normalise_key(src), WGS84)


def from_wgs84(dst) -> pyproj.Transformer:
    return transformer(WGS84, normalise_key(dst))


def same(a, b) -> bool:
    return normalise_key(a) == normalise_key(b)


def transform_geometry(geom, src, dst):
    """A shapely geometry reprojected (returns the same object when src == dst)."""
    if same(src, dst):
        return geom
    t = transformer(normalise_key(src), normalise_key(dst))

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def transform_geojson(geom: dict | str, src, dst) -> dict:
    """A GeoJSON geometry (dict or text) reprojected, as a dict."""
    if isinstance(geom, str):
        geom = json.loads(geom)
    return mapping(transform_geometry(shape(geom), src, dst))


def _close(a, b, tol=1e-7) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), abs_tol=tol)


def identify(text: str | None) -> str | None:
    """Our key for a CRS given as WKT (a .prj), PROJ string or 'EPSG:n'; None when unknown.

    A .prj in ESRI WKT loses the TOWGS84 shift, so a transverse Mercator on the WGS84
    ellipsoid with scale 0.9999 and false easting 500 km whose datum is VN-2000 (or unnamed)
    is matched to our provincial definition by its central meridian."""
    if not text or not str(text).strip():
        return None
    try:
        c = pyproj.CRS.from_user_input(str(text).strip())
    except pyproj.exceptions.CRSError:
        return None
    if c.is_bound and c.source_crs is not None:
        c = c.source_crs
    datum = (c.datum.name if c.datum else "") or ""
    vn = "2000" in datum or "vn2000" in c.name.lower().replace("-", "").replace("_", "")
    wgs_datum = datum.upper().replace("_", " ").replace("D ", "") in ("WGS 1984", "WORLD GEODETIC SYSTEM 1984", "WGS 84")
    if c.is_geographic:
        if vn:
            return "VN2000"
        epsg = c.to_epsg(min_confidence=70)
        return WGS84 if epsg == 4326 or (epsg is None and wgs_datum) else (f"EPSG:{epsg}" if epsg else None)
    params = {}
    try:
        for p in c.coordinate_operation.params:
            params[p.name.lower()] = p.value
    except AttributeError:
        pass
    method = (c.coordinate_operation.method_name if c.coordinate_operation else "").lower()
    cm = params.get("longitude of natural origin", params.get("central_meridian"))
    k = params.get("scale factor at natural origin")
    fe = params.get("false easting")
    wgs_ellps = c.ellipsoid is not None and _close(c.ellipsoid.semi_major_metre, 6378137.0, 1e-3) and \
        _close(c.ellipsoid.inverse_flattening, 298.257223563, 1e-6)
    if "transverse mercator" in method and wgs_ellps and (vn or not wgs_datum):
        if _close(k, TM3_SCALE) and _close(fe, FALSE_EASTING, 1e-3):
            for key in ("VN2000-BD",) + tuple(kk for kk in CRS if kk.startswith("VN2000-") and kk != "VN2000-BD"):
                d = CRS[key]
                if "tmerc" in d.proj4 and _close(d.central_meridian, cm):
                    return key
        if _close(k, 0.9996) and _close(fe, FALSE_EASTING, 1e-3) and vn:
            for key in ("VN2000-UTM48", "VN2000-UTM49"):
                if _close(CRS[key].central_meridian, cm):
                    return key
    epsg = c.to_epsg(min_confidence=70)
    if epsg:
        return ALIASES.get(f"EPSG:{epsg}", f"EPSG:{epsg}")
    return None


def choices() -> list[tuple[str, str, str]]:
    """(key, Vietnamese name, English name) of our definitions, for forms and the API."""
    return [(d.key, d.name_vi, d.name_en) for d in CRS.values()]

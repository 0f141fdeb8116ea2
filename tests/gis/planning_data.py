"""Planning layers around phường Phú Cường (Thủ Dầu Một) for the planning-check tests: two
zones of the 1/2000 plan side by side, a red line along Đại lộ Bình Dương, the Sài Gòn river
corridor, and parcels; drawn in metres (UTM 48N) from a point and stored in WGS84."""
import json

from pyproj import Transformer
from shapely.geometry import shape

from smartcity.gis import planning as p

TO_LL = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True).transform
FROM_LL = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform
X0, Y0 = FROM_LL(106.6520, 10.9800)


def poly(x, y, w, h) -> dict:
    pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    return {"type": "Polygon", "coordinates": [[list(TO_LL(X0 + a, Y0 + b)) for a, b in pts]]}


def line(*pts) -> dict:
    return {"type": "LineString", "coordinates": [list(TO_LL(X0 + a, Y0 + b)) for a, b in pts]}


def feature(layer, fid, geometry, **properties):
    from smartcity.gis.models import Feature

    minx, miny, maxx, maxy = shape(geometry).bounds
    return Feature.objects.create(layer=layer, fid=str(fid), geometry=json.dumps(geometry), minx=minx, miny=miny,
                                  maxx=maxx, maxy=maxy, properties=properties)


def build(make_layer) -> dict:
    """Layers and features; returns {"zones", "red", "river", "parcels", "parcel_ok", "parcel_road"}."""
    zones = make_layer("quy-hoach-phu-cuong", kind="planning_zone")
    rule = {p.USE: "residential,commercial", p.MAX_HEIGHT_M: 21, p.MAX_FLOORS: 5, p.MAX_COVERAGE_PCT: 80,
            p.SETBACK_M: 3, p.DECISION: "2213/QĐ-UBND", p.PLAN_VERSION: 2}
    feature(zones, "PC-01", poly(0, 0, 200, 300), **{**rule, p.ZONE_NAME: "Khu ở hiện hữu Phú Cường"})
    feature(zones, "PC-02", poly(200, 0, 200, 300), **{**rule, p.ZONE_NAME: "Khu hỗn hợp Chánh Nghĩa", p.USE: "mixed",
                                                        p.MAX_HEIGHT_M: 30, p.MAX_FLOORS: 8})
    red = make_layer("chi-gioi-duong-do", kind="red_line")
    feature(red, "DLBD-1", line((-50, 100), (450, 100)), **{p.ZONE_NAME: "Đại lộ Bình Dương", p.DECISION: "2213/QĐ-UBND"})
    river = make_layer("hanh-lang-song-sai-gon", kind="corridor")
    feature(river, "SG-1", line((-50, 250), (450, 250)), **{p.ZONE_NAME: "Hành lang sông Sài Gòn", p.CORRIDOR_WIDTH_M: 20})
    parcels = make_layer("thua-dat-phu-cuong", kind="parcel")
    ok = feature(parcels, "12-345", poly(50, 20, 12, 20), sheet="12", parcel="345")
    road = feature(parcels, "12-346", poly(70, 90, 12, 20), sheet="12", parcel="346")
    return {"zones": zones, "red": red, "river": river, "parcels": parcels, "parcel_ok": ok, "parcel_road": road}

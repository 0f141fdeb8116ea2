"""Geodesic measures for the map viewer's ruler: distance along a line and area of a ring
in WGS84 lon/lat, in metres and square metres.

Why not planar degrees: at Bình Dương's latitude (~11° N) a degree of longitude is ~109 km
and a degree of latitude ~110.6 km, and the difference grows with latitude, so a planar
length in degrees is wrong by a few percent in one direction. Users measure parcels and
set-backs in metres, so the maths works on the sphere of the mean Earth radius
(R = 6 371 008.8 m, the IUGG mean radius that Leaflet's and Turf's measures also use):

* distance: haversine, numerically stable for short segments (a few metres);
* area: the spherical excess of the ring, by the formula of Chamberlain & Duquette
  ("Some algorithms for polygons on a sphere", JPL 2007), the one Leaflet.draw and Turf use,
  so the server and the browser (`static/gis/map.js` mirrors these functions) agree.

The sphere is within ~0.3 % of the WGS84 ellipsoid for these sizes; enough for a viewer
(surveyed areas come from the cadastral record, not from the ruler).

Pure Python, no Django: `from smartcity.gis.measure import distance_m, length_m, area_m2`.
"""
import math

EARTH_RADIUS_M = 6_371_008.8


def distance_m(a, b) -> float:
    """Great-circle distance in metres between two (lon, lat) points (haversine)."""
    lon1, lat1 = map(math.radians, a[:2])
    lon2, lat2 = map(math.radians, b[:2])
    dlat, dlon = lat2 - lat1, lon2 - lon1
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def length_m(points) -> float:
    """Length in metres of a line through (lon, lat) points (0 for fewer than two)."""
    pts = list(points)
    return sum(distance_m(pts[i], pts[i + 1]) for i in range(len(pts) - 1))


def ring_area_m2(ring) -> float:
    """Area in square metres of a ring of (lon, lat) points (closed or not; either
    orientation), as the spherical excess: sum of (lon2 - lon1) * (2 + sin lat1 + sin lat2)
    times R^2 / 2 over the edges."""
    pts = [tuple(p[:2]) for p in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3:
        return 0.0
    total = 0.0
    for i, (lon1, lat1) in enumerate(pts):
        lon2, lat2 = pts[(i + 1) % len(pts)]
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2)


def area_m2(geometry: dict) -> float:
    """Area in square metres of a GeoJSON Polygon or MultiPolygon (holes subtracted);
    0 for other geometry types."""
    kind = geometry.get("type")
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry.get("coordinates", []) if kind == "MultiPolygon" else []
    total = 0.0
    for rings in polygons:
        if rings:
            total += ring_area_m2(rings[0]) - sum(ring_area_m2(r) for r in rings[1:])
    return total


def format_length(metres: float) -> str:
    """'842 m' below a kilometre, else '12.35 km' (the ruler's label)."""
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.2f} km"


def format_area(m2: float) -> str:
    """'1 250 m²' below a hectare, else '3.42 ha' (1 ha = 10 000 m²), else '12.5 km²'."""
    if m2 < 10_000:
        return f"{m2:,.0f} m²".replace(",", " ")
    if m2 < 1_000_000:
        return f"{m2 / 10_000:.2f} ha"
    return f"{m2 / 1_000_000:.2f} km²"

"""Geodesy the hub needs at city scale. Pure maths, no Django: used by the read API and
the NGSI-LD queries alike."""
import math

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on the mean-radius sphere (error < 0.5 %)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) that holds every point within radius_m: the
    cheap index-friendly prefilter before the exact haversine test."""
    dlat = radius_m / METRES_PER_DEGREE
    coslat = math.cos(math.radians(min(89.9, abs(lat))))
    dlon = min(180.0, radius_m / (METRES_PER_DEGREE * max(coslat, 1e-6)))
    return (lon - dlon, max(-90.0, lat - dlat), lon + dlon, min(90.0, lat + dlat))

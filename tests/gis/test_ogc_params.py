"""OGC API - Features parameters (pure: smartcity.gis.ogc, no database)."""
from datetime import UTC, datetime

import pytest

from smartcity.gis import ogc
from smartcity.gis.ogc import OgcParamError


def test_bbox_four_or_six_numbers():
    assert ogc.parse_bbox("106.6,10.9,106.7,11.0") == ogc.BBox(106.6, 10.9, 106.7, 11.0)
    assert ogc.parse_bbox("106.6, 10.9, 0, 106.7, 11.0, 50") == ogc.BBox(106.6, 10.9, 106.7, 11.0)
    assert ogc.parse_bbox(None) is None
    assert ogc.parse_bbox("106.6,10.9,106.7,11.0", ogc.CRS84) is not None


@pytest.mark.parametrize("value, fragment", [
    ("106.6,10.9,106.7", "4 or 6"),
    ("106.6,10.9,106.7,11,12", "4 or 6"),
    ("a,10.9,106.7,11.0", "not a number"),
    ("106.6,nan,106.7,11.0", "finite"),
    ("106.6,11.0,106.7,10.9", "south"),
    ("106.6,10.9,190,11.0", "longitude"),
    ("106.6,-95,106.7,11.0", "latitude"),
    ("106.6,10.9,9,106.7,11.0,1", "height"),
])
def test_bad_bbox(value, fragment):
    with pytest.raises(OgcParamError) as err:
        ogc.parse_bbox(value)
    assert err.value.parameter == "bbox" and fragment in err.value.message


def test_bbox_crs_only_crs84_and_antimeridian_split():
    with pytest.raises(OgcParamError) as err:
        ogc.parse_bbox("106.6,10.9,106.7,11.0", "http://www.opengis.net/def/crs/EPSG/0/4326")
    assert err.value.parameter == "bbox-crs"
    wrap = ogc.parse_bbox("170,-10,-170,10")
    assert wrap.crosses_antimeridian and wrap.parts() == [(170, -10, 180.0, 10), (-180.0, -10, -170, 10)]


def test_datetime_instant_and_intervals():
    utc = UTC
    assert ogc.parse_datetime("2025-07-01T08:30:00Z") == (datetime(2025, 7, 1, 8, 30, tzinfo=utc),) * 2
    start, end = ogc.parse_datetime("2025-07-01")  # a date: that whole day
    assert start == datetime(2025, 7, 1, tzinfo=utc) and end.date().isoformat() == "2025-07-01" and end.hour == 23
    assert ogc.parse_datetime("../2025-06-30T23:59:59Z") == (None, datetime(2025, 6, 30, 23, 59, 59, tzinfo=utc))
    assert ogc.parse_datetime("2025-07-01T00:00:00+07:00/..")[1] is None
    assert ogc.parse_datetime("2025-07-01T00:00:00+07:00/")[0] == datetime(2025, 6, 30, 17, tzinfo=utc)
    assert ogc.parse_datetime(None) is None


@pytest.mark.parametrize("value", ["", "yesterday", "../..", "2025-07-01/2025-01-01", "2025-01-01/2025-02-01/2025-03-01", "2025-13-01"])
def test_bad_datetime(value):
    with pytest.raises(OgcParamError) as err:
        ogc.parse_datetime(value)
    assert err.value.parameter == "datetime"


def test_limit_and_offset():
    assert ogc.parse_limit(None) == 10 and ogc.parse_limit("1") == 1 and ogc.parse_limit("10000") == 10000
    for bad in ("0", "10001", "-3", "ten", "2.5"):
        with pytest.raises(OgcParamError):
            ogc.parse_limit(bad)
    assert ogc.parse_offset(None) == 0 and ogc.parse_offset("20") == 20
    with pytest.raises(OgcParamError):
        ogc.parse_offset("-1")


def test_format_negotiation():
    assert ogc.choose_format(None, None) == "json"
    assert ogc.choose_format(None, "*/*") == "json"
    assert ogc.choose_format(None, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "html"
    assert ogc.choose_format(None, "application/geo+json, text/html;q=0.5") == "json"
    assert ogc.choose_format("html", "application/json") == "html"
    assert ogc.choose_format("json", "text/html") == "json"
    with pytest.raises(OgcParamError):
        ogc.choose_format("xml", None)


def test_paging_links():
    base = "http://x/ogc/collections/thua-dat/items"
    links = ogc.paging_links(base, {"bbox": "1,2,3,4"}, offset=10, limit=10, matched=25, fmt="json")
    rels = {ln["rel"]: ln["href"] for ln in links}
    assert rels["next"] == base + "?bbox=1%2C2%2C3%2C4&limit=10&offset=20&f=json"
    assert rels["prev"].endswith("limit=10&offset=0&f=json")
    assert ogc.paging_links(base, {}, offset=20, limit=10, matched=25, fmt="json")[0]["rel"] == "prev"
    assert ogc.paging_links(base, {}, offset=0, limit=10, matched=10, fmt="json") == []


def test_openapi_lists_every_path():
    doc = ogc.openapi("http://x/ogc", [("thua-dat", "Thửa đất")])
    assert doc["openapi"].startswith("3.0")
    assert set(doc["paths"]) == {"/", "/conformance", "/api", "/collections", "/collections/{collectionId}",
                                 "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}"}
    assert doc["components"]["parameters"]["limit"]["schema"]["maximum"] == 10000


def test_interval_overlap():
    d = lambda s: datetime.fromisoformat(s).replace(tzinfo=UTC)
    assert ogc.interval_overlaps(None, None, d("2025-01-01"), d("2025-02-01"))
    assert not ogc.interval_overlaps(None, d("2025-06-30"), d("2025-07-01"), None)
    assert ogc.interval_overlaps(d("2025-07-01"), None, d("2025-07-01"), d("2025-07-01"))

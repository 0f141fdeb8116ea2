"""The planning-check API: a check posted for a dossier, read back with its evidence link and
map; refusals in the problem shape; other units and anonymous callers kept out."""
import pytest

from tests.gis.planning_data import build, poly

HOUSE = {"use": "residential", "height_m": 15, "floors": 4, "coverage_pct": 70}


@pytest.fixture
def site(make_layer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build(make_layer)


@pytest.fixture
def dossier(site):
    from tests.onestop.factories import make_dossier, make_procedures

    return make_dossier(make_procedures()["house"], status="processing")


def test_post_then_read_a_check(api, site, dossier, make_user):
    api.force_authenticate(make_user("tham-dinh-sxd", "DOC"))
    url = f"/api/gis/planning/dossiers/{dossier.pk}/checks/"
    r = api.post(url, {"parcel": "thua-dat-phu-cuong/12-346", **HOUSE}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["result"] == "fail" and body["parcel"] == "thua-dat-phu-cuong/12-346"
    assert body["document"]["url"].endswith(f"/tai-lieu/{body['document']['id']}/")
    r = api.post(url, {"footprint": poly(50, 20, 10, 20), **HOUSE}, format="json")
    assert r.status_code == 201 and r.json()["result"] == "pass"
    listing = api.get(url).json()
    assert listing["may_check"] is True and [c["result"] for c in listing["checks"]] == ["pass", "fail"]
    detail = api.get(f"/api/gis/planning/checks/{body['id']}/")
    assert detail.status_code == 200 and detail.json()["findings"] == body["findings"]
    svg = api.get(body["map"])
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"#d50000" in svg.content  # the red line


def test_refusals_use_the_problem_shape(api, site, dossier, make_user):
    api.force_authenticate(make_user("tham-dinh-sxd", "DOC"))
    url = f"/api/gis/planning/dossiers/{dossier.pk}/checks/"
    r = api.post(url, {"footprint": {"type": "Point", "coordinates": [106.65, 10.98]}, **HOUSE}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "bad_geometry" and r.json()["errors"][0]["field"] == "footprint"
    r = api.post(url, {"parcel": "thua-dat-phu-cuong/99-999", **HOUSE}, format="json")
    assert r.status_code == 400 and r.json()["errors"] == [{"field": "parcel", "code": "invalid"}]
    r = api.post(url, {"parcel": "thua-dat-phu-cuong/12-345", "use": "residential"}, format="json")
    assert r.status_code == 400 and {e["field"] for e in r.json()["errors"]} == {"height_m", "floors", "coverage_pct"}


def test_other_units_and_anonymous_callers(api, site, dossier, make_user):
    url = f"/api/gis/planning/dossiers/{dossier.pk}/checks/"
    assert api.post(url, {"parcel": "thua-dat-phu-cuong/12-345", **HOUSE}, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("can-bo-sotn", "DONRE"))
    assert api.get(url).status_code == 404
    api.force_authenticate(make_user("xem-sxd", "DOC", role="viewer"))
    assert api.get(url).json()["may_check"] is False
    r = api.post(url, {"parcel": "thua-dat-phu-cuong/12-345", **HOUSE}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert dossier.planning_checks.count() == 0

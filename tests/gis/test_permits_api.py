"""The register's API and pages: filters, GeoJSON, statistics per ward and former district,
and what an anonymous visitor sees (no personal data) against the Department's staff."""
import re

import pytest

from tests.gis.test_permits_fixtures import *  # noqa: F401,F403 - fixtures
from tests.gis.test_permits_fixtures import local, put_on_parcel


@pytest.fixture
def register(house, parcels, units, make_user):
    """Five permits: two issued in Phú Lợi (one late), one refused in Chánh Hiệp, one under
    appraisal in Đông Hòa (former Dĩ An), one withdrawn; all received in 2026, one in 2025."""
    from smartcity.gis.models import Permit
    from smartcity.onestop.services import lifecycle
    from tests.onestop.factories import make_dossier

    officer = make_user("can-bo-gpxd", "DOC")

    def permit(d, parcel):
        return put_on_parcel(Permit.objects.get(dossier=d), parcel)

    out = {}
    a = make_dossier(house, status="processing", received_at=local(2026, 3, 2, 9, 0), applicant=0)
    lifecycle.result_ready(a, officer, "Giấy phép xây dựng", at=local(2026, 3, 10, 9, 0))
    out["on_time"] = permit(a, parcels["phu_loi"])
    b = make_dossier(house, status="processing", received_at=local(2026, 3, 2, 9, 0), applicant=1)
    lifecycle.result_ready(b, officer, "Giấy phép xây dựng", at=local(2026, 4, 20, 9, 0))
    out["late"] = permit(b, parcels["phu_loi"])
    c = make_dossier(house, status="processing", received_at=local(2026, 5, 4, 9, 0), applicant=2)
    lifecycle.reject(c, officer, "Vị trí không phù hợp quy hoạch.", at=local(2026, 5, 8, 9, 0))
    out["refused"] = permit(c, parcels["chanh_hiep"])
    d = make_dossier(house, status="processing", received_at=local(2026, 6, 1, 9, 0), applicant=3)
    out["open"] = permit(d, parcels["dong_hoa"])
    e = make_dossier(house, status="received", received_at=local(2025, 8, 4, 9, 0), applicant=0)
    lifecycle.withdraw(e, officer, "Xin rút hồ sơ.", at=local(2025, 8, 5, 9, 0))
    out["withdrawn"] = permit(e, parcels["dong_hoa"])
    out["officer"] = officer
    return out


def test_list_filters_by_status_year_ward_and_search(client, register, units):
    url = "/api/gis/permits/"
    body = client.get(url).json()
    assert body["count"] == 5
    issued = client.get(url, {"status": "issued"}).json()
    assert {r["id"] for r in issued["results"]} == {register["on_time"].pk, register["late"].pk}
    assert client.get(url, {"year": "2025"}).json()["count"] == 1
    in_ward = client.get(url, {"ward": units["phu_loi"].pk}).json()
    assert in_ward["count"] == 2
    assert client.get(url, {"district_code": units["di_an"].code}).json()["count"] == 2
    number = register["late"].number
    found = client.get(url, {"q": number}).json()
    assert [r["id"] for r in found["results"]] == [register["late"].pk]
    assert client.get(url, {"district": units["di_an"].pk}).json()["count"] == 2
    assert client.get(url, {"ward": "phu-loi"}).json()["code"] == "bad_unit"
    bad = client.get(url, {"status": "dang-xay"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_status"


def test_geojson_points_and_bbox(client, register):
    resp = client.get("/api/gis/permits/", {"format": "geojson", "bbox": "106.60,10.95,106.72,11.06"})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/geo+json")
    body = resp.json()
    assert body["type"] == "FeatureCollection"
    ids = {f["id"] for f in body["features"]}
    assert ids == {register["on_time"].pk, register["late"].pk, register["refused"].pk}
    f = body["features"][0]
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
    assert 106.60 <= f["geometry"]["coordinates"][0] <= 106.72


def test_anonymous_sees_no_personal_data_staff_see_the_dossier(client, register):
    p = register["refused"]
    anon = client.get(f"/api/gis/permits/{p.pk}/").json()
    for key in ("applicant", "dossier", "note"):
        assert key not in anon
    assert p.dossier.applicant_name not in str(anon)
    page = client.get(f"/gis/giay-phep/{p.pk}/").content.decode()
    assert p.dossier.applicant_name not in page and p.dossier.code not in page
    table = client.get("/gis/giay-phep/").content.decode()
    assert p.dossier.code not in table
    client.force_login(register["officer"])
    staff = client.get(f"/api/gis/permits/{p.pk}/").json()
    assert staff["applicant"] == p.dossier.applicant_name and staff["dossier"] == p.dossier.code and "quy hoạch" in staff["note"]
    page = client.get(f"/gis/giay-phep/{p.pk}/").content.decode()
    assert p.dossier.code in page and f"/gis/quy-hoach/ho-so/{p.dossier_id}/" in page


def test_unpublished_permit_hidden_from_the_public(client, register):
    p = register["open"]
    p.published = False
    p.save()
    assert client.get(f"/api/gis/permits/{p.pk}/").status_code == 404
    assert client.get(f"/gis/giay-phep/{p.pk}/").status_code == 404
    client.force_login(register["officer"])
    assert client.get(f"/api/gis/permits/{p.pk}/").status_code == 200


def test_detail_lists_the_deadlines_with_lateness(client, register):
    late = client.get(f"/api/gis/permits/{register['late'].pk}/").json()
    assert late["timeliness"] == "late"
    decision = next(s for s in late["deadlines"] if s["key"] == "decision")
    assert decision["state"] == "late" and decision["done_at"] > decision["due_at"]
    on_time = client.get(f"/api/gis/permits/{register['on_time'].pk}/").json()
    assert on_time["timeliness"] in ("early", "on_time")


def test_stats_per_ward_and_former_district(client, register, units):
    data = client.get("/api/gis/permits/stats", {"year": "2026"}).json()
    assert data["total"]["received"] == 4 and data["total"]["issued"] == 2 and data["total"]["refused"] == 1
    wards = {r["code"]: r for r in data["wards"]}
    phu_loi = wards[units["phu_loi"].code]
    assert phu_loi["received"] == 2 and phu_loi["issued"] == 2 and phu_loi["on_time_rate"] == 50.0
    assert phu_loi["floor_area_m2"] == pytest.approx(float(register["on_time"].floor_area_m2 + register["late"].floor_area_m2), abs=0.2)
    assert wards[units["dong_hoa"].code]["in_progress"] == 1
    districts = {r["code"]: r for r in data["districts"]}
    assert districts[units["tdm"].code]["received"] == 3 and districts[units["di_an"].code]["received"] == 1
    assert data["total"]["median_days"] is not None
    older = client.get("/api/gis/permits/stats", {"year": "2025"}).json()
    assert older["total"]["received"] == 1 and older["total"]["withdrawn"] == 1
    assert client.get("/api/gis/permits/stats", {"year": "hai"}).status_code == 400
    page = client.get("/gis/giay-phep/thong-ke/", {"year": "2026"}).content.decode()
    assert 'id="ward-chart"' in page and units["phu_loi"].name_vi in page


def test_register_page_export_and_dossier_link(client, register):
    page = client.get("/gis/giay-phep/", {"status": "issued"}).content.decode()
    assert register["late"].number in page and f'data-permit="{register["refused"].pk}"' not in page
    assert 'id="permit-map"' in page and "permit-points" in page
    csv_text = client.get("/gis/giay-phep/", {"export": "csv", "status": "issued"}).content.decode("utf-8-sig")
    lines = [line for line in csv_text.splitlines() if line]
    assert len(lines) == 3 and register["on_time"].number in csv_text
    assert register["on_time"].dossier.applicant_name not in csv_text
    xlsx = client.get("/gis/giay-phep/", {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    client.force_login(register["officer"])
    d = register["on_time"].dossier
    detail = client.get(f"/onestop/ho-so/{d.pk}/").content.decode()
    assert f"/gis/giay-phep/{register['on_time'].pk}/" in detail and f"/gis/quy-hoach/ho-so/{d.pk}/" in detail


def test_command_list_stats_sync(register, capsys):
    from django.core.management import call_command

    call_command("gis", "permits", "stats", "--year", "2026")
    out = capsys.readouterr().out
    assert "received 4" in out and "issued 2" in out
    call_command("gis", "permits", "list", "--status", "refused")
    out = capsys.readouterr().out
    assert "refused" in out and "1 " in out.splitlines()[-1]
    call_command("gis", "permits", "sync")
    assert re.findall(r"\d+", capsys.readouterr().out) == ["5", "5"]   # dossiers, permits

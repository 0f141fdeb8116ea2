"""The planning check page of a permit dossier, in a browser's shoes (Django test client)."""
import pytest

from tests.gis.planning_data import build


@pytest.fixture
def dossier(make_layer, settings, tmp_path):
    from tests.onestop.factories import make_dossier, make_procedures

    settings.MEDIA_ROOT = str(tmp_path / "media")
    build(make_layer)
    return make_dossier(make_procedures()["house"], status="processing")


def test_officer_runs_a_check_and_sees_findings_map_and_evidence(client_as, make_user, dossier):
    client = client_as(make_user("tham-dinh-sxd", "DOC"))
    url = f"/gis/quy-hoach/ho-so/{dossier.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and b'id="planning-form"' in page.content and b'id="no-checks"' in page.content
    r = client.post(url, {"parcel": "thua-dat-phu-cuong/12-345", "use": "residential", "height_m": "24", "floors": "4",
                          "coverage_pct": "70"})
    assert r.status_code == 302
    html = client.get(url).content.decode()
    assert 'data-result="fail"' in html and "Chiều cao 24 m vượt mức tối đa 21 m" in html
    assert "<svg" in html and 'class="evidence"' in html and "Khu ở hiện hữu Phú Cường" in html
    doc = dossier.documents.get()
    assert f"/tai-lieu/{doc.pk}/" in html


def test_bad_footprint_shows_the_error(client_as, make_user, dossier):
    client = client_as(make_user("tham-dinh-sxd", "DOC"))
    r = client.post(f"/gis/quy-hoach/ho-so/{dossier.pk}/", {"footprint": "không phải GeoJSON", "use": "residential",
                                                            "height_m": "12", "floors": "3", "coverage_pct": "60"})
    assert r.status_code == 200 and "The footprint is not GeoJSON." in r.content.decode()
    assert dossier.planning_checks.count() == 0


def test_other_units_are_kept_out_and_viewers_read_only(client_as, client, make_user, dossier):
    url = f"/gis/quy-hoach/ho-so/{dossier.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    assert client_as(make_user("can-bo-sotn", "DONRE")).get(url).status_code == 403
    viewer = client_as(make_user("xem-sxd", "DOC", role="viewer"))
    page = viewer.get(url)
    assert page.status_code == 200 and b'id="read-only"' in page.content and b'id="planning-form"' not in page.content
    assert viewer.post(url, {"parcel": "thua-dat-phu-cuong/12-345", "use": "residential", "height_m": "12", "floors": "3",
                             "coverage_pct": "60"}).status_code == 403

"""The planning check of a one-stop construction permit dossier: findings recorded, the
evidence PDF (finding table and map snapshot) attached to the dossier, permissions."""
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from smartcity.gis.services.planning import (
    PlanningError,
    check_dossier,
    evidence_document,
)
from tests.gis.planning_data import build, poly

HOUSE = {"use": "residential", "height_m": "15", "floors": 4, "coverage_pct": "70"}


@pytest.fixture
def site(make_layer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build(make_layer)


@pytest.fixture
def dossier(site):
    from tests.onestop.factories import make_dossier, make_procedures

    return make_dossier(make_procedures()["house"], status="processing")


@pytest.fixture
def officer(make_user):
    return make_user("tham-dinh-sxd", "DOC")


def pdf_text(check) -> str:
    doc = evidence_document(check)
    with doc.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_pass_on_the_parcel_attaches_the_evidence_pdf(site, dossier, officer):
    check = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    assert check.result == "pass" and check.pk and check.checked_by == officer
    assert [f["fid"] for f in check.findings] == ["PC-01"]
    assert check.findings[0]["decision"] == "2213/QĐ-UBND" and check.findings[0]["version"] == 2
    assert json.loads(check.footprint) == json.loads(site["parcel_ok"].geometry)
    doc = dossier.documents.get()
    assert doc.phase == "working" and doc.content_type == "application/pdf" and doc.size > 1000
    assert doc == check.document == evidence_document(check)
    text = pdf_text(check)
    for expected in ("PHIẾU KIỂM TRA QUY HOẠCH", dossier.code, "Khu ở hiện hữu Phú Cường", "2213/QĐ-UBND", "ĐẠT",
                     "Sơ đồ vị trí", "12-345"):
        assert expected in text
    assert "Thửa đất: thua-dat-phu-cuong/12-345" in text and "Đề nghị: đất ở; cao 15 m; 4 tầng" in text
    reader = PdfReader(doc.file.path)
    drawn = " ".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert "0.1294 g" in drawn and "0.1804 0.4902 0.1961 RG" in drawn  # the snapshot: footprint #212121, passing zone #2e7d32


def test_warn_when_the_drawn_footprint_straddles_two_zones(site, dossier, officer):
    check = check_dossier(dossier, footprint=poly(190, 20, 20, 20), user=officer, **HOUSE)
    assert check.result == "warn" and check.parcel is None
    assert sorted(f["zone"] for f in check.findings) == ["Khu hỗn hợp Chánh Nghĩa", "Khu ở hiện hữu Phú Cường"]
    assert "CẦN LƯU Ý" in pdf_text(check)


def test_fail_on_the_parcel_crossing_the_red_line(site, dossier, officer):
    check = check_dossier(dossier, parcel=site["parcel_road"], user=officer, **HOUSE)
    assert check.result == "fail"
    assert any(f["kind"] == "red_line" and f["fid"] == "DLBD-1" for f in check.findings)
    text = pdf_text(check)
    assert "KHÔNG ĐẠT" in text and "Đại lộ Bình Dương" in text


def test_fail_when_too_tall_and_twice_checked_keeps_both_documents(site, dossier, officer):
    first = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **{**HOUSE, "height_m": 24, "floors": 6})
    assert first.result == "fail"
    failed = {c["rule"] for f in first.findings for c in f["checks"] if c["result"] == "fail"}
    assert failed == {"max_height_m", "max_floors"}
    second = check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    assert dossier.documents.count() == 2 and dossier.planning_checks.count() == 2
    assert evidence_document(first) != evidence_document(second)


def test_only_the_unit_holding_the_dossier_may_check(site, dossier, make_user):
    for user in (make_user("can-bo-sotn", "DONRE"), make_user("xem-sxd", "DOC", role="viewer")):
        with pytest.raises(PermissionDenied):
            check_dossier(dossier, parcel=site["parcel_ok"], user=user, **HOUSE)
    assert dossier.planning_checks.count() == 0 and dossier.documents.count() == 0


def test_bad_input_and_closed_dossiers_are_refused(site, dossier, officer):
    with pytest.raises(PlanningError) as err:
        check_dossier(dossier, user=officer, **HOUSE)
    assert err.value.field == "footprint"
    with pytest.raises(PlanningError) as err:
        check_dossier(dossier, footprint={"type": "Point", "coordinates": [106.65, 10.98]}, user=officer, **HOUSE)
    assert err.value.code == "bad_geometry"
    with pytest.raises(PlanningError) as err:
        check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **{**HOUSE, "use": "casino"})
    assert err.value.field == "use"
    with pytest.raises(PlanningError) as err:
        check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **{**HOUSE, "coverage_pct": "120"})
    assert err.value.field == "coverage_pct"
    dossier.status = "returned"
    dossier.save(update_fields=["status"])
    with pytest.raises(PlanningError) as err:
        check_dossier(dossier, parcel=site["parcel_ok"], user=officer, **HOUSE)
    assert err.value.code == "bad_state"

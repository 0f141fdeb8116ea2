"""Import from CSV and Excel with a report per row (a bad row never touches accepted data),
matching by tax code, possible duplicates by folded name, merge with history and links
moved; links to other modules; permissions with the platform's error shape."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from smartcity.economy import importer, links, merge, taxcode
from smartcity.economy.models import DuplicateCandidate, Enterprise, EnterpriseLink, MergeRecord

pytestmark = pytest.mark.django_db


def _csv(rows):
    return ("\n".join(";".join(r) for r in rows) + "\n").encode("utf-8")


def test_import_report_bad_rows_and_duplicates(register, users):
    minh_phat = register["by_name"]["Công ty TNHH Gỗ Minh Phát"]
    new1, new2 = next(register["codes"]), next(register["codes"])
    data = _csv([
        ["Mã số thuế", "Tên doanh nghiệp", "Địa chỉ", "Ngành chính", "Khu công nghiệp", "Số lao động", "Phường/xã", "Quốc gia nhà đầu tư"],
        [minh_phat.tax_code, "Công ty TNHH Gỗ Minh Phát", "Số 12 đường Yersin, phường Thủ Dầu Một", "31001", "", "350", "Thủ Dầu Một", ""],
        [new1, "Công ty TNHH Bao bì Phước Lộc", "Số 3 đường ĐT 741, phường Bến Cát", "1702", "KCN Mỹ Phước 3", "140", "phường Bến Cát", ""],
        [new1[:9] + str((int(new1[9]) + 1) % 10), "Công ty TNHH Sai Số", "", "1702", "", "", "", ""],
        [new2, "CTY TNHH MTV GỖ MINH PHÁT", "So 12 duong Yersin, phuong Thu Dau Mot", "3100", "", "mười", "", ""],
        [new2, "Công ty TNHH Hoshino Precision Việt Nam", "", "9999", "KCN Không Có", "", "", "JPN"],
    ])
    batch = importer.run_import(data, "doanh-nghiep.csv", users["dpi"], register["dpi"])
    by_row = {r["row"]: r for r in batch.report}
    assert (batch.rows, batch.created, batch.updated, batch.rejected) == (5, 1, 1, 3)
    assert by_row[2]["action"] == "updated"
    minh_phat.refresh_from_db()
    assert minh_phat.employees == 350 and minh_phat.history.count() == 2
    assert by_row[3]["action"] == "created"
    created = Enterprise.objects.get(tax_code=new1)
    assert created.industrial_park.code == "my-phuoc-3" and created.unit.name_vi == "Bến Cát" and created.sector_section == "C"
    assert "bao bi phuoc loc" in created.search_text
    assert [e["code"] for e in by_row[4]["errors"]] == ["check_digit"]
    assert {e["field"] for e in by_row[5]["errors"]} == {"employees"}  # bad number: nothing written, not even the name
    assert {e["field"] for e in by_row[6]["errors"]} == {"main_sector", "industrial_park", "investor_country"}
    assert not Enterprise.objects.filter(tax_code=new2).exists()
    # the same file again with the number fixed: the twin is created and flagged against the first record
    fixed = _csv([["MST", "Tên doanh nghiệp", "Địa chỉ", "Số lao động"],
                  [new2, "CTY TNHH MTV GỖ MINH PHÁT", "Số 12 đường Yersin, phường Thủ Dầu Một", "10"]])
    batch2 = importer.run_import(fixed, "bo-sung.csv", users["dpi"], register["dpi"])
    assert batch2.created == 1 and batch2.duplicates == 1
    cand = DuplicateCandidate.objects.get(batch=batch2)
    assert cand.other_id == minh_phat.pk and cand.reason == "name_address"


def test_import_excel_and_unreadable_file(register, users):
    wb = Workbook()
    ws = wb.active
    ws.append(["Tax code", "Vietnamese name", "Legal form", "Status", "Established", "Foreign-invested"])
    code = next(register["codes"])
    ws.append([int(code), "Công ty Cổ phần Thép Tân Uyên", "Công ty cổ phần", "Đang hoạt động", "15/03/2012", "không"])
    buf = io.BytesIO()
    wb.save(buf)
    batch = importer.run_import(buf.getvalue(), "thep.xlsx", users["dpi"], register["dpi"])
    e = Enterprise.objects.get(tax_code=code)
    assert batch.created == 1 and e.legal_form == "jsc" and e.status == "active" and e.established.year == 2012
    with pytest.raises(importer.ImportFormatError):
        importer.run_import(b"just some words\nand more", "ghi-chu.csv", users["dpi"], register["dpi"])


def test_merge_keeps_history_and_moves_links(register, users, make_asset):
    kept = register["by_name"]["Công ty TNHH Gỗ Minh Phát"]
    twin = Enterprise.objects.create(owner=register["dpi"], tax_code=next(register["codes"]), name_vi="CÔNG TY TNHH GỖ MINH PHÁT",
                                     address="", website="https://gominhphat.com.vn", notes="Hồ sơ cũ của huyện")
    asset = make_asset("kcn-song-than-nt01", "air-station", name="Trạm quan trắc Sóng Thần")
    links.link(twin, asset, "facility", users["dpi"])
    record = merge.merge(kept, twin, users["dpi"])
    kept.refresh_from_db()
    twin.refresh_from_db()
    assert twin.merged_into == kept and not twin.published
    assert kept.website == "https://gominhphat.com.vn" and "Hồ sơ cũ" in kept.notes
    assert EnterpriseLink.objects.get().enterprise == kept and record.moved["links"] == 1
    assert record.snapshot["name_vi"] == "CÔNG TY TNHH GỖ MINH PHÁT"
    assert twin.history.first().merged_into_id == kept.pk and twin.history.count() == 2  # history kept
    assert MergeRecord.objects.filter(kept=kept, merged=twin).exists()
    with pytest.raises(Exception):
        merge.merge(kept, twin, users["dpi"])  # already merged


def test_merge_api_links_api_and_permissions(api, register, users, make_asset):
    kept = register["by_name"]["Công ty TNHH Nhựa Đức Thành"]
    other = Enterprise.objects.create(owner=register["dpi"], tax_code=next(register["codes"]), name_vi="Cty TNHH Nhựa Đức Thành")
    asset = make_asset("nha-may-nhua-duc-thanh", "air-station", name="Ống khói nhà máy nhựa")
    api.force_authenticate(users["dost"])
    r = api.post(f"/api/economy/enterprises/{kept.tax_code}/merge", {"merged": other.tax_code}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["errors"] == []
    r = api.patch(f"/api/economy/enterprises/{kept.tax_code}", {"employees": 1}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/economy/enterprises", {"tax_code": next(register["codes"]), "name_vi": "Công ty TNHH Ngoài Sở"}, format="json")
    assert r.status_code == 403
    assert api.post("/api/economy/links", {"enterprise": kept.tax_code, "target": "hub.asset", "object_id": asset.pk}).status_code == 403
    api.force_authenticate(users["dpi"])
    r = api.post("/api/economy/links", {"enterprise": kept.tax_code, "target": "hub.asset", "object_id": str(asset.pk), "role": "facility"},
                 format="json")
    assert r.status_code == 201 and r.json()["label"]
    bad = api.post("/api/economy/links", {"enterprise": kept.tax_code, "target": "hub.nothing", "object_id": "1"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "target"
    r = api.post(f"/api/economy/enterprises/{kept.tax_code}/merge", {"merged": other.tax_code}, format="json")
    assert r.status_code == 200 and r.json()["merged"] == other.tax_code
    r = api.patch(f"/api/economy/enterprises/{kept.tax_code}", {"employees": 75}, format="json")
    assert r.status_code == 200 and r.json()["employees"] == 75 and r.json()["size_class"] == "small"
    r = api.post("/api/economy/enterprises", {"tax_code": "3700145021", "name_vi": "Công ty sai mã"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "tax_code", "code": "check_digit", "message": r.json()["errors"][0]["message"]}
    good = taxcode.make("370990001") or taxcode.make("370990002")
    r = api.post("/api/economy/enterprises", {"tax_code": good, "name_vi": "Công ty TNHH Cơ khí Tân Hiệp", "main_sector": "2592"}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "DPI" and r.json()["sectors"] == ["2592"]
    api.force_authenticate(users["sco"])  # the Smart City Office coordinates: it edits too
    assert api.patch(f"/api/economy/enterprises/{good}", {"short_name": "TH MECH"}, format="json").status_code == 200
    up = SimpleUploadedFile("ds.csv", _csv([["Mã số thuế", "Tên doanh nghiệp"], ["123", "Sai"]]), content_type="text/csv")
    body = api.post("/api/economy/import", {"file": up}, format="multipart").json()
    assert body["rejected"] == 1 and body["report"][0]["errors"][0]["code"] == "length"
    assert api.get("/api/economy/tax-code", {"code": "3700145020"}).json()["valid"] is True


def test_match_links_station_by_facility_name(register, users, make_asset):
    """A monitoring station run by a facility is linked to the enterprise of that name
    (legal-form words and diacritics aside); matching twice adds nothing."""
    from smartcity.environment.models import Station
    from smartcity.economy.models import LinkMethod

    e = register["by_name"]["Công ty TNHH Daesung Footwear Vina"]
    asset = make_asset("kcn-my-phuoc-3-nt01", "water-station", name="Trạm nước thải Daesung")
    Station.objects.create(asset=asset, owner=asset.owner, code="BD_DAESUNG_NT01", kind="wastewater",
                           facility="CÔNG TY TNHH DAESUNG FOOTWEAR VINA")
    assert links.match() == {"environment.station": 1}
    assert links.match() == {}
    link = EnterpriseLink.objects.get(enterprise=e)
    assert link.method == LinkMethod.NAME and link.role == "facility"
    row = links.describe([link])[0]
    assert row["url"] == "/environment/stations/BD_DAESUNG_NT01/" and row["exists"]


def test_edit_pages_permissions(client_as, register, users):
    e = register["by_name"]["Công ty TNHH Gỗ Minh Phát"]
    c = client_as(users["dost"])
    assert c.get(f"/economy/enterprises/{e.tax_code}/edit/").status_code == 403
    assert c.get("/economy/import/").status_code == 403
    c = client_as(users["dpi"])
    r = c.post(f"/economy/enterprises/{e.tax_code}/edit/", {
        "tax_code": e.tax_code, "name_vi": e.name_vi, "legal_form": "llc2", "status": "active", "address": e.address,
        "employees": "9", "registered_capital_vnd": "2000000000", "main_sector": e.main_sector_id, "sectors": [e.main_sector_id],
        "published": "on", "notes": "Ghi chú mới"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.employees == 9 and e.size_class == "micro" and e.notes == "Ghi chú mới"
    r = c.post("/economy/enterprises/new/", {"tax_code": "3700145021", "name_vi": "Sai mã", "legal_form": "llc1", "status": "active"})
    assert r.status_code == 200 and "chữ số kiểm tra" in r.content.decode()


def test_match_links_dossier_by_tax_code(register):
    """A one-stop dossier filed by an organisation holds its tax code (encrypted at rest):
    matching links it to the enterprise, and a branch code finds its head office."""
    from tests.onestop.factories import make_dossier, make_procedures

    e = register["by_name"]["Công ty TNHH Katsura Electronics Việt Nam"]
    version = make_procedures()["business"]
    filed = make_dossier(version, applicant=1)
    filed.applicant_kind, filed.applicant_id_number = "organisation", f"{e.tax_code}-002"
    filed.save()
    citizen = make_dossier(version, applicant=2)  # a person: never matched
    assert links.match() == {"onestop.dossier": 1}
    link = EnterpriseLink.objects.get(enterprise=e)
    assert (link.object_id, link.role, link.method) == (str(filed.pk), "applicant", "tax_code")
    assert not EnterpriseLink.objects.filter(object_id=str(citizen.pk)).exists()
    assert links.describe([link])[0]["url"] == f"/onestop/ho-so/{filed.pk}/"

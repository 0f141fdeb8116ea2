"""Inventory API: public reads, writes by the owner's editors only (the error shape), each
luminaire and cabinet a hub asset; Excel/CSV import row by row with reasons, re-import
updates by code, export and re-import round trip."""
import io

import pytest
from openpyxl import Workbook

from smartcity.hub.models import Asset
from smartcity.lighting.models import Cabinet, Luminaire

pytestmark = pytest.mark.django_db


def test_reads_are_public_and_writes_follow_the_owner_rule(api, make_user, lighting):
    r = api.get("/api/lighting/luminaires/?group=T-LL&technology=led")
    assert r.status_code == 200 and [x["code"] for x in r.json()["results"]] == ["T-DEN-0", "T-DEN-1"]
    body = api.get("/api/lighting/luminaires/T-DEN-0/").json()
    assert body["asset"] == "sl-t-den-0" and body["replaced_power_w"] == 170 and body["latitude"] == pytest.approx(11.053)
    payload = {"code": "T-DEN-9", "technology": "led", "rated_power_w": 100, "pole": "T-CD-0", "group": "T-LL",
               "replaced_technology": "hps", "replaced_power_w": 170, "controller_id": "t-new-9"}
    assert api.post("/api/lighting/luminaires/", payload, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    r = api.patch("/api/lighting/luminaires/T-DEN-0/", {"rated_power_w": 90}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/lighting/luminaires/", {**payload, "owner": "BECAMEX"}, format="json")
    assert r.status_code == 403
    api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
    r = api.post("/api/lighting/luminaires/", payload, format="json")
    assert r.status_code == 201, r.json()
    asset = Asset.objects.get(slug="sl-t-den-9")
    assert asset.asset_type_id == "streetlight" and asset.owner.code == "BECAMEX" and asset.latitude == pytest.approx(11.053)
    assert {"power", "energy", "dimming_level", "operating_hours", "lamp_state"} <= set(asset.datastreams.values_list("quantity_id", flat=True))
    r = api.post("/api/lighting/luminaires/", {**payload, "code": "T-DEN-10", "controller_id": "t-new-9"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "duplicate_controller"
    r = api.post("/api/lighting/cabinets/", {"code": "T-TD-X", "name": "Tủ ngoài biển", "latitude": 1.0, "longitude": 1.0}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_coordinates"
    r = api.post("/api/lighting/cabinets/", {"code": "T-TD-02", "name": "Lê Lợi – tủ 2", "latitude": 11.055, "longitude": 106.672}, format="json")
    assert r.status_code == 201
    cab = Cabinet.objects.get(code="T-TD-02")
    assert cab.asset.asset_type_id == "lighting-cabinet" and cab.asset.datastreams.filter(quantity_id="current_l3").exists()


CSV = """code,owner,pole,lat,lon,street,group,cabinet,circuit,phase,technology,rated_power_w,replaced_technology,replaced_power_w,controller_id
N-1,BECAMEX,N-CD-1,11.0560,106.6700,Đại lộ Hùng Vương,T-LL,T-TD-01,L2,L2,LED,150,sodium,280,n-ctl-1
N-2,BECAMEX,N-CD-2,11.0563,106.6704,Đại lộ Hùng Vương,T-LL,T-TD-01,L2,L2,plasma,150,,,n-ctl-2
N-3,BECAMEX,N-CD-3,48.85,2.35,Đại lộ Hùng Vương,,,,,led,150,,,n-ctl-3
N-4,NOBODY,N-CD-4,11.0566,106.6708,Đại lộ Hùng Vương,,,,,led,abc,,,n-ctl-4
N-5,BECAMEX,N-CD-5,11.0569,106.6712,Đại lộ Hùng Vương,,T-TD-99,L1,L1,hps,250,,,
"""


def test_csv_import_keeps_good_rows_reports_bad_ones_and_reimport_updates(api, make_user, lighting):
    api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
    r = api.post("/api/lighting/import?name=den.csv", CSV.encode(), content_type="text/csv")
    assert r.status_code == 207, r.json()
    body = r.json()
    assert body["created"] == 1 and body["rejected"] == 4
    reasons = {(e["code"], e["reason"]) for e in body["errors"]}
    assert reasons == {("N-2", "unknown_technology"), ("N-3", "bad_coordinates"), ("N-4", "unknown_owner"), ("N-4", "not_numeric"),
                       ("N-5", "unknown_cabinet")}
    lum = Luminaire.objects.select_related("circuit", "asset").get(code="N-1")
    assert lum.technology == "led" and lum.replaced_technology == "hps" and lum.circuit.code == "L2" and lum.asset.slug == "sl-n-1"
    again = CSV.replace("LED,150,sodium,280", "LED,120,sodium,280")
    body = api.post("/api/lighting/import?name=den.csv", again.encode(), content_type="text/csv").json()
    assert body["created"] == 0 and body["updated"] == 1
    assert Luminaire.objects.get(code="N-1").rated_power_w == 120
    # a DOT editor may not import rows owned by Becamex
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    r = api.post("/api/lighting/import?name=den.csv", CSV.splitlines()[0].encode() + b"\n" + CSV.splitlines()[1].encode(),
                 content_type="text/csv")
    assert r.status_code == 422 and r.json()["code"] == "all_rows_rejected" and r.json()["errors"][0]["code"] == "forbidden"


def test_excel_import_then_export_round_trip(api, make_user, lighting):
    wb = Workbook()
    ws = wb.active
    ws.title = "cabinets"
    ws.append(["code", "owner", "name", "lat", "lon", "address", "phases", "rated_kva", "meter_number"])
    ws.append(["X-TD-1", "BECAMEX", "Võ Văn Kiệt – tủ 1", 11.0552, 106.6716, "Đường Võ Văn Kiệt, phường Hòa Phú", 3, 15, "PC123"])
    ws.append(["X-TD-2", "BECAMEX", "", 11.0552, 106.6716, "", 2, None, ""])
    ws2 = wb.create_sheet("luminaires")
    ws2.append(["code", "owner", "pole", "lat", "lon", "street", "group", "group_name", "cabinet", "circuit", "phase", "technology",
                "rated_power_w", "replaced_technology", "replaced_power_w", "installed_on"])
    ws2.append(["X-1", "BECAMEX", "X-CD-1", 11.0551, 106.6714, "Đường Võ Văn Kiệt", "X-VVK", "Đường Võ Văn Kiệt", "X-TD-1", "L3", "L3",
                "led", 120, "hps", 280, "15/03/2022"])
    buf = io.BytesIO()
    wb.save(buf)
    api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
    r = api.post("/api/lighting/import", {"file": _upload(buf.getvalue(), "kiem-ke.xlsx")}, format="multipart")
    assert r.status_code == 207, r.json()
    body = r.json()
    assert body["created"] == 2 and {(e["sheet"], e["line"], e["reason"]) for e in body["errors"]} == {
        ("cabinets", 3, "required"), ("cabinets", 3, "bad_phases")}
    lum = Luminaire.objects.select_related("group", "circuit__cabinet").get(code="X-1")
    assert lum.group.name == "Đường Võ Văn Kiệt" and lum.circuit.cabinet.code == "X-TD-1" and lum.installed_on.isoformat() == "2022-03-15"
    assert Cabinet.objects.get(code="X-TD-1").asset.asset_type_id == "lighting-cabinet"
    exported = api.get("/api/lighting/export.xlsx")
    assert exported.status_code == 200
    body = api.post("/api/lighting/import", {"file": _upload(exported.content, "xuat.xlsx")}, format="multipart").json()
    assert body["created"] == 0 and body["updated"] == 0 and body["unchanged"] == Luminaire.objects.count() + Cabinet.objects.count() - 1
    assert body["errors"] and {e["reason"] for e in body["errors"]} == {"forbidden"}  # the DOT luminaire, not Becamex's to change


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")

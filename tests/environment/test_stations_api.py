"""Station API: public reads of published stations, filter by kind, writes by the owner
organisation's editors only, CSV import with the permission rule, the error shape."""
from smartcity.environment.models import Station


def test_public_list_detail_and_kind_filter(api, make_station):
    make_station("BD_TTQT_KK01", "air", name="Trạm quan trắc không khí tự động Dĩ An", lat=10.9058, lon=106.7688,
                 contact_emails="ai@donre.gov.vn")
    make_station("BD_KCNVSIP_NT01", "wastewater", name="Trạm nước thải KCN VSIP I", industrial_park="KCN VSIP I")
    hidden = make_station("BD_TTQT_NM08", "surface-water", name="Trạm chưa công bố")
    hidden.published = False
    hidden.save()
    r = api.get("/api/env/stations/")
    assert r.status_code == 200
    codes = [s["code"] for s in r.json()["results"]]
    assert codes == ["BD_KCNVSIP_NT01", "BD_TTQT_KK01"]
    r = api.get("/api/env/stations/?kind=air")
    assert [s["code"] for s in r.json()["results"]] == ["BD_TTQT_KK01"]
    body = api.get("/api/env/stations/BD_TTQT_KK01/").json()
    assert body["name"] == "Trạm quan trắc không khí tự động Dĩ An" and body["kind"] == "air" and body["owner"] == "DONRE"
    assert body["contact_emails"] is None  # personal data only for those who may change the station
    assert {"pm25", "pm10", "no2"} <= {d["quantity"] for d in body["datastreams"]}
    assert api.get("/api/env/stations/BD_TTQT_NM08/").status_code == 404
    r = api.get("/api/env/stations/?kind=weather")
    assert r.status_code == 400 and r.json()["code"] == "validation_error" and r.json()["errors"][0]["code"] == "unknown_kind"


def test_create_and_update_by_owner_editors_only(api, make_user, make_station):
    donre = make_user("donre.minh", "DONRE", "editor")
    dot = make_user("dot.nam", "DOT", "editor")
    payload = {"code": "BD_TTQT_NDD01", "name": "Giếng quan trắc nước dưới đất Sóng Thần 1", "kind": "groundwater",
               "latitude": 10.8912, "longitude": 106.7502, "owner": "DONRE", "contact_emails": ["ndd@donre.gov.vn"]}
    assert api.post("/api/env/stations/", payload, format="json").status_code in (401, 403)
    api.force_authenticate(dot)
    r = api.post("/api/env/stations/", payload, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(donre)
    r = api.post("/api/env/stations/", payload, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["contact_emails"] == ["ndd@donre.gov.vn"]
    st = Station.objects.get(code="BD_TTQT_NDD01")
    assert st.asset.asset_type_id == "groundwater-station"
    assert {"water_level", "salinity", "water_temperature"} <= set(st.asset.datastreams.values_list("quantity_id", flat=True))
    r = api.patch("/api/env/stations/BD_TTQT_NDD01/", {"short_name": "Sóng Thần 1", "latitude": 10.8915}, format="json")
    assert r.status_code == 200, r.json()
    st.refresh_from_db()
    st.asset.refresh_from_db()
    assert st.short_name == "Sóng Thần 1" and st.asset.latitude == 10.8915 and st.asset.name.startswith("Giếng")
    assert st.history.count() >= 2
    r = api.patch("/api/env/stations/BD_TTQT_NDD01/", {"kind": "air"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "kind_change"
    r = api.patch("/api/env/stations/BD_TTQT_NDD01/", {"latitude": 48.85}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_coordinates"
    api.force_authenticate(dot)
    r = api.patch("/api/env/stations/BD_TTQT_NDD01/", {"short_name": "DOT"}, format="json")
    assert r.status_code == 403
    assert api.delete("/api/env/stations/BD_TTQT_NDD01/").status_code == 405


def test_attach_existing_hub_asset(api, make_user, make_asset):
    make_asset("kk-di-an", "air-station", name="Trạm quan trắc không khí tự động Dĩ An")
    api.force_authenticate(make_user("donre.minh", "DONRE", "editor"))
    r = api.post("/api/env/stations/", {"code": "BD_TTQT_KK02", "name": "Trạm quan trắc không khí tự động Dĩ An", "kind": "air",
                                        "latitude": 10.9058, "longitude": 106.7688, "asset": "kk-di-an"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["asset"] == "kk-di-an" and Station.objects.get(code="BD_TTQT_KK02").asset.slug == "kk-di-an"


def test_import_endpoint(api, make_user, make_station):
    csv_text = "code,name,kind,lat,lon,owner\nBD_TTQT_KK03,Trạm quan trắc không khí tự động Thuận An,air,10.9046,106.7021,DONRE\n"
    api.force_authenticate(make_user("dot.nam", "DOT", "editor"))
    r = api.post("/api/env/stations/import/", csv_text, content_type="text/csv")
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "forbidden_owner" and r.json()["errors"][0]["line"] == 2
    api.force_authenticate(make_user("donre.minh", "DONRE", "editor"))
    r = api.post("/api/env/stations/import/?dry_run=1", csv_text, content_type="text/csv")
    assert r.status_code == 200 and r.json()["created"] == 1 and not Station.objects.exists()
    r = api.post("/api/env/stations/import/", csv_text, content_type="text/csv")
    assert r.status_code == 200 and r.json()["applied"] is True
    r = api.post("/api/env/stations/import/", csv_text.replace("10.9046", "91"), content_type="text/csv")
    assert r.status_code == 400 and r.json()["code"] == "rejected_rows" and r.json()["errors"][0]["code"] == "bad_coordinates"

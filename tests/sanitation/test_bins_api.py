"""Bins through the API: an editor of the owner organisation adds a bin at a new place (its
hub asset and sensor datastreams are made) or on an existing waste-bin asset, changes and
removes it; other organisations and bad input get the error shape with a reason."""
import pytest


@pytest.mark.django_db
def test_bins_are_created_changed_and_deleted_by_their_owner(api, make_user, make_asset):
    from smartcity.hub.models import Asset, Datastream
    from smartcity.sanitation.models import Bin

    editor = make_user("donre.thu", "DONRE", "editor")
    api.force_authenticate(editor)
    new = {"code": "CHO-PHU-CUONG-01", "name": "Thùng rác thông minh Chợ Phú Cường", "latitude": 10.9801, "longitude": 106.6526,
           "address": "Đường Nguyễn Thái Học, phường Thủ Dầu Một", "capacity_l": 660, "waste_kind": "general", "zone": "Chợ"}
    r = api.post("/api/sanitation/bins/", new, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["owner"] == "DONRE" and body["asset"] == "bin-cho-phu-cuong-01" and body["level_pct"] is None
    asset = Asset.objects.get(slug="bin-cho-phu-cuong-01")
    assert asset.asset_type_id == "waste-bin" and asset.owner.code == "DONRE" and asset.latitude == 10.9801
    assert {"fill_level", "lid_open", "tilt", "temperature"} <= set(Datastream.objects.filter(asset=asset).values_list("quantity_id", flat=True))
    # an existing waste-bin asset of the same owner becomes a bin
    make_asset("tr-cong-vien-tdm", "waste-bin", lat=10.9775, lon=106.6566, name="Thùng rác Công viên Thủ Dầu Một")
    r = api.post("/api/sanitation/bins/", {"code": "CV-TDM-01", "asset": "tr-cong-vien-tdm", "capacity_l": 240}, format="json")
    assert r.status_code == 201 and r.json()["name"] == "Thùng rác Công viên Thủ Dầu Một"
    r = api.post("/api/sanitation/bins/", {"code": "CV-TDM-02", "asset": "tr-cong-vien-tdm"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "asset", "code": "unique", "message": "hub asset 'tr-cong-vien-tdm' already is a bin"}
    # neither an asset nor a place: the missing fields are named
    r = api.post("/api/sanitation/bins/", {"code": "KHONG-VI-TRI"}, format="json")
    assert r.status_code == 400 and {e["field"] for e in r.json()["errors"]} == {"name", "latitude", "longitude"}
    r = api.post("/api/sanitation/bins/", {**new, "code": "X2", "latitude": 123}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "latitude"
    # change the threshold and the place; the asset follows, history keeps both
    r = api.patch("/api/sanitation/bins/CHO-PHU-CUONG-01/", {"threshold_pct": 70, "latitude": 10.9803}, format="json")
    assert r.status_code == 200 and r.json()["threshold_pct"] == 70 and r.json()["latitude"] == 10.9803
    assert Bin.objects.get(code="CHO-PHU-CUONG-01").history.count() == 2 and Asset.objects.get(slug="bin-cho-phu-cuong-01").latitude == 10.9803
    r = api.patch("/api/sanitation/bins/CHO-PHU-CUONG-01/", {"threshold_pct": 5}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "out_of_range"
    # another organisation can read the published bin but not change it, nor add bins for DONRE
    api.force_authenticate(make_user("dot.binh", "DOT", "editor"))
    assert api.get("/api/sanitation/bins/CHO-PHU-CUONG-01/").status_code == 200
    r = api.patch("/api/sanitation/bins/CHO-PHU-CUONG-01/", {"threshold_pct": 90}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/sanitation/bins/", {**new, "code": "DOT-01", "owner": "DONRE"}, format="json")
    assert r.status_code == 403
    api.force_authenticate(None)
    assert api.post("/api/sanitation/bins/", {**new, "code": "ANON"}, format="json").status_code in (401, 403)
    api.force_authenticate(editor)
    assert api.delete("/api/sanitation/bins/CV-TDM-01/").status_code == 204
    assert not Bin.objects.filter(code="CV-TDM-01").exists() and Asset.objects.filter(slug="tr-cong-vien-tdm").exists()

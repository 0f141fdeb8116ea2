"""The wall's map layers: valid GeoJSON drawn from the modules' real rows, one per domain."""
import pytest

from smartcity.opscentre.layers import LAYERS

URL = "/opscentre/api/layers/{}.geojson"


@pytest.mark.django_db
def test_every_layer_is_geojson_from_real_rows(client_as, gov_user, city):
    client = client_as(gov_user)
    got = {}
    for name in LAYERS:
        r = client.get(URL.format(name))
        assert r.status_code == 200, name
        assert r["Content-Type"].startswith("application/geo+json") and "no-cache" in r["Cache-Control"]
        fc = r.json()
        assert fc["type"] == "FeatureCollection" and fc["name"] == name
        for f in fc["features"]:
            assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
            lon, lat = f["geometry"]["coordinates"]
            assert 10 < lat < 12 and 106 < lon < 108  # GeoJSON order: longitude first
            assert {"id", "name", "colour", "status", "status_label", "detail", "url"} <= set(f["properties"])
            assert f["properties"]["colour"].startswith("#")
        got[name] = {f["id"]: f["properties"] for f in fc["features"]}

    assert got["wifi"]["wifi-cho-thu-dau-mot"]["status"] == "up"
    assert got["wifi"]["wifi-cho-thu-dau-mot"]["detail"] == "23/50"
    bin_ = got["bins"]["PC-01"]
    assert (bin_["status"], bin_["value"], bin_["colour"]) == ("full", 92.0, "#d0342c")
    assert got["reservoirs"]["ho-dieu-hoa-di-an"]["status"] == "overflow"
    assert got["toilets"]["nha-ve-sinh-cong-vien-thanh-pho"]["status"] in ("available", "full", "closed", "out_of_order")
    # only the lamp reporting a fault, not the one that is on
    assert list(got["lights"]) == ["DL-743-0001"] and got["lights"]["DL-743-0001"]["status"] == "fault"
    # only open reports; the resolved one is not on the wall
    assert list(got["reports"]) == ["PA-2026-000123"] and got["reports"]["PA-2026-000123"]["status"] == "received"
    # an air station without a current index is drawn grey, not hidden
    assert got["air"]["BD_KK_PHUCUONG"]["status"] == "nodata" and got["air"]["BD_KK_PHUCUONG"]["colour"] == "#8a96a3"
    assert got["buses"] == {}  # no bus reported a position


@pytest.mark.django_db
def test_unknown_layer(client_as, gov_user):
    assert client_as(gov_user).get(URL.format("tau-ngam")).status_code == 404


@pytest.mark.django_db
def test_unpublished_rows_of_another_organisation_stay_hidden(client_as, gov_user, make_user, make_asset):
    from smartcity.core.models import Organisation
    from smartcity.wifi.models import Hotspot

    dic = Organisation.objects.get(code="DIC")
    a = make_asset("wifi-thu-nghiem-so-tttt", "wifi-hotspot", owner="DIC", name="Wi-Fi thử nghiệm Sở TT&TT", published=False)
    Hotspot.objects.create(asset=a, owner=dic, published=False, operator="Viettel Bình Dương")
    assert client_as(gov_user).get(URL.format("wifi")).json()["features"] == []
    dic_user = make_user("dang.thi.giang", "DIC", role="viewer")
    assert [f["id"] for f in client_as(dic_user).get(URL.format("wifi")).json()["features"]] == ["wifi-thu-nghiem-so-tttt"]

"""The viewer's overlays from the other modules (/gis/ban-do/lop-phu/<key>.geojson) and the
viewer page's configuration: layers grouped by kind, unreadable layers absent."""
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _overlay(client, key):
    response = client.get(reverse("gis-map-overlay", args=[key]))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_hub_assets_and_environment_stations(client, make_asset):
    from smartcity.core.models import Organisation
    from smartcity.environment.models import Station

    air = make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.9805, lon=106.6520)
    make_asset("den-duong-phu-cuong", type_code=air.asset_type_id, name="Nút đo Phú Cường", lat=10.9790, lon=106.6540)
    make_asset("kk-noi-bo", name="Trạm nội bộ", lat=10.99, lon=106.66, published=False)
    Station.objects.create(asset=air, code="BD_TDM_KK01", kind="air", owner=Organisation.objects.get(code="DONRE"))
    stations = _overlay(client, "tram-moi-truong")
    assert [f["id"] for f in stations["features"]] == ["BD_TDM_KK01"]
    props = stations["features"][0]["properties"]
    assert props["name"] == "Trạm quan trắc không khí Thủ Dầu Một" and props["url"].endswith("/BD_TDM_KK01/")
    assert stations["features"][0]["geometry"] == {"type": "Point", "coordinates": [106.6520, 10.9805]}
    assets = {f["id"] for f in _overlay(client, "tai-san-do-thi")["features"]}
    assert {"kk-thu-dau-mot", "den-duong-phu-cuong"} <= assets and "kk-noi-bo" not in assets


def test_transport_projects(client, reference):
    from smartcity.mobility.models import TransportProject
    from smartcity.mobility.services.projects import seed_projects

    seed_projects()
    body = _overlay(client, "du-an-giao-thong")
    with_geometry = TransportProject.objects.filter(published=True).exclude(geometry={}).count()
    assert len(body["features"]) == with_geometry > 0
    assert all(f["geometry"]["type"] in ("LineString", "MultiLineString", "Point", "Polygon") for f in body["features"])
    assert all(f["properties"]["name_vi"] for f in body["features"])


def test_bus_overlays_answer_without_feeds(client, reference):
    for key in ("tuyen-xe-buyt", "tram-xe-buyt", "xe-buyt"):
        body = _overlay(client, key)
        assert body["overlay"] == key and body["features"] == []
    assert client.get(reverse("gis-map-overlay", args=["khong-co"])).status_code == 404


def test_viewer_page_groups_readable_layers_by_kind(client, make_layer):
    make_layer("ranh-gioi-mau", kind="boundary", published=True, style={"color": "#34495e"})
    make_layer("thua-dat-mau-2", kind="parcel", published=True, style={"minzoom": 15})
    make_layer("thua-dat-noi-bo", kind="parcel", published=False)
    response = client.get(reverse("gis-map"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="gis-map-config"')
    config = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
    kinds = {g["kind"]: [layer["key"] for layer in g["layers"]] for g in config["groups"]}
    assert kinds["boundary"] == ["ranh-gioi-mau"] and kinds["parcel"] == ["thua-dat-mau-2"]
    assert "thua-dat-noi-bo" not in html
    assert set(kinds["overlay"]) == {"tram-moi-truong", "tai-san-do-thi", "tuyen-xe-buyt", "tram-xe-buyt", "xe-buyt", "du-an-giao-thong"}
    parcel = next(layer for g in config["groups"] for layer in g["layers"] if layer["key"] == "thua-dat-mau-2")
    assert parcel["tiles"].endswith("/thua-dat-mau-2/{z}/{x}/{y}.geojson") and parcel["style"]["minzoom"] == 15
    assert config["urls"]["search"] == reverse("api-gis-search")

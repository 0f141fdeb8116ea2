"""GET /gis/tiles/<key>/<z>/<x>/<y>.geojson: the features of the tile, generalised, hidden
below minzoom, capped, 404 for a layer the user may not read, ETag/304 and Cache-Control."""
import json

import pytest
from django.urls import reverse

from smartcity.gis import tiles

pytestmark = pytest.mark.django_db

LON, LAT = 106.6519, 10.9804  # Thủ Dầu Một


def _url(key, z, x, y):
    return reverse("gis-tile", args=[key, z, x, y])


def _parcel(x0, y0, side=0.0002):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]]}


@pytest.fixture
def parcels(make_layer, add_feature):
    layer = make_layer("thua-dat-phu-loi", title_vi="Thửa đất phường Phú Lợi", style={"color": "#c0392b", "minzoom": 15})
    z = 16
    x, y = tiles.lonlat_to_tile(LON, LAT, z)
    w, s, e, n = tiles.tile_bounds(z, x, y)
    step = (e - w) / 6
    for i in range(4):
        for j in range(4):
            add_feature(layer, f"PL-{i}-{j}", _parcel(w + step * (i + 0.5), s + step * (j + 0.5), step / 2), so_thua=i * 4 + j + 1)
    add_feature(layer, "PL-xa", _parcel(e + 0.01, n + 0.01))  # far from the tile
    # a road crossing the tile's east edge
    add_feature(layer, "DUONG-DT743", {"type": "LineString", "coordinates": [[w + step, s + step], [e + 3 * step, s + 2 * step]]})
    from smartcity.gis.services.importer import refresh_layer

    refresh_layer(layer)
    return layer, (z, x, y)


def test_tile_holds_the_features_of_its_box_generalised(client, parcels):
    layer, (z, x, y) = parcels
    r = client.get(_url(layer.key, z, x, y))
    assert r.status_code == 200 and r["Content-Type"] == "application/geo+json"
    body = json.loads(r.content)
    assert body["type"] == "FeatureCollection" and body["layer"] == layer.key and body["zoom"] == z
    assert body["hidden"] is False and body["truncated"] is False
    ids = {f["id"] for f in body["features"]}
    assert ids == {f"PL-{i}-{j}" for i in range(4) for j in range(4)} | {"DUONG-DT743"}
    one = next(f for f in body["features"] if f["id"] == "PL-1-2")
    assert one["properties"] == {"so_thua": 7} and one["geometry"]["type"] == "Polygon"
    places = tiles.precision(z, abs(tiles.tile_bounds(z, x, y)[3]))
    assert all(round(c, places) == c for pt in one["geometry"]["coordinates"][0] for c in pt)
    # the road also belongs to the eastern neighbour, the parcels do not
    east = json.loads(client.get(_url(layer.key, z, x + 1, y)).content)
    assert {f["id"] for f in east["features"]} == {"DUONG-DT743"}


def test_below_minzoom_the_tile_is_hidden_and_empty(client, parcels):
    layer, (z, x, y) = parcels
    body = json.loads(client.get(_url(layer.key, 14, x // 4, y // 4)).content)
    assert body["hidden"] is True and body["features"] == [] and body["zoom"] == 14
    assert json.loads(client.get(_url(layer.key, 15, x // 2, y // 2)).content)["hidden"] is False


def test_feature_cap_marks_the_tile_truncated(client, parcels, monkeypatch):
    from smartcity.gis import views_tiles

    layer, (z, x, y) = parcels
    monkeypatch.setattr(views_tiles, "MAX_FEATURES", 5)
    body = json.loads(client.get(_url(layer.key, z, x, y)).content)
    assert body["truncated"] is True and len(body["features"]) == 5


def test_etag_gives_304_and_moves_with_the_layer(client, parcels, add_feature):
    layer, (z, x, y) = parcels
    url = _url(layer.key, z, x, y)
    first = client.get(url)
    tag = first["ETag"]
    assert first["Cache-Control"].startswith("public") and "max-age=" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again["ETag"] == tag and again.content == b""
    assert client.get(_url(layer.key, z, x + 1, y))["ETag"] != tag
    w, s, e, n = tiles.tile_bounds(z, x, y)
    add_feature(layer, "PL-moi", _parcel(w + (e - w) * 0.9, s + (n - s) * 0.05, (e - w) / 20))
    from smartcity.gis.services.importer import refresh_layer

    refresh_layer(layer)
    fresh = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert fresh.status_code == 200 and fresh["ETag"] != tag
    assert "PL-moi" in {f["id"] for f in json.loads(fresh.content)["features"]}


def test_unpublished_layer_is_404_to_others_and_private_to_its_owner(client, parcels, make_user, client_as):
    layer, (z, x, y) = parcels
    layer.published = False
    layer.save()
    url = _url(layer.key, z, x, y)
    r = client.get(url)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert client_as(make_user("can-bo-so-tnmt", "DONRE")).get(url).status_code == 404
    mine = client_as(make_user("can-bo-so-xd", "DOC")).get(url)
    assert mine.status_code == 200 and mine["Cache-Control"].startswith("private")
    assert len(json.loads(mine.content)["features"]) == 17
    assert client.get(_url("khong-co-lop-nay", z, x, y)).status_code == 404


@pytest.mark.parametrize("z,x,y", [(25, 0, 0), (3, 8, 0), (3, 0, 9), (0, 1, 0)])
def test_tiles_off_the_grid_are_400(client, parcels, z, x, y):
    layer, _ = parcels
    r = client.get(_url(layer.key, z, x, y))
    assert r.status_code == 400 and r.json()["code"] == "invalid_tile" and r.json()["status"] == 400


def test_writes_are_not_allowed(client, parcels):
    layer, (z, x, y) = parcels
    assert client.post(_url(layer.key, z, x, y)).status_code == 405

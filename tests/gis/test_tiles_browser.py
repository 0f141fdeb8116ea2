"""L.gisTiles in a real Chromium on a layer of a few hundred parcels and three roads: each
feature is drawn once however many tiles hold it, features of unloaded tiles go away when
the map pans, and zooms below the layer's minzoom draw nothing.

The page is the test's own (served by a Playwright route on the live server's origin, so
the tile requests are same-origin): Leaflet from xstatic and static/gis/tiles.js."""
import pytest
from django.templatetags.static import static
from shapely.geometry import box, shape
from shapely.ops import unary_union

from smartcity.gis import tiles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LON, LAT = 106.6519, 10.9804  # Thủ Dầu Một, around the Bình Dương provincial hall
STEP = 0.0006                 # ~65 m between parcels


def _page_html(url_template):
    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{static('leaflet/leaflet.css')}">
<style>html,body,#map{{margin:0;height:100%}}</style></head><body><div id="map"></div>
<script src="{static('leaflet/leaflet.js')}"></script><script src="{static('gis/tiles.js')}"></script>
<script>
  var map = L.map("map", {{zoomAnimation: false, fadeAnimation: false}}).setView([{LAT}, {LON}], 17);
  window.loads = 0;
  window.gis = L.gisTiles("{url_template}", {{
    style: function (f) {{ return {{color: f.geometry.type === "LineString" ? "#2c3e50" : "#c0392b", weight: 2, fillOpacity: 0.3}}; }}
  }}).on("load", function () {{ window.loads++; }}).addTo(map);
  window.drawn = function () {{
    var ids = []; gis.getFeatureGroup().eachLayer(function (l) {{ ids.push(l.feature.id); }});
    var b = map.getBounds();
    return {{ids: ids, tiles: Object.keys(gis._tiles), paths: document.querySelectorAll(".leaflet-overlay-pane path").length, hidden: gis.isHidden(),
             zoom: map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]}};
  }};
</script></body></html>"""


@pytest.fixture
def ward_parcels(make_layer, add_feature):
    from smartcity.gis.services.importer import refresh_layer

    layer = make_layer("thua-dat-phu-cuong", title_vi="Thửa đất phường Phú Cường", style={"color": "#c0392b", "minzoom": 16})
    geoms = {}
    for i in range(20):
        for j in range(20):
            x0, y0 = LON - 10 * STEP + i * STEP, LAT - 10 * STEP + j * STEP
            g = {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + STEP * 0.7, y0], [x0 + STEP * 0.7, y0 + STEP * 0.6],
                                                     [x0, y0 + STEP * 0.6], [x0, y0]]]}
            fid = f"PC-{i:02d}-{j:02d}"
            add_feature(layer, fid, g, so_thua=i * 20 + j + 1, loai_dat="ODT")
            geoms[fid] = g
    roads = {"DUONG-YERSIN": [[LON - 0.007, LAT + 0.00015], [LON + 0.007, LAT + 0.00015]],
             "DUONG-CMT8": [[LON + 0.00015, LAT - 0.007], [LON + 0.00015, LAT + 0.007]],
             "DUONG-BACH-DANG": [[LON - 0.006, LAT - 0.006], [LON + 0.006, LAT + 0.006]]}
    for fid, coords in roads.items():
        g = {"type": "LineString", "coordinates": coords}
        add_feature(layer, fid, g, ten_duong=fid)
        geoms[fid] = g
    refresh_layer(layer)
    return layer, geoms


def _settle(page, before):
    page.wait_for_function(f"window.loads > {before}")
    page.wait_for_timeout(150)
    return page.evaluate("drawn()")


def _check_once_and_covering(state, geoms):
    ids = state["ids"]
    assert len(ids) == len(set(ids)), "a feature drawn twice"
    assert state["paths"] == len(ids)  # one SVG path per feature, nothing left behind
    view = box(*state["bounds"])
    visible = {fid for fid, g in geoms.items() if shape(g).intersects(view)}
    assert visible and visible <= set(ids)
    # and nothing that no loaded tile holds (tiles.buffered_bounds: the tile grown 4 px)
    loaded = unary_union([box(*tiles.buffered_bounds(int(z), int(x), int(y))) for x, y, z in (k.split(":") for k in state["tiles"])])
    assert all(shape(geoms[fid]).intersects(loaded) for fid in ids)


def test_each_feature_once_while_panning_and_nothing_below_minzoom(page, live_server, ward_parcels, screenshot):
    layer, geoms = ward_parcels
    template = f"/gis/tiles/{layer.key}/{{z}}/{{x}}/{{y}}.geojson"
    tile_requests = []
    page.on("request", lambda r: tile_requests.append(r.url) if "/gis/tiles/" in r.url else None)
    page.route("**/tiles-thu.html", lambda route: route.fulfill(body=_page_html(template), content_type="text/html"))
    page.goto(live_server.url + "/tiles-thu.html")
    state = _settle(page, 0)
    assert state["zoom"] == 17 and not state["hidden"]
    _check_once_and_covering(state, geoms)
    assert {"DUONG-YERSIN", "DUONG-CMT8", "DUONG-BACH-DANG"} <= set(state["ids"])
    # the view needs several tiles, and the roads run across all of them: still one path each
    assert len({tuple(u.split("?")[0].rsplit("/", 3)[1:]) for u in tile_requests}) >= 4
    screenshot(page, "gis-tiles-z17")

    # pan east by most of the view (~1 km): the western parcels' tiles unload, their features go
    loads = page.evaluate("loads")
    page.evaluate("map.panBy([1000, 0], {animate: false})")
    east = _settle(page, loads)
    _check_once_and_covering(east, geoms)
    west = {fid for fid in geoms if fid.startswith("PC-00-")}
    assert not west & set(east["ids"])

    # zoom in: finer tiles, still once each
    loads = page.evaluate("loads")
    page.evaluate(f"map.setView([{LAT}, {LON}], 18, {{animate: false}})")
    near = _settle(page, loads)
    _check_once_and_covering(near, geoms)
    screenshot(page, "gis-tiles-z18")

    # below minzoom 16: the server says hidden, nothing is drawn
    loads = page.evaluate("loads")
    page.evaluate(f"map.setView([{LAT}, {LON}], 15, {{animate: false}})")
    far = _settle(page, loads)
    assert far["hidden"] is True and far["ids"] == [] and far["paths"] == 0
    screenshot(page, "gis-tiles-z15-hidden")

    # and back to a visible zoom
    loads = page.evaluate("loads")
    page.evaluate(f"map.setView([{LAT}, {LON}], 16, {{animate: false}})")
    back = _settle(page, loads)
    assert back["hidden"] is False
    _check_once_and_covering(back, geoms)

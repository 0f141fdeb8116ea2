"""The map viewer in a real Chromium on the demo layers (fewer parcels): layers toggled and
kept in the URL hash, a parcel identified by clicking it, a parcel found by its number, a
line measured, the image export answering — with screenshots."""
import pytest

from smartcity.gis import measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARCEL = "CN-21-12"   # Chánh Nghĩa block: sheet 21, parcel 12 (demo_layers.PARCEL_BLOCKS)


@pytest.fixture
def demo_gis(reference):
    from smartcity.gis import demo_layers
    from smartcity.gis.models import Feature

    from smartcity.mobility.services.projects import seed_projects

    demo_layers.load(parcels_per_block=40)
    seed_projects()
    return Feature.objects.get(layer__key="thua-dat-mau", fid=PARCEL)


def _pixel(page, lon, lat):
    """Page coordinates of a map point."""
    box = page.locator("#gis-map").bounding_box()
    pt = page.evaluate("([lat, lon]) => { const p = window.gisMap.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon])
    return box["x"] + pt[0], box["y"] + pt[1]


def _hash(page):
    return page.evaluate("location.hash")


def test_viewer_layers_identify_search_measure(page, live_server, demo_gis, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    parcel = demo_gis
    cx, cy = (parcel.minx + parcel.maxx) / 2, (parcel.miny + parcel.maxy) / 2
    page.goto(f"{live_server.url}/gis/ban-do/#z=17&c={cy:.5f},{cx:.5f}&l=quy-hoach-phan-khu,thua-dat-mau")
    page.wait_for_selector("#gis-map[data-ready='1']")
    page.wait_for_selector("#gis-map[data-loaded-thua-dat-mau='1']")
    english = page.evaluate("JSON.parse(document.getElementById('gis-map-config').textContent).lang") == "en"
    assert page.locator("input[name=layer][value='thua-dat-mau']").is_checked()
    # legends are drawn from the layers' styles
    legend = page.locator(".gis-layer[data-layer='thua-dat-mau'] .gis-legend li")
    assert legend.count() == 5 and "ODT" in legend.first.inner_text()
    screenshot(page, "gis-map-01-parcels")

    # toggle layers: the red lines on, the zones off; the hash follows
    page.check("input[name=layer][value='chi-gioi-duong-do']")
    page.wait_for_function("location.hash.includes('chi-gioi-duong-do')")
    page.uncheck("input[name=layer][value='quy-hoach-phan-khu']")
    page.wait_for_function("!location.hash.includes('quy-hoach-phan-khu')")
    page.check("input[name=layer][value='du-an-giao-thong']")   # an overlay of the mobility module
    page.wait_for_selector("#gis-map[data-loaded-du-an-giao-thong='1']")
    page.wait_for_function("location.hash.includes('du-an-giao-thong')")
    page.uncheck("input[name=layer][value='du-an-giao-thong']")
    assert "thua-dat-mau" in _hash(page)

    # identify: click the parcel
    x, y = _pixel(page, cx, cy)
    page.mouse.click(x, y)
    panel = page.locator("#gis-identify")
    panel.wait_for(state="visible")
    assert panel.get_attribute("data-fid") == PARCEL
    text = panel.inner_text()
    assert ("Map sheet" if english else "Số tờ bản đồ") in text and ("Parcel number" if english else "Số thửa") in text
    assert str(parcel.properties["dien_tich_m2"]) in text
    screenshot(page, "gis-map-02-identify")
    page.click("#gis-identify-close")
    assert panel.get_attribute("data-fid") is None and panel.is_hidden()
    assert page.locator("#gis-measure-finish").is_hidden()

    # search a parcel by its number: the map goes there and shows it
    page.evaluate("window.gisMap.setView([10.99, 106.70], 13)")
    page.fill("#gis-search-q", "tờ 21 thửa 12")
    page.click("#gis-search button[type=submit]")
    page.wait_for_selector("#gis-results .gis-result[data-kind='parcel']")
    page.wait_for_function(f"document.getElementById('gis-identify').getAttribute('data-fid') === '{PARCEL}'")
    panel.wait_for(state="visible")
    assert ("Parcel number" if english else "Số thửa") in panel.inner_text()
    centre = page.evaluate("(() => { const c = window.gisMap.getCenter(); return [c.lng, c.lat, window.gisMap.getZoom()]; })()")
    assert parcel.minx - 0.001 < centre[0] < parcel.maxx + 0.001 and parcel.miny - 0.001 < centre[1] < parcel.maxy + 0.001
    assert centre[2] >= 15
    screenshot(page, "gis-map-03-search")
    page.click("#gis-identify-close")

    # measure a line of two clicks
    page.click("#gis-measure-line")
    assert page.locator("#gis-measure-finish").is_visible()
    box = page.locator("#gis-map").bounding_box()
    a = (box["x"] + 200, box["y"] + 300)
    b = (box["x"] + 600, box["y"] + 420)
    page.mouse.click(*a)
    page.mouse.click(*b)
    page.click("#gis-measure-finish")
    got = float(page.locator("#gis-measure-out").get_attribute("data-m"))
    ends = page.evaluate("""([a, b]) => [a, b].map(p => { const ll = window.gisMap.containerPointToLatLng(p); return [ll.lng, ll.lat]; })""",
                         [[200, 300], [600, 420]])
    assert got == pytest.approx(measure.distance_m(*ends), rel=2e-3)
    assert ("Distance" if english else "Khoảng cách") in page.locator("#gis-measure-out").inner_text()
    assert panel.is_hidden()   # the measuring clicks identify nothing
    # the browser's area maths is the server's
    x0, y0, x1, y1 = parcel.minx, parcel.miny, parcel.maxx, parcel.maxy
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
    assert page.evaluate("r => window.gisMeasure.ringAreaM2(r)", ring) == pytest.approx(measure.ring_area_m2(ring), rel=1e-9)
    assert measure.ring_area_m2(ring) == pytest.approx(parcel.properties["dien_tich_m2"], rel=1e-2)
    screenshot(page, "gis-map-04-measure")

    # the image export link of this view answers with a PNG
    href = page.locator("#gis-export-png").get_attribute("href")
    assert "layers=" in href and "thua-dat-mau" in href
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert errors == []

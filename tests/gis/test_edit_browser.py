"""In a real Chromium: an editor of the Department of Construction draws a parcel with the
mouse, is told the required parcel number is missing, fills the attributes, saves, drags a
vertex, saves again, and finds both versions on the feature's history page."""
import json
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user
SCHEMA = [
    {"name": "so_thua", "type": "integer", "label_vi": "Số thửa", "label_en": "Parcel number", "required": True},
    {"name": "so_to", "type": "integer", "label_vi": "Số tờ bản đồ", "label_en": "Map sheet"},
    {"name": "loai_dat", "type": "string", "label_vi": "Loại đất", "label_en": "Land use"},
]


def _square(lon, lat, d=0.0004):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]}


def test_editor_draws_saves_moves_vertex_and_sees_history(page, live_server, make_layer, add_feature, make_user, screenshot):
    from smartcity.gis.models import Feature
    from smartcity.gis.services import importer

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    layer = make_layer("thua-dat-chanh-nghia", geometry_type="Polygon", schema=SCHEMA, title_vi="Thửa đất phường Chánh Nghĩa",
                       style={"color": "#8e44ad", "fill": 0.25})
    # two existing parcels at the corners of the view; the new one is drawn between them
    add_feature(layer, "1", _square(106.6590, 10.9700), so_thua=1, so_to=9, loai_dat="ODT")
    add_feature(layer, "2", _square(106.6650, 10.9750), so_thua=2, so_to=9, loai_dat="CLN")
    importer.refresh_layer(layer)
    make_user("xd.lan", "DOC", first_name="Lan", last_name="Nguyễn Thị")

    base = live_server.url
    edit_path = f"/gis/lop/{layer.key}/sua/"
    page.goto(base + "/accounts/login/?next=" + quote(edit_path))
    page.fill("input[name=username]", "xd.lan")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + edit_path)
    page.wait_for_selector("#gis-edit-map .leaflet-interactive")  # the existing parcels are drawn

    # draw a polygon by clicking four vertices, double-clicking the last
    page.click("#gis-tool-polygon")
    box = page.locator("#gis-edit-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-90, -60), (80, -70), (100, 60)):
        page.mouse.click(cx + dx, cy + dy)
    page.mouse.dblclick(cx - 70, cy + 70)
    page.wait_for_selector(".leaflet-marker-icon.gis-vertex")
    assert page.locator(".leaflet-marker-icon.gis-vertex").count() == 4
    area_drawn = float(page.locator("#gis-edit-measure").get_attribute("data-area"))
    readout = page.locator("#gis-edit-measure").inner_text()
    assert area_drawn > 0 and ("Diện tích" in readout or "Area" in readout)

    # saving without the required parcel number: the API's error appears beside the field
    page.fill("#gis-f-loai_dat", "ODT")
    page.click("#gis-edit-save")
    page.wait_for_selector("#gis-f-so_thua-error:not([hidden])")
    assert page.inner_text("#gis-f-so_thua-error").strip() and page.locator(".gis-field.invalid #gis-f-so_thua").count() == 1
    assert page.locator("#gis-f-loai_dat-error").is_hidden()
    assert Feature.objects.filter(layer=layer).count() == 2
    screenshot(page, "gis-edit-1-drawn-missing-attribute")

    page.fill("#gis-f-so_thua", "57")
    page.fill("#gis-f-so_to", "9")
    page.fill("#gis-edit-reason", "Tách thửa theo hồ sơ đo đạc")
    page.click("#gis-edit-save")
    page.wait_for_selector("#gis-edit-message.ok[data-version='1']")
    new = Feature.objects.get(layer=layer, properties__so_thua=57)
    first_geometry = json.loads(new.geometry)
    assert first_geometry["type"] == "Polygon" and len(first_geometry["coordinates"][0]) == 5
    from smartcity.gis.measure import area_m2
    assert area_m2(first_geometry) == pytest.approx(area_drawn, rel=0.01)  # the readout is the server's measure
    screenshot(page, "gis-edit-2-saved")

    # drag the first vertex 60 px right and 40 px down, save again
    vertex = page.locator(".leaflet-marker-icon.gis-vertex").first
    vb = vertex.bounding_box()
    x, y = vb["x"] + vb["width"] / 2, vb["y"] + vb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=10)
    page.mouse.up()
    area_moved = float(page.locator("#gis-edit-measure").get_attribute("data-area"))
    assert area_moved != pytest.approx(area_drawn, rel=0.01)
    page.click("#gis-edit-save")
    page.wait_for_selector("#gis-edit-message.ok[data-version='2']")
    new.refresh_from_db()
    moved_geometry = json.loads(new.geometry)
    assert moved_geometry != first_geometry and area_m2(moved_geometry) == pytest.approx(area_moved, rel=0.01)
    screenshot(page, "gis-edit-3-vertex-moved")

    # the history page: two versions, by Lan, each with its small map
    page.click("#gis-edit-history-link")
    page.wait_for_selector("#gis-history")
    rows = page.locator("tr.gis-history-row")
    assert rows.count() == 2
    assert "Lan Nguyễn Thị (xd.lan)" in rows.nth(1).inner_text() and "Tách thửa theo hồ sơ đo đạc" in rows.nth(1).inner_text()
    assert rows.nth(0).get_attribute("data-geometry-changed") == "true"
    page.wait_for_selector("#gis-hmap-2 .leaflet-interactive")
    assert page.locator(".gis-history-map .leaflet-interactive").count() == 2
    screenshot(page, "gis-edit-4-history")

    # back to the editor with this feature open (?fid=), its current attributes in the form
    page.click("#gis-history-open")
    page.wait_for_function("(document.getElementById('gis-f-so_thua') || {}).value === '57'")
    assert page.locator(".leaflet-marker-icon.gis-vertex").count() == 4
    assert errors == []


def test_viewer_reads_features_without_tiles_and_gets_no_tools(page, live_server, make_layer, add_feature, make_user,
                                                              screenshot, monkeypatch):
    """Another organisation's user: the layer drawn from the features API (no tile route),
    a clicked parcel's attributes shown read only, no drawing tools."""
    from smartcity.gis import views_edit
    from smartcity.gis.services import importer

    monkeypatch.setattr(views_edit, "_tile_template", lambda key: "")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    layer = make_layer("thua-dat-hiep-thanh", geometry_type="Polygon", schema=SCHEMA, title_vi="Thửa đất phường Hiệp Thành")
    add_feature(layer, "15", _square(106.6620, 10.9900, 0.002), so_thua=15, so_to=4, loai_dat="ODT")
    importer.refresh_layer(layer)
    make_user("tnmt.minh", "DONRE", first_name="Minh", last_name="Trần Văn")

    edit_path = f"/gis/lop/{layer.key}/sua/"
    page.goto(live_server.url + "/accounts/login/?next=" + quote(edit_path))
    page.fill("input[name=username]", "tnmt.minh")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + edit_path)
    assert page.locator("#gis-edit-readonly").is_visible() and page.locator("#gis-edit-toolbar").count() == 0
    parcel = page.locator("#gis-edit-map path.leaflet-interactive").first
    parcel.wait_for()
    parcel.click()
    page.wait_for_function("(document.getElementById('gis-f-so_thua') || {}).value === '15'")
    assert page.locator("#gis-f-loai_dat").is_disabled() and page.locator("#gis-edit-save").count() == 0
    assert page.locator(".leaflet-marker-icon.gis-vertex.leaflet-marker-draggable").count() == 0
    screenshot(page, "gis-edit-5-read-only")
    assert errors == []

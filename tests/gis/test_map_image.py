"""The map image export /gis/ban-do/anh.png and anh.svg, and the pure renderer: the PNG
decodes at the requested size with the layer drawn where its features are; the SVG parses;
layers the user may not read are left out."""
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from PIL import Image

from smartcity.gis import mapimage

BBOX = (106.650, 10.975, 106.660, 10.985)
ZONE = {"type": "Polygon", "coordinates": [[[106.652, 10.977], [106.658, 10.977], [106.658, 10.983], [106.652, 10.983], [106.652, 10.977]]]}


def _rgb(hex_):
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))


def test_png_has_the_size_and_the_fill_inside_the_polygon():
    style = {"color": "#c0392b", "fillColor": "#2e86c1", "fill": 1, "weight": 2}
    png = mapimage.render_png([{"key": "z", "style": style, "features": [(ZONE, {})]}], BBOX, 300, 200)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (300, 200)
    proj = mapimage.Projector(BBOX, 300, 200)
    cx, cy = proj(106.655, 10.980)
    assert image.convert("RGB").getpixel((round(cx), round(cy))) == _rgb("#2e86c1")
    assert image.convert("RGB").getpixel((5, 5)) == _rgb(mapimage.BACKGROUND)   # outside: the background


def test_category_colours_and_point_and_line_parts():
    style = {"color": "#333333", "fill": 1, "categories": {"attribute": "loai_dat", "colors": {"ODT": "#f5b7b1", "TMD": "#e59866"}}}
    st_odt = mapimage.feature_style(style, {"loai_dat": "ODT"})
    assert st_odt["fillColor"] == "#f5b7b1" and st_odt["color"] == "#333333"
    assert mapimage.feature_style(style, {"loai_dat": "TMD"}, "line")["color"] == "#e59866"
    assert mapimage.feature_style(style, {"loai_dat": "SKC"})["fillColor"] == "#333333"
    svg = mapimage.render_svg([{"key": "mixed", "style": style, "features": [
        (ZONE, {"loai_dat": "TMD"}), ({"type": "Point", "coordinates": [106.655, 10.98]}, {}),
        ({"type": "LineString", "coordinates": [[106.651, 10.976], [106.659, 10.984]]}, {})]}], BBOX, 400, 300)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("width") == "400" and root.get("height") == "300"
    assert any(p.get("fill") == "#e59866" for p in root.iter(ns + "path"))
    assert len(list(root.iter(ns + "circle"))) == 1


def test_scale_bar_is_round():
    length, px = mapimage.nice_scale(3.7, 120)
    assert length in (200, 500, 100) and px == pytest.approx(length / 3.7)
    assert str(length)[0] in "125"


def test_size_limits():
    with pytest.raises(ValueError):
        mapimage.render_png([], BBOX, 0, 100)
    with pytest.raises(ValueError):
        mapimage.render_svg([], BBOX, 100, mapimage.MAX_SIDE + 1)


@pytest.fixture
def zones(make_layer, add_feature):
    public = make_layer("quy-hoach-mau", kind="planning_zone", published=True,
                        style={"color": "#a04000", "fillColor": "#e67e22", "fill": 1, "weight": 1})
    add_feature(public, "TDM-HH-01", ZONE, ten_khu="Khu hỗn hợp trung tâm Phú Cường")
    draft = make_layer("quy-hoach-du-thao", kind="planning_zone", published=False,
                       style={"color": "#1b4f72", "fillColor": "#1b4f72", "fill": 1, "weight": 1})
    add_feature(draft, "DT-01", ZONE, ten_khu="Khu dự thảo")
    return public, draft


def _params(layers, **extra):
    return {"bbox": ",".join(str(v) for v in BBOX), "layers": layers, "width": 320, "height": 240, **extra}


@pytest.mark.django_db
def test_png_endpoint_draws_readable_layers_only(client, client_as, make_user, zones):
    url = reverse("gis-map-image", args=["png"])
    response = client.get(url, _params("quy-hoach-mau,quy-hoach-du-thao"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Layers"] == "quy-hoach-mau"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (320, 240)
    cx, cy = mapimage.Projector(BBOX, 320, 240)(106.655, 10.980)
    assert image.getpixel((round(cx), round(cy))) == _rgb("#e67e22")
    # the owner sees its draft, drawn on top (the order asked)
    own = client_as(make_user("doc.thu", "DOC"))
    image = Image.open(io.BytesIO(own.get(url, _params("quy-hoach-mau,quy-hoach-du-thao")).content)).convert("RGB")
    assert image.getpixel((round(cx), round(cy))) == _rgb("#1b4f72")


@pytest.mark.django_db
def test_svg_endpoint_parses_and_bad_parameters_are_problems(client, zones):
    response = client.get(reverse("gis-map-image", args=["svg"]), _params("quy-hoach-mau", download=1))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    groups = [g.get("data-layer") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-layer")]
    assert groups == ["quy-hoach-mau"]
    for bad, field in (({"bbox": "106.66,10.98,106.65,10.99"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"),
                       ({"width": "99999"}, "width"), ({"height": "tall"}, "width")):
        response = client.get(reverse("gis-map-image", args=["png"]), {**_params("quy-hoach-mau"), **bad})
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["field"] == field


@pytest.mark.django_db
def test_overlays_are_drawn_in_the_image_too(client, make_asset):
    make_asset("kk-phu-cuong", name="Trạm không khí Phú Cường", lat=10.980, lon=106.655)
    response = client.get(reverse("gis-map-image", args=["svg"]), _params("tai-san-do-thi"))
    assert response["X-Layers"] == "tai-san-do-thi"
    circles = list(ET.fromstring(response.content).iter("{http://www.w3.org/2000/svg}circle"))
    cx, cy = mapimage.Projector(BBOX, 320, 240)(106.655, 10.980)
    assert len(circles) == 1 and float(circles[0].get("cx")) == pytest.approx(cx, abs=0.1) and float(circles[0].get("cy")) == pytest.approx(cy, abs=0.1)

"""The editor page (tools for editors of the owner organisation only) and the history page
(versions with who, when, what changed; revert as a new version)."""
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCHEMA = [{"name": "ten_cong_trinh", "type": "string", "label_vi": "Tên công trình", "label_en": "Works", "required": True},
          {"name": "so_tang", "type": "integer", "label_vi": "Số tầng", "label_en": "Floors"}]


@pytest.fixture
def layer(make_layer, add_feature):
    layer = make_layer("cong-trinh-thu-dau-mot", kind="project", geometry_type="Polygon", schema=SCHEMA,
                       title_vi="Công trình xây dựng Thủ Dầu Một")
    coords = [[106.6500, 10.9800], [106.6504, 10.9800], [106.6504, 10.9804], [106.6500, 10.9804], [106.6500, 10.9800]]
    add_feature(layer, "ct-01", {"type": "Polygon", "coordinates": [coords]}, ten_cong_trinh="Trường tiểu học Phú Cường", so_tang=3)
    return layer


def _config(response):
    html = response.content.decode()
    start = html.index('id="gis-edit-config" type="application/json">') + len('id="gis-edit-config" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def test_editor_page_tools_only_for_owner_editors(client, client_as, layer, make_user):
    url = reverse("gis-edit", args=[layer.key])
    r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="gis-edit-readonly"' in html and 'id="gis-edit-toolbar"' not in html
    assert _config(r)["can_edit"] is False

    r = client_as(make_user("tnmt.minh", "DONRE")).get(url)
    assert 'id="gis-edit-readonly"' in r.content.decode() and _config(r)["can_edit"] is False

    r = client_as(make_user("xd.lan", "DOC")).get(url)
    html = r.content.decode()
    assert 'id="gis-edit-toolbar"' in html and 'id="gis-tool-polygon"' in html and 'id="gis-tool-point"' not in html
    cfg = _config(r)
    assert cfg["can_edit"] is True and [a["name"] for a in cfg["schema"]] == ["ten_cong_trinh", "so_tang"]
    assert cfg["api"]["features"] == reverse("api-gis-features", args=[layer.key])
    assert cfg["geometry_type"] == "Polygon" and cfg["extent"] is None  # no refresh_layer in the fixture


def test_unpublished_layer_hidden_from_outsiders(client, client_as, make_layer, make_user):
    make_layer("ranh-gioi-du-thao", published=False)
    assert client.get(reverse("gis-edit", args=["ranh-gioi-du-thao"])).status_code == 404
    assert client_as(make_user("xd.lan", "DOC")).get(reverse("gis-edit", args=["ranh-gioi-du-thao"])).status_code == 200


def test_history_page_lists_versions_and_reverts(client, client_as, layer, make_user):
    from smartcity.gis.models import Feature
    from smartcity.gis.services import editing

    editor = make_user("xd.lan", "DOC", first_name="Lan", last_name="Nguyễn Thị")
    feature = Feature.objects.get(layer=layer, fid="ct-01")
    editing.update(feature, {"properties": {"so_tang": 5}}, user=editor, partial=True, reason="Điều chỉnh giấy phép")
    url = reverse("gis-feature-history", args=[layer.key, "ct-01"])

    r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and html.count('class="gis-history-row') == 2
    assert "Lan Nguyễn Thị (xd.lan)" in html and "Điều chỉnh giấy phép" in html
    assert "<del>3</del> → 5" in html
    assert "data-revert" not in html  # anonymous: no revert button

    other = client_as(make_user("tnmt.minh", "DONRE"))
    first = editing.history(layer, "ct-01")[0]["history_id"]
    assert other.post(url, {"history_id": first}).status_code == 403
    other.logout()

    c = client_as(editor)
    assert 'data-revert="1"' in c.get(url).content.decode()
    r = c.post(url, {"history_id": first})
    assert r.status_code == 302
    feature.refresh_from_db()
    assert feature.properties["so_tang"] == 3
    versions = editing.history(layer, "ct-01")
    assert len(versions) == 3 and versions[-1]["user_id"] == editor.pk
    assert versions[-1]["changed_attributes"] == [{"name": "so_tang", "before": 5, "after": 3}]
    assert client.get(reverse("gis-feature-history", args=[layer.key, "khong-co"])).status_code == 404


def test_background_outlines_only_near_the_layer(client, layer, settings):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.gis.services import importer

    settings.SMARTCITY_MAP_TILES = ""
    importer.refresh_layer(layer)
    near, far = AdministrativeUnit.objects.filter(valid_to__isnull=True).exclude(level="province")[:2]
    AdministrativeUnit.objects.exclude(pk__in=[near.pk, far.pk]).update(geometry=None)
    ring = lambda lon, lat: {"type": "Polygon", "coordinates": [[[lon, lat], [lon + .05, lat], [lon + .05, lat + .05], [lon, lat]]]}  # noqa: E731
    near.geometry = ring(106.63, 10.96)  # holds the layer's parcel
    far.geometry = ring(106.40, 11.40)
    near.save(), far.save()
    units = _config(client.get(reverse("gis-edit", args=[layer.key])))["units"]
    assert [u["name"] for u in units] == [near.name]

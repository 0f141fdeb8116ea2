"""The GIS home lists published layers by kind (unpublished ones only for their owner),
links each to its layer page and to the OGC API pages, and offers "new layer" to editors."""
import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_published_layers_and_hides_others(client, client_as, make_layer, make_user):
    make_layer("phan-khu-thu-dau-mot", kind="planning_zone", title_vi="Phân khu quy hoạch Thủ Dầu Một", feature_count=11)
    make_layer("thua-dat-nhap", kind="parcel", title_vi="Thửa đất đang nhập", published=False)
    page = client.get("/gis/").content.decode()
    assert "Phân khu quy hoạch Thủ Dầu Một" in page and "/ogc/collections/phan-khu-thu-dau-mot?f=html" in page
    assert 'href="/gis/lop/phan-khu-thu-dau-mot/"' in page
    assert "Thửa đất đang nhập" not in page and 'data-kind="planning_zone"' in page
    assert "phân khu quy hoạch" in page.lower()  # kinds named in Vietnamese
    assert 'id="new-layer"' not in page
    # the viewer, the permit register and its statistics are one click away, named in Vietnamese
    assert 'href="/gis/ban-do/" id="map-link">Bản đồ<' in page
    assert 'id="permits-link">Giấy phép xây dựng<' in page and 'id="permit-stats-link">Giấy phép xây dựng: thống kê theo năm<' in page
    owner_page = client_as(make_user("sxd.gis", "DOC")).get("/gis/").content.decode()
    assert "Thửa đất đang nhập" in owner_page and 'href="/gis/lop/thua-dat-nhap/"' in owner_page
    assert 'id="new-layer"' in owner_page and 'href="/gis/lop/moi/"' in owner_page

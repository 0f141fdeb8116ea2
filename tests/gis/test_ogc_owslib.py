"""A real OGC API - Features client (OWSLib) reads our collections and items over HTTP."""
from urllib.parse import parse_qs, urlsplit

import pytest
from owslib.ogcapi.features import Features

from smartcity.gis import ogc


def square(x, y, d=0.002):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


@pytest.mark.django_db(transaction=True)
def test_owslib_reads_collections_and_items(live_server, make_layer, add_feature):
    parcels = make_layer("thua-dat-chanh-nghia", title_vi="Thửa đất phường Chánh Nghĩa", title_en="Parcels of Chánh Nghĩa ward",
                         schema=[{"name": "so_thua", "type": "integer"}, {"name": "so_to", "type": "integer"}])
    for i in range(15):  # a row of parcels along Đại lộ Bình Dương near Chánh Nghĩa
        add_feature(parcels, f"CN-8-{200 + i}", square(106.660 + i * 0.003, 10.970), so_thua=200 + i, so_to=8)
    zones = make_layer("phan-khu-thanh-pho-moi", kind="planning_zone", title_vi="Phân khu Thành phố mới Bình Dương")
    add_feature(zones, "TPM-01", square(106.68, 11.05, 0.02), su_dung_dat="đất hỗn hợp", tang_cao_toi_da=25)
    make_layer("ban-nhap-di-an", published=False, title_vi="Bản nháp Dĩ An")

    api = Features(live_server.url + "/ogc/")
    assert set(ogc.CONFORMANCE) <= set(api.conformance()["conformsTo"])
    collections = api.collections()["collections"]
    assert sorted(c["id"] for c in collections) == ["phan-khu-thanh-pho-moi", "thua-dat-chanh-nghia"]
    assert api.collection("thua-dat-chanh-nghia")["title"] == "Thửa đất phường Chánh Nghĩa"
    assert "/collections/{collectionId}/items" in api.api()["paths"]

    first = api.collection_items("thua-dat-chanh-nghia", limit=4)
    assert first["numberMatched"] == 15 and [f["id"] for f in first["features"]] == ["CN-8-200", "CN-8-201", "CN-8-202", "CN-8-203"]
    window = api.collection_items("thua-dat-chanh-nghia", bbox=[106.6595, 10.9695, 106.6665, 10.9725], limit=10)
    assert [f["id"] for f in window["features"]] == ["CN-8-200", "CN-8-201", "CN-8-202"]
    assert window["features"][1]["properties"]["so_thua"] == 201

    # follow the next links to the end, as a client pages through a layer
    seen, page = [], api.collection_items("thua-dat-chanh-nghia", limit=6)
    while True:
        seen += [f["id"] for f in page["features"]]
        nxt = next((ln["href"] for ln in page["links"] if ln["rel"] == "next"), None)
        if nxt is None:
            break
        assert nxt.startswith(live_server.url + "/ogc/collections/thua-dat-chanh-nghia/items?")
        query = {k: v[0] for k, v in parse_qs(urlsplit(nxt).query).items()}
        page = api.collection_items("thua-dat-chanh-nghia", limit=query["limit"], offset=query["offset"])
    assert seen == [f"CN-8-{200 + i}" for i in range(15)]

    zone = api.collection_item("phan-khu-thanh-pho-moi", "TPM-01")
    assert zone["properties"]["su_dung_dat"] == "đất hỗn hợp" and zone["geometry"]["type"] == "Polygon"
    with pytest.raises(RuntimeError):  # OWSLib raises on the 400
        api.collection_items("thua-dat-chanh-nghia", limit=0)

"""The catalogue pages: search without diacritics, facets, dataset page with previews and
links, Vietnamese first and English on request."""


def test_home_search_is_diacritics_insensitive_and_facets_filter(catalogue, client):
    page = client.get("/opendata/", {"q": "chat luong khong khi"})
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>Dữ liệu mở</h1>" in html
    slugs = [ds.slug for ds in page.context["items"]]
    assert slugs == ["chi-so-aqi-theo-gio"]
    page = client.get("/opendata/", {"format": "GeoJSON", "publisher": "donre"})
    assert {ds.slug for ds in page.context["items"]} == {"tram-quan-trac-moi-truong", "tai-san-air-station", "tai-san-waste-bin"}
    facets = {f["param"]: f for f in page.context["facets"]}
    assert any(o["value"] == "GeoJSON" and o["chosen"] for o in facets["format"]["options"])
    assert {o["value"] for o in facets["theme"]["options"]} == {"envi"}
    page = client.get("/opendata/", {"theme": "gove"})
    assert [ds.slug for ds in page.context["items"]] == ["thong-ke-ho-so-mot-cua"]


def test_dataset_page_previews_rows_and_links(catalogue, client):
    page = client.get("/opendata/d/tram-quan-trac-moi-truong/")
    html = page.content.decode()
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview["fields"][0] == "code" and [row[0] for row in preview["rows"]] == ["BD_DIAN_KK01", "BD_TDM_KK01"]
    assert "Trạm quan trắc không khí Dĩ An" in html and "Xem trước" in html
    assert page.context["map_data"]["url"].endswith("/preview.geojson") and 'id="od-map"' in html
    assert "/api/opendata/datasets/tram-quan-trac-moi-truong.ttl" in html and "package_show?id=tram-quan-trac-moi-truong" in html
    assert "Creative Commons Attribution 4.0" in html
    english = client.get("/opendata/d/tram-quan-trac-moi-truong/?lang=en").content.decode()
    assert "Automatic environmental monitoring stations" in english and "Resources" in english
    assert client.get("/opendata/d/khong-co/").status_code == 404

"""Against a live server: the real `ckanapi` client reads the catalogue unchanged, and a
visitor in Chromium searches, filters, previews a map and downloads a file."""
import pytest
from django.urls import Resolver404, resolve

from smartcity.opendata.models import DownloadCount, Resource

pytestmark = pytest.mark.django_db(transaction=True)


def _client(url, **kwargs):
    from ckanapi import RemoteCKAN

    ckan = RemoteCKAN(url, user_agent="cong-du-lieu-quoc-gia/1.0", **kwargs)
    try:  # CKAN's unversioned /api/action/ once the root URLs mount it, else /api/3/action/
        resolve("/api/action/package_list")
    except Resolver404:
        ckan.base_url = "api/3/action/"
    return ckan


def test_ckanapi_client_reads_the_catalogue(catalogue, live_server, make_user):
    from ckanapi import NotAuthorized, NotFound

    from smartcity.opendata import services

    ckan = _client(live_server.url)
    found = ckan.action.package_search(q="chỉ số AQI", fq="organization:donre", rows=5, **{"facet.field": '["res_format"]'})
    assert found["count"] == 1 and found["results"][0]["name"] == "chi-so-aqi-theo-gio"
    assert "CSV" in [i["name"] for i in found["search_facets"]["res_format"]["items"]]
    pkg = ckan.action.package_show(id="chi-so-aqi-theo-gio")
    assert pkg["title"] == "Chỉ số chất lượng không khí (AQI) theo giờ" and pkg["organization"]["name"] == "donre"
    csv_res = next(r for r in pkg["resources"] if r["format"] == "CSV")
    res = ckan.action.resource_show(id=csv_res["id"])
    assert res["url"] == csv_res["url"] and res["url"].startswith(live_server.url + "/opendata/r/")
    orgs = ckan.action.organization_list(all_fields=True)
    assert {"donre", "doha"} <= {o["name"] for o in orgs}
    page = ckan.action.datastore_search(resource_id=csv_res["id"], limit=100, offset=100)
    assert page["total"] == 150 and len(page["records"]) == 50 and page["records"][0]["_id"] == 101
    with pytest.raises(NotFound):
        ckan.action.package_show(id="khong-ton-tai")
    record, key = services.create_key(make_user("api.user", None, "viewer"), "Máy thu thập CKAN")
    assert _client(live_server.url, apikey=key).action.status_show()["ckan_version"].startswith("2.")
    services.revoke_key(record)
    with pytest.raises(NotAuthorized):
        _client(live_server.url, apikey=key).action.package_list()


@pytest.mark.browser
def test_visitor_searches_previews_and_downloads(catalogue, page, live_server, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/opendata/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dữ liệu mở"
    page.fill("#od-q", "tram quan trac nuoc thai")
    page.locator(".od-search button").click()
    page.wait_for_url("**/opendata/?q=tram+quan+trac+nuoc+thai")
    assert page.locator(".od-item").count() == 1
    page.goto(live_server.url + "/opendata/")
    page.locator('.od-facet[data-facet="format"] a[data-value="GeoJSON"]').click()
    page.wait_for_url("**format=GeoJSON")
    assert page.locator(".od-item").count() == 3
    screenshot(page, "opendata-home")
    page.locator('.od-item[data-slug="tram-quan-trac-moi-truong"] h3 a').click()
    page.wait_for_url("**/opendata/d/tram-quan-trac-moi-truong/")
    page.locator('#od-map[data-features="2"]').wait_for()
    assert page.locator("path.od-point").count() == 2
    assert page.locator(".od-preview tbody tr").count() == 2
    r = Resource.objects.get(dataset__slug="tram-quan-trac-moi-truong", key="csv")
    with page.expect_download() as info:
        page.locator(f'tr[data-resource="{r.uuid}"] a.od-download').click()
    assert info.value.suggested_filename == "tram-quan-trac.csv"
    assert DownloadCount.objects.get(resource=r).count == 1
    page.reload()
    assert page.locator(f'tr[data-resource="{r.uuid}"] .od-dl-count').inner_text() == "1"
    screenshot(page, "opendata-dataset")
    page.goto(live_server.url + "/opendata/d/tram-quan-trac-moi-truong/?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Automatic environmental monitoring stations"
    assert errors == []

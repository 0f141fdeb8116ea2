"""The CKAN action API: each action's shape (CKAN 2.9/2.10) and its errors."""
import uuid

from smartcity.opendata.models import Resource


def test_package_list_show_and_status(catalogue, ckan):
    status, body = ckan("package_list")
    assert status == 200 and body["success"] is True and "help" in body
    assert "chi-so-aqi-theo-gio" in body["result"] and body["result"] == sorted(body["result"])
    status, body = ckan("package_show", id="chi-so-aqi-theo-gio")
    pkg = body["result"]
    assert pkg["name"] == "chi-so-aqi-theo-gio" and pkg["organization"]["name"] == "donre" and pkg["owner_org"] == "donre"
    assert pkg["license_id"] == "cc-by" and pkg["num_resources"] == 3 and pkg["state"] == "active" and pkg["private"] is False
    assert {t["name"] for t in pkg["tags"]} >= {"AQI", "không khí"}
    assert {e["key"] for e in pkg["extras"]} >= {"theme", "frequency", "title_en"}
    res = pkg["resources"][0]
    assert res["format"] == "CSV" and res["package_id"] == pkg["id"] and res["url"].startswith("http://testserver/opendata/r/")
    assert res["datastore_active"] is True
    status, by_id = ckan("package_show", method="post", id=pkg["id"])  # POST JSON, by id
    assert status == 200 and by_id["result"]["name"] == pkg["name"]
    status, body = ckan("status_show")
    assert body["result"]["ckan_version"].startswith("2.") and "datastore" in body["result"]["extensions"]
    status, body = ckan("help_show", name="datastore_search")
    assert status == 200 and "resource_id" in body["result"]


def test_package_search_q_fq_paging_sort_facets(catalogue, ckan):
    status, body = ckan("package_search", q="khong khi")  # no diacritics typed
    assert status == 200 and "chi-so-aqi-theo-gio" in [p["name"] for p in body["result"]["results"]]
    status, body = ckan("package_search", fq='organization:donre res_format:"GeoJSON"', rows=100)
    names = {p["name"] for p in body["result"]["results"]}
    assert names == {"tram-quan-trac-moi-truong", "tai-san-air-station", "tai-san-waste-bin"} and body["result"]["count"] == 3
    status, body = ckan("package_search", fq="tags:AQI")
    assert [p["name"] for p in body["result"]["results"]] == ["chi-so-aqi-theo-gio"]
    status, all_ = ckan("package_search", q="*:*", rows=2, start=0, sort="name asc")
    status, rest = ckan("package_search", q="*:*", rows=2, start=2, sort="name asc")
    total = all_["result"]["count"]
    first = [p["name"] for p in all_["result"]["results"]]
    assert len(first) == 2 and first == sorted(first) and rest["result"]["results"][0]["name"] > first[1] and total >= 5
    status, body = ckan("package_search", method="post", **{"facet.field": ["organization", "res_format"], "rows": 0})
    facets = body["result"]["search_facets"]
    assert body["result"]["results"] == [] and body["result"]["count"] == total
    assert {i["name"]: i["count"] for i in facets["organization"]["items"]}["donre"] >= 4
    assert "CSV" in body["result"]["facets"]["res_format"]


def test_resource_org_and_tags(catalogue, ckan):
    r = Resource.objects.get(dataset__slug="chi-so-aqi-theo-gio", key="json")
    status, body = ckan("resource_show", id=str(r.uuid))
    assert status == 200 and body["result"]["id"] == str(r.uuid) and body["result"]["format"] == "JSON"
    status, body = ckan("organization_list")
    assert "donre" in body["result"] and "doha" in body["result"]
    status, body = ckan("organization_list", all_fields="true")
    donre = next(o for o in body["result"] if o["name"] == "donre")
    assert donre["title"] == "Sở Tài nguyên và Môi trường" and donre["package_count"] >= 4 and donre["is_organization"] is True
    status, body = ckan("organization_show", id="donre")
    assert body["result"]["package_count"] == donre["package_count"]
    status, body = ckan("tag_list")
    assert "AQI" in body["result"]


def test_errors_have_ckan_shape_and_status(catalogue, ckan, client):
    status, body = ckan("package_show", id="khong-ton-tai")
    assert status == 404 and body["success"] is False and body["error"]["__type"] == "Not Found Error"
    status, body = ckan("package_show")
    assert status == 409 and body["error"]["__type"] == "Validation Error" and body["error"]["id"] == ["Missing value"]
    status, body = ckan("resource_show", id=str(uuid.uuid4()))
    assert status == 404 and body["error"]["__type"] == "Not Found Error"
    status, body = ckan("organization_show", id="khong-co")
    assert status == 404
    status, body = ckan("package_search", rows="mười")
    assert status == 409 and body["error"]["rows"] == ["Invalid integer"]
    status, body = ckan("no_such_action")
    assert status == 400 and "Action name not known" in body["error"]["message"]
    status, body = ckan("package_create", method="post", name="x")
    assert status == 403 and body["error"]["__type"] == "Authorization Error"
    bad = client.post("/api/3/action/package_show", data="{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["success"] is False


def test_datastore_search_pages_filters_and_fields(catalogue, ckan):
    r = Resource.objects.get(dataset__slug="chi-so-aqi-theo-gio", key="csv")
    status, body = ckan("datastore_search", resource_id=str(r.uuid), limit=40)
    res = body["result"]
    assert status == 200 and res["total"] == 150 and len(res["records"]) == 40 and res["records"][0]["_id"] == 1
    assert [f["id"] for f in res["fields"]][:3] == ["_id", "station_code", "station_name"]
    assert {f["id"]: f["type"] for f in res["fields"]}["value"] == "int"
    assert res["_links"]["next"].endswith("offset=40")
    status, page = ckan("datastore_search", method="post", resource_id=str(r.uuid), limit=40, offset=140)
    assert len(page["result"]["records"]) == 10 and page["result"]["records"][-1]["_id"] == 150
    status, body = ckan("datastore_search", resource_id=str(r.uuid), filters='{"station_code": "BD_DIAN_KK01"}', limit=5,
                        fields="station_code,value")
    assert body["result"]["total"] == 75 and set(body["result"]["records"][0]) == {"_id", "station_code", "value"}
    status, body = ckan("datastore_search", resource_id=str(r.uuid), q="thu dau mot", limit=1)
    assert body["result"]["total"] == 75 and body["result"]["records"][0]["station_code"] == "BD_TDM_KK01"
    status, body = ckan("datastore_search", resource_id=str(r.uuid), sort="value desc", limit=1)
    assert body["result"]["records"][0]["value"] == max(40 + (h * 7) % 90 for h in range(75))
    status, body = ckan("datastore_search", resource_id=str(r.uuid), filters='{"colour": "red"}')
    assert status == 409 and body["error"]["__type"] == "Validation Error"
    api = Resource.objects.get(dataset__slug="chi-so-aqi-theo-gio", key="openaq")
    status, body = ckan("datastore_search", resource_id=str(api.uuid))
    assert status == 404 and body["error"]["__type"] == "Not Found Error"
    status, body = ckan("datastore_search")
    assert status == 409 and body["error"]["resource_id"] == ["Missing value"]

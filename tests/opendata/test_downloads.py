"""Downloads are counted on the download endpoint (GET 200 only) and shown per dataset
and month."""
import datetime as dt

from smartcity.opendata import services
from smartcity.opendata.models import DownloadCount, Resource


def _count(r) -> int:
    return sum(DownloadCount.objects.filter(resource=r).values_list("count", flat=True))


def test_download_counts_only_full_gets(catalogue, client):
    r = Resource.objects.get(dataset__slug="tram-quan-trac-moi-truong", key="csv")
    url = f"/opendata/r/{r.uuid}/{r.filename}"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "text/csv"
    assert "attachment" in first["Content-Disposition"] and "tram-quan-trac.csv" in first["Content-Disposition"]
    body = b"".join(first.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("code,name,name_en") and "BD_DIAN_KK01" in body
    client.get(url)
    assert _count(r) == 2
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # revalidation
    assert client.head(url).status_code == 200
    client.get("/opendata/d/tram-quan-trac-moi-truong/")  # page views
    geo = Resource.objects.get(dataset__slug="tram-quan-trac-moi-truong", key="geojson")
    preview = client.get(f"/opendata/r/{geo.uuid}/preview.geojson")
    assert preview.status_code == 200 and b'"FeatureCollection"' in b"".join(preview.streaming_content)
    assert _count(r) == 2 and _count(geo) == 0
    row = DownloadCount.objects.get(resource=r)
    assert row.day == services.local_today()


def test_external_resource_redirects_and_counts(catalogue, client):
    from smartcity.opendata.models import Dataset

    ds = Dataset.objects.get(slug="thong-ke-ho-so-mot-cua")
    api = ds.resources.get(key="api")
    response = client.get(f"/opendata/r/{api.uuid}/api")
    assert response.status_code == 302 and response["Location"].endswith("/api/onestop/stats")
    assert _count(api) == 1


def test_unpublished_dataset_files_are_not_served(catalogue, client):
    r = Resource.objects.get(dataset__slug="tai-san-waste-bin", key="csv")
    r.dataset.published = False
    r.dataset.save()
    assert client.get(f"/opendata/r/{r.uuid}/{r.filename}").status_code == 404


def test_statistics_page_by_dataset_and_month(catalogue, client):
    r = Resource.objects.get(dataset__slug="chi-so-aqi-theo-gio", key="csv")
    today = services.local_today()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    DownloadCount.objects.bulk_create([DownloadCount(resource=r, day=today, count=12),
                                       DownloadCount(resource=r, day=last_month, count=30)])
    months, series = services.downloads_by_month(12)
    assert months[-1] == f"{today:%Y-%m}" and len(months) == 12
    (ds, counts), = series
    assert ds.slug == "chi-so-aqi-theo-gio" and counts[-1] == 12 and counts[-2] == 30
    page = client.get("/opendata/stats/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and 'data-slug="chi-so-aqi-theo-gio"' in html and "<b>42</b>" in html

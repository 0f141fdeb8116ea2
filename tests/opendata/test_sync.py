"""Automatic registration: the providers' datasets enter the catalogue, the sync is
idempotent, unpublished records never go out."""
import csv
import io

from smartcity.opendata import providers, services
from smartcity.opendata.models import Dataset, Resource


def test_sync_registers_the_modules_datasets_and_is_idempotent(catalogue):
    slugs = set(Dataset.objects.values_list("slug", flat=True))
    assert {"tram-quan-trac-moi-truong", "chi-so-aqi-theo-gio", "thong-ke-ho-so-mot-cua", "tai-san-waste-bin",
            "tai-san-air-station"} <= slugs
    aqi = Dataset.objects.get(slug="chi-so-aqi-theo-gio")
    assert aqi.owner.code == "DONRE" and aqi.theme == "ENVI" and aqi.frequency == "HOURLY" and aqi.licence.code == "cc-by"
    assert aqi.temporal_start is not None and aqi.landing_page == "/environment/"
    assert [r.key for r in aqi.resources.all()] == ["csv", "json", "openaq"]
    assert aqi.resources.get(key="csv").tabular and aqi.resources.get(key="openaq").url.startswith("/openaq/v3/")
    history = Dataset.history.count() + Resource.history.count()
    again = services.sync()
    assert again.created == [] and again.updated == [] and again.retired == []
    assert again.unchanged == len(catalogue.created)
    assert Dataset.history.count() + Resource.history.count() == history  # nothing rewritten


def test_unpublished_station_is_not_in_the_files(catalogue):
    stations = Resource.objects.get(dataset__slug="tram-quan-trac-moi-truong", key="csv")
    path, _tag = services.generated_file(stations)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert sorted(r["code"] for r in rows) == ["BD_DIAN_KK01", "BD_TDM_KK01"]  # BD_BENCAT_KK01 is not published
    aqi = Resource.objects.get(dataset__slug="chi-so-aqi-theo-gio", key="csv")
    _fields, records = services.records(aqi)
    assert {r["station_code"] for r in records} == {"BD_DIAN_KK01", "BD_TDM_KK01"}


def test_staff_unpublishing_is_kept_and_hidden_everywhere(catalogue, client):
    ds = Dataset.objects.get(slug="tai-san-waste-bin")
    ds.published = False
    ds.save()
    services.sync()
    ds.refresh_from_db()
    assert ds.published is False
    assert "tai-san-waste-bin" not in client.get("/api/3/action/package_list").json()["result"]
    assert client.get("/api/3/action/package_show", {"id": "tai-san-waste-bin"}).status_code == 404
    assert b"tai-san-waste-bin" not in client.get("/api/opendata/catalog.ttl").content
    assert "tai-san-waste-bin" not in client.get("/opendata/").content.decode()


def test_a_failing_provider_does_not_stop_the_others(catalogue):
    def broken():
        raise RuntimeError("module changed")

    providers.register("broken", broken)
    try:
        report = services.sync()
    finally:
        providers._EXTRA.pop("broken")
    assert report.retired == [] and Dataset.objects.filter(published=True, slug="chi-so-aqi-theo-gio").exists()


def test_generated_file_is_cached_until_the_data_changes(catalogue):
    from smartcity.environment.models import Station

    r = Resource.objects.get(dataset__slug="tram-quan-trac-moi-truong", key="csv")
    first, tag = services.generated_file(r)
    assert services.generated_file(r) == (first, tag)
    station = Station.objects.get(code="BD_TDM_KK01")
    station.industrial_park = "KCN Việt Nam – Singapore"
    station.save()
    second, tag2 = services.generated_file(r)
    assert tag2 != tag and not first.exists() and "KCN Việt Nam – Singapore" in second.read_text(encoding="utf-8-sig")
    r.refresh_from_db()
    assert r.byte_size == second.stat().st_size

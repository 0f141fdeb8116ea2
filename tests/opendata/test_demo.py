"""The demo loader: the sync, DIC's hand-entered dataset and a year of download counts,
the same numbers when loaded twice."""
from django.db.models import Sum

from smartcity.opendata import demo_catalogue
from smartcity.opendata.models import Dataset, DownloadCount


def test_demo_catalogue_loads_once(province):
    first = demo_catalogue.load()
    assert first["datasets"] >= 6 and first["manual"] == 1 and first["download_days"] > 1000
    wifi = Dataset.objects.get(slug="diem-wifi-cong-cong-lo-trinh")
    assert wifi.owner.code == "DIC" and wifi.resources.get().url.startswith("https://")
    totals = dict(DownloadCount.objects.values_list("resource__dataset__slug").annotate(n=Sum("count")))
    assert totals["chi-so-aqi-theo-gio"] > totals["tai-san-waste-bin"]  # the AQI is the popular one
    second = demo_catalogue.load()
    assert second["created"] == 0 and second["manual"] == 0 and second["download_days"] == 0

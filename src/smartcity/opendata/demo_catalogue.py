"""Demo catalogue: every provider's datasets registered by the sync, one dataset entered
by hand (an external file of the Department of Information and Communications), and
download counts for the last 12 months. The counts are a pure function of (resource,
day): popular datasets (AQI, GTFS, bus stops) get more, weekdays more than weekends,
growing over the year, so loading twice writes the same numbers."""
import datetime as dt
import hashlib

from smartcity.opendata.models import Dataset, DownloadCount, Resource

POPULAR = {"chi-so-aqi-theo-gio": 9.0, "tram-quan-trac-moi-truong": 3.0, "thong-ke-ho-so-mot-cua": 2.5,
           "tien-do-chuong-trinh-tptm": 2.0, "thong-ke-doanh-nghiep": 4.0}
DAYS = 365


def _noise(*parts) -> float:
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:4], "big") / 2 ** 32


def _daily(slug: str, key: str, day: dt.date, age: int) -> int:
    base = POPULAR.get(slug, 6.0 if slug.startswith("gtfs-") else 1.2)
    trend = 0.45 + 0.55 * (1 - age / DAYS)  # usage grows over the year
    weekday = 1.0 if day.weekday() < 5 else 0.45
    mean = base * trend * weekday
    return int(mean * 2 * _noise(slug, key, day.isoformat()))


def _manual() -> int:
    from smartcity.core.models import Organisation
    from smartcity.opendata import services

    dic = Organisation.objects.filter(code="DIC").first()
    if dic is None or Dataset.objects.filter(slug="diem-wifi-cong-cong-lo-trinh").exists():
        return 0
    lic = services.ensure_licences()["cc-by"]
    ds = Dataset.objects.create(
        owner=dic, slug="diem-wifi-cong-cong-lo-trinh", theme="TECH", licence=lic, frequency="ANNUAL",
        title_vi="Lộ trình phủ sóng Wi-Fi công cộng 2018–2020", title_en="Public Wi-Fi roadmap 2018–2020",
        description_vi="Kế hoạch triển khai điểm phát Wi-Fi công cộng miễn phí tại trung tâm hành chính, công viên, bến xe và "
                       "các khu đô thị của tỉnh theo từng năm, do Sở Thông tin và Truyền thông công bố.",
        description_en="Yearly plan of free public Wi-Fi hotspots at the administrative centre, parks, bus stations and urban "
                       "areas, published by the Department of Information and Communications.",
        keywords=["Wi-Fi", "viễn thông", "chuyển đổi số", "public Wi-Fi"], contact_name="Sở Thông tin và Truyền thông",
        contact_email="stttt@binhduong.gov.vn", temporal_start=dt.date(2018, 1, 1), temporal_end=dt.date(2020, 12, 31),
        landing_page="https://stttt.binhduong.gov.vn/", issued=dt.datetime(2018, 6, 1, tzinfo=dt.timezone.utc),
        modified=dt.datetime(2019, 3, 15, tzinfo=dt.timezone.utc))
    Resource.objects.create(dataset=ds, key="xlsx", title_vi="Lộ trình Wi-Fi công cộng (XLSX)", title_en="Public Wi-Fi roadmap (XLSX)",
                            format="XLSX", media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            url="https://stttt.binhduong.gov.vn/du-lieu/lo-trinh-wifi-cong-cong-2018-2020.xlsx")
    return 1


def load() -> dict:
    from smartcity.opendata import services

    report = services.sync()
    manual = _manual()
    today = services.local_today()
    resources = list(Resource.objects.filter(dataset__published=True).select_related("dataset"))
    have = set(DownloadCount.objects.filter(resource__in=resources).values_list("resource_id", "day"))
    rows = []
    for r in resources:
        if r.format == "API":
            continue
        for age in range(DAYS):
            day = today - dt.timedelta(days=age + 1)
            if (r.pk, day) in have:
                continue
            n = _daily(r.dataset.slug, r.key, day, age)
            if n:
                rows.append(DownloadCount(resource=r, day=day, count=n))
    DownloadCount.objects.bulk_create(rows, batch_size=2000)
    return {"datasets": Dataset.objects.filter(published=True).count(), "created": len(report.created), "manual": manual,
            "download_days": len(rows)}

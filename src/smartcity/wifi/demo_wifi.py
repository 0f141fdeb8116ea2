"""Demo public Wi-Fi of Bình Dương: the hub demo's six DIC hotspots wrapped as hotspots and
fourteen more in Thủ Dầu Một, Dĩ An, Thuận An, Bến Cát and Tân Uyên, three roadmap items
linked to the programme (plan item P18), and 30 days of usage readings through the hub.

Readings are pure functions of (hotspot, quantity, time), as in demo/hub_demo.py, so
loading twice stores nothing new: connected users follow each venue's day and week (the
hub demo's own pattern: office hours, market mornings, commuter peaks, park evenings and
weekends); traffic is MB per interval; sessions started per hour are about 1.7 times the
connected users (a 35-minute mean session); the day's unique users, sent at 23:00,
are 55 % of that day's sessions (people reconnect). The new hotspots report hourly; one of
them stopped reporting six hours ago (down on the map), one is under maintenance and one
is only planned (no readings).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from smartcity.demo.hub_demo import DAY, HOUR, LOCAL, DemoAsset, _rand, _seed, _wifi_value

OWNER = "DIC"
DAYS = 30
HOURLY = 3600
SESSION_FACTOR = 1.7
UNIQUE_SHARE = 0.55
PATTERN = {"school": "office", "hospital": "market", "culture": "park", "office": "office", "market": "market",
           "station": "station", "park": "park"}


@dataclass(frozen=True)
class DemoHotspot:
    slug: str
    kind: str
    capacity: int
    operator: str
    backhaul: int
    installed: str
    phase: str
    status: str = "active"
    offline_hours: float = 0.0
    new: tuple | None = None  # (name, name_en, lat, lon, district code, address) when the hub demo has no such asset

    @property
    def asset(self) -> DemoAsset:
        return DemoAsset(self.slug, "wifi-hotspot", OWNER, "", "", 0, 0, "", "", {},
                         {"kind": PATTERN[self.kind], "capacity": self.capacity})


_TDM, _DA, _TA, _BC, _TU = "TP. Thủ Dầu Một", "TP. Dĩ An", "TP. Thuận An", "TP. Bến Cát", "TP. Tân Uyên"
HOTSPOTS = [
    DemoHotspot("wifi-trung-tam-hanh-chinh", "office", 120, "VNPT Bình Dương", 500, "2019-06-15", "wifi-giai-doan-1"),
    DemoHotspot("wifi-cong-vien-thu-dau-mot", "park", 90, "VNPT Bình Dương", 300, "2019-09-01", "wifi-giai-doan-1"),
    DemoHotspot("wifi-cho-thu-dau-mot", "market", 70, "VNPT Bình Dương", 200, "2019-09-01", "wifi-giai-doan-1"),
    DemoHotspot("wifi-ben-xe-binh-duong", "station", 80, "VNPT Bình Dương", 300, "2020-01-10", "wifi-giai-doan-1"),
    DemoHotspot("wifi-quang-truong-thanh-pho-moi", "park", 100, "VNPT Bình Dương", 500, "2019-06-15", "wifi-giai-doan-1"),
    DemoHotspot("wifi-nha-van-hoa-di-an", "culture", 50, "VNPT Bình Dương", 200, "2020-05-20", "wifi-giai-doan-1"),
    DemoHotspot("wifi-dai-hoc-thu-dau-mot", "school", 150, "Viettel Bình Dương", 500, "2021-03-01", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Trường Đại học Thủ Dầu Một", "Thu Dau Mot University public Wi-Fi", 10.9806, 106.6745, "718",
        f"Số 6 Trần Văn Ơn, phường Phú Hòa, {_TDM}")),
    DemoHotspot("wifi-benh-vien-da-khoa-tinh", "hospital", 80, "Viettel Bình Dương", 300, "2021-05-15", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Bệnh viện Đa khoa tỉnh Bình Dương", "Binh Duong General Hospital public Wi-Fi", 10.9905, 106.6560,
        "718", f"Số 5 Phạm Ngọc Thạch, phường Hiệp Thành, {_TDM}")),
    DemoHotspot("wifi-thu-vien-tinh", "culture", 60, "VNPT Bình Dương", 200, "2020-11-20", "wifi-giai-doan-1",
                status="maintenance", new=(
        "Wi-Fi công cộng Thư viện tỉnh Bình Dương", "Binh Duong Provincial Library public Wi-Fi", 10.9818, 106.6580, "718",
        f"Đường Yersin, phường Phú Cường, {_TDM}")),
    DemoHotspot("wifi-cong-vien-thanh-le", "park", 80, "FPT Telecom", 300, "2022-04-30", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Công viên Thanh Lễ", "Thanh Le Park public Wi-Fi", 10.9887, 106.6690, "718",
        f"Công viên Thanh Lễ, phường Phú Hòa, {_TDM}")),
    DemoHotspot("wifi-lang-dai-hoc", "school", 200, "Viettel Bình Dương", 1000, "2021-09-05", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Khu đô thị Đại học Quốc gia TP.HCM", "VNU-HCM urban area public Wi-Fi", 10.8760, 106.8000, "724",
        f"Khu đô thị ĐHQG TP.HCM, phường Đông Hòa, {_DA}")),
    DemoHotspot("wifi-ben-xe-mien-dong-moi", "station", 150, "MobiFone", 500, "2021-01-01", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Bến xe Miền Đông mới", "New Mien Dong Coach Station public Wi-Fi", 10.8790, 106.8160, "724",
        f"Quốc lộ 1A, phường Bình Thắng, {_DA}")),
    DemoHotspot("wifi-cho-di-an", "market", 60, "VNPT Bình Dương", 200, "2020-08-15", "wifi-giai-doan-1", new=(
        "Wi-Fi công cộng Chợ Dĩ An", "Di An Market public Wi-Fi", 10.9055, 106.7690, "724",
        f"Đường Trần Hưng Đạo, phường Dĩ An, {_DA}")),
    DemoHotspot("wifi-cho-lai-thieu", "market", 60, "Viettel Bình Dương", 200, "2021-06-01", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Chợ Lái Thiêu", "Lai Thieu Market public Wi-Fi", 10.9040, 106.7010, "725",
        f"Đường Phan Đình Phùng, phường Lái Thiêu, {_TA}")),
    DemoHotspot("wifi-trung-tam-van-hoa-thuan-an", "culture", 70, "FPT Telecom", 300, "2022-02-10", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Trung tâm Văn hóa – Thể thao Thuận An", "Thuan An Culture and Sports Centre public Wi-Fi",
        10.9200, 106.7130, "725", f"Đại lộ Bình Dương, phường Thuận Giao, {_TA}")),
    DemoHotspot("wifi-ubnd-thuan-an", "office", 60, "VNPT Bình Dương", 300, "2020-10-01", "wifi-giai-doan-1", new=(
        "Wi-Fi công cộng Trung tâm Hành chính TP. Thuận An", "Thuan An Administrative Centre public Wi-Fi", 10.9080,
        106.7070, "725", f"Đường Nguyễn Văn Tiết, phường Lái Thiêu, {_TA}")),
    DemoHotspot("wifi-cho-ben-cat", "market", 60, "MobiFone", 200, "2022-07-01", "wifi-giai-doan-2", offline_hours=6, new=(
        "Wi-Fi công cộng Chợ Bến Cát", "Ben Cat Market public Wi-Fi", 11.1570, 106.5960, "721",
        f"Đường 30/4, phường Mỹ Phước, {_BC}")),
    DemoHotspot("wifi-dai-hoc-viet-duc", "school", 120, "Viettel Bình Dương", 500, "2023-09-05", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Trường Đại học Việt Đức", "Vietnamese-German University public Wi-Fi", 11.1070, 106.6130, "721",
        f"Đường Lê Lai, phường Hòa Lợi, {_BC}")),
    DemoHotspot("wifi-cho-uyen-hung", "market", 50, "FPT Telecom", 200, "2023-03-15", "wifi-giai-doan-2", new=(
        "Wi-Fi công cộng Chợ Uyên Hưng", "Uyen Hung Market public Wi-Fi", 11.0650, 106.7960, "723",
        f"Đường ĐT 746, phường Uyên Hưng, {_TU}")),
    DemoHotspot("wifi-trung-tam-hanh-chinh-tan-uyen", "office", 60, "VNPT Bình Dương", 300, "", "wifi-giai-doan-3",
                status="planned", new=(
        "Wi-Fi công cộng Trung tâm Hành chính TP. Tân Uyên", "Tan Uyen Administrative Centre public Wi-Fi", 11.0620,
        106.7940, "723", f"Đường Nguyễn Văn Linh, phường Uyên Hưng, {_TU}")),
]
BY_SLUG = {h.slug: h for h in HOTSPOTS}

ROADMAP = [
    ("wifi-giai-doan-1", 1, "Giai đoạn 1: Wi-Fi miễn phí tại trung tâm hành chính, công viên, chợ và bến xe đô thị lõi",
     "Phase 1: free Wi-Fi at the administrative centre, parks, markets and coach stations of the core towns", 2020, 10, "done"),
    ("wifi-giai-doan-2", 2, "Giai đoạn 2: mở rộng đến trường đại học, bệnh viện và các thành phố phía Nam, phía Bắc",
     "Phase 2: universities, hospitals and the southern and northern cities", 2023, 12, "in_progress"),
    ("wifi-giai-doan-3", 3, "Giai đoạn 3: phủ sóng trung tâm phường mới sau sắp xếp đơn vị hành chính 2025",
     "Phase 3: the centres of the wards formed in 2025", 2027, 25, "planned"),
]


def _value(spec: DemoHotspot, q: str, t: int) -> float | None:
    """The reading of quantity q at time t (hourly streams of the new hotspots, sessions of all)."""
    if q in ("connected_users", "data_volume"):
        v = _wifi_value(spec.asset, q, t)[0]
        return round(v * 4, 1) if q == "data_volume" else v  # MB of the hour (the hub demo's 900 s slices times 4)
    if q == "wifi_sessions":
        users = value(spec, "connected_users", t)
        return float(round(users * SESSION_FACTOR * (0.85 + 0.3 * _rand(_seed(spec.slug, "sess"), t // HOUR))))
    if q == "wifi_unique_users":  # at 23:00 local: the day's distinct devices
        day_start = t - 23 * HOUR
        total = sum(value(spec, "wifi_sessions", day_start + h * HOUR) for h in range(24))
        return float(round(total * UNIQUE_SHARE))
    return None


value = lru_cache(maxsize=200_000)(_value)  # a day's unique users re-read its 24 hourly sessions


def times(spec: DemoHotspot, q: str, first: int, last: int) -> list[int]:
    if q == "wifi_unique_users":
        start = ((first + LOCAL) // DAY) * DAY - LOCAL + 23 * HOUR
        return [t for t in range(start, last + 1, DAY) if t >= first]
    return list(range(first + (-first) % HOURLY, last + 1, HOURLY))


def quantities(spec: DemoHotspot) -> tuple:
    mine = ("wifi_sessions", "wifi_unique_users")
    return (("connected_users", "data_volume") if spec.new else ()) + mine


def _ensure():
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, AssetType, Datastream, Quantity
    from smartcity.hub.services import sync_registry
    from smartcity.programme.models import Item
    from smartcity.wifi.models import Hotspot, RoadmapItem

    owner = Organisation.objects.filter(code=OWNER).first()
    if owner is None:
        return None
    if not AssetType.objects.filter(code="wifi-hotspot").exists() or not Quantity.objects.filter(code="wifi_sessions").exists():
        sync_registry()
    item = Item.objects.filter(reference="P18", owner=owner).order_by("position").first() or \
        Item.objects.filter(reference="P18").order_by("position").first()
    roadmap, created = {}, {"roadmap": 0, "hotspots": 0}
    for code, phase, vi, en, year, planned, status in ROADMAP:
        r, was = RoadmapItem.objects.get_or_create(code=code, defaults=dict(
            owner=owner, published=True, phase=phase, title_vi=vi, title_en=en, target_year=year, planned_hotspots=planned,
            status=status, programme_item=item))
        roadmap[code] = r
        created["roadmap"] += was
    units = {u.code: u for u in AdministrativeUnit.objects.filter(level="district")}
    streams, hotspots = {}, {}
    for spec in HOTSPOTS:
        asset = Asset.objects.filter(slug=spec.slug).first()
        if asset is None and spec.new is None:
            continue  # the hub demo did not load this one
        if asset is None:
            name, name_en, lat, lon, district, address = spec.new
            asset = Asset.objects.create(slug=spec.slug, asset_type_id="wifi-hotspot", owner=owner, name=name, name_en=name_en,
                                         latitude=lat, longitude=lon, address=address, admin_unit=units.get(district),
                                         properties={"ssid": "BinhDuong-Free-WiFi", "provider": spec.operator,
                                                     "bandwidth_mbps": spec.backhaul})
        hotspot, was = Hotspot.objects.get_or_create(asset=asset, defaults=dict(
            owner=asset.owner, published=asset.published, operator=spec.operator, capacity=spec.capacity,
            backhaul_mbps=spec.backhaul, status=spec.status, venue_kind=spec.kind, roadmap=roadmap[spec.phase],
            installed=date.fromisoformat(spec.installed) if spec.installed else None))
        created["hotspots"] += was
        hotspots[spec.slug] = hotspot
        if spec.status == "planned":
            continue
        have = {d.quantity_id: d.id for d in Datastream.objects.filter(asset=asset)}
        for q in quantities(spec):
            if q not in have:
                have[q] = Datastream.objects.create(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit,
                                                    expected_interval_s=DAY if q == "wifi_unique_users" else HOURLY).id
        streams[spec.slug] = {q: have[q] for q in quantities(spec)}
    return hotspots, streams, created


def _readings(streams: dict, now: int) -> int:
    from smartcity.hub.models import Latest
    from smartcity.hub.store import store

    ids = [i for per in streams.values() for i in per.values()]
    latest = dict(Latest.objects.filter(datastream_id__in=ids).values_list("datastream_id", "t"))
    start = now - DAYS * DAY
    rows = []
    for slug, per in streams.items():
        spec = BY_SLUG[slug]
        for q, ds in per.items():
            first = max(start, latest.get(ds, start - 1) + 1)
            for t in times(spec, q, first, now - int(spec.offline_hours * HOUR)):
                v = value(spec, q, t)
                if v is not None:
                    rows.append((ds, t, v, 0, None, None))
    return store(rows, source="demo").stored if rows else 0


def load(now: int | None = None) -> dict:
    now = int(time.time()) if now is None else int(now)
    found = _ensure()
    if found is None:
        return {"hotspots": 0}
    hotspots, streams, created = found
    return {"hotspots": len(hotspots), "new_hotspots": created["hotspots"], "roadmap_items": created["roadmap"],
            "readings": _readings(streams, now)}

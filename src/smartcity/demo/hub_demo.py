"""Demo data for the city data hub: Binh Duong's devices and 30 days of their readings.

The assets are the ones the plan names (II.4, II.9, II.10): the Department of Natural
Resources and Environment's automatic air and surface-water stations, smart bins, smart
public toilets and rainwater reservoirs; LED streetlights of the Department of Transport
and Becamex IDC; the Department of Information and Communications' public Wi-Fi.

Every reading is a pure function of (asset, quantity, time): the loader writes history
with it and the live simulators (`hub_simulators.py`) send the present with it, so the two
join without a seam and loading twice stores nothing new. The functions below the asset
list import nothing from Django.
"""
import json
import math
import time
import zlib
from dataclasses import dataclass, field

from smartcity.demo.registry import register

HOUR = 3600
DAY = 86400
LOCAL = 7 * HOUR  # Asia/Ho_Chi_Minh, UTC+7 all year

# hub.models.Status values (kept here so the maths needs no Django import)
VALID, CALIBRATING, ERROR, SUSPECT, MAINTENANCE = 0, 1, 2, 3, 4

# quantities whose value is an amount per reporting interval (not a level)
PER_INTERVAL = {"visits", "rainfall", "data_volume"}

TYPE_QUANTITIES = {
    "air-station": ("pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity"),
    "water-station": ("ph", "dissolved_oxygen", "cod", "tss", "ammonium", "water_temperature", "turbidity"),
    "waste-bin": ("fill_level", "temperature", "battery"),
    "public-toilet": ("occupancy", "visits"),
    "reservoir": ("water_level", "stored_volume", "rainfall"),
    "streetlight": ("power", "energy", "dimming_level"),
    "wifi-hotspot": ("connected_users", "data_volume"),
}
TYPE_INTERVAL = {"air-station": 300, "water-station": 300, "waste-bin": 1800, "public-toilet": 900,
                 "reservoir": 900, "streetlight": 900, "wifi-hotspot": 900}


@dataclass(frozen=True)
class DemoAsset:
    slug: str
    type_code: str
    owner: str  # organisation code
    name: str
    name_en: str
    lat: float
    lon: float
    district: str  # pre-2025 district code (718..726)
    address: str
    properties: dict = field(default_factory=dict)
    profile: dict = field(default_factory=dict)  # parameters of the value patterns
    offline_hours: float = 0.0  # stopped reporting this long ago (a stale marker on the map)

    @property
    def interval(self) -> int:
        return TYPE_INTERVAL[self.type_code]

    @property
    def quantities(self) -> tuple:
        return TYPE_QUANTITIES[self.type_code]


_MONRE_LAB = "Trung tâm Quan trắc – Kỹ thuật Tài nguyên và Môi trường tỉnh Bình Dương"


def _air(slug, name, name_en, lat, lon, district, address, code, pm25, traffic, so2, installed):
    return DemoAsset(slug, "air-station", "DONRE", name, name_en, lat, lon, district, address,
                     {"station_code": code, "operator": _MONRE_LAB, "standard": "QCVN 05:2023/BTNMT",
                      "installed": installed, "transmission": "FTP, 5 phút/lần"},
                     {"pm25": pm25, "traffic": traffic, "so2": so2})


def _water(slug, name, name_en, lat, lon, district, address, code, river, ph, do, cod, nh4):
    return DemoAsset(slug, "water-station", "DONRE", name, name_en, lat, lon, district, address,
                     {"station_code": code, "river": river, "operator": _MONRE_LAB,
                      "standard": "QCVN 08:2023/BTNMT", "transmission": "FTP, 5 phút/lần"},
                     {"ph": ph, "do": do, "cod": cod, "nh4": nh4})


DEMO_ASSETS: list[DemoAsset] = [
    # Automatic air monitoring stations (DONRE)
    _air("kk-tdm-phu-cuong", "Trạm quan trắc không khí tự động Thủ Dầu Một (Phú Cường)",
         "Thu Dau Mot automatic air station (Phu Cuong)", 10.9812, 106.6545, "718",
         "Đường Quang Trung, phường Phú Cường, TP. Thủ Dầu Một", "BD-KK-01", 27, 1.1, 7, "2019-06-20"),
    _air("kk-di-an", "Trạm quan trắc không khí tự động Dĩ An", "Di An automatic air station",
         10.9058, 106.7688, "724", "Đường Nguyễn An Ninh, phường Dĩ An, TP. Dĩ An", "BD-KK-02", 31, 1.2, 9, "2019-06-20"),
    _air("kk-thuan-an", "Trạm quan trắc không khí tự động Thuận An (Lái Thiêu)", "Thuan An automatic air station (Lai Thieu)",
         10.9046, 106.7021, "725", "Quốc lộ 13, phường Lái Thiêu, TP. Thuận An", "BD-KK-03", 30, 1.3, 8, "2020-03-12"),
    _air("kk-ben-cat", "Trạm quan trắc không khí tự động Bến Cát", "Ben Cat automatic air station",
         11.1563, 106.5952, "721", "Đường 30/4, phường Mỹ Phước, TP. Bến Cát", "BD-KK-04", 25, 0.9, 10, "2020-03-12"),
    _air("kk-tan-uyen", "Trạm quan trắc không khí tự động Tân Uyên", "Tan Uyen automatic air station",
         11.0588, 106.7935, "723", "Đường ĐT746, phường Uyên Hưng, TP. Tân Uyên", "BD-KK-05", 24, 0.8, 8, "2021-09-01"),
    _air("kk-kcn-my-phuoc", "Trạm quan trắc không khí tự động KCN Mỹ Phước", "My Phuoc Industrial Park air station",
         11.1222, 106.6048, "721", "KCN Mỹ Phước, phường Thới Hòa, TP. Bến Cát", "BD-KK-06", 36, 1.0, 22, "2021-09-01"),
    _air("kk-kcn-vsip1", "Trạm quan trắc không khí tự động KCN VSIP I", "VSIP I Industrial Park air station",
         10.9275, 106.7109, "725", "Đại lộ Hữu Nghị, KCN VSIP I, phường Bình Hòa, TP. Thuận An", "BD-KK-07", 34, 1.1, 18, "2022-05-16"),
    # Automatic surface-water stations (DONRE)
    _water("nm-song-sai-gon-tdm", "Trạm quan trắc nước mặt tự động sông Sài Gòn (Thủ Dầu Một)",
           "Saigon River automatic water station (Thu Dau Mot)", 10.9768, 106.6478, "718",
           "Bến Bạch Đằng, phường Phú Cường, TP. Thủ Dầu Một", "BD-NM-01", "Sông Sài Gòn", 7.0, 5.0, 13, 0.25),
    _water("nm-song-dong-nai-tan-uyen", "Trạm quan trắc nước mặt tự động sông Đồng Nai (Tân Uyên)",
           "Dong Nai River automatic water station (Tan Uyen)", 11.0612, 106.8305, "723",
           "Phường Thạnh Hội, TP. Tân Uyên", "BD-NM-02", "Sông Đồng Nai", 7.2, 5.6, 10, 0.15),
    _water("nm-suoi-thi-tinh-ben-cat", "Trạm quan trắc nước mặt tự động suối Thị Tính (Bến Cát)",
           "Thi Tinh stream automatic water station (Ben Cat)", 11.1458, 106.5838, "721",
           "Cầu Thị Tính, phường Mỹ Phước, TP. Bến Cát", "BD-NM-03", "Suối Thị Tính", 6.8, 3.9, 21, 0.6),
]

# Smart bins in the centre of Thu Dau Mot (DONRE): street, lat, lon, fill rate %/h, collections (local hours)
_BINS = [
    ("Đường Bạch Đằng (bờ sông)", 10.9788, 106.6502, 5.5, (5, 15)),
    ("Đường Đinh Bộ Lĩnh (chợ Thủ Dầu Một)", 10.9799, 106.6521, 6.5, (5, 15)),
    ("Đường Nguyễn Thái Học", 10.9807, 106.6535, 4.0, (5,)),
    ("Đường Cách Mạng Tháng Tám", 10.9760, 106.6560, 3.5, (5,)),
    ("Đường Yersin", 10.9830, 106.6585, 3.0, (5,)),
    ("Đường Quang Trung", 10.9822, 106.6548, 4.5, (5,)),
    ("Đường Văn Công Khai", 10.9746, 106.6531, 3.2, (5,)),
    ("Công viên Thủ Dầu Một", 10.9775, 106.6566, 5.0, (5, 15)),
]
for i, (street, lat, lon, rate, pickups) in enumerate(_BINS, 1):
    DEMO_ASSETS.append(DemoAsset(
        f"tr-tdm-{i:02d}", "waste-bin", "DONRE", f"Thùng rác thông minh TDM-{i:02d} – {street}",
        f"Smart bin TDM-{i:02d}", lat, lon, "718", f"{street}, phường Phú Cường, TP. Thủ Dầu Một",
        {"bin_code": f"TR-TDM-{i:02d}", "capacity_l": 660 if rate > 4.5 else 240, "waste_kind": "rác sinh hoạt",
         "collector": "Công ty Cổ phần Nước – Môi trường Bình Dương"},
        {"rate": rate, "pickups": pickups},
        offline_hours=6.0 if i == 7 else 0.0,  # its battery pack failed this morning: shown as stale
    ))

_TOILETS = [
    ("vs-cong-vien-bach-dang", "Nhà vệ sinh công cộng thông minh Công viên Bạch Đằng", "Bach Dang Park smart toilet",
     10.9793, 106.6496, "718", "Đường Bạch Đằng, phường Phú Cường, TP. Thủ Dầu Một", 6, 1.0),
    ("vs-cho-thu-dau-mot", "Nhà vệ sinh công cộng thông minh Chợ Thủ Dầu Một", "Thu Dau Mot Market smart toilet",
     10.9802, 106.6528, "718", "Đường Nguyễn Thái Học, phường Phú Cường, TP. Thủ Dầu Một", 8, 1.4),
    ("vs-ben-xe-binh-duong", "Nhà vệ sinh công cộng thông minh Bến xe khách Bình Dương", "Binh Duong Coach Station smart toilet",
     10.9706, 106.6748, "718", "Đại lộ Bình Dương, phường Phú Hòa, TP. Thủ Dầu Một", 10, 1.6),
    ("vs-cong-vien-thanh-pho-moi", "Nhà vệ sinh công cộng thông minh Công viên Thành phố mới Bình Dương",
     "Binh Duong New City Park smart toilet", 11.0522, 106.6741, "718",
     "Khu Thành phố mới Bình Dương, phường Hòa Phú, TP. Thủ Dầu Một", 6, 0.8),
]
for slug, name, name_en, lat, lon, district, address, capacity, busy in _TOILETS:
    DEMO_ASSETS.append(DemoAsset(slug, "public-toilet", "DONRE", name, name_en, lat, lon, district, address,
                                 {"cabins": capacity, "free_of_charge": True, "opening_hours": "05:00–22:00"},
                                 {"capacity": capacity, "busy": busy}))

_RESERVOIRS = [
    ("hc-bung-biep", "Hồ điều tiết nước mưa Bưng Biệp", "Bung Biep rainwater retention lake", 10.9642, 106.6938, "718",
     "Phường Phú Thọ, TP. Thủ Dầu Một", 42000, 1.3, 1.0),
    ("hc-di-an", "Hồ điều hòa nước mưa Dĩ An", "Di An rainwater detention pond", 10.9012, 106.7652, "724",
     "Phường Đông Hòa, TP. Dĩ An", 18000, 0.9, 1.2),
]
for slug, name, name_en, lat, lon, district, address, area, base, catchment in _RESERVOIRS:
    DEMO_ASSETS.append(DemoAsset(slug, "reservoir", "DONRE", name, name_en, lat, lon, district, address,
                                 {"surface_m2": area, "max_depth_m": 4.5, "purpose": "chống ngập, trữ nước mưa tưới cây"},
                                 {"area": area, "base": base, "catchment": catchment}))


def _line(a, b, n):
    """n points evenly spaced on the segment a-b (a road)."""
    return [(a[0] + (b[0] - a[0]) * i / (n - 1), a[1] + (b[1] - a[1]) * i / (n - 1)) for i in range(n)]


# LED streetlights: Dai lo Binh Duong (DOT) and the My Phuoc - Tan Van road (Becamex IDC)
for i, (lat, lon) in enumerate(_line((10.9612, 106.6752), (11.0048, 106.6581), 8), 1):
    DEMO_ASSETS.append(DemoAsset(
        f"dd-dai-lo-binh-duong-{i:02d}", "streetlight", "DOT", f"Đèn LED Đại lộ Bình Dương – trụ {i:02d}",
        f"Dai lo Binh Duong LED streetlight, pole {i:02d}", round(lat, 5), round(lon, 5), "718",
        "Đại lộ Bình Dương, phường Phú Hòa – Phú Lợi, TP. Thủ Dầu Một",
        {"pole": f"ĐLBD-{100 + i * 7}", "lamp": "LED 150 W", "controller": "NEMA 7 chân, LoRaWAN",
         "cabinet": "Tủ điều khiển ĐLBD-03"},
        {"rated": 150.0, "defective_days": 2 if i == 5 else 0}))
for i, (lat, lon) in enumerate(_line((11.0005, 106.7013), (11.0452, 106.6846), 8), 1):
    DEMO_ASSETS.append(DemoAsset(
        f"dd-my-phuoc-tan-van-{i:02d}", "streetlight", "BECAMEX", f"Đèn LED đường Mỹ Phước – Tân Vạn – trụ {i:02d}",
        f"My Phuoc - Tan Van road LED streetlight, pole {i:02d}", round(lat, 5), round(lon, 5), "718",
        "Đường Mỹ Phước – Tân Vạn, phường Phú Tân, TP. Thủ Dầu Một",
        {"pole": f"MPTV-{200 + i * 9}", "lamp": "LED 120 W", "controller": "NEMA 7 chân, NB-IoT",
         "cabinet": "Tủ điều khiển MPTV-07", "installer": "Tổng Công ty Becamex IDC"},
        {"rated": 120.0, "defective_days": 0}))

_WIFI = [
    ("wifi-trung-tam-hanh-chinh", "Wi-Fi công cộng Trung tâm Hành chính tập trung tỉnh", "Provincial Administration Centre public Wi-Fi",
     11.0549, 106.6695, "718", "Đường Lê Lợi, phường Hòa Phú, TP. Thủ Dầu Một", "office", 120),
    ("wifi-cong-vien-thu-dau-mot", "Wi-Fi công cộng Công viên Thủ Dầu Một", "Thu Dau Mot Park public Wi-Fi",
     10.9772, 106.6572, "718", "Đường Cách Mạng Tháng Tám, phường Phú Cường, TP. Thủ Dầu Một", "park", 90),
    ("wifi-cho-thu-dau-mot", "Wi-Fi công cộng Chợ Thủ Dầu Một", "Thu Dau Mot Market public Wi-Fi",
     10.9797, 106.6524, "718", "Đường Nguyễn Thái Học, phường Phú Cường, TP. Thủ Dầu Một", "market", 70),
    ("wifi-ben-xe-binh-duong", "Wi-Fi công cộng Bến xe khách Bình Dương", "Binh Duong Coach Station public Wi-Fi",
     10.9709, 106.6744, "718", "Đại lộ Bình Dương, phường Phú Hòa, TP. Thủ Dầu Một", "station", 80),
    ("wifi-quang-truong-thanh-pho-moi", "Wi-Fi công cộng Quảng trường Thành phố mới Bình Dương",
     "Binh Duong New City square public Wi-Fi", 11.0531, 106.6733, "718", "Phường Hòa Phú, TP. Thủ Dầu Một", "park", 100),
    ("wifi-nha-van-hoa-di-an", "Wi-Fi công cộng Nhà Văn hóa Dĩ An", "Di An Cultural House public Wi-Fi",
     10.9071, 106.7671, "724", "Phường Dĩ An, TP. Dĩ An", "park", 50),
]
for slug, name, name_en, lat, lon, district, address, kind, capacity in _WIFI:
    DEMO_ASSETS.append(DemoAsset(slug, "wifi-hotspot", "DIC", name, name_en, lat, lon, district, address,
                                 {"ssid": "BinhDuong-Free-WiFi", "provider": "VNPT Bình Dương", "bandwidth_mbps": 200},
                                 {"kind": kind, "capacity": capacity}))

BY_SLUG = {a.slug: a for a in DEMO_ASSETS}
TOKEN_NAME = "Bộ mô phỏng dữ liệu demo"


# -------------------------------------------------------------------------------------
# Value patterns: pure functions of time, deterministic noise
# -------------------------------------------------------------------------------------
_M64 = 0xFFFFFFFFFFFFFFFF


def _rand(seed: int, n: int) -> float:
    """A uniform number in [0, 1) from (seed, n): splitmix64, so history repeats exactly."""
    x = (seed * 0x9E3779B97F4A7C15 + n * 0xBF58476D1CE4E5B9 + 0x632BE59BD9B4E019) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return ((x ^ (x >> 31)) >> 11) / 9007199254740992.0


def _smooth(seed: int, t: float, period: float) -> float:
    """Smooth noise in [-1, 1]: random values every `period` seconds, cosine-interpolated."""
    k = math.floor(t / period)
    f = t / period - k
    a, b = _rand(seed, k), _rand(seed, k + 1)
    w = (1 - math.cos(math.pi * f)) / 2
    return 2 * (a + (b - a) * w) - 1


def _seed(*parts) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def local_hour(t: float) -> float:
    return ((t + LOCAL) % DAY) / HOUR


def _day(t: float) -> int:
    return int((t + LOCAL) // DAY)


def _bump(h: float, centre: float, width: float) -> float:
    """A daily peak around `centre` (hours), wrapping over midnight."""
    d = abs(h - centre)
    d = min(d, 24 - d)
    return math.exp(-0.5 * (d / width) ** 2)


def diurnal(h: float) -> float:
    """-1 at 05:30, +1 at 14:00: the shape of the daily temperature cycle."""
    if 5.5 <= h <= 14:
        return -math.cos(math.pi * (h - 5.5) / 8.5)
    hh = h if h > 14 else h + 24
    return math.cos(math.pi * (hh - 14) / 15.5)


def _weekday(t: float) -> int:
    return (_day(t) + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday


def _air_temperature(t: float, seed: int, urban: float = 0.0) -> float:
    day_shift = 1.8 * _rand(seed, _day(t)) - 0.9
    return 29.4 + 4.3 * diurnal(local_hour(t)) + day_shift + urban + 0.5 * _smooth(seed, t, 2 * HOUR) + 0.15 * (2 * _rand(seed, int(t)) - 1)


def _traffic(t: float) -> float:
    h = local_hour(t)
    load = 1.0 * _bump(h, 7.3, 1.1) + 0.85 * _bump(h, 17.6, 1.4) + 0.25 * _bump(h, 12.0, 1.5)
    return load * (0.75 if _weekday(t) == 6 else 1.0)


def _air_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    h = local_hour(t)
    weather = 0.75 + 0.55 * _rand(_seed(a.slug, "weather"), _day(t))  # a clean or a hazy day
    traffic = _traffic(t) * p["traffic"]
    pm25 = (0.72 * p["pm25"] + 34 * traffic + 9 * _bump(h, 23.5, 2.5)) * weather \
        + 4 * _smooth(_seed(a.slug, "pm"), t, HOUR) + 1.5 * (2 * _rand(s, int(t)) - 1)
    pm25 = max(4.0, pm25)
    if q == "pm25":
        v = pm25
    elif q == "pm10":
        v = pm25 * (1.5 + 0.15 * _smooth(s, t, 3 * HOUR)) + 6
    elif q == "co":
        v = 650 + 1900 * traffic * weather + 120 * _smooth(s, t, HOUR)
    elif q == "no2":
        v = 16 + 48 * traffic * weather + 4 * _smooth(s, t, HOUR)
    elif q == "so2":
        v = p["so2"] * (1 + 0.35 * _smooth(s, t, 4 * HOUR)) + 2
    elif q == "o3":
        sun = max(0.0, math.sin(math.pi * (h - 8) / 10)) if 8 <= h <= 18 else 0.0
        v = 14 + 78 * sun * (2.1 - weather) + 5 * _smooth(s, t, 2 * HOUR)
    elif q == "temperature":
        v = _air_temperature(t, _seed(a.slug, "temp"), 0.2)
    elif q == "relative_humidity":
        temp_shape = diurnal(h)
        v = min(98.0, max(40.0, 76 - 19 * temp_shape + 4 * _smooth(s, t, 2 * HOUR) - 6 * (weather - 1)))
    else:
        return None
    status = CALIBRATING if 1.5 <= h < 1.5 + 10 / 60 else VALID  # nightly zero check, 10 minutes
    return max(0.0, v), status


def _tide(t: float) -> float:
    return math.sin(2 * math.pi * t / (12.42 * HOUR))  # semi-diurnal tide reaching Thu Dau Mot


def _water_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    h = local_hour(t)
    tide = _tide(t) if a.slug != "nm-suoi-thi-tinh-ben-cat" else 0.3 * _tide(t)
    if q == "ph":
        v = p["ph"] + 0.28 * tide + 0.15 * _smooth(s, t, 6 * HOUR) + 0.03 * (2 * _rand(s, int(t)) - 1)
        v = min(7.8, max(6.5, v))
    elif q == "dissolved_oxygen":
        v = p["do"] + 1.0 * math.sin(2 * math.pi * (h - 9) / 24) + 0.4 * _smooth(s, t, 3 * HOUR) + 0.3 * tide
        v = min(7.0, max(3.0, v))
    elif q == "cod":
        v = p["cod"] * (1 + 0.3 * _smooth(s, t, 8 * HOUR)) - 1.5 * tide
    elif q == "tss":
        v = 38 + 14 * _smooth(s, t, 5 * HOUR) - 9 * tide + (10 if p["cod"] > 18 else 0)
    elif q == "ammonium":
        v = p["nh4"] * (1 + 0.4 * _smooth(s, t, 6 * HOUR))
    elif q == "water_temperature":
        v = 28.6 + 1.3 * diurnal((h - 2) % 24) + 0.3 * _smooth(s, t, 4 * HOUR)
    elif q == "turbidity":
        v = 0.8 * (38 + 14 * _smooth(_seed(a.slug, "tss"), t, 5 * HOUR) - 9 * tide) + 3 * _smooth(s, t, HOUR)
    else:
        return None
    status = VALID
    if a.slug == "nm-suoi-thi-tinh-ben-cat" and _day(t) % 9 == 4 and 8 <= h < 10:
        status = MAINTENANCE  # probes cleaned every nine days
    return max(0.0, v), status


def _bin_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    if q == "fill_level":
        # last collection before t
        day_start = (_day(t)) * DAY - LOCAL
        pickups = sorted(day_start + hh * HOUR for hh in p["pickups"])
        last = max((x for x in pickups if x <= t), default=None)
        if last is None:
            last = day_start - DAY + max(p["pickups"]) * HOUR
        busy = 0.8 + 0.45 * _rand(_seed(a.slug, "busy"), _day(last))
        v = 3 + p["rate"] * busy * _active_hours(last, t) + 1.5 * _smooth(s, t, 2 * HOUR)
        return min(100.0, max(0.0, v)), VALID
    if q == "temperature":
        return _air_temperature(t, _seed("tdm", "temp"), 1.8) + 0.4 * _smooth(s, t, HOUR), VALID
    if q == "battery":
        days = (t / DAY) + 37 * _rand(s, 0)
        return round(100 - (days * 0.9) % 78, 1), VALID
    return None


def _active_hours(t0: float, t1: float) -> float:
    """Hours between t0 and t1 weighted by street activity: 1 from 06:00 to 22:00, 0.15 at night."""
    total, t = 0.0, t0
    while t < t1:
        h = local_hour(t)
        if 6 <= h < 22:
            boundary = t + (22 - h) * HOUR
            w = 1.0
        else:
            boundary = t + ((6 - h) % 24) * HOUR
            w = 0.15
        nxt = min(t1, boundary if boundary > t else t + HOUR)
        total += w * (nxt - t) / HOUR
        t = nxt
    return total


def _activity(h: float, kind: str, weekday: int) -> float:
    if kind == "office":
        if weekday >= 5:
            return 0.08 + 0.1 * _bump(h, 10, 2)
        return 0.05 + 0.9 * _bump(h, 9.5, 1.6) + 0.8 * _bump(h, 15, 1.6) + 0.35 * _bump(h, 12, 0.8)
    if kind == "market":
        return 0.05 + 0.95 * _bump(h, 7.5, 1.8) + 0.4 * _bump(h, 16.5, 1.5)
    if kind == "station":
        return 0.1 + 0.7 * _bump(h, 6.5, 1.5) + 0.6 * _bump(h, 13, 2.5) + 0.8 * _bump(h, 18, 1.8)
    weekend = 1.35 if weekday >= 5 else 1.0  # park, square
    return (0.05 + 0.45 * _bump(h, 6.0, 1.0) + 0.25 * _bump(h, 12, 2) + 1.0 * _bump(h, 19.3, 1.6)) * weekend


def _toilet_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    h = local_hour(t)
    open_now = 5 <= h < 22
    act = _activity(h, "station" if "ben-xe" in a.slug else "market" if "cho" in a.slug else "park", _weekday(t))
    if q == "occupancy":
        v = round(p["capacity"] * min(1.0, act * 0.7 * p["busy"]) * (0.5 + _rand(s, int(t) // 60))) if open_now else 0
        return float(min(p["capacity"], v)), VALID
    if q == "visits":
        v = round(22 * act * p["busy"] * (0.7 + 0.6 * _rand(s, int(t) // 900))) if open_now else 0
        return float(v), VALID
    return None


def rain_events(day: int) -> list[tuple[float, float, float]]:
    """Province-wide showers of a local day: (start, end, mm per hour). Afternoon storms in
    the rainy season (May-October), fewer as the dry season sets in."""
    month = time.gmtime(day * DAY).tm_mon
    chance = {5: .55, 6: .65, 7: .65, 8: .7, 9: .75, 10: .7, 11: .35, 12: .12}.get(month, .06)
    s = _seed("rain")
    if _rand(s, day) > chance:
        return []
    start = day * DAY - LOCAL + (13.5 + 4.5 * _rand(s, day + 10_000)) * HOUR
    duration = (0.4 + 2.0 * _rand(s, day + 20_000)) * HOUR
    intensity = 4 + 32 * _rand(s, day + 30_000) ** 2
    return [(start, start + duration, intensity)]


def _rain_between(t0: float, t1: float, factor: float = 1.0) -> float:
    total = 0.0
    for d in range(_day(t0), _day(t1) + 1):
        for start, end, mm_h in rain_events(d):
            overlap = min(t1, end) - max(t0, start)
            if overlap > 0:
                total += mm_h * factor * overlap / HOUR
    return total


def _reservoir_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    if q == "rainfall":
        return round(_rain_between(t - 900, t, p["catchment"]), 1), VALID
    level = p["base"] + 0.03 * _smooth(s, t, 6 * HOUR)
    for d in range(_day(t) - 4, _day(t) + 1):
        for start, end, mm_h in rain_events(d):
            if start >= t:
                continue
            fallen = mm_h * p["catchment"] * (min(t, end) - start) / HOUR
            level += 0.022 * fallen * math.exp(-max(0.0, t - end) / (30 * HOUR))
    level = min(4.5, level)
    if q == "water_level":
        return round(level, 3), VALID
    if q == "stored_volume":
        return round(level * p["area"]), VALID
    return None


# Streetlight schedule (local hours): on at dusk, dimmed after midnight, off at dawn
_LIGHT = [(0.0, 4.5, 50.0), (4.5, 6.0, 80.0), (6.0, 17.75, 0.0), (17.75, 24.0, 100.0)]
STANDBY_W = 1.5


def dimming(h: float) -> float:
    for start, end, level in _LIGHT:
        if start <= h < end:
            return level
    return 0.0


def _lamp_energy_wh(rated: float, h: float) -> float:
    """Energy (Wh) drawn from local midnight to local hour h by the schedule."""
    total = STANDBY_W * h
    for start, end, level in _LIGHT:
        if h > start:
            total += rated * level / 100 * (min(h, end) - start)
    return total


def _light_value(a: DemoAsset, q: str, t: float, now: float | None = None):
    p = a.profile
    s = _seed(a.slug, q)
    h = local_hour(t)
    dim = dimming(h)
    broken = p["defective_days"] and now is not None and t >= now - p["defective_days"] * DAY
    if q == "dimming_level":
        return dim, VALID
    if q == "power":
        if dim == 0 or broken:
            return STANDBY_W + 0.2 * _rand(s, int(t)), VALID
        return round(p["rated"] * dim / 100 * (0.97 + 0.05 * _rand(s, int(t))) + STANDBY_W, 1), VALID
    if q == "energy":
        if broken:  # the meter only counts the standby draw since the lamp failed
            since = now - p["defective_days"] * DAY
            return round(_meter_kwh(a, since) + STANDBY_W * (t - since) / HOUR / 1000, 3), VALID
        return _meter_kwh(a, t), VALID
    return None


def _meter_kwh(a: DemoAsset, t: float) -> float:
    """The lamp's energy meter: a start reading plus the schedule's energy, day by day."""
    rated = a.profile["rated"]
    start_kwh = 1800 + 400 * _rand(_seed(a.slug, "energy"), 0)
    daily = _lamp_energy_wh(rated, 24.0)
    return round(start_kwh + (_day(t) - 20000) * daily / 1000 + _lamp_energy_wh(rated, local_hour(t)) / 1000, 3)


def _wifi_value(a: DemoAsset, q: str, t: float):
    p = a.profile
    s = _seed(a.slug, q)
    h = local_hour(t)
    users = p["capacity"] * _activity(h, p["kind"], _weekday(t)) * (0.8 + 0.4 * _smooth(_seed(a.slug, "u"), t, HOUR))
    if q == "connected_users":
        return float(max(0, round(users))), VALID
    if q == "data_volume":
        return round(users * (2.5 + 3.0 * _rand(s, int(t) // 900)) * 0.9, 1), VALID
    return None


_BY_TYPE = {"air-station": _air_value, "water-station": _water_value, "waste-bin": _bin_value,
            "public-toilet": _toilet_value, "reservoir": _reservoir_value, "wifi-hotspot": _wifi_value}


def reading(a: DemoAsset, q: str, t: float, now: float | None = None):
    """(value, status) of asset `a`, quantity `q` at time t (epoch seconds); None if not measured.
    `now` places events that are relative to the present (a lamp that failed two days ago)."""
    if a.type_code == "streetlight":
        out = _light_value(a, q, t, now)
    else:
        out = _BY_TYPE[a.type_code](a, q, t)
    if out is None:
        return None
    value, status = out
    return round(value, 3), status


def values_at(a: DemoAsset, t: float, now: float | None = None, quantities=None) -> dict:
    """{quantity: value} of the valid readings at time t, as a device would send them."""
    out = {}
    for q in (a.quantities if quantities is None else quantities):
        r = reading(a, q, t, now)
        if r is not None:
            out[q] = r[0]
    return out


# -------------------------------------------------------------------------------------
# The loader
# -------------------------------------------------------------------------------------
TOKENS_FILE = "demo_device_tokens.json"


def tokens_path():
    from django.conf import settings

    return settings.VAR_DIR / TOKENS_FILE


def demo_token_keys() -> dict:
    """{organisation code: device token key} written by the loader for the simulators."""
    path = tokens_path()
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _ensure_tokens() -> int:
    """One integration token per owner organisation; kept across runs while still valid."""
    from smartcity.core.models import Organisation
    from smartcity.core.tokens import hash_key
    from smartcity.hub.models import DeviceToken
    from smartcity.hub.services import issue_device_token, revoke_device_token

    keys = demo_token_keys()
    issued = 0
    for code in sorted({a.owner for a in DEMO_ASSETS}):
        key = keys.get(code)
        if key and DeviceToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).exists():
            continue
        owner = Organisation.objects.get(code=code)
        for stale in DeviceToken.objects.filter(owner=owner, name=TOKEN_NAME, revoked_at__isnull=True):
            revoke_device_token(stale)
        _token, keys[code] = issue_device_token(owner, TOKEN_NAME, all_owner_assets=True)
        issued += 1
    path = tokens_path()
    path.write_text(json.dumps(keys, indent=2))
    path.chmod(0o600)
    return issued


def _ensure_assets() -> tuple[dict, int]:
    """Create or refresh the demo assets and their datastreams; {slug: {quantity: datastream id}}."""
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, AssetType, Datastream
    from smartcity.hub.services import sync_registry

    if not AssetType.objects.exists():
        sync_registry()
    owners = {o.code: o for o in Organisation.objects.filter(code__in={a.owner for a in DEMO_ASSETS})}
    units = {u.code: u for u in AdministrativeUnit.objects.filter(level="district", code__in={a.district for a in DEMO_ASSETS})}
    existing = {a.slug: a for a in Asset.objects.filter(slug__in=BY_SLUG)}
    created = 0
    streams = {}
    for d in DEMO_ASSETS:
        fields = dict(asset_type_id=d.type_code, owner=owners[d.owner], name=d.name, name_en=d.name_en, latitude=d.lat,
                      longitude=d.lon, admin_unit=units.get(d.district), address=d.address, properties=d.properties)
        asset = existing.get(d.slug)
        if asset is None:
            asset = Asset.objects.create(slug=d.slug, **fields)
            created += 1
        elif any(getattr(asset, k) != v for k, v in fields.items() if k not in ("owner", "admin_unit")) \
                or asset.owner_id != fields["owner"].pk or asset.admin_unit_id != getattr(fields["admin_unit"], "pk", None):
            for k, v in fields.items():
                setattr(asset, k, v)
            asset.save()
        have = {ds.quantity_id: ds.id for ds in Datastream.objects.filter(asset=asset)}
        for q in d.quantities:
            if q not in have:
                have[q] = Datastream.objects.create(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit,
                                                    expected_interval_s=d.interval).id
        streams[d.slug] = have
    return streams, created


def load_hub_demo(days: float = 30, now: int | None = None, chunk: int = 20_000) -> dict:
    """Idempotent: assets are created or refreshed; history is written only where a
    datastream has none yet (from `days` ago, or from its newest reading) up to now."""
    from django.db import transaction

    from smartcity.hub.models import Latest
    from smartcity.hub.store import store

    now = int(time.time()) if now is None else int(now)
    with transaction.atomic():
        streams, created = _ensure_assets()
        issued = _ensure_tokens()
    ds_ids = [i for per in streams.values() for i in per.values()]
    latest = dict(Latest.objects.filter(datastream_id__in=ds_ids).values_list("datastream_id", "t"))
    start = now - int(days * DAY)
    stored = 0
    rows = []

    def flush():
        nonlocal stored, rows
        if rows:
            with transaction.atomic():
                stored += store(rows, source="demo").stored
            rows = []

    for d in DEMO_ASSETS:
        step = d.interval
        end = now - int(d.offline_hours * HOUR)
        for q, ds in streams[d.slug].items():
            if q not in d.quantities:
                continue
            first = max(start, latest.get(ds, start - 1) + 1)
            t = first + (-first) % step  # readings on the interval's grid: :00, :05, ...
            while t <= end:
                r = reading(d, q, t, now)
                if r is not None:
                    rows.append((ds, t, r[0], r[1], None, None))
                t += step
            if len(rows) >= chunk:
                flush()
    flush()
    return {"assets": len(DEMO_ASSETS), "new_assets": created, "datastreams": len(ds_ids), "readings": stored,
            "new_tokens": issued}


@register(20, "hub")
def load() -> dict:
    return load_hub_demo()

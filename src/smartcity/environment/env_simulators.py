"""Binh Duong's monitoring network for the demo (environment.md §7), its readings as pure
functions of (station, parameter, time), the station files of Circular 10/2021 built from
them, and the two live feeds that `./run demo` starts:

- `StationFileFeed`: every 5 minutes one file per water, wastewater, groundwater and stack
  station, uploaded with ftplib to the platform's FTP server (one account per facility or
  station group), some with calibration (01) and instrument-error (02) codes and now and
  then a malformed line (a decimal comma, which the parser accepts, or a value such as
  `---`, which it rejects with its reason);
- `MobileFeed`: the mobile air monitoring vehicle's located readings every minute, over MQTT
  when MQTT_URL is set, else HTTP, exactly as the hub's own simulator sends the fixed air
  stations (which it already does: they are not sent twice).

Values repeat exactly (deterministic noise from hub_demo), so the loader's 30 days of history
and the live files join without a seam and loading twice stores nothing new. Everything
above the feeds imports nothing from Django.

File layout (environment.md §1, as public dataloggers implement Circular 10/2021):
`<code>_<yyyyMMddHHmmss>.txt`, local time (UTC+7), one line per parameter,
`parameter<TAB>value<TAB>unit<TAB>yyyyMMddHHmmss<TAB>status`, CRLF line ends (the
dataloggers run Windows), uploaded into `<code>/yyyy/MM/dd/` of the account's home.
"""
import logging
import math
import threading
import time
from dataclasses import dataclass, field

from functools import lru_cache

from smartcity.demo.hub_demo import (
    BY_SLUG, CALIBRATING, DAY, ERROR, HOUR, LOCAL, VALID, _air_temperature, _bump, _day, _rand, _smooth, _traffic,
    _weekday, diurnal, local_hour,
)
from smartcity.demo.hub_demo import _seed as _seed_uncached

_seed = lru_cache(maxsize=4096)(_seed_uncached)  # crc32 of the same few names, millions of times

log = logging.getLogger("smartcity.demo.environment")
FILE_INTERVAL = 300  # Circular 10/2021: a result transmitted within 5 minutes
MOBILE_INTERVAL = 60

# parameter as written in the file, quantity code, unit as written, decimals
PARAMS = {
    "wastewater": (("pH", "ph", "-", 2), ("COD", "cod", "mg/L", 1), ("TSS", "tss", "mg/L", 1),
                   ("Flow", "flow", "m3/h", 1), ("Temp", "water_temperature", "oC", 1)),
    "surface-water": (("pH", "ph", "-", 2), ("DO", "dissolved_oxygen", "mg/L", 2), ("COD", "cod", "mg/L", 1),
                      ("TSS", "tss", "mg/L", 1), ("N-NH4", "ammonium", "mg/L", 3), ("Temp", "water_temperature", "oC", 1)),
    "groundwater": (("Level", "water_level", "m", 3), ("Sal", "salinity", "ppt", 3), ("Temp", "water_temperature", "oC", 2)),
    "emission": (("Dust_flue", "dust_flue", "mg/Nm3", 1), ("SO2", "so2", "mg/Nm3", 1), ("NOx", "nox", "mg/Nm3", 1),
                 ("CO", "co", "mg/Nm3", 1), ("O2_flue", "o2_flue", "%", 2), ("Temp_flue", "flue_temperature", "oC", 1),
                 ("Flow_gas", "flue_gas_flow", "Nm3/h", 0)),
    "mobile": tuple((q, q, "", 1) for q in ("pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity")),
}
FILE_KINDS = ("wastewater", "surface-water", "groundwater", "emission")

# demo permit values (the facility's environmental permit, entered by staff): column A of
# QCVN 40:2011/BTNMT for wastewater and column B of QCVN 19:2009/BTNMT for the stack, with
# Kq = Kf = Kp = Kv = 1. Demo figures for the permit mechanism, not a statement of the law.
PERMITS = {
    "wastewater": {"cod": (None, 75.0, "mg/L"), "tss": (None, 50.0, "mg/L"), "ph": (6.0, 9.0, "-")},
    "emission": {"dust_flue": (None, 200.0, "mg/Nm³"), "so2": (None, 500_000.0, "µg/m³"),
                 "nox": (None, 850_000.0, "µg/m³"), "co": (None, 1_000_000.0, "µg/m³")},
}


@dataclass(frozen=True)
class Facility:
    """A facility organisation (enterprise, business helix) that owns its stations."""

    code: str
    name_vi: str
    name_en: str
    abbreviation: str
    address: str


@dataclass(frozen=True)
class DemoStation:
    code: str
    kind: str
    name: str
    name_en: str
    lat: float
    lon: float
    district: str  # pre-2025 district code (718..726)
    address: str = ""
    owner: str = "DONRE"
    short_name: str = ""
    river: str = ""
    industrial_park: str = ""
    facility: str = ""
    asset_slug: str | None = None  # an existing hub demo asset this station is (its feed stays the hub's)
    ftp: str | None = None  # FTP account (facility or station group) that uploads its files
    contacts: tuple = ()
    commissioned: str = ""
    profile: dict = field(default_factory=dict)

    @property
    def params(self):
        return PARAMS[self.kind]

    @property
    def quantities(self):
        return tuple(q for _, q, _, _ in self.params)

    @property
    def fed_by_files(self) -> bool:
        return self.kind in FILE_KINDS and self.asset_slug is None


_CENTRE = "Trung tâm Quan trắc – Kỹ thuật Tài nguyên và Môi trường tỉnh Bình Dương"

FACILITIES = [
    Facility("HT-KCNSONGTHAN", "Công ty Phát triển hạ tầng KCN Sóng Thần", "Song Than IP infrastructure company", "HT KCN Sóng Thần",
             "Đường số 2, KCN Sóng Thần II, phường Tân Đông Hiệp, TP. Dĩ An"),
    Facility("VSIPJV", "Công ty Liên doanh TNHH Khu công nghiệp Việt Nam – Singapore", "Vietnam Singapore Industrial Park JV Co., Ltd.",
             "VSIP", "Số 8 Đại lộ Hữu Nghị, KCN VSIP I, phường Bình Hòa, TP. Thuận An"),
    Facility("HT-KCNVIETHUONG", "Công ty Phát triển hạ tầng KCN Việt Hương", "Viet Huong IP infrastructure company", "HT KCN Việt Hương",
             "KCN Việt Hương, phường Thuận Giao, TP. Thuận An"),
    Facility("HT-KCNDONGAN", "Công ty Phát triển hạ tầng KCN Đồng An", "Dong An IP infrastructure company", "HT KCN Đồng An",
             "KCN Đồng An, phường Bình Hòa, TP. Thuận An"),
    Facility("HT-KCNBINHDUONG", "Công ty Phát triển hạ tầng KCN Bình Đường", "Binh Duong IP infrastructure company", "HT KCN Bình Đường",
             "KCN Bình Đường, phường An Bình, TP. Dĩ An"),
    Facility("GIAY-TPK", "Công ty TNHH Giấy Tân Phước Khánh", "Tan Phuoc Khanh Paper Co., Ltd.", "Giấy Tân Phước Khánh",
             "Đường ĐT747B, phường Tân Phước Khánh, TP. Tân Uyên"),
    Facility("DETNHUOM-BC", "Công ty TNHH Dệt nhuộm Bình Chuẩn", "Binh Chuan Textile Dyeing Co., Ltd.", "Dệt nhuộm Bình Chuẩn",
             "Đường ĐT743, phường Bình Chuẩn, TP. Thuận An"),
    Facility("THUCPHAM-TD", "Công ty Cổ phần Chế biến thực phẩm Tân Định", "Tan Dinh Food Processing JSC", "Thực phẩm Tân Định",
             "Quốc lộ 13, phường Tân Định, TP. Bến Cát"),
    Facility("CAOSU-PG", "Công ty TNHH Chế biến mủ cao su Phú Giáo", "Phu Giao Latex Processing Co., Ltd.", "Mủ cao su Phú Giáo",
             "Đường ĐT741, thị trấn Phước Vĩnh, huyện Phú Giáo"),
]


def _ww(code, ip, name_en, lat, lon, district, address, owner, ftp, facility, flow, cod, tss, *, risk=0.0, commissioned="2011-07-01",
        contacts=(), kind_of="cetp", short=""):
    return DemoStation(code, "wastewater", f"Trạm quan trắc nước thải tự động – {facility}", name_en, lat, lon, district, address,
                       owner, short or ip, "", ip, facility, None, ftp, contacts,
                       commissioned, {"flow": flow, "cod": cod, "tss": tss, "risk": risk, "kind_of": kind_of})


DEMO_STATIONS: list[DemoStation] = []

# 1. The hub demo's DONRE air and surface-water stations, attached (their readings keep coming
#    from the hub's simulator over HTTP/MQTT; the transmission codes are the centre's).
_AIR_SHORT = {"kk-tdm-phu-cuong": "Thủ Dầu Một", "kk-di-an": "Dĩ An", "kk-thuan-an": "Thuận An", "kk-ben-cat": "Bến Cát",
              "kk-tan-uyen": "Tân Uyên", "kk-kcn-my-phuoc": "KCN Mỹ Phước", "kk-kcn-vsip1": "KCN VSIP I"}
for i, slug in enumerate(_AIR_SHORT, 1):
    a = BY_SLUG[slug]
    DEMO_STATIONS.append(DemoStation(f"BD_TTQT_KK{i:02d}", "air", a.name, a.name_en, a.lat, a.lon, a.district, a.address,
                                     short_name=_AIR_SHORT[slug], asset_slug=slug, commissioned=a.properties.get("installed", ""),
                                     industrial_park="KCN Mỹ Phước" if "my-phuoc" in slug else "KCN VSIP I" if "vsip" in slug else ""))
_WATER = {"nm-song-sai-gon-tdm": ("Thủ Dầu Một", "A"), "nm-song-dong-nai-tan-uyen": ("Tân Uyên", "A"),
          "nm-suoi-thi-tinh-ben-cat": ("Bến Cát", "B")}
for i, (slug, (short, klass)) in enumerate(_WATER.items(), 1):
    a = BY_SLUG[slug]
    DEMO_STATIONS.append(DemoStation(f"BD_TTQT_NM{i:02d}", "surface-water", a.name, a.name_en, a.lat, a.lon, a.district, a.address,
                                     short_name=short, river=a.properties.get("river", ""), asset_slug=slug, commissioned="2014-05-01",
                                     profile={"class": klass}))

# 2. Surface water at Vĩnh Nguyên on the Thị Tính (files over FTP, like the real station)
DEMO_STATIONS.append(DemoStation(
    "BD_TTQT_NM04", "surface-water", "Trạm quan trắc nước mặt tự động suối Thị Tính (Vĩnh Nguyên)",
    "Thi Tinh stream automatic water station (Vinh Nguyen)", 11.0817, 106.6132, "721",
    "Cầu Vĩnh Nguyên, phường Hòa Lợi, TP. Bến Cát", short_name="Vĩnh Nguyên", river="Suối Thị Tính", ftp="ttqt-nuocmat",
    commissioned="2015-09-01", profile={"class": "B", "ph": 6.9, "do": 4.2, "cod": 19, "nh4": 0.55, "tide": 0.4}))

# 3. Wastewater at the central treatment plants of six industrial parks (since July 2011)
DEMO_STATIONS += [
    _ww("BD_KCNSONGTHAN_NT01", "KCN Sóng Thần", "Song Than IP central wastewater plant station", 10.8968, 106.7541, "724",
        "KCN Sóng Thần II, phường Tân Đông Hiệp, TP. Dĩ An", "HT-KCNSONGTHAN", "kcn-songthan",
        "Nhà máy XLNT tập trung KCN Sóng Thần", 210, 38, 16, contacts=("moitruong@kcnsongthan.vn",)),
    _ww("BD_KCNVSIP_NT01", "KCN VSIP I", "VSIP I central wastewater plant station", 10.9231, 106.7163, "725",
        "Đại lộ Hữu Nghị, KCN VSIP I, phường Bình Hòa, TP. Thuận An", "VSIPJV", "kcn-vsip",
        "Nhà máy XLNT tập trung KCN VSIP I", 520, 32, 12, contacts=("environment@vsip.com.vn",)),
    _ww("BD_KCNMYPHUOC_NT01", "KCN Mỹ Phước", "My Phuoc IP central wastewater plant station", 11.1371, 106.5893, "721",
        "KCN Mỹ Phước III, phường Thới Hòa, TP. Bến Cát", "BECAMEX", "kcn-myphuoc",
        "Nhà máy XLNT tập trung KCN Mỹ Phước", 640, 41, 18, contacts=("moitruong@becamex.com.vn",)),
    _ww("BD_KCNVIETHUONG_NT01", "KCN Việt Hương", "Viet Huong IP central wastewater plant station", 10.9602, 106.7158, "725",
        "KCN Việt Hương, phường Thuận Giao, TP. Thuận An", "HT-KCNVIETHUONG", "kcn-viethuong",
        "Nhà máy XLNT tập trung KCN Việt Hương", 95, 44, 19, contacts=("moitruong@kcnviethuong.vn",)),
    _ww("BD_KCNDONGAN_NT01", "KCN Đồng An", "Dong An IP central wastewater plant station", 10.9168, 106.7261, "725",
        "KCN Đồng An, phường Bình Hòa, TP. Thuận An", "HT-KCNDONGAN", "kcn-dongan",
        "Nhà máy XLNT tập trung KCN Đồng An", 140, 46, 20, contacts=("moitruong@kcndongan.vn",)),
    _ww("BD_KCNBINHDUONG_NT01", "KCN Bình Đường", "Binh Duong IP central wastewater plant station", 10.8789, 106.7487, "724",
        "KCN Bình Đường, phường An Bình, TP. Dĩ An", "HT-KCNBINHDUONG", "kcn-binhduong",
        "Nhà máy XLNT tập trung KCN Bình Đường", 60, 49, 21, contacts=("moitruong@kcnbinhduong.vn",)),
]
# 4. Large dischargers outside the parks (their own stations, later added to the network)
DEMO_STATIONS += [
    _ww("BD_GIAYTPK_NT01", "", "Tan Phuoc Khanh paper mill wastewater station", 11.0125, 106.7298, "723",
        "Đường ĐT747B, phường Tân Phước Khánh, TP. Tân Uyên", "GIAY-TPK", "giay-tpk", "Công ty TNHH Giấy Tân Phước Khánh",
        150, 58, 28, risk=0.10, commissioned="2016-03-15", contacts=("hse@giaytpk.vn",), kind_of="paper", short="Giấy Tân Phước Khánh"),
    _ww("BD_DETNHUOMBC_NT01", "", "Binh Chuan textile dyeing wastewater station", 10.9763, 106.7362, "725",
        "Đường ĐT743, phường Bình Chuẩn, TP. Thuận An", "DETNHUOM-BC", "detnhuom-bc", "Công ty TNHH Dệt nhuộm Bình Chuẩn",
        85, 55, 24, risk=0.14, commissioned="2017-08-01", contacts=("moitruong@detnhuombc.vn",), kind_of="dyeing",
        short="Dệt nhuộm Bình Chuẩn"),
    _ww("BD_CBTPTD_NT01", "", "Tan Dinh food processing wastewater station", 11.0702, 106.6251, "721",
        "Quốc lộ 13, phường Tân Định, TP. Bến Cát", "THUCPHAM-TD", "thucpham-td", "Công ty Cổ phần Chế biến thực phẩm Tân Định",
        60, 47, 22, risk=0.06, commissioned="2018-01-10", contacts=("qa@thucphamtandinh.vn",), kind_of="food",
        short="Thực phẩm Tân Định"),
    _ww("BD_MUCSPG_NT01", "", "Phu Giao latex processing wastewater station", 11.2915, 106.7934, "722",
        "Đường ĐT741, thị trấn Phước Vĩnh, huyện Phú Giáo", "CAOSU-PG", "caosu-pg", "Công ty TNHH Chế biến mủ cao su Phú Giáo",
        45, 52, 25, risk=0.08, commissioned="2019-06-20", contacts=("moitruong@caosupg.vn",), kind_of="latex",
        short="Mủ cao su Phú Giáo"),
]
# 5. One stack (coal-fired boiler of the paper mill)
DEMO_STATIONS.append(DemoStation(
    "BD_GIAYTPK_KT01", "emission", "Trạm quan trắc khí thải tự động – Lò hơi Công ty TNHH Giấy Tân Phước Khánh",
    "Tan Phuoc Khanh paper mill boiler stack station", 11.0131, 106.7305, "723",
    "Đường ĐT747B, phường Tân Phước Khánh, TP. Tân Uyên", "GIAY-TPK", "Lò hơi Giấy TPK", facility="Công ty TNHH Giấy Tân Phước Khánh",
    ftp="giay-tpk", contacts=("hse@giaytpk.vn",), commissioned="2020-11-01",
    profile={"dust": 95, "so2": 310, "nox": 420, "co": 180, "risk": 0.05}))

# 6. Groundwater: clusters of three wells (upper Pleistocene, lower Pleistocene, Pliocene)
_GW = [("Sóng Thần", "Song Than", 10.8934, 106.7519, "724", "Phường Tân Đông Hiệp, TP. Dĩ An", 18.5),
       ("Vĩnh Phú", "Vinh Phu", 10.8781, 106.7043, "725", "Phường Vĩnh Phú, TP. Thuận An", 9.8),
       ("An Phú", "An Phu", 10.9397, 106.7508, "725", "Phường An Phú, TP. Thuận An", 24.2)]
_AQUIFERS = [("Pleistocen trên", "upper Pleistocene", 42, 0.0, 0.12), ("Pleistocen dưới", "lower Pleistocene", 88, 6.5, 0.21),
             ("Pliocen", "Pliocene", 136, 11.0, 0.34)]
n = 0
for place, place_en, lat, lon, district, address, depth in _GW:
    for j, (aq, aq_en, bottom, extra, sal) in enumerate(_AQUIFERS, 1):
        n += 1
        DEMO_STATIONS.append(DemoStation(
            f"BD_TTQT_NDD{n:02d}", "groundwater", f"Giếng quan trắc nước dưới đất tự động {place} {j} (tầng {aq}, sâu {bottom} m)",
            f"{place_en} automatic groundwater well {j} ({aq_en}, {bottom} m)", round(lat + 0.00012 * j, 5), round(lon + 0.0001 * j, 5),
            district, address, short_name=f"{place} {j}", ftp="ttqt-nuocngam", commissioned="2015-12-01",
            profile={"depth": depth + extra, "salinity": sal, "pumping": 1.4 if place != "An Phú" else 0.8}))

# 7. The mobile air monitoring vehicle (Thủ Dầu Một – Thuận An – Dĩ An)
DEMO_STATIONS.append(DemoStation(
    "BD_TTQT_XQT01", "mobile", "Xe quan trắc không khí di động số 1", "Mobile air monitoring vehicle No. 1",
    10.9805, 106.6522, "718", "Trung tâm Quan trắc, đường Phú Lợi, phường Phú Hòa, TP. Thủ Dầu Một", short_name="Xe quan trắc 1",
    commissioned="2022-10-01"))
del n

BY_CODE = {s.code: s for s in DEMO_STATIONS}
FILE_STATIONS = [s for s in DEMO_STATIONS if s.fed_by_files]
MOBILE = BY_CODE["BD_TTQT_XQT01"]


def ftp_groups() -> dict:
    """{FTP user name: [station codes]}: one account per facility or DONRE station group."""
    out = {}
    for s in FILE_STATIONS:
        out.setdefault(s.ftp, []).append(s.code)
    return out


# -------------------------------------------------------------------------------------
# Readings
# -------------------------------------------------------------------------------------
def _events(s: DemoStation, t: float) -> tuple[bool, str | None, float]:
    """(calibrating, errored quantity or None, exceedance factor >= 1) at time t."""
    h = local_hour(t)
    day = _day(t)
    seed = _seed(s.code, "events")
    calibrating = _weekday(t) == seed % 5 and 9.0 <= h < 9.5  # weekly zero/span check, 30 minutes
    err = None
    if _rand(seed, day) < 0.07:  # a few instrument faults a month
        start = 1 + 20 * _rand(seed, day + 50_000)
        if start <= h < start + 0.75 + 2.5 * _rand(seed, day + 60_000):
            qs = s.quantities
            err = qs[int(_rand(seed, day + 70_000) * len(qs)) % len(qs)]
    factor = 1.0
    risk = s.profile.get("risk", 0.0)
    if risk and _rand(seed, day + 90_000) < risk:
        start = 8 + 10 * _rand(seed, day + 100_000)
        length = 2 + 3 * _rand(seed, day + 110_000)
        if start <= h < start + length:
            peak = 1.7 + 0.6 * _rand(seed, day + 120_000)
            factor = 1 + (peak - 1) * math.sin(math.pi * (h - start) / length)  # a smooth rise and fall
    return calibrating, err, factor


def _shifts(t: float) -> float:
    """Factory activity: two shifts on working days, less on Saturday, little on Sunday."""
    h = local_hour(t)
    wd = _weekday(t)
    day = 0.45 + 0.55 * _bump(h, 10.5, 3.2) + 0.35 * _bump(h, 15.5, 2.5)
    return day * (1.0 if wd < 5 else 0.8 if wd == 5 else 0.5)


def _wastewater(s, q, t, factor):
    p, seed, h = s.profile, _seed(s.code, q), local_hour(t)
    act = _shifts(t - 2 * HOUR)  # the plant sees the factories' water two hours later
    if q == "flow":
        return p["flow"] * (0.55 + 0.6 * act) * (1 + 0.08 * _smooth(seed, t, HOUR)) + 0.02 * p["flow"] * (2 * _rand(seed, int(t)) - 1)
    if q == "cod":
        return (p["cod"] * (0.8 + 0.35 * act) + 3 * _smooth(seed, t, 2 * HOUR)) * factor
    if q == "tss":
        return (p["tss"] * (0.8 + 0.3 * act) + 2 * _smooth(seed, t, 90 * 60)) * (1 + (factor - 1) * 0.8)
    if q == "ph":
        base = 7.2 if p["kind_of"] != "dyeing" else 7.9
        return base + 0.25 * _smooth(seed, t, 3 * HOUR) + 0.05 * diurnal(h) + 0.02 * (2 * _rand(seed, int(t)) - 1)
    if q == "water_temperature":
        hot = 2.5 if p["kind_of"] in ("dyeing", "paper") else 0.0
        return 29.8 + hot + 1.2 * diurnal((h - 1.5) % 24) + 0.3 * _smooth(seed, t, 2 * HOUR)
    return None


def _surface(s, q, t):
    p, seed, h = s.profile, _seed(s.code, q), local_hour(t)
    tide = p.get("tide", 1.0) * math.sin(2 * math.pi * t / (12.42 * HOUR))
    if q == "ph":
        return min(7.8, max(6.3, p["ph"] + 0.15 * tide + 0.15 * _smooth(seed, t, 6 * HOUR)))
    if q == "dissolved_oxygen":
        return min(7.0, max(2.5, p["do"] + 0.9 * math.sin(2 * math.pi * (h - 9) / 24) + 0.35 * _smooth(seed, t, 3 * HOUR)))
    if q == "cod":
        return p["cod"] * (1 + 0.25 * _smooth(seed, t, 8 * HOUR)) - tide
    if q == "tss":
        return 42 + 12 * _smooth(seed, t, 5 * HOUR) - 6 * tide
    if q == "ammonium":
        return p["nh4"] * (1 + 0.35 * _smooth(seed, t, 6 * HOUR))
    if q == "water_temperature":
        return 28.9 + 1.2 * diurnal((h - 2) % 24) + 0.3 * _smooth(seed, t, 4 * HOUR)
    return None


def _groundwater(s, q, t):
    """Water level (m relative to the well's reference mark at ground level, so negative)
    drops by day while wells pump, recovers at night, and sinks slowly over the year;
    salinity and temperature barely move (but a working sensor never repeats itself for hours)."""
    p, seed, h = s.profile, _seed(s.code, q), local_hour(t)
    if q == "water_level":
        pumping = p["pumping"] * (0.35 * _bump(h, 11, 4) + 0.25 * _bump(h, 17, 3)) * (1.0 if _weekday(t) < 6 else 0.7)
        trend = 0.004 * ((t / DAY) % 365)  # a slow decline over the year
        return -(p["depth"] + trend + pumping + 0.03 * _smooth(seed, t, 6 * HOUR) + 0.002 * (2 * _rand(seed, int(t)) - 1))
    if q == "salinity":
        return p["salinity"] * (1 + 0.05 * _smooth(seed, t, DAY)) + 0.002 * (2 * _rand(seed, int(t)) - 1)
    if q == "water_temperature":
        return 28.6 + 0.15 * _smooth(seed, t, 12 * HOUR) + 0.02 * diurnal(h) + 0.02 * (2 * _rand(seed, int(t)) - 1)
    return None


def _emission(s, q, t, factor):
    p, seed = s.profile, _seed(s.code, q)
    load = 0.6 + 0.4 * _shifts(t)  # the boiler follows the mill's steam demand
    if q == "dust_flue":
        return p["dust"] * load * (1 + 0.12 * _smooth(seed, t, HOUR)) * factor
    if q in ("so2", "nox", "co"):
        v = p[q] * (0.85 + 0.25 * load) * (1 + 0.1 * _smooth(seed, t, 2 * HOUR))
        return v * (factor if q == "so2" else 1.0)
    if q == "o2_flue":
        return 9.5 - 2.5 * load + 0.4 * _smooth(seed, t, HOUR)
    if q == "flue_temperature":
        return 145 + 30 * load + 3 * _smooth(seed, t, HOUR)
    if q == "flue_gas_flow":
        return 42000 * load * (1 + 0.05 * _smooth(seed, t, HOUR))
    return None


def readings_at(s: DemoStation, t: float) -> dict:
    """{quantity: (value in the file's unit, status)} of station `s` at time t; empty when it
    measures nothing then (the mobile vehicle off duty). Events are drawn once per time."""
    if s.kind == "mobile":
        if position(t) is None:
            return {}
        return {q: _mobile(q, t) for q in s.quantities}
    calibrating, err, factor = _events(s, t)
    out = {}
    for q in s.quantities:
        if s.kind == "wastewater":
            v = _wastewater(s, q, t, factor)
        elif s.kind == "surface-water":
            v = _surface(s, q, t)
        elif s.kind == "groundwater":
            v = _groundwater(s, q, t)
        elif s.kind == "emission":
            v = _emission(s, q, t, factor)
        else:
            v = None
        if v is None:
            continue
        if err == q:
            out[q] = (0.0, ERROR)  # the analyser reports a fault: the logger sends 0 with status 02
            continue
        status = VALID
        if calibrating and q not in ("flow", "flue_gas_flow", "water_level"):
            status = CALIBRATING
            v = _CAL_STANDARD.get(q, v)
        out[q] = (v if q == "water_level" else max(0.0, v), status)
    return out


_CAL_STANDARD = {"ph": 7.0, "cod": 50.0, "tss": 50.0, "dissolved_oxygen": 8.0, "ammonium": 1.0, "dust_flue": 100.0}


def reading(s: DemoStation, q: str, t: float):
    """(value in the file's unit, status) of station `s`, quantity `q`, at time t; None when
    the station does not measure it then."""
    return readings_at(s, t).get(q)


# -- the mobile vehicle --------------------------------------------------------------------
# Thủ Dầu Một (the centre) - Đại lộ Bình Dương - Lái Thiêu (Thuận An) - ĐT743 - Dĩ An - Sóng Thần
ROUTE = [(10.9805, 106.6522), (10.9703, 106.6671), (10.9562, 106.6802), (10.9391, 106.6921), (10.9230, 106.6985),
         (10.9046, 106.7021), (10.9049, 106.7168), (10.9072, 106.7355), (10.9088, 106.7520), (10.9058, 106.7688),
         (10.8985, 106.7610), (10.8934, 106.7519)]
SHIFTS = ((8.0, 11.0), (13.5, 16.5))  # local hours the vehicle is on the road, Monday to Friday
SPEED_KMH = 22.0


def _km(a, b) -> float:
    dy = (b[0] - a[0]) * 111.32
    dx = (b[1] - a[1]) * 111.32 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


_LEGS = [_km(a, b) for a, b in zip(ROUTE, ROUTE[1:])]
ROUTE_KM = sum(_LEGS)


def on_duty(t: float) -> float | None:
    """Hours since the start of the current shift, or None off duty."""
    if _weekday(t) >= 5:
        return None
    h = local_hour(t)
    for start, end in SHIFTS:
        if start <= h < end:
            return h - start
    return None


def position(t: float):
    """(lat, lon) of the vehicle at time t, or None off duty: it drives the route out and back
    at a steady pace, with a 10-minute measuring stop at each end."""
    since = on_duty(t)
    if since is None:
        return None
    leg_h = ROUTE_KM / SPEED_KMH
    cycle = 2 * (leg_h + 1 / 6)
    x = since % cycle
    if x < 1 / 6:
        d = 0.0
    elif x < 1 / 6 + leg_h:
        d = (x - 1 / 6) * SPEED_KMH
    elif x < 2 / 6 + leg_h:
        d = ROUTE_KM
    else:
        d = ROUTE_KM - (x - 2 / 6 - leg_h) * SPEED_KMH
    for (a, b), km in zip(zip(ROUTE, ROUTE[1:]), _LEGS):
        if d <= km:
            f = d / km if km else 0.0
            return round(a[0] + (b[0] - a[0]) * f, 6), round(a[1] + (b[1] - a[1]) * f, 6)
        d -= km
    return ROUTE[-1]


def _mobile(q: str, t: float):
    pos = position(t)
    if pos is None:
        return None
    seed = _seed(MOBILE.code, q)
    # busier roads towards Lái Thiêu and Dĩ An (Quốc lộ 13, ĐT743): more traffic pollution
    road = 1.0 + 0.6 * _bump_km(pos, (10.9046, 106.7021), 2.5) + 0.5 * _bump_km(pos, (10.9058, 106.7688), 2.0)
    weather = 0.75 + 0.55 * _rand(_seed(MOBILE.code, "weather"), _day(t))
    traffic = _traffic(t) * road
    pm25 = max(5.0, (22 + 30 * traffic) * weather + 5 * _smooth(_seed(MOBILE.code, "pm"), t, 600) + 2 * (2 * _rand(seed, int(t)) - 1))
    if q == "pm25":
        v = pm25
    elif q == "pm10":
        v = pm25 * 1.6 + 8 + 4 * _smooth(seed, t, 900)
    elif q == "co":
        v = 800 + 2200 * traffic * weather + 150 * _smooth(seed, t, 600)
    elif q == "no2":
        v = 22 + 55 * traffic * weather + 5 * _smooth(seed, t, 600)
    elif q == "so2":
        v = 9 + 4 * _smooth(seed, t, 3600) + 2.5 * traffic + 0.6 * (2 * _rand(seed, int(t)) - 1)
    elif q == "o3":
        h = local_hour(t)
        v = 15 + 70 * max(0.0, math.sin(math.pi * (h - 8) / 10)) * (2.1 - weather) + 5 * _smooth(seed, t, 1800)
    elif q == "temperature":
        v = _air_temperature(t, _seed(MOBILE.code, "temp"), 0.8)
    elif q == "relative_humidity":
        v = min(98.0, max(40.0, 74 - 19 * diurnal(local_hour(t)) + 4 * _smooth(seed, t, 3600)))
    else:
        return None
    return max(0.0, v), VALID


def _bump_km(pos, centre, width_km) -> float:
    return math.exp(-0.5 * (_km(pos, centre) / width_km) ** 2)


# -- Circular 10/2021 files ----------------------------------------------------------------
def stamp(t: int) -> str:
    """yyyyMMddHHmmss in local time (UTC+7)."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(int(t) + LOCAL))


STATUS_CODE = {VALID: "00", CALIBRATING: "01", ERROR: "02"}


def _fmt(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}"


def station_file(s: DemoStation, t: int) -> tuple[str, bytes]:
    """(file name, content) of station `s`'s transmission for the reading time t. About one
    file in 40 carries a decimal comma (accepted by the parser) and one in 60 a value the
    parser must reject (`---`, `#N/A`), as real dataloggers now and then write."""
    t = int(t)
    st = stamp(t)
    seed = _seed(s.code, "file")
    quirk = _rand(seed, t // FILE_INTERVAL)
    odd = int(_rand(seed, t // FILE_INTERVAL + 1_000_000) * len(s.params)) % len(s.params)
    lines = []
    now = readings_at(s, t)
    for i, (name, q, unit, decimals) in enumerate(s.params):
        r = now.get(q)
        if r is None:
            continue
        value, status = r
        text = _fmt(value, decimals)
        if i == odd and quirk < 1 / 40:
            text = text.replace(".", ",")
        elif i == odd and quirk > 1 - 1 / 60:
            text = "---" if quirk > 1 - 1 / 120 else "#N/A"
        lines.append(f"{name}\t{text}\t{unit}\t{st}\t{STATUS_CODE[status]}")
    return f"{s.code}_{st}.txt", ("\r\n".join(lines) + "\r\n").encode("utf-8")


def history_rows(s: DemoStation, streams: dict, start: int, end: int, after: dict | None = None) -> list[tuple]:
    """Hub rows (datastream, t, value in the canonical unit, status, lat, lon) of station `s`
    on its grid from `start` to `end`; `streams` is {quantity: (datastream id, factor)}, `after`
    {datastream id: last stored t} so a second load adds only what is missing."""
    step = MOBILE_INTERVAL if s.kind == "mobile" else FILE_INTERVAL
    after = after or {}
    firsts = {q: max(start, after.get(ds, start - 1) + 1) for q, (ds, _f) in streams.items()}
    if not firsts:
        return []
    decimals = {q: d for _, q, _, d in s.params}
    first = min(firsts.values())
    t = first + (-first) % step
    out = []
    while t <= end:
        values = readings_at(s, t)
        if values:
            lat = lon = None
            if s.kind == "mobile":
                lat, lon = position(t)
            for q, (ds, factor) in streams.items():
                r = values.get(q)
                if r is not None and t >= firsts[q]:
                    out.append((ds, t, round(round(r[0], decimals.get(q, 3)) * factor, 6), r[1], lat, lon))
        t += step
    return out


# -------------------------------------------------------------------------------------
# Live feeds (Django only from here down, imported lazily)
# -------------------------------------------------------------------------------------
ENDPOINT_ENV = "SMARTCITY_DEMO_FTP"  # "host:port" of the demo's FTP server, set by `smartcity demo`


class StationFileFeed:
    """Every 5 minutes: one file per FTP-fed station for the grid time just passed, uploaded
    with ftplib into `<code>/yyyy/MM/dd/` of the station's account. `tick()` returns the
    number of files uploaded; a failed upload is logged and retried on the next tick."""

    def __init__(self, host: str, port: int, accounts: dict, stations=None):
        self.host, self.port = host, int(port)
        self.accounts = accounts  # {username: password}
        self.stations = list(stations or FILE_STATIONS)
        self.sent: dict[str, int] = {}  # station code -> last grid time uploaded

    def due(self, now: int, backlog: int = 3) -> dict:
        """{username: [(station, t), ...]} of files not sent yet, at most `backlog` per station."""
        grid = now - now % FILE_INTERVAL
        out = {}
        for s in self.stations:
            last = self.sent.get(s.code, grid - backlog * FILE_INTERVAL)
            times = list(range(last + FILE_INTERVAL, grid + 1, FILE_INTERVAL))[-backlog:]
            for t in times:
                out.setdefault(s.ftp, []).append((s, t))
        return out

    def upload(self, username: str, items) -> int:
        import ftplib
        import io

        done = 0
        with ftplib.FTP() as ftp:
            ftp.connect(self.host, self.port, timeout=15)
            ftp.login(username, self.accounts[username])
            made = set()
            for s, t in items:
                name, data = station_file(s, t)
                folder = f"{s.code}/{stamp(t)[:4]}/{stamp(t)[4:6]}/{stamp(t)[6:8]}"
                if folder not in made:
                    path = ""
                    for part in folder.split("/"):
                        path = f"{path}/{part}" if path else part
                        try:
                            ftp.mkd(path)
                        except ftplib.error_perm:
                            pass  # exists
                    made.add(folder)
                ftp.storbinary(f"STOR {folder}/{name}", io.BytesIO(data))
                self.sent[s.code] = max(self.sent.get(s.code, 0), t)
                done += 1
        return done

    def tick(self, now: int | None = None) -> int:
        now = int(time.time()) if now is None else int(now)
        sent = 0
        for username, items in self.due(now).items():
            if username not in self.accounts:
                continue
            try:
                sent += self.upload(username, items)
            except (OSError, EOFError) as exc:
                log.warning("station files: upload as %s failed: %s", username, exc)
            except Exception as exc:  # ftplib.Error and the like: keep the feed alive
                log.warning("station files: upload as %s failed: %s", username, exc)
        return sent

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                n = self.tick()
                log.debug("station files: %s uploaded", n)
            except Exception:
                log.exception("station file feed tick failed")
            now = time.time()
            stop.wait(max(1.0, FILE_INTERVAL - now % FILE_INTERVAL + 5))  # just after each 5-minute mark


def _mobile_simulator_class():
    from smartcity.demo.hub_simulators import HubSimulator, _iso

    class MobileFeed(HubSimulator):
        """The vehicle's located readings, once a minute while on duty, by HTTP or MQTT."""

        def messages(self, now: int) -> list[tuple]:
            t = now - now % MOBILE_INTERVAL
            pos = position(t)
            if pos is None or self._last_t is not None and self._last_t - self._last_t % MOBILE_INTERVAL == t:
                return []
            values = {q: round(v, 2) for q, (v, _status) in readings_at(MOBILE, t).items()}
            return [(MOBILE.owner, MOBILE.asset_slug or _mobile_slug(), {"time": _iso(t), "values": values,
                                                                        "lat": pos[0], "lon": pos[1]})]

    return MobileFeed


def _mobile_slug() -> str:
    from smartcity.environment.services import slug_for_code

    return slug_for_code(MOBILE.code)


def mobile_feed(base_url: str, mqtt_url: str | None = None, keys: dict | None = None):
    return _mobile_simulator_class()(base_url, mqtt_url=mqtt_url, keys=keys)


def run_station_files(base_url: str) -> None:
    """Simulator entry: waits for `smartcity demo` to publish its FTP endpoint, then feeds."""
    import os

    from smartcity.environment.demo import demo_ftp_passwords

    time.sleep(3.0)
    endpoint = os.environ.get(ENDPOINT_ENV, "")
    if not endpoint:
        log.warning("station files: no demo FTP server (%s unset); files are not simulated", ENDPOINT_ENV)
        return
    host, _, port = endpoint.rpartition(":")
    StationFileFeed(host or "127.0.0.1", int(port), demo_ftp_passwords()).run()


def run_mobile(base_url: str) -> None:
    mobile_feed(base_url).run(interval=MOBILE_INTERVAL, first_delay=5.0)

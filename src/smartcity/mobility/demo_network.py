"""The Binh Duong demo bus network as a GTFS feed (pure Python, no Django).

No public GTFS feed of Binh Duong exists (mobility.md), so the demo builds one from the
published facts: Becamex Tokyu Bus's routes 51, 52, 53, 55, 37, 38, 39, 66, 68, 70 and
61-77 along the real corridors (Đại lộ Bình Dương / Quốc lộ 13, Mỹ Phước - Tân Vạn, the
New City's avenues), real place names for the stops (coordinates are plausible, placed by
hand on the corridors, not surveyed), headways as published for 51/52 (10 min at peak,
30 min off-peak, 05:00-22:00, 54-60 min a trip) and comparable ones for the others,
weekday and weekend calendars with the public holidays as exceptions, the two fares.

Everything is computed from the tables below, so the feed is the same bytes on every
call: `build_files()` -> {file name: CSV bytes}, readable by `gtfs.reader.from_files`.
Shapes are the stops' polyline through a few corridor waypoints, densified every ~150 m;
scheduled running times are spread along the shape by distance, with a short dwell at
every intermediate stop. Trips are chained into blocks (one bus per block) greedily at
the terminals with at least LAYOVER_S of rest.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

AGENCY_ID = "BECAMEXTOKYU"
FEED_NAME = "binh-duong-bus"
TIMEZONE = "Asia/Ho_Chi_Minh"
START_DATE = "20260101"
END_DATE = "20271231"
FEED_VERSION = "2026.12-demo"
LAYOVER_S = 5 * 60
DWELL_S = 20  # scheduled dwell at an intermediate stop
TERMINAL_DWELL_S = 0
WEEKDAY, WEEKEND = "NGAY_THUONG", "CUOI_TUAN"
PEAKS = ((6 * 3600, 8 * 3600 + 30 * 60), (16 * 3600, 18 * 3600 + 30 * 60))  # local time windows of peak headways

# Vietnamese public holidays in the feed's range that fall on a weekday: weekend service.
HOLIDAYS = ("20260216", "20260217", "20260218", "20260219", "20260220",  # Tết Bính Ngọ
            "20260427", "20260430", "20260501", "20260902",
            "20270101", "20270205", "20270208", "20270209", "20270210",  # Tết Đinh Mùi
            "20270416", "20270430", "20270503", "20270902")


@dataclass(frozen=True)
class DemoStop:
    stop_id: str
    name: str
    lat: float
    lon: float
    desc: str = ""


# stop_id, name, lat, lon, description (ward / corridor)
STOPS = [DemoStop(*row) for row in (
    # Thủ Dầu Một
    ("TDM_CHO", "Chợ Thủ Dầu Một", 10.98045, 106.65205, "Đường Bạch Đằng, phường Phú Cường, TP. Thủ Dầu Một"),
    ("TDM_NGA6", "Vòng xoay Ngã Sáu Phú Cường", 10.98011, 106.65647, "Phường Phú Cường, TP. Thủ Dầu Một"),
    ("TDM_BVTINH", "Bệnh viện Đa khoa tỉnh Bình Dương", 10.98862, 106.65812, "Đường Phạm Ngọc Thạch, phường Hiệp Thành"),
    ("TDM_BXBD", "Bến xe Bình Dương", 10.97003, 106.68012, "Đại lộ Bình Dương, phường Phú Lợi"),
    ("TDM_BECAMEX", "Becamex Tower", 10.97801, 106.67842, "230 Đại lộ Bình Dương, phường Phú Hòa"),
    ("TDM_DHTDM", "Đại học Thủ Dầu Một", 10.98078, 106.67489, "Đường Trần Văn Ơn, phường Phú Hòa"),
    ("TDM_CHODINH", "Ngã tư Chợ Đình", 10.99612, 106.67128, "Đại lộ Bình Dương, phường Phú Mỹ"),
    ("TDM_SOSAO", "Ngã tư Sở Sao", 11.01735, 106.66412, "Đại lộ Bình Dương, phường Định Hòa"),
    ("TDM_PHULOI", "Ngã tư Phú Lợi – Huỳnh Văn Lũy", 10.98691, 106.68822, "Phường Phú Lợi, TP. Thủ Dầu Một"),
    ("TDM_PHUMY", "Huỳnh Văn Lũy – Khu dân cư Phú Mỹ", 11.01102, 106.69018, "Đường Huỳnh Văn Lũy, phường Phú Mỹ"),
    ("TDM_HOALAN", "Ngã tư Hòa Lân", 10.94103, 106.69621, "Đại lộ Bình Dương (Quốc lộ 13), phường Thuận Giao"),
    # Thành phố mới Bình Dương
    ("TPM_TTHC", "Trung tâm Hành chính tỉnh", 11.05428, 106.66642, "Thành phố mới Bình Dương, phường Hòa Phú"),
    ("TPM_HIKARI", "Trạm trung chuyển Hikari", 11.05212, 106.66972, "Thành phố mới Bình Dương, phường Hòa Phú"),
    ("TPM_EIU", "Đại học Quốc tế Miền Đông", 11.05297, 106.68105, "Đường Nam Kỳ Khởi Nghĩa, phường Hòa Phú"),
    ("TPM_SORA", "Chung cư Sora Gardens", 11.05602, 106.67312, "Đại lộ Hùng Vương, Thành phố mới Bình Dương"),
    ("TPM_WTC", "Trung tâm Hội nghị Triển lãm WTC Bình Dương", 11.04851, 106.66302, "Đại lộ Bình Dương nối dài, phường Hòa Phú"),
    ("TPM_CONGVIEN", "Công viên Trung tâm Thành phố mới", 11.04672, 106.67384, "Đại lộ Hùng Vương, phường Hòa Phú"),
    ("TPM_PHUTAN", "Mỹ Phước – Tân Vạn – Phú Tân", 11.03215, 106.69562, "Đường Mỹ Phước – Tân Vạn, phường Phú Tân"),
    ("TPM_VIETSING", "Khu dân cư Việt – Sing", 11.06462, 106.68197, "Phường Hòa Phú"),
    ("TPM_VSIP2", "Khu công nghiệp VSIP II", 11.07915, 106.68833, "Đại lộ Độc Lập, KCN VSIP II"),
    ("TPM_LELOI", "Ngã tư Lê Lợi – Quốc lộ 13", 11.06905, 106.63512, "Quốc lộ 13, phường Tân Định"),
    # Bến Cát / Mỹ Phước
    ("BC_VGU", "Đại học Việt Đức", 11.10481, 106.61574, "Đường Lê Lai, phường Hòa Lợi, TP. Bến Cát"),
    ("BC_MP3", "KCN Mỹ Phước 3", 11.12741, 106.60705, "Quốc lộ 13, phường Thới Hòa, TP. Bến Cát"),
    ("BC_TTHC", "Trung tâm Hành chính TP. Bến Cát", 11.14012, 106.60103, "Phường Mỹ Phước, TP. Bến Cát"),
    ("BC_CHO", "Chợ Bến Cát (Mỹ Phước)", 11.15153, 106.59512, "Phường Mỹ Phước, TP. Bến Cát"),
    # Tân Uyên
    ("TU_KHANHBINH", "Ngã tư Khánh Bình", 11.06031, 106.75133, "Đường ĐT746, phường Khánh Bình, TP. Tân Uyên"),
    ("TU_CHO", "Chợ Tân Uyên", 11.06184, 106.79251, "Phường Uyên Hưng, TP. Tân Uyên"),
    ("TU_TPK", "Chợ Tân Phước Khánh", 11.00632, 106.72231, "Đường ĐT747B, phường Tân Phước Khánh, TP. Tân Uyên"),
    ("TU_THAIHOA", "Ngã ba Thái Hòa", 11.03412, 106.75402, "Đường ĐT747, phường Thái Hòa, TP. Tân Uyên"),
    # Thuận An
    ("TA_AEON", "AEON Mall Bình Dương Canary", 10.93221, 106.71072, "Đại lộ Bình Dương, phường Bình Hòa, TP. Thuận An"),
    ("TA_LAITHIEU", "Chợ Lái Thiêu", 10.90692, 106.70198, "Phường Lái Thiêu, TP. Thuận An"),
    ("TA_BINHCHUAN", "Ngã tư Bình Chuẩn", 10.97654, 106.72902, "Đường ĐT743, phường Bình Chuẩn, TP. Thuận An"),
    # Dĩ An
    ("DA_550", "Ngã tư 550", 10.92151, 106.75903, "Đường ĐT743, phường Bình An, TP. Dĩ An"),
    ("DA_CHO", "Chợ Dĩ An", 10.90602, 106.77003, "Phường Dĩ An, TP. Dĩ An"),
    ("DA_GA", "Ga Dĩ An", 10.90122, 106.76692, "Phường Dĩ An, TP. Dĩ An"),
    ("DA_LANGDH", "Làng Đại học Quốc gia (KTX khu A)", 10.87862, 106.80621, "Phường Đông Hòa, TP. Dĩ An"),
    ("DA_BXMDM", "Bến xe Miền Đông mới", 10.87893, 106.81502, "Quốc lộ 1A, phường Bình Thắng, TP. Dĩ An"),
    ("HCM_SUOITIEN", "Ga Metro số 1 Suối Tiên", 10.86603, 106.80163, "Xa lộ Hà Nội, phường Tân Phú, TP. Thủ Đức"),
)]
STOP_BY_ID = {s.stop_id: s for s in STOPS}


@dataclass(frozen=True)
class DemoRoute:
    route_id: str
    short_name: str
    long_name: str
    color: str
    text_color: str
    fare_id: str
    path: tuple  # stop ids, with (lat, lon) corridor waypoints between them (shape only)
    headways: tuple  # minutes: (peak, off-peak, weekend)
    durations: tuple  # scheduled minutes end to end: (peak, off-peak); weekend uses off-peak
    first: str = "05:00"
    last: str = "22:00"
    desc: str = ""


# Corridor waypoints (shape points between stops, so the lines follow the roads).
_DLBD_SOUTH = ((10.95981, 106.68912), (10.94552, 106.69531))  # Đại lộ Bình Dương through Phú Hòa / Thuận Giao
_QL13_NORTH = ((11.03412, 106.65487), (11.04803, 106.64902))  # Đại lộ Bình Dương north of Sở Sao
_HUNG_VUONG = ((11.05003, 106.65781),)  # turn into the New City
_TO_VGU = ((11.08604, 106.62801),)
_MPTV_SOUTH = ((11.00803, 106.71412), (10.99402, 106.72303))  # Mỹ Phước – Tân Vạn through Phú Tân / Bình Chuẩn
_DT743 = ((10.95203, 106.74012), (10.93402, 106.75103))
_TO_LANGDH = ((10.89602, 106.78403), (10.88503, 106.79702))

ROUTES = [
    DemoRoute("51", "51", "Chợ Thủ Dầu Một – Đại lộ Bình Dương – Trung tâm Hành chính – Đại học Quốc tế Miền Đông",
              "2E9E44", "FFFFFF", "VE_12000",
              ("TDM_CHO", "TDM_NGA6", "TDM_BVTINH", "TDM_CHODINH", (11.00802, 106.66702), "TDM_SOSAO", *_QL13_NORTH,
               "TPM_LELOI", (11.06203, 106.65204), "TPM_WTC", "TPM_TTHC", "TPM_HIKARI", "TPM_CONGVIEN", "TPM_EIU"),
              (10, 30, 30), (60, 54), desc="KAZE SHUTTLE: tuyến đầu tiên, từ 20/09/2014"),
    DemoRoute("52", "52", "Chợ Thủ Dầu Một – Phú Lợi – Huỳnh Văn Lũy – Đại học Quốc tế Miền Đông – Trung tâm Hành chính",
              "1B75BB", "FFFFFF", "VE_12000",
              ("TDM_CHO", "TDM_NGA6", "TDM_BXBD", "TDM_BECAMEX", "TDM_DHTDM", "TDM_PHULOI", "TDM_PHUMY", "TPM_PHUTAN",
               (11.04603, 106.68902), "TPM_EIU", "TPM_SORA", "TPM_HIKARI", "TPM_TTHC"),
              (10, 30, 30), (60, 54), desc="KAZE SHUTTLE"),
    DemoRoute("53", "53", "Trạm trung chuyển Hikari – Khu công nghiệp VSIP II – Chợ Tân Uyên",
              "F29111", "000000", "VE_12000",
              ("TPM_HIKARI", "TPM_EIU", "TPM_VIETSING", "TPM_VSIP2", (11.07403, 106.72104), "TU_KHANHBINH", "TU_CHO"),
              (30, 60, 60), (45, 40)),
    DemoRoute("55", "55", "Trạm trung chuyển Hikari – Bến xe Bình Dương – AEON Mall Bình Dương Canary",
              "8E44AD", "FFFFFF", "VE_12000",
              ("TPM_HIKARI", "TPM_TTHC", "TPM_WTC", *reversed(_QL13_NORTH), "TDM_SOSAO", "TDM_CHODINH", "TDM_BECAMEX",
               "TDM_BXBD", *_DLBD_SOUTH, "TDM_HOALAN", "TA_AEON"),
              (20, 40, 40), (65, 55)),
    DemoRoute("37", "37", "Bến xe Bình Dương – Chợ Tân Phước Khánh – Chợ Tân Uyên",
              "C0392B", "FFFFFF", "VE_12000",
              ("TDM_BXBD", "TDM_BECAMEX", "TDM_PHULOI", (10.99502, 106.70803), "TU_TPK", (11.02003, 106.74003),
               "TU_THAIHOA", "TU_KHANHBINH", "TU_CHO"),
              (30, 60, 60), (60, 52)),
    DemoRoute("38", "38", "Chợ Thủ Dầu Một – Bến xe Bình Dương – Ngã tư Bình Chuẩn – Chợ Dĩ An",
              "16A085", "FFFFFF", "VE_12000",
              ("TDM_CHO", "TDM_NGA6", "TDM_BXBD", (10.97202, 106.69804), "TA_BINHCHUAN", *_DT743, "DA_550", "DA_CHO"),
              (20, 40, 40), (60, 50)),
    DemoRoute("39", "39", "Chợ Thủ Dầu Một – Đại lộ Bình Dương – Ngã tư Hòa Lân – Chợ Lái Thiêu",
              "D35400", "FFFFFF", "VE_12000",
              ("TDM_CHO", "TDM_NGA6", "TDM_BXBD", *_DLBD_SOUTH, "TDM_HOALAN", "TA_AEON", (10.91803, 106.70602), "TA_LAITHIEU"),
              (20, 40, 40), (50, 42)),
    DemoRoute("66", "66", "Trạm trung chuyển Hikari – Khu dân cư Việt – Sing – Khu công nghiệp VSIP II",
              "F1C40F", "000000", "VE_6000",
              ("TPM_HIKARI", "TPM_SORA", "TPM_VIETSING", "TPM_VSIP2"),
              (20, 40, 60), (20, 16)),
    DemoRoute("68", "68", "Trạm trung chuyển Hikari – Trung tâm Hành chính – Đại học Việt Đức",
              "7F8C8D", "FFFFFF", "VE_6000",
              ("TPM_HIKARI", "TPM_TTHC", "TPM_WTC", *_HUNG_VUONG, "TPM_LELOI", *_TO_VGU, "BC_VGU"),
              (30, 60, 60), (35, 30)),
    DemoRoute("70", "70", "Thành phố mới Bình Dương – Đại học Việt Đức – Mỹ Phước",
              "2C3E50", "FFFFFF", "VE_12000",
              ("TPM_HIKARI", "TPM_TTHC", "TPM_WTC", *_HUNG_VUONG, "TPM_LELOI", *_TO_VGU, "BC_VGU", "BC_MP3", "BC_TTHC", "BC_CHO"),
              (20, 40, 60), (55, 48), desc="Từ 10/10/2020"),
    DemoRoute("61-77", "61-77", "Thành phố mới Bình Dương – Dĩ An – Làng Đại học – Bến xe Miền Đông mới – Ga Metro Suối Tiên",
              "E84393", "FFFFFF", "VE_12000",
              ("TPM_HIKARI", "TPM_CONGVIEN", "TPM_PHUTAN", *_MPTV_SOUTH, "TA_BINHCHUAN", *_DT743, "DA_550", "DA_CHO", "DA_GA",
               *_TO_LANGDH, "DA_LANGDH", "DA_BXMDM", "HCM_SUOITIEN"),
              (15, 30, 30), (80, 70), first="05:00", last="21:00", desc="Từ 01/07/2025, nối tuyến Metro số 1"),
]
ROUTE_BY_ID = {r.route_id: r for r in ROUTES}
# Stops on Đại lộ Bình Dương / Quốc lộ 13: the simulator's peak congestion applies between them.
CORRIDOR_STOPS = frozenset({"TDM_BXBD", "TDM_BECAMEX", "TDM_CHODINH", "TDM_SOSAO", "TDM_HOALAN", "TA_AEON", "TA_LAITHIEU",
                            "TPM_LELOI", "TPM_WTC"})
FARES = (("VE_12000", "12000"), ("VE_6000", "6000"))


# -------------------------------------------------------------------------------- geometry
def _haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(a)))


def _point(item) -> tuple[float, float]:
    if isinstance(item, str):
        s = STOP_BY_ID[item]
        return s.lat, s.lon
    return item


def densify(path, step_m: float = 150.0):
    """[(lat, lon, cum_m, stop_id or None)] along a path of stop ids and waypoints."""
    out = []
    prev = None
    cum = 0.0
    for item in path:
        lat, lon = _point(item)
        sid = item if isinstance(item, str) else None
        if prev is not None:
            d = _haversine(prev[0], prev[1], lat, lon)
            n = max(1, int(d // step_m))
            for k in range(1, n):
                f = k / n
                out.append((prev[0] + (lat - prev[0]) * f, prev[1] + (lon - prev[1]) * f, cum + d * f, None))
            cum += d
        out.append((lat, lon, cum, sid))
        prev = (lat, lon)
    return out


def route_pattern(route: DemoRoute, direction: int):
    """(shape points [(lat, lon, cum_m)], stops [(stop_id, cum_m)]) of one direction."""
    path = route.path if direction == 0 else tuple(reversed(route.path))
    pts = densify(path)
    return [(la, lo, m) for la, lo, m, _ in pts], [(sid, m) for _, _, m, sid in pts if sid]


# ------------------------------------------------------------------------------ timetable
def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


def is_peak(t: int) -> bool:
    return any(a <= t < b for a, b in PEAKS)


def departures(route: DemoRoute, service: str) -> list[int]:
    """Departure times (s after midnight) from a terminal: peak headway inside the peak
    windows on weekdays, off-peak headway outside, the weekend headway all day."""
    peak, off, weekend = (h * 60 for h in route.headways)
    t, last = _hm(route.first), _hm(route.last)
    out = []
    while t <= last:
        out.append(t)
        t += weekend if service == WEEKEND else peak if is_peak(t) else off
    return out


def stop_times_for(stops, start: int, duration_s: int) -> list[tuple[int, int]]:
    """(arrival, departure) at each stop: running time spread by distance, DWELL_S at
    intermediate stops, the whole trip lasting duration_s."""
    n = len(stops)
    total_m = stops[-1][1] or 1.0
    run = duration_s - DWELL_S * (n - 2)
    out = []
    for k, (_sid, m) in enumerate(stops):
        arr = start + round(run * m / total_m) + DWELL_S * max(0, k - 1)
        dep = arr + (DWELL_S if 0 < k < n - 1 else 0)
        if k == 0:
            arr = dep = start
        out.append((arr, dep))
    return out


def trip_duration(route: DemoRoute, start: int, service: str) -> int:
    peak, off = route.durations
    return 60 * (peak if service == WEEKDAY and is_peak(start) else off)


def hhmmss(seconds: int) -> str:
    h, rem = divmod(int(seconds), 3600)
    return f"{h:02d}:{rem // 60:02d}:{rem % 60:02d}"


def trip_id(route_id: str, service: str, direction: int, start: int) -> str:
    return f"{route_id}_{'T' if service == WEEKDAY else 'CN'}_{direction}_{start // 3600:02d}{start % 3600 // 60:02d}"


def vehicle_label(block_id: str) -> str:
    """Fleet number of the bus running a block: '51-T-03' and '51-CN-03' -> 'BD-051-03',
    '61-77-T-02' -> 'BD-6177-02' (the weekday and weekend blocks share the fleet)."""
    route, _service, n = block_id.rsplit("-", 2)
    digits = route.replace("-", "")
    return f"BD-{digits:0>3}-{n}"


def _blocks(trips: list[dict]) -> None:
    """Chain the trips of one route and service into buses: at each terminal the bus that
    has waited longest (and rested LAYOVER_S) takes the next departure; else a new bus."""
    waiting: dict[int, list[list]] = {0: [], 1: []}  # terminal (direction of the next trip) -> [[ready_s, block]]
    count = 0
    for trip in sorted(trips, key=lambda t: (t["start"], t["direction"])):
        pool = waiting[trip["direction"]]
        pool.sort()
        if pool and pool[0][0] <= trip["start"]:
            _ready, block = pool.pop(0)
        else:
            count += 1
            block = f"{trip['route_id']}-{'T' if trip['service'] == WEEKDAY else 'CN'}-{count:02d}"
        trip["block_id"] = block
        waiting[1 - trip["direction"]].append([trip["end"] + LAYOVER_S, block])


def build_trips(route: DemoRoute) -> list[dict]:
    """Every trip of a route (both directions, both services) with its stop times."""
    patterns = {d: route_pattern(route, d) for d in (0, 1)}
    trips = []
    for service in (WEEKDAY, WEEKEND):
        mine = []
        for d in (0, 1):
            _shape, stops = patterns[d]
            for start in departures(route, service):
                times = stop_times_for(stops, start, trip_duration(route, start, service))
                mine.append({"trip_id": trip_id(route.route_id, service, d, start), "route_id": route.route_id,
                             "service": service, "direction": d, "start": start, "end": times[-1][0],
                             "headsign": STOP_BY_ID[stops[-1][0]].name, "shape_id": f"{route.route_id}_{d}",
                             "stops": [(sid, m, a, dp) for (sid, m), (a, dp) in zip(stops, times)]})
        _blocks(mine)
        trips += mine
    return trips


# ---------------------------------------------------------------------------------- files
def _csv(columns, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def build_files() -> dict[str, bytes]:
    """The whole feed, {file name: bytes}: same bytes on every call."""
    files = {}
    files["agency.txt"] = _csv(
        ("agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone", "agency_fare_url"),
        [(AGENCY_ID, "Becamex Tokyu Bus", "https://www.becamex-tokyu.com/", TIMEZONE, "vi", "0274 3222 333",
          "https://www.becamex-tokyu.com/")])
    used = {x for r in ROUTES for x in r.path if isinstance(x, str)}
    files["stops.txt"] = _csv(
        ("stop_id", "stop_code", "stop_name", "stop_desc", "stop_lat", "stop_lon", "location_type", "wheelchair_boarding"),
        [(s.stop_id, s.stop_id.replace("_", ""), s.name, s.desc, f"{s.lat:.6f}", f"{s.lon:.6f}", "0", "1")
         for s in STOPS if s.stop_id in used])
    files["routes.txt"] = _csv(
        ("route_id", "agency_id", "route_short_name", "route_long_name", "route_desc", "route_type", "route_color",
         "route_text_color", "route_sort_order"),
        [(r.route_id, AGENCY_ID, r.short_name, r.long_name, r.desc, "3", r.color, r.text_color, str(i))
         for i, r in enumerate(ROUTES, 1)])
    trips_rows, st_rows, shape_rows = [], [], []
    for r in ROUTES:
        for d in (0, 1):
            shape, _stops = route_pattern(r, d)
            shape_rows += [(f"{r.route_id}_{d}", f"{la:.6f}", f"{lo:.6f}", str(k), f"{m:.1f}")
                           for k, (la, lo, m) in enumerate(shape, 1)]
        for t in build_trips(r):
            trips_rows.append((t["route_id"], t["service"], t["trip_id"], t["headsign"], str(t["direction"]), t["block_id"],
                               t["shape_id"], "1"))
            for k, (sid, m, a, dp) in enumerate(t["stops"], 1):
                st_rows.append((t["trip_id"], hhmmss(a), hhmmss(dp), sid, str(k), f"{m:.1f}", "1"))
    files["trips.txt"] = _csv(("route_id", "service_id", "trip_id", "trip_headsign", "direction_id", "block_id", "shape_id",
                               "wheelchair_accessible"), trips_rows)
    files["stop_times.txt"] = _csv(("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence",
                                    "shape_dist_traveled", "timepoint"), st_rows)
    files["shapes.txt"] = _csv(("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence", "shape_dist_traveled"),
                               shape_rows)
    files["calendar.txt"] = _csv(
        ("service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"),
        [(WEEKDAY, "1", "1", "1", "1", "1", "0", "0", START_DATE, END_DATE),
         (WEEKEND, "0", "0", "0", "0", "0", "1", "1", START_DATE, END_DATE)])
    cd = []
    for day in HOLIDAYS:
        cd += [(WEEKDAY, day, "2"), (WEEKEND, day, "1")]
    files["calendar_dates.txt"] = _csv(("service_id", "date", "exception_type"), cd)
    files["fare_attributes.txt"] = _csv(
        ("fare_id", "price", "currency_type", "payment_method", "transfers", "agency_id"),
        [(fid, price, "VND", "0", "0", AGENCY_ID) for fid, price in FARES])
    files["fare_rules.txt"] = _csv(("fare_id", "route_id"), [(r.fare_id, r.route_id) for r in ROUTES])
    files["feed_info.txt"] = _csv(
        ("feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version",
         "feed_contact_email"),
        [("Sở Giao thông Vận tải tỉnh Bình Dương (dữ liệu demo)", "https://sgtvt.binhduong.gov.vn/", "vi", START_DATE,
          END_DATE, FEED_VERSION, "sgtvt@binhduong.gov.vn")])
    return files

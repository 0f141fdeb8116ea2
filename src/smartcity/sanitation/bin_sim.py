"""The demo's smart bins around Thủ Dầu Một's markets and parks, and how they fill, as pure
functions of (bin, time). No Django import: the demo loader writes weeks of history from it,
and the live simulator keeps the same bins filling from their last emptying.

A bin fills at a base rate (% per hour) weighted by the hour of the day and the day of the
week of the place it serves: markets mostly from 04:00 to 11:00 and 35 % more at weekends,
parks in the late afternoon and evening and 60 % more at weekends, streets through the day.
Readings carry the noise of an ultrasonic sensor (smooth wobble, now and then a spike).
In the history, crews empty a bin in the morning or afternoon shift when it is over 60 %.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

HOUR, DAY = 3600, 86400
LOCAL = 7 * HOUR
EMPTY_LEVEL = 3.0          # what the sensor reads in an emptied bin (the bottom, a liner)
HISTORY_EMPTY_AT = 60.0    # the history's crews take bins above this level
SHIFT_HOURS = (5, 13)      # morning and afternoon shift starts (local)

_M64 = (1 << 64) - 1


def _seed(*parts) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def rand(seed: int, n: int) -> float:
    """Uniform [0, 1) from (seed, n) (splitmix64), so every run sees the same history."""
    x = (seed * 0x9E3779B97F4A7C15 + n * 0xBF58476D1CE4E5B9 + 0x632BE59BD9B4E019) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return ((x ^ (x >> 31)) & _M64) / 2**64


def smooth(seed: int, t: float, period: float) -> float:
    k = math.floor(t / period)
    f = t / period - k
    a, b = rand(seed, k), rand(seed, k + 1)
    w = (1 - math.cos(math.pi * f)) / 2
    return 2 * (a + (b - a) * w) - 1


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: str        # market, park, street
    lat: float
    lon: float
    zone: str
    street: str
    bins: int


# Approximate positions (WGS84) of real places of Thủ Dầu Một
PLACES = [
    Place("CTDM", "Chợ Thủ Dầu Một", "market", 10.9799, 106.6521, "Phú Cường", "Đường Đinh Bộ Lĩnh", 16),
    Place("CPH", "Chợ Phú Hòa", "market", 10.9902, 106.6716, "Phú Hòa", "Đường Lê Hồng Phong", 14),
    Place("CCN", "Chợ Chánh Nghĩa", "market", 10.9692, 106.6612, "Chánh Nghĩa", "Đường Huỳnh Văn Nghệ", 12),
    Place("CHT", "Chợ Hiệp Thành", "market", 11.0003, 106.6639, "Hiệp Thành", "Đường Nguyễn Chí Thanh", 12),
    Place("CVPC", "Công viên Phú Cường", "park", 10.9772, 106.6556, "Phú Cường", "Đường Cách Mạng Tháng Tám", 10),
    Place("CVTL", "Công viên Thanh Lễ", "park", 10.9836, 106.6731, "Phú Hòa", "Đại lộ Bình Dương", 10),
    Place("BDG", "Bờ sông Bạch Đằng", "park", 10.9790, 106.6500, "Phú Cường", "Đường Bạch Đằng", 12),
    Place("YSN", "Đường Yersin", "street", 10.9832, 106.6590, "Phú Cường", "Đường Yersin", 8),
    Place("DLBD", "Đại lộ Bình Dương (Phú Hòa)", "street", 10.9870, 106.6760, "Phú Hòa", "Đại lộ Bình Dương", 8),
]

# kind -> (base %/h range, hour weights by local hour, weekend factor)
_HOURS = {
    "market": [0.15] * 3 + [0.8, 2.2, 2.6, 2.4, 2.0, 1.7, 1.4, 1.2, 1.0] + [0.7] * 4 + [0.9, 0.8, 0.6, 0.4, 0.3, 0.2, 0.15, 0.15],
    "park": [0.1] * 5 + [0.6, 0.8, 0.6, 0.5, 0.5, 0.6, 0.7, 0.7, 0.6, 0.6, 0.8, 1.4, 2.0, 2.4, 2.4, 2.0, 1.2, 0.5, 0.2],
    "street": [0.15] * 5 + [0.6, 1.0, 1.3, 1.2, 1.1, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.2, 1.4, 1.3, 1.1, 0.9, 0.6, 0.3, 0.2],
}
_BASE = {"market": (1.7, 2.8), "park": (0.9, 1.6), "street": (0.6, 1.2)}
_WEEKEND = {"market": 1.35, "park": 1.6, "street": 1.1}
for _k, _w in _HOURS.items():  # hour weights average 1 over the day
    _m = sum(_w) / 24
    _HOURS[_k] = [x / _m for x in _w]


@dataclass(frozen=True)
class DemoBin:
    code: str
    place: Place
    lat: float
    lon: float
    capacity_l: int
    waste_kind: str
    base_rate: float   # % per hour, day average on a weekday

    @property
    def slug(self) -> str:
        return "tr-" + self.code.lower()

    @property
    def name(self) -> str:
        return f"Thùng rác thông minh {self.code} – {self.place.name}"

    @property
    def address(self) -> str:
        return f"{self.place.street}, phường {self.place.zone}, TP. Thủ Dầu Một"


def _make_bins() -> list[DemoBin]:
    out = []
    for p in PLACES:
        s = _seed("place", p.code)
        for i in range(1, p.bins + 1):
            ang = 2 * math.pi * rand(s, 3 * i)
            r = (60 + 300 * rand(s, 3 * i + 1)) / 111_320  # 60-360 m from the place
            lat = p.lat + r * math.sin(ang)
            lon = p.lon + r * math.cos(ang) / math.cos(math.radians(p.lat))
            u = rand(s, 3 * i + 2)
            if p.kind == "market":
                kind = "organic" if i % 3 else "general"
                cap = 660
            elif p.kind == "park":
                kind = "recyclable" if i % 4 == 0 else "general"
                cap = 240 if i % 3 else 660
            else:
                kind = "recyclable" if i % 4 == 0 else "general"
                cap = 240
            lo, hi = _BASE[p.kind]
            rate = lo + (hi - lo) * u
            if cap == 660:
                rate *= 0.8  # a large bin fills more slowly in %
            out.append(DemoBin(f"{p.code}-{i:02d}", p, round(lat, 6), round(lon, 6), cap, kind, round(rate, 3)))
    return out


DEMO_BINS = _make_bins()
BY_CODE = {b.code: b for b in DEMO_BINS}

# where the trucks sleep and where they unload (approximate positions)
DEPOT = ("Bãi xe Đội thu gom rác Thủ Dầu Một", "Đường Ngô Văn Trị, phường Phú Lợi, TP. Thủ Dầu Một", 10.9795, 106.6792)
DISPOSAL = ("Khu liên hợp xử lý chất thải rắn Nam Bình Dương", "Xã Chánh Phú Hòa, TP. Bến Cát", 11.1125, 106.6668)
# plate, model, capacity (kg)
TRUCKS = [
    ("61C-045.12", "Hino XZU720 ép rác 6 m³", 3000),
    ("61C-045.27", "Hino XZU720 ép rác 6 m³", 3000),
    ("61C-118.03", "Isuzu QKR ép rác 4 m³", 2000),
    ("61C-118.46", "Isuzu QKR ép rác 4 m³", 2000),
]


def local_hour(t: float) -> int:
    return int(((t + LOCAL) % DAY) // HOUR)


def day_number(t: float) -> int:
    return int((t + LOCAL) // DAY)


def weekend(t: float) -> bool:
    return (day_number(t) + 3) % 7 in (5, 6)  # day 0 (1970-01-01) was a Thursday


def rate_at(b: DemoBin, t: float) -> float:
    """% per hour at time t."""
    kind = b.place.kind
    day_factor = 0.85 + 0.3 * rand(_seed(b.code, "day"), day_number(t))
    return b.base_rate * _HOURS[kind][local_hour(t)] * (_WEEKEND[kind] if weekend(t) else 1.0) * day_factor


def filled(b: DemoBin, t0: float, t1: float) -> float:
    """Points of fill gained between t0 and t1 (integral of the rate, hour by hour)."""
    total, t = 0.0, t0
    while t < t1:
        boundary = min(t1, (math.floor((t + LOCAL) / HOUR) + 1) * HOUR - LOCAL)
        total += rate_at(b, t) * (boundary - t) / HOUR
        t = boundary
    return total


class FillClock:
    """`filled` over [t0, t1] in O(1) per call: cumulative sums of the hourly rates (the
    same hour-by-hour integral as `filled`, for writing weeks of history quickly)."""

    def __init__(self, b: DemoBin, t0: float, t1: float):
        self.h0 = math.floor((t0 + LOCAL) / HOUR)
        n = math.floor((t1 + LOCAL) / HOUR) - self.h0 + 2
        self.rates = [rate_at(b, (self.h0 + k) * HOUR - LOCAL) for k in range(n)]
        self.cum = [0.0]
        for r in self.rates:
            self.cum.append(self.cum[-1] + r)

    def _at(self, t: float) -> float:
        x = (t + LOCAL) / HOUR - self.h0
        k = math.floor(x)
        return self.cum[k] + self.rates[k] * (x - k)

    def filled(self, t0: float, t1: float) -> float:
        return max(0.0, self._at(t1) - self._at(t0)) if t1 > t0 else 0.0


def level(b: DemoBin, emptied_at: float, t: float, clock: FillClock | None = None) -> float:
    """True level at t for a bin emptied at `emptied_at` (capped at 100 %)."""
    gained = clock.filled(emptied_at, t) if clock is not None else filled(b, emptied_at, t)
    return min(100.0, EMPTY_LEVEL + gained)


def reading(b: DemoBin, emptied_at: float, t: float, clock: FillClock | None = None) -> float:
    """What the sensor says: the level, a smooth +-1.5 point wobble, and one reading in 60 a
    spike (a bag under the transducer)."""
    s = _seed(b.code, "noise")
    v = level(b, emptied_at, t, clock) + 1.5 * smooth(s, t, 2 * HOUR)
    if rand(s, int(t // 60)) < 1 / 60:
        v += 25 + 20 * rand(s, int(t // 60) + 7)
    return round(min(100.0, max(0.0, v)), 1)


def history_emptyings(b: DemoBin, start: float, end: float, first_empty: float, clock: FillClock | None = None) -> list[float]:
    """Times the history's crews emptied the bin in [start, end]: at each shift, bins above
    60 % are taken, each at its own time of the shift."""
    out, last = [], first_empty
    day = day_number(start)
    offset = (30 + 240 * rand(_seed(b.code, "round"), 0)) * 60  # its place in the crew's round
    while True:
        for h in SHIFT_HOURS:
            t = day * DAY - LOCAL + h * HOUR + offset
            if t < start:
                continue
            if t > end:
                return out
            if level(b, last, t, clock) >= HISTORY_EMPTY_AT:
                out.append(t)
                last = t
        day += 1


def temperature(b: DemoBin, t: float) -> float:
    """Air temperature in Thủ Dầu Một with the sun on the bin: 25-34 °C."""
    h = ((t + LOCAL) % DAY) / HOUR
    return round(29.5 + 4.0 * math.cos((h - 14.5) / 24 * 2 * math.pi) + 0.8 * smooth(_seed(b.code, "temp"), t, 3 * HOUR), 1)


def battery(b: DemoBin, t: float) -> float:
    days = t / DAY + 200 * rand(_seed(b.code, "bat"), 0)
    return round(100 - (days * 0.25) % 70, 1)


def lid_open(b: DemoBin, t: float) -> float:
    """A park bin whose lid jams open in the late afternoon rush (a lid-open alert every day)."""
    return 1.0 if b.code == "CVPC-03" and 16 <= local_hour(t) < 18 else 0.0


def tilt(b: DemoBin, t: float) -> float:
    """Degrees from upright; a riverside bin knocked over on the evenings of every other day."""
    if b.code == "BDG-05" and day_number(t) % 2 == 0 and local_hour(t) >= 20:
        return 82.0
    return round(2.0 + 1.5 * rand(_seed(b.code, "tilt"), 0), 1)


def temperature_reading(b: DemoBin, t: float) -> float:
    """The temperature sensor: the air, and a smouldering fire in one market bin every fifth day at noon."""
    if b.code == "CHT-04" and day_number(t) % 5 == 0 and 12 <= local_hour(t) < 14:
        return 68.5
    return temperature(b, t)

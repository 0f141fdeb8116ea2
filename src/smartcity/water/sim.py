"""The demo's two reservoirs as an hourly water balance (no Django): rain from afternoon
storms in the rainy season (May-November, ~1,800 mm a year as at Thủ Dầu Một), runoff of
each catchment, evaporation, reuse pumped for irrigation, street washing and toilets (more
in the dry season), treated water pumped in at VSIP II, gate releases and the spillway.

Every value is a pure function of the hour since a fixed start (1 January 2025, local), so
the loader's history and the live simulator agree; states are computed once per process
and extended as time goes on (one hour is a few microseconds of arithmetic).
"""
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from smartcity.water.balance import LOCAL, WEIR_COEFFICIENT
from smartcity.water.stage import Stage, from_area_profile

HOUR = 3600
START = int(datetime(2025, 1, 1, tzinfo=LOCAL).timestamp())
# rainy-day chance per month at Binh Duong (rainy season May-November)
RAIN_CHANCE = {1: .04, 2: .03, 3: .06, 4: .15, 5: .5, 6: .62, 7: .62, 8: .66, 9: .72, 10: .66, 11: .38, 12: .1}
EVAPORATION_MM_DAY = {"dry": 4.5, "rainy": 3.0}  # open water, southern Vietnam


def _rand(*key) -> float:
    h = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2 ** 64


def _local(t: int) -> datetime:
    return datetime.fromtimestamp(t, LOCAL)


@lru_cache(maxsize=8192)
def storm(site: str, day_index: int, month: int) -> tuple[float, float, float] | None:
    """(start hour, duration h, mm/h) of a day's afternoon storm at a site, or None."""
    if _rand("rain-day", day_index) > RAIN_CHANCE[month]:  # the province's rainy days are shared
        return None
    start = 13.5 + 4.0 * _rand(site, "start", day_index)
    duration = 0.4 + 1.6 * _rand(site, "dur", day_index)
    intensity = 3.0 + 22.0 * _rand(site, "mm", day_index) ** 2
    return start, duration, intensity


def rain_in_hour(site: str, t: int) -> float:
    """mm in the hour [t, t + 1 h)."""
    d = _local(t)
    day_index = (t - START) // 86400
    ev = storm(site, day_index, d.month)
    if ev is None:
        return 0.0
    s, dur, mm_h = ev
    h0 = d.hour
    overlap = max(0.0, min(h0 + 1, s + dur) - max(h0, s))
    return mm_h * overlap


@dataclass(frozen=True)
class Pump:
    quantity: str  # hub quantity of the metered amount
    hours: tuple  # local hours it runs
    dry_m3_h: float
    rainy_m3_h: float
    weekdays_only: bool = False
    skip_after_rain: bool = True  # no irrigation or street washing the day after a storm


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    name_en: str
    owner: str
    kind: str
    lat: float
    lon: float
    address: str
    levels: tuple
    areas: tuple
    crest: float
    minimum: float
    spillway_m: float
    catchment_m2: float
    runoff: float
    start_level: float
    gauge_slug: str
    gauge_name: str
    gauge_lat: float
    gauge_lon: float
    pumps: tuple = ()
    release_above: float | None = None  # the operator opens the gate above this level in the rainy season
    release_m3_h: float = 0.0
    note: str = ""
    stage: Stage = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "stage", Stage.of(self.levels, from_area_profile(self.levels, self.areas)))

    @property
    def volumes(self):
        return self.stage.volumes

    @property
    def capacity(self) -> float:
        return self.stage.volume(self.crest)[0]


SITES = (
    Site("ho-dieu-hoa-cong-vien-trung-tam-tpm", "Hồ điều hòa nước mưa Công viên trung tâm Thành phố mới Bình Dương",
         "Binh Duong New City central park rainwater regulation lake", "BECAMEX", "rainwater", 11.0507, 106.6755,
         "Công viên trung tâm, Đường Lê Lợi (Thành phố mới), phường Hòa Phú, Thủ Dầu Một",
         levels=(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5), areas=(17_500, 19_800, 21_600, 23_100, 24_500, 25_900, 27_400, 29_000),
         crest=3.0, minimum=1.2, spillway_m=6.0, catchment_m2=420_000, runoff=0.55, start_level=2.55,
         gauge_slug="tram-do-mua-cong-vien-tpm", gauge_name="Trạm đo mưa Công viên trung tâm Thành phố mới",
         gauge_lat=11.0519, gauge_lon=106.6741,
         pumps=(Pump("reuse_irrigation", (5, 6), 110.0, 45.0), Pump("reuse_street_washing", (22,), 45.0, 20.0)),
         release_above=2.75, release_m3_h=180.0,
         note="Hồ điều hòa của khu Trung tâm Hành chính tỉnh: trữ nước mưa chống ngập, tưới cây và rửa đường Đại lộ Hùng Vương."),
    Site("ho-nuoc-mua-kcn-vsip-ii", "Hồ chứa nước mưa và nước tái sử dụng KCN VSIP II",
         "VSIP II industrial park rainwater and reclaimed water reservoir", "VSIPMB", "mixed", 11.0832, 106.6868,
         "Đường Dân Chủ, KCN VSIP II, phường Hòa Phú, Thủ Dầu Một",
         levels=(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0), areas=(7_600, 8_300, 9_000, 9_700, 10_400, 11_000, 11_700, 12_400, 13_100),
         crest=3.5, minimum=1.0, spillway_m=4.0, catchment_m2=230_000, runoff=0.8, start_level=2.9,
         gauge_slug="tram-do-mua-kcn-vsip-ii", gauge_name="Trạm đo mưa KCN VSIP II", gauge_lat=11.0851, gauge_lon=106.6893,
         pumps=(Pump("inflow_volume", (0, 1, 2, 3, 4), 32.0, 12.0, skip_after_rain=False),
                Pump("reuse_toilets", tuple(range(8, 17)), 9.0, 9.0, weekdays_only=True, skip_after_rain=False),
                Pump("reuse_irrigation", (5, 6), 85.0, 30.0), Pump("reuse_street_washing", (21,), 40.0, 18.0)),
         note="Nước mưa mái nhà xưởng và đường nội bộ cùng nước thải đã xử lý đạt cột A QCVN 40:2011/BTNMT, "
              "dùng tưới cây, rửa đường và xả nhà vệ sinh."),
)
BY_SLUG = {s.slug: s for s in SITES}


@dataclass
class Hour:
    t: int  # start of the hour
    level: float  # at the end of the hour
    volume: float
    rain_mm: float
    amounts: dict  # quantity -> m³ in the hour


_STATES: dict[str, list[Hour]] = {}


def _season(month: int) -> str:
    return "rainy" if 5 <= month <= 11 else "dry"


def _step(site: Site, t: int, volume: float, rain_prev_day: float) -> Hour:
    d = _local(t)
    season = _season(d.month)
    rain = rain_in_hour(site.slug, t)
    level = site.stage.level(volume)[0]
    area = (site.stage.volume(level + 0.05)[0] - site.stage.volume(level - 0.05)[0]) / 0.1
    gain = rain / 1000.0 * site.catchment_m2 * site.runoff
    loss = 0.0
    if 8 <= d.hour < 18:  # evaporation by day
        loss += EVAPORATION_MM_DAY[season] / 1000.0 * area / 10
    loss += 0.5 / 1000.0 * area / 24  # seepage
    amounts = {}
    for p in site.pumps:
        if d.hour not in p.hours or (p.weekdays_only and d.weekday() >= 5):
            continue
        if p.skip_after_rain and rain_prev_day > 5:
            continue
        rate = p.dry_m3_h if season == "dry" else p.rainy_m3_h
        rate *= 0.85 + 0.3 * _rand(site.slug, p.quantity, t)
        if p.quantity != "inflow_volume" and level < site.minimum:
            continue  # the reuse pumps stop below the minimum operating level
        amounts[p.quantity] = amounts.get(p.quantity, 0.0) + round(rate, 1)
    if site.release_above is not None and season == "rainy" and level > site.release_above:
        amounts["outflow_volume"] = site.release_m3_h
    volume += gain + amounts.get("inflow_volume", 0.0) - loss - sum(v for q, v in amounts.items() if q != "inflow_volume")
    volume = max(volume, 0.0)
    # the spillway: a few sub-steps of the weir, so a storm's peak is not over-drained
    crest_v = site.capacity
    for _ in range(6):
        if volume <= crest_v:
            break
        head = site.stage.level(volume)[0] - site.crest
        volume = max(crest_v, volume - WEIR_COEFFICIENT * site.spillway_m * head ** 1.5 * HOUR / 6)
    return Hour(t, site.stage.level(volume)[0], volume, rain, amounts)


def hours(site: Site, until: int) -> list[Hour]:
    """The hourly states from START up to the hour starting before `until` (cached)."""
    states = _STATES.setdefault(site.slug, [])
    t = START + len(states) * HOUR
    volume = states[-1].volume if states else site.stage.volume(site.start_level)[0]
    window = [h.rain_mm for h in states[-24:]]
    day_rain = sum(window)
    while t < until:
        h = _step(site, t, volume, day_rain)
        states.append(h)
        volume = h.volume
        window.append(h.rain_mm)
        day_rain += h.rain_mm
        if len(window) > 24:
            day_rain -= window.pop(0)
        t += HOUR
    n = max(0, (until - START + HOUR - 1) // HOUR)
    return states[:n]


def at(site: Site, t: int) -> tuple[float, float]:
    """(level m, volume m³) at time t: linear between the hourly states (the live feed's 15-minute readings)."""
    states = hours(site, t + HOUR)
    i = (t - START) // HOUR  # states[i] ends at START + (i + 1) h
    if i < 1:
        return site.start_level, site.stage.volume(site.start_level)[0]
    prev, cur = states[i - 1], states[i]
    f = ((t - START) % HOUR) / HOUR
    return prev.level + (cur.level - prev.level) * f, prev.volume + (cur.volume - prev.volume) * f


def level_m(x: float) -> float:
    return round(x, 3)


def floor_hour(t: int) -> int:
    return t - (t - START) % HOUR


def annual_rain(site: Site, year: int) -> float:
    t0 = int(datetime(year, 1, 1, tzinfo=LOCAL).timestamp())
    t1 = int(datetime(year + 1, 1, 1, tzinfo=LOCAL).timestamp())
    return sum(rain_in_hour(site.slug, t) for t in range(t0, t1, HOUR))

"""Read side of the public pages (map, station page, display board, mobile track) and of
the OpenAQ-compatible API: which stations are public, their current index with its band,
their latest readings, chart series and located readings. No HTTP here.

Indices are read from `IndexValue` (filled continuously by index_hooks), never recomputed:
a page shows what the platform has computed and stored, with its time.

Bands, colours and health advice come from `aqi.py` / `wqi.py` (Decision 1459/QĐ-TCMT and
1460/QĐ-TCMT): one table for the whole platform.
"""
import time
from django.db import connection
from django.db.models import Max

from smartcity.environment import aqi, wqi
from smartcity.environment.models import IndexValue, Station, StationKind
from smartcity.hub import registry
from smartcity.hub.models import DailyRollup, Datastream, HourlyRollup, Latest, Quantity, Status
from smartcity.hub.timebase import DAY, HOUR, day_bucket

# which stored index a station kind publishes (other kinds publish their readings only)
INDEX_OF_KIND = {
    StationKind.AIR: "vn_aqi_h",
    StationKind.MOBILE: "vn_aqi_h",
    StationKind.SURFACE_WATER: "vn_wqi",
}
# an index older than this is shown grey ("no current value"): the hourly AQI is due
# within a minute of each hour, so three missed hours; WQI a day and a little more
STALE_AFTER = {"vn_aqi_h": 3 * HOUR, "us_aqi_h": 3 * HOUR, "vn_aqi_d": 2 * DAY, "vn_wqi": 26 * HOUR}
# hub quantities that are themselves indices: shown as the index, not as a parameter
INDEX_QUANTITIES = {"aqi", "us_aqi", "wqi"}
# short labels of pollutants, as boards and the decision's tables print them
SHORT_LABELS = {"pm25": "PM2.5", "pm10": "PM10", "o3": "O₃", "no2": "NO₂", "so2": "SO₂", "co": "CO", "tsp": "TSP",
                "o3_8h": "O₃ (8 h)", "o3_1h": "O₃ (1 h)", "ph": "pH", "dissolved_oxygen": "DO", "bod5": "BOD₅",
                "cod": "COD", "tss": "TSS", "ammonium": "N-NH₄", "nitrate": "N-NO₃", "nitrite": "N-NO₂",
                "phosphate": "P-PO₄", "coliform": "Coliform", "ecoli": "E. coli", "toc": "TOC"}
# names other modules or files may use for a dominant pollutant -> our quantity codes
_ALIASES = {"pm2.5": "pm25", "pm2_5": "pm25", "pm25": "pm25", "pm10": "pm10", "o3": "o3", "o3_1h": "o3", "o3_8h": "o3",
            "no2": "no2", "so2": "so2", "co": "co", "do": "dissolved_oxygen", "bod": "bod5", "bod5": "bod5",
            "n-nh4": "ammonium", "nh4": "ammonium", "p-po4": "phosphate", "po4": "phosphate", "n-no3": "nitrate",
            "n-no2": "nitrite", "e.coli": "ecoli", "ecoli": "ecoli", "coliform": "coliform", "ph": "ph", "cod": "cod",
            "tss": "tss", "toc": "toc", "do_saturation": "dissolved_oxygen", "do%": "dissolved_oxygen"}

# -- bands: aqi.py (Decision 1459 Table 1 and 5) and wqi.py (Decision 1460 Table 6) --------
def text_colour(rgb) -> str:
    """Black or white, whichever contrasts more with the band colour (WCAG luminance)."""
    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def colour(b) -> str:
    return "#%02x%02x%02x" % tuple(b.rgb)


def band(family: str, value):
    """The aqi.Band of an index value: family 'aqi' (VN_AQI) or 'wqi' (VN_WQI)."""
    if value is None:
        return None
    return aqi.band_vn(value) if family == "aqi" else wqi.band_wqi(value)


def family_of(index_kind: str) -> str:
    return "wqi" if index_kind == "vn_wqi" else "aqi"


def bands(family: str) -> list:
    """The bands in the legend's order: from good to bad."""
    return list(aqi.BANDS_VN) if family == "aqi" else list(reversed(wqi.BANDS_WQI))


def band_range(b) -> str:
    return f"{b.low}–{b.high}" if b.high is not None else f"> {b.low - 1}"


def band_dict(b) -> dict | None:
    if b is None:
        return None
    return {"code": b.code, "name_vi": b.name_vi, "name_en": b.name_en, "colour": colour(b), "text": text_colour(b.rgb),
            "advice_vi": b.advice_vi, "advice_en": b.advice_en,
            "sensitive_vi": b.advice_sensitive_vi if b.advice_sensitive_vi != b.advice_vi else "",
            "sensitive_en": b.advice_sensitive_en if b.advice_sensitive_en != b.advice_en else "",
            "effect_vi": b.effect_vi, "effect_en": b.effect_en}


METHODS = {
    "aqi": {"issuer_vi": "Tổng cục Môi trường", "issuer_en": "Vietnam Environment Administration",
            "decision": "1459/QĐ-TCMT", "date": "12/11/2019"},
    "wqi": {"issuer_vi": "Tổng cục Môi trường", "issuer_en": "Vietnam Environment Administration",
            "decision": "1460/QĐ-TCMT", "date": "12/11/2019"},
}


def quantity_code(name: str) -> str:
    """Our quantity code for a dominant-pollutant name as another module may store it."""
    if not name:
        return ""
    low = name.strip().lower()
    if low in registry.QUANTITIES:
        return low
    return _ALIASES.get(low, _ALIASES.get(low.replace(" ", ""), low))


def short_label(code: str) -> str:
    return SHORT_LABELS.get(code) or (registry.QUANTITIES[code].name_en if code in registry.QUANTITIES else code)


def sub_indices(parts: dict) -> dict:
    """{quantity code: sub-index} from an IndexValue's parts, whichever layout the index
    module chose: {"sub": {...}}, {"sub_indices": {...}}, {"subindices": {...}} or flat."""
    if not isinstance(parts, dict):
        return {}
    inner = next((parts[k] for k in ("sub", "sub_indices", "subindices", "subs", "indices") if isinstance(parts.get(k), dict)), parts)
    out = {}
    for key, value in inner.items():
        if isinstance(value, dict):  # {"pm25": {"value": 41, ...}}
            value = value.get("aqi", value.get("index", value.get("value", value.get("q"))))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            code = quantity_code(key)
            out[code] = max(out.get(code, value), value) if code in out else value
    return out


# -- stations ---------------------------------------------------------------------------------
def public_stations(kind: str | None = None, codes=None, qs=None):
    """Published stations (with asset, owner), in code order."""
    qs = (qs if qs is not None else Station.objects.filter(published=True)).select_related("asset", "owner", "asset__admin_unit")
    if kind:
        kinds = [k for k in str(kind).split(",") if k]
        if "water" in kinds:  # one word for the map's filter: every water station
            kinds += [StationKind.SURFACE_WATER, StationKind.GROUNDWATER, StationKind.WASTEWATER]
        qs = qs.filter(kind__in=kinds)
    if codes:
        qs = qs.filter(code__in=list(codes))
    return qs.order_by("code")


def current_indices(station_ids, kinds=("vn_aqi_h", "vn_wqi", "us_aqi_h", "vn_aqi_d")) -> dict:
    """{(station id, kind): IndexValue}: the newest stored value of each index kind."""
    station_ids = list(station_ids)
    if not station_ids:
        return {}
    newest = (IndexValue.objects.filter(station_id__in=station_ids, kind__in=kinds)
              .values("station_id", "kind").annotate(t=Max("t")))
    keys = {(r["station_id"], r["kind"], r["t"]) for r in newest}
    if not keys:
        return {}
    rows = IndexValue.objects.filter(station_id__in={k[0] for k in keys}, kind__in={k[1] for k in keys},
                                     t__in={k[2] for k in keys})
    return {(iv.station_id, iv.kind): iv for iv in rows if (iv.station_id, iv.kind, iv.t) in keys}


def index_summary(iv: IndexValue | None, index_kind: str, now: int) -> dict:
    """What a page shows of one stored index: value, band, dominant, time, staleness."""
    if iv is None:
        return {"kind": index_kind, "value": None, "state": "nodata", "band": None, "t": None, "dominant": "",
                "dominant_label": "", "subs": {}}
    stale = iv.value is None or now - iv.t > STALE_AFTER.get(index_kind, 3 * HOUR)
    dominant = quantity_code(iv.dominant)
    subs = sub_indices(iv.parts)
    if not dominant and subs:
        dominant = (min if index_kind == "vn_wqi" else max)(subs, key=subs.get)
    return {"kind": index_kind, "value": iv.value, "state": "stale" if stale else "ok",
            "band": band_dict(band(family_of(index_kind), iv.value)), "t": iv.t, "dominant": dominant,
            "dominant_label": short_label(dominant) if dominant else "", "subs": subs}


def station_name(station: Station, english: bool) -> str:
    a = station.asset
    return (a.name_en if english and a.name_en else a.name)


def short_name(station: Station, english: bool = False) -> str:
    """The board's short name: the station's own, else its name without the usual prefix."""
    if station.short_name:
        return station.short_name
    name = station_name(station, english)
    for prefix in ("Trạm quan trắc không khí tự động", "Trạm quan trắc nước mặt tự động", "Trạm quan trắc",
                   "Automatic air monitoring station", "Automatic surface-water station", "Trạm"):
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            return name[len(prefix):].strip(" -–:")
    return name


def data_source(station: Station) -> str:
    """Table 3's data source: the station operator (the facility, else the owner)."""
    return station.facility or station.owner.name


def cards(stations, now: int | None = None, english: bool = False) -> list[dict]:
    """One card per station for the map, the ranking and the board."""
    now = now or int(time.time())
    stations = list(stations)
    indices = current_indices([s.id for s in stations])
    latest_t = dict(Latest.objects.filter(datastream__asset__station__in=stations)
                    .values("datastream__asset__station").annotate(t=Max("t")).values_list("datastream__asset__station", "t"))
    out = []
    for s in stations:
        index_kind = INDEX_OF_KIND.get(s.kind)
        idx = index_summary(indices.get((s.id, index_kind)), index_kind, now) if index_kind else None
        out.append({
            "code": s.code, "id": s.id, "kind": s.kind, "kind_label": str(s.get_kind_display()),
            "name": station_name(s, english), "short_name": short_name(s, english),
            "lat": s.asset.latitude, "lon": s.asset.longitude, "owner": s.owner.name,
            "source": data_source(s), "index": idx, "family": family_of(index_kind) if index_kind else None,
            "updated": latest_t.get(s.id),
        })
    return out


def ranking(card_list: list[dict]) -> dict:
    """Stations with a current index, worst first: AQI high to low, WQI low to high."""
    air = [c for c in card_list if c["family"] == "aqi" and c["index"] and c["index"]["state"] == "ok"]
    water = [c for c in card_list if c["family"] == "wqi" and c["index"] and c["index"]["state"] == "ok"]
    return {"aqi": sorted(air, key=lambda c: -c["index"]["value"]), "wqi": sorted(water, key=lambda c: c["index"]["value"])}


# -- one station ------------------------------------------------------------------------------
def parameters(station: Station, subs: dict, dominant: str, english: bool) -> list[dict]:
    """Every parameter of the station with its latest reading (any status) and its
    sub-index from the stored index; `highest` marks the dominant one."""
    quantities = {q.code: q for q in Quantity.objects.all()}
    listed = registry.ASSET_TYPES.get(station.asset.asset_type_id)
    order = {q: i for i, q in enumerate(listed.quantities)} if listed else {}
    streams = sorted(Datastream.objects.filter(asset=station.asset).exclude(quantity_id__in=INDEX_QUANTITIES),
                     key=lambda d: (order.get(d.quantity_id, 99), d.quantity_id))
    latest = {r.datastream_id: r for r in Latest.objects.filter(datastream__in=streams)}
    rows = []
    for d in streams:
        q = quantities.get(d.quantity_id)
        r = latest.get(d.id)
        rows.append({
            "id": d.id, "quantity": d.quantity_id, "short": short_label(d.quantity_id),
            "label": (q.name_en if english else q.name_vi) if q else d.quantity_id, "unit": d.unit,
            "t": r.t if r else None, "value": r.value if r else None,
            "status": Status(r.status).name.lower() if r and r.status in Status.values else ("unknown" if r else None),
            "status_label": str(Status(r.status).label) if r and r.status in Status.values else "",
            "sub": subs.get(d.quantity_id), "highest": bool(dominant) and d.quantity_id == dominant,
        })
    return rows


def series(ds_ids, now: int) -> dict:
    """{"24h": {ds: [[iso, mean], ...]}, "30d": {...}}: hourly means of the last 24 hours and
    daily means of the last 30 local days, from the hub's rollups (valid readings only)."""
    from smartcity.hub.timebase import iso

    out = {"24h": {i: [] for i in ds_ids}, "30d": {i: [] for i in ds_ids}}
    if not ds_ids:
        return out
    since_h = now - now % HOUR - 23 * HOUR
    for ds, bucket, n, total in (HourlyRollup.objects.filter(datastream_id__in=ds_ids, bucket__gte=since_h)
                                 .order_by("datastream_id", "bucket").values_list("datastream_id", "bucket", "n", "total")):
        if n:
            out["24h"][ds].append([iso(bucket + HOUR // 2), total / n])
    since_d = day_bucket(now) - 29 * DAY
    for ds, bucket, n, total in (DailyRollup.objects.filter(datastream_id__in=ds_ids, bucket__gte=since_d)
                                 .order_by("datastream_id", "bucket").values_list("datastream_id", "bucket", "n", "total")):
        if n:
            out["30d"][ds].append([iso(bucket + DAY // 2), total / n])
    return out


def index_history(station: Station, index_kind: str, now: int) -> dict:
    """The stored index over the chart periods: hourly values of the last 24 hours (or the
    station's own index kind) and daily VN_AQI of the last 30 days."""
    since_h = now - 25 * HOUR
    hourly = list(IndexValue.objects.filter(station=station, kind=index_kind, t__gt=since_h).order_by("t")
                  .values_list("t", "value"))
    daily_kind = "vn_aqi_d" if index_kind == "vn_aqi_h" else index_kind
    since_d = now - 31 * DAY
    daily = list(IndexValue.objects.filter(station=station, kind=daily_kind, t__gt=since_d).order_by("t")
                 .values_list("t", "value"))
    fam = family_of(index_kind)

    def pack(rows):
        return [{"t": t, "value": v, "colour": colour(band(fam, v)) if v is not None else "#9aa5b1"} for t, v in rows]
    return {"24h": pack(hourly), "30d": pack(daily), "daily_kind": daily_kind}


# -- mobile monitoring ------------------------------------------------------------------------
# Decision 1459 breakpoints (µg/m³) at sub-index 50/100/150/200/300/400/500: a located
# reading is coloured by the band its concentration falls in. An indication for the track,
# not an AQI (no hourly mean, no NowCast).
CONCENTRATION_BREAKPOINTS = {
    "pm25": (25, 50, 80, 150, 250, 350, 500), "pm10": (50, 150, 250, 350, 420, 500, 600),
    "o3": (160, 200, 300, 400, 800, 1000, 1200), "no2": (100, 200, 700, 1200, 2350, 3100, 3850),
    "so2": (125, 350, 550, 800, 1600, 2100, 2630), "co": (10000, 30000, 45000, 60000, 90000, 120000, 150000),
}


def reading_band(quantity: str, value):
    """The VN_AQI band of a single concentration (see CONCENTRATION_BREAKPOINTS)."""
    bps = CONCENTRATION_BREAKPOINTS.get(quantity)
    if bps is None or value is None:
        return None
    for i, edge in enumerate(bps[:5]):
        if value <= edge:
            return aqi.BANDS_VN[i]
    return aqi.BANDS_VN[5]


def located_readings(datastream_id: int, day_start: int) -> list[tuple]:
    """(t, value, status, lat, lon) of one datastream's located readings in one local day."""
    with connection.cursor() as cur:
        cur.execute("SELECT t, value, status, lat, lon FROM hub_observation WHERE datastream_id = %s AND t >= %s AND t < %s "
                    "AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY t", [datastream_id, day_start, day_start + DAY])
        return cur.fetchall()


def track_days(asset_id: int, limit: int = 30) -> list[int]:
    """Local days (UTC seconds of their midnight) with readings of this asset, newest first."""
    rows = (DailyRollup.objects.filter(datastream__asset_id=asset_id).values_list("bucket", flat=True)
            .distinct().order_by("-bucket")[:limit])
    return list(rows)


def local_day_start(t: int) -> int:
    return day_bucket(t)


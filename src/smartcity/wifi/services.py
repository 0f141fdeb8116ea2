"""Database side of the public Wi-Fi module: hotspot states from the hub's latest
readings, usage rows from the hub's daily rollups, usage by area and month, coverage by
ward. The arithmetic is in usage.py."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

from smartcity.wifi import usage

LOCAL = timezone(timedelta(hours=7))
STALE_INTERVALS = 3  # no reading for three expected intervals: the hotspot is down
QUANTITY_FIELD = {"wifi_sessions": ("sessions", "total"), "wifi_unique_users": ("unique_users", "total"),
                  "data_volume": ("traffic_mb", "total"), "connected_users": ("peak_users", "vmax")}
STATES = ("up", "down", "maintenance", "planned", "retired")


def local_today() -> date:
    return datetime.now(tz=LOCAL).date()


def states(hotspots, now: int | None = None) -> dict:
    """{hotspot pk: {"state", "users", "reported_at"}}: up when the latest `connected_users`
    reading is fresh, down when stale or missing; planned/maintenance/retired by status."""
    from smartcity.hub.models import Datastream, Latest

    now = int(time.time()) if now is None else now
    hotspots = list(hotspots)
    streams = {d.asset_id: d for d in Datastream.objects.filter(asset_id__in=[h.asset_id for h in hotspots],
                                                                  quantity_id="connected_users")}
    latest = {x.datastream_id: x for x in Latest.objects.filter(datastream_id__in=[d.id for d in streams.values()])}
    out = {}
    for h in hotspots:
        ds = streams.get(h.asset_id)
        last = latest.get(ds.id) if ds else None
        users = last.value if last else None
        at = datetime.fromtimestamp(last.t, tz=LOCAL) if last else None
        if h.status != "active":
            state = h.status
        elif last is None or now - last.t > STALE_INTERVALS * (ds.expected_interval_s or 900):
            state = "down"
        else:
            state = "up"
        out[h.pk] = {"state": state, "users": None if users is None else int(users), "reported_at": at}
    return out


def day_rows(hotspots, start: date, end: date) -> list[usage.DayRow]:
    """One DayRow per hotspot and local day in [start, end] from the hub's daily rollups."""
    from smartcity.hub.models import DailyRollup, Datastream

    hotspots = list(hotspots)
    slug = {h.asset_id: h.asset.slug for h in hotspots}
    ds = {d.id: d for d in Datastream.objects.filter(asset_id__in=slug, quantity_id__in=QUANTITY_FIELD)}
    lo = int(datetime.combine(start, datetime.min.time(), tzinfo=LOCAL).timestamp())
    hi = int(datetime.combine(end, datetime.min.time(), tzinfo=LOCAL).timestamp())
    days: dict = {}
    for ds_id, bucket, n, total, vmax in DailyRollup.objects.filter(datastream_id__in=ds, bucket__gte=lo, bucket__lte=hi) \
            .values_list("datastream_id", "bucket", "n", "total", "vmax"):
        d = ds[ds_id]
        name, column = QUANTITY_FIELD[d.quantity_id]
        row = days.setdefault((slug[d.asset_id], bucket), {})
        row[name] = total if column == "total" else vmax
        if d.quantity_id == "connected_users":
            row["user_readings"] = n
            row["interval_s"] = d.expected_interval_s or 900
    return [usage.DayRow(key, datetime.fromtimestamp(bucket, tz=LOCAL).date(), **values)
            for (key, bucket), values in sorted(days.items())]


def districts_and_wards(hotspots) -> tuple[dict, dict, dict]:
    """slug -> district code, slug -> ward code, code -> unit (for names)."""
    district, ward, units = {}, {}, {}
    for h in hotspots:
        if h.asset.admin_unit_id:
            units[h.asset.admin_unit.code] = h.asset.admin_unit
            district[h.slug] = h.asset.admin_unit.code
        if h.ward_id:
            units[h.ward.code] = h.ward
            ward[h.slug] = h.ward.code
    return district, ward, units


def public_hotspots(user=None):
    from smartcity.core.permissions import visible
    from smartcity.wifi.models import Hotspot

    qs = Hotspot.objects.select_related("asset", "asset__admin_unit", "ward", "owner", "roadmap")
    if user is None:
        return qs.filter(published=True, asset__published=True)
    return visible(qs, user)


def usage_table(hotspots, by: str = "hotspot", start: date | None = None, end: date | None = None) -> list[dict]:
    """Rows {key, name, month, ...Usage} per hotspot / district / ward and month."""
    hotspots = list(hotspots)
    end = end or local_today()
    start = start or date(end.year, end.month, 1) - timedelta(days=92)
    rows = day_rows(hotspots, start, end)
    capacity = {h.slug: h.capacity for h in hotspots}
    names = {h.slug: h.asset.name for h in hotspots}
    group = None
    if by in ("district", "ward"):
        district, ward, units = districts_and_wards(hotspots)
        group = district if by == "district" else ward
        names = {code: u.name for code, u in units.items()}
    table = usage.monthly(rows, capacity, group=group, until=end)
    return [{"key": key, "name": names.get(key, key), "month": month, **u.as_dict()}
            for (key, month), u in sorted(table.items(), key=lambda kv: (kv[0][1], str(names.get(kv[0][0], kv[0][0]))))]


def daily_series(hotspots, days: int = 30, end: date | None = None) -> list[dict]:
    """All hotspots together per day: sessions, user-days, traffic GB, peak users (summed)."""
    end = end or local_today()
    rows = day_rows(list(hotspots), end - timedelta(days=days - 1), end)
    out = {}
    for r in rows:
        d = out.setdefault(r.day, {"day": r.day, "sessions": 0.0, "unique_users": 0.0, "traffic_gb": 0.0})
        d["sessions"] += r.sessions or 0
        d["unique_users"] += r.unique_users or 0
        d["traffic_gb"] += (r.traffic_mb or 0) / usage.MB_PER_GB
    return [out[k] for k in sorted(out)]


def coverage_by_ward(hotspots) -> list[dict]:
    """Covered area per ward of the active hotspots (nominal radius by venue)."""
    from smartcity.gis.measure import area_m2

    groups: dict = {}
    for h in hotspots:
        if h.status != "active" or h.asset.latitude is None:
            continue
        unit = h.ward or h.asset.admin_unit
        key = unit.code if unit else ""
        g = groups.setdefault(key, {"unit": unit, "discs": []})
        g["discs"].append((h.asset.latitude, h.asset.longitude, h.radius_m))
    out = []
    for key, g in groups.items():
        unit = g["unit"]
        area = None
        if unit is not None and unit.geometry:
            try:
                area = area_m2(unit.geometry)
            except (TypeError, ValueError, KeyError, IndexError):
                area = None
        population = getattr(unit, "population", None) if unit is not None else None
        out.append({"code": key, "name": unit.name if unit else "", "level": unit.level if unit else "",
                    **usage.coverage(g["discs"], area, population)})
    return sorted(out, key=lambda r: (-r["hotspots"], r["name"]))


GROUPS = ("hotspot", "district", "ward")


def month_end(first: date) -> date:
    from calendar import monthrange

    return date(first.year, first.month, monthrange(first.year, first.month)[1])

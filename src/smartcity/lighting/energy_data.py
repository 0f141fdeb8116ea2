"""The energy dashboard's reads: luminaires the user may see with their baselines, and the
daily energy of their hub `energy` datastreams (daily rollups: one row per luminaire and
day whatever the reporting interval). The sums are energy.py's."""
import datetime as dt
import os

from django.conf import settings
from django.utils.translation import gettext as _

from smartcity.core.permissions import visible
from smartcity.lighting import energy
from smartcity.lighting.models import Luminaire

DIMENSIONS = ("month", "group", "district", "lamp")


def emission_factor() -> float:
    """kg CO2 per kWh: LIGHTING_GRID_EMISSION_FACTOR (environment or settings) or the
    2023 grid factor published by Viet Nam's Department of Climate Change."""
    value = os.environ.get("LIGHTING_GRID_EMISSION_FACTOR") or getattr(settings, "LIGHTING_GRID_EMISSION_FACTOR", None)
    return float(value) if value not in (None, "") else energy.DEFAULT_EMISSION_FACTOR


def _district(unit):
    if unit is None:
        return ""
    if unit.level == "commune" and unit.parent_id:
        return f"{unit.parent.name} / {unit.name}"
    return unit.name


def lamps(user, owner=None, group=None) -> tuple[dict, dict, dict]:
    """({luminaire id: energy.Lamp}, {energy datastream id: luminaire id}, {luminaire id: Luminaire})."""
    from smartcity.hub.models import Datastream

    qs = visible(Luminaire.objects.filter(asset__isnull=False), user).select_related(
        "asset", "pole__admin_unit__parent", "group__admin_unit__parent", "group__calendar")
    if owner:
        qs = qs.filter(owner__code=owner)
    if group:
        qs = qs.filter(group__code=group)
    out, objs = {}, {}
    for lum in qs:
        lat = lum.asset.latitude if lum.asset.latitude is not None else (lum.pole.latitude if lum.pole else None)
        lon = lum.asset.longitude if lum.asset.longitude is not None else (lum.pole.longitude if lum.pole else None)
        if lat is None or lon is None:
            continue
        cal = lum.group.calendar if lum.group and lum.group.calendar_id else None
        astro = cal is not None and cal.switching == "astro"
        unit = (lum.pole.admin_unit if lum.pole and lum.pole.admin_unit_id else None) or (
            lum.group.admin_unit if lum.group and lum.group.admin_unit_id else None)
        out[lum.pk] = energy.Lamp(
            key=lum.pk, rated_w=lum.rated_power_w, replaced_w=lum.replaced_power_w, lat=lat, lon=lon,
            group=lum.group.code if lum.group else "", district=_district(unit) or _("(no district)"),
            on_offset_min=cal.on_offset_min if astro else 0, off_offset_min=cal.off_offset_min if astro else 0,
            dimmable=lum.technology in ("led", "induction"))
        objs[lum.pk] = lum
    by_asset = {objs[k].asset_id: k for k in out}
    streams = dict((ds, by_asset[a]) for ds, a in Datastream.objects.filter(
        asset_id__in=list(by_asset), quantity_id="energy").values_list("id", "asset_id"))
    return out, streams, objs


def days(streams: dict, start: dt.date, end: dt.date, lamp_map: dict | None = None):
    """(luminaire id, local day, kWh used) for start <= day < end, from the daily rollups of
    each luminaire's cumulative energy counter (energy.daily_use; the week before `start`
    is read too, for the first day's previous count)."""
    from collections import defaultdict

    from smartcity.hub.models import DailyRollup
    from smartcity.hub.timebase import DAY_OFFSET

    if not streams:
        return []
    lo = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp()) - DAY_OFFSET - 7 * 86400
    hi = int(dt.datetime(end.year, end.month, end.day, tzinfo=dt.timezone.utc).timestamp()) - DAY_OFFSET
    ids = list(streams)
    per = defaultdict(list)
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        for ds, bucket, vmin, vmax in DailyRollup.objects.filter(
                datastream_id__in=part, bucket__gte=lo, bucket__lt=hi).values_list("datastream_id", "bucket", "vmin", "vmax"):
            per[ds].append((dt.datetime.fromtimestamp(bucket + DAY_OFFSET, dt.timezone.utc).date(), vmin, vmax))
    rows = []
    for ds, series in per.items():
        key = streams[ds]
        lamp = (lamp_map or {}).get(key)
        cap = lamp.rated_w * 24 * 1.5 / 1000 if lamp else None
        for day, use in energy.daily_use(sorted(series), cap):
            if day >= start:
                rows.append((key, day, use))
    return rows


def month_range(month: str | None, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """'YYYY-MM' -> (first day, first day of the next month); None: the current month."""
    today = today or dt.date.today()
    if month:
        y, m = (int(x) for x in month.split("-"))
    else:
        y, m = today.year, today.month
    start = dt.date(y, m, 1)
    end = dt.date(y + (m == 12), m % 12 + 1, 1)
    return start, end


def summary(user, start: dt.date, end: dt.date, owner=None, group=None, dims=("month", "day", "group", "district")) -> dict:
    """Everything the dashboard, the API and the report show for [start, end)."""
    lamp_map, streams, objs = lamps(user, owner, group)
    rows = days(streams, start, end, lamp_map)
    factor = emission_factor()
    total = energy.aggregate(lamp_map, rows, by=()).get((), energy.Totals())
    result = {
        "from": start.isoformat(), "to": end.isoformat(), "emission_factor_kg_per_kwh": factor,
        "luminaires": len(lamp_map), "total": total.as_dict(factor),
        "by_month": [], "by_day": [], "by_group": [], "by_district": [],
        "replaced_w": sum(lp.replaced_w for lp in lamp_map.values() if lp.replaced_w),
        "rated_w": sum(lp.rated_w for lp in lamp_map.values()),
    }
    for dim in dims:
        agg = energy.aggregate(lamp_map, rows, by=(dim,))
        result[f"by_{dim}"] = [{dim: k[0], **v.as_dict(factor)} for k, v in sorted(agg.items())]
    return result

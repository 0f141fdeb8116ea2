"""Street-lighting operations as plain functions: each luminaire and cabinet's hub asset,
the schedule a group or luminaire follows tonight, the inventory's states for the map."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from smartcity.hub import registry
from smartcity.hub.models import Asset, Datastream, Latest
from smartcity.lighting import hub_types, schedule
from smartcity.lighting.models import Cabinet, Calendar, Luminaire, LightingGroup

LOCAL_TZ = "Asia/Ho_Chi_Minh"
# a group without a position of its own is scheduled at the centre of Thành phố mới Bình Dương
DEFAULT_POSITION = (11.0530, 106.6990)


def luminaire_slug(code: str) -> str:
    return "sl-" + code.lower().replace("_", "-").replace(".", "-")


def cabinet_slug(code: str) -> str:
    return "tu-" + code.lower().replace("_", "-").replace(".", "-")


def _ensure_streams(asset: Asset, quantities, interval: int) -> None:
    have = set(Datastream.objects.filter(asset=asset).values_list("quantity_id", flat=True))
    Datastream.objects.bulk_create([Datastream(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit,
                                               expected_interval_s=interval) for q in quantities if q not in have])


def _sync_asset(record, slug: str, type_code: str, name: str, lat, lon, quantities, properties: dict) -> Asset:
    fields = dict(asset_type_id=type_code, owner_id=record.owner_id, name=name, latitude=lat, longitude=lon,
                  admin_unit_id=getattr(record, "admin_unit_id", None), published=record.published, properties=properties)
    asset = record.asset or Asset.objects.filter(slug=slug).first()
    if asset is None:
        asset = Asset.objects.create(slug=slug, **fields)
    elif any(getattr(asset, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(asset, k, v)
        asset.save()
    _ensure_streams(asset, quantities, registry.ASSET_TYPES[type_code].default_interval_s)
    return asset


@transaction.atomic
def ensure_luminaire_asset(lum: Luminaire) -> Asset:
    """Create or refresh the luminaire's hub asset (type streetlight) at its pole."""
    pole = lum.pole
    name = f"Đèn {lum.code}" + (f" – {pole.street}" if pole and pole.street else "")
    props = {"technology": lum.technology, "rated_power_w": lum.rated_power_w, "controller": lum.controller_id,
             "group": lum.group.code if lum.group_id else "", "pole": pole.code if pole else ""}
    asset = _sync_asset(lum, luminaire_slug(lum.code), "streetlight", name, pole.latitude if pole else None,
                        pole.longitude if pole else None, hub_types.LUMINAIRE_QUANTITIES, props)
    if asset.admin_unit_id is None and pole and pole.admin_unit_id:
        Asset.objects.filter(pk=asset.pk).update(admin_unit_id=pole.admin_unit_id)
    if lum.asset_id != asset.pk:
        Luminaire.objects.filter(pk=lum.pk).update(asset=asset)
        lum.asset = asset
    return asset


@transaction.atomic
def ensure_cabinet_asset(cab: Cabinet) -> Asset:
    """Create or refresh the cabinet's hub asset (type lighting-cabinet, per-phase meter)."""
    props = {"phases": cab.phases, "rated_kva": cab.rated_kva, "meter": cab.meter_number}
    quantities = hub_types.CABINET.quantities if cab.phases == 3 else ("power", "energy", "voltage_l1", "current_l1", "lamp_state")
    asset = _sync_asset(cab, cabinet_slug(cab.code), hub_types.CABINET_TYPE, f"Tủ điện chiếu sáng {cab.code} – {cab.name}",
                        cab.latitude, cab.longitude, quantities, props)
    if cab.asset_id != asset.pk:
        Cabinet.objects.filter(pk=cab.pk).update(asset=asset)
        cab.asset = asset
    return asset


# -- schedules ---------------------------------------------------------------------------------
def switching_of(cal: Calendar) -> schedule.Switching:
    return schedule.Switching(cal.switching, cal.on_offset_min, cal.off_offset_min, cal.on_time, cal.off_time)


def rules_of(cal: Calendar) -> list[schedule.Rule]:
    out = []
    for r in cal.rules.select_related("program").order_by("position", "id"):
        days = frozenset(int(x) for x in r.weekdays.replace(" ", "").split(",") if x != "")
        out.append(schedule.Rule(r.program.code, days, r.date_from, r.date_to, r.special))
    return out


def program_for(cal: Calendar, day: dt.date):
    """The ControlProgram the calendar chooses for the night of `day` (or None)."""
    from smartcity.lighting.models import ControlProgram

    code = schedule.select(rules_of(cal), day)
    if code is None:
        return cal.default_program
    return ControlProgram.objects.get(code=code)


def tonight() -> dt.date:
    """The date of the current night: before noon we are still in last evening's night."""
    now = timezone.localtime()
    return now.date() if now.hour >= 12 else now.date() - dt.timedelta(days=1)


def group_position(group: LightingGroup) -> tuple[float, float]:
    """Mean position of the group's poles (the astronomical clock of its controller)."""
    pts = list(group.luminaires.filter(pole__isnull=False).values_list("pole__latitude", "pole__longitude"))
    if not pts:
        return DEFAULT_POSITION
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def timeline(calendar: Calendar, day: dt.date, lat: float, lon: float) -> schedule.Timeline | None:
    program = program_for(calendar, day)
    if program is None:
        return None
    return schedule.night(day, lat, lon, switching_of(calendar), program.step_objects(), LOCAL_TZ, program.code)


def group_timeline(group: LightingGroup, day: dt.date | None = None) -> schedule.Timeline | None:
    if group.calendar_id is None:
        return None
    lat, lon = group_position(group)
    return timeline(group.calendar, day or tonight(), lat, lon)


def luminaire_timeline(lum: Luminaire, day: dt.date | None = None) -> schedule.Timeline | None:
    """The luminaire's own night: its group's calendar at its own pole's position."""
    if lum.group_id is None or lum.group.calendar_id is None:
        return None
    lat, lon = (lum.pole.latitude, lum.pole.longitude) if lum.pole_id else group_position(lum.group)
    return timeline(lum.group.calendar, day or tonight(), lat, lon)


# -- state for lists and the map ---------------------------------------------------------------
STALE_S = 3 * 3600


def latest_values(asset_ids) -> dict:
    """{asset id: {quantity: (value, t)}} of the hub's latest readings."""
    out: dict = {}
    rows = Latest.objects.filter(datastream__asset_id__in=list(asset_ids)).values_list(
        "datastream__asset_id", "datastream__quantity_id", "value", "t")
    for asset_id, q, value, t in rows:
        out.setdefault(asset_id, {})[q] = (value, t)
    return out


def state_of(values: dict | None, now: int | None = None) -> str:
    """on / dimmed / off / fault / stale / unknown from the latest lamp state, level and power."""
    import time

    if not values:
        return "unknown"
    now = int(time.time()) if now is None else now
    newest = max(t for _, t in values.values())
    if now - newest > STALE_S:
        return "stale"
    ls = values.get("lamp_state")
    if ls is not None:
        return hub_types.LAMP_STATES.get(int(ls[0]), "unknown")
    level = values.get("dimming_level")
    power = values.get("power")
    if power is not None and power[0] <= 0.5:
        return "off"
    if level is not None:
        return "off" if level[0] <= 0 else "dimmed" if level[0] < 100 else "on"
    return "on" if power is not None else "unknown"

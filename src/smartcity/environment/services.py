"""Domain operations of environmental monitoring, as plain functions (no HTTP)."""
from django.db import transaction

from smartcity.environment.models import Station
from smartcity.environment.parameters import STATION_KIND_TYPES
from smartcity.hub import registry
from smartcity.hub.models import Asset, Datastream


def slug_for_code(code: str) -> str:
    """Hub asset slug of a station: its transmission code, lower case, '-' for '_'."""
    return "env-" + "".join(ch if ch.isalnum() else "-" for ch in code.lower()).strip("-")


@transaction.atomic
def create_station(code: str, name: str, kind: str, owner, lat: float | None, lon: float | None,
                   quantities=None, **fields) -> Station:
    """Create (or update) a station with its hub asset and one datastream per quantity.
    `fields` go to the Station (river, industrial_park, facility, short_name, ...) except
    `name_en`, `address`, `admin_unit`, `properties`, which go to the asset."""
    type_code = STATION_KIND_TYPES[kind]
    asset_fields = {k: fields.pop(k) for k in ("name_en", "address", "admin_unit", "properties") if k in fields}
    station = Station.objects.filter(code=code).select_related("asset").first()
    if station is None:
        asset, _ = Asset.objects.update_or_create(
            slug=slug_for_code(code),
            defaults=dict(asset_type_id=type_code, owner=owner, name=name, latitude=lat, longitude=lon, **asset_fields))
        station = Station.objects.create(asset=asset, code=code, kind=kind, owner=owner, **fields)
    else:
        asset = station.asset
        asset.name, asset.latitude, asset.longitude, asset.owner = name, lat, lon, owner
        for k, v in asset_fields.items():
            setattr(asset, k, v)
        asset.save()
        station.kind, station.owner = kind, owner
        for k, v in fields.items():
            setattr(station, k, v)
        station.save()
    wanted = registry.ASSET_TYPES[type_code].quantities if quantities is None else quantities
    interval = registry.ASSET_TYPES[type_code].default_interval_s
    have = set(asset.datastreams.values_list("quantity_id", flat=True))
    for q in wanted:
        if q not in have:
            Datastream.objects.create(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit, expected_interval_s=interval)
    return station

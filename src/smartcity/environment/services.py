"""Domain operations of environmental monitoring, as plain functions (no HTTP)."""
from django.db import transaction

from smartcity.environment.models import Station
from smartcity.environment.parameters import STATION_KIND_TYPES
from smartcity.hub import registry
from smartcity.hub.models import Asset, Datastream

# fields of create_station() that belong to the hub asset rather than to the station
ASSET_FIELDS = ("name_en", "address", "admin_unit", "properties")


class StationError(ValueError):
    """A station operation that the data does not allow (reason in the message, code in .code)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def slug_for_code(code: str) -> str:
    """Hub asset slug of a station: its transmission code, lower case, '-' for '_'."""
    return "env-" + "".join(ch if ch.isalnum() else "-" for ch in code.lower()).strip("-")


@transaction.atomic
def create_station(code: str, name: str, kind: str, owner, lat: float | None, lon: float | None,
                   quantities=None, asset_slug: str | None = None, **fields) -> Station:
    """Create (or update) a station with its hub asset and one datastream per quantity.
    `fields` go to the Station (river, industrial_park, facility, short_name, ...) except
    `name_en`, `address`, `admin_unit`, `properties`, which go to the asset.

    `asset_slug` attaches an existing hub asset (a device already feeding the hub keeps its
    slug, tokens and readings) instead of creating `env-<code>`; its type must match `kind`.
    `properties` given here are merged into the asset's, not substituted for them."""
    type_code = STATION_KIND_TYPES[kind]
    asset_fields = {k: fields.pop(k) for k in ASSET_FIELDS if k in fields}
    extra_props = asset_fields.pop("properties", None) or {}
    station = Station.objects.filter(code=code).select_related("asset").first()
    if station is None:
        slug = asset_slug or slug_for_code(code)
        asset = Asset.objects.filter(slug=slug).first()
        if asset is not None and asset.asset_type_id != type_code:
            raise StationError("kind_mismatch", f"asset {slug} is a {asset.asset_type_id}, not a {type_code}")
        if asset is not None and Station.objects.filter(asset=asset).exists():
            raise StationError("asset_taken", f"asset {slug} already belongs to another station")
        if asset is None:
            asset = Asset(slug=slug, asset_type_id=type_code)
        asset.owner, asset.name, asset.latitude, asset.longitude = owner, name, lat, lon
        for k, v in asset_fields.items():
            setattr(asset, k, v)
        asset.properties = {**(asset.properties or {}), **extra_props}
        asset.save()
        station = Station.objects.create(asset=asset, code=code, kind=kind, owner=owner, **fields)
    else:
        if station.kind != kind:
            raise StationError("kind_change", f"station {code} is {station.kind}; its kind cannot change to {kind}")
        asset = station.asset
        asset.name, asset.latitude, asset.longitude, asset.owner = name, lat, lon, owner
        for k, v in asset_fields.items():
            setattr(asset, k, v)
        if extra_props:
            asset.properties = {**(asset.properties or {}), **extra_props}
        asset.save()
        station.owner = owner
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

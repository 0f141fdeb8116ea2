"""Hub operations: mirror the registry, create datastreams, manage device tokens."""
from django.db import connection, transaction

from smartcity.core.tokens import hash_key, key_prefix, new_key
from smartcity.hub import registry
from smartcity.hub.models import AssetType, DeviceToken, Quantity


def sync_registry() -> None:
    """Create or refresh the Quantity and AssetType rows from the code registry.
    Tunable fields of asset types (retention, interval) keep their stored values.
    One read per table and bulk writes of what differs: it runs at every migrate, demo load
    and test setup, so an unchanged registry costs two queries."""
    with transaction.atomic():
        stored = {q.code: q for q in Quantity.objects.all()}
        new, changed = [], []
        for q in registry.QUANTITIES.values():
            row = stored.get(q.code)
            if row is None:
                new.append(Quantity(code=q.code, name_vi=q.name_vi, name_en=q.name_en, unit=q.unit))
            elif (row.name_vi, row.name_en, row.unit) != (q.name_vi, q.name_en, q.unit):
                row.name_vi, row.name_en, row.unit = q.name_vi, q.name_en, q.unit
                changed.append(row)
        Quantity.objects.bulk_create(new)
        Quantity.objects.bulk_update(changed, ["name_vi", "name_en", "unit"])
        stored_types = {t.code: t for t in AssetType.objects.all()}
        new, changed = [], []
        for t in registry.ASSET_TYPES.values():
            row = stored_types.get(t.code)
            if row is None:
                new.append(AssetType(code=t.code, name_vi=t.name_vi, name_en=t.name_en, ngsi_type=t.ngsi_type,
                                     default_interval_s=t.default_interval_s, retention_days=t.retention_days,
                                     attribute_map=t.attribute_map))
            elif (row.name_vi, row.name_en, row.ngsi_type) != (t.name_vi, t.name_en, t.ngsi_type):
                row.name_vi, row.name_en, row.ngsi_type = t.name_vi, t.name_en, t.ngsi_type
                changed.append(row)
        AssetType.objects.bulk_create(new)
        AssetType.objects.bulk_update(changed, ["name_vi", "name_en", "ngsi_type"])


NARROW_TABLES = ("hub_observation", "hub_rollup_hour", "hub_rollup_day")


def purge_readings(ds_ids) -> None:
    """Delete the raw readings and rollups of these datastreams. The narrow tables carry no
    foreign key (bulk writes stay cheap), so the ORM's cascade cannot reach them."""
    ids = list(ds_ids)
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join(["%s"] * len(part))
            for table in NARROW_TABLES:
                cur.execute(f"DELETE FROM {table} WHERE datastream_id IN ({marks})", part)


def purge_on_delete(sender, instance, **kwargs):
    """post_delete of a Datastream, however it was deleted (API, admin, asset cascade, shell)."""
    purge_readings([instance.pk])


def sync_registry_signal(sender, **kwargs):
    sync_registry()


@transaction.atomic
def issue_device_token(owner, name: str, assets=(), all_owner_assets: bool = False, created_by=None) -> tuple[DeviceToken, str]:
    """A new device/integration token; the plain key is returned once, only its hash is kept."""
    key = new_key("dv")
    token = DeviceToken.objects.create(owner=owner, name=name, all_owner_assets=all_owner_assets, prefix=key_prefix(key),
                                       key_hash=hash_key(key), created_by=created_by)
    if assets:
        token.assets.set(assets)
    return token, key


def revoke_device_token(token: DeviceToken) -> None:
    from django.utils import timezone

    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])

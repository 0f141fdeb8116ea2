"""Hub operations: mirror the registry, create datastreams, manage device tokens."""
from django.db import connection, transaction

from smartcity.core.tokens import hash_key, key_prefix, new_key
from smartcity.hub import registry
from smartcity.hub.models import AssetType, DeviceToken, Quantity


def sync_registry() -> None:
    """Create or refresh the Quantity and AssetType rows from the code registry.
    Tunable fields of asset types (retention, interval) keep their stored values."""
    for q in registry.QUANTITIES.values():
        Quantity.objects.update_or_create(code=q.code, defaults=dict(name_vi=q.name_vi, name_en=q.name_en, unit=q.unit))
    for t in registry.ASSET_TYPES.values():
        obj, created = AssetType.objects.get_or_create(
            code=t.code, defaults=dict(name_vi=t.name_vi, name_en=t.name_en, ngsi_type=t.ngsi_type,
                                       default_interval_s=t.default_interval_s, retention_days=t.retention_days,
                                       attribute_map=t.attribute_map))
        if not created:
            AssetType.objects.filter(pk=obj.pk).update(name_vi=t.name_vi, name_en=t.name_en, ngsi_type=t.ngsi_type)


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

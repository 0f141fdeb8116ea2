import pytest

from smartcity.hub.services import sync_registry


@pytest.fixture
def hub(reference):
    """Reference data plus the registry mirrored into the hub's tables."""
    sync_registry()


@pytest.fixture
def make_asset(hub):
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset

    def make(slug, type_code="air-station", owner="DONRE", lat=10.98, lon=106.65, **extra):
        return Asset.objects.create(slug=slug, asset_type_id=type_code, owner=Organisation.objects.get(code=owner),
                                    name=extra.pop("name", slug), latitude=lat, longitude=lon, **extra)

    return make


@pytest.fixture
def device_token(hub):
    from smartcity.core.models import Organisation
    from smartcity.hub.services import issue_device_token

    def make(owner="DONRE", assets=(), all_owner_assets=False, name="Trạm thử"):
        token, key = issue_device_token(Organisation.objects.get(code=owner), name, assets=assets, all_owner_assets=all_owner_assets)
        return token, key

    return make

"""Fixtures of the environment tests: stations with their hub assets and datastreams."""
import pytest


@pytest.fixture
def make_station(hub):
    from smartcity.core.models import Organisation
    from smartcity.environment.services import create_station

    def make(code="BD_KCNSONGTHAN_NT01", kind="wastewater", owner="DONRE", name=None, lat=10.9, lon=106.75, **fields):
        return create_station(code, name or f"Trạm {code}", kind, Organisation.objects.get(code=owner), lat, lon, **fields)

    return make

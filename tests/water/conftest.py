"""Fixtures of the reservoir tests: a reservoir with its hub asset, rain gauge and table."""
from datetime import date

import pytest

# a small lake: 10,000 m² up to 2 m, 20,000 m² above; crest 2.5 m, minimum 0.6 m
LEVELS = [0.0, 1.0, 2.0, 3.0]
VOLUMES = [0.0, 10_000.0, 20_000.0, 40_000.0]


@pytest.fixture
def make_reservoir(make_asset):
    from smartcity.core.models import Organisation
    from smartcity.water.models import Reservoir
    from smartcity.water.services import save_stage_table

    def make(slug="ho-dieu-hoa-thu", owner="BECAMEX", gauge=True, table=True, **fields):
        asset = make_asset(slug, "reservoir", owner=owner, name=fields.pop("name", f"Hồ {slug}"), lat=11.05, lon=106.68)
        rain = make_asset(f"{slug}-mua", "weather-station", owner=owner, name=f"Trạm đo mưa {slug}") if gauge else None
        r = Reservoir.objects.create(asset=asset, owner=Organisation.objects.get(code=owner), crest_level=2.5,
                                     min_operating_level=0.6, capacity_m3=30_000, spillway_width_m=4.0,
                                     catchment_area_m2=50_000, runoff_coefficient=0.6, rain_gauge=rain, **fields)
        if table:
            save_stage_table(r, date(2024, 1, 1), LEVELS, VOLUMES, source="test survey")
        return r

    return make

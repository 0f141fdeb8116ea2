"""The reservoirs' demo part: a year of readings through the hub, volumes derived, idempotent."""
import time

import pytest

from smartcity.hub.models import Datastream, Latest, Observation
from smartcity.water import sim
from smartcity.water.models import Reservoir

pytestmark = pytest.mark.django_db


def test_demo_loads_a_year_through_the_hub_and_twice_changes_nothing(hub, settings, tmp_path):
    from smartcity.water import demo_reservoirs

    settings.VAR_DIR = tmp_path
    now = int(time.time())
    first = demo_reservoirs.load(now=now)
    assert first["reservoirs"] == 2 and first["new_reservoirs"] == 2 and first["readings"] > 30_000
    for r in Reservoir.objects.select_related("asset"):
        level = Datastream.objects.get(asset=r.asset, quantity_id="water_level")
        volume = Datastream.objects.get(asset=r.asset, quantity_id="stored_volume")
        assert Observation.objects.filter(datastream_id=volume.pk).count() == Observation.objects.filter(datastream_id=level.pk).count()
        lv, vv = Latest.objects.get(datastream=level), Latest.objects.get(datastream=volume)
        assert vv.t == lv.t
        assert vv.value == pytest.approx(sim.BY_SLUG[r.slug].stage.volume(lv.value)[0], abs=0.01)
    again = demo_reservoirs.load(now=now)
    assert again["readings"] == 0 and again["new_reservoirs"] == 0 and again["tokens"] == 0

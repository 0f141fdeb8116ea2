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


def test_live_feed_continues_the_history_through_the_hub(client, hub, settings, tmp_path):
    """The feed's next hour of messages, posted as the simulator does with the demo tokens:
    accepted, levels every 15 minutes, the hour's amounts at its end, volumes derived."""
    import orjson

    from smartcity.water import demo_reservoirs, feed

    settings.VAR_DIR = tmp_path
    now = sim.floor_hour(int(time.time())) - 2 * 3600  # the hub refuses readings from the future
    demo_reservoirs.load(now=now, days=3)
    keys = demo_reservoirs.token_keys()
    msgs = feed.messages(now + 3600, since=now)
    assert sum(1 for _o, slug, p in msgs if slug == sim.SITES[0].slug and "water_level" in p["values"]) == 4
    for owner, slug, payload in msgs:
        r = client.post("/api/hub/observations", data=orjson.dumps([{"asset": slug, **payload}]),
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {keys[owner]}")
        assert r.status_code == 200 and not r.json().get("rejected"), r.content
    site = sim.SITES[1]
    res = Reservoir.objects.get(asset__slug=site.slug)
    vol = Latest.objects.get(datastream__asset=res.asset, datastream__quantity_id="stored_volume")
    assert vol.t == now + 3600
    assert vol.value == pytest.approx(site.stage.volume(sim.level_m(sim.at(site, now + 3600)[0]))[0], abs=0.01)

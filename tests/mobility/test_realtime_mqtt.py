"""Bus positions over MQTT, through the real Mosquitto broker and the hub's own bridge, are
matched by the mobility hook: vehicle state and stop events follow (skipped locally when
the broker is absent, failing in CI: smartcity.testing.require_mqtt)."""
import datetime as dt
import uuid

import orjson
import paho.mqtt.client as paho
import pytest

from smartcity.hub.mqtt import Bridge, BridgeConfig, forget_session, parse_url, topics_for
from smartcity.testing import require_mqtt

from .test_realtime import TZ, synthetic_run, tiny_files

pytestmark = pytest.mark.mqtt


@pytest.fixture
def schedule():
    from smartcity.mobility.gtfs.reader import from_files
    from smartcity.mobility.gtfs.schedule import Schedule

    return Schedule.from_raw(from_files(tiny_files()))


def test_mqtt_bus_positions_through_the_broker_update_vehicle_state_and_stop_events(
        db, hub, make_asset, device_token, schedule):
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Observation
    from smartcity.mobility.models import Feed, FeedStatus, RealtimeCheck, StopEvent, VehicleState
    from smartcity.mobility.services import realtime

    url = require_mqtt()
    owner = Organisation.objects.get(code="BECAMEXTOKYU")
    feed = Feed.objects.create(owner=owner, name="kaze", status=FeedStatus.ACTIVE, activated_at=dt.datetime.now(dt.UTC))
    realtime.pin_schedule(feed, schedule)
    # one bus told its trip by dispatch (asset property), one left to inference
    given = make_asset("bt-51-05", type_code="bus", owner="BECAMEXTOKYU", properties={"gtfs_trip_id": "T0800"})
    free = make_asset("bt-51-06", type_code="bus", owner="BECAMEXTOKYU", properties={"gtfs_route_id": "R51"})
    _tok, key = device_token(owner="BECAMEXTOKYU", all_owner_assets=True)

    date = dt.datetime.now(TZ).date() - dt.timedelta(days=1)
    fixes, truth = synthetic_run(schedule, "T0800", date, [60, 75, 110, 150, 170])
    fixes2, truth2 = synthetic_run(schedule, "T0830", date, [0, 20, 40, 60, 80])
    msgs = [(f"smartcity/{key}/{given.slug}/attrs",
             {"time": f.t, "values": {"speed": round(f.speed * 3.6, 2), "bearing": 180}, "lat": f.lat, "lon": f.lon}) for f in fixes]
    msgs += [(f"smartcity/{key}/{free.slug}/attrs",
              {"time": f.t, "values": {"speed": round(f.speed * 3.6, 2)}, "lat": f.lat, "lon": f.lon}) for f in fixes2]

    client_id = f"test-rt-bridge-{uuid.uuid4().hex[:8]}"
    bridge = Bridge(BridgeConfig(url=url, client_id=client_id, topics=topics_for(key), session_expiry=600, stats_interval=0,
                                 batch_wait=0.01))
    target = parse_url(url)
    pub = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"test-rt-pub-{uuid.uuid4().hex[:8]}", clean_session=True)
    try:
        bridge.start()
        assert bridge.wait_subscribed(15)
        pub.connect(target["host"], target["port"], 30)
        pub.loop_start()
        infos = [pub.publish(topic, orjson.dumps(body), qos=1) for topic, body in msgs]
        for info in infos:
            info.wait_for_publish(20)
        bridge.run(until=lambda b: b.stats.processed >= len(msgs), max_seconds=60)
    finally:
        pub.disconnect()
        pub.loop_stop()
        bridge.close()
        forget_session(url, client_id)
        realtime.forget(feed.pk)
    assert bridge.stats.rejected_messages == 0 and bridge.stats.rejected_rows == 0, bridge.rejections
    assert Observation.objects.filter(datastream__asset=given, datastream__quantity_id="speed", lat__isnull=False).count() == len(fixes)

    vs = VehicleState.objects.get(vehicle__asset=given)
    assert (vs.trip_id, vs.match, vs.service_date, vs.source, vs.feed_id) == ("T0800", "given", date, "mqtt", feed.pk)
    assert vs.t == fixes[-1].t and vs.bearing == 180
    events = {e.stop_sequence: e for e in StopEvent.objects.filter(feed=feed, trip_id="T0800", service_date=date)}
    assert set(events) == {1, 2, 3, 4, 5}
    for seq in (2, 3, 4):
        assert events[seq].departure == pytest.approx(truth[seq][1], abs=12)
        assert events[seq].delay_s == pytest.approx(truth[seq][1] - events[seq].scheduled_departure, abs=12)
    vs2 = VehicleState.objects.get(vehicle__asset=free)
    assert (vs2.trip_id, vs2.match) == ("T0830", "inferred")
    ev2 = {e.stop_sequence: e for e in StopEvent.objects.filter(feed=feed, trip_id="T0830", service_date=date)}
    assert ev2[3].departure == pytest.approx(truth2[3][1], abs=12)
    assert not RealtimeCheck.objects.filter(source_key="mqtt").exists()

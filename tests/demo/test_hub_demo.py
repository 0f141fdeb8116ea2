"""The hub's demo: realistic Binh Duong assets, plausible readings with daily patterns, an
idempotent loader, and live simulators over HTTP (a real server) and MQTT (a real broker)."""
import json
import statistics
import threading
import time
import uuid
from urllib.parse import urlparse

import pytest

from smartcity.demo import hub_demo
from smartcity.demo.hub_demo import DEMO_ASSETS, BY_SLUG, local_hour, reading
from smartcity.demo.hub_simulators import HubSimulator
from smartcity.testing import require_mqtt

HOUR, DAY = 3600, 86400
# a fixed local midnight (Asia/Ho_Chi_Minh): 2026-11-16 00:00 +07:00
MIDNIGHT = 1_763_226_000
assert local_hour(MIDNIGHT) == 0

PLAUSIBLE = {
    "pm25": (3, 120), "pm10": (5, 220), "co": (300, 6000), "no2": (5, 150), "so2": (2, 60), "o3": (5, 200),
    "temperature": (22, 38), "relative_humidity": (35, 100), "ph": (6.5, 7.8), "dissolved_oxygen": (3, 7),
    "cod": (3, 40), "tss": (5, 100), "ammonium": (0.02, 1.5), "water_temperature": (25, 33), "turbidity": (3, 80),
    "fill_level": (0, 100), "battery": (15, 100), "occupancy": (0, 12), "visits": (0, 80), "water_level": (0.5, 4.5),
    "stored_volume": (5000, 200000), "rainfall": (0, 40), "power": (0, 200), "energy": (100, 10000),
    "dimming_level": (0, 100), "connected_users": (0, 300), "data_volume": (0, 2000),
}
BINH_DUONG = (10.85, 11.5, 106.3, 106.95)  # lat min/max, lon min/max of the former province


def series(slug, q, start, hours, step=900):
    a = BY_SLUG[slug]
    return [(t, reading(a, q, t, start + hours * HOUR)[0]) for t in range(start, start + hours * HOUR, step)]


def by_local_hour(points, hours):
    return [v for t, v in points if int(local_hour(t)) in hours]


def test_assets_are_real_places():
    slugs = [a.slug for a in DEMO_ASSETS]
    assert len(slugs) == len(set(slugs)) >= 40
    owners = {}
    for a in DEMO_ASSETS:
        owners.setdefault(a.owner, set()).add(a.type_code)
        assert BINH_DUONG[0] < a.lat < BINH_DUONG[1] and BINH_DUONG[2] < a.lon < BINH_DUONG[3], a.slug
        assert a.district in {str(c) for c in range(718, 727)}
    assert owners["DONRE"] == {"air-station", "water-station", "waste-bin", "public-toilet", "reservoir"}
    assert owners["DOT"] == {"streetlight"} and owners["BECAMEX"] == {"streetlight"} and owners["DIC"] == {"wifi-hotspot"}
    names = " ".join(a.name for a in DEMO_ASSETS)
    for place in ("Thủ Dầu Một", "Dĩ An", "Thuận An", "Bến Cát", "Tân Uyên", "KCN Mỹ Phước", "KCN VSIP I", "sông Sài Gòn",
                  "sông Đồng Nai", "suối Thị Tính", "Đại lộ Bình Dương", "Mỹ Phước – Tân Vạn", "Trung tâm Hành chính"):
        assert place in names, place


def test_readings_plausible_for_a_week():
    for a in DEMO_ASSETS:
        for q in a.quantities:
            values = [reading(a, q, t, MIDNIGHT + 7 * DAY)[0] for t in range(MIDNIGHT, MIDNIGHT + 7 * DAY, 1800)]
            lo, hi = PLAUSIBLE[q]
            assert lo <= min(values) and max(values) <= hi, (a.slug, q, min(values), max(values))


def test_daily_patterns():
    week = 7 * 24
    pm = series("kk-thuan-an", "pm25", MIDNIGHT, week)
    rush, night = statistics.mean(by_local_hour(pm, {7, 17})), statistics.mean(by_local_hour(pm, {2, 3}))
    assert rush > 1.5 * night and 25 <= night and rush <= 80
    temp = series("kk-di-an", "temperature", MIDNIGHT, week)
    rh = series("kk-di-an", "relative_humidity", MIDNIGHT, week)
    assert statistics.mean(by_local_hour(temp, {13, 14})) > statistics.mean(by_local_hour(temp, {5})) + 6
    assert statistics.mean(by_local_hour(rh, {13, 14})) < statistics.mean(by_local_hour(rh, {5})) - 20
    # streetlights: off by day, full power in the evening, dimmed after midnight
    lamp = BY_SLUG["dd-dai-lo-binh-duong-01"]
    assert reading(lamp, "power", MIDNIGHT + 13 * HOUR)[0] < 5
    assert reading(lamp, "power", MIDNIGHT + 20 * HOUR)[0] > 140 and reading(lamp, "dimming_level", MIDNIGHT + 20 * HOUR)[0] == 100
    assert reading(lamp, "dimming_level", MIDNIGHT + 2 * HOUR)[0] == 50
    energy = [v for _t, v in series("dd-dai-lo-binh-duong-01", "energy", MIDNIGHT, 72)]
    assert all(b >= a for a, b in zip(energy, energy[1:])) and 0.5 < energy[-1] - energy[0] < 6  # kWh in three days
    # a bin fills during the day and is emptied at the 05:00 collection
    bin_ = BY_SLUG["tr-tdm-03"]
    after_pickup = reading(bin_, "fill_level", MIDNIGHT + 5 * HOUR + 600)[0]
    evening = reading(bin_, "fill_level", MIDNIGHT + 20 * HOUR)[0]
    assert after_pickup < 10 < 40 < evening
    # water: pH and dissolved oxygen stay in the river's range with the tide
    ph = [v for _t, v in series("nm-song-sai-gon-tdm", "ph", MIDNIGHT, week)]
    assert max(ph) - min(ph) > 0.3


@pytest.fixture
def loaded(reference, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    now = int(time.time())
    return hub_demo.load_hub_demo(days=2, now=now), now


def test_loader_counts_and_ranges(loaded):
    from django.db import connection

    from smartcity.core.models import Organisation
    from smartcity.hub.auth import principal_for_key
    from smartcity.hub.models import Asset, Datastream, Observation

    summary, now = loaded
    assert summary["assets"] == summary["new_assets"] == Asset.objects.count() == len(DEMO_ASSETS)
    assert Asset.objects.filter(owner__code="DONRE").count() == 24
    assert Asset.objects.filter(owner__code="DOT", asset_type="streetlight").count() == 8
    assert Asset.objects.filter(owner__code="DIC", asset_type="wifi-hotspot").count() == 6
    assert set(Asset.objects.values_list("admin_unit__code", flat=True)) <= {str(c) for c in range(718, 727)}
    station = Asset.objects.get(slug="kk-tdm-phu-cuong")
    assert station.admin_unit.name_vi == "Thủ Dầu Một" and station.properties["station_code"] == "BD-KK-01"
    assert summary["datastreams"] == Datastream.objects.count() == sum(len(a.quantities) for a in DEMO_ASSETS)
    assert summary["readings"] == Observation.objects.count()
    pm25 = Datastream.objects.get(asset=station, quantity="pm25")
    assert Observation.objects.filter(datastream=pm25).count() in (576, 577)  # 2 days of 5-minute readings
    with connection.cursor() as cur:
        cur.execute("SELECT d.quantity_id, MIN(o.value), MAX(o.value) FROM hub_observation o "
                    "JOIN hub_datastream d ON d.id = o.datastream_id GROUP BY d.quantity_id")
        for q, lo, hi in cur.fetchall():
            assert PLAUSIBLE[q][0] <= lo and hi <= PLAUSIBLE[q][1], (q, lo, hi)
    # the bin that went quiet six hours ago, so the map shows a stale marker
    quiet = Datastream.objects.get(asset__slug="tr-tdm-07", quantity="fill_level")
    assert now - quiet.latest.t >= 6 * HOUR
    keys = json.loads((hub_demo.tokens_path()).read_text())
    assert sorted(keys) == ["BECAMEX", "DIC", "DONRE", "DOT"]
    assert hub_demo.tokens_path().stat().st_mode & 0o777 == 0o600
    principal = principal_for_key(keys["DOT"])
    assert principal is not None and principal.owner_id == Organisation.objects.get(code="DOT").pk and principal.asset_ids is None


def test_loader_idempotent(loaded):
    from smartcity.hub.models import Asset, DeviceToken, Observation

    summary, now = loaded
    keys = hub_demo.demo_token_keys()
    before = (Asset.objects.count(), Observation.objects.count(), DeviceToken.objects.count())
    again = hub_demo.load_hub_demo(days=2, now=now)
    assert (again["new_assets"], again["readings"], again["new_tokens"]) == (0, 0, 0)
    assert (Asset.objects.count(), Observation.objects.count(), DeviceToken.objects.count()) == before
    assert hub_demo.demo_token_keys() == keys
    # a lost key file gets fresh tokens and the old demo tokens are revoked
    hub_demo.tokens_path().unlink()
    assert hub_demo.load_hub_demo(days=2, now=now)["new_tokens"] == 4
    assert DeviceToken.objects.filter(name=hub_demo.TOKEN_NAME, revoked_at__isnull=True).count() == 4
    assert DeviceToken.objects.filter(name=hub_demo.TOKEN_NAME, revoked_at__isnull=False).count() == 4


@pytest.mark.django_db(transaction=True)
def test_http_simulator_tick_stores_readings(live_server, reference, settings, tmp_path):
    from smartcity.hub.models import Latest, Observation

    settings.VAR_DIR = tmp_path
    hub_demo.load_hub_demo(days=0.5)
    now = int(time.time())
    sim = HubSimulator(live_server.url, mqtt_url="")
    sent = sim.tick(now)
    expected = sum(len(m[2]["values"]) for m in sim.messages(now - 1))  # same round, levels only after the first
    assert sent >= expected > 100
    pm25 = Latest.objects.get(datastream__asset__slug="kk-di-an", datastream__quantity="pm25")
    assert pm25.t == now and pm25.value == reading(BY_SLUG["kk-di-an"], "pm25", now)[0]
    lamp = Latest.objects.get(datastream__asset__slug="dd-my-phuoc-tan-van-03", datastream__quantity="dimming_level")
    assert lamp.t == now
    stale = Latest.objects.get(datastream__asset__slug="tr-tdm-07", datastream__quantity="fill_level")
    assert stale.t < now - 5 * HOUR  # an offline device stays offline
    count = Observation.objects.count()
    assert sim.tick(now) >= expected and Observation.objects.count() == count  # the same round again stores nothing new


def test_simulator_survives_unreachable_server():
    sim = HubSimulator("http://127.0.0.1:9/", mqtt_url="", keys={"DONRE": "dv_khong-dung"})
    assert sim.tick() == 0  # logged, not raised
    stop = threading.Event()
    thread = threading.Thread(target=sim.run, kwargs={"stop": stop, "interval": 1}, daemon=True)
    thread.start()
    time.sleep(0.3)
    stop.set()
    thread.join(timeout=15)
    assert not thread.is_alive()


def test_mqtt_simulator_publishes_to_broker():
    url = urlparse(require_mqtt())
    import paho.mqtt.client as mqtt

    keys = {code: f"dv_test_{code.lower()}_{uuid.uuid4().hex[:8]}" for code in ("DONRE", "DOT", "BECAMEX", "DIC")}
    received, subscribed = [], threading.Event()
    sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-hub-sim-{uuid.uuid4().hex[:8]}")
    sub.on_connect = lambda c, u, f, rc, p: c.subscribe([(f"smartcity/{k}/+/attrs", 1) for k in keys.values()])
    sub.on_subscribe = lambda c, u, mid, rc, p: subscribed.set()
    sub.on_message = lambda c, u, msg: received.append((msg.topic, json.loads(msg.payload)))
    sub.connect(url.hostname, url.port or 1883)
    sub.loop_start()
    sim = HubSimulator("http://unused/", mqtt_url=f"mqtt://{url.hostname}:{url.port or 1883}", keys=keys)
    try:
        assert subscribed.wait(10)
        now = int(time.time())
        expected = sim.messages(now)
        sim._last_t = None
        assert sim.tick(now) == len(expected)
        deadline = time.monotonic() + 10
        while len(received) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sim.close()
        sub.loop_stop()
        sub.disconnect()
    assert len(received) == len(expected)
    topics = {t for t, _ in received}
    assert f"smartcity/{keys['DONRE']}/kk-di-an/attrs" in topics
    assert f"smartcity/{keys['DOT']}/dd-dai-lo-binh-duong-05/attrs" in topics
    assert f"smartcity/{keys['DIC']}/wifi-trung-tam-hanh-chinh/attrs" in topics
    assert not any("/tr-tdm-07/" in t for t in topics)  # the offline bin sends nothing
    payload = next(p for t, p in received if t.endswith("/kk-di-an/attrs") and "pm25" in p["values"])
    assert payload["time"].endswith("+07:00") and set(payload["values"]) == set(BY_SLUG["kk-di-an"].quantities)
    assert payload["values"]["pm25"] == reading(BY_SLUG["kk-di-an"], "pm25", now)[0], (payload, now)

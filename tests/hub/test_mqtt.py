"""The MQTT bridge against the real Mosquitto (smartcity.testing.require_mqtt()).

Every run uses its own client ids and keys (random), and its bridges subscribe to the
topics of their own keys only (`topics_for`), so parallel runs and other projects' traffic
on the shared broker never reach them (one test keeps the default `+` subscriptions and
checks only its own rows). Every session a test leaves at the broker is dropped at the end.

Two kinds of tests:
- in-process: the Bridge runs in the test thread (paho's network thread only queues), so
  it writes through the test's own database connection, on SQLite and PostgreSQL alike;
- subprocess: `smartcity mqtt_bridge` as a real process, SIGKILLed mid-stream. It needs a
  database another process can open: see the `shared_db` fixture.
"""
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import orjson
import paho.mqtt.client as paho
import pytest

from smartcity.hub.models import Correction, HourlyRollup, Observation
from smartcity.hub.mqtt import TOPICS, Bridge, BridgeConfig, Incoming, forget_session, ingest_messages, topics_for
from smartcity.testing import require_mqtt

pytestmark = pytest.mark.mqtt

T0 = (int(time.time()) - 3 * 86400) // 3600 * 3600  # three days ago, on the hour: past, inside any retention


def run_id() -> str:
    return uuid.uuid4().hex[:10]


def wait_for(condition, timeout: float, step: float = 0.02):
    """Poll `condition` until it is truthy or `timeout` seconds pass; returns its last value."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= end:
            return value
        time.sleep(step)


class Publisher:
    """A device-side client: publishes QoS 1 and waits for the broker's PUBACKs."""

    def __init__(self, url: str, client_id: str):
        from smartcity.hub.mqtt import parse_url

        target = parse_url(url)
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
        self.received = []
        self.client.on_message = lambda c, u, m: self.received.append((m.topic, orjson.loads(m.payload)))
        self.client.connect(target["host"], target["port"], 30)
        self.client.loop_start()

    def publish(self, topic: str, payload, qos: int = 1):
        data = payload if isinstance(payload, (bytes, str)) else orjson.dumps(payload)
        return self.client.publish(topic, data, qos=qos)

    def publish_all(self, messages, timeout: float = 30.0) -> None:
        infos = [self.publish(t, p) for t, p in messages]
        end = time.monotonic() + timeout
        for info in infos:
            info.wait_for_publish(max(0.01, end - time.monotonic()))
            assert info.is_published(), "the broker did not acknowledge a publish in time"

    def listen(self, topic: str) -> None:
        done = threading.Event()
        self.client.on_subscribe = lambda *a: done.set()
        self.client.subscribe(topic, qos=0)
        assert done.wait(5), "subscription not acknowledged"

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def broker():
    return require_mqtt()


@pytest.fixture
def publisher(broker):
    pub = Publisher(broker, f"test-pub-{run_id()}")
    yield pub
    pub.close()


@pytest.fixture
def make_bridge(broker):
    """In-process bridges with their own client id; their sessions are dropped afterwards."""
    made = []

    def make(client_id=None, protocol="5", subscribed=True, keys=(), **config):
        client_id = client_id or f"test-bridge-{run_id()}"
        if keys:
            config["topics"] = topics_for(*keys)
        lines = []
        config.setdefault("session_expiry", 600)
        config.setdefault("stats_interval", 0)
        config.setdefault("batch_wait", 0.005)
        bridge = Bridge(BridgeConfig(url=broker, client_id=client_id, protocol=protocol, **config), out=lines.append)
        bridge.lines = lines
        made.append((bridge, client_id, protocol))
        if subscribed:  # its subscriptions exist before anything is published
            bridge.start()
            assert bridge.wait_subscribed(15), lines
        return bridge

    yield make
    for bridge, client_id, protocol in made:
        bridge.close()
    for client_id, protocol in {(c, p) for _, c, p in made}:
        forget_session(broker, client_id, protocol)


@pytest.fixture
def station(make_asset):
    return make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)


def values_of(slug, quantity):
    return dict(Observation.objects.filter(datastream__asset__slug=slug, datastream__quantity_id=quantity).values_list("t", "value"))


# -- the batch logic (no broker needed) ---------------------------------------------------
def test_one_batch_one_transaction_with_per_message_outcomes(station, make_asset, device_token):
    from smartcity.hub.mqtt import KeyCache

    make_asset("kk-tan-uyen")
    _, key = device_token(assets=[station])
    now = int(time.time())
    batch = [
        Incoming(f"smartcity/{key}/kk-di-an/attrs", orjson.dumps({"time": T0, "values": {"pm25": 30.5, "t": 31}}), 1, 1, now),
        Incoming(f"/ul/{key}/kk-di-an/attrs", f"{T0 + 60}|h|75|zz|1".encode(), 2, 1, now),
        Incoming(f"/json/{key}/kk-tan-uyen/attrs", b'{"t": 30}', 3, 1, now),  # not this key's asset
        Incoming(f"/json/{key}/kk-di-an/attrs", b"[]", 4, 1, now),
        Incoming(f"smartcity/{key}/kk-di-an/attrs", orjson.dumps([{"quantity": "pm10", "value": 41}]), 5, 1, now),  # arrival time
    ]
    result = ingest_messages(batch, KeyCache(ttl=60))
    assert (result.result.stored, result.rejected_rows) == (4, 2)
    codes = [o.problem and o.problem["code"] for o in result.outcomes]
    assert codes == [None, "rows_rejected", "all_rows_rejected", "bad_payload", None]
    assert result.outcomes[2].problem["errors"][0]["code"] == "forbidden_asset"
    assert [o.accepted for o in result.outcomes] == [2, 1, 0, 0, 1]
    assert values_of("kk-di-an", "pm10") == {now: 41}
    # the same batch again (a redelivery): nothing new, nothing doubled
    again = ingest_messages(batch, KeyCache(ttl=60))
    assert (again.result.stored, again.result.unchanged) == (0, 4)


def test_kept_lookups_follow_the_clock_and_revocation(station, device_token, settings):
    from smartcity.hub.mqtt import KeyCache
    from smartcity.hub.services import revoke_device_token

    settings.HUB_FUTURE_TOLERANCE_S = 300
    token, key = device_token(assets=[station])
    keys = KeyCache(ttl=3600)
    now = int(time.time())
    first = ingest_messages([Incoming(f"/ul/{key}/kk-di-an/attrs", f"{now - 60}|t|30".encode(), 1, 1, now)], keys)
    assert first.result.stored == 1
    kept = keys.normaliser(key, keys.resolve([key])[key], now + 3600)  # an hour later, the same Normaliser
    assert kept.latest_allowed == now + 3600 + 300
    revoke_device_token(token)
    late = ingest_messages([Incoming(f"/ul/{key}/kk-di-an/attrs", f"{now}|t|31".encode(), 2, 1, now)], keys)
    assert late.outcomes[0].problem["code"] == "invalid_token" and late.result.stored == 0


# -- 1. messages published while the bridge is down are stored after it restarts ------------
@pytest.mark.parametrize("protocol", ["5", "3.1.1"])
def test_messages_published_while_the_bridge_is_down_are_stored(protocol, station, device_token, publisher, make_bridge):
    _, key = device_token(assets=[station])
    client_id = f"test-bridge-down-{run_id()}"
    first = make_bridge(client_id, protocol, subscribed=False, keys=[key])
    first.run(until=lambda b: b.subscribed, max_seconds=15)
    assert first.stats.connects == 1 and any("subscribed" in line for line in first.lines)
    assert not first.connected  # it left; its session stays at the broker

    n = 150  # under Mosquitto's default max_queued_messages (1000)
    msgs = [(f"smartcity/{key}/kk-di-an/attrs", {"time": T0 + 60 * i, "values": {"pm25": 10 + i / 10, "pm10": 20 + i}})
            for i in range(n)]
    msgs += [(f"/ul/{key}/kk-di-an/attrs", f"{T0 + 60 * i}|t|{25 + i / 100}") for i in range(n)]
    publisher.publish_all(msgs)

    second = make_bridge(client_id, protocol, subscribed=False, keys=[key])
    second.run(until=lambda b: b.stats.readings >= 3 * n, max_seconds=30)
    assert any("session resumed: yes" in line for line in second.lines)
    assert values_of("kk-di-an", "pm25") == {T0 + 60 * i: pytest.approx(10 + i / 10) for i in range(n)}
    assert values_of("kk-di-an", "pm10") == {T0 + 60 * i: 20 + i for i in range(n)}
    assert values_of("kk-di-an", "temperature") == {T0 + 60 * i: pytest.approx(25 + i / 100) for i in range(n)}
    assert second.stats.processed == 2 * n and second.stats.acked == 2 * n
    assert second.stats.rejected_messages == 0 and second.stats.rejected_rows == 0
    assert not any("did not confirm" in line for line in second.lines)  # close() saw the broker process every PUBACK

    # all acknowledged: a third start finds nothing left at the broker
    third = make_bridge(client_id, protocol, subscribed=False, keys=[key])
    third.run(until=lambda b: b.subscribed, max_seconds=15, close=False)
    assert third.subscribed and any("session resumed: yes" in line for line in third.lines)
    third.run(max_seconds=1.0)
    assert third.stats.received == 0


class SlowLink:
    """A TCP relay to the broker that hands on what the client sends `delay` seconds late: a
    busy broker that has not yet read what is waiting in its socket."""

    def __init__(self, url: str):
        from smartcity.hub.mqtt import parse_url

        target = parse_url(url)
        self.target = (target["host"], target["port"])
        self.delay = 0.0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"mqtt://127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            held = queue.Queue()
            threading.Thread(target=self._read, args=(client, held), daemon=True).start()
            threading.Thread(target=self._write, args=(held, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _read(self, client, held):
        try:
            while data := client.recv(65536):
                held.put((time.monotonic() + self.delay, data))
        except OSError:
            pass
        held.put((0, b""))

    def _write(self, held, upstream):
        while True:
            due, data = held.get()
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                if not data:
                    upstream.shutdown(socket.SHUT_WR)
                    return
                upstream.sendall(data)
            except OSError:  # the broker closed this connection: what was held is lost
                return

    def _pipe(self, upstream, client):
        try:
            while data := upstream.recv(65536):
                client.sendall(data)
        except OSError:
            pass
        for sock in (client, upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.server.close()


@pytest.mark.parametrize("protocol", ["5", "3.1.1"])
def test_close_returns_once_the_broker_has_processed_the_acknowledgements(protocol, station, device_token, publisher,
                                                                        make_bridge, broker):
    """A PUBACK written to the socket is not yet one the broker has processed. A bridge with the
    same client id connecting right after this one left (a restart) takes the session over
    while the broker has not read the old connection to its end: the broker drops it with the
    PUBACKs it had not read and sends those messages again. close() must return only once
    the broker has processed them (it waits for the UNSUBACK of an UNSUBSCRIBE sent after)."""
    _, key = device_token(assets=[station])
    client_id = f"test-bridge-close-{run_id()}"
    link = SlowLink(broker)
    first = Bridge(BridgeConfig(url=link.url, client_id=client_id, protocol=protocol, topics=topics_for(key), session_expiry=600,
                                stats_interval=0, batch_wait=0.005), out=[].append)
    try:
        first.start()
        assert first.wait_subscribed(15)
        n = 300
        publisher.publish_all([(f"/ul/{key}/kk-di-an/attrs", f"{T0 + 60 * i}|t|{20 + i / 100}") for i in range(n)])
        link.delay = 0.5  # from now on the broker reads what the first bridge sends half a second late
        first.run(until=lambda b: b.stats.acked >= n, max_seconds=30)  # and closes
        assert first.stats.acked == n

        second = make_bridge(client_id, protocol, subscribed=False, keys=[key])  # the restart, straight to the broker
        second.run(until=lambda b: b.subscribed, max_seconds=15, close=False)
        assert any("session resumed: yes" in line for line in second.lines)
        second.run(max_seconds=1.0)
        assert second.stats.received == 0
    finally:
        first.close()
        link.close()


# -- a broker restart: the bridge reconnects with backoff and subscribes again ---------------
def test_bridge_reconnects_when_the_broker_comes_back(station, device_token, tmp_path):
    import shutil
    import socket

    from smartcity.testing import require

    mosquitto = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if os.path.exists("/usr/sbin/mosquitto") else None)
    require(mosquitto is not None, "the mosquitto program (for a private broker)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    conf = tmp_path / "mosquitto.conf"
    # no persistence: the restarted broker has forgotten the session, so the bridge must subscribe again
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n")

    def broker():
        proc = subprocess.Popen([mosquitto, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(lambda: _port_open(port), 10), "the private broker did not start"
        return proc

    _, key = device_token(assets=[station])
    url = f"mqtt://127.0.0.1:{port}"
    proc = broker()
    lines = []
    bridge = Bridge(BridgeConfig(url=url, client_id=f"test-bridge-restart-{run_id()}", session_expiry=600, stats_interval=0,
                                 batch_wait=0.005, max_backoff=2), out=lines.append)
    try:
        bridge.start()
        assert bridge.wait_subscribed(15), lines
        proc.terminate()
        proc.wait(10)
        bridge.run(until=lambda b: not b.connected, max_seconds=10, close=False)
        assert not bridge.connected and bridge.stats.disconnects == 1
        proc = broker()
        bridge.run(until=lambda b: b.subscribed, max_seconds=20, close=False)
        assert bridge.subscribed and bridge.stats.connects == 2
        pub = Publisher(url, f"test-pub-{run_id()}")
        pub.publish_all([(f"/ul/{key}/kk-di-an/attrs", f"{T0 + 60 * i}|t|{30 + i}") for i in range(5)])
        pub.close()
        bridge.run(until=lambda b: b.stats.readings >= 5, max_seconds=15)
        assert values_of("kk-di-an", "temperature") == {T0 + 60 * i: 30 + i for i in range(5)}
    finally:
        bridge.close()
        proc.terminate()
        proc.wait(10)


def _port_open(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


# -- 3. FIWARE JSON and UltraLight short keys map through attribute maps ---------------------
def test_fiware_formats_map_short_keys(make_asset, device_token, publisher, make_bridge):
    air = make_asset("kk-thu-dau-mot", name="Trạm quan trắc Thủ Dầu Một")  # air-station: t, h, p from the type
    own = make_asset("kk-ben-cat", name="Trạm Bến Cát", attribute_map={"bui": "pm25", "nd": "temperature"})
    _, key = device_token(assets=[air, own])
    bridge = make_bridge()  # the default subscriptions (every key): other traffic on the broker may arrive too
    assert bridge.config.topics == TOPICS and {"smartcity/+/+/attrs", "/json/+/+/attrs", "/ul/+/+/attrs"} <= set(TOPICS)
    publisher.publish_all([
        (f"/ul/{key}/kk-thu-dau-mot/attrs", f"{T0}|t|31.5|h|72#{T0 + 300}|t|31.8|h|71"),
        (f"/json/{key}/kk-thu-dau-mot/attrs", {"t": 32.1, "h": 70, "TimeInstant": T0 + 600}),
        (f"/json/{key}/kk-ben-cat/attrs", [{"bui": 41.5, "nd": 30, "TimeInstant": T0}, {"bui": 43, "TimeInstant": T0 + 300}]),
        (f"ul/{key}/kk-ben-cat/attrs", f"{T0 + 600}|bui|44.5"),
    ])
    bridge.run(until=lambda b: Observation.objects.count() >= 9, max_seconds=20)
    assert not [r for r in bridge.rejections if key[:10] in r["topic"]]
    assert values_of("kk-thu-dau-mot", "temperature") == {T0: 31.5, T0 + 300: 31.8, T0 + 600: 32.1}
    assert values_of("kk-thu-dau-mot", "relative_humidity") == {T0: 72, T0 + 300: 71, T0 + 600: 70}
    assert values_of("kk-ben-cat", "pm25") == {T0: 41.5, T0 + 300: 43, T0 + 600: 44.5}
    assert values_of("kk-ben-cat", "temperature") == {T0: 30}


def test_single_attribute_topics_take_arrival_time(station, device_token, publisher, make_bridge):
    _, key = device_token(assets=[station])
    bridge = make_bridge(keys=[key])
    before = int(time.time())
    publisher.publish_all([(f"/ul/{key}/kk-di-an/attrs/h", b"81.5"), (f"/json/{key}/kk-di-an/attrs/t", b"29.5")])
    bridge.run(until=lambda b: b.stats.processed >= 2, max_seconds=20)
    (t_h, v_h), = values_of("kk-di-an", "relative_humidity").items()
    (t_t, v_t), = values_of("kk-di-an", "temperature").items()
    assert (v_h, v_t) == (81.5, 29.5) and before <= t_h <= int(time.time()) and before <= t_t <= int(time.time())


def test_device_attribute_map_wins_over_global_aliases(make_asset, device_token):
    air = make_asset("kk-tan-uyen")  # air-station maps p -> pressure; the registry also knows P as power
    water = make_asset("nm-song-sai-gon", "water-station")  # water-station maps t -> water_temperature
    _, key = device_token(assets=[air, water])
    result = ingest_messages([Incoming(f"/ul/{key}/kk-tan-uyen/attrs", f"{T0}|p|1008.5".encode(), received=T0),
                              Incoming(f"/ul/{key}/nm-song-sai-gon/attrs", f"{T0}|t|29.1".encode(), received=T0)])
    assert result.result.stored == 2
    assert values_of("kk-tan-uyen", "pressure") == {T0: 1008.5}
    assert values_of("nm-song-sai-gon", "water_temperature") == {T0: 29.1}


# -- 4. revoked keys, bad payloads and rejected rows ----------------------------------------
def test_revoked_key_is_not_stored_and_rejections_are_reported(station, device_token, publisher, make_bridge):
    from smartcity.hub.services import revoke_device_token

    revoked, old_key = device_token(assets=[station], name="Trạm cũ")
    _, key = device_token(assets=[station])
    unknown_key = f"dv_khong-ton-tai-{run_id()}"
    publisher.listen(f"smartcity/{old_key}/kk-di-an/errors")
    publisher.listen(f"smartcity/{key}/kk-di-an/errors")
    bridge = make_bridge(keys=[old_key, key, unknown_key])
    # the old key works, and its principal is now cached by the bridge
    publisher.publish_all([(f"/ul/{old_key}/kk-di-an/attrs", f"{T0}|t|30")])
    bridge.run(until=lambda b: b.stats.readings >= 1, max_seconds=20, close=False)
    assert values_of("kk-di-an", "temperature") == {T0: 30}

    revoke_device_token(revoked)
    publisher.publish_all([(f"/ul/{old_key}/kk-di-an/attrs", f"{T0 + 60 * i}|t|{40 + i}") for i in range(1, 6)]
                          + [(f"smartcity/{old_key}/kk-di-an/attrs", {"time": T0 + 600, "values": {"pm25": 1}}),
                             (f"smartcity/{unknown_key}/kk-di-an/attrs", {"time": T0 + 600, "values": {"pm25": 2}}),
                             (f"/json/{key}/kk-di-an/attrs", b"{not json"),
                             (f"smartcity/{key}/kk-di-an/attrs", {"time": T0 + 900, "values": {"pm25": 12.5, "h": "ướt", "xyz": 1}}),
                             (f"/ul/{key}/kk-di-an/attrs", f"{T0 + 1200}|t|33")])
    bridge.run(until=lambda b: b.stats.processed >= 11, max_seconds=20)
    assert values_of("kk-di-an", "temperature") == {T0: 30, T0 + 1200: 33}  # nothing from the revoked key
    assert values_of("kk-di-an", "pm25") == {T0 + 900: 12.5}
    assert bridge.stats.rejected_messages == 8 and bridge.stats.rejected_rows == 2
    assert bridge.stats.acked == 11  # rejected messages are acknowledged too: they must not come back forever
    codes = [r["code"] for r in bridge.rejections]
    assert codes.count("invalid_token") == 7 and codes.count("malformed_json") == 1 and codes.count("rows_rejected") == 1
    assert all(old_key not in r["topic"] for r in bridge.rejections)  # keys never reach the log
    # what this bridge reported (another bridge on the broker may report on these topics too)
    mine = lambda: [(t, b) for t, b in publisher.received if b.get("bridge") == bridge.config.client_id]  # noqa: E731
    assert wait_for(lambda: len(mine()) >= 8, 5), mine()
    by_topic = {}
    for topic, body in mine():
        by_topic.setdefault(topic.split("/")[1] == old_key, []).append(body["code"])
    assert by_topic[True] == ["invalid_token"] * 6
    assert sorted(by_topic[False]) == ["malformed_json", "rows_rejected"]
    rows_body = next(b for _, b in mine() if b["code"] == "rows_rejected")
    assert rows_body["accepted"] == 1 and {e["field"] for e in rows_body["errors"]} == {"values.h", "values.xyz"}


# -- 2. a real bridge process, SIGKILLed mid-stream ------------------------------------------
@pytest.fixture
def bridge_process(shared_db, broker, tmp_path):
    """Start `smartcity mqtt_bridge` processes on the shared database; all are killed at the end."""
    procs = []
    env = {**os.environ, "DATABASE_URL": shared_db, "SMARTCITY_VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1",
           "SMARTCITY_LOG_LEVEL": "WARNING"}
    env.pop("SMARTCITY_TEST_DB_NAME", None)
    exe = str(Path(sys.executable).with_name("smartcity"))

    def start(client_id, keys, *extra):
        log = tmp_path / f"bridge-{len(procs)}.log"
        topics = [arg for topic in topics_for(*keys) for arg in ("--topic", topic)]
        with open(log, "wb") as fh:
            proc = subprocess.Popen([exe, "mqtt_bridge", "--url", broker, "--client-id", client_id, "--session-expiry", "600",
                                     "--stats-interval", "0", *topics, *extra], stdout=fh, stderr=subprocess.STDOUT, env=env)
        proc.log = log
        procs.append(proc)
        ready = wait_for(lambda: b"subscribed" in log.read_bytes() or proc.poll() is not None, 60, 0.05)
        assert ready and proc.poll() is None, log.read_text()
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_sigkill_mid_stream_loses_nothing_and_doubles_nothing(station, make_asset, device_token, publisher, bridge_process, broker):
    other = make_asset("kk-thuan-an", name="Trạm quan trắc Thuận An", lat=10.93, lon=106.71)
    _, key = device_token(assets=[station, other])
    client_id = f"test-bridge-kill-{run_id()}"
    total = 3000
    slugs = ("kk-di-an", "kk-thuan-an")

    def message(i):
        # each message: one station's two quantities at its own minute; values derived from i
        return (f"smartcity/{key}/{slugs[i % 2]}/attrs",
                {"time": T0 + 60 * (i // 2), "values": {"pm25": round(5 + (i % 397) / 10, 1), "pm10": 20 + i % 89}})

    def stored():
        return Observation.objects.filter(datastream__asset__slug__in=slugs).count()

    try:
        proc = bridge_process(client_id, [key], "--batch-size", "50")
        publisher.publish_all([message(i) for i in range(600)])
        # once a part is stored, hand the broker 200 more and kill the bridge while they stream in
        assert wait_for(lambda: stored() >= 400, 30), "the bridge stored nothing"
        infos = [publisher.publish(*message(i)) for i in range(600, 800)]
        time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        stored_at_kill = stored()
        for info in infos:
            info.wait_for_publish(10)
        # the bridge is down: these wait at the broker in its persistent session
        publisher.publish_all([message(i) for i in range(800, 1000)])

        proc = bridge_process(client_id, [key], "--batch-size", "200")
        assert b"session resumed: yes" in proc.log.read_bytes()
        for start in range(1000, total, 500):
            publisher.publish_all([message(i) for i in range(start, min(total, start + 500))])
        assert wait_for(lambda: stored() >= 2 * total, 60, 0.1), f"{stored()} of {2 * total} readings stored"
        proc.send_signal(signal.SIGTERM)  # graceful: finishes the batch in hand, prints its statistics
        assert proc.wait(20) == 0
        assert b"stopped:" in proc.log.read_bytes()
        print(f"stored at kill: {stored_at_kill}; after restart: {proc.log.read_text()}")
    finally:
        forget_session(broker, client_id)

    assert 0 < stored_at_kill < 2 * total
    assert stored() == 2 * total
    for slug in slugs:
        expected = [message(i)[1] for i in range(total) if i % 2 == slugs.index(slug)]
        assert values_of(slug, "pm25") == {m["time"]: pytest.approx(m["values"]["pm25"]) for m in expected}
        assert values_of(slug, "pm10") == {m["time"]: m["values"]["pm10"] for m in expected}
    # every reading entered the rollups exactly once, and nothing was seen as a correction
    from django.db.models import Sum

    n = HourlyRollup.objects.filter(datastream__asset__slug__in=slugs).aggregate(n=Sum("n"))["n"]
    assert n == 2 * total
    assert not Correction.objects.exists()

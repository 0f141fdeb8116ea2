"""The MQTT bridge: device messages from the broker into the hub, none lost, none doubled.

How the guarantees are kept:
- The bridge keeps a persistent session at the broker (MQTT 5 with a session expiry, or
  3.1.1 with clean_session=False) under a fixed client id, and subscribes with QoS 1. What
  devices publish while the bridge is down waits at the broker.
- Acknowledgement is manual: a PUBACK is sent only after the transaction holding the
  message's readings has committed. A bridge killed at any moment leaves the unacknowledged
  messages at the broker, which sends them again on reconnect.
- Leaving, the bridge waits until the broker has processed its last PUBACKs (`Bridge.flush`:
  an UNSUBACK answered after them) before it disconnects, so a bridge started right after it
  under the same client id is not sent those messages again.
- Storing is idempotent on (datastream, time), so a message stored whose PUBACK was lost is
  stored again as "unchanged": never doubled (readings carrying their own time; see
  `formats`).
- Messages are taken in batches (up to `batch_size`, or what arrived within `batch_wait`)
  and written in one transaction: the cost of a commit is shared by thousands of readings.
  MQTT 5's Receive Maximum lets the broker keep a window of unacknowledged messages in
  flight, so the next batch arrives while this one is written.
- A message that cannot be used (unknown topic, unreadable payload, bad or revoked key) is
  rejected: logged, counted, reported on `smartcity/<key>/<device>/errors`, and still
  acknowledged so the broker does not send it forever. Rows refused inside a good message
  are reported the same way while the rest of the message is stored.
- When the database is unavailable nothing is acknowledged; the batch is retried with a
  bounded backoff. A lost broker connection is re-established with a bounded backoff, and
  messages of the old connection are never acknowledged on the new one (the broker sends
  them again).

Threads: paho's network loop only queues messages; parsing, the database and the PUBACKs
happen in the thread that calls `Bridge.run()`.
"""
import logging
import os
import queue
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import orjson
import paho.mqtt.client as paho
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from smartcity.core.api.errors import problem
from smartcity.core.tokens import hash_key
from smartcity.hub import formats
from smartcity.hub.auth import principal_for_key
from smartcity.hub.ingest import Normaliser
from smartcity.hub.models import DeviceToken
from smartcity.hub.store import StoreResult, store

log = logging.getLogger("smartcity.hub.mqtt")

TOPICS = (
    "smartcity/+/+/attrs",
    "/json/+/+/attrs", "/json/+/+/attrs/+",
    "/ul/+/+/attrs", "/ul/+/+/attrs/+",
    "json/+/+/attrs", "json/+/+/attrs/+",  # FIWARE topics are also sent without the leading slash
    "ul/+/+/attrs", "ul/+/+/attrs/+",
)


def topics_for(*keys: str) -> tuple:
    """The subscriptions for some keys only (instead of every key: `+`), e.g. one tenant's
    bridge, or tests sharing a broker."""
    return tuple(t.replace("/+/", f"/{k}/", 1) for k in keys for t in TOPICS)


# A filter the bridge never subscribes to: UNSUBSCRIBE from it changes nothing at the broker, and
# its UNSUBACK tells the bridge the broker has processed everything sent before (see Bridge.flush)
FLUSH_FILTER = "smartcity/_bridge/flush"

DEFAULT_URL = "mqtt://127.0.0.1:1883"
DEFAULT_CLIENT_ID = "smartcity-bridge"
RETRYABLE_DB_ERRORS = (OperationalError, InterfaceError)


@dataclass
class BridgeConfig:
    url: str = ""
    client_id: str = ""
    batch_size: int = 1000  # messages per transaction
    batch_wait: float = 0.02  # seconds to wait for more messages once one has arrived
    receive_maximum: int = 20000  # MQTT 5: unacknowledged messages the broker may have in flight to us
    protocol: str = "5"  # "5" or "3.1.1"
    session_expiry: int = 7 * 86400  # MQTT 5: how long the broker keeps our session while we are away
    keepalive: int = 30
    max_backoff: int = 30  # seconds, for broker reconnects and database retries
    publish_errors: bool = True
    topics: tuple = TOPICS
    stats_interval: float = 10.0
    cache_seconds: float = 10.0  # how long a key's asset scope and lookups are reused (revocation is checked every batch)

    def __post_init__(self):
        self.url = self.url or getattr(settings, "MQTT_URL", "") or DEFAULT_URL
        self.client_id = (self.client_id or getattr(settings, "MQTT_CLIENT_ID", "") or os.environ.get("MQTT_CLIENT_ID", "")
                          or DEFAULT_CLIENT_ID)
        if self.protocol not in ("5", "3.1.1"):
            raise ValueError("protocol must be 5 or 3.1.1")
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if FLUSH_FILTER in self.topics:
            raise ValueError(f"{FLUSH_FILTER} is the bridge's own marker filter; it cannot be a subscription")
        self.receive_maximum = max(1, min(65535, self.receive_maximum))


@dataclass
class Incoming:
    """A message as received; `generation` tells which broker connection it came on."""

    topic: str
    payload: bytes
    mid: int = 0
    qos: int = 1
    received: int = 0  # epoch seconds at arrival: the time of readings that carry none
    generation: int = 0


@dataclass
class Outcome:
    message: Incoming
    topic: formats.Topic | None = None
    accepted: int = 0
    problem: dict | None = None  # what we report when something was rejected

    @property
    def rejected(self) -> bool:
        """The whole message was unusable (as opposed to some of its rows)."""
        return self.problem is not None and self.accepted == 0 and not self.problem.get("errors")


@dataclass
class BatchResult:
    outcomes: list
    result: StoreResult

    @property
    def rejected_rows(self) -> int:
        return sum(len(o.problem.get("errors") or ()) for o in self.outcomes if o.problem)


# -- who is writing: device keys, checked every batch -----------------------------------
class KeyCache:
    """Per key: its principal and a Normaliser kept warm across batches.

    A device token's validity is checked with ONE query per batch, so a revoked key stops
    at once. Its asset scope and the Normaliser's lookups (assets, datastreams, attribute
    maps) are reused for `ttl` seconds: reloading them for every batch would cost more
    than storing the readings. So a change to an asset (deactivated, new attribute map)
    reaches the bridge within `ttl` seconds. After a failed batch everything is dropped
    (the Normaliser may remember datastreams whose creation was rolled back)."""

    def __init__(self, ttl: float = 10.0):
        self.ttl = ttl
        self._entries: dict[str, list] = {}  # key -> [loaded_at, principal, normaliser or None]

    def clear(self) -> None:
        self._entries.clear()

    def resolve(self, keys) -> dict:
        """{key: principal or None (unknown, revoked)} for the keys of one batch."""
        now = time.monotonic()
        out = {}
        device_keys = [k for k in keys if k.startswith("dv_")]
        valid = set()
        if device_keys:
            valid = set(DeviceToken.objects.filter(key_hash__in=[hash_key(k) for k in device_keys], revoked_at__isnull=True)
                        .values_list("key_hash", flat=True))
        for key in keys:
            entry = self._entries.get(key)
            if key.startswith("dv_"):
                if hash_key(key) not in valid:
                    self._entries.pop(key, None)
                    out[key] = None
                    continue
                if entry is not None and now - entry[0] < self.ttl:
                    out[key] = entry[1]
                    continue
            principal = principal_for_key(key)
            if principal is None:
                self._entries.pop(key, None)
            elif key.startswith("dv_") and self.ttl > 0:
                self._entries[key] = [now, principal, None]
            out[key] = principal
        if len(self._entries) > 50_000:
            self._entries.clear()
        return out

    def normaliser(self, key: str, principal, now: int) -> Normaliser:
        entry = self._entries.get(key)
        if entry is None or entry[1] is not principal:
            return Normaliser(principal, now=now)
        if entry[2] is None:
            entry[2] = Normaliser(principal, now=now)
        else:
            _refresh(entry[2], now)
        return entry[2]


def _refresh(normaliser: Normaliser, now: int) -> None:
    """Move a kept Normaliser's clock to this batch (its future-time limit follows)."""
    normaliser.refresh(now)


# -- one batch: parse, validate, store, in one transaction --------------------------------
def ingest_messages(messages: list[Incoming], keys: KeyCache | None = None, source: str = "mqtt") -> BatchResult:
    """Validate and store the readings of a batch of messages in ONE transaction. Returns
    per-message outcomes; the caller acknowledges only after this returns (after commit).
    Database errors propagate (nothing committed, nothing to acknowledge)."""
    keys = keys if keys is not None else KeyCache(ttl=0)
    max_rows = getattr(settings, "HUB_MAX_ROWS", 100_000)
    outcomes, parsed = [], []
    for msg in messages:
        out = Outcome(msg)
        outcomes.append(out)
        try:
            out.topic = formats.parse_topic(msg.topic)  # first, so a bad payload can be reported to its device
            records = formats.parse_body(out.topic.format, msg.payload, out.topic.device, msg.received, out.topic.attribute)
        except formats.FormatError as exc:
            out.problem = problem(exc.status, exc.code, exc.message)
            continue
        if len(records) > max_rows:
            out.problem = problem(413, "too_many_rows", f"{len(records)} rows in one message; the limit is {max_rows}")
            continue
        parsed.append((out, records))
    result = StoreResult()
    if not parsed:
        return BatchResult(outcomes, result)
    try:
        with transaction.atomic():
            by_key = keys.resolve({out.topic.key for out, _ in parsed})
            now = int(time.time())
            normalisers, slugs = {}, defaultdict(set)
            for out, records in parsed:
                if by_key.get(out.topic.key) is None:
                    continue
                names = slugs[out.topic.key]
                names.add(out.topic.device)
                for rec in records:
                    if isinstance(rec, dict) and isinstance(rec.get("asset"), str):
                        names.add(rec["asset"])
            for key, names in slugs.items():
                normalisers[key] = keys.normaliser(key, by_key[key], now)
                normalisers[key].preload(names)  # one query for the assets this batch names and the kept one lacks
            readings = []
            for out, records in parsed:
                normaliser = normalisers.get(out.topic.key)
                if normaliser is None:
                    out.problem = problem(401, "invalid_token", "the key in the topic is unknown or revoked; nothing was stored")
                    continue
                rows, errors = normaliser.rows(records)
                readings.extend(rows)
                out.accepted = len(rows)
                if errors:
                    if rows:
                        out.problem = problem(207, "rows_rejected", f"{len(errors)} readings were rejected; {len(rows)} accepted", errors)
                    else:
                        out.problem = problem(422, "all_rows_rejected", "no reading was accepted", errors)
            result = store(readings, source=source)
    except BaseException:
        keys.clear()
        raise
    return BatchResult(outcomes, result)


# -- counters ----------------------------------------------------------------------------
@dataclass
class BridgeStats:
    started: float = field(default_factory=time.monotonic)
    received: int = 0
    processed: int = 0
    acked: int = 0
    not_acked: int = 0  # processed, but their connection was gone: the broker sends them again
    batches: int = 0
    readings: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected_messages: int = 0
    rejected_rows: int = 0
    errors_published: int = 0
    connects: int = 0
    disconnects: int = 0
    db_retries: int = 0

    def as_dict(self) -> dict:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        d = {k: v for k, v in self.__dict__.items() if k != "started"}
        d["seconds"] = round(elapsed, 2)
        d["readings_per_s"] = round(self.readings / elapsed, 1)
        return d

    def line(self) -> str:
        d = self.as_dict()
        return (f"messages {d['processed']} (acked {d['acked']}, rejected {d['rejected_messages']}), readings {d['readings']} "
                f"(stored {d['stored']}, replaced {d['replaced']}, unchanged {d['unchanged']}, rejected {d['rejected_rows']}), "
                f"batches {d['batches']}, {d['readings_per_s']}/s, connects {d['connects']}, db retries {d['db_retries']}")


def parse_url(url: str) -> dict:
    """mqtt://[user[:password]@]host[:port] (mqtts:// for TLS)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("mqtt", "tcp", "mqtts", "ssl"):
        raise ValueError(f"MQTT_URL must start with mqtt:// or mqtts://, not {url!r}")
    tls = parsed.scheme in ("mqtts", "ssl")
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or (8883 if tls else 1883),
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "tls": tls,
    }


def redact_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def make_client(url: str, client_id: str, protocol: str = "5", **kwargs) -> tuple[paho.Client, dict]:
    """A paho client configured from an MQTT URL (credentials, TLS)."""
    target = parse_url(url)
    proto = paho.MQTTv5 if protocol == "5" else paho.MQTTv311
    if proto == paho.MQTTv311:
        kwargs.setdefault("clean_session", False)
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=proto, **kwargs)
    if target["username"]:
        client.username_pw_set(target["username"], target["password"])
    if target["tls"]:
        client.tls_set()
    return client, target


def forget_session(url: str, client_id: str, protocol: str = "5", timeout: float = 5.0) -> None:
    """Drop a client id's persistent session at the broker (tests, decommissioning)."""
    client, target = make_client(url, client_id, protocol, **({"clean_session": True} if protocol != "5" else {}))
    done = threading.Event()
    client.on_connect = lambda *a: done.set()
    if protocol == "5":
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 0
        client.connect(target["host"], target["port"], 10, clean_start=True, properties=props)
    else:
        client.connect(target["host"], target["port"], 10)
    client.loop_start()
    done.wait(timeout)
    client.disconnect()
    client.loop_stop()


# -- the bridge ---------------------------------------------------------------------------
class Bridge:
    def __init__(self, config: BridgeConfig | None = None, out=None):
        self.config = config or BridgeConfig()
        self.out = out or (lambda line: None)
        self.stats = BridgeStats()
        self.rejections: deque = deque(maxlen=500)  # the latest rejected messages, for operators and tests
        self.keys = KeyCache(self.config.cache_seconds)
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._lock = threading.Lock()  # orders PUBACKs against reconnects
        self._unsubacked = threading.Condition()
        self._unsubacks: set = set()  # mids of the UNSUBACKs received (Bridge.flush)
        self._generation = 0
        self._connected = threading.Event()
        self._subscribed = threading.Event()
        self._started = False
        self._closed = False
        self._last_stats = time.monotonic()
        self._client, self._target = make_client(self.config.url, self.config.client_id, self.config.protocol, manual_ack=True)
        self._client.reconnect_delay_set(min_delay=1, max_delay=self.config.max_backoff)
        self._client.on_pre_connect = self._on_pre_connect
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_unsubscribe = self._on_unsubscribe
        self._client.on_message = self._on_message

    # -- state seen from outside --
    @property
    def subscribed(self) -> bool:
        return self._subscribed.is_set()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_subscribed(self, timeout: float) -> bool:
        return self._subscribed.wait(timeout)

    def stop(self, *_args) -> None:
        """Ask the run loop to finish the batch in hand and return (signal-safe)."""
        self._stop.set()

    # -- paho callbacks (network thread): queue, never touch the database --
    def _on_pre_connect(self, client, userdata):
        with self._lock:
            self._generation += 1
            self._connected.clear()
            self._subscribed.clear()

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("MQTT broker refused the connection: %s", reason_code)
            self.out(f"broker refused the connection: {reason_code}")
            return
        self.stats.connects += 1
        self._connected.set()
        resumed = bool(getattr(flags, "session_present", False))
        self.out(f"connected to {redact_url(self.config.url)} as {self.config.client_id} (session resumed: {'yes' if resumed else 'no'})")
        client.subscribe([(t, 1) for t in self.config.topics])

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        failed = [str(rc) for rc in reason_codes if rc.is_failure]
        if failed:
            log.error("MQTT subscription refused: %s", ", ".join(failed))
            self.out(f"subscription refused: {', '.join(failed)}")
            return
        self._subscribed.set()
        self.out(f"subscribed (QoS 1): {' '.join(self.config.topics)}")

    def _on_unsubscribe(self, client, userdata, mid, reason_codes, properties):
        with self._unsubacked:
            self._unsubacks.add(mid)
            self._unsubacked.notify_all()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self._connected.clear()
        self._subscribed.clear()
        if not self._stop.is_set():
            self.stats.disconnects += 1
            log.warning("MQTT connection lost (%s); reconnecting with backoff", reason_code)
            self.out(f"connection lost ({reason_code}); reconnecting")

    def _on_message(self, client, userdata, msg):
        try:
            topic = msg.topic
        except UnicodeDecodeError:
            topic = "<topic not UTF-8>"
        self.stats.received += 1
        self._queue.put(Incoming(topic, msg.payload, msg.mid, msg.qos, int(time.time()), self._generation))

    # -- life cycle --
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        c = self.config
        if c.protocol == "5":
            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = c.session_expiry
            props.ReceiveMaximum = c.receive_maximum
            # clean_start=False always: paho's default would wipe the session on the first connect
            self._client.connect_async(self._target["host"], self._target["port"], c.keepalive, clean_start=False, properties=props)
        else:
            self._client.connect_async(self._target["host"], self._target["port"], c.keepalive)
        self.out(f"MQTT bridge: connecting to {redact_url(c.url)} as {c.client_id} (MQTT {c.protocol})")
        self._client.loop_start()  # retries the first connection too, with the bounded backoff

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until the broker has processed every packet the bridge sent on this connection
        (its PUBACKs above all). True when it has; False when the connection is gone or the
        broker did not answer within `timeout`.

        A PUBACK handed to the socket is not yet a PUBACK the broker has seen: it may still sit
        in our socket (Nagle's algorithm holds small packets back until the broker's TCP ACK)
        or, unread, in the broker's. A new connection with the same client id (the bridge
        restarted, a second instance) then takes the session over, the broker drops the old
        connection with what it had not read, and sends those messages again. MQTT has no
        acknowledgement of a PUBACK, but a broker handles one connection's packets in order:
        the UNSUBACK of an UNSUBSCRIBE sent after the PUBACKs says they have been processed.
        The filter is one the bridge never subscribes to (`FLUSH_FILTER`): nothing changes."""
        if not self._client.is_connected():
            return False
        with self._unsubacked:
            self._unsubacks.clear()
        try:
            rc, mid = self._client.unsubscribe(FLUSH_FILTER)
        except ValueError:
            return False
        if rc != paho.MQTT_ERR_SUCCESS or mid is None:
            return False
        deadline = time.monotonic() + timeout
        with self._unsubacked:
            while mid not in self._unsubacks:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._client.is_connected():
                    return False
                self._unsubacked.wait(min(remaining, 0.05))
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Leave the broker politely; the session (and what it queues) stays. Returns once the
        broker has processed our last acknowledgements (see `flush`), so a bridge started
        right after this one is not sent those messages again; after `timeout` it leaves
        anyway (what was not acknowledged comes again: stored as "unchanged")."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._started and self._client.is_connected() and not self.flush(timeout):
            log.warning("the broker did not confirm the last acknowledgements within %.0f s; "
                        "it may send those messages again", timeout)
            self.out("the broker did not confirm the last acknowledgements; it may send those messages again")
        try:
            self._client.disconnect()
        finally:
            self._client.loop_stop()

    def run(self, max_seconds: float | None = None, until=None, close: bool = True) -> BridgeStats:
        """Process messages until stop(), `max_seconds`, or `until(bridge)` is true; then
        leave the broker (unless `close` is false: a later run() goes on where this one stopped)."""
        self.start()
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        try:
            while not self._stop.is_set():
                if deadline is not None and time.monotonic() >= deadline:
                    break
                if until is not None and until(self):
                    break
                batch = self._collect(0.1)
                if batch:
                    self.handle(batch)
                if self.config.stats_interval and time.monotonic() - self._last_stats >= self.config.stats_interval:
                    self._last_stats = time.monotonic()
                    self.out(self.stats.line())
        finally:
            if close or self._stop.is_set():
                self.close()
        return self.stats

    def _collect(self, timeout: float) -> list[Incoming]:
        try:
            batch = [self._queue.get(timeout=timeout)]
        except queue.Empty:
            return []
        limit = self.config.batch_size
        deadline = time.monotonic() + self.config.batch_wait
        while len(batch) < limit:
            try:
                batch.append(self._queue.get_nowait())
                continue
            except queue.Empty:
                pass
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                batch.append(self._queue.get(timeout=remaining))
            except queue.Empty:
                break
        return batch

    # -- one batch: store, then acknowledge, then report --
    def handle(self, batch: list[Incoming]) -> BatchResult | None:
        outcome = self._ingest(batch)
        if outcome is None:
            return None  # stopping while the database was away: nothing acknowledged
        self._ack(batch)
        s = self.stats
        s.batches += 1
        s.processed += len(batch)
        s.readings += sum(o.accepted for o in outcome.outcomes)
        s.stored += outcome.result.stored
        s.replaced += outcome.result.replaced
        s.unchanged += outcome.result.unchanged
        for out in outcome.outcomes:
            if out.problem is not None:
                self._report(out)
        return outcome

    def _ingest(self, batch: list[Incoming]) -> BatchResult | None:
        delay = 0.5
        while True:
            try:
                return ingest_messages(batch, self.keys)
            except RETRYABLE_DB_ERRORS as exc:
                self.stats.db_retries += 1
                log.warning("database unavailable (%s); retrying %d messages in %.1f s", exc, len(batch), delay)
                self.out(f"database unavailable ({exc}); retrying in {delay:.1f} s")
                if not connection.in_atomic_block:
                    connection.close()
                if self._stop.wait(delay):
                    return None
                delay = min(delay * 2, self.config.max_backoff)
            except Exception:
                if len(batch) == 1:
                    log.exception("message on %s could not be processed", formats.redact_topic(batch[0].topic))
                    out = Outcome(batch[0], problem=problem(500, "internal_error", "the message could not be processed; see the bridge log"))
                    return BatchResult([out], StoreResult())
                log.exception("a batch of %d messages failed; processing them one by one", len(batch))
                outcomes, total = [], StoreResult()
                for msg in batch:  # isolate the message at fault; the others are stored
                    part = self._ingest([msg])
                    if part is None:
                        return None
                    outcomes.extend(part.outcomes)
                    total.add(part.result)
                return BatchResult(outcomes, total)

    def _ack(self, batch: list[Incoming]) -> None:
        with self._lock:
            live = self._connected.is_set()
            for msg in batch:
                if msg.qos == 0:
                    continue
                if live and msg.generation == self._generation:
                    self._client.ack(msg.mid, msg.qos)
                    self.stats.acked += 1
                else:  # its connection is gone; the broker will send it again (and it is stored already)
                    self.stats.not_acked += 1

    def _report(self, out: Outcome) -> None:
        body = out.problem
        rows = len(body.get("errors") or ())
        if out.rejected:
            self.stats.rejected_messages += 1
        self.stats.rejected_rows += rows
        shown = formats.redact_topic(out.message.topic)
        self.rejections.append({"topic": shown, "code": body["code"], "detail": body["detail"], "rows": rows,
                                "received": out.message.received})
        log.warning("rejected on %s: %s (%s)%s", shown, body["code"], body["detail"],
                    "".join(f"; [{e.get('index')}] {e.get('field')}: {e.get('code')}" for e in (body.get("errors") or [])[:5]))
        if self.config.publish_errors and out.topic is not None:
            payload = {**body, "accepted": out.accepted, "topic": shown, "received": out.message.received,
                       "bridge": self.config.client_id}
            self._client.publish(out.topic.error_topic, orjson.dumps(payload), qos=0)
            self.stats.errors_published += 1

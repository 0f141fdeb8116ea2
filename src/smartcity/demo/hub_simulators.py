"""Live feed of the demo's devices: every ~10 seconds the present reading of every demo
asset goes to the platform as a real device would send it, with the demo's integration
tokens (written by the hub demo loader to VAR_DIR/demo_device_tokens.json).

With MQTT_URL unset the readings are POSTed to /api/hub/observations (one batch per
owner organisation); with a broker configured they are published with QoS 1 to
`smartcity/<token key>/<asset>/attrs` as {"time": ..., "values": {...}}.
A tick does a bounded amount of work and a failed tick is logged, never fatal.
"""
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

from smartcity.demo import simulators
from smartcity.demo.hub_demo import DEMO_ASSETS, PER_INTERVAL, demo_token_keys, values_at

log = logging.getLogger("smartcity.demo.hub")
TICK_S = 10
HTTP_TIMEOUT_S = 10
PUBLISH_TIMEOUT_S = 5


def _iso(t: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(t + 7 * 3600))


class HubSimulator:
    """One feed; `tick()` sends one round of readings and returns how many were sent."""

    def __init__(self, base_url: str, mqtt_url: str | None = None, keys: dict | None = None, assets=None):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        if mqtt_url is None:
            from django.conf import settings

            mqtt_url = getattr(settings, "MQTT_URL", "")
        self.mqtt_url = mqtt_url or ""
        self._keys = keys
        self.assets = [a for a in (assets or DEMO_ASSETS) if not a.offline_hours]
        self._client = None
        self._last_t = None

    @property
    def keys(self) -> dict:
        return self._keys if self._keys is not None else demo_token_keys()

    def messages(self, now: int) -> list[tuple]:
        """(owner, slug, payload) for every asset at `now`. Amounts per interval (visits,
        rainfall, data volume) are sent once per interval, when a new one has ended."""
        out = []
        for a in self.assets:
            values = values_at(a, now, now, [q for q in a.quantities if q not in PER_INTERVAL])
            ended = now - now % a.interval
            if self._last_t is None or self._last_t < ended:
                per = values_at(a, ended, now, [q for q in a.quantities if q in PER_INTERVAL])
                if per:
                    out.append((a.owner, a.slug, {"time": _iso(ended), "values": per}))
            if values:
                out.append((a.owner, a.slug, {"time": _iso(now), "values": values}))
        return out

    def tick(self, now: int | None = None) -> int:
        now = int(time.time()) if now is None else int(now)
        messages = self.messages(now)
        keys = self.keys
        if not keys:
            log.warning("hub simulator: no demo device tokens yet (run `smartcity demo`)")
            return 0
        sent = self._publish(messages, keys) if self.mqtt_url else self._post(messages, keys)
        self._last_t = now
        return sent

    # -- HTTP ----------------------------------------------------------------------------
    def _post(self, messages, keys) -> int:
        batches = {}
        for owner, slug, payload in messages:
            batches.setdefault(owner, []).append({"asset": slug, **payload})
        sent = 0
        for owner, rows in batches.items():
            key = keys.get(owner)
            if not key:
                continue
            request = urllib.request.Request(
                self.base_url + "api/hub/observations", data=json.dumps(rows).encode(), method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
            try:
                with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
                    body = json.loads(response.read() or b"{}")
                    sent += int(body.get("stored", 0)) + int(body.get("unchanged", 0)) + int(body.get("replaced", 0))
                    if body.get("rejected"):
                        log.warning("hub simulator: %s rows of %s rejected: %s", body["rejected"], owner, body.get("errors", [])[:3])
            except urllib.error.HTTPError as exc:
                log.warning("hub simulator: POST for %s answered %s: %s", owner, exc.code, exc.read()[:300])
            except (OSError, ValueError) as exc:
                log.warning("hub simulator: POST for %s failed: %s", owner, exc)
        return sent

    # -- MQTT ----------------------------------------------------------------------------
    def _connect(self):
        import paho.mqtt.client as mqtt

        url = urlparse(self.mqtt_url)
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"smartcity-demo-hub-{id(self):x}", clean_session=True)
        if url.username:
            client.username_pw_set(url.username, url.password)
        if url.scheme in ("mqtts", "ssl"):
            client.tls_set()
        client.connect(url.hostname or "127.0.0.1", url.port or (8883 if url.scheme in ("mqtts", "ssl") else 1883), keepalive=30)
        client.loop_start()
        return client

    def _publish(self, messages, keys) -> int:
        if self._client is None:
            self._client = self._connect()
        infos = []
        for owner, slug, payload in messages:
            key = keys.get(owner)
            if key:
                infos.append(self._client.publish(f"smartcity/{key}/{slug}/attrs", json.dumps(payload), qos=1))
        deadline = time.monotonic() + PUBLISH_TIMEOUT_S
        done = 0
        for info in infos:
            try:
                info.wait_for_publish(timeout=max(0.0, deadline - time.monotonic()))
            except (RuntimeError, ValueError) as exc:
                log.warning("hub simulator: publish failed: %s", exc)
                continue
            done += info.is_published()
        return done

    def close(self) -> None:
        if self._client is not None:
            self._client.loop_stop()
            self._client.disconnect()
            self._client = None

    # -- the loop ------------------------------------------------------------------------
    def run(self, stop: threading.Event | None = None, interval: float = TICK_S, first_delay: float = 0.0) -> None:
        stop = stop or threading.Event()
        stop.wait(first_delay)
        while not stop.is_set():
            started = time.monotonic()
            try:
                n = self.tick()
                log.debug("hub simulator: %s readings sent", n)
            except Exception:  # a demo feed must survive anything: log and go on
                log.exception("hub simulator tick failed")
                self.close()
            stop.wait(max(1.0, interval - (time.monotonic() - started)))
        self.close()


@simulators.register("hub-stations")
def run(base_url: str) -> None:
    HubSimulator(base_url).run(first_delay=5.0)  # `smartcity demo` starts the feeds just before its server

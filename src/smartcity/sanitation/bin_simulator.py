"""Live feed of the demo's smart bins: every minute each bin reports (at most every 5 minutes)
its fill level since its last emptying, temperature, lid and tilt, as a sensor gateway would.

The last emptying comes from the platform (GET /api/sanitation/bins/, `last_emptied_at`), so
a collection a driver records on the route page resets the bin here too: the sensor then
reads an empty bin that starts filling again. Readings go to /api/hub/observations with the
demo's device token (demo_bins.py writes it); with MQTT_URL set, they are published to
`smartcity/<token>/<asset>/attrs` like the hub's own simulator does.
"""
import datetime as dt
import json
import logging
import threading
import time
import urllib.error
import urllib.request

from smartcity.sanitation import bin_sim

log = logging.getLogger("smartcity.demo.sanitation")
TICK_S = 60
REPORT_S = 300
HTTP_TIMEOUT_S = 10


def _iso(t: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(t + 7 * 3600))


def _parse(value) -> float | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class BinSimulator:
    def __init__(self, base_url: str, key: str | None = None, mqtt_url: str | None = None):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._key = key
        if mqtt_url is None:
            from django.conf import settings

            mqtt_url = getattr(settings, "MQTT_URL", "")
        self.mqtt_url = mqtt_url or ""
        self._sent: dict[str, int] = {}
        self._client = None

    @property
    def key(self):
        if self._key is None:
            from smartcity.sanitation.demo_bins import demo_token_key

            return demo_token_key()
        return self._key

    def emptied(self) -> dict[str, float]:
        """{bin code: last emptying (epoch s)} from the platform's bin list."""
        out, url = {}, self.base_url + "api/sanitation/bins/?limit=1000"
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=HTTP_TIMEOUT_S) as r:
            body = json.loads(r.read() or b"[]")
        rows = body["results"] if isinstance(body, dict) else body
        for row in rows:
            t = _parse(row.get("last_emptied_at"))
            if t is not None:
                out[row["code"]] = t
        return out

    def messages(self, now: int, emptied: dict) -> list[tuple[str, dict]]:
        out = []
        for b in bin_sim.DEMO_BINS:
            if b.code not in emptied or now - self._sent.get(b.code, 0) < REPORT_S:
                continue
            e = min(emptied[b.code], now)
            values = {"fill_level": bin_sim.reading(b, e, now), "temperature": bin_sim.temperature_reading(b, now),
                      "lid_open": bin_sim.lid_open(b, now), "tilt": bin_sim.tilt(b, now)}
            out.append((b.slug, {"time": _iso(now), "values": values}))
        return out

    def tick(self, now: int | None = None) -> int:
        now = int(time.time()) if now is None else int(now)
        key = self.key
        if not key:
            log.warning("bin simulator: no demo device token yet (run `smartcity demo`)")
            return 0
        messages = self.messages(now, self.emptied())
        if not messages:
            return 0
        sent = self._publish(messages, key) if self.mqtt_url else self._post(messages, key)
        for slug, _p in messages:
            self._sent[slug[3:].upper()] = now
        return sent

    def _post(self, messages, key) -> int:
        rows = [{"asset": slug, **payload} for slug, payload in messages]
        request = urllib.request.Request(self.base_url + "api/hub/observations", data=json.dumps(rows).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            body = json.loads(response.read() or b"{}")
        if body.get("rejected"):
            log.warning("bin simulator: %s rows rejected: %s", body["rejected"], body.get("errors", [])[:3])
        return int(body.get("stored", 0)) + int(body.get("replaced", 0)) + int(body.get("unchanged", 0))

    def _publish(self, messages, key) -> int:
        from urllib.parse import urlparse

        import paho.mqtt.client as mqtt

        if self._client is None:
            url = urlparse(self.mqtt_url)
            client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"smartcity-demo-bins-{id(self):x}")
            if url.username:
                client.username_pw_set(url.username, url.password)
            client.connect(url.hostname or "127.0.0.1", url.port or 1883, keepalive=30)
            client.loop_start()
            self._client = client
        infos = [self._client.publish(f"smartcity/{key}/{slug}/attrs", json.dumps(payload), qos=1) for slug, payload in messages]
        for info in infos:
            info.wait_for_publish(timeout=5)
        return sum(len(p["values"]) for _s, p in messages)


def run_forever(base_url: str, stop: threading.Event | None = None) -> None:
    sim = BinSimulator(base_url)
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            sim.tick()
        except (OSError, ValueError, urllib.error.URLError) as exc:
            log.warning("bin simulator tick failed: %s", exc)
        except Exception:  # noqa: BLE001 - a failed tick is logged, never fatal
            log.exception("bin simulator tick failed")
        stop.wait(TICK_S)


def register() -> None:
    from smartcity.demo import simulators

    simulators.register("sanitation-bins")(run_forever)

"""The demo's simulated luminaire controllers, as a gateway (TALQ's "gateway" between the
central system and many controllers) would run them:

- commands: over MQTT (MQTT_URL set) the gateway subscribes to `smartcity/lighting/+/cmd`
  and answers on `smartcity/lighting/<controller>/ack`; over HTTP it polls
  `/api/lighting/controller/commands` for its controllers and posts the acks to
  `/api/lighting/controller/acks`, with the owner's demo device token;
- readings: each controller (`simulation.SimController`) reports power, energy, dimming
  level, operating hours and lamp state through the hub like every other device
  (`HubSimulator`: HTTP POST /api/hub/observations or MQTT `smartcity/<key>/<asset>/attrs`),
  at once when its level changed and otherwise every `REPORT_S`, so a command's effect
  shows in the readings within one tick.

With MQTT the platform's side of the acks is `smartcity lighting acks`; the demo starts
one in a thread beside the gateway.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request

from smartcity.demo.hub_simulators import HubSimulator, _iso
from smartcity.lighting.simulation import SimController

log = logging.getLogger("smartcity.demo.lighting")
REPORT_S = 300
TICK_S = 5
POLL_CHUNK = 150


class ControllerGateway(HubSimulator):
    """`controllers`: {controller id: (owner code, SimController)}."""

    def __init__(self, base_url: str, controllers: dict, mqtt_url: str | None = None, keys: dict | None = None):
        super().__init__(base_url, mqtt_url=mqtt_url, keys=keys, assets=[])
        self.controllers = controllers
        self._last_report: dict = {}
        self._inbox: queue.Queue = queue.Queue()
        self._cmd_client = None
        self.acks_sent = 0
        self.subscribed = threading.Event()

    # -- readings ---------------------------------------------------------------------------
    def messages(self, now: int) -> list[tuple]:
        out = []
        for cid, (owner, c) in self.controllers.items():
            level = c.level(now)
            last = self._last_report.get(cid)
            if last is not None and c.reported_level == level and now - last < REPORT_S:
                continue
            values = c.readings(now)
            self._last_report[cid] = now
            out.append((owner, c.asset, {"time": _iso(now), "values": values}))
        return out

    # -- commands ---------------------------------------------------------------------------
    def _subscribe(self):
        from smartcity.lighting.control import _mqtt_client

        client = _mqtt_client(self.mqtt_url, f"smartcity-demo-lighting-gw-{id(self):x}")
        client.on_message = lambda cl, u, msg: self._inbox.put((msg.topic, msg.payload))
        client.on_connect = lambda cl, u, f, rc, p=None: cl.subscribe("smartcity/lighting/+/cmd", qos=1)
        client.on_subscribe = lambda *a: self.subscribed.set()
        client.loop_start()
        self._cmd_client = client

    def _commands_mqtt(self, now: int) -> int:
        if self._cmd_client is None:
            self._subscribe()
        n = 0
        while True:
            try:
                topic, payload = self._inbox.get_nowait()
            except queue.Empty:
                break
            cid = topic.split("/")[2]
            entry = self.controllers.get(cid)
            if entry is None:
                continue
            try:
                msg = json.loads(payload)
            except ValueError:
                continue
            ack = entry[1].handle(msg, now)
            ack["t"] = _iso(now)
            info = self._cmd_client.publish(f"smartcity/lighting/{cid}/ack", json.dumps(ack), qos=1)
            info.wait_for_publish(timeout=5)
            n += 1
        self.acks_sent += n
        return n

    def _request(self, key: str, url: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"{}")

    def _commands_http(self, now: int, keys: dict) -> int:
        by_owner: dict = {}
        for cid, (owner, _c) in self.controllers.items():
            by_owner.setdefault(owner, []).append(cid)
        n = 0
        for owner, ids in by_owner.items():
            key = keys.get(owner)
            if not key:
                continue
            for i in range(0, len(ids), POLL_CHUNK):
                chunk = ids[i:i + POLL_CHUNK]
                try:
                    got = self._request(key, f"{self.base_url}api/lighting/controller/commands?controller={','.join(chunk)}")
                except (urllib.error.URLError, OSError, ValueError) as exc:
                    log.warning("lighting gateway: poll failed: %s", exc)
                    continue
                acks = []
                for cid, msgs in got.get("commands", {}).items():
                    for msg in msgs:
                        ack = self.controllers[cid][1].handle(msg, now)
                        acks.append({**ack, "controller": cid, "t": _iso(now)})
                if acks:
                    try:
                        self._request(key, f"{self.base_url}api/lighting/controller/acks", acks)
                        n += len(acks)
                    except urllib.error.HTTPError as exc:
                        log.warning("lighting gateway: acks answered %s: %s", exc.code, exc.read()[:300])
                    except (OSError, ValueError) as exc:
                        log.warning("lighting gateway: acks failed: %s", exc)
        self.acks_sent += n
        return n

    def tick(self, now: int | None = None) -> int:
        now = int(time.time()) if now is None else int(now)
        keys = self.keys
        if self.mqtt_url:
            self._commands_mqtt(now)
        elif keys:
            self._commands_http(now, keys)
        return super().tick(now)

    def close(self) -> None:
        if self._cmd_client is not None:
            self._cmd_client.disconnect()  # first: the network thread then ends at once
            self._cmd_client.loop_stop()
            self._cmd_client = None
        super().close()


def controllers_from_db(owner_codes=None) -> dict:
    """The demo's controllers, built from the inventory, their meters where the readings left them."""
    from smartcity.lighting import services
    from smartcity.lighting.models import Luminaire

    qs = Luminaire.objects.exclude(controller_id="").filter(pole__isnull=False, asset__isnull=False).select_related(
        "pole", "owner", "asset", "group__calendar")
    if owner_codes:
        qs = qs.filter(owner__code__in=owner_codes)
    lums = list(qs)
    latest = services.latest_values([lum.asset_id for lum in lums])
    nights = {}  # the schedule each group's controllers hold: tonight's and tomorrow's, as a load would send
    night = services.tonight()
    for group in {lum.group for lum in lums if lum.group_id}:
        plans = []
        for day in (night, night + dt.timedelta(days=1)):
            tl = services.group_timeline(group, day)
            if tl is not None:
                plans.append((tl.on.timestamp(), tl.off.timestamp(), [(t.timestamp(), lv) for t, lv in tl.changes]))
        nights[group.pk] = plans
    out = {}
    for lum in lums:
        v = latest.get(lum.asset_id, {})
        plans = nights.get(lum.group_id, [])
        if lum.technology != "led":
            plans = [(on, off, [(t, 100 if lv > 0 else 0) for t, lv in steps]) for on, off, steps in plans]
        out[lum.controller_id] = (lum.owner.code, SimController(
            lum.controller_id, lum.asset.slug, lum.technology, lum.rated_power_w, lum.pole.latitude, lum.pole.longitude,
            energy_kwh=v.get("energy", (0.0,))[0], hours=v.get("operating_hours", (0.0,))[0], schedule=plans))
    return out


def run(base_url: str) -> None:
    """Simulator entry (`smartcity demo`): the gateway, and the ack listener when MQTT is on."""
    from django.conf import settings
    from django.db import close_old_connections

    time.sleep(5.0)
    try:
        controllers = controllers_from_db()
    finally:
        close_old_connections()
    if not controllers:
        log.warning("lighting gateway: no demo luminaires (run `smartcity demo`)")
        return
    if settings.MQTT_URL:
        from smartcity.lighting.control import AckListener

        threading.Thread(target=AckListener(settings.MQTT_URL, "smartcity-demo-lighting-acks").run, name="lighting-acks",
                         daemon=True).start()
    ControllerGateway(base_url, controllers).run(interval=TICK_S)

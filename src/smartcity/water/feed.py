"""Live feed of the demo reservoirs: every minute the level of each reservoir at the latest
15-minute mark, and at each hour's end the rain gauge's and meters' amounts of that hour,
sent as the devices would (HTTP POST to /api/hub/observations, or MQTT when MQTT_URL is
set) with the demo's device tokens (demo_reservoirs.py). Values come from water/sim.py, so
the feed continues the loader's history without a seam; a repeated reading is unchanged."""
import logging
import time

from smartcity.water import sim

log = logging.getLogger("smartcity.water.feed")
QUARTER = 900
TICK_S = 60


def messages(now: int, since: int | None) -> list[tuple]:
    """(owner, asset slug, payload) due at `now`: level marks in (since, now] (only the
    newest one on the first tick), hour-end amounts of hours ending in (since, now]."""
    from smartcity.demo.hub_simulators import _iso

    out = []
    last = now - now % QUARTER
    marks = [last] if since is None else list(range(since - since % QUARTER + QUARTER, last + 1, QUARTER))
    for site in sim.SITES:
        for t in marks:
            level, _volume = sim.at(site, t)
            out.append((site.owner, site.slug, {"time": _iso(t), "values": {"water_level": sim.level_m(level)}}))
            if (t - sim.START) % sim.HOUR == 0:
                h = sim.hours(site, t)[-1]  # the hour ending at t
                out.append((site.owner, site.gauge_slug, {"time": _iso(t), "values": {"rainfall": round(h.rain_mm, 1)}}))
                if h.amounts:
                    out.append((site.owner, site.slug, {"time": _iso(t), "values": dict(h.amounts)}))
    return out


def _feed_class():
    from smartcity.demo.hub_simulators import HubSimulator

    class ReservoirFeed(HubSimulator):
        def __init__(self, base_url, mqtt_url=None, keys=None):
            super().__init__(base_url, mqtt_url=mqtt_url, keys=keys, assets=[])
            self._since = None

        @property
        def keys(self) -> dict:
            from smartcity.water.demo_reservoirs import token_keys

            return self._keys if self._keys is not None else token_keys()

        def messages(self, now: int) -> list[tuple]:
            return messages(now, self._since)

        def tick(self, now: int | None = None) -> int:
            now = int(time.time()) if now is None else int(now)
            sent = super().tick(now)
            if self.keys:
                self._since = now
            return sent

    return ReservoirFeed


def feed(base_url: str, mqtt_url: str | None = None, keys: dict | None = None):
    return _feed_class()(base_url, mqtt_url=mqtt_url, keys=keys)


def run(base_url: str) -> None:
    feed(base_url).run(interval=TICK_S, first_delay=5.0)

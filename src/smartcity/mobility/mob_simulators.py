"""The buses' live feed for the demo: the simulator (sim.py) over the demo network, replayed
in real time. Every TICK_S each bus on a trip sends its position as a real tracker would,
through the hub's own ingestion paths with the buses' integration token:

- with MQTT_URL set: published (QoS 1) to `smartcity/<token>/<bus asset>/attrs` as
  {"time", "values": {"speed", "bearing"}, "lat", "lon"} (the hub's MQTT bridge);
- without: POSTed in one batch to /api/hub/observations (located rows).

The realtime app's store hook then matches them to trips (inferred from route, time and
position: the asset says which route the bus serves). In the GTFS-Realtime mode
(SMARTCITY_DEMO_BUS_FEED=gtfs-rt) the buses instead behave like an operator's AVL system:
each tick one VehiclePositions FeedMessage (protobuf, with trip descriptors) is POSTed to
the demo's push source at /api/mobility/gtfs-rt/<source>/; the realtime app stores the
positions in the hub itself. One path at a time, so no position is sent twice.

A day is simulated once (a couple of seconds) the first time it is needed; the seed is
fixed so a restart resumes the same day. A failed tick is logged, never fatal.
"""
import json
import logging
import os
import threading
import time
from datetime import date, datetime, timedelta, timezone

log = logging.getLogger("smartcity.demo.mobility")
TICK_S = 10
SEED = 2014  # KAZE SHUTTLE's first year
TZ = timezone(timedelta(hours=7))
MODE_ENV = "SMARTCITY_DEMO_BUS_FEED"  # "hub" (MQTT or HTTP observations, default) or "gtfs-rt"


def local_service_date(now: float) -> date:
    return datetime.fromtimestamp(now, TZ).date()


class DaySimulation:
    """The demo network's simulated day, rebuilt when the date changes."""

    def __init__(self, seed: int = SEED, step_s: int = TICK_S, schedule=None):
        self.seed, self.step_s = seed, step_s
        self._schedule = schedule
        self._day = None
        self._result = None
        self._lock = threading.Lock()

    @property
    def schedule(self):
        if self._schedule is None:
            from smartcity.mobility import demo_network
            from smartcity.mobility.gtfs.reader import from_files
            from smartcity.mobility.gtfs.schedule import Schedule

            self._schedule = Schedule.from_raw(from_files(demo_network.build_files()))
        return self._schedule

    def result(self, day: date):
        from smartcity.mobility import sim

        with self._lock:
            if self._day != day:
                self._result = sim.simulate(self.schedule, day, seed=self.seed, step_s=self.step_s)
                self._day = day
            return self._result

    def latest(self, now: int, window: int = TICK_S) -> list:
        """The newest position of every bus on a trip within (now - window, now]."""
        res = self.result(local_service_date(now))
        latest = {}
        for p in res.positions_between(now - window + 1, now + 1):
            latest[p.vehicle_id] = p
        return list(latest.values())


def vehicle_positions_message(positions, day: date, schedule=None):
    """A GTFS-Realtime FeedMessage (VehiclePositions) of simulator positions."""
    from smartcity.mobility import demo_network
    from smartcity.mobility.demo import license_plate
    from smartcity.mobility.gtfs import rt

    from smartcity.mobility.demo import bus_slug

    out = []
    for p in positions:
        trip = schedule.trips.get(p.trip_id) if schedule is not None else None
        label = demo_network.vehicle_label(p.vehicle_id) if p.vehicle_id.count("-") >= 2 else p.vehicle_id
        out.append(rt.Position(  # vehicle id = the bus's hub asset, so the realtime path finds it
            entity_id=bus_slug(label), vehicle_id=bus_slug(label), label=label, license_plate=license_plate(label),
            trip=rt.TripRef(trip_id=p.trip_id, route_id=p.route_id, direction_id=getattr(trip, "direction_id", None),
                            start_date=day.strftime("%Y%m%d")),
            lat=p.lat, lon=p.lon, bearing=p.bearing, speed=round(p.speed_kmh / 3.6, 2), timestamp=p.t_epoch))
    return rt.build(max((p.t_epoch for p in positions), default=int(time.time())), positions=out)


def _bus_feed_class():
    from smartcity.demo.hub_simulators import HubSimulator, _iso

    class BusFeed(HubSimulator):
        """The demo buses' positions, by HTTP or MQTT, through the hub."""

        def __init__(self, base_url: str, mqtt_url: str | None = None, key: str | None = None, day_sim=None,
                     mode: str | None = None, source_id: int | None = None):
            super().__init__(base_url, mqtt_url=mqtt_url, keys={}, assets=[])
            self._key = key
            self.day_sim = day_sim or DaySimulation()
            self.mode = (mode or os.environ.get(MODE_ENV, "") or "hub").strip().lower()
            self._source_id = source_id

        def tick(self, now: int | None = None) -> int:
            if self.mode != "gtfs-rt":
                return super().tick(now)
            now = int(time.time()) if now is None else int(now)
            return self.post_gtfs_rt(now)

        def post_gtfs_rt(self, now: int) -> int:
            """POST this tick's VehiclePositions (protobuf); returns the positions accepted."""
            import urllib.error
            import urllib.request

            from smartcity.mobility.demo import demo_rt_source_id
            from smartcity.mobility.gtfs import rt

            key = next(iter(self.keys.values()), "")
            source = self._source_id or demo_rt_source_id()
            positions = self.day_sim.latest(now)
            if not key or not source:
                log.warning("bus feed: no demo token or GTFS-RT source yet (run `smartcity demo`)")
                return 0
            body = rt.to_bytes(vehicle_positions_message(positions, local_service_date(now), self.day_sim.schedule))
            request = urllib.request.Request(
                f"{self.base_url}api/mobility/gtfs-rt/{source}/", data=body, method="POST",
                headers={"Content-Type": "application/x-protobuf", "Authorization": f"Bearer {key}"})
            try:
                with urllib.request.urlopen(request, timeout=15) as response:
                    report = json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as exc:
                log.warning("bus feed: GTFS-RT POST answered %s: %s", exc.code, exc.read()[:300])
                return 0
            except (OSError, ValueError) as exc:
                log.warning("bus feed: GTFS-RT POST failed: %s", exc)
                return 0
            self._last_t = now
            return len(positions) - len(report.get("errors") or [])

        @property
        def keys(self) -> dict:
            from smartcity.mobility.demo import OWNER, demo_bus_token

            key = self._key if self._key is not None else demo_bus_token()
            return {OWNER: key} if key else {}

        def messages(self, now: int) -> list[tuple]:
            from smartcity.mobility import demo_network
            from smartcity.mobility.demo import OWNER, bus_slug

            out = []
            for p in self.day_sim.latest(now):
                slug = bus_slug(demo_network.vehicle_label(p.vehicle_id))
                out.append((OWNER, slug, {"time": _iso(p.t_epoch), "values": {"speed": p.speed_kmh, "bearing": p.bearing},
                                          "lat": p.lat, "lon": p.lon}))
            return out

    return BusFeed


def bus_feed(base_url: str, mqtt_url: str | None = None, key: str | None = None, day_sim=None, mode: str | None = None,
             source_id: int | None = None):
    return _bus_feed_class()(base_url, mqtt_url=mqtt_url, key=key, day_sim=day_sim, mode=mode, source_id=source_id)


def run(base_url: str) -> None:
    """Simulator entry (`smartcity demo`): one tick every TICK_S, forever."""
    bus_feed(base_url).run(interval=TICK_S, first_delay=6.0)

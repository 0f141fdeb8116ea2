"""Position ingest through the realtime path with matching on: positions/s, and how close
the derived stop events are to the truth.

    SMARTCITY_VAR_DIR=/tmp/bench-var .venv/bin/smartcity migrate
    SMARTCITY_VAR_DIR=/tmp/bench-var .venv/bin/python bench/mobility_positions.py [--hours 2] [--json]
    DATABASE_URL=postgres://... .venv/bin/python bench/mobility_positions.py

Data: the Binh Duong demo network (`demo_network.build_files()`) driven by the simulator
(`sim.simulate`, fixes every 10 s) over `--hours` of yesterday's morning (inside the hub's
retention), on the current database (SQLite by default, PostgreSQL with DATABASE_URL).
Two paths, each on its own copy of the fleet (buses `bench-rt-*` and `bench-mq-*`):

- gtfs-rt : one GTFS-Realtime FeedMessage (protobuf) per 10 s tick with every bus's
            position and trip_id, through `services.realtime.ingest` (parse, checks, hub
            Normaliser + store, matching, VehicleState, StopEvents; one transaction each);
- hub-hook: one MQTT message per position in our JSON (`{"time", "values": {speed,
            bearing}, "lat", "lon"}`) through the bridge's own batch function
            (`hub.mqtt.ingest_messages`, 1000 messages per transaction, no broker in the
            timing), matched by the after_store hook with the trip INFERRED from route,
            time and position (the bus's asset carries only its route).

Figures: positions/s over the whole run (wall clock, sustained: all ticks in order), the
share of fixes matched to a trip, and the stop events against the simulator's truth
(departure error median / p90, share within 30 s). Target (issue 6): >= 2,000 positions/s.
`--copies N` runs the fleet N times over (buses `<id>-c<k>` on the same trips, same
places): N x the buses per GTFS-RT message, for a city-sized fleet.
Bench data is removed afterwards (--keep to look at it).
"""
import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
os.environ.setdefault("DEBUG", "0")  # as in production: Django's debug cursor would log every statement

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.common import percentile  # noqa: E402
from smartcity.mobility import sim  # noqa: E402
from smartcity.mobility.demo_network import build_files  # noqa: E402
from smartcity.mobility.gtfs import rt  # noqa: E402
from smartcity.mobility.gtfs.reader import from_files  # noqa: E402
from smartcity.mobility.gtfs.schedule import Schedule  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=7))
PREFIX = "bench-rt"


def setup(schedule):
    from smartcity.core.models import Organisation
    from smartcity.core.seed import load_reference
    from smartcity.hub.services import issue_device_token, sync_registry
    from smartcity.mobility.models import Feed, FeedStatus, RealtimeSource
    from smartcity.mobility.services import realtime

    if not Organisation.objects.filter(code="BECAMEXTOKYU").exists():
        load_reference()
    sync_registry()
    owner = Organisation.objects.get(code="BECAMEXTOKYU")
    cleanup()
    if connection.vendor == "postgresql":  # earlier runs' deleted rows must not weigh on this one
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE hub_observation, hub_latest, hub_rollup_hour, hub_rollup_day, hub_datastream, "
                        "hub_asset, mobility_vehiclestate, mobility_stopevent")
    feed = Feed.objects.create(owner=owner, name=PREFIX, status=FeedStatus.ACTIVE, version=1,
                               activated_at=dt.datetime.now(dt.UTC))
    realtime.pin_schedule(feed, schedule)
    source = RealtimeSource.objects.create(owner=owner, name=PREFIX, feed_name=PREFIX)
    _tok, key = issue_device_token(owner, PREFIX, all_owner_assets=True)
    return owner, feed, source, key


def cleanup():
    from smartcity.hub.models import Asset, DeviceToken
    from smartcity.mobility.models import Feed, RealtimeCheck, RealtimeSource

    with transaction.atomic():
        for src in RealtimeSource.objects.filter(name=PREFIX):
            RealtimeCheck.objects.filter(source_key=str(src.pk)).delete()
            src.delete()
        Feed.objects.filter(name=PREFIX).delete()  # stop events and trip updates go with it
        DeviceToken.objects.filter(name=PREFIX).delete()
        Asset.objects.filter(slug__startswith="bench-rt-").delete()
        Asset.objects.filter(slug__startswith="bench-mq-").delete()


def accuracy(feed, truth, trip_prefix=""):
    """Departure errors of our stop events against the simulator's (seconds)."""
    from smartcity.mobility.models import StopEvent

    ours = {(e.trip_id, e.stop_sequence): e for e in StopEvent.objects.filter(feed=feed)}
    errs, missing = [], 0
    for ev in truth:
        e = ours.get((ev.trip_id, ev.stop_sequence))
        if e is None:
            missing += 1
            continue
        if e.departure is not None and ev.departure_epoch is not None:
            errs.append(abs(e.departure - ev.departure_epoch))
    if not errs:
        return {"events": len(ours), "truth": len(truth)}
    return {"events_found": len(truth) - missing, "truth_events": len(truth),
            "departure_err_median_s": round(statistics.median(errs), 1), "departure_err_p90_s": round(percentile(errs, 90), 1),
            "within_30s": round(sum(1 for x in errs if x <= 30) / len(errs), 3)}


def bench_gtfs_rt(source, feed, positions, truth) -> dict:
    from smartcity.mobility.models import VehicleState
    from smartcity.mobility.services import realtime

    ticks = defaultdict(list)
    for p in positions:
        ticks[p.t_epoch].append(p)
    messages = []
    for t in sorted(ticks):
        ps = [rt.Position(f"{p.vehicle_id}", vehicle_id=f"bench-rt-{p.vehicle_id}", label=p.vehicle_id,
                          trip=rt.TripRef(p.trip_id, p.route_id), lat=p.lat, lon=p.lon, speed=p.speed_kmh / 3.6,
                          bearing=p.bearing, timestamp=p.t_epoch) for p in ticks[t]]
        messages.append((t, rt.to_bytes(rt.build(t + 1, ps))))
    # first sight of each bus creates its hub asset: done once before the timing (a fleet exists already)
    first = {}
    for p in positions:
        first.setdefault(p.vehicle_id, p)
    warm = [rt.Position(v, vehicle_id=f"bench-rt-{v}", label=v, lat=p.lat, lon=p.lon, timestamp=p.t_epoch - 3600)
            for v, p in first.items()]
    realtime.ingest(source, rt.to_bytes(rt.build(min(p.t_epoch for p in first.values()) - 3600, warm)),
                    now=min(p.t_epoch for p in first.values()))
    VehicleState.objects.filter(vehicle__asset__slug__startswith="bench-rt-").delete()
    start = time.perf_counter()
    n = matched = 0
    tenth = max(1, len(messages) // 10)
    marks, last_mark, last_n = [], start, 0
    for i, (t, data) in enumerate(messages, 1):
        rep = realtime.ingest(source, data, "application/x-protobuf", now=t + 3)
        n += rep.positions
        matched += rep.matched
        if i % tenth == 0:
            now = time.perf_counter()
            marks.append(round((n - last_n) / (now - last_mark)))
            last_mark, last_n = now, n
    secs = time.perf_counter() - start
    return {"path": "gtfs-rt", "positions": n, "messages": len(messages), "seconds": round(secs, 2),
            "positions_per_s": round(n / secs, 1), "per_s_by_tenth": marks, "matched_share": round(matched / max(n, 1), 3),
            **accuracy(feed, truth)}


def bench_hub_hook(owner, feed, key, positions, truth, batch=1000) -> dict:
    from smartcity.hub.models import Asset
    from smartcity.hub.mqtt import Incoming, KeyCache, ingest_messages
    from smartcity.mobility.models import StopEvent

    StopEvent.objects.filter(feed=feed).delete()
    routes = {}
    for p in positions:
        routes.setdefault(p.vehicle_id, p.route_id)
    Asset.objects.bulk_create([Asset(slug=f"bench-mq-{v.lower()}", asset_type_id="bus", owner=owner, name=f"Xe buýt {v}",
                                     properties={"gtfs_route_id": r}) for v, r in routes.items()], ignore_conflicts=True)
    msgs = [Incoming(f"smartcity/{key}/bench-mq-{p.vehicle_id.lower()}/attrs",
                     orjson.dumps({"time": p.t_epoch, "values": {"speed": p.speed_kmh, "bearing": p.bearing},
                                   "lat": p.lat, "lon": p.lon}), i, 1, p.t_epoch + 2)
            for i, p in enumerate(positions)]
    keys = KeyCache(ttl=60)
    # first sight of each bus creates its datastreams and Vehicle: done once before the timing
    first = {}
    for p in positions:
        first.setdefault(p.vehicle_id, p)
    ingest_messages([Incoming(f"smartcity/{key}/bench-mq-{v.lower()}/attrs",
                              orjson.dumps({"time": p.t_epoch - 3600, "values": {"speed": 0, "bearing": 0}, "lat": p.lat, "lon": p.lon}),
                              0, 1, p.t_epoch) for v, p in first.items()], keys)
    from smartcity.mobility.models import VehicleState as _VS

    _VS.objects.filter(vehicle__asset__slug__startswith="bench-mq-").delete()
    start = time.perf_counter()
    stored = 0
    tenth = max(batch, len(msgs) // 10 // batch * batch)
    marks, last_mark = [], start
    for i in range(0, len(msgs), batch):
        res = ingest_messages(msgs[i:i + batch], keys)
        stored += res.result.stored
        if (i + batch) % tenth == 0:
            now = time.perf_counter()
            marks.append(round(tenth / (now - last_mark)))
            last_mark = now
    secs = time.perf_counter() - start
    from smartcity.mobility.models import VehicleState

    inferred = VehicleState.objects.filter(vehicle__asset__slug__startswith="bench-mq-", match="inferred").count()
    return {"path": "hub-hook (MQTT batch, trip inferred)", "positions": len(msgs), "readings_stored": stored,
            "seconds": round(secs, 2), "positions_per_s": round(len(msgs) / secs, 1), "per_s_by_tenth": marks,
            "vehicles_on_inferred_trip_at_end": inferred, "vehicles": len(routes), **accuracy(feed, truth)}


def replicate(positions, copies: int):
    """The fleet `copies` times (copy c's buses renamed `<id>-c<c>`, same trips and places):
    a bigger fleet per message for the throughput figure; copy 0 is the simulated one."""
    if copies <= 1:
        return positions
    out = []
    for p in positions:
        out.append(p)
        out.extend(p._replace(vehicle_id=f"{p.vehicle_id}-c{c}") for c in range(1, copies))
    return out


def main(hours: float = 2.0, seed: int = 2026, keep: bool = False, copies: int = 1, out=print) -> dict:
    schedule = Schedule.from_raw(from_files(build_files()))
    date = dt.datetime.now(TZ).date() - dt.timedelta(days=1)
    start_s = 6 * 3600
    result = sim.simulate(schedule, date, seed=seed, start_s=start_s, end_s=int(start_s + hours * 3600), step_s=10)
    positions = replicate(result.positions, copies)
    owner, feed, source, key = setup(schedule)
    res = {"name": "mobility-positions", "database": connection.vendor, "date": date.isoformat(), "hours": hours,
           "buses": len({p.vehicle_id for p in positions}), "positions": len(positions), "copies": copies, "runs": []}
    res["load_average_start"] = [round(x, 2) for x in os.getloadavg()]
    out(f"load average at start {res['load_average_start']}")
    out(f"{len(positions)} simulated positions of {res['buses']} buses (fleet x{copies}), {date} 06:00+{hours} h, on {connection.vendor}")
    try:
        for fn in (lambda: bench_gtfs_rt(source, feed, positions, result.events),
                   lambda: bench_hub_hook(owner, feed, key, positions, result.events)):
            r = fn()
            res["runs"].append(r)
            out("  " + ", ".join(f"{k}={v}" for k, v in r.items()))
    finally:
        if not keep:
            cleanup()
    res["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    res["target_2000_per_s_met"] = all(r["positions_per_s"] >= 2000 for r in res["runs"])
    out(f"  target >= 2,000 positions/s met on every path: {res['target_2000_per_s_met']}")
    return res


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--copies", type=int, default=1, help="run the simulated fleet this many times over (bigger messages)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = main(a.hours, a.seed, a.keep, a.copies, out=(lambda line: print(line, file=sys.stderr)) if a.json else print)
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))

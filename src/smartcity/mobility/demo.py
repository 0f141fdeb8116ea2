"""The mobility app's part of `smartcity demo`: the Binh Duong bus network (demo_network)
imported as the active GTFS feed of Becamex Tokyu, one hub asset (type `bus`) and Vehicle
per bus of its blocks, an integration token for the buses' live feed, and the live feed
itself (mob_simulators: the simulator replayed in real time over MQTT or HTTP).

Idempotent: the feed is imported only when no version of it has the same content (a
changed network becomes a new version, the old one archived); buses and their datastreams
are created when missing; the token is kept while it is valid (its key lives in
VAR_DIR/demo_bus_token.json, mode 600, never in the repository, with the id of the push
GTFS-Realtime source the feed posts to in its gtfs-rt mode).
"""
import json
import logging

log = logging.getLogger("smartcity.demo.mobility")
LOADER_ORDER = 40  # after the hub's assets and tokens (20)
OWNER = "BECAMEXTOKYU"
TOKEN_FILE = "demo_bus_token.json"
TOKEN_NAME = "Thiết bị định vị xe buýt (demo)"
RT_SOURCE_NAME = "Becamex Tokyu – định vị xe buýt (GTFS-Realtime, demo)"
POSITION_INTERVAL_S = 10


def bus_slug(label: str) -> str:
    """Hub asset slug of a bus: 'BD-051-03' -> 'bus-bd-051-03'."""
    return "bus-" + label.lower()


def license_plate(label: str) -> str:
    """A plausible Binh Duong plate (61B: passenger vehicles of the province), stable per bus."""
    import zlib

    n = zlib.crc32(label.encode()) % 100000
    return f"61B-{n // 100:03d}.{n % 100:02d}"


def fleet() -> list[dict]:
    """Every bus of the demo network: label, route, blocks it runs (weekday and weekend)."""
    from smartcity.mobility import demo_network as net

    buses: dict[str, dict] = {}
    for route in net.ROUTES:
        for trip in net.build_trips(route):
            label = net.vehicle_label(trip["block_id"])
            bus = buses.setdefault(label, {"label": label, "route_id": route.route_id, "blocks": set()})
            bus["blocks"].add(trip["block_id"])
    return [dict(b, blocks=sorted(b["blocks"])) for _, b in sorted(buses.items())]


def demo_raw():
    from smartcity.mobility import demo_network
    from smartcity.mobility.gtfs.reader import from_files

    return from_files(demo_network.build_files(), source=f"{demo_network.FEED_NAME}.zip")


def ensure_feed():
    """(the active demo Feed, created?)"""
    from smartcity.mobility import demo_network
    from smartcity.mobility.models import Feed, FeedStatus
    from smartcity.mobility.services import feeds

    raw = demo_raw()
    digest = feeds._raw_digest(raw)
    feed = Feed.objects.filter(owner__code=OWNER, name=demo_network.FEED_NAME, sha256=digest).order_by("-version").first()
    if feed is None:
        feed = feeds.import_feed(raw, owner=OWNER, name=demo_network.FEED_NAME, activate=True,
                                 source_name="smartcity.mobility.demo_network")
        return feed, True
    if feed.status != FeedStatus.ACTIVE:
        feeds.activate(feed)
    return feed, False


def ensure_vehicles() -> tuple[dict, int]:
    """{label: Vehicle} of the demo fleet; creates buses (asset, datastreams, vehicle) when missing."""
    from smartcity.core.models import Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, AssetType, Datastream
    from smartcity.hub.services import sync_registry
    from smartcity.mobility import demo_network as net
    from smartcity.mobility.models import Vehicle

    if not AssetType.objects.filter(code="bus").exists():
        sync_registry()
    owner = Organisation.objects.get(code=OWNER)
    buses = fleet()
    existing = {a.slug: a for a in Asset.objects.filter(slug__in=[bus_slug(b["label"]) for b in buses])}
    vehicles = {v.label: v for v in Vehicle.objects.filter(asset__slug__in=[bus_slug(b["label"]) for b in buses])}
    made = 0
    for b in buses:
        slug, label = bus_slug(b["label"]), b["label"]
        route = net.ROUTE_BY_ID[b["route_id"]]
        asset = existing.get(slug)
        # gtfs_route_id / gtfs_feed: what the realtime matcher reads to infer the bus's trip
        props = {"gtfs_route_id": route.route_id, "gtfs_feed": net.FEED_NAME, "blocks": b["blocks"], "fuel": "CNG",
                 "operator": "Becamex Tokyu Bus"}
        if asset is None:
            first = net.STOP_BY_ID[next(x for x in route.path if isinstance(x, str))]
            asset = Asset.objects.create(
                slug=slug, asset_type_id="bus", owner=owner, name=f"Xe buýt {label} (tuyến {route.short_name})",
                name_en=f"Bus {label} (route {route.short_name})", latitude=first.lat, longitude=first.lon,
                address=first.desc, properties=props)
            made += 1
        elif any(asset.properties.get(k) != v for k, v in props.items()):
            asset.properties = {**asset.properties, **props}
            asset.save(update_fields=["properties"])
        have = set(Datastream.objects.filter(asset=asset).values_list("quantity_id", flat=True))
        for q in ("speed", "bearing"):
            if q not in have:
                Datastream.objects.create(asset=asset, quantity_id=q, unit=registry.QUANTITIES[q].unit,
                                          expected_interval_s=POSITION_INTERVAL_S)
        if label not in vehicles:
            vehicles[label] = Vehicle.objects.create(asset=asset, label=label, license_plate=license_plate(label),
                                                     capacity=80 if route.fare_id == "VE_12000" else 60, fuel="CNG")
    return vehicles, made


def ensure_rt_source() -> tuple[int, bool]:
    """(id, created?) of the push GTFS-Realtime source the buses' feed posts to in gtfs-rt mode."""
    from smartcity.core.models import Organisation
    from smartcity.mobility import demo_network
    from smartcity.mobility.models import RealtimeSource

    source, created = RealtimeSource.objects.get_or_create(
        owner=Organisation.objects.get(code=OWNER), name=RT_SOURCE_NAME,
        defaults={"feed_name": demo_network.FEED_NAME, "interval_s": POSITION_INTERVAL_S})
    return source.pk, created


def _token_path():
    from django.conf import settings

    return settings.VAR_DIR / TOKEN_FILE


def _token_file() -> dict:
    try:
        return json.loads(_token_path().read_text())
    except (OSError, ValueError):
        return {}


def demo_bus_token() -> str:
    """The buses' integration token key written by the loader ('' before the first load)."""
    return _token_file().get(OWNER, "")


def demo_rt_source_id() -> int | None:
    """Id of the demo's push GTFS-Realtime source (written by the loader)."""
    return _token_file().get("gtfs_rt_source")


def _write_token_file(data: dict) -> None:
    path = _token_path()
    path.write_text(json.dumps(data, indent=2))
    path.chmod(0o600)


def ensure_token() -> bool:
    """One integration token of Becamex Tokyu for all its buses; True when a new one was issued."""
    from smartcity.core.models import Organisation
    from smartcity.core.tokens import hash_key
    from smartcity.hub.models import DeviceToken
    from smartcity.hub.services import issue_device_token, revoke_device_token

    key = demo_bus_token()
    if key and DeviceToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).exists():
        return False
    data = _token_file()
    owner = Organisation.objects.get(code=OWNER)
    for stale in DeviceToken.objects.filter(owner=owner, name=TOKEN_NAME, revoked_at__isnull=True):
        revoke_device_token(stale)
    _token, data[OWNER] = issue_device_token(owner, TOKEN_NAME, all_owner_assets=True)
    _write_token_file(data)
    return True


def load_mobility_demo() -> dict:
    """Idempotent demo loader: the network feed, the fleet, the buses' token."""
    from django.db import transaction

    feed, imported = ensure_feed()
    with transaction.atomic():
        vehicles, made = ensure_vehicles()
        source_id, _made = ensure_rt_source()
    issued = ensure_token()
    data = _token_file()
    if data.get("gtfs_rt_source") != source_id:
        _write_token_file({**data, "gtfs_rt_source": source_id})
    from smartcity.mobility.services.projects import load_projects_demo

    projects = load_projects_demo()
    return {"feed": str(feed), "feed_imported": imported, "buses": len(vehicles), "new_buses": made,
            "new_token": issued, "gtfs_rt_source": source_id, "projects": projects}


def load_mobility_demo_with_history() -> dict:
    """What `smartcity demo` loads: the network, fleet and projects, and a week of history."""
    from smartcity.mobility.services.feeds import active_feed

    out = load_mobility_demo()
    from smartcity.mobility import demo_network

    import os

    days = int(os.environ.get("SMARTCITY_DEMO_HISTORY_DAYS", HISTORY_DAYS))
    out["history_days"] = ensure_history(active_feed(name=demo_network.FEED_NAME), days=days)
    return out


HISTORY_DAYS = 7


def ensure_history(feed, days: int = HISTORY_DAYS) -> int:
    """The past week of service, simulated (seeded by date, so the same each run): its stop
    events, the route KPIs of each day and the segment times learnt from them, so the
    quality dashboard and the arrival predictions have a history on a fresh demo. Days
    that already have KPIs are skipped. Returns the days added."""
    import datetime as dt

    from django.db import transaction

    from smartcity.hub.timebase import LOCAL_TZ
    from smartcity.mobility import sim
    from smartcity.mobility.models import RouteKpi, StopEvent
    from smartcity.mobility.services.feeds import schedule_for
    from smartcity.mobility.services.predictions import learn_segments
    from smartcity.mobility.services.quality import compute_route_kpis

    schedule = schedule_for(feed)
    today = dt.datetime.now(LOCAL_TZ).date()
    added = 0
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        if RouteKpi.objects.filter(feed=feed, date=day).exists():
            continue
        result = sim.simulate(schedule, day, seed=day.toordinal(), positions=False)
        start = sim.day_start_epoch(day)
        rows = []
        for trip_id, stop_id, seq, arrival, departure in result.events:
            trip = schedule.trips[trip_id]
            i = trip.seqs.index(seq)
            sched_arr = None if trip.arr[i] is None else start + trip.arr[i]
            sched_dep = None if trip.dep[i] is None else start + trip.dep[i]
            basis = sched_dep if sched_dep is not None and departure is not None else sched_arr
            observed = departure if basis is sched_dep else arrival
            rows.append(StopEvent(feed=feed, service_date=day, trip_id=trip_id, route_id=trip.route_id,
                                  direction_id=trip.direction_id, stop_id=stop_id, stop_sequence=seq,
                                  scheduled_arrival=sched_arr, scheduled_departure=sched_dep, arrival=arrival,
                                  departure=departure, delay_s=None if basis is None or observed is None else observed - basis,
                                  source="demo-history"))
        with transaction.atomic():
            StopEvent.objects.filter(feed=feed, service_date=day).delete()
            StopEvent.objects.bulk_create(rows, batch_size=2000)
        compute_route_kpis(feed, day)
        added += 1
    if added:
        learn_segments(feed)
    return added


def register() -> None:
    """Called once from MobilityConfig.ready(): the demo loader and the buses' live feed."""
    from smartcity.demo import registry, simulators
    from smartcity.mobility import mob_simulators

    registry.register(LOADER_ORDER, "mobility-network")(load_mobility_demo_with_history)
    if not any(name == "mobility-buses" for name, _ in simulators._SIMULATORS):
        simulators.register("mobility-buses")(mob_simulators.run)

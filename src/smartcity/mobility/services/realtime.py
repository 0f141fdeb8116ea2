"""Live vehicles: GTFS-Realtime messages (POST or poll) and bus positions stored by the hub
become hub readings, realtime check counts, matched vehicle states and stop events.

One message = one transaction: positions are written through the hub (`Normaliser` +
`store`, a bus is a hub asset of type `bus`, a position is a located reading of its
`speed` datastream, plus its `bearing`), then checked, matched and turned into
VehicleState / StopEvent rows; TripUpdates are kept as TripUpdateState. The hub's
after_store hook (realtime_hooks) matches positions that reach the hub by other paths
(MQTT, HTTP); it skips the batches this module stores (`in_rt_path()`), so nothing is
matched twice.
"""
import datetime as dt
import logging
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from smartcity.hub.ingest import Normaliser, Principal
from smartcity.hub.store import store
from smartcity.mobility import rt_checks
from smartcity.mobility.gtfs import rt
from smartcity.mobility.matching import Event, Fix, Matcher, Track
from smartcity.mobility.models import (Feed, FeedStatus, RealtimeCheck, RealtimeSource, StopEvent, TripUpdateState,
                                       Vehicle, VehicleState)

log = logging.getLogger("smartcity.mobility.realtime")

BUS_TYPE = "bus"
MQTT_KEY = "mqtt"
MAX_SAMPLES = 5
TZ_OFFSET_S = 25200  # Asia/Ho_Chi_Minh, for the day a check is counted on
TRIP_PROPERTY = "gtfs_trip_id"  # asset property: the trip a bus is on, set by dispatch or the device's integration
ROUTE_PROPERTY = "gtfs_route_id"  # asset property: the route a bus serves (helps trip inference)
FEED_PROPERTY = "gtfs_feed"  # asset property: the schedule feed name (default: the owner's active feed)

_local = threading.local()
_lock = threading.Lock()
_matchers: dict = {}  # feed id -> Matcher
_pinned: dict = {}  # feed id -> Schedule given explicitly (tests, benchmarks, a demo without stored tables)


def in_rt_path() -> bool:
    """True while this module stores a batch (the hub hook then leaves it alone)."""
    return getattr(_local, "active", False)


# -- schedule of a feed ---------------------------------------------------------------------------
def pin_schedule(feed: Feed, schedule) -> None:
    """Use this Schedule for the feed instead of the stored tables."""
    with _lock:
        _pinned[feed.pk] = schedule
        _matchers.pop(feed.pk, None)


def forget(feed_id: int | None = None) -> None:
    with _lock:
        if feed_id is None:
            _matchers.clear()
            _pinned.clear()
        else:
            _matchers.pop(feed_id, None)
            _pinned.pop(feed_id, None)


def _schedule(feed: Feed):
    pinned = _pinned.get(feed.pk)
    if pinned is not None:
        return pinned
    try:
        from smartcity.mobility.services.feeds import schedule_for
    except ImportError:  # pragma: no cover - the feeds service is part of the app
        return None
    return schedule_for(feed)


def matcher_for(feed: Feed | None) -> Matcher | None:
    if feed is None:
        return None
    schedule = _schedule(feed)
    if schedule is None:
        return None
    with _lock:
        m = _matchers.get(feed.pk)
        if m is None or m.schedule is not schedule:
            m = _matchers[feed.pk] = Matcher(schedule)
            while len(_matchers) > 8:
                _matchers.pop(next(iter(_matchers)))
    return m


def feed_for(owner_id: int, name: str | None = None) -> Feed | None:
    """The owner's active schedule (of that name when given; of any owner as a fallback,
    e.g. Becamex Tokyu buses on the Department of Transport's network feed)."""
    qs = Feed.objects.filter(status=FeedStatus.ACTIVE)
    if name:
        qs = qs.filter(name=name)
    order = ("-activated_at", "-pk")
    return qs.filter(owner_id=owner_id).order_by(*order).first() or qs.order_by(*order).first()


# -- results -----------------------------------------------------------------------------------------
@dataclass
class IngestReport:
    entities: int = 0
    positions: int = 0
    trip_updates: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    matched: int = 0
    events: int = 0
    vehicles_created: int = 0
    checks: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    feed: int | None = None

    def as_dict(self) -> dict:
        return {**self.__dict__, "rejected": len(self.errors)}


# -- vehicles as hub assets ----------------------------------------------------------------------
def _bus_type():
    from smartcity.hub.models import AssetType

    bus = AssetType.objects.filter(code=BUS_TYPE).first()
    if bus is None:
        from smartcity.hub.services import sync_registry

        sync_registry()
        bus = AssetType.objects.get(code=BUS_TYPE)
    return bus


def ensure_vehicles(owner, keys: dict) -> tuple[dict, int]:
    """{vehicle key: Vehicle} for the GTFS-RT vehicle ids (key -> label), creating the hub
    asset (type bus, owner = the source's owner) and the Vehicle on first sight. The asset id
    is the slug of the vehicle id, or `<owner code>-<vehicle id>` when that is taken."""
    from smartcity.hub.models import Asset

    if not keys:
        return {}, 0
    cands = {k: (slugify(k)[:100] or "bus", slugify(f"{owner.code}-{k}")[:100]) for k in keys}
    found = {a.slug: a for a in Asset.objects.filter(slug__in={s for c in cands.values() for s in c}).select_related("vehicle")
             if True}
    out, created = {}, 0
    bus = None
    for key, (first, second) in cands.items():
        asset = None
        for slug in (first, second):
            a = found.get(slug)
            if a is not None and a.asset_type_id == BUS_TYPE and a.owner_id == owner.pk:
                asset = a
                break
        if asset is None:
            slug = first if first not in found else second
            if slug in found:
                continue  # both ids belong to other organisations' assets: rows are refused below
            bus = bus or _bus_type()
            label = keys[key] or key
            asset = Asset.objects.create(slug=slug, asset_type=bus, owner=owner, name=f"Xe buýt {label}", name_en=f"Bus {label}",
                                         properties={"gtfs_vehicle_id": key})
            found[slug] = asset
            created += 1
        vehicle = getattr(asset, "vehicle", None) if hasattr(asset, "vehicle") else None
        if vehicle is None:
            vehicle, made = Vehicle.objects.get_or_create(asset=asset, defaults={"label": (keys[key] or key)[:32]})
        vehicle.asset = asset
        out[key] = vehicle
    return out, created


# -- the matched state: load, advance, save -------------------------------------------------------
def _track(vs: VehicleState) -> Track:
    return Track(t=vs.t, lat=vs.lat, lon=vs.lon, speed=(vs.speed_kmh / 3.6) if vs.speed_kmh is not None else None,
                 trip_id=vs.trip_id, route_id=vs.route_id, direction_id=vs.direction_id, service_date=vs.service_date,
                 match=vs.match or "none", d=vs.dist_along_m, off=vs.off_m, next_idx=vs.next_idx,
                 at_idx=vs.next_idx if vs.at_stop else None, arr_t=vs.arrived_at, delay=vs.delay_s, shift=vs.shift_s)


def apply_fixes(feed: Feed | None, matcher: Matcher | None, fixes: dict, source: str) -> tuple[int, int]:
    """Advance the vehicles' tracks with their fixes ({vehicle id: [Fix, ...]}); save the
    states and upsert the stop events. Returns (matched fixes, events)."""
    if not fixes:
        return 0, 0
    states = {vs.vehicle_id: vs for vs in VehicleState.objects.filter(vehicle_id__in=list(fixes))}
    new_states, events, matched = [], [], 0
    for vid, items in fixes.items():
        vs = states.get(vid)
        track = _track(vs) if vs is not None and (feed is None or vs.feed_id in (None, feed.pk)) else None
        if track is not None and vs.feed_id is None and matcher is not None:
            track = Track(t=track.t, lat=track.lat, lon=track.lon, speed=track.speed)  # matched for the first time
        last = None
        for fix in sorted(items, key=lambda f: f.t):
            if track is not None and fix.t <= track.t:
                continue
            if matcher is not None:
                res = matcher.update(track, fix)
                track = res.track
                if track.trip_id:
                    matched += 1
                for ev in res.events:
                    events.append((vid, ev))
            else:
                track = Track(fix.t, fix.lat, fix.lon, fix.speed, route_id=fix.route_id or "", trip_id=fix.trip_id or "",
                              direction_id=fix.direction_id)
            last = fix
        if last is None:
            continue
        seq, stop_id = matcher.stop_sequence(track) if matcher is not None and track.trip_id else (None, "")
        new_states.append(VehicleState(
            vehicle_id=vid, feed_id=feed.pk if feed is not None and track.trip_id else None, t=track.t, lat=track.lat,
            lon=track.lon, bearing=last.bearing, speed_kmh=None if track.speed is None else round(track.speed * 3.6, 2),
            trip_id=track.trip_id, route_id=track.route_id or "", direction_id=track.direction_id,
            service_date=track.service_date, start_time=last.start_time or "", stop_sequence=seq, stop_id=stop_id,
            at_stop=track.at_idx is not None, delay_s=track.delay, dist_along_m=track.d, match=track.match,
            source=source[:40], next_idx=track.next_idx, arrived_at=track.arr_t, shift_s=track.shift, off_m=track.off))
    if new_states:
        VehicleState.objects.bulk_create(
            new_states, update_conflicts=True, unique_fields=["vehicle"],
            update_fields=[f.name for f in VehicleState._meta.concrete_fields if f.name != "vehicle"])
    if events and feed is not None:
        save_events(feed, events, source)
    return matched, len(events)


def save_events(feed: Feed, events: list[tuple[int, Event]], source: str) -> None:
    """Upsert stop events: an arrival seen earlier is kept when the departure comes."""
    merged: dict = {}
    for vid, ev in events:
        key = (ev.service_date, ev.trip_id, ev.stop_sequence)
        old = merged.get(key)
        if old is not None:
            ev = _merge(old[1], ev)
        merged[key] = (vid, ev)
    dates = {k[0] for k in merged}
    trips = {k[1] for k in merged}
    existing = {(e.service_date, e.trip_id, e.stop_sequence): e for e in StopEvent.objects.filter(
        feed=feed, service_date__in=dates, trip_id__in=trips, stop_sequence__in={k[2] for k in merged})}
    rows = []
    for key, (vid, ev) in merged.items():
        old = existing.get(key)
        arrival = old.arrival if old is not None and old.arrival is not None else ev.arrival
        departure = ev.departure if ev.departure is not None else (old.departure if old is not None else None)
        delay = ev.delay
        if ev.departure is None and old is not None and old.departure is not None:
            delay = old.delay_s
        rows.append(StopEvent(feed=feed, service_date=ev.service_date, trip_id=ev.trip_id, route_id=ev.route_id,
                              direction_id=ev.direction_id, stop_id=ev.stop_id, stop_sequence=ev.stop_sequence, vehicle_id=vid,
                              scheduled_arrival=ev.scheduled_arrival, scheduled_departure=ev.scheduled_departure,
                              arrival=arrival, departure=departure, delay_s=delay, source=source[:40]))
    StopEvent.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["feed", "service_date", "trip_id", "stop_sequence"],
        update_fields=["route_id", "direction_id", "stop_id", "vehicle", "scheduled_arrival", "scheduled_departure",
                       "arrival", "departure", "delay_s", "source"])


def _merge(a: Event, b: Event) -> Event:
    return Event(b.trip_id, b.route_id, b.direction_id, b.service_date, b.stop_id, b.stop_sequence, b.scheduled_arrival,
                 b.scheduled_departure, a.arrival if a.arrival is not None else b.arrival,
                 b.departure if b.departure is not None else a.departure,
                 b.delay if b.departure is not None or a.departure is None else a.delay)


# -- check counts ----------------------------------------------------------------------------------
def record_checks(source_key: str, found: list, now: int) -> dict:
    """Add check occurrences to the day's counts of this source (newest samples first)."""
    summary = rt_checks.summarise(found, MAX_SAMPLES)
    if not summary:
        return {}
    day = dt.datetime.fromtimestamp(now + TZ_OFFSET_S, dt.UTC).date()
    existing = {c.code: c for c in RealtimeCheck.objects.filter(source_key=source_key, date=day, code__in=list(summary))}
    rows = []
    for code, (count, samples) in summary.items():
        old = existing.get(code)
        rows.append(RealtimeCheck(source_key=source_key, date=day, code=code, count=count + (old.count if old else 0),
                                  samples=(samples + (old.samples if old else []))[:MAX_SAMPLES], last_seen=now))
    RealtimeCheck.objects.bulk_create(rows, update_conflicts=True, unique_fields=["source_key", "date", "code"],
                                      update_fields=["count", "samples", "last_seen"])
    return {code: count for code, (count, _s) in summary.items()}


# -- one GTFS-Realtime message ---------------------------------------------------------------------
def ingest(source: RealtimeSource, data, content_type: str | None = None, *, now: int | None = None) -> IngestReport:
    """Parse (raises rt.RtError) and ingest one message of a source."""
    return ingest_message(source, rt.parse(data, content_type), now=now)


def ingest_message(source: RealtimeSource, msg: rt.Message, *, now: int | None = None) -> IngestReport:
    now = int(time.time()) if now is None else now
    rep = IngestReport(entities=msg.entities, positions=len(msg.positions), trip_updates=len(msg.trip_updates))
    label = f"gtfs-rt:{source.pk}"
    with transaction.atomic():
        feed = feed_for(source.owner_id, source.feed_name)
        matcher = matcher_for(feed)
        rep.feed = feed.pk if feed is not None else None
        found = rt_checks.check(msg, matcher.schedule if matcher else None, now=now, previous_header_t=source.last_header_t)
        rep.checks = record_checks(str(source.pk), found, now)
        located = [p for p in msg.positions if p.lat is not None and p.lon is not None]
        labels = {}
        for p in located:
            labels.setdefault(p.key, p.label or "")
        vehicles, rep.vehicles_created = ensure_vehicles(source.owner, labels)
        records, owners = [], []
        default_t = msg.timestamp or now
        for i, p in enumerate(located):
            v = vehicles.get(p.key)
            if v is None:
                rep.errors.append({"index": i, "field": "vehicle.id", "code": "vehicle_id_taken",
                                   "message": f"vehicle {p.key!r} names an asset of another organisation or type"})
                continue
            t = p.timestamp or default_t
            speed = None if p.speed is None else round(p.speed * 3.6, 3)
            records.append({"asset": v.asset.slug, "quantity": "speed", "time": t, "value": speed, "lat": p.lat, "lon": p.lon})
            owners.append((i, p, v))
            if p.bearing is not None:
                records.append({"asset": v.asset.slug, "quantity": "bearing", "time": t, "value": p.bearing, "lat": p.lat, "lon": p.lon})
                owners.append((i, None, v))
        normaliser = Normaliser(Principal(owner_id=source.owner_id, label=label), now=now)
        readings, errors = normaliser.rows(records)
        bad = set()
        for e in errors:
            i, p, _v = owners[e["index"]]
            rep.errors.append({**e, "index": i, "entity": located[i].entity_id})
            if p is not None:
                bad.add(i)
        _local.active = True
        try:
            result = store(readings, source=label)
        finally:
            _local.active = False
        rep.stored, rep.unchanged, rep.replaced = result.stored, result.unchanged, result.replaced
        fixes: dict = {}
        for i, p, v in owners:
            if p is None or i in bad:
                continue
            trip = p.trip or rt.TripRef()
            fixes.setdefault(v.pk, []).append(Fix(
                t=p.timestamp or default_t, lat=p.lat, lon=p.lon, speed=p.speed, bearing=p.bearing, trip_id=trip.trip_id,
                route_id=trip.route_id, direction_id=trip.direction_id, start_date=trip.start_date, start_time=trip.start_time))
        rep.matched, rep.events = apply_fixes(feed, matcher, fixes, label)
        if feed is not None and msg.trip_updates:
            save_trip_updates(feed, msg, default_t)
        if msg.timestamp is not None and (source.last_header_t is None or msg.timestamp > source.last_header_t):
            source.last_header_t = msg.timestamp
            RealtimeSource.objects.filter(pk=source.pk).update(last_header_t=msg.timestamp)
    return rep


def save_trip_updates(feed: Feed, msg: rt.Message, default_t: int) -> int:
    rows = {}
    for u in msg.trip_updates:
        if not u.trip.trip_id:
            continue
        rows[(u.trip.trip_id, u.trip.start_date or "")] = TripUpdateState(
            feed=feed, trip_id=u.trip.trip_id, start_date=u.trip.start_date or "", t=u.timestamp or default_t,
            vehicle_ref=(u.vehicle_id or u.label or "")[:100], delay_s=u.delay,
            stops=[s.as_dict() for s in u.stop_time_updates], schedule_relationship=u.trip.schedule_relationship[:16])
    if rows:
        TripUpdateState.objects.bulk_create(list(rows.values()), update_conflicts=True,
                                            unique_fields=["feed", "trip_id", "start_date"],
                                            update_fields=["t", "vehicle_ref", "delay_s", "stops", "schedule_relationship"])
    return len(rows)


# -- polling ------------------------------------------------------------------------------------------
def fetch(url: str, timeout: float = 20.0) -> tuple[bytes, str]:
    req = urllib.request.Request(url, headers={"Accept": "application/x-protobuf, application/json;q=0.5",
                                               "User-Agent": "smartcity-binhduong/1 (GTFS-Realtime poller)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - operator-configured URLs
        return resp.read(rt.MAX_BYTES + 1), resp.headers.get("Content-Type", "")


def poll(source: RealtimeSource, fetcher=fetch, now: int | None = None) -> list:
    """Fetch and ingest the source's URLs once; errors are kept on the source, not raised."""
    reports, errors = [], []
    for url in (source.vehicle_positions_url, source.trip_updates_url):
        if not url:
            continue
        try:
            data, ctype = fetcher(url)
            reports.append(ingest(source, data, ctype, now=now))
        except rt.RtError as exc:
            errors.append(f"{url}: {exc.code}: {exc.message}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            errors.append(f"{url}: {exc}")
    RealtimeSource.objects.filter(pk=source.pk).update(last_polled_at=timezone.now(), last_error="\n".join(errors)[:4000])
    source.last_error = "\n".join(errors)
    return reports


# -- positions that reached the hub by another path (MQTT, HTTP) ------------------------------------------
def match_hub_rows(rows, now: int | None = None) -> tuple[int, int]:
    """Match located readings of bus `speed` datastreams just stored by the hub. Called by
    the after_store hook; returns (matched fixes, events)."""
    from smartcity.mobility.realtime_hooks import bus_streams

    now = int(time.time()) if now is None else now
    streams = bus_streams({r[0] for r in rows})
    if not streams:
        return 0, 0
    bearings: dict = {}
    speeds = []
    for ds, t, value, _st, lat, lon in rows:
        info = streams.get(ds)
        if info is None or lat is None or lon is None:
            continue
        if info[1] == "bearing":
            bearings[(info[0], t)] = value
        else:
            speeds.append((info[0], t, value, lat, lon))
    if not speeds:
        return 0, 0
    from smartcity.hub.models import Asset

    assets = {a.pk: a for a in Asset.objects.filter(pk__in={s[0] for s in speeds}).select_related("vehicle", "owner")}
    by_feed: dict = {}
    positions: dict = {}
    for asset_id, t, value, lat, lon in speeds:
        asset = assets.get(asset_id)
        if asset is None:
            continue
        vehicle = getattr(asset, "vehicle", None) if hasattr(asset, "vehicle") else None
        if vehicle is None:
            vehicle, _ = Vehicle.objects.get_or_create(asset=asset, defaults={"label": asset.slug[:32]})
            asset.vehicle = vehicle
        props = asset.properties or {}
        key = (asset.owner_id, props.get(FEED_PROPERTY) or None)
        fix = Fix(t=t, lat=lat, lon=lon, speed=None if value is None else value / 3.6, bearing=bearings.get((asset_id, t)),
                  trip_id=props.get(TRIP_PROPERTY) or None, route_id=props.get(ROUTE_PROPERTY) or None)
        by_feed.setdefault(key, {}).setdefault(vehicle.pk, []).append(fix)
        positions.setdefault(key, []).append(rt.Position(
            entity_id=asset.slug, vehicle_id=asset.slug, lat=lat, lon=lon, speed=fix.speed, bearing=fix.bearing, timestamp=t,
            trip=rt.TripRef(trip_id=fix.trip_id, route_id=fix.route_id) if fix.trip_id or fix.route_id else None))
    matched = events = 0
    for (owner_id, feed_name), fixes in by_feed.items():
        feed = feed_for(owner_id, feed_name)
        matcher = matcher_for(feed)
        found = rt_checks.check(rt.Message("2.0", None, positions=positions[(owner_id, feed_name)]),
                                matcher.schedule if matcher else None, now=now)
        record_checks(MQTT_KEY, found, now)
        m, e = apply_fixes(feed, matcher, fixes, "mqtt")
        matched += m
        events += e
    return matched, events


# -- reading the state ---------------------------------------------------------------------------------
def live_vehicles(max_age_s: int | None = 900, now: int | None = None, owner=None):
    """VehicleStates seen within max_age_s (all when None), newest first, with vehicle and asset."""
    now = int(time.time()) if now is None else now
    qs = VehicleState.objects.select_related("vehicle__asset__owner").order_by("-t")
    if max_age_s is not None:
        qs = qs.filter(t__gte=now - max_age_s)
    if owner is not None:
        qs = qs.filter(vehicle__asset__owner=owner)
    return qs


def routes_for(feed_ids) -> dict:
    """{route_id: RouteInfo} of these feeds' schedules (for names and colours)."""
    out = {}
    for feed in Feed.objects.filter(pk__in=list(feed_ids)):
        m = matcher_for(feed)
        if m is not None:
            out.update(m.schedule.routes)
    return out


def vehicle_dict(vs: VehicleState, routes: dict | None = None, now: int | None = None) -> dict:
    from smartcity.hub.timebase import iso

    now = int(time.time()) if now is None else now
    route = (routes or {}).get(vs.route_id)
    return {
        "vehicle": vs.vehicle.asset.slug, "label": vs.vehicle.label or vs.vehicle.asset.slug,
        "owner": vs.vehicle.asset.owner.code if vs.vehicle.asset.owner_id else None,
        "time": iso(vs.t), "t": vs.t, "age_s": max(0, now - vs.t), "lat": vs.lat, "lon": vs.lon,
        "bearing": vs.bearing, "speed_kmh": vs.speed_kmh, "trip_id": vs.trip_id or None, "route_id": vs.route_id or None,
        "route_short_name": route.short_name if route is not None else None, "direction_id": vs.direction_id,
        "service_date": vs.service_date.isoformat() if vs.service_date else None, "stop_id": vs.stop_id or None,
        "stop_sequence": vs.stop_sequence, "at_stop": vs.at_stop, "delay_s": vs.delay_s, "match": vs.match or "none",
        "feed": vs.feed_id, "source": vs.source,
    }

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

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from smartcity.core.permissions import can_change
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
    _source_cache.clear()
    with _lock:
        _pinned[feed.pk] = schedule
        _matchers.pop(feed.pk, None)


def forget(feed_id: int | None = None) -> None:
    _source_cache.clear()
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


def ensure_vehicles(owner, keys: dict, create: bool = True) -> tuple[dict, int]:
    """{vehicle key: Vehicle} for the GTFS-RT vehicle ids (key -> label), creating the hub
    asset (type bus, owner = the source's owner) and the Vehicle on first sight. The asset id
    is the slug of the vehicle id, or `<owner code>-<vehicle id>` when that is taken."""
    from smartcity.hub.models import Asset

    if not keys:
        return {}, 0
    cands = {k: (slugify(k)[:100] or "bus", slugify(f"{owner.code}-{k}")[:100]) for k in keys}
    found = {a.slug: a for a in Asset.objects.filter(slug__in={s for c in cands.values() for s in c}).select_related("vehicle")}
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
            if slug in found or not create:
                continue  # both ids belong to other organisations' assets, or no right to add buses: refused below
            bus = bus or _bus_type()
            label = keys[key] or key
            asset = Asset.objects.create(slug=slug, asset_type=bus, owner=owner, name=f"Xe buýt {label}", name_en=f"Bus {label}",
                                         properties={"gtfs_vehicle_id": key})
            found[slug] = asset
            created += 1
        vehicle = getattr(asset, "vehicle", None)  # None when the reverse one-to-one is missing
        if vehicle is None:
            vehicle, _made = Vehicle.objects.get_or_create(asset=asset, defaults={"label": (keys[key] or key)[:32]})
        vehicle.asset = asset
        out[key] = vehicle
    return out, created


# -- the matched state: load, advance, save -------------------------------------------------------
_STATE_COLS = ("vehicle_id", "feed_id", "t", "lat", "lon", "bearing", "speed_kmh", "trip_id", "route_id", "direction_id",
               "service_date", "start_time", "stop_sequence", "stop_id", "at_stop", "delay_s", "dist_along_m", "match",
               "source", "next_idx", "arrived_at", "shift_s", "off_m")
_EVENT_COLS = ("feed_id", "service_date", "trip_id", "route_id", "direction_id", "stop_id", "stop_sequence", "vehicle_id",
               "scheduled_arrival", "scheduled_departure", "arrival", "departure", "delay_s", "source")


_STATE_TYPES = ("bigint", "bigint", "bigint", "float8", "float8", "float8", "float8", "text", "text", "smallint", "date", "text",
                "int", "text", "bool", "int", "float8", "text", "text", "int", "bigint", "int", "float8")
_EVENT_TYPES = ("bigint", "date", "text", "text", "smallint", "text", "int", "bigint", "bigint", "bigint", "bigint", "bigint",
                "int", "text")


def _pg_unnest(cols, types) -> str:
    """PostgreSQL: rows as one array per column, so the statement text never changes with
    the row count and psycopg prepares it once (server-side binding, no quoting in Python)."""
    return f"SELECT * FROM unnest({', '.join(f'%s::{t}[]' for t in types)}) AS r({', '.join(cols)})"


def _values(n_cols: int, n_rows: int) -> str:
    row = "(" + ", ".join(["%s"] * n_cols) + ")"
    return ", ".join([row] * n_rows)


def _state_sql(n: int | None) -> str:
    table = VehicleState._meta.db_table
    cols = ", ".join(_STATE_COLS)
    sets = ", ".join(f"{c}=excluded.{c}" for c in _STATE_COLS[1:])
    rows = f"VALUES {_values(len(_STATE_COLS), n)}" if n else _pg_unnest(_STATE_COLS, _STATE_TYPES)
    return (f"INSERT INTO {table} ({cols}) {rows} "
            f"ON CONFLICT (vehicle_id) DO UPDATE SET {sets} WHERE excluded.t >= {table}.t")


def _event_sql(n: int | None) -> str:
    """An arrival seen earlier is kept when the departure comes; a departure is never undone."""
    table = StopEvent._meta.db_table
    cols = ", ".join(_EVENT_COLS)
    plain = ", ".join(f"{c}=excluded.{c}" for c in ("route_id", "direction_id", "stop_id", "vehicle_id", "scheduled_arrival",
                                                     "scheduled_departure", "source"))
    rows = f"VALUES {_values(len(_EVENT_COLS), n)}" if n else _pg_unnest(_EVENT_COLS, _EVENT_TYPES)
    return (f"INSERT INTO {table} ({cols}) {rows} "
            f"ON CONFLICT (feed_id, service_date, trip_id, stop_sequence) DO UPDATE SET {plain}, "
            f"arrival=COALESCE({table}.arrival, excluded.arrival), departure=COALESCE(excluded.departure, {table}.departure), "
            f"delay_s=CASE WHEN excluded.departure IS NOT NULL OR {table}.departure IS NULL THEN excluded.delay_s "
            f"ELSE {table}.delay_s END")


def _raw_cursor():
    """The driver's own cursor (as the hub's store uses): no per-query logging or wrapping
    on the hot path. Statements are written with %s and adapted to SQLite's ? here. On
    PostgreSQL a server-side-binding cursor, so repeated statements are prepared once."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        import psycopg

        return psycopg.Cursor(connection.connection)
    return connection.connection.cursor()


def _sql(text: str) -> str:
    return text if connection.vendor == "postgresql" else text.replace("%s", "?")


def _upsert(cur, sql_for, rows: list, chunk: int = 400) -> None:
    """Multi-row upserts: one statement (one round trip) per chunk."""
    if connection.vendor == "postgresql":
        if rows:
            cur.execute(sql_for(None), [list(col) for col in zip(*rows)])
        return
    for i in range(0, len(rows), chunk):
        part = rows[i:i + chunk]
        cur.execute(_sql(sql_for(len(part))), [x for row in part for x in row])


def _db_date(d):
    if d is None or connection.vendor == "postgresql":
        return d
    return d.isoformat()


def _load_tracks(vehicle_ids) -> dict:
    """{vehicle id: (feed id, Track)} from the stored states (one plain query, no model instances)."""
    out = {}
    ids = list(vehicle_ids)
    cols = ("vehicle_id", "feed_id", "t", "lat", "lon", "speed_kmh", "trip_id", "route_id", "direction_id", "service_date",
            "match", "dist_along_m", "off_m", "next_idx", "at_stop", "arrived_at", "delay_s", "shift_s")
    cur = _raw_cursor()
    try:
        pg = connection.vendor == "postgresql"
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            where = "vehicle_id = ANY(%s)" if pg else f"vehicle_id IN ({', '.join(['?'] * len(part))})"
            cur.execute(f"SELECT {', '.join(cols)} FROM {VehicleState._meta.db_table} WHERE {where}", [part] if pg else part)
            for (vid, feed_id, t, lat, lon, speed, trip_id, route_id, direction_id, service_date, match, d, off, next_idx,
                 at_stop, arrived_at, delay, shift) in cur.fetchall():
                if isinstance(service_date, str):
                    service_date = dt.date.fromisoformat(service_date)
                out[vid] = (feed_id, Track(t=t, lat=lat, lon=lon, speed=(speed / 3.6) if speed is not None else None,
                                           trip_id=trip_id, route_id=route_id, direction_id=direction_id,
                                           service_date=service_date, match=match or "none", d=d, off=off, next_idx=next_idx,
                                           at_idx=next_idx if at_stop else None, arr_t=arrived_at, delay=delay, shift=shift))
    finally:
        cur.close()
    return out


def apply_fixes(feed: Feed | None, matcher: Matcher | None, fixes: dict, source: str) -> tuple[int, int]:
    """Advance the vehicles' tracks with their fixes ({vehicle id: [Fix, ...]}); save the
    states and upsert the stop events. Returns (matched fixes, events)."""
    if not fixes:
        return 0, 0
    stored = _load_tracks(fixes)
    states, events, matched = [], [], 0
    for vid, items in fixes.items():
        feed_id, track = stored.get(vid, (None, None))
        if track is not None and feed is not None and feed_id not in (None, feed.pk):
            track = None  # another schedule: start afresh
        elif track is not None and feed_id is None and matcher is not None:
            track = Track(t=track.t, lat=track.lat, lon=track.lon, speed=track.speed)  # matched for the first time
        last = None
        for fix in sorted(items, key=lambda f: f.t) if len(items) > 1 else items:
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
        states.append((
            vid, feed.pk if feed is not None and track.trip_id else None, track.t, track.lat, track.lon, last.bearing,
            None if track.speed is None else round(track.speed * 3.6, 2), track.trip_id, track.route_id or "",
            track.direction_id, _db_date(track.service_date), last.start_time or "", seq, stop_id, track.at_idx is not None,
            track.delay, track.d, track.match, source[:40], track.next_idx, track.arr_t, track.shift, track.off))
    cur = _raw_cursor()
    try:
        if states:
            _upsert(cur, _state_sql, states)
        if events and feed is not None:
            merged: dict = {}  # one row per key in a statement: an arrival and a departure of one stop merge
            for vid, ev in events:
                key = (ev.service_date, ev.trip_id, ev.stop_sequence)
                old = merged.get(key)
                if old is not None:
                    ev = Event(ev.trip_id, ev.route_id, ev.direction_id, ev.service_date, ev.stop_id, ev.stop_sequence,
                               ev.scheduled_arrival, ev.scheduled_departure,
                               old[1].arrival if old[1].arrival is not None else ev.arrival,
                               ev.departure if ev.departure is not None else old[1].departure,
                               ev.delay if ev.departure is not None or old[1].departure is None else old[1].delay)
                merged[key] = (vid, ev)
            _upsert(cur, _event_sql, [
                (feed.pk, _db_date(ev.service_date), ev.trip_id, ev.route_id, ev.direction_id, ev.stop_id, ev.stop_sequence,
                 vid, ev.scheduled_arrival, ev.scheduled_departure, ev.arrival, ev.departure, ev.delay, source[:40])
                for vid, ev in merged.values()])
    finally:
        cur.close()
    return matched, len(events)


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
def ingest(source: RealtimeSource, data, content_type: str | None = None, *, now: int | None = None,
           principal: Principal | None = None) -> IngestReport:
    """Parse (raises rt.RtError) and ingest one message of a source (see ingest_message)."""
    return ingest_message(source, rt.parse(data, content_type), now=now, principal=principal)


class _SourceCache:
    """Per source, for CACHE_S seconds: its Normaliser (assets and datastreams looked up) and
    its buses ({vehicle key: (Vehicle pk, asset slug)}); dropped after a failed message (what
    it remembers may have been rolled back)."""

    def __init__(self, normaliser, loaded: float):
        self.normaliser, self.loaded, self.vehicles = normaliser, loaded, {}
        self.feed = False  # not looked up yet
        self.owner_id = None


def _drop_caches(**_kw) -> None:
    """A feed or source changed (activation, new version, deletion): look everything up again."""
    _source_cache.clear()


_source_cache: dict = {}
CACHE_S = 10.0


def _cache_for(source, principal: Principal, now: int) -> _SourceCache:
    """The source's lookups for this writer (the source's own trusted path, or one token or
    user posting to it: each keeps its own rights)."""
    mono = time.monotonic()
    key = (source.pk, principal.label)
    c = _source_cache.get(key)
    if c is None or mono - c.loaded > CACHE_S or c.owner_id != source.owner_id:
        c = _source_cache[key] = _SourceCache(Normaliser(principal, now=now), mono)
        c.owner_id = source.owner_id
        if len(_source_cache) > 1000:
            _source_cache.clear()
            _source_cache[key] = c
    else:
        c.normaliser.refresh(now)
    return c


def ingest_message(source: RealtimeSource, msg: rt.Message, *, now: int | None = None,
                   principal: Principal | None = None) -> IngestReport:
    """One parsed message. `principal` is who sends it (a device token or a user, checked by
    the hub's Normaliser for every bus); None = the source's own trusted path (poller,
    operator command), which may write every bus of the source's owner."""
    now = int(time.time()) if now is None else now
    principal = principal or Principal(owner_id=source.owner_id, label=f"gtfs-rt:{source.pk}")
    try:
        return _ingest_message(source, msg, now, principal)
    except BaseException:
        _source_cache.clear()
        raise


def _ingest_message(source: RealtimeSource, msg: rt.Message, now: int, principal: Principal) -> IngestReport:
    rep = IngestReport(entities=msg.entities, positions=len(msg.positions), trip_updates=len(msg.trip_updates))
    label = f"gtfs-rt:{source.pk}"
    with transaction.atomic():
        cache = _cache_for(source, principal, now)
        if cache.feed is False:
            cache.feed = feed_for(source.owner_id, source.feed_name)
        feed = cache.feed
        matcher = matcher_for(feed)
        rep.feed = feed.pk if feed is not None else None
        found = rt_checks.check(msg, matcher.schedule if matcher else None, now=now, previous_header_t=source.last_header_t)
        rep.checks = record_checks(str(source.pk), found, now)
        located = [p for p in msg.positions if p.lat is not None and p.lon is not None]
        known = cache.vehicles
        labels = {}
        for p in located:
            if p.key not in known:
                labels.setdefault(p.key, p.label or "")
        if labels:
            # a new bus is registered only by whoever may write every bus of the owner (not a one-bus token)
            may_create = principal.asset_ids is None and (principal.user is None or can_change(principal.user, source.owner_id))
            made, rep.vehicles_created = ensure_vehicles(source.owner, labels, create=may_create)
            for k, v in made.items():
                known[k] = (v.pk, v.asset.slug)
        records, owners = [], []
        default_t = msg.timestamp or now
        for i, p in enumerate(located):
            v = known.get(p.key)
            if v is None:
                rep.errors.append({"index": i, "field": "vehicle.id", "code": "unknown_vehicle",
                                   "message": f"vehicle {p.key!r} is not a bus of this organisation, and this token may not "
                                              "register new ones (or its id names another organisation's asset)"})
                continue
            t = p.timestamp or default_t
            speed = None if p.speed is None else round(p.speed * 3.6, 3)
            records.append({"asset": v[1], "quantity": "speed", "time": t, "value": speed, "lat": p.lat, "lon": p.lon})
            owners.append((i, p, v[0]))
            if p.bearing is not None:
                records.append({"asset": v[1], "quantity": "bearing", "time": t, "value": p.bearing, "lat": p.lat, "lon": p.lon})
                owners.append((i, None, v[0]))
        readings, errors = cache.normaliser.rows(records)
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
        for i, p, vid in owners:
            if p is None or i in bad:
                continue
            trip = p.trip or _NO_TRIP
            fixes.setdefault(vid, []).append(Fix(
                t=p.timestamp or default_t, lat=p.lat, lon=p.lon, speed=p.speed, bearing=p.bearing, trip_id=trip.trip_id,
                route_id=trip.route_id, direction_id=trip.direction_id, start_date=trip.start_date, start_time=trip.start_time))
        rep.matched, rep.events = apply_fixes(feed, matcher, fixes, label)
        if feed is not None and msg.trip_updates:
            save_trip_updates(feed, msg, default_t)
        if msg.timestamp is not None and (source.last_header_t is None or msg.timestamp > source.last_header_t):
            source.last_header_t = msg.timestamp
            RealtimeSource.objects.filter(pk=source.pk).update(last_header_t=msg.timestamp)
    return rep


_NO_TRIP = rt.TripRef()


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
        except Exception as exc:  # a poller keeps polling the other sources; the error is kept and logged
            log.exception("polling %s failed", url)
            errors.append(f"{url}: internal error: {exc}")
    source.last_error = "\n".join(errors)
    try:
        RealtimeSource.objects.filter(pk=source.pk).update(last_polled_at=timezone.now(), last_error=source.last_error[:4000])
    except Exception:
        log.exception("could not record the poll of source %s", source.pk)
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
        vehicle = getattr(asset, "vehicle", None)
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


def _connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (Feed, RealtimeSource):
        post_save.connect(_drop_caches, sender=model, dispatch_uid=f"mobility-rt-cache-{model.__name__}-save")
        post_delete.connect(_drop_caches, sender=model, dispatch_uid=f"mobility-rt-cache-{model.__name__}-delete")


_connect_signals()

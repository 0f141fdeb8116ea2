"""`smartcity mobility` realtime verbs:

    rt-sources                                  list the GTFS-Realtime sources
    rt-source-add --name N --owner CODE --feed NAME [--vehicle-positions-url U] [--trip-updates-url U] [--interval S]
    rt-import FILE.pb|FILE.json --source ID     ingest one FeedMessage from a file
    rt-poll [--source ID] [--once] [--max-seconds N]
                                                poll the sources' URLs on their interval until
                                                SIGTERM/SIGINT (or once); each fetch is one transaction
"""
import signal
import threading
import time
from pathlib import Path

from django.core.management.base import CommandError


def _source(ident):
    from smartcity.mobility.models import RealtimeSource

    src = RealtimeSource.objects.filter(pk=int(ident)).select_related("owner").first() if str(ident).isdigit() else None
    if src is None:
        src = RealtimeSource.objects.filter(name=ident).select_related("owner").first()
    if src is None:
        raise CommandError(f"no realtime source {ident!r} (see `smartcity mobility rt-sources`)")
    return src


def sources(command, options):
    from smartcity.mobility.models import RealtimeCheck, RealtimeSource

    rows = RealtimeSource.objects.select_related("owner").order_by("pk")
    if not rows:
        command.stdout.write("no realtime sources")
        return
    for s in rows:
        counts = {}
        for c in RealtimeCheck.objects.filter(source_key=str(s.pk)).values_list("code", "count"):
            counts[c[0]] = counts.get(c[0], 0) + c[1]
        checks = " ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "-"
        command.stdout.write(f"{s.pk}\t{s.name}\towner={s.owner.code}\tfeed={s.feed_name}\tevery {s.interval_s}s\t"
                             f"{'enabled' if s.enabled else 'disabled'}\tlast polled {s.last_polled_at or '-'}\tchecks {checks}"
                             + (f"\terror: {s.last_error.splitlines()[0]}" if s.last_error else ""))


def add_source(command, options):
    from smartcity.core.models import Organisation
    from smartcity.mobility.models import RealtimeSource

    owner = Organisation.objects.filter(code=options["owner"]).first()
    if owner is None:
        raise CommandError(f"no organisation with code {options['owner']!r}")
    src, created = RealtimeSource.objects.update_or_create(owner=owner, name=options["name"], defaults={
        "feed_name": options["feed"], "vehicle_positions_url": options["vehicle_positions_url"] or "",
        "trip_updates_url": options["trip_updates_url"] or "", "interval_s": options["interval"]})
    src.full_clean()
    command.stdout.write(f"{'created' if created else 'updated'} realtime source {src.pk} ({src.name}); "
                         f"POST /api/mobility/gtfs-rt/{src.pk}/")


def import_file(command, options):
    from smartcity.mobility.gtfs import rt
    from smartcity.mobility.services import realtime

    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"{path} is not a file")
    src = _source(options["source"])
    ctype = "application/json" if path.suffix.lower() == ".json" else "application/x-protobuf"
    try:
        rep = realtime.ingest(src, path.read_bytes(), ctype)
    except rt.RtError as exc:
        raise CommandError(f"{path}: {exc.code}: {exc.message}") from None
    checks = " ".join(f"{k}={v}" for k, v in sorted(rep.checks.items())) or "none"
    command.stdout.write(f"{path.name}: {rep.positions} positions, {rep.trip_updates} trip updates; stored {rep.stored}, "
                         f"unchanged {rep.unchanged}, rejected {len(rep.errors)}; matched {rep.matched}, stop events {rep.events}; "
                         f"new buses {rep.vehicles_created}; checks {checks}")
    for e in rep.errors[:20]:
        command.stderr.write(f"  [{e.get('index')}] {e.get('field')}: {e.get('code')}: {e.get('message')}")


def poll(command, options):
    from django.db import close_old_connections, connection

    from smartcity.mobility.models import RealtimeSource
    from smartcity.mobility.services import realtime

    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_a: stop.set())
    qs = RealtimeSource.objects.filter(enabled=True).select_related("owner")
    if options.get("source"):
        qs = qs.filter(pk=_source(options["source"]).pk)
    deadline = time.monotonic() + options["max_seconds"] if options.get("max_seconds") else None
    due: dict = {}
    while not stop.is_set():
        if not connection.in_atomic_block:
            close_old_connections()  # a long-running poller: drop connections the database closed
        now = time.monotonic()
        for src in list(qs):
            if not (src.vehicle_positions_url or src.trip_updates_url) or due.get(src.pk, 0) > now:
                continue
            due[src.pk] = now + max(5, src.interval_s)
            reports = realtime.poll(src)
            n = sum(r.positions for r in reports)
            command.stdout.write(f"{src.name}: {len(reports)} messages, {n} positions, "
                                 f"{sum(r.events for r in reports)} stop events" + (f"; error: {src.last_error}" if src.last_error else ""))
        if options["once"] or (deadline is not None and time.monotonic() >= deadline):
            break
        wait = min([t - time.monotonic() for t in due.values()] or [5])
        stop.wait(max(0.5, min(wait, 5)))


def register(sub) -> None:
    p = sub.add_parser("rt-sources", help="list GTFS-Realtime sources with their check counts")
    p.set_defaults(handler=sources)
    p = sub.add_parser("rt-source-add", help="add (or update) a GTFS-Realtime source of an organisation")
    p.add_argument("--name", required=True)
    p.add_argument("--owner", required=True, help="organisation code, e.g. BECAMEXTOKYU")
    p.add_argument("--feed", required=True, help="the GTFS feed name whose active version the source refers to")
    p.add_argument("--vehicle-positions-url")
    p.add_argument("--trip-updates-url")
    p.add_argument("--interval", type=int, default=30, help="poll interval in seconds")
    p.set_defaults(handler=add_source)
    p = sub.add_parser("rt-import", help="ingest one GTFS-Realtime FeedMessage file (.pb or .json)")
    p.add_argument("file")
    p.add_argument("--source", required=True, help="realtime source id or name")
    p.set_defaults(handler=import_file)
    p = sub.add_parser("rt-poll", help="poll GTFS-Realtime sources on their interval (until SIGTERM)")
    p.add_argument("--source", help="only this source (id or name)")
    p.add_argument("--once", action="store_true", help="poll each source once and stop")
    p.add_argument("--max-seconds", type=float, default=None, help="stop after this long")
    p.set_defaults(handler=poll)

"""`smartcity mobility` sub-commands of the demo: `simulate` (a simulated day as CSV files,
for KPI demos and the prediction benchmark) and `demo-load` (the demo network and fleet)."""
import csv
import datetime as dt
import time
from pathlib import Path

from django.core.management.base import CommandError


def _schedule(options):
    if options.get("feed"):
        from smartcity.mobility.models import Feed
        from smartcity.mobility.services.feeds import schedule_for

        try:
            feed = Feed.objects.get(pk=int(options["feed"]))
        except (Feed.DoesNotExist, ValueError):
            raise CommandError(f"no feed with id {options['feed']!r}") from None
        return schedule_for(feed), feed.timezone
    from smartcity.mobility import demo_network
    from smartcity.mobility.gtfs.reader import from_files
    from smartcity.mobility.gtfs.schedule import Schedule

    return Schedule.from_raw(from_files(demo_network.build_files())), demo_network.TIMEZONE


def _offset(tz_name: str, day: dt.date) -> int:
    from zoneinfo import ZoneInfo

    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(tz_name or "Asia/Ho_Chi_Minh"))
    return int(noon.utcoffset().total_seconds())


def simulate(command, options):
    from smartcity.mobility import sim

    try:
        day = dt.date.fromisoformat(options["date"].replace("/", "-")) if "-" in options["date"] or "/" in options["date"] \
            else dt.datetime.strptime(options["date"], "%Y%m%d").date()
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from None
    schedule, tz_name = _schedule(options)
    routes = set(options["routes"].split(",")) if options.get("routes") else None
    offset = _offset(tz_name, day)
    started = time.perf_counter()
    result = sim.simulate(schedule, day, seed=options["seed"], tz_offset_s=offset, step_s=options["step"],
                          missed_rate=options["missed_rate"], routes=routes, positions=not options["no_positions"])
    took = time.perf_counter() - started
    out = Path(options["out"])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "events.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(("trip_id", "stop_id", "stop_sequence", "arrival_time"))
        for e in result.events:
            w.writerow((e.trip_id, e.stop_id, e.stop_sequence, sim.iso_local(e.arrival_epoch, offset)))
    if not options["no_positions"]:
        with open(out / "positions.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(sim.positions_csv_rows(result, offset))
    with open(out / "trips.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(("trip_id", "route_id", "direction_id", "vehicle_id", "missed", "scheduled_start", "start", "end",
                    "delay_end_s"))
        for r in sorted(result.runs.values(), key=lambda r: (r.scheduled_start, r.trip_id)):
            w.writerow((r.trip_id, r.route_id, "" if r.direction_id is None else r.direction_id, r.vehicle_id, int(r.missed),
                        sim.iso_local(r.scheduled_start, offset), "" if r.start is None else sim.iso_local(r.start, offset),
                        "" if r.end is None else sim.iso_local(r.end, offset), "" if r.delay_end_s is None else r.delay_end_s))
    command.stdout.write(f"{day}: {len(result.runs)} trips ({len(result.missed)} missed), {len(result.events)} stop events, "
                         f"{len(result.positions)} positions in {took:.1f} s -> {out}/")


def demo_load(command, options):
    from smartcity.mobility.demo import load_mobility_demo

    command.stdout.write(str(load_mobility_demo()))


def register(sub) -> None:
    p = sub.add_parser("simulate", help="Simulate a day of buses: positions.csv, events.csv (KPI format), trips.csv")
    p.add_argument("--date", required=True, help="service date, YYYY-MM-DD")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--feed", help="a stored feed id (default: the Binh Duong demo network)")
    p.add_argument("--step", type=int, default=10, help="seconds between positions (default 10)")
    p.add_argument("--missed-rate", type=float, default=0.02, help="share of trips not run (default 0.02)")
    p.add_argument("--routes", help="comma-separated route_ids (default: all)")
    p.add_argument("--no-positions", action="store_true", help="only events.csv and trips.csv")
    p.set_defaults(handler=simulate)
    p = sub.add_parser("demo-load", help="Load the demo bus network, fleet and token (as `smartcity demo` does)")
    p.set_defaults(handler=demo_load)

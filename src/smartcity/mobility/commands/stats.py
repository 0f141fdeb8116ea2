"""`smartcity mobility stats`: schedule statistics of one service date as CSV files with
gtfs-kit's column names (trip_stats.csv, route_stats.csv, stop_stats.csv), and the feed
stats printed. Reads a stored feed version (--feed N) or a GTFS zip/folder (--gtfs PATH)
so the numbers can be checked against other tools without importing anything.
"""
import csv
import datetime as dt
import json
import math
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("stats", help=_("trip, route, stop and feed statistics of a service date (CSV)"),
                       description=_("Compute gtfs-kit style statistics of one service date and write "
                                     "trip_stats.csv, route_stats.csv and stop_stats.csv; print the feed stats."))
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--feed", type=int, help=_("feed version id"))
    src.add_argument("--gtfs", metavar="PATH", help=_("GTFS zip file or folder, read directly"))
    p.add_argument("--date", help=_("service date YYYYMMDD (default: the busiest date of the feed)"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("output folder (created if missing)"))
    p.add_argument("--dist-units", choices=["m", "km", "ft", "mi"],
                   help=_("units of shape_dist_traveled (default: inferred from the shapes)"))
    p.add_argument("--headway-start", default="07:00:00", help=_("start of the headway window (default %(default)s)"))
    p.add_argument("--headway-end", default="19:00:00", help=_("end of the headway window (default %(default)s)"))
    p.add_argument("--all-trips", action="store_true",
                   help=_("trip_stats.csv with every trip of the feed instead of the trips of the date"))
    p.add_argument("--json", action="store_true", help=_("print the feed stats as JSON"))
    p.set_defaults(handler=run_stats)


def _load(options):
    from smartcity.mobility.gtfs.schedule import Schedule

    if options.get("gtfs"):
        from smartcity.mobility.gtfs.reader import read_feed

        path = Path(options["gtfs"])
        if not path.exists():
            raise CommandError(_("No such file or folder: %(path)s") % {"path": path})
        try:
            raw = read_feed(path)
        except Exception as exc:  # a zip that is not a zip, unreadable folder
            raise CommandError(_("Cannot read the GTFS feed %(path)s: %(error)s") % {"path": path, "error": exc})
        return Schedule.from_raw(raw), str(path)
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    try:
        feed = m.Feed.objects.get(pk=options["feed"])
    except m.Feed.DoesNotExist:
        raise CommandError(_("No feed version %(id)s") % {"id": options["feed"]})
    schedule_for = getattr(feeds, "schedule_for", None)
    schedule = schedule_for(feed) if schedule_for else Schedule.from_raw(feeds.load_raw(feed))
    return schedule, f"feed {feed.pk}"


def _parse_date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CommandError(_("The date must be YYYYMMDD, got %(value)s") % {"value": text})


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value)
    return value


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])


def run_stats(command, options):
    from smartcity.mobility.gtfs import stats as st

    for key in ("headway_start", "headway_end"):
        parts = options[key].split(":")
        if len(parts) != 3 or not all(x.isdigit() for x in parts):
            raise CommandError(_("Times must be HH:MM:SS, got %(value)s") % {"value": options[key]})
    schedule, label = _load(options)
    if options.get("date"):
        date = _parse_date(options["date"])
    else:
        dates = schedule.service_dates()
        if not dates:
            raise CommandError(_("The feed has no service dates; give --date"))
        date = dt.datetime.strptime(st.busiest_date(schedule, dates), "%Y%m%d").date()
    day = date.strftime("%Y%m%d")
    units = options.get("dist_units") or st.infer_dist_units(schedule)
    out = Path(options["out"])
    out.mkdir(parents=True, exist_ok=True)

    trips = st.trip_stats(schedule, date=None if options["all_trips"] else date, dist_units=units)
    day_trips = trips if not options["all_trips"] else [r for r in trips if r["trip_id"] in st.active_trip_ids(schedule, date)]
    routes = st.route_stats(schedule, date, headway_start=options["headway_start"], headway_end=options["headway_end"],
                            trip_stats_rows=day_trips)
    stops = st.stop_stats(schedule, date, headway_start=options["headway_start"], headway_end=options["headway_end"])
    feed = st.feed_stats(schedule, date, trip_stats_rows=day_trips)
    write_csv(out / "trip_stats.csv", st.TRIP_STATS_COLUMNS, trips)
    write_csv(out / "route_stats.csv", st.ROUTE_STATS_COLUMNS, routes)
    write_csv(out / "stop_stats.csv", st.STOP_STATS_COLUMNS, stops)

    dist_label = st.output_units(units)
    if options["json"]:
        command.stdout.write(json.dumps({**feed, "distance_units": dist_label, "source": label},
                                        ensure_ascii=False, indent=2, default=str))
    else:
        command.stdout.write(_("Feed stats of %(label)s on %(date)s (distances in %(unit)s, durations in hours)")
                             % {"label": label, "date": day, "unit": dist_label})
        for key in st.FEED_STATS_COLUMNS:
            value = feed.get(key)
            if isinstance(value, float):
                value = f"{value:.3f}"
            command.stdout.write(f"  {key:<18} {'' if value is None else value}")
        command.stdout.write(_("Wrote %(trips)s trips, %(routes)s routes, %(stops)s stops to %(out)s")
                             % {"trips": len(trips), "routes": len(routes), "stops": len(stops), "out": out})
    if not day_trips:
        command.stderr.write(_("No trip runs on %(date)s: the files only have their headers.") % {"date": day})

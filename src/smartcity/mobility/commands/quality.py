"""`smartcity mobility kpi` (service-quality KPIs of an events file against a schedule, as
CSV on stdout), `kpi-compute` (RouteKpi rows of a date from the stored stop events) and
`learn-segments` (segment and dwell times for the arrival predictions).

The events file is CSV with `trip_id,stop_id,stop_sequence,arrival_time` (ISO 8601 with a
UTC offset; an optional `departure_time` column is used when present). Lines that cannot
be read are reported on stderr with their line number and skipped; the summary (events
read, matched, unmatched) goes to stderr too, so stdout stays a clean CSV.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

REQUIRED = ("trip_id", "stop_id", "stop_sequence", "arrival_time")


def register(sub) -> None:
    p = sub.add_parser("kpi", help=_("service-quality KPIs of observed stop events (CSV on stdout)"),
                       description=_("On-time performance, headway regularity (cv_h, TCQSM level), bunching, excess wait "
                                     "time and trips per route, direction and service date, from a CSV of observed stop "
                                     "events (trip_id,stop_id,stop_sequence,arrival_time in ISO 8601 with offset)."))
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--feed", type=int, help=_("id of a stored feed version"))
    src.add_argument("--gtfs", metavar="PATH", help=_("a GTFS zip or folder read directly"))
    p.add_argument("--events", required=True, metavar="EVENTS.csv", help=_("observed stop events ('-' for stdin)"))
    p.add_argument("--window", default="-60,300", metavar="EARLY,LATE",
                   help=_("on-time window in seconds relative to schedule (default %(default)s)"))
    p.add_argument("--by-hour", action="store_true", help=_("one row per hour of the service day too (adds an hour column)"))
    # "-60,300" looks like an option to argparse; let values like it through as arguments
    p._negative_number_matcher = re.compile(r"^-\d[\d.,]*$")
    p.set_defaults(handler=kpi_command)

    c = sub.add_parser("kpi-compute", help=_("compute the stored route KPIs of a service date from stop events"))
    c.add_argument("--feed", type=int, help=_("id of a stored feed version (default: every feed with events that day)"))
    c.add_argument("--date", required=True, help=_("service date YYYY-MM-DD"))
    c.add_argument("--window", default="-60,300", metavar="EARLY,LATE", help=_("on-time window in seconds (default %(default)s)"))
    c._negative_number_matcher = re.compile(r"^-\d[\d.,]*$")
    c.set_defaults(handler=kpi_compute_command)

    s = sub.add_parser("learn-segments", help=_("learn segment running and dwell times from new stop events"))
    s.add_argument("--feed", type=int, help=_("id of a stored feed version (default: every active feed)"))
    s.add_argument("--rebuild", action="store_true", help=_("forget what was learnt and learn again from all events"))
    s.set_defaults(handler=learn_command)


def parse_window(text: str) -> tuple[int, int]:
    try:
        early, late = (int(float(x)) for x in text.split(","))
    except ValueError:
        raise CommandError(_("--window must be EARLY,LATE in seconds, e.g. -60,300")) from None
    if early > late:
        raise CommandError(_("--window: EARLY must not be after LATE"))
    return early, late


def _epoch(text: str) -> int | None:
    if not text:
        return None
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(_("time without a UTC offset: %(value)s") % {"value": text})
    return round(value.timestamp())


def read_events(stream, errors) -> list:
    """kpi.Event per readable line; `errors(line_no, reason)` for the others."""
    from smartcity.mobility.kpi import Event

    reader = csv.reader(stream)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CommandError(_("events file: missing column(s) %(cols)s") % {"cols": ", ".join(missing)})
    idx = {c: header.index(c) for c in header}
    i_dep = idx.get("departure_time")
    out = []
    for line, row in enumerate(reader, start=2):
        if not row or not any(row):
            continue
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        try:
            seq_text = row[idx["stop_sequence"]].strip()
            seq = int(seq_text) if seq_text else None
            arr = _epoch(row[idx["arrival_time"]])
            dep = _epoch(row[i_dep]) if i_dep is not None else None
        except ValueError as exc:
            errors(line, str(exc))
            continue
        if arr is None and dep is None:
            errors(line, _("no arrival or departure time"))
            continue
        out.append(Event(row[idx["trip_id"]].strip(), seq, row[idx["stop_id"]].strip(), arr, dep))
    return out


def kpi_command(command, options):
    from smartcity.mobility import kpi
    from smartcity.mobility.services import quality

    window = parse_window(options["window"])
    if options.get("gtfs"):
        from smartcity.mobility.gtfs.reader import read_feed
        from smartcity.mobility.gtfs.schedule import Schedule

        try:
            raw = read_feed(options["gtfs"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['gtfs']}: {exc}") from None
        schedule, timepoints = Schedule.from_raw(raw), quality.timepoints_of_raw(raw)
    else:
        from smartcity.mobility import models as m
        from smartcity.mobility.services.feeds import schedule_for

        feed = m.Feed.objects.filter(pk=options["feed"]).first()
        if feed is None:
            raise CommandError(_("no feed with id %(id)s") % {"id": options["feed"]})
        schedule, timepoints = schedule_for(feed), quality.timepoints_of(feed)

    rejected = []

    def error(line, reason):
        rejected.append(line)
        command.stderr.write(f"{options['events']}:{line}: {reason}")

    try:
        if options["events"] == "-":
            events = read_events(sys.stdin, error)
        else:
            with open(options["events"], newline="", encoding="utf-8-sig") as fh:
                events = read_events(fh, error)
    except OSError as exc:
        raise CommandError(f"{options['events']}: {exc}") from None
    rows, stats = quality.kpis_from_events(schedule, events, timepoints=timepoints, window=window,
                                           by_hour=options["by_hour"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = list(kpi.CSV_HEADER)
    if options["by_hour"]:
        header.insert(3, "hour")
    writer.writerow(header)
    for r in rows:
        writer.writerow(r.csv_row(with_hour=options["by_hour"]))
    command.stdout.write(out.getvalue(), ending="")
    command.stderr.write(_("%(events)d events read, %(matched)d matched to scheduled trips, %(unmatched)d unmatched, "
                           "%(rejected)d lines rejected") % {**stats, "rejected": len(rejected)})


def kpi_compute_command(command, options):
    from smartcity.mobility.services import quality

    window = parse_window(options["window"])
    try:
        day = dt.date.fromisoformat(options["date"])
    except ValueError:
        raise CommandError(_("--date must be YYYY-MM-DD")) from None
    feeds = [options["feed"]] if options.get("feed") else quality.feeds_with_events(day)
    for fid in feeds:
        n = quality.compute_route_kpis(fid, day, window)
        command.stdout.write(_("feed %(feed)s, %(date)s: %(n)d route KPI rows") % {"feed": fid, "date": day, "n": n})


def learn_command(command, options):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import predictions

    feeds = [options["feed"]] if options.get("feed") else list(
        m.Feed.objects.filter(status=m.FeedStatus.ACTIVE).values_list("pk", flat=True))
    for fid in feeds:
        n = predictions.learn_segments(fid, rebuild=options["rebuild"])
        command.stdout.write(_("feed %(feed)s: %(n)d segment observations learnt") % {"feed": fid, "n": n})

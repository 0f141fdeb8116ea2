"""`smartcity env recompute`: compute a station's indices again over a period (after
corrected or back-filled readings, or a change of the index rules), as the worker does for
the hours it is told about.

    smartcity env recompute --from 2026-11-01 [--to 2026-11-30T23:00] [--station CODE ...] [--json]
"""
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from smartcity.hub.queries import QueryError, parse_time_param


def register(sub) -> None:
    p = sub.add_parser("recompute", help="compute the indices (VN_AQI, US AQI, VN_WQI) of stations again over a period")
    p.add_argument("--from", dest="start", required=True, help="start, ISO 8601 date or date-time (local time when no offset)")
    p.add_argument("--to", dest="end", help="end, ISO 8601 (default: now)")
    p.add_argument("--station", action="append", metavar="CODE", help="transmission code (repeatable); default: every station")
    p.add_argument("--json", action="store_true", help="print the summary of each station as JSON")
    p.set_defaults(handler=recompute_command)


def recompute_command(command, options) -> None:
    import time

    from smartcity.environment import indexing
    from smartcity.environment.models import Station

    try:
        start = parse_time_param(options["start"], "from")
        end = parse_time_param(options["end"], "to") if options["end"] else int(time.time())
    except QueryError as exc:
        raise CommandError(exc.as_error()["message"]) from None
    if end <= start:
        raise CommandError(_("--to must be later than --from"))
    stations = Station.objects.select_related("asset").order_by("code")
    codes = options["station"] or []
    if codes:
        stations = stations.filter(code__in=codes)
        unknown = sorted(set(codes) - set(stations.values_list("code", flat=True)))
        if unknown:
            raise CommandError(_("unknown station: %(codes)s") % {"codes": ", ".join(unknown)})
    out = {}
    for station in stations:
        out[station.code] = indexing.recompute(station, start, end)
        if not options["json"]:
            command.stdout.write(f"{station.code}: {out[station.code]}")
    if options["json"]:
        command.stdout.write(json.dumps(out, ensure_ascii=False, default=str))

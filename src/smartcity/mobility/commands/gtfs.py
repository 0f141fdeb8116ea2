"""`smartcity mobility import-gtfs | feeds | activate | export-gtfs`: GTFS schedules as
versioned feeds (services/feeds.py does the work; this prints and sets the exit status).

Exit status of import-gtfs: 0 stored (and activated when asked), 2 refused (nothing
stored: not a zip, no table, duplicated keys), 3 stored but activation blocked by ERROR
notices (the report is written all the same).
"""
import json
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

EXIT_REFUSED = 2
EXIT_BLOCKED = 3


def register(sub) -> None:
    p = sub.add_parser("import-gtfs", help=_("import a GTFS zip or folder as a new feed version"),
                       description=_("Store a GTFS zip or folder as a new version of a feed (name defaults to the file "
                                     "name), validate it, and optionally activate it."))
    p.add_argument("path", metavar="PATH", help=_("GTFS zip file or folder"))
    p.add_argument("--name", help=_("feed name (versions of one name are numbered 1, 2, ...)"))
    p.add_argument("--owner", default="DOT", help=_("owner organisation code (default %(default)s)"))
    p.add_argument("--activate", action="store_true", help=_("make this version the active one"))
    p.add_argument("--force", action="store_true", help=_("activate even with validation errors"))
    p.add_argument("--report", metavar="FILE.json", help=_("write the validation report (JSON) to this file"))
    p.set_defaults(handler=import_gtfs)

    f = sub.add_parser("feeds", help=_("list feed versions with status and counts"))
    f.add_argument("--json", action="store_true", help=_("print as JSON"))
    f.set_defaults(handler=list_feeds)

    a = sub.add_parser("activate", help=_("activate a feed version"))
    a.add_argument("--feed", type=int, required=True, help=_("feed version id"))
    a.add_argument("--force", action="store_true", help=_("activate even with validation errors"))
    a.set_defaults(handler=activate_feed)

    e = sub.add_parser("export-gtfs", help=_("write a stored feed version as a GTFS zip"))
    e.add_argument("--feed", type=int, required=True, help=_("feed version id"))
    e.add_argument("--out", required=True, metavar="FILE.zip", help=_("output zip file"))
    e.set_defaults(handler=export_gtfs)


def _stderr(command):
    out = getattr(command.stderr, "_out", None) or sys.stderr

    def say(message):
        out.write(f"{message}\n")
        out.flush()

    return say


def _write_report(path, report, feed=None):
    if report is not None:
        body = report.as_dict()
    else:  # validator not installed: the stored notices (none) and the counts
        body = {"summary": {"validator": "unavailable"}, "notices": []}
    if feed is not None:
        body.setdefault("summary", {})["feed"] = {"id": feed.pk, "name": feed.name, "version": feed.version}
    Path(path).write_text(json.dumps(body, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def import_gtfs(command, options):
    from smartcity.mobility.services import feeds

    say = _stderr(command)
    try:
        feed = feeds.import_feed(options["path"], owner=options["owner"], name=options.get("name"),
                                 activate=options["activate"], force=options["force"], progress=say)
    except feeds.FeedBlocked as exc:
        feed = exc.feed
        if options.get("report"):
            _write_report(options["report"], getattr(feed, "_report", None), feed)
        command.stdout.write(_summary(feed))
        raise CommandError(_("activation blocked: %(e)s error(s) (use --force to activate anyway)") % {"e": exc.errors},
                           returncode=EXIT_BLOCKED) from None
    except feeds.ImportRefused as exc:
        if options.get("report") and exc.raw is not None:
            _write_report(options["report"], feeds.run_validation(exc.raw))
        for problem in exc.problems:
            say(problem)
        raise CommandError(_("refused, nothing stored: %(reason)s") % {"reason": exc}, returncode=EXIT_REFUSED) from None
    except feeds.FeedError as exc:
        raise CommandError(str(exc), returncode=EXIT_REFUSED) from None
    if options.get("report"):
        _write_report(options["report"], getattr(feed, "_report", None), feed)
    command.stdout.write(_summary(feed))


def _summary(feed) -> str:
    tables = ", ".join(f"{name} {meta.get('rows', 0)}" for name, meta in sorted(feed.files.items(), key=lambda kv: kv[1].get("order", 0))
                       if "rows" in meta)
    return (f"feed {feed.pk}: {feed.name} v{feed.version} [{feed.status}] owner {feed.owner.code}; "
            f"errors {feed.errors}, warnings {feed.warnings}, infos {feed.infos}; "
            f"service {feed.start_date or '-'} .. {feed.end_date or '-'}\n  {tables}")


def list_feeds(command, options):
    from smartcity.mobility.models import Feed

    rows = []
    for f in Feed.objects.select_related("owner").order_by("owner__code", "name", "-version"):
        rows.append({"id": f.pk, "owner": f.owner.code, "name": f.name, "version": f.version, "status": f.status,
                     "errors": f.errors, "warnings": f.warnings, "infos": f.infos, "forced": f.forced,
                     "start_date": str(f.start_date or ""), "end_date": str(f.end_date or ""),
                     "routes": f.files.get("routes.txt", {}).get("rows", 0), "stops": f.files.get("stops.txt", {}).get("rows", 0),
                     "trips": f.files.get("trips.txt", {}).get("rows", 0),
                     "stop_times": f.files.get("stop_times.txt", {}).get("rows", 0),
                     "created_at": f.created_at.isoformat(timespec="seconds")})
    if options.get("json"):
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = ["id", "owner", "name", "version", "status", "errors", "warnings", "routes", "stops", "trips", "start_date", "end_date"]
    command.stdout.write("\t".join(header))
    for r in rows:
        command.stdout.write("\t".join(str(r[h]) for h in header))


def activate_feed(command, options):
    from smartcity.mobility.models import Feed
    from smartcity.mobility.services import feeds

    feed = Feed.objects.filter(pk=options["feed"]).first()
    if feed is None:
        raise CommandError(_("no feed version %(id)s") % {"id": options["feed"]})
    try:
        feeds.activate(feed, force=options["force"])
    except feeds.FeedBlocked as exc:
        raise CommandError(_("activation blocked: %(e)s error(s) (use --force to activate anyway)") % {"e": exc.errors},
                           returncode=EXIT_BLOCKED) from None
    command.stdout.write(_summary(feed))


def export_gtfs(command, options):
    from smartcity.mobility.models import Feed
    from smartcity.mobility.services import feeds

    feed = Feed.objects.filter(pk=options["feed"]).first()
    if feed is None:
        raise CommandError(_("no feed version %(id)s") % {"id": options["feed"]})
    _stderr(command)(f"exporting {feed}")
    path = feeds.export_feed(feed, options["out"])
    command.stdout.write(f"{path} ({path.stat().st_size} bytes)")

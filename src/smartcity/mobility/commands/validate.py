"""`smartcity mobility validate`: check a GTFS feed with MobilityData's notice codes.

    smartcity mobility validate PATH [--report FILE.json] [--date YYYYMMDD] [--max-samples N]
    smartcity mobility validate --feed ID [--report FILE.json] ...

PATH is a zip or a folder; --feed validates a stored version as rebuilt from the database
(what would be exported). Prints one line per notice code (code, severity, count) and the
totals; --report writes the report as JSON shaped like the reference validator's
report.json. Exit status: 0 no ERROR, 1 ERRORs found (the feed cannot be activated
without force), 2 the input could not be read.
"""
import json
import sys
from datetime import datetime

from django.core.management.base import CommandError


def register(sub) -> None:
    p = sub.add_parser("validate", help="validate a GTFS feed (zip, folder or stored version) with MobilityData's codes")
    p.add_argument("path", nargs="?", help="GTFS zip file or folder")
    p.add_argument("--feed", type=int, help="id of a stored feed version instead of PATH")
    p.add_argument("--report", help="write the report (report.json format) to this file")
    p.add_argument("--date", help="validation date YYYYMMDD for expiry checks (default: today)")
    p.add_argument("--max-samples", type=int, default=5, help="sample rows kept per notice code (default 5)")
    p.set_defaults(handler=validate_command)


def validate_command(command, options) -> None:
    from smartcity.mobility.gtfs.validate import validate

    path, feed_id = options.get("path"), options.get("feed")
    if bool(path) == bool(feed_id):
        raise CommandError("give either PATH or --feed ID")
    today = None
    if options.get("date"):
        try:
            today = datetime.strptime(options["date"], "%Y%m%d").date()
        except ValueError:
            raise CommandError(f"--date must be YYYYMMDD, not {options['date']!r}") from None
    raw = _load(command, path, feed_id)
    report = validate(raw, max_samples=max(0, options.get("max_samples") or 0), today=today)
    out = command.stdout
    width = max([len(n.code) for n in report.notices] + [len("code")])
    out.write(f"{'code':<{width}}  {'severity':<8}  {'count':>7}")
    for n in report.notices:
        out.write(f"{n.code:<{width}}  {n.severity:<8}  {n.count:>7}")
    out.write(f"{report.errors} error(s), {report.warnings} warning(s), {report.infos} info(s)"
              + (": blocks activation" if report.blocking else ""))
    if options.get("report"):
        try:
            with open(options["report"], "w", encoding="utf-8") as fh:
                json.dump(report.as_dict(), fh, ensure_ascii=False, indent=2)
        except OSError as exc:
            raise CommandError(f"cannot write {options['report']}: {exc}") from None
        out.write(f"report written to {options['report']}")
    if report.blocking:
        sys.exit(1)


def _load(command, path, feed_id):
    if feed_id:
        from smartcity.mobility.models import Feed
        from smartcity.mobility.services.feeds import load_raw  # owned by the import part

        feed = Feed.objects.filter(pk=feed_id).first()
        if feed is None:
            raise CommandError(f"no feed with id {feed_id}")
        return load_raw(feed)
    import os
    import zipfile

    from smartcity.mobility.gtfs.reader import read_feed

    if not os.path.exists(path):
        raise CommandError(f"{path}: no such file or folder")
    try:
        return read_feed(path)
    except (OSError, zipfile.BadZipFile) as exc:
        command.stderr.write(f"{path}: cannot read the feed: {exc}")
        sys.exit(2)

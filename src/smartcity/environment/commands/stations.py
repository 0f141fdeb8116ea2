"""`smartcity env stations ...`: the station register from the command line.

    smartcity env stations import FILE.csv [--dry-run] [--user USERNAME] [--json]
    smartcity env stations list [--kind KIND] [--json]

Import rules (all or nothing, idempotent, every bad row with its line and reason) are those
of `environment.stations_io`. Exit status: 0 applied (or a clean dry run), 1 rows rejected,
2 the file could not be read.
"""
import json
import sys

from django.core.management.base import CommandError


def register(sub) -> None:
    stations = sub.add_parser("stations", help="monitoring stations: import from CSV, list")
    verbs = stations.add_subparsers(dest="stations_verb", required=True)
    imp = verbs.add_parser("import", help="create or update stations from CSV (code,name,kind,lat,lon,owner[,...])")
    imp.add_argument("file", help="CSV file, or - for standard input")
    imp.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
    imp.add_argument("--user", help="import as this user (the permission rule applies); default: the operator, unrestricted")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.set_defaults(handler=import_command)
    ls = verbs.add_parser("list", help="list stations")
    ls.add_argument("--kind")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_command)


def import_command(command, options) -> None:
    from django.contrib.auth import get_user_model

    from smartcity.environment.stations_io import ImportFileError, import_stations

    user = None
    if options.get("user"):
        user = get_user_model().objects.filter(username=options["user"]).select_related("organisation").first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
    path = options["file"]
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None
    try:
        report = import_stations(data, user=user, dry_run=options["dry_run"])
    except ImportFileError as exc:
        if options["json"]:
            command.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            command.stderr.write(f"{path}: {exc}")
        sys.exit(2)
    out = command.stdout
    if options["json"]:
        out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for e in report.errors:
            out.write(f"{path}:{e.line}: {e.code or '-'}: {e.field or '-'}: {e.reason}: {e.message}")
        for row in report.rows:
            if row.action != "unchanged":
                what = ", ".join(f"{k}={_show(new)}" for k, (_old, new) in row.changes.items())
                out.write(f"{row.action:<8} {row.code}  {what}")
        s = report.summary
        verdict = ("dry run, nothing written" if report.dry_run and report.ok else
                   "applied" if report.applied else "nothing written: fix the rejected rows")
        out.write(f"rows {s['rows']}, created {s['created']}, updated {s['updated']}, unchanged {s['unchanged']}, "
                  f"rejected {s['rejected']} ({verdict})")
    if report.errors:
        sys.exit(1)


def _show(v):
    code = getattr(v, "code", None)
    if code is not None:
        return code
    return v.replace("\n", "; ") if isinstance(v, str) else v


def list_command(command, options) -> None:
    from smartcity.environment.models import Station

    qs = Station.objects.select_related("asset", "owner").order_by("kind", "code")
    if options.get("kind"):
        qs = qs.filter(kind=options["kind"])
    rows = [{"code": s.code, "name": s.asset.name, "kind": s.kind, "lat": s.asset.latitude, "lon": s.asset.longitude,
             "owner": s.owner.code, "asset": s.asset.slug} for s in qs]
    if options["json"]:
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        command.stdout.write(f"{r['code']:<28} {r['kind']:<14} {r['owner']:<14} {r['name']}")

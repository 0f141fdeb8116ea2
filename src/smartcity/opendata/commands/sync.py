"""`smartcity opendata sync [--dry-run]`: create or update the catalogue records of every
provider's datasets (idempotent) and print what changed."""
from django.db import transaction


def register(sub) -> None:
    p = sub.add_parser("sync", help="Register the modules' datasets in the catalogue")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.set_defaults(handler=handle)


class _Rollback(Exception):
    pass


def handle(cmd, options) -> None:
    from smartcity.opendata import services

    try:
        with transaction.atomic():
            report = services.sync()
            if options["dry_run"]:
                raise _Rollback
    except _Rollback:
        pass
    counts = report.as_dict()
    cmd.stdout.write(("(dry run) " if options["dry_run"] else "") + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for label, items in (("created", report.created), ("updated", report.updated), ("retired", report.retired)):
        for slug in items:
            cmd.stdout.write(f"{label}\t{slug}")

"""`smartcity lighting import FILE [--user NAME]` and `smartcity lighting export FILE`
(.xlsx or .csv): the inventory as the import page and the API read and write it."""
import json
from pathlib import Path

from django.core.management.base import CommandError

from smartcity.lighting import inventory_io


def _import(command, options):
    path = Path(options["file"])
    if not path.exists():
        raise CommandError(f"no such file: {path}")
    user = None
    if options["user"]:
        from smartcity.core.models import User

        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
    try:
        report = inventory_io.import_file(path.name, path.read_bytes(), user=user)
    except inventory_io.ImportFileError as exc:
        raise CommandError(str(exc)) from None
    if options["json"]:
        command.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    command.stdout.write(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, rejected {report.rejected}")
    for e in report.errors:
        command.stdout.write(f"  {e.sheet} line {e.line} {e.code or '-'} {e.field or ''}: {e.reason}: {e.message}")


def _export(command, options):
    from smartcity.lighting.models import Cabinet, Luminaire

    path = Path(options["file"])
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(inventory_io.export_xlsx(Luminaire.objects.order_by("code"), Cabinet.objects.order_by("code")))
    else:
        kind = options["kind"]
        qs = Cabinet.objects.order_by("code") if kind == "cabinets" else Luminaire.objects.order_by("code")
        path.write_text(inventory_io.export_csv(kind, qs), encoding="utf-8")
    command.stdout.write(f"written {path}")


def register(sub) -> None:
    p = sub.add_parser("import", help="import luminaires and cabinets from .xlsx or .csv (report per row)")
    p.add_argument("file")
    p.add_argument("--user", help="apply this user's rights (default: the operator, all organisations)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_import)
    p = sub.add_parser("export", help="export the inventory to .xlsx (two sheets) or .csv")
    p.add_argument("file")
    p.add_argument("--kind", choices=["luminaires", "cabinets"], default="luminaires", help="for .csv")
    p.set_defaults(handler=_export)

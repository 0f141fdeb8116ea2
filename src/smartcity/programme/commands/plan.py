"""`smartcity programme load-plan` (Plan 11/KH-BDH as reference data, idempotent),
`export-items --plan CODE --out FILE.csv|FILE.xlsx` and
`import-items --plan CODE FILE [--dry-run] [--user USERNAME]` (all-or-nothing; with errors,
prints the report and exits with status 1)."""
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    lp = sub.add_parser("load-plan", help=_("load Plan 11/KH-BDH (2018) item by item (idempotent)"))
    lp.set_defaults(handler=load_plan_command)

    ex = sub.add_parser("export-items", help=_("export the items of a plan as CSV or Excel"))
    ex.add_argument("--plan", default="kh-11-2018", help=_("plan code (default %(default)s)"))
    ex.add_argument("--out", required=True, metavar="FILE", help=_("output file, .csv or .xlsx"))
    ex.set_defaults(handler=export_command)

    im = sub.add_parser("import-items", help=_("update and add items of a plan from CSV or Excel (all-or-nothing)"))
    im.add_argument("--plan", default="kh-11-2018", help=_("plan code (default %(default)s)"))
    im.add_argument("file", metavar="FILE", help=_("a .csv or .xlsx file with the export's columns"))
    im.add_argument("--dry-run", action="store_true", help=_("check and count, write nothing"))
    im.add_argument("--user", help=_("act as this user: a unit changes only the items it leads"))
    im.set_defaults(handler=import_command)


def _plan(code):
    from smartcity.programme.models import Plan

    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise CommandError(_("No plan with code %(c)s.") % {"c": code})
    return plan


def load_plan_command(command, options):
    from smartcity.programme.services.plan_loader import load_plan_2018

    plan = load_plan_2018()
    command.stdout.write(f"{plan.number} ({plan.code}): {plan.items.count()} {_('items')}, {plan.unit_plans.count()} "
                         f"{_('unit plans')}, {_('progress')} {plan.progress:.1f} %")


def export_command(command, options):
    from smartcity.programme.services import items_io

    plan = _plan(options["plan"])
    out = Path(options["out"])
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CommandError(_("--out must end in .csv or .xlsx"))
    data = items_io.export_csv(plan) if suffix == ".csv" else items_io.export_xlsx(plan)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    command.stdout.write(f"{out}: {plan.items.count()} {_('items')}")


def import_command(command, options):
    from smartcity.core.models import User
    from smartcity.programme.services import items_io

    plan = _plan(options["plan"])
    user = None
    if options.get("user"):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("No user %(u)s.") % {"u": options["user"]})
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("No such file: %(p)s") % {"p": path})
    try:
        rows = items_io.read_rows(path.read_bytes(), path.name)
    except items_io.FileError as exc:
        raise CommandError(str(exc)) from None
    report = items_io.import_items(plan, rows, user=user, dry_run=options.get("dry_run", False))
    for line in report.lines():
        command.stdout.write(line)
    if not report.ok:
        raise CommandError(_("%(n)d errors: nothing was imported.") % {"n": len(report.errors)}, returncode=1)

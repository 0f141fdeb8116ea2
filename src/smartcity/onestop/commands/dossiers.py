"""`smartcity onestop` verbs of the dossiers part:

    smartcity onestop overdue [--json] [--unit CODE]   open dossiers past their appointment
    smartcity onestop draft-apologies [--json]         apologies for dossiers late or due within a working day
"""
import json

from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("overdue", help=_("open dossiers past their appointment"),
                       description=_("List the open dossiers whose appointment has passed, with the working days late."))
    p.add_argument("--unit", default="", help=_("only dossiers held by this unit (organisation code)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_overdue)
    p = sub.add_parser("draft-apologies", help=_("draft apologies for dossiers late or due within a working day"),
                       description=_("Issue an apology with a new appointment for every open dossier that is late or due within "
                                     "one working day and has no apology for its current appointment (also run daily by the worker)."))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_draft_apologies)


def run_overdue(command, options):
    from smartcity.onestop.services.lifecycle import overdue_rows

    rows = overdue_rows()
    if options.get("unit"):
        rows = [r for r in rows if r["unit"] == options["unit"]]
    if options.get("json"):
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        command.stdout.write(_("No overdue dossiers."))
        return
    for r in rows:
        command.stdout.write(f"{r['code']:<32} {r['procedure']:<12} {r['unit']:<10} {r['status']:<12} {r['due_at']}  "
                             + _("%(n)s working days late") % {"n": f"{r['working_days_late']:.2f}"})
    command.stdout.write(_("%(n)s overdue dossiers") % {"n": len(rows)})


def run_draft_apologies(command, options):
    from smartcity.onestop.services.lifecycle import draft_apologies

    made = draft_apologies()
    rows = [{"code": a.dossier.code, "unit": a.unit.code, "previous_due_at": a.previous_due_at.isoformat(),
             "new_due_at": a.new_due_at.isoformat()} for a in made]
    if options.get("json"):
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        command.stdout.write(f"{r['code']:<32} {r['unit']:<10} {r['previous_due_at']} -> {r['new_due_at']}")
    command.stdout.write(_("%(n)s apologies drafted") % {"n": len(rows)})

"""`smartcity programme` sub-commands: icf.

    smartcity programme icf-load                           # frameworks, factors, questions (idempotent)
    smartcity programme icf-compare [--years 2017,2018] [--json]
    smartcity programme icf-export --year 2018 --out icf-2018.zip
    smartcity programme icf-assign --year 2019 [--due 2019-05-31]
"""
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("icf-load", help=_("load or refresh the ICF frameworks, factors and questions"))
    p.set_defaults(handler=run_load)
    p = sub.add_parser("icf-compare", help=_("ICF scores by dimension and year, and the 'better than 2017 on every dimension' check"))
    p.add_argument("--years", help=_("comma-separated years (default: every application)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_compare)
    p = sub.add_parser("icf-export", help=_("the full ICF answer pack of a year as a zip"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, metavar="FILE.zip")
    p.set_defaults(handler=run_export)
    p = sub.add_parser("icf-assign", help=_("assign every unassigned question of a year to its default department"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--due", help=_("due date YYYY-MM-DD (default: the application's deadline)"))
    p.set_defaults(handler=run_assign)


def _app(year):
    from smartcity.programme.models import IcfApplication

    app = IcfApplication.objects.filter(year=year).first()
    if app is None:
        raise CommandError(_("No ICF application for %(year)s.") % {"year": year})
    return app


def run_load(command, options):
    from smartcity.programme.services.icf import ensure_frameworks

    counts = ensure_frameworks()
    command.stdout.write(json.dumps(counts))


def run_compare(command, options):
    from smartcity.programme.services.icf import comparison

    years = None
    if options.get("years"):
        try:
            years = [int(y) for y in options["years"].split(",") if y.strip()]
        except ValueError:
            raise CommandError(_("--years takes years separated by commas, e.g. 2017,2018")) from None
    comp = comparison(years)
    if options.get("json"):
        command.stdout.write(json.dumps(comp, ensure_ascii=False, indent=2, default=str))
        return
    dims = comp["dimensions"]
    if not comp["years"]:
        command.stdout.write(_("No ICF application with these years."))
        return
    width = max(len(d["title"]) for d in dims) + 2
    head = "".ljust(width) + "".join(f"{y:>8}" for y in comp["years"])
    lines = [head]
    for d in dims:
        cells = "".join(f"{'—' if comp['scores'][y][d['key']] is None else format(comp['scores'][y][d['key']], '.1f'):>8}"
                        for y in comp["years"])
        lines.append(d["title"].ljust(width) + cells)
    lines.append(_("Community score").ljust(width) + "".join(
        f"{'—' if comp['community'][y] is None else format(comp['community'][y], '.1f'):>8}" for y in comp["years"]))
    lines.append("")
    for pair in comp["pairs"]:
        verdict = {True: _("better on every dimension"), False: _("not on every dimension"), None: _("incomplete scores")}[pair["better_all"]]
        extra = ""
        if pair["worse"] or pair["equal"]:
            extra = " (" + ", ".join(pair["worse"] + [f"{d} =" for d in pair["equal"]]) + ")"
        lines.append(f"{pair['year']} vs {pair['base']}: {verdict}{extra}")
    if any(r["self_assessed"] for r in comp["rows"]):
        lines.append("")
        lines.append(_("Some scores are self-assessments by the Smart City Office, not ICF's published scores."))
    command.stdout.write("\n".join(lines))


def run_export(command, options):
    from smartcity.programme.services.icf import export_pack

    app = _app(options["year"])
    out = Path(options["out"])
    if out.parent and not out.parent.exists():
        raise CommandError(_("No such folder: %(path)s") % {"path": out.parent})
    data = export_pack(app)
    out.write_bytes(data)
    command.stdout.write(_("%(path)s written (%(n)d bytes).") % {"path": out, "n": len(data)})


def run_assign(command, options):
    from smartcity.programme.services.icf import assign_defaults

    app = _app(options["year"])
    due = None
    if options.get("due"):
        try:
            due = dt.date.fromisoformat(options["due"])
        except ValueError:
            raise CommandError(_("--due takes a date YYYY-MM-DD")) from None
    result = assign_defaults(app, due_date=due)
    command.stdout.write(_("%(created)d questions assigned, %(kept)d already assigned.") % result)

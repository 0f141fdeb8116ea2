"""`smartcity onestop sipas [--by unit|procedure|month] [--from D --to D] [--json]`: the SIPAS
satisfaction index over a period (every response computed by its own questionnaire version),
overall and per element, or one row per unit, procedure or month."""
import datetime as dt
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("sipas", help=_("SIPAS satisfaction index"),
                       description=_("Share of satisfied answers per SIPAS element and overall, or by unit, procedure or month."))
    p.add_argument("--by", choices=["unit", "procedure", "month"], help=_("one row per unit, procedure or month"))
    p.add_argument("--from", dest="start", help=_("first day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="end", help=_("last day (YYYY-MM-DD)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_sipas)


def _day(value):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from None


def _pct(share) -> str:
    return "—" if share is None else f"{share * 100:.1f} %"


def run_sipas(command, options):
    from smartcity.onestop import sipas
    from smartcity.onestop.services import surveys

    start, end = _day(options.get("start")), _day(options.get("end"))
    if start and end and end < start:
        raise CommandError(_("The end of the period is before its start."))
    if options.get("by"):
        rows = surveys.index_by(options["by"], start, end)
        if options.get("json"):
            command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            flag = " ▼" if r["below_target"] else ""
            command.stdout.write(f"{r['key']:<12} {_pct(r['share']):>8}{flag:<2} {r['responses']:>5}  {r['label']}")
        command.stdout.write(_("%(n)s rows; target %(target)s") % {"n": len(rows), "target": _pct(sipas.TARGET)})
        return
    total = surveys.index_total(start, end)
    if options.get("json"):
        data = dict(total, elements={str(n): {k: v for k, v in e.items()} for n, e in total["elements"].items()},
                    expectations={str(n): t for n, t in total["expectations"].items()})
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    command.stdout.write(_("Responses: %(n)s; versions: %(v)s") % {"n": total["responses"], "v": ", ".join(total["versions"]) or "—"})
    for n, e in total["elements"].items():
        command.stdout.write(f"{n}. {e['name_vi']:<55} {_pct(e['share']):>8}  ({e['satisfied']}/{e['answered']})")
    o = total["overall"]
    command.stdout.write(f"{_('Overall'):<58} {_pct(o['share']):>8}  ({o['satisfied']}/{o['answered']})"
                         + (" ▼" if total["below_target"] else ""))
    command.stdout.write(_("Target: %(target)s") % {"target": _pct(sipas.TARGET)})

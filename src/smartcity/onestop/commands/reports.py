"""`smartcity onestop` verbs of the reports part:

    smartcity onestop report --month 2026-11 [--unit DOC] --out bao-cao-2026-11.xlsx
    smartcity onestop stats --from 2026-11-01 --to 2026-11-30 [--unit DOC] [--json]
"""
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("report", help=_("the monthly report on dossiers as .xlsx"),
                       description=_("Write the monthly report departments send up (by field of procedures, with the overdue dossiers)."))
    p.add_argument("--month", required=True, help=_("the month, YYYY-MM"))
    p.add_argument("--unit", default="", help=_("receiving unit code (default: every unit)"))
    p.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    p.set_defaults(handler=run_report)
    p = sub.add_parser("stats", help=_("figures on dossiers for a period"),
                       description=_("Received, resolved early, on time or late, in progress and overdue, on-time rate and processing time."))
    p.add_argument("--from", dest="start", required=True, help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="end", required=True, help=_("last day (included), YYYY-MM-DD"))
    p.add_argument("--unit", default="", help=_("receiving unit code (default: every unit)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=run_stats)


def _unit(code: str):
    from smartcity.core.models import Organisation

    if not code:
        return None
    unit = Organisation.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(_("Unknown unit %(code)s.") % {"code": code})
    return unit


def run_report(command, options):
    from smartcity.onestop.services.export_xlsx import export_month

    try:
        year, month = (int(x) for x in options["month"].split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise CommandError(_("Give the month as YYYY-MM.")) from None
    out = Path(options["out"])
    if out.suffix.lower() != ".xlsx":
        raise CommandError(_("The output file must end in .xlsx."))
    out.write_bytes(export_month(year, month, _unit(options.get("unit") or ""), language="vi"))
    command.stdout.write(_("Written %(path)s") % {"path": out})


def run_stats(command, options):
    from smartcity.onestop.services import reports

    try:
        start, end = dt.date.fromisoformat(options["start"]), dt.date.fromisoformat(options["end"])
    except ValueError:
        raise CommandError(_("Give the dates as YYYY-MM-DD.")) from None
    if start > end:
        raise CommandError(_("The start is after the end."))
    fig = reports.summary(start, end, unit=_unit(options.get("unit") or ""))
    if options.get("json"):
        command.stdout.write(json.dumps(fig, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        return
    rec, res, prog = fig["received"], fig["resolved"], fig["in_progress"]
    rate = "–" if fig["on_time_rate"] is None else f"{fig['on_time_rate'] * 100:.1f} %"
    mean = fig["processing_days"]["mean"]
    lines = [
        f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" + (f" · {fig['unit']['name']}" if fig["unit"] else ""),
        _("received %(total)s: carried over %(carried)s, new online %(online)s, new at the counter or by post %(counter)s") % {
            "total": rec["total"], "carried": rec["carried_over"], "online": rec["online"], "counter": rec["counter_post"]},
        _("resolved %(total)s: early %(early)s, on time %(on_time)s, late %(late)s") % res,
        _("in progress %(total)s: within time %(within_time)s, overdue %(overdue)s") % prog,
        _("withdrawn or refused %(n)s") % {"n": fig["withdrawn_refused"]},
        _("on-time rate %(rate)s; average processing time %(mean)s working days") % {
            "rate": rate, "mean": "–" if mean is None else f"{mean:.1f}"},
        _("overdue now %(n)s") % {"n": fig["overdue_now"]},
    ]
    for line in lines:
        command.stdout.write(line)

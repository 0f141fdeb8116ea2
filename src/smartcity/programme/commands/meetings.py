"""`smartcity programme compiled-report --out F.docx|F.pdf [--plan CODE] [--as-of YYYY-MM-DD]`:
the compiled report to the Steering Committee written from the live data (the format follows
the file's extension; `--format` overrides it), and `smartcity programme meetings` (the
working sessions of a year as a table)."""
import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    c = sub.add_parser("compiled-report", help=_("write the compiled report to the Steering Committee (Word or PDF)"))
    c.add_argument("--plan", help=_("plan code (default: the 2018 plan, else the latest)"))
    c.add_argument("--out", required=True, metavar="FILE", help=_("output file, .docx or .pdf"))
    c.add_argument("--as-of", dest="as_of", help=_("figures as of this date YYYY-MM-DD (default: the plan's clock)"))
    c.add_argument("--format", choices=["docx", "pdf"], help=_("file format (default: from the extension)"))
    c.set_defaults(handler=compiled_report_command)

    m = sub.add_parser("meetings", help=_("list the working sessions of the boards"))
    m.add_argument("--year", type=int, help=_("only this year"))
    m.add_argument("--body", help=_("only this body's code (BDH, TCV, HDCV, BCD...)"))
    m.set_defaults(handler=meetings_command)


def compiled_report_command(command, options):
    from smartcity.programme.services import compiled_report as report

    out = Path(options["out"])
    fmt = options.get("format") or out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf"):
        raise CommandError(_("--out must end in .docx or .pdf (or give --format)."))
    as_of = None
    if options.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(options["as_of"])
        except ValueError:
            raise CommandError(_("--as-of must be a date YYYY-MM-DD.")) from None
    plan = report.plan_by_code(options.get("plan"))
    if plan is None:
        raise CommandError(_("No plan with code %(c)s.") % {"c": options.get("plan")} if options.get("plan") else _("No plan is loaded."))
    content, _ctype = report.build(plan, as_of, fmt)
    if out.parent and not out.parent.exists():
        raise CommandError(_("The folder %(d)s does not exist.") % {"d": out.parent})
    out.write_bytes(content)
    fallbacks = [name for name, module in zip(("reports", "escalations"), report._services()) if module is None]
    if fallbacks:
        command.stderr.write(_("Figures of %(what)s taken from the records directly.") % {"what": ", ".join(fallbacks)})
    command.stdout.write(_("Wrote %(path)s (%(size)s bytes): %(plan)s as of %(day)s.")
                         % {"path": out, "size": len(content), "plan": plan.number,
                            "day": (as_of or report.clock.as_of(plan)).strftime("%d/%m/%Y")})


def meetings_command(command, options):
    from smartcity.programme.models import Meeting

    qs = Meeting.objects.select_related("body").order_by("starts_at")
    if options.get("year"):
        qs = qs.filter(starts_at__year=options["year"])
    if options.get("body"):
        qs = qs.filter(body__code=options["body"])
    for m in qs.prefetch_related("decisions"):
        command.stdout.write(f"{m.starts_at:%Y-%m-%d %H:%M}\t{m.body.code}\t{m.get_status_display()}\t{m.decisions.count()}\t{m.title_vi}")

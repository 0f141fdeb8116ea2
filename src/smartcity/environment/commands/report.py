"""`smartcity env report`: the monthly report of a station or a facility as a file, the
same PDF or Excel workbook the report pages offer (for mailing lists and archives).

    smartcity env report --month 2026-11 --station BD_KCNSONGTHAN_NT01 --format pdf --out report.pdf
    smartcity env report --month 2026-11 --facility "Công ty CP Đại Nam" --format xlsx --out report.xlsx
"""
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def register(sub) -> None:
    p = sub.add_parser("report", help="write the monthly report of a station or a facility (PDF or Excel)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--station", metavar="CODE", help="transmission code of the station")
    who.add_argument("--facility", metavar="NAME", help="facility name (every station of it)")
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    p.add_argument("--out", required=True, help="file to write")
    p.set_defaults(handler=report_command)


def report_command(command, options) -> None:
    from smartcity.environment import report
    from smartcity.environment.models import Station

    try:
        year, month = report.parse_month(options["month"])
    except ValueError:
        raise CommandError(_("--month must be YYYY-MM, e.g. 2026-11")) from None
    if options["station"]:
        station = Station.objects.select_related("asset").filter(code=options["station"]).first()
        if station is None:
            raise CommandError(_("unknown station: %(codes)s") % {"codes": options["station"]})
        reports, name = [report.station_report(station, year, month)], station.name
    else:
        reports, name = report.facility_reports(options["facility"], year, month), options["facility"]
        if not reports:
            raise CommandError(_("no station of facility %(name)s") % {"name": options["facility"]})
    title = report.title(name, year, month)
    if options["format"] == "pdf":
        from smartcity.environment import report_pdf

        try:
            body = report_pdf.render(reports, title)
        except report_pdf.FontMissing as exc:
            raise CommandError(str(exc)) from None
    else:
        from smartcity.environment import report_xlsx

        body = report_xlsx.render(reports, title)
    with open(options["out"], "wb") as fh:
        fh.write(body)
    command.stdout.write(f"{options['out']}: {len(body)} bytes, {len(reports)} station(s), {title}")

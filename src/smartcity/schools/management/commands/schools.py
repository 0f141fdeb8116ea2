"""`smartcity schools report YEAR [--xlsx FILE] [--pdf FILE]`: the report of a school year
(summary printed, files written; as the public sees it, decided results only);
`smartcity schools copy-set YEAR`: copy the published criteria set of YEAR to a draft of
the next school year."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Advanced-modern primary schools: report, copy-set."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("report", help="Report of a school year (summary, Excel, PDF)")
        p.add_argument("year", help="school year, e.g. 2026-2027")
        p.add_argument("--xlsx", help="write the Excel report here")
        p.add_argument("--pdf", help="write the PDF report here")
        p = sub.add_parser("copy-set", help="Copy a school year's published criteria set to the next year")
        p.add_argument("year")

    def handle(self, *args, **options):
        from django.utils import translation

        from smartcity.schools import report, scoring, services

        try:
            scoring.parse_school_year(options["year"])
        except scoring.ScoreError as exc:
            raise CommandError(str(exc)) from None
        translation.activate("vi")
        if options["verb"] == "copy-set":
            source = services.published_set(options["year"])
            if source is None:
                raise CommandError(f"no published criteria set for {options['year']}")
            new = services.copy_set(source)
            self.stdout.write(f"draft criteria set {new.pk}: {new.school_year} v{new.version}")
            return
        data = services.year_rows(options["year"])
        p = data["province"]
        self.stdout.write(f"{options['year']}: {p['schools']} schools, {p['decided']} decided, {p['recognised']} recognised, "
                          f"mean {p['mean_total']}")
        for d in data["districts"]:
            self.stdout.write(f"  {d['district']}\t{d['recognised']}/{d['decided']}\t{d['mean_total']}")
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(report.xlsx(data))
        if options["pdf"]:
            Path(options["pdf"]).write_bytes(report.pdf(data))

"""`smartcity economy ...`: load-vsic, import FILE, match-links, check-tax-code CODE..., reindex."""
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Enterprise register: load-vsic, import, match-links, check-tax-code, reindex."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("load-vsic", help="Load the VSIC 2018 sections, divisions and demo codes (idempotent)")
        p = sub.add_parser("import", help="Import enterprises from an .xlsx or .csv file and print the report")
        p.add_argument("file")
        p.add_argument("--user", help="username recorded as the uploader")
        sub.add_parser("match-links", help="Link dossiers, permits and stations to enterprises by tax code and name")
        p = sub.add_parser("check-tax-code", help="Check tax codes (structure and check digit)")
        p.add_argument("codes", nargs="+")
        sub.add_parser("reindex", help="Recompute search text, section and size class; rebuild the SQLite search index")

    def handle(self, *args, **o):
        from smartcity.economy import links, services, taxcode

        verb = o["verb"]
        if verb == "load-vsic":
            self.stdout.write(str(services.load_vsic()))
        elif verb == "check-tax-code":
            bad = 0
            for code in o["codes"]:
                c = taxcode.validate(code)
                self.stdout.write(f"{code}\t{'valid' if c.valid else 'invalid'}\t{c.reason}\t{c.message}")
                bad += not c.valid
            if bad:
                raise CommandError(f"{bad} invalid tax code(s)")
        elif verb == "match-links":
            self.stdout.write(str(links.match()))
        elif verb == "reindex":
            from django.db import connection

            n = services.refresh_derived()
            if connection.vendor == "sqlite":
                from smartcity.economy.migrations_support import install_sqlite_fts

                with connection.cursor() as cursor:
                    install_sqlite_fts(cursor)
            self.stdout.write(f"{n} enterprise(s) reindexed")
        elif verb == "import":
            from pathlib import Path

            from smartcity.core.models import Organisation, User
            from smartcity.economy import access, importer

            path = Path(o["file"])
            if not path.exists():
                raise CommandError(f"no file {path}")
            user = User.objects.filter(username=o["user"]).first() if o.get("user") else None
            try:
                batch = importer.run_import(path.read_bytes(), path.name, user, Organisation.objects.get(code=access.OWNER_CODE))
            except importer.ImportFormatError as exc:
                raise CommandError(str(exc)) from None
            for r in batch.report:
                reasons = "; ".join(f"{e['field']}: {e['message']}" for e in r.get("errors", []))
                dup = " possible duplicate" if r.get("duplicates") else ""
                self.stdout.write(f"row {r['row']}\t{r['tax_code']}\t{r['action']}{dup}\t{reasons}")
            self.stdout.write(f"{batch.rows} rows: {batch.created} created, {batch.updated} updated, {batch.rejected} rejected, "
                              f"{batch.duplicates} possible duplicates")

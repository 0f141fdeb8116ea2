"""`smartcity ingest csv FILE...`: history backfill into the hub (see hub/files.py)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartcity.hub.files import CHUNK_ROWS, FileReport, ingest_csv

EXIT_REJECTED = 1
EXIT_FILE_FAILED = 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C


class Command(BaseCommand):
    help = "Load files of readings into the hub (history backfill with the original timestamps)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = _("Load files of readings into the hub (history backfill with the original timestamps).")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="format", required=True, metavar="csv")
        csv_parser = sub.add_parser(
            "csv", help=_("CSV files (plain or .csv.gz)"),
            description=_(
                "Load CSV files with the header asset,quantity,unit,time,value,status (optional lat,lon; or datastream "
                "instead of asset,quantity): the columns `smartcity hub export` writes. Each chunk of rows is committed "
                "with the file's progress, so an interrupted run resumes where it stopped when started again; a finished "
                "file is not loaded twice (use --force). Rejected rows go to DATA_DIR/quarantine/<file>.rejected.csv; "
                "an unreadable file is copied to DATA_DIR/quarantine/ with a .reason.txt. "
                "Exit status: 0 when every row was stored, 1 when some rows were rejected, 2 when a file was "
                "quarantined, missing or busy."))
        csv_parser.add_argument("files", nargs="+", metavar="FILE", help=_("CSV or gzip CSV files"))
        csv_parser.add_argument("--token", metavar="KEY",
                                help=_("write with the rights of this device token (dv_...) or personal token (sc_...) "
                                       "instead of as the operator"))
        csv_parser.add_argument("--chunk", type=int, default=CHUNK_ROWS, metavar="N",
                                help=_("rows per transaction (default %(default)s)") % {"default": CHUNK_ROWS})
        csv_parser.add_argument("--force", action="store_true", help=_("load a file again even if it was loaded completely"))
        bar = csv_parser.add_mutually_exclusive_group()
        bar.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
        bar.add_argument("--progress", action="store_true",
                         help=_("always show the progress bar (by default only when stderr is a terminal)"))

    def handle(self, *args, **opts):
        principal = None
        if opts.get("token"):
            from smartcity.hub.auth import principal_for_key

            principal = principal_for_key(opts["token"])
            if principal is None:
                raise CommandError(_("the token is unknown, revoked or expired"), returncode=EXIT_FILE_FAILED)
        if opts["chunk"] < 1:
            raise CommandError(_("--chunk must be at least 1"), returncode=EXIT_FILE_FAILED)
        reports = []
        for path in opts["files"]:
            try:
                reports.append(self._one(path, principal, opts))
            except KeyboardInterrupt:
                if reports:
                    self._table(reports)
                raise CommandError(_("interrupted: what was committed is kept; run the same command again to resume"),
                                   returncode=EXIT_INTERRUPTED) from None
        self._table(reports)
        self._notes(reports)
        if any(r.status in ("quarantined", "missing", "conflict") for r in reports):
            raise CommandError(_("some files could not be loaded"), returncode=EXIT_FILE_FAILED)
        if any(r.rejected for r in reports):
            raise CommandError(_("some rows were rejected"), returncode=EXIT_REJECTED)

    def _one(self, path, principal, opts) -> FileReport:
        bar = _Bar(path, self.stderr._out, disable=True if opts["no_progress"] else (False if opts["progress"] else None))
        try:
            return ingest_csv(path, principal, chunk_rows=opts["chunk"], force=opts["force"], progress=bar)
        finally:
            bar.close()

    def _table(self, reports):
        heads = [_("file"), _("result"), _("rows"), _("stored"), _("replaced"), _("unchanged"), _("rejected"), _("rows/s")]
        lines = [[r.name, status_text(r), f"{r.rows:,}", f"{r.stored:,}", f"{r.replaced:,}", f"{r.unchanged:,}",
                  f"{r.rejected:,}", f"{r.rows_per_s:,.0f}"] for r in reports]
        if len(reports) > 1:
            rows = sum(r.rows for r in reports)
            seconds = sum(r.seconds for r in reports)
            lines.append([_("total"), "", f"{rows:,}", *(f"{sum(getattr(r, k) for r in reports):,}" for k in
                                                        ("stored", "replaced", "unchanged", "rejected")),
                          f"{rows / seconds if seconds else 0:,.0f}"])
        widths = [max(len(str(x)) for x in col) for col in zip(heads, *lines)]
        fmt = lambda cells: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
        self.stdout.write(fmt(heads))
        self.stdout.write("  ".join("-" * w for w in widths))
        for line in lines:
            self.stdout.write(fmt(line))

    def _notes(self, reports):
        for r in reports:
            if r.status == "resumed":
                self.stdout.write(_("%(name)s: resumed after row %(row)s") % {"name": r.name, "row": f"{r.resumed_from:,}"})
            if r.status == "already_done":
                self.stdout.write(_("%(name)s: already loaded completely, nothing to do (use --force to load it again)") % {"name": r.name})
            if r.status in ("quarantined", "missing", "conflict"):
                self.stderr.write(f"{r.name}: {r.reason} [{r.code}]")
            if r.quarantine_path:
                self.stderr.write(_("%(name)s: copied to %(path)s; nothing was stored") % {"name": r.name, "path": r.quarantine_path})
            if r.rejected_path:
                self.stderr.write(_("%(name)s: %(n)s rejected rows in %(path)s") % {"name": r.name, "n": f"{r.rejected:,}", "path": r.rejected_path})


def status_text(report: FileReport) -> str:
    return {
        "done": _("loaded"),
        "resumed": _("resumed"),
        "already_done": _("already loaded"),
        "quarantined": _("quarantined"),
        "missing": _("missing"),
        "conflict": _("busy"),
    }.get(report.status, report.status)


class _Bar:
    """A tqdm bar by bytes on stderr, created at the first progress call of a file."""

    def __init__(self, path, stream, disable):
        self.name = str(path).rsplit("/", 1)[-1]
        self.stream, self.disable = stream, disable
        self.bar = None

    def __call__(self, position: int, total: int):
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=position, desc=self.name, unit="B", unit_scale=True, unit_divisor=1024,
                            file=self.stream, disable=self.disable, leave=True, dynamic_ncols=True)
            return
        self.bar.update(position - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()

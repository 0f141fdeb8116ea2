"""`smartcity retention [--dry-run]`: apply raw-data retention now (the task queue also
does it every night at 02:30)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from smartcity.hub.retention import apply_retention
from smartcity.hub.timebase import iso


class Command(BaseCommand):
    help = "Delete raw readings older than the retention of their datastream, asset or asset type."

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = _("Delete raw readings older than the retention of their datastream, asset or asset type. "
                      "Hourly and daily aggregates and the latest values are kept.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("only count what would be deleted"))
        parser.add_argument("--all", action="store_true", help=_("list datastreams with nothing to delete too"))

    def handle(self, *args, **opts):
        result = apply_retention(dry_run=opts["dry_run"])
        purges = result["datastreams"]
        shown = purges if opts["all"] else [p for p in purges if p.deleted]
        verb = _("would delete") if result["dry_run"] else _("deleted")
        if not purges:
            self.stdout.write(_("No datastream has a retention: everything is kept."))
            return
        heads = [_("datastream"), _("asset"), _("quantity"), _("days"), _("older than"), verb]
        lines = [[str(p.datastream), p.asset, p.quantity, str(p.retention_days), iso(p.cutoff), f"{p.deleted:,}"] for p in shown]
        if lines:
            widths = [max(len(c) for c in col) for col in zip(heads, *lines)]
            self.stdout.write("  ".join(h.ljust(w) for h, w in zip(heads, widths)))
            self.stdout.write("  ".join("-" * w for w in widths))
            for line in lines:
                self.stdout.write("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if result["dry_run"]:
            summary = _("Dry run: %(n)s raw readings in %(k)s of %(m)s datastreams with a retention would be deleted; nothing was changed.")
        else:
            summary = _("%(n)s raw readings deleted in %(k)s of %(m)s datastreams with a retention.")
        self.stdout.write(summary % {"n": f"{result['deleted']:,}", "k": sum(1 for p in purges if p.deleted), "m": len(purges)})
        if result["hourly_rollups_deleted"]:
            self.stdout.write(_("Hourly aggregates older than their retention: %(n)s") % {"n": f"{result['hourly_rollups_deleted']:,}"})
        self.stdout.write(_("Hourly and daily aggregates and the latest values are kept."))

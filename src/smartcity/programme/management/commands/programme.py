"""`smartcity programme ...`: the programme office's verbs. Each concern adds its own
sub-commands from a module under `programme/commands/` (a `register(subparsers)` that sets
`handler=fn(command, options)` on each parser it adds).

    smartcity programme load-plan | export-items | import-items ...
    smartcity programme overdue | remind ...
    smartcity programme compiled-report --out FILE.docx|FILE.pdf
    smartcity programme icf-compare ...
"""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("plan", "reports", "meetings", "icf", "events")


class Command(BaseCommand):
    help = "Programme management: the plan, reports, escalations, meetings, ICF, events."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.programme.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

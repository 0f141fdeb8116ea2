"""`smartcity onestop ...`: the one-stop verbs. Each concern adds its own sub-commands from a
module under `onestop/commands/` (a `register(subparsers)` that sets
`handler=fn(command, options)` on each parser it adds).

    smartcity onestop due-date --received 2026-04-29T10:30 --days 5 [--procedure CODE]
    smartcity onestop calendar ... | catalogue ... | overdue ... | report ...
"""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("calendar", "catalogue", "dossiers", "surveys", "reports")


class Command(BaseCommand):
    help = "One-stop shop: calendar and deadlines, catalogue, dossiers, surveys, reports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.onestop.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

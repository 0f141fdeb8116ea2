"""`smartcity env ...`: the environment app's operator verbs. Each concern adds its own
sub-commands from a module under `environment/commands/` (a `register(subparsers)` that
sets `handler=fn(command, options)` on each parser it adds).

    smartcity env aqi --standard vn-1459|us-epa-2024 --period hourly|daily --csv IN.csv
    smartcity env wqi --csv IN.csv
    smartcity env stations import FILE.csv
    smartcity env import-files PATH... [--json]
"""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("indices", "stations", "files", "recompute", "report")


class Command(BaseCommand):
    help = "Environmental monitoring: indices, stations, station files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.environment.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

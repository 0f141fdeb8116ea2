"""`smartcity mobility ...`: the bus transport app's operator verbs. Each concern adds its
own sub-commands from a module under `mobility/commands/` (a `register(subparsers)` that
sets `handler=fn(command, options)` on each parser it adds).

    smartcity mobility import-gtfs PATH [--name N] [--activate] [--force] [--report FILE.json]
    smartcity mobility validate PATH|--feed N [--report FILE.json]
    smartcity mobility export-gtfs --feed N --out FILE.zip
    smartcity mobility stats --feed N --date YYYYMMDD --out DIR
    smartcity mobility kpi --feed N --events EVENTS.csv
    smartcity mobility rt-poll | rt-import ...
"""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("gtfs", "validate", "stats", "realtime", "quality", "demo")


class Command(BaseCommand):
    help = "Bus transport: GTFS schedules, realtime, service quality."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.mobility.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

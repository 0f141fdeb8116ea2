"""`smartcity opendata ...`: each concern adds its sub-commands from a module under
`opendata/commands/` (`register(subparsers)`)."""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("sync",)


class Command(BaseCommand):
    help = "Open data catalogue: " + ", ".join(PARTS) + "."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.opendata.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

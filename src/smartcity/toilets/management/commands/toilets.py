"""`smartcity toilets ...`: each concern adds its sub-commands from a module under
`toilets/commands/` (`register(subparsers)`)."""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("rounds",)


class Command(BaseCommand):
    help = "Smart public toilets: " + ", ".join(PARTS) + "."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.toilets.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

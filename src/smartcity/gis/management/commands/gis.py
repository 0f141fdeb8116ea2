"""`smartcity gis ...`: layers, import and export, the planning check. Each concern adds its
sub-commands from a module under `gis/commands/` (`register(subparsers)`)."""
from importlib import import_module

from django.core.management.base import BaseCommand

PARTS = ("layers", "planning", "permits")


class Command(BaseCommand):
    help = "GIS: layers, import/export (Shapefile, GeoPackage, GeoJSON, KML, TAB, DXF), planning check."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        for part in PARTS:
            import_module(f"smartcity.gis.commands.{part}").register(sub)

    def handle(self, *args, **options):
        return options["handler"](self, options)

"""`smartcity check`: Django's system checks, then what this instance is using."""
from django.core.management.commands.check import Command as DjangoCheck

from smartcity.core.services import describe_services


class Command(DjangoCheck):
    help = "Run system checks and print the database, broker, cache and data directory in use."

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        for name, value, state in describe_services():
            self.stdout.write(f"{name:<10} {value}  [{state}]")

"""The `smartcity` command: Django's manage.py plus the operator verbs (demo, serve, check,
ingest, mqtt-bridge, bench, ...), which are management commands of the apps."""
import os
import sys


def main(argv=None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "smartcity"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `smartcity mqtt-bridge` runs the mqtt_bridge command
    if len(argv) > 1 and argv[1] == "demo":
        os.environ.setdefault("SMARTCITY_MODE", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

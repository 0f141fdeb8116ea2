"""Demo data of the programme: the 2018 plan loaded item by item, then what a year of running
it leaves behind (progress and timelines, unit plans and reports, escalations and decisions,
working sessions, the ICF applications and scores, events and memberships).

Each part is a module with `load() -> dict` (counts); they run in this order."""
from importlib import import_module

LOADER_ORDER = 15  # after the reference organisations; independent of the hub
_PARTS = ("demo_plan", "demo_reports", "demo_meetings", "demo_icf", "demo_events")


def load_programme_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.programme.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    """Called once from ProgrammeConfig.ready()."""
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "programme")(load_programme_demo)

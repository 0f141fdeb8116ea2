"""Demo data of the one-stop shop: the calendar years seeded, the procedure catalogue, and a
realistic flow of dossiers (counter and online, on time and late, with transfers,
supplements, apologies, results and SIPAS answers).

Each part is a module with `load() -> dict` (counts); they run in this order."""
from importlib import import_module

LOADER_ORDER = 50  # after the reference organisations and the programme (15)
_PARTS = ("demo_calendar", "demo_catalogue", "demo_dossiers")


def load_onestop_demo() -> dict:
    import logging

    from django.db import transaction

    counts = {}
    # the demo's thousands of notices go through the log sender: keep them out of the console
    notices = logging.getLogger("smartcity.onestop.notify")
    level = notices.level
    notices.setLevel(logging.WARNING)
    try:
        with transaction.atomic():
            for name in _PARTS:
                part = import_module(f"smartcity.onestop.{name}")
                for key, value in (part.load() or {}).items():
                    counts[f"{name.removeprefix('demo_')}.{key}"] = value
    finally:
        notices.setLevel(level)
    return counts


def register() -> None:
    """Called once from OneStopConfig.ready()."""
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "onestop")(load_onestop_demo)

"""Demo data of the enterprise register. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 80  # after the one-stop dossiers (50), the GIS permits (60) and the stations (30) it links to
_PARTS: tuple[str, ...] = ("demo_economy",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.economy.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "economy")(load_demo)

"""Demo data of the innovation module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 86  # after the reference data, the demo users and the economy demo
_PARTS: tuple[str, ...] = ("demo_startups", "demo_initiatives")


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.innovation.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "innovation")(load_demo)

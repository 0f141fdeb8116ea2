"""Demo data of the schools programme. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 88  # after the reference units and the demo users
_PARTS: tuple[str, ...] = ("demo_schools",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.schools.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "schools")(load_demo)

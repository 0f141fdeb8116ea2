"""Demo data of the participation module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 96  # after the reference units, organisations and demo users
_PARTS: tuple[str, ...] = ("demo_reports", "demo_consultations")


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.participation.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "participation")(load_demo)

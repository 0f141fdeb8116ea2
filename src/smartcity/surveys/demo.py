"""Demo data of the survey engine. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 85  # after the economy demo (80), which creates the enterprises
_PARTS: tuple[str, ...] = ("demo_needs",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.surveys.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "surveys")(load_demo)

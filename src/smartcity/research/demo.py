"""Demo data of the research module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 87  # after the reference data, the hub's demo assets, the programme, the demo users and the economy demo
_PARTS: tuple[str, ...] = ("demo_labs", "demo_pilots", "demo_work")


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.research.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "research")(load_demo)

"""Demo data of the smart bins and waste collection module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 70  # after the hub, the reference units and the GIS
_PARTS: tuple[str, ...] = ("demo_bins",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.sanitation.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "sanitation")(load_demo)

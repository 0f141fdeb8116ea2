"""Demo data of the street lighting module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 70  # after the hub, the reference units and the GIS
_PARTS: tuple[str, ...] = ("demo_inventory", "demo_energy")


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.lighting.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry, simulators

    registry.register(LOADER_ORDER, "lighting")(load_demo)
    if not any(name == "lighting-controllers" for name, _ in simulators._SIMULATORS):
        from smartcity.lighting import controller_feed

        simulators.register("lighting-controllers")(controller_feed.run)

"""Demo data of the smart public toilets module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 70  # after the hub, the reference units and the GIS
_PARTS: tuple[str, ...] = ("demo_toilets",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.toilets.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "toilets")(load_demo)
    from smartcity.demo import simulators
    from smartcity.toilets import demo_toilets

    if not any(name == "toilets" for name, _ in simulators._SIMULATORS):
        simulators.register("toilets")(demo_toilets.run_feed)

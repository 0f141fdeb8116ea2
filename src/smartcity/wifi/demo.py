"""Demo data of the public Wi-Fi module. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 72  # after the hub demo (its six hotspots), the reference units, the GIS and the programme
_PARTS: tuple[str, ...] = ("demo_wifi",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.wifi.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "wifi")(load_demo)

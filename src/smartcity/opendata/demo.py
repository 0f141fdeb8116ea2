"""Demo data of the open data catalogue: the sync from every module (so it runs after
them) and plausible download counts. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 95  # after every module whose data the catalogue describes
_PARTS: tuple[str, ...] = ("demo_catalogue",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.opendata.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "opendata")(load_demo)

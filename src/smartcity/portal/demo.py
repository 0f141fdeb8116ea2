"""Demo data of the website. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 95  # after every module whose figures and items the articles speak of
_PARTS: tuple[str, ...] = ("demo_articles",)


def load_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.portal.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "portal")(load_demo)

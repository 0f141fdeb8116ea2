"""Demo data of the GIS: boundaries of the 9 former district-level units and some wards
(simplified polygons drawn from known coordinates), planning zones around Thủ Dầu Một and
the New City, synthetic parcels. Each part is a module with `load() -> dict`."""
from importlib import import_module

LOADER_ORDER = 60  # after the reference units and the one-stop catalogue (50)
_PARTS = ("demo_layers", "demo_wards", "demo_permits")


def load_gis_demo() -> dict:
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        for name in _PARTS:
            part = import_module(f"smartcity.gis.{name}")
            for key, value in (part.load() or {}).items():
                counts[f"{name.removeprefix('demo_')}.{key}"] = value
    return counts


def register() -> None:
    from smartcity.demo import registry

    registry.register(LOADER_ORDER, "gis")(load_gis_demo)

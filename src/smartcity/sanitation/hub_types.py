"""What smart bin sensors report, registered in the hub beyond fill level, temperature and
battery: whether the lid is open and the tilt of the container (FIWARE WasteContainer
status lidOpen / dropped / moved / burning; ultrasonic bin sensors carry a tilt switch or an
accelerometer and a thermometer for fire). A reading with a position (lat/lon) tells where
the bin is, so a bin carried away shows."""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import QuantityDef

QUANTITIES = [
    QuantityDef("lid_open", "Nắp mở", "Lid open", "-", ("lid", "lidOpen"), unit_aliases=("",), ngsi_name="lidOpen",
                minimum=0, maximum=1),
    QuantityDef("tilt", "Độ nghiêng", "Tilt", "°", ("inclination", "angle"), unit_aliases=("deg",), ngsi_name="tilt",
                minimum=0, maximum=180),
]
BIN_QUANTITIES = ("fill_level", "temperature", "battery", "lid_open", "tilt")


def register() -> None:
    for q in QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    bin_type = registry.ASSET_TYPES["waste-bin"]
    extra = tuple(q for q in BIN_QUANTITIES if q not in bin_type.quantities)
    if extra:
        registry.register_asset_type(replace(bin_type, quantities=(*bin_type.quantities, *extra),
                                             attribute_map={**bin_type.attribute_map, "l": "lid_open", "a": "tilt"}))

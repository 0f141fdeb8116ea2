"""What lighting devices measure, registered in the hub (TALQ metering and lamp state):
operating hours and the lamp state for luminaires; per-phase voltage, current and power
for the control cabinets' meters (FIWARE StreetlightControlCabinet)."""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import AssetTypeDef, QuantityDef

LAMP_STATES = {0: "off", 1: "on", 2: "dimmed", 3: "fault"}  # lamp_state values (TALQ lightState, FIWARE powerState)
CABINET_TYPE = "lighting-cabinet"

QUANTITIES = [
    QuantityDef("operating_hours", "Số giờ vận hành", "Operating hours", "h", ("burningHours", "operatingHours"),
                {"min": (1 / 60, 0.0), "s": (1 / 3600, 0.0)}, ngsi_name="operatingHours", minimum=0),
    # a numeric code, so neither FIWARE's text-valued powerState nor a bare "state" (other
    # devices' attributes, NGSI-LD queries on asset properties) may resolve to it
    QuantityDef("lamp_state", "Trạng thái đèn", "Lamp state", "-", ("lampState", "lightState"), unit_aliases=("",),
                ngsi_name="lampState", minimum=0, maximum=3),
    *[QuantityDef(f"voltage_{p}", f"Điện áp pha {p.upper()}", f"Voltage phase {p.upper()}", "V", (f"U{p[-1]}", f"V{p[-1]}"),
                  {"kV": (1000.0, 0.0)}, ngsi_name=f"voltagePhase{p[-1]}", minimum=0) for p in ("l1", "l2", "l3")],
    *[QuantityDef(f"current_{p}", f"Dòng điện pha {p.upper()}", f"Current phase {p.upper()}", "A", (f"I{p[-1]}",),
                  {"mA": (0.001, 0.0)}, ngsi_name=f"currentPhase{p[-1]}", minimum=0) for p in ("l1", "l2", "l3")],
    *[QuantityDef(f"power_{p}", f"Công suất pha {p.upper()}", f"Power phase {p.upper()}", "W", (f"P{p[-1]}",),
                  {"kW": (1000.0, 0.0)}, ngsi_name=f"powerPhase{p[-1]}", minimum=0) for p in ("l1", "l2", "l3")],
]

CABINET = AssetTypeDef(
    CABINET_TYPE, "Tủ điện điều khiển chiếu sáng", "Lighting control cabinet", "StreetlightControlCabinet", 900,
    attribute_map={"p": "power", "e": "energy", "u1": "voltage_l1", "u2": "voltage_l2", "u3": "voltage_l3",
                   "i1": "current_l1", "i2": "current_l2", "i3": "current_l3"},
    quantities=("power", "energy", "voltage_l1", "voltage_l2", "voltage_l3", "current_l1", "current_l2", "current_l3",
                "power_l1", "power_l2", "power_l3", "lamp_state"))

LUMINAIRE_QUANTITIES = ("power", "energy", "dimming_level", "operating_hours", "lamp_state")


def register() -> None:
    for q in QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    registry.register_asset_type(CABINET)
    light = registry.ASSET_TYPES["streetlight"]
    extra = tuple(q for q in LUMINAIRE_QUANTITIES if q not in light.quantities)
    if extra:
        registry.register_asset_type(replace(light, quantities=(*light.quantities, *extra),
                                             attribute_map={**light.attribute_map, "h": "operating_hours", "s": "lamp_state"}))

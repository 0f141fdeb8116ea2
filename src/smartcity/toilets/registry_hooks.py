"""Hub quantities of smart public toilets, registered when the app is ready.

Consumables are levels in per cent (0 empty, 100 full). Feedback presses are counts per
interval (the device sends the presses of the interval that ended, zeros included, so a
silent button panel is told apart from a quiet hour). Faults are states: 1 while the
fault lasts, 0 when it is over (door jammed, flush not working, no water, no power).
"""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import QuantityDef

LEVELS = ("water_tank_level", "soap_level", "paper_level")
FEEDBACK = ("feedback_good", "feedback_average", "feedback_poor")
FAULTS = {"fault_door": "door", "fault_flush": "flush", "fault_water": "water", "fault_power": "power"}

QUANTITIES = [
    QuantityDef("water_tank_level", "Mức nước bồn chứa", "Water tank level", "%", ("tank_level",),
                {"ratio": (100.0, 0.0)}, ngsi_name="waterTankLevel", minimum=0, maximum=100),
    QuantityDef("soap_level", "Mức xà phòng", "Soap level", "%", ("soap_percent",), {"ratio": (100.0, 0.0)},
                ngsi_name="soapLevel", minimum=0, maximum=100),
    QuantityDef("paper_level", "Mức giấy vệ sinh", "Toilet paper level", "%", ("paper_percent",), {"ratio": (100.0, 0.0)},
                ngsi_name="paperLevel", minimum=0, maximum=100),
    QuantityDef("feedback_good", "Lượt đánh giá tốt", "Good feedback presses", "count", ("feedback_good_count",), unit_aliases=("",),
                ngsi_name="feedbackGood", minimum=0),
    QuantityDef("feedback_average", "Lượt đánh giá trung bình", "Average feedback presses", "count", ("feedback_average_count",),
                unit_aliases=("",), ngsi_name="feedbackAverage", minimum=0),
    QuantityDef("feedback_poor", "Lượt đánh giá kém", "Poor feedback presses", "count", ("feedback_poor_count",), unit_aliases=("",),
                ngsi_name="feedbackPoor", minimum=0),
    QuantityDef("fault_door", "Lỗi cửa", "Door fault", "-", ("door_fault",), unit_aliases=("",), ngsi_name="doorFault",
                minimum=0, maximum=1),
    QuantityDef("fault_flush", "Lỗi xả nước", "Flush fault", "-", ("flush_fault",), unit_aliases=("",),
                ngsi_name="flushFault", minimum=0, maximum=1),
    QuantityDef("fault_water", "Mất nước", "Water supply fault", "-", ("water_fault",), unit_aliases=("",),
                ngsi_name="waterSupplyFault", minimum=0, maximum=1),
    QuantityDef("fault_power", "Mất điện", "Power fault", "-", ("power_fault",), unit_aliases=("",),
                ngsi_name="powerFault", minimum=0, maximum=1),
]

ATTRIBUTE_MAP = {"o": "occupancy", "v": "visits", "w": "water_tank_level", "s": "soap_level", "p": "paper_level",
                 "g": "feedback_good", "a": "feedback_average", "x": "feedback_poor",
                 "fd": "fault_door", "ff": "fault_flush", "fw": "fault_water", "fp": "fault_power"}
ALL = ("occupancy", "visits", *LEVELS, *FEEDBACK, *FAULTS)


def register() -> None:
    for q in QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    base = registry.ASSET_TYPES.get("public-toilet")
    if base is not None:
        quantities = tuple(dict.fromkeys((*base.quantities, *ALL)))
        registry.register_asset_type(replace(base, quantities=quantities,
                                             attribute_map={**ATTRIBUTE_MAP, **base.attribute_map}))

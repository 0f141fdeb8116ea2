"""What the reservoirs bring to the hub registry: a weather-station asset type (the rain
gauge a reservoir reads its rainfall from) and the metered amounts of a reservoir, each an
amount per reporting interval like rainfall (m³ since the previous reading)."""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import AssetTypeDef, QuantityDef

# quantity code -> balance kind ("in", "out", "reuse:<purpose>")
METERED = {
    "inflow_volume": "in",
    "outflow_volume": "out",
    "reuse_irrigation": "reuse:irrigation",
    "reuse_street_washing": "reuse:street_washing",
    "reuse_toilets": "reuse:toilets",
}
REUSE_PURPOSES = ("irrigation", "street_washing", "toilets")

QUANTITIES = [
    QuantityDef("inflow_volume", "Lượng nước cấp vào", "Metered inflow", "m³", ("inflow",), {"L": (0.001, 0.0)},
                ngsi_name="inflowVolume", minimum=0),
    QuantityDef("outflow_volume", "Lượng nước xả ra", "Metered outflow", "m³", ("outflow", "release"), {"L": (0.001, 0.0)},
                ngsi_name="outflowVolume", minimum=0),
    QuantityDef("reuse_irrigation", "Nước tái sử dụng tưới cây", "Reuse for irrigation", "m³", ("irrigation",),
                {"L": (0.001, 0.0)}, ngsi_name="reuseIrrigation", minimum=0),
    QuantityDef("reuse_street_washing", "Nước tái sử dụng rửa đường", "Reuse for street washing", "m³", ("street_washing",),
                {"L": (0.001, 0.0)}, ngsi_name="reuseStreetWashing", minimum=0),
    QuantityDef("reuse_toilets", "Nước tái sử dụng xả nhà vệ sinh", "Reuse for toilet flushing", "m³", ("toilet_flushing",),
                {"L": (0.001, 0.0)}, ngsi_name="reuseToilets", minimum=0),
]
WEATHER_STATION = "weather-station"


def register() -> None:
    for q in QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    if WEATHER_STATION not in registry.ASSET_TYPES:
        registry.register_asset_type(AssetTypeDef(
            WEATHER_STATION, "Trạm khí tượng (đo mưa)", "Weather station (rain gauge)", "WeatherObserved", 3600,
            attribute_map={"r": "rainfall", "t": "temperature", "h": "relative_humidity"},
            quantities=("rainfall", "temperature", "relative_humidity", "wind_speed", "pressure")))
    res = registry.ASSET_TYPES.get("reservoir")
    if res is not None and not set(METERED) <= set(res.quantities):
        registry.register_asset_type(replace(res, quantities=tuple(dict.fromkeys((*res.quantities, *METERED)))))

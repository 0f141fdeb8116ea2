"""Hub quantities of public Wi-Fi hotspots beyond the hub's own (connected users, data
volume), registered when the app is ready. Sessions are counts per interval (sessions
started); unique users are the controller's distinct devices of one local day, sent once
a day, so a month's rollup can add them up as user-days."""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import QuantityDef

QUANTITIES = [
    QuantityDef("wifi_sessions", "Phiên kết nối Wi-Fi", "Wi-Fi sessions", "count", ("sessions",), unit_aliases=("",),
                ngsi_name="wifiSessions", minimum=0),
    QuantityDef("wifi_unique_users", "Người dùng Wi-Fi riêng biệt trong ngày", "Wi-Fi unique users per day", "count",
                ("unique_users",), unit_aliases=("",), ngsi_name="wifiUniqueUsers", minimum=0),
]
ATTRIBUTE_MAP = {"u": "connected_users", "d": "data_volume", "s": "wifi_sessions", "q": "wifi_unique_users"}
ALL = ("connected_users", "data_volume", "wifi_sessions", "wifi_unique_users")


def register() -> None:
    for q in QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    base = registry.ASSET_TYPES.get("wifi-hotspot")
    if base is not None:
        registry.register_asset_type(replace(base, quantities=tuple(dict.fromkeys((*base.quantities, *ALL))),
                                             attribute_map={**ATTRIBUTE_MAP, **base.attribute_map}))

"""Environmental parameters: what Binh Duong's automatic stations measure, under the names
and units they really send. Pure Python; it extends the hub's quantity registry (one
canonical unit per quantity, aliases, conversions) and adds the station asset types.

Gas conversions are physics: at 25 °C and 1 atm one mole of gas fills 24.45 L, so
1 ppb = M / 24.45 µg/m³ (M in g/mol) and 1 ppm = 1000 ppb. Stack emissions are reported
in mg/Nm³ (normal cubic metres); they convert to the canonical µg/m³ by 1000 without a
temperature correction, which the station has already applied.
"""
from dataclasses import replace

from smartcity.hub import registry
from smartcity.hub.registry import AssetTypeDef, QuantityDef

MOLAR_VOLUME_L = 24.45  # L/mol at 25 °C, 101.325 kPa
MOLECULAR_WEIGHT = {"so2": 64.066, "no2": 46.0055, "o3": 47.998, "co": 28.010, "nox": 46.0055, "nh3": 17.031, "h2s": 34.08}


def ppb_factor(code: str) -> float:
    """µg/m³ per ppb for a gas at 25 °C and 1 atm."""
    return MOLECULAR_WEIGHT[code] / MOLAR_VOLUME_L


def _gas_conversions(code: str) -> dict:
    f = ppb_factor(code)
    return {"ppb": (f, 0.0), "ppm": (f * 1000.0, 0.0), "mg/m³": (1000.0, 0.0), "mg/Nm³": (1000.0, 0.0),
            "mg/Nm3": (1000.0, 0.0), "µg/Nm³": (1.0, 0.0), "ug/Nm3": (1.0, 0.0)}


# Names stations really send (Vietnamese without diacritics included), added to the hub's.
EXTRA_ALIASES = {
    "pm25": ("PM-2.5", "PM 2.5", "Bui PM2.5", "Bụi PM2.5"),
    "pm10": ("PM-10", "PM 10", "Bui PM10", "Bụi PM10"),
    "tsp": ("Bui tong", "Bụi tổng", "Dust"),
    "temperature": ("Nhiet do", "Nhiệt độ", "Temperature", "TEMP", "Nhiet do khong khi"),
    "water_temperature": ("Nhiet do nuoc", "Nhiệt độ nước", "WTemp"),
    "relative_humidity": ("Do am", "Độ ẩm", "RH", "Humidity"),
    "ph": ("PH", "Ph"),
    "dissolved_oxygen": ("Oxy hoa tan", "Oxy hòa tan", "DO_mgL"),
    "tss": ("SS", "Chat ran lo lung", "Chất rắn lơ lửng"),
    "flow": ("Luu luong", "Lưu lượng", "FLOW", "Qv"),
    "ammonium": ("Amoni", "NH4-N", "N_NH4"),
    "nitrate": ("NO3-N", "N_NO3"),
    "phosphate": ("PO4-P", "P_PO4"),
    "water_level": ("Muc nuoc", "Mực nước", "Level"),
    "conductivity": ("Do dan dien", "Độ dẫn điện"),
}

NEW_QUANTITIES = [
    QuantityDef("nox", "Nitơ oxit (NOx tính theo NO2)", "Nitrogen oxides (as NO2)", "µg/m³", ("NOx", "NOX"), _gas_conversions("nox"), ngsi_name="nox", minimum=0),
    QuantityDef("o2_flue", "Oxy trong khí thải", "Oxygen in flue gas", "%", ("O2_flue", "O2 khi thai", "O2%"), ngsi_name="o2Flue", minimum=0, maximum=25),
    QuantityDef("flue_gas_flow", "Lưu lượng khí thải", "Flue gas flow", "Nm³/h", ("Flow_gas", "Luu luong khi thai"), {"m³/h": (1.0, 0.0), "Nm3/h": (1.0, 0.0)}, ngsi_name="flueGasFlow", minimum=0),
    QuantityDef("flue_temperature", "Nhiệt độ khí thải", "Flue gas temperature", "°C", ("Temp_flue", "Nhiet do khi thai"), {"K": (1.0, -273.15)}, ("oC", "degC", "C"), ngsi_name="flueTemperature"),
    QuantityDef("dust_flue", "Bụi tổng trong khí thải", "Dust in flue gas", "mg/Nm³", ("Dust_flue", "Bui khi thai"), {"mg/Nm3": (1.0, 0.0), "mg/m³": (1.0, 0.0)}, ngsi_name="dustFlue", minimum=0),
    QuantityDef("salinity", "Độ mặn", "Salinity", "‰", ("Sal", "Do man", "Độ mặn", "Salinity"), {"psu": (1.0, 0.0), "g/L": (1.0, 0.0), "ppt": (1.0, 0.0)}, ngsi_name="salinity", minimum=0),
    QuantityDef("toc", "Tổng cacbon hữu cơ (TOC)", "Total organic carbon", "mg/L", ("TOC",), ngsi_name="toc", minimum=0),
    QuantityDef("nitrite", "Nitrit (NO2- tính theo N)", "Nitrite (as N)", "mg/L", ("N-NO2", "NO2-N", "N_NO2"), ngsi_name="NO2water", minimum=0),
    QuantityDef("ecoli", "E. coli", "E. coli", "MPN/100mL", ("E.coli", "Ecoli", "E_coli"), ngsi_name="ecoli", minimum=0),
    QuantityDef("arsenic", "Asen (As)", "Arsenic", "mg/L", ("As",), ngsi_name="As", minimum=0),
    QuantityDef("cadmium", "Cadimi (Cd)", "Cadmium", "mg/L", ("Cd",), ngsi_name="Cd", minimum=0),
    QuantityDef("lead", "Chì (Pb)", "Lead", "mg/L", ("Pb",), ngsi_name="Pb", minimum=0),
    QuantityDef("chromium6", "Crom VI (Cr6+)", "Chromium VI", "mg/L", ("Cr6+", "Cr6", "CrVI"), ngsi_name="Cr6", minimum=0),
    QuantityDef("copper", "Đồng (Cu)", "Copper", "mg/L", ("Cu",), ngsi_name="Cu", minimum=0),
    QuantityDef("zinc", "Kẽm (Zn)", "Zinc", "mg/L", ("Zn",), ngsi_name="Zn", minimum=0),
    QuantityDef("mercury", "Thủy ngân (Hg)", "Mercury", "mg/L", ("Hg",), ngsi_name="Hg", minimum=0),
    QuantityDef("aldrin", "Aldrin", "Aldrin", "µg/L", ("Aldrin",), ngsi_name="aldrin", minimum=0),
    QuantityDef("bhc", "BHC", "BHC", "µg/L", ("BHC",), ngsi_name="bhc", minimum=0),
    QuantityDef("dieldrin", "Dieldrin", "Dieldrin", "µg/L", ("Dieldrin",), ngsi_name="dieldrin", minimum=0),
    QuantityDef("ddts", "Tổng DDT", "Total DDTs", "µg/L", ("DDT", "DDTs"), ngsi_name="ddt", minimum=0),
    QuantityDef("heptachlor", "Heptachlor & Heptachlor epoxide", "Heptachlor and epoxide", "µg/L", ("Heptachlor",), ngsi_name="heptachlor", minimum=0),
    QuantityDef("wqi", "Chỉ số VN_WQI", "VN_WQI", "-", ("WQI", "VN_WQI", "waterQualityIndex"), unit_aliases=("",), ngsi_name="waterQualityIndex", minimum=0),
    QuantityDef("us_aqi", "Chỉ số AQI (US EPA)", "US EPA AQI", "-", ("US_AQI", "usAqi"), unit_aliases=("",), ngsi_name="usAirQualityIndex", minimum=0),
]

# Station kinds (Circular 10/2021): each is a hub asset type.
STATION_KIND_TYPES = {
    "air": "air-station",
    "surface-water": "water-station",
    "groundwater": "groundwater-station",
    "wastewater": "wastewater-station",
    "emission": "emission-station",
    "mobile": "mobile-air-station",
}

NEW_ASSET_TYPES = [
    AssetTypeDef("groundwater-station", "Trạm quan trắc nước dưới đất tự động", "Automatic groundwater station", "WaterQualityObserved", 300,
                 quantities=("water_level", "salinity", "water_temperature", "conductivity"),
                 quantity_map={"temperature": "water_temperature"}),
    AssetTypeDef("wastewater-station", "Trạm quan trắc nước thải tự động", "Automatic wastewater discharge station", "WaterQualityObserved", 300,
                 quantities=("ph", "cod", "tss", "flow", "water_temperature", "ammonium"),
                 quantity_map={"temperature": "water_temperature"}),
    AssetTypeDef("emission-station", "Trạm quan trắc khí thải tự động", "Automatic stack emission station", "AirQualityObserved", 300,
                 quantities=("dust_flue", "so2", "nox", "co", "o2_flue", "flue_temperature", "flue_gas_flow")),
    AssetTypeDef("mobile-air-station", "Xe quan trắc không khí di động", "Mobile air monitoring vehicle", "AirQualityObserved", 60,
                 quantities=("pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity")),
]


def register() -> None:
    """Extend the hub registry; idempotent (called from EnvironmentConfig.ready)."""
    for code in ("so2", "no2", "o3", "co"):
        q = registry.QUANTITIES[code]
        conv = {**q.conversions, **_gas_conversions(code)}
        registry.register_quantity(replace(q, conversions=conv, aliases=tuple(dict.fromkeys((*q.aliases, *EXTRA_ALIASES.get(code, ()))))))
    for code in ("pm25", "pm10", "tsp"):
        q = registry.QUANTITIES[code]
        conv = {**q.conversions, "mg/Nm³": (1000.0, 0.0), "mg/Nm3": (1000.0, 0.0)}
        registry.register_quantity(replace(q, conversions=conv))
    for code, names in EXTRA_ALIASES.items():
        q = registry.QUANTITIES.get(code)
        if q is not None:
            registry.register_quantity(replace(registry.QUANTITIES[code], aliases=tuple(dict.fromkeys((*registry.QUANTITIES[code].aliases, *names)))))
    for q in NEW_QUANTITIES:
        if q.code not in registry.QUANTITIES:
            registry.register_quantity(q)
    for t in NEW_ASSET_TYPES:
        registry.register_asset_type(t)
    air = registry.ASSET_TYPES["air-station"]
    if "aqi" not in air.quantities:
        registry.register_asset_type(replace(air, quantities=(*air.quantities, "aqi", "us_aqi")))
    water = registry.ASSET_TYPES["water-station"]
    if "wqi" not in water.quantities:
        registry.register_asset_type(replace(water, quantities=(*water.quantities, "wqi")))

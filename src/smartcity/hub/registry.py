"""Quantities and asset types known to the hub. Pure Python: domain apps extend it at
import time (in their AppConfig.ready) and the hub mirrors it into its tables on migrate.

A quantity has one canonical unit; readings in another known unit are converted on the
way in (value * factor + offset), and anything else is refused as a wrong unit.
"""
from dataclasses import dataclass, field


def _norm(text: str) -> str:
    """Case-, space- and punctuation-insensitive key: 'PM2.5' == 'pm2_5' == 'PM 2,5'."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class QuantityDef:
    code: str
    name_vi: str
    name_en: str
    unit: str
    aliases: tuple[str, ...] = ()
    # other accepted units -> (factor, offset) to the canonical unit
    conversions: dict = field(default_factory=dict)
    unit_aliases: tuple[str, ...] = ()
    ngsi_name: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class AssetTypeDef:
    code: str
    name_vi: str
    name_en: str
    ngsi_type: str
    default_interval_s: int = 300
    retention_days: int | None = None
    # short attribute keys (FIWARE UltraLight "object_id") -> quantity code
    attribute_map: dict = field(default_factory=dict)
    quantities: tuple[str, ...] = ()
    # what a global name means on this type: a water station's "Temp" (air temperature
    # everywhere else) is the water's. Applied after names and aliases are resolved, unless
    # the device's or the type's attribute_map named the quantity itself.
    quantity_map: dict = field(default_factory=dict)


QUANTITIES: dict[str, QuantityDef] = {}
ASSET_TYPES: dict[str, AssetTypeDef] = {}
_ALIASES: dict[str, str] = {}
_UNITS: dict[str, dict[str, tuple[float, float]]] = {}


def register_quantity(q: QuantityDef) -> None:
    QUANTITIES[q.code] = q
    _ALIASES[_norm(q.code)] = q.code
    for name in (*q.aliases, q.ngsi_name):
        if name:
            _ALIASES.setdefault(_norm(name), q.code)  # first registered wins on a shared alias
    units = {_norm_unit(q.unit): (1.0, 0.0)}
    for alias in q.unit_aliases:
        units[_norm_unit(alias)] = (1.0, 0.0)
    for unit, conv in q.conversions.items():
        units[_norm_unit(unit)] = conv
    _UNITS[q.code] = units


def register_asset_type(t: AssetTypeDef) -> None:
    ASSET_TYPES[t.code] = t


def _norm_unit(unit: str) -> str:
    u = unit.strip().lower().replace("μ", "µ").replace(" ", "")
    return {"ug/m3": "µg/m³", "µg/m3": "µg/m³", "mg/m3": "mg/m³", "m3/h": "m³/h", "m3": "m³", "oc": "°c", "degc": "°c",
            "deg": "°", "mg/l": "mg/l", "us/cm": "µs/cm", "ms/cm": "ms/cm"}.get(u, u)


def resolve_quantity(name: str) -> str | None:
    """The quantity code for a name or alias, or None."""
    return _ALIASES.get(_norm(name))


def conversion(quantity: str, unit: str | None) -> tuple[float, float] | None:
    """(factor, offset) that brings `unit` to the canonical unit; None if not accepted.
    An empty unit means the canonical one."""
    if unit is None or unit == "":
        return (1.0, 0.0)
    return _UNITS.get(quantity, {}).get(_norm_unit(unit))


# The base set: what the plan's devices measure. Domain apps add their own.
_BASE = [
    QuantityDef("pm25", "Bụi PM2.5", "PM2.5", "µg/m³", ("PM2.5", "PM25", "pm2_5", "pm_25"), {"mg/m³": (1000.0, 0.0)}, ngsi_name="pm25", minimum=0),
    QuantityDef("pm10", "Bụi PM10", "PM10", "µg/m³", ("PM10", "pm_10"), {"mg/m³": (1000.0, 0.0)}, ngsi_name="pm10", minimum=0),
    QuantityDef("tsp", "Bụi tổng (TSP)", "Total suspended particles", "µg/m³", ("TSP", "dust"), {"mg/m³": (1000.0, 0.0)}, ngsi_name="tsp", minimum=0),
    QuantityDef("co", "Cacbon monoxit (CO)", "Carbon monoxide", "µg/m³", ("CO",), {"mg/m³": (1000.0, 0.0)}, ngsi_name="co", minimum=0),
    QuantityDef("no2", "Nitơ dioxit (NO2)", "Nitrogen dioxide", "µg/m³", ("NO2",), {"mg/m³": (1000.0, 0.0)}, ngsi_name="no2", minimum=0),
    QuantityDef("so2", "Lưu huỳnh dioxit (SO2)", "Sulphur dioxide", "µg/m³", ("SO2",), {"mg/m³": (1000.0, 0.0)}, ngsi_name="so2", minimum=0),
    QuantityDef("o3", "Ozon (O3)", "Ozone", "µg/m³", ("O3",), {"mg/m³": (1000.0, 0.0)}, ngsi_name="o3", minimum=0),
    QuantityDef("temperature", "Nhiệt độ", "Temperature", "°C", ("temp", "t", "nhiet_do", "Temp"), {"K": (1.0, -273.15)}, ("oC", "degC", "C"), ngsi_name="temperature"),
    QuantityDef("relative_humidity", "Độ ẩm", "Relative humidity", "%", ("humidity", "rh", "h", "do_am", "relativeHumidity"), ngsi_name="relativeHumidity", minimum=0, maximum=100),
    QuantityDef("wind_speed", "Tốc độ gió", "Wind speed", "m/s", ("ws", "windSpeed"), {"km/h": (1 / 3.6, 0.0)}, ngsi_name="windSpeed", minimum=0),
    QuantityDef("wind_direction", "Hướng gió", "Wind direction", "°", ("wd", "windDirection"), unit_aliases=("deg", "độ"), ngsi_name="windDirection", minimum=0, maximum=360),
    QuantityDef("pressure", "Áp suất khí quyển", "Atmospheric pressure", "hPa", ("atmosphericPressure",), {"kPa": (10.0, 0.0), "Pa": (0.01, 0.0)}, ("mbar",), ngsi_name="atmosphericPressure"),
    QuantityDef("rainfall", "Lượng mưa", "Rainfall", "mm", ("rain", "precipitation"), ngsi_name="precipitation", minimum=0),
    QuantityDef("noise", "Tiếng ồn", "Noise level", "dB(A)", ("LAeq", "noise_level"), unit_aliases=("dBA", "dB"), ngsi_name="LAeq", minimum=0),
    QuantityDef("ph", "pH", "pH", "-", ("pH",), unit_aliases=("", "pH"), ngsi_name="pH", minimum=0, maximum=14),
    QuantityDef("dissolved_oxygen", "Oxy hòa tan (DO)", "Dissolved oxygen", "mg/L", ("DO", "O2"), ngsi_name="O2", minimum=0),
    QuantityDef("bod5", "BOD5", "Biochemical oxygen demand (BOD5)", "mg/L", ("BOD", "BOD5"), ngsi_name="bod", minimum=0),
    QuantityDef("cod", "COD", "Chemical oxygen demand", "mg/L", ("COD",), ngsi_name="cod", minimum=0),
    QuantityDef("tss", "Tổng chất rắn lơ lửng (TSS)", "Total suspended solids", "mg/L", ("TSS",), ngsi_name="tss", minimum=0),
    QuantityDef("turbidity", "Độ đục", "Turbidity", "NTU", ("turb",), ngsi_name="turbidity", minimum=0),
    QuantityDef("conductivity", "Độ dẫn điện", "Conductivity", "µS/cm", ("EC", "cond"), {"mS/cm": (1000.0, 0.0)}, ngsi_name="conductivity", minimum=0),
    QuantityDef("ammonium", "Amoni (NH4+ tính theo N)", "Ammonium (as N)", "mg/L", ("NH4", "N-NH4", "NH4+"), ngsi_name="NH4", minimum=0),
    QuantityDef("nitrate", "Nitrat (NO3- tính theo N)", "Nitrate (as N)", "mg/L", ("NO3", "N-NO3"), ngsi_name="NO3", minimum=0),
    QuantityDef("phosphate", "Phosphat (PO4 3- tính theo P)", "Phosphate (as P)", "mg/L", ("PO4", "P-PO4"), ngsi_name="PO4", minimum=0),
    QuantityDef("coliform", "Coliform", "Coliform", "MPN/100mL", ("coliform", "Coliform"), ngsi_name="coliform", minimum=0),
    QuantityDef("water_temperature", "Nhiệt độ nước", "Water temperature", "°C", ("water_temp", "wt"), {"K": (1.0, -273.15)}, ("oC", "degC", "C"), ngsi_name="temperature"),
    QuantityDef("flow", "Lưu lượng", "Flow", "m³/h", ("Flow", "Q"), {"m³/s": (3600.0, 0.0), "L/s": (3.6, 0.0)}, ngsi_name="flow", minimum=0),
    QuantityDef("water_level", "Mực nước", "Water level", "m", ("level", "wl"), {"cm": (0.01, 0.0)}, ngsi_name="waterLevel"),
    QuantityDef("stored_volume", "Thể tích trữ", "Stored volume", "m³", ("volume",), {"L": (0.001, 0.0)}, ngsi_name="storedVolume", minimum=0),
    QuantityDef("power", "Công suất", "Power", "W", ("P", "powerConsumption"), {"kW": (1000.0, 0.0)}, ngsi_name="powerConsumption", minimum=0),
    QuantityDef("energy", "Điện năng", "Energy", "kWh", ("E", "energy_kwh"), {"Wh": (0.001, 0.0)}, ngsi_name="energyConsumed", minimum=0),
    QuantityDef("dimming_level", "Mức độ sáng", "Dimming level", "%", ("dim", "illuminanceLevel"), ngsi_name="illuminanceLevel", minimum=0, maximum=100),
    QuantityDef("illuminance", "Độ rọi", "Illuminance", "lx", ("lux",), ngsi_name="illuminance", minimum=0),
    QuantityDef("fill_level", "Mức đầy", "Filling level", "%", ("fill", "fillingLevel"), {"ratio": (100.0, 0.0)}, ngsi_name="fillingLevel", minimum=0, maximum=100),
    QuantityDef("occupancy", "Số người đang dùng", "Occupancy", "count", ("occupied",), unit_aliases=("", "people"), ngsi_name="occupancy", minimum=0),
    QuantityDef("visits", "Lượt sử dụng", "Visits", "count", ("usage", "uses"), unit_aliases=("",), ngsi_name="visits", minimum=0),
    QuantityDef("connected_users", "Người dùng kết nối", "Connected users", "count", ("users", "clients"), unit_aliases=("",), ngsi_name="connectedUsers", minimum=0),
    QuantityDef("data_volume", "Lưu lượng dữ liệu", "Data volume", "MB", ("traffic",), {"GB": (1024.0, 0.0), "kB": (1 / 1024, 0.0)}, ngsi_name="dataVolume", minimum=0),
    QuantityDef("speed", "Tốc độ", "Speed", "km/h", ("v",), {"m/s": (3.6, 0.0)}, ngsi_name="speed", minimum=0),
    QuantityDef("bearing", "Hướng di chuyển", "Bearing", "°", ("heading",), unit_aliases=("deg",), ngsi_name="heading", minimum=0, maximum=360),
    QuantityDef("battery", "Pin", "Battery", "%", ("bat", "batteryLevel"), ngsi_name="batteryLevel", minimum=0, maximum=100),
    QuantityDef("aqi", "Chỉ số VN_AQI", "VN_AQI", "-", ("AQI", "VN_AQI", "airQualityIndex"), unit_aliases=("",), ngsi_name="airQualityIndex", minimum=0),
]
for _q in _BASE:
    register_quantity(_q)

for _t in [
    AssetTypeDef("air-station", "Trạm quan trắc không khí tự động", "Automatic air monitoring station", "AirQualityObserved", 300,
                 attribute_map={"t": "temperature", "h": "relative_humidity", "p": "pressure"},
                 quantities=("pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity")),
    AssetTypeDef("water-station", "Trạm quan trắc nước mặt tự động", "Automatic surface-water station", "WaterQualityObserved", 300,
                 attribute_map={"t": "water_temperature"}, quantity_map={"temperature": "water_temperature"},
                 quantities=("ph", "dissolved_oxygen", "cod", "tss", "ammonium", "water_temperature", "turbidity")),
    AssetTypeDef("streetlight", "Đèn đường thông minh", "Smart streetlight", "Streetlight", 900,
                 attribute_map={"p": "power", "e": "energy", "d": "dimming_level", "l": "illuminance"},
                 quantities=("power", "energy", "dimming_level")),
    AssetTypeDef("waste-bin", "Thùng rác thông minh", "Smart waste bin", "WasteContainer", 1800,
                 attribute_map={"f": "fill_level", "t": "temperature", "b": "battery"},
                 quantities=("fill_level", "temperature", "battery")),
    AssetTypeDef("public-toilet", "Nhà vệ sinh công cộng thông minh", "Smart public toilet", "PublicToilet", 900,
                 quantities=("occupancy", "visits")),
    AssetTypeDef("reservoir", "Hồ chứa nước mưa", "Rainwater reservoir", "WaterReservoir", 900,
                 quantities=("water_level", "stored_volume", "rainfall")),
    AssetTypeDef("wifi-hotspot", "Điểm Wi-Fi công cộng", "Public Wi-Fi hotspot", "WifiHotspot", 900,
                 quantities=("connected_users", "data_volume")),
    AssetTypeDef("bus", "Xe buýt", "Bus", "Vehicle", 30, retention_days=400, quantities=("speed", "bearing")),
]:
    register_asset_type(_t)

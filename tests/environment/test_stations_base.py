"""A station is a hub asset with datastreams for its kind's parameters."""
from smartcity.hub import registry


def test_station_creates_asset_and_datastreams(make_station):
    st = make_station("BD_KCNSONGTHAN_NT01", "wastewater", river="", industrial_park="KCN Sóng Thần")
    assert st.asset.asset_type_id == "wastewater-station"
    assert set(st.asset.datastreams.values_list("quantity_id", flat=True)) == set(registry.ASSET_TYPES["wastewater-station"].quantities)
    again = make_station("BD_KCNSONGTHAN_NT01", "wastewater", name="Trạm nước thải KCN Sóng Thần")
    assert again.pk == st.pk and again.asset.name == "Trạm nước thải KCN Sóng Thần"


def test_gas_units_convert_by_molecular_weight():
    f, _ = registry.conversion("so2", "ppb")
    assert abs(f - 64.066 / 24.45) < 1e-9
    f, _ = registry.conversion("co", "ppm")
    assert abs(f - 28.010 * 1000 / 24.45) < 1e-6
    assert registry.resolve_quantity("Nhiet do") == "temperature"
    assert registry.resolve_quantity("PM-2.5") == "pm25"

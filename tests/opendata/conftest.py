"""Fixtures of the open data tests: a small province (two published air stations, one
unpublished, 150 hourly AQI values, three smart bins) registered in the catalogue by the
real providers; each test gets a fresh rate-limit cache and its own file cache."""
import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def province(make_asset):
    """Stations and bins as the environment and sanitation modules hold them."""
    from smartcity.environment.models import IndexValue, Station
    from smartcity.opendata.services import LOCAL

    from smartcity.core.models import Organisation

    donre = Organisation.objects.get(code="DONRE")
    stations = []
    for slug, code, name, lat, lon, published in (
            ("kk-di-an", "BD_DIAN_KK01", "Trạm quan trắc không khí Dĩ An", 10.9057, 106.7694, True),
            ("kk-thu-dau-mot", "BD_TDM_KK01", "Trạm quan trắc không khí Thủ Dầu Một", 10.9804, 106.6519, True),
            ("kk-ben-cat", "BD_BENCAT_KK01", "Trạm quan trắc không khí Bến Cát (chạy thử)", 11.1545, 106.5940, False)):
        asset = make_asset(slug, "air-station", name=name, lat=lat, lon=lon, published=published,
                           address="Tỉnh Bình Dương")
        stations.append(Station.objects.create(asset=asset, owner=donre, code=code, kind="air", published=published,
                                               industrial_park="KCN Sóng Thần" if slug == "kk-di-an" else ""))
    end = int(dt.datetime.now(LOCAL).replace(minute=0, second=0, microsecond=0).timestamp())
    IndexValue.objects.bulk_create(
        [IndexValue(station=s, kind="vn_aqi_h", t=end - 3600 * h, value=40 + (h * 7) % 90, band="good" if h % 3 else "moderate",
                    dominant="pm25") for s in stations for h in range(75)])
    for i, (lat, lon) in enumerate(((10.981, 106.652), (10.975, 106.660), (10.990, 106.671))):
        make_asset(f"thung-rac-phu-cuong-{i + 1}", "waste-bin", name=f"Thùng rác thông minh Phú Cường {i + 1}", lat=lat, lon=lon)
    return stations


@pytest.fixture
def catalogue(province):
    from smartcity.opendata import services

    report = services.sync()
    return report


@pytest.fixture
def ckan(client):
    """Call a CKAN action over GET (params) or POST (JSON); returns (status, body)."""
    import json

    def call(action, method="get", **data):
        if method == "post":
            response = client.post(f"/api/3/action/{action}", data=json.dumps(data), content_type="application/json")
        else:
            response = client.get(f"/api/3/action/{action}", data)
        return response.status_code, response.json()

    return call

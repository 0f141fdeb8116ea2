import time

import orjson
import pytest

URL = "/api/hub/observations"
# six hours ago, on the hour: recent enough to notify, old enough never to be "future"
T0 = (int(time.time()) // 3600 - 6) * 3600


@pytest.fixture(autouse=True)
def _fresh_index():
    """The rule index and datastream facts are per process; tests roll back under them."""
    from smartcity.alerts import index

    index.clear_all()
    yield
    index.clear_all()


@pytest.fixture
def station(make_asset):
    return make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.980, lon=106.652)


@pytest.fixture
def station_key(station, device_token):
    _token, key = device_token(assets=[station])
    return key


@pytest.fixture
def make_rule(hub):
    from smartcity.alerts.models import AlertRule
    from smartcity.alerts.params import clean_rule
    from smartcity.core.models import Organisation

    def make(name="PM2.5 trên 50", owner="DONRE", kind="threshold", target="asset_type", asset_type="air-station",
             quantity="pm25", params=None, severity="high", **extra):
        params = params if params is not None else {"op": ">", "value": 50, "clear_value": 40, "duration_s": 3600}
        clean, errors = clean_rule(kind=kind, target=target, asset_type=asset_type, asset=extra.get("asset"),
                                   datastream=extra.get("datastream"), quantity=quantity, params=params)
        assert not errors, errors
        return AlertRule.objects.create(owner=Organisation.objects.get(code=owner), name=name, kind=kind, target=target,
                                        asset_type_id=asset_type if target == "asset_type" else None,
                                        quantity_id=quantity if target != "datastream" else None, params=clean,
                                        severity=severity, **extra)

    return make


@pytest.fixture
def ingest(client):
    def post(key, rows, expect=200):
        r = client.post(URL, data=orjson.dumps(rows), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert r.status_code == expect, r.content
        return r.json()

    return post


def pm25(slug, minutes_and_values, start=None):
    start = T0 if start is None else start
    return [{"asset": slug, "quantity": "pm25", "time": start + m * 60, "value": v} for m, v in minutes_and_values]


@pytest.fixture
def immediate_huey():
    """Huey runs tasks in the calling thread (its in-memory storage): deliveries are
    sent as soon as the ingest transaction commits."""
    from huey.contrib.djhuey import HUEY

    import smartcity.alerts.tasks  # noqa: F401  (registers the tasks)

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before

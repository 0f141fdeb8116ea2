"""POST /api/hub/observations through the real HTTP stack (Django test client)."""
import orjson
import pytest

from smartcity.hub.models import Observation

URL = "/api/hub/observations"


@pytest.fixture
def station(make_asset):
    return make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)


def post(client, key, body, ctype="application/json"):
    data = body if isinstance(body, (str, bytes)) else orjson.dumps(body)
    return client.post(URL, data=data, content_type=ctype, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_json_batch_with_row_errors(client, station, device_token):
    _, key = device_token(assets=[station])
    rows = [
        {"asset": "kk-di-an", "quantity": "PM2.5", "time": "2026-11-23T08:00:00+07:00", "value": 35.2, "unit": "µg/m³"},
        {"asset": "kk-di-an", "quantity": "pm2_5", "time": "2026-11-23T08:05:00+07:00", "value": "36,1"},
        {"asset": "kk-khong-co", "quantity": "pm25", "time": "2026-11-23T08:00:00+07:00", "value": 1},
        {"asset": "kk-di-an", "quantity": "độ-phóng-xạ", "time": "2026-11-23T08:00:00+07:00", "value": 1},
        {"asset": "kk-di-an", "quantity": "pm10", "time": "2026-11-23T08:00:00+07:00", "value": 50, "unit": "ppm"},
        {"asset": "kk-di-an", "quantity": "pm10", "time": "2026-11-23T08:00:00+07:00", "value": "cao"},
        {"asset": "kk-di-an", "quantity": "pm10", "time": "2099-01-01T00:00:00+07:00", "value": 5},
        {"asset": "kk-di-an", "quantity": "pm10", "time": "hôm qua", "value": 5},
        {"asset": "kk-di-an", "quantity": "pm10", "time": "2026-11-23T08:00:00+07:00", "value": 0.05, "unit": "mg/m3"},
    ]
    r = post(client, key, {"observations": rows})
    assert r.status_code == 207
    body = r.json()
    assert (body["stored"], body["rejected"]) == (3, 6)
    assert [(e["index"], e["field"], e["code"]) for e in body["errors"]] == [
        (2, "asset", "unknown_asset"), (3, "quantity", "unknown_quantity"), (4, "unit", "wrong_unit"),
        (5, "value", "not_numeric"), (6, "time", "future_time"), (7, "time", "bad_time")]
    pm10 = Observation.objects.get(datastream__quantity_id="pm10")
    assert pm10.value == pytest.approx(50.0)  # 0.05 mg/m³ converted to µg/m³
    assert sorted(Observation.objects.filter(datastream__quantity_id="pm25").values_list("value", flat=True)) == [35.2, 36.1]


def test_csv_batch(client, station, device_token):
    _, key = device_token(assets=[station])
    csv_body = "asset,quantity,unit,time,value,status\n" + "".join(
        f"kk-di-an,pm25,µg/m³,2026-11-22T{h:02d}:00:00+07:00,{20 + h},valid\n" for h in range(24))
    r = post(client, key, csv_body, "text/csv")
    assert r.status_code == 200 and r.json()["stored"] == 24
    again = post(client, key, csv_body, "text/csv").json()
    assert (again["stored"], again["unchanged"]) == (0, 24)


def test_token_scope_and_revocation(client, station, make_asset, device_token):
    other = make_asset("kk-thuan-an")
    token, key = device_token(assets=[station])
    r = post(client, key, [{"asset": "kk-thuan-an", "quantity": "pm25", "time": 1_763_856_000, "value": 1}])
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "forbidden_asset"
    dot_token, dot_key = device_token(owner="DOT", all_owner_assets=True)
    r = post(client, dot_key, [{"asset": "kk-di-an", "quantity": "pm25", "time": 1_763_856_000, "value": 1}])
    assert r.json()["errors"][0]["code"] == "forbidden_asset"
    from smartcity.hub.services import revoke_device_token

    revoke_device_token(token)
    r = post(client, key, [{"asset": "kk-di-an", "quantity": "pm25", "time": 1_763_856_000, "value": 1}])
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"
    assert not Observation.objects.exists()
    del other


def test_bad_bodies_store_nothing(client, station, device_token, settings):
    _, key = device_token(assets=[station])
    assert post(client, key, b"{not json").json()["code"] == "malformed_json"
    assert post(client, key, "a;b\n1;2", "text/csv").json()["code"] == "bad_csv_header"
    assert post(client, key, "<xml/>", "application/xml").status_code == 415
    settings.HUB_MAX_BODY_BYTES = 100
    big = [{"asset": "kk-di-an", "quantity": "pm25", "time": 1_763_856_000 + i, "value": 1} for i in range(10)]
    r = post(client, key, big)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert client.post(URL, data="[]", content_type="application/json").status_code == 401
    assert not Observation.objects.exists()


def test_ten_thousand_rows_in_one_request(client, station, device_token):
    _, key = device_token(assets=[station])
    rows = [{"asset": "kk-di-an", "quantity": "pm25", "time": 1_700_000_000 + 60 * i, "value": i % 97} for i in range(10_000)]
    r = post(client, key, rows)
    assert r.status_code == 200 and r.json()["stored"] == 10_000
    assert Observation.objects.count() == 10_000


def test_device_form_with_values(client, station, device_token):
    _, key = device_token(assets=[station])
    r = post(client, key, {"asset": "kk-di-an", "time": "2026-11-23T09:00:00+07:00", "values": {"pm25": 40.1, "t": 31.2, "h": 78}})
    assert r.status_code == 200 and r.json()["stored"] == 3
    assert set(Observation.objects.values_list("datastream__quantity_id", flat=True)) == {"pm25", "temperature", "relative_humidity"}


def test_personal_token_follows_the_permission_rule(client, station, make_user):
    from smartcity.core.services import issue_api_token

    _, donre_key = issue_api_token(make_user("donre.minh", "DONRE", "editor"), "backfill")
    _, dot_key = issue_api_token(make_user("dot.nam", "DOT", "editor"), "x")
    row = [{"asset": "kk-di-an", "quantity": "pm25", "time": 1_763_856_000, "value": 12}]
    assert post(client, dot_key, row).json()["errors"][0]["code"] == "forbidden_asset"
    assert post(client, donre_key, row).status_code == 200


def test_a_water_stations_temp_is_the_waters(client, station, make_asset, device_token):
    """'Temp' is air temperature by the global aliases, but on a water station's type it
    means the water's (the type's quantity_map): the same name, two quantities."""
    river = make_asset("nm-sai-gon-tdm", "water-station", name="Trạm nước mặt sông Sài Gòn (Thủ Dầu Một)", lat=10.973, lon=106.642)
    _, key = device_token(assets=[station, river])
    rows = [{"asset": "nm-sai-gon-tdm", "quantity": "Temp", "time": "2026-11-23T08:00:00+07:00", "value": 29.4},
            {"asset": "kk-di-an", "quantity": "Temp", "time": "2026-11-23T08:00:00+07:00", "value": 33.1}]
    r = post(client, key, {"observations": rows})
    assert r.status_code in (200, 201) and r.json()["stored"] == 2
    by_asset = {o.datastream.asset.slug: (o.datastream.quantity_id, o.value)
                for o in Observation.objects.select_related("datastream__asset")}
    assert by_asset == {"nm-sai-gon-tdm": ("water_temperature", 29.4), "kk-di-an": ("temperature", 33.1)}

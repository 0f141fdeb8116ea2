"""FIWARE IoT Agent southbound over HTTP: POST /iot/d (UltraLight) and /iot/json."""
import time

import orjson
import pytest

from smartcity.hub.models import Observation
from smartcity.hub.timebase import parse_time


@pytest.fixture
def station(make_asset):
    return make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)


def stored(quantity=None):
    qs = Observation.objects.all()
    if quantity:
        qs = qs.filter(datastream__quantity_id=quantity)
    return sorted(qs.values_list("datastream__quantity_id", "t", "value"))


def test_ultralight_body_maps_short_keys(client, station, device_token):
    _, key = device_token(assets=[station])
    body = "2026-11-23T08:00:00+07:00|t|32.6|h|74#2026-11-23T08:05:00+07:00|t|32,9|h|73.5|pm25|41.2"
    r = client.post(f"/iot/d?k={key}&i=kk-di-an", data=body, content_type="text/plain")
    assert r.status_code == 200, r.content
    assert r.json()["stored"] == 5
    t0 = parse_time("2026-11-23T08:00:00+07:00")
    assert stored("temperature") == [("temperature", t0, 32.6), ("temperature", t0 + 300, 32.9)]
    assert stored("relative_humidity") == [("relative_humidity", t0, 74.0), ("relative_humidity", t0 + 300, 73.5)]
    assert stored("pm25") == [("pm25", t0 + 300, 41.2)]
    again = client.post(f"/iot/d?k={key}&i=kk-di-an", data=body, content_type="text/plain").json()
    assert (again["stored"], again["unchanged"]) == (0, 5)


def test_ultralight_without_time_uses_arrival_or_t_parameter(client, station, device_token):
    _, key = device_token(assets=[station])
    before = int(time.time())
    assert client.post(f"/iot/d?k={key}&i=kk-di-an", data="t|30.1", content_type="text/plain").status_code == 200
    (q, t, v), = stored("temperature")
    assert before <= t <= int(time.time()) and v == 30.1
    r = client.post(f"/iot/d?k={key}&i=kk-di-an&t=2026-11-22T07:00:00%2B07:00", data="h|80", content_type="text/plain")
    assert r.status_code == 200
    assert stored("relative_humidity") == [("relative_humidity", parse_time("2026-11-22T07:00:00+07:00"), 80.0)]


def test_ultralight_over_get(client, station, device_token):
    _, key = device_token(assets=[station])
    r = client.get(f"/iot/d?k={key}&i=kk-di-an&d=1763856000|t|29.5")
    assert r.status_code == 200 and stored() == [("temperature", 1_763_856_000, 29.5)]
    assert client.get(f"/iot/d?k={key}&i=kk-di-an").json()["code"] == "missing_data"


def test_json_measures_and_asset_attribute_map(client, make_asset, device_token):
    asset = make_asset("kk-ben-cat", attribute_map={"bui": "pm25", "t": "temperature"})
    _, key = device_token(assets=[asset])
    body = [{"bui": 35.5, "t": 31, "TimeInstant": "2026-11-23T01:00:00Z"}, {"bui": 36, "TimeInstant": "2026-11-23T01:05:00Z"}]
    r = client.post(f"/iot/json?k={key}&i=kk-ben-cat", data=orjson.dumps(body), content_type="application/json")
    assert r.status_code == 200 and r.json()["stored"] == 3
    t0 = parse_time("2026-11-23T01:00:00Z")
    assert stored("pm25") == [("pm25", t0, 35.5), ("pm25", t0 + 300, 36.0)]


def test_bearer_header_works_too(client, station, device_token):
    _, key = device_token(assets=[station])
    r = client.post("/iot/json?i=kk-di-an", data=b'{"t": 30, "TimeInstant": 1763856000}', content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and stored() == [("temperature", 1_763_856_000, 30.0)]


def test_row_errors_are_reported_in_the_platform_shape(client, station, device_token):
    _, key = device_token(assets=[station])
    r = client.post(f"/iot/d?k={key}&i=kk-di-an", data="1763856000|t|31|x9|4|h|cao", content_type="text/plain")
    assert r.status_code == 207
    body = r.json()
    assert body["stored"] == 1 and body["rejected"] == 2
    assert sorted((e["field"], e["code"]) for e in body["errors"]) == [("values.h", "not_numeric"), ("values.x9", "unknown_quantity")]
    r = client.post(f"/iot/json?k={key}&i=kk-di-an", data=b'{"h": "cao", "TimeInstant": 1763856000}', content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "all_rows_rejected" and {"status", "detail", "errors"} <= set(body)


def test_auth_device_and_body_errors_store_nothing(client, station, make_asset, device_token):
    token, key = device_token(assets=[station])
    make_asset("kk-tan-uyen")
    cases = [
        (client.post("/iot/d?i=kk-di-an", data="t|1", content_type="text/plain"), 401, "invalid_token"),
        (client.post("/iot/d?k=dv_khong-hop-le&i=kk-di-an", data="t|1", content_type="text/plain"), 401, "invalid_token"),
        (client.post(f"/iot/d?k={key}", data="t|1", content_type="text/plain"), 400, "missing_device"),
        (client.post(f"/iot/d?k={key}&i=kk-di-an", data="t|1|h", content_type="text/plain"), 400, "bad_ultralight"),
        (client.post(f"/iot/d?k={key}&i=kk-di-an", data="", content_type="text/plain"), 400, "empty_payload"),
        (client.post(f"/iot/json?k={key}&i=kk-di-an", data=b"{t: 1}", content_type="application/json"), 400, "malformed_json"),
        (client.post(f"/iot/json?k={key}&i=kk-di-an", data=b"<t>1</t>", content_type="application/xml"), 415, "unsupported_media_type"),
        (client.put(f"/iot/json?k={key}&i=kk-di-an", data=b"{}", content_type="application/json"), 405, "method_not_allowed"),
        (client.post(f"/iot/json?k={key}&i=kk-khong-co", data=b'{"t": 1}', content_type="application/json"), 422, "all_rows_rejected"),
        (client.post(f"/iot/json?k={key}&i=kk-tan-uyen", data=b'{"t": 1}', content_type="application/json"), 422, "all_rows_rejected"),
    ]
    for response, status, code in cases:
        body = response.json()
        assert (response.status_code, body["code"]) == (status, code), body
        assert {"status", "code", "detail", "errors"} <= set(body)
    assert cases[-2][0].json()["errors"][0]["code"] == "unknown_asset"
    assert cases[-1][0].json()["errors"][0]["code"] == "forbidden_asset"
    from smartcity.hub.services import revoke_device_token

    revoke_device_token(token)
    r = client.post(f"/iot/d?k={key}&i=kk-di-an", data="1763856000|t|1", content_type="text/plain")
    assert r.status_code == 401
    assert not Observation.objects.exists()


def test_oversized_body(client, station, device_token, settings):
    _, key = device_token(assets=[station])
    settings.HUB_MAX_BODY_BYTES = 50
    r = client.post(f"/iot/d?k={key}&i=kk-di-an", data="t|1|" + "h|2|" * 40 + "p|3", content_type="text/plain")
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert not Observation.objects.exists()

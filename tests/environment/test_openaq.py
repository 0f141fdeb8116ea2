"""The OpenAQ v3-compatible API, field by field against OpenAQ's response models
(openaq-api-v2 v3/models/responses.py; environment.md §6): envelope, locations with their
filters, sensors, raw measurements, hours, days (01:00-24:00 local), parameters, errors."""
import pytest

from smartcity.hub.models import Datastream, DailyRollup, HourlyRollup
from smartcity.hub.timebase import DAY, HOUR, day_bucket, iso, iso_utc
from tests.environment.test_public import NOW, network  # noqa: F401  (the shared fixture)

META_KEYS = {"name", "website", "page", "limit", "found"}
DT_KEYS = {"utc", "local"}
PARAM_KEYS = {"id", "name", "units", "displayName"}
LOCATION_KEYS = {"id", "name", "locality", "timezone", "country", "owner", "provider", "isMobile", "isMonitor",
                 "instruments", "sensors", "coordinates", "licenses", "bounds", "distance", "datetimeFirst", "datetimeLast"}
SENSOR_KEYS = {"id", "name", "parameter", "datetimeFirst", "datetimeLast", "coverage", "latest", "summary"}
COVERAGE_KEYS = {"expectedCount", "expectedInterval", "observedCount", "observedInterval", "percentComplete",
                 "percentCoverage", "datetimeFrom", "datetimeTo"}
SUMMARY_KEYS = {"min", "q02", "q25", "median", "q75", "q98", "max", "avg", "sd"}
MEASUREMENT_KEYS = {"value", "flagInfo", "parameter", "period", "coordinates", "summary", "coverage"}
PERIOD_KEYS = {"label", "interval", "datetimeFrom", "datetimeTo"}


def get(client, url, status=200):
    response = client.get("/openaq/v3/" + url)
    assert response.status_code == status, response.content
    return response.json()


def envelope(body, found=None, page=1, limit=100):
    assert set(body) == {"meta", "results"}
    assert set(body["meta"]) == META_KEYS
    assert body["meta"]["name"] == "openaq-api" and body["meta"]["page"] == page and body["meta"]["limit"] == limit
    if found is not None:
        assert body["meta"]["found"] == found
    return body["results"]


def check_dt(value, t=None):
    assert set(value) == DT_KEYS
    assert value["utc"].endswith("Z") and value["local"].endswith("+07:00")
    if t is not None:
        assert value == {"utc": iso_utc(t), "local": iso(t)}


def check_measurement(m, label, interval):
    assert set(m) == MEASUREMENT_KEYS
    assert isinstance(m["value"], float) and set(m["flagInfo"]) == {"hasFlags"}
    assert set(m["parameter"]) == PARAM_KEYS
    assert set(m["period"]) == PERIOD_KEYS and m["period"]["label"] == label and m["period"]["interval"] == interval
    check_dt(m["period"]["datetimeFrom"])
    check_dt(m["period"]["datetimeTo"])
    assert set(m["coverage"]) == COVERAGE_KEYS
    assert m["summary"] is None or set(m["summary"]) == SUMMARY_KEYS


def test_locations_shape_and_published_only(client, network):  # noqa: F811
    results = envelope(get(client, "locations"), found=6)
    ids = [r["id"] for r in results]
    assert network["hidden"].pk not in ids and ids == sorted(ids)
    loc = next(r for r in results if r["id"] == network["dian"].pk)
    assert set(loc) == LOCATION_KEYS
    assert loc["name"] == "Trạm quan trắc không khí tự động Dĩ An" and loc["timezone"] == "Asia/Ho_Chi_Minh"
    assert loc["country"] == {"id": None, "code": "VN", "name": "Viet Nam"}
    assert loc["owner"]["id"] == network["dian"].owner_id and loc["owner"]["name"]
    assert set(loc["provider"]) == {"id", "name"} and loc["isMobile"] is False and loc["isMonitor"] is True
    assert loc["coordinates"] == {"latitude": 10.9065, "longitude": 106.769}
    assert loc["bounds"] == [106.769, 10.9065, 106.769, 10.9065] and loc["distance"] is None
    check_dt(loc["datetimeFirst"])
    check_dt(loc["datetimeLast"])
    sensors = {s["parameter"]["name"]: s for s in loc["sensors"]}
    assert all(set(s) == {"id", "name", "parameter"} for s in loc["sensors"])
    assert sensors["pm25"]["parameter"] == {"id": 2, "name": "pm25", "units": "µg/m³", "displayName": "PM2.5"}
    assert sensors["pm10"]["parameter"]["id"] == 1 and sensors["o3"]["parameter"]["id"] == 3
    assert sensors["no2"]["parameter"]["id"] == 5 and sensors["so2"]["parameter"]["id"] == 6 and sensors["co"]["parameter"]["id"] == 4
    assert sensors["temperature"]["parameter"]["units"] == "c" and sensors["temperature"]["parameter"]["id"] == 100
    assert sensors["pm25"]["name"] == "pm25 µg/m³"
    assert sensors["pm25"]["id"] == Datastream.objects.get(asset=network["dian"].asset, quantity_id="pm25").pk
    assert "aqi" not in sensors and "us_aqi" not in sensors  # indices are not sensors
    car = next(r for r in results if r["id"] == network["car"].pk)
    assert car["isMobile"] is True


def test_locations_filters_and_paging(client, network):  # noqa: F811
    near = envelope(get(client, "locations?coordinates=10.9065,106.7690&radius=5000"))
    assert {r["id"] for r in near} == {network["dian"].pk, network["waste"].pk}  # Sóng Thần is 2.4 km away
    dian = next(r for r in near if r["id"] == network["dian"].pk)
    assert dian["distance"] == 0.0
    boxed = envelope(get(client, "locations?bbox=106.55,11.0,106.7,11.2"))
    assert [r["id"] for r in boxed] == [network["bencat"].pk]
    pm25 = envelope(get(client, "locations?parameters_id=2"))
    assert {r["id"] for r in pm25} == {network[k].pk for k in ("dian", "tdm", "bencat", "car")}
    assert envelope(get(client, "locations?iso=TH"), found=0) == []
    assert len(envelope(get(client, "locations?iso=vn"), found=6)) == 6
    assert [r["id"] for r in envelope(get(client, "locations?mobile=true"))] == [network["car"].pk]
    page2 = get(client, "locations?limit=4&page=2")
    assert envelope(page2, found=6, page=2, limit=4) and len(page2["results"]) == 2
    desc = envelope(get(client, "locations?sort_order=desc"))
    assert [r["id"] for r in desc] == sorted((r["id"] for r in desc), reverse=True)


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=1001", "limit"), ("page=zero", "page"), ("radius=1000", "coordinates"),
    ("coordinates=10.9,106.7&radius=30000", "radius"), ("coordinates=10.9&radius=100", "coordinates"),
    ("bbox=1,2,3", "bbox"), ("bbox=106,10,107,11&coordinates=10.9,106.7&radius=100", "bbox"),
    ("parameters_id=pm25", "parameters_id"), ("iso=VNM", "iso"), ("mobile=maybe", "mobile"), ("sort_order=up", "sort_order"),
])
def test_locations_errors_like_openaq(client, network, query, field):  # noqa: F811
    body = get(client, "locations?" + query, status=422)
    assert set(body) == {"detail"} and len(body["detail"]) == 1
    item = body["detail"][0]
    assert set(item) == {"type", "loc", "msg", "input"} and item["loc"] == ["query", field] and item["msg"]


def test_location_detail_sensors_latest_and_404(client, network):  # noqa: F811
    pk = network["dian"].pk
    [loc] = envelope(get(client, f"locations/{pk}"), found=1)
    assert set(loc) == LOCATION_KEYS
    sensors = envelope(get(client, f"locations/{pk}/sensors"))
    assert len(sensors) == 8
    for s in sensors:
        assert set(s) == SENSOR_KEYS and set(s["parameter"]) == PARAM_KEYS
        assert set(s["coverage"]) == COVERAGE_KEYS and set(s["summary"]) == SUMMARY_KEYS
    pm25 = next(s for s in sensors if s["parameter"]["id"] == 2)
    assert set(pm25["latest"]) == {"datetime", "value", "coordinates"} and pm25["latest"]["value"] == 95.0
    assert pm25["coverage"]["observedCount"] == 30 * 96 and pm25["coverage"]["expectedInterval"]
    assert pm25["summary"]["max"] == 95.0 and pm25["summary"]["min"] == 30.0
    latest = envelope(get(client, f"locations/{pk}/latest"))
    assert all(set(r) == {"datetime", "value", "coordinates", "sensorsId", "locationsId"} for r in latest)
    assert {r["locationsId"] for r in latest} == {pk}
    assert get(client, f"locations/{network['hidden'].pk}", status=404) == {"detail": "Location not found"}
    assert get(client, "locations/999999", status=404)["detail"] == "Location not found"
    assert get(client, "locations/abc", status=422)["detail"][0]["loc"] == ["path", "locations_id"]
    hidden_ds = Datastream.objects.filter(asset=network["hidden"].asset).first()
    assert get(client, f"sensors/{hidden_ds.pk}", status=404) == {"detail": "Sensor not found"}


def test_measurements_raw_with_range_and_paging(client, network):  # noqa: F811
    ds = Datastream.objects.get(asset=network["dian"].asset, quantity_id="pm25")
    last = NOW - NOW % 900
    body = get(client, f"sensors/{ds.pk}/measurements?datetime_from={iso_utc(last - 3600)}&limit=3")
    results = envelope(body, found=4, limit=3)  # the hour after `from`: four 15-minute readings
    assert len(results) == 3
    for m in results:
        check_measurement(m, "raw", "00:05:00")
        assert m["parameter"] == {"id": 2, "name": "pm25", "units": "µg/m³", "displayName": "PM2.5"}
    first = results[0]
    check_dt(first["period"]["datetimeTo"], last - 2700)
    assert first["value"] == 95.0 and first["flagInfo"] == {"hasFlags": False} and first["coordinates"] is None
    page2 = envelope(get(client, f"sensors/{ds.pk}/measurements?datetime_from={iso_utc(last - 3600)}&limit=3&page=2"), found=4, page=2, limit=3)
    check_dt(page2[0]["period"]["datetimeTo"], last)
    # a local time with its offset, as people write it, and a date alone
    local = iso(last - 3600).replace("+", "%2B")
    assert get(client, f"sensors/{ds.pk}/measurements?datetime_from={local}")["meta"]["found"] == 4
    assert get(client, f"sensors/{ds.pk}/measurements?datetime_from=2001-01-01&datetime_to=2001-02-01")["meta"]["found"] == 0
    bad = get(client, f"sensors/{ds.pk}/measurements?datetime_from=yesterday", status=422)
    assert bad["detail"][0]["loc"] == ["query", "datetime_from"]


def test_measurements_of_mobile_and_flagged_readings(client, network):  # noqa: F811
    car = Datastream.objects.get(asset=network["car"].asset, quantity_id="pm25")
    results = envelope(get(client, f"sensors/{car.pk}/measurements"), found=10)
    assert results[3]["coordinates"] == {"latitude": pytest.approx(10.956), "longitude": pytest.approx(106.667)}
    flow = Datastream.objects.get(asset=network["waste"].asset, quantity_id="flow")
    [m] = envelope(get(client, f"sensors/{flow.pk}/measurements"), found=1)
    assert m["flagInfo"] == {"hasFlags": True} and m["value"] == 85.2  # calibrating: published, flagged


def test_hours_from_rollups(client, network):  # noqa: F811
    ds = Datastream.objects.get(asset=network["dian"].asset, quantity_id="pm25")
    hours = envelope(get(client, f"sensors/{ds.pk}/hours?limit=1000"), limit=1000)
    assert len(hours) == HourlyRollup.objects.filter(datastream=ds).count() == get(client, f"sensors/{ds.pk}/hours")["meta"]["found"]
    h = hours[-2]  # a complete hour
    check_measurement(h, "1hour", "01:00:00")
    start = HourlyRollup.objects.filter(datastream=ds).order_by("-bucket")[1]
    check_dt(h["period"]["datetimeFrom"], start.bucket)
    check_dt(h["period"]["datetimeTo"], start.bucket + HOUR)
    assert h["value"] == pytest.approx(start.total / start.n)
    assert h["coverage"]["expectedCount"] == 12 and h["coverage"]["observedCount"] == 4  # 15-min readings, 5-min interval
    assert h["coverage"]["percentComplete"] == pytest.approx(33.33, abs=0.01)
    assert h["summary"]["min"] == start.vmin and h["summary"]["max"] == start.vmax


def test_days_from_hourly_means_local_day(client, network):  # noqa: F811
    ds = Datastream.objects.get(asset=network["dian"].asset, quantity_id="o3")
    today = day_bucket(NOW)
    yesterday = today - DAY
    [d] = envelope(get(client, f"sensors/{ds.pk}/days?datetime_from={iso(yesterday).replace('+', '%2B')}&datetime_to={iso(today).replace('+', '%2B')}"), found=1)
    check_measurement(d, "1day", "24:00:00")
    assert d["period"]["datetimeFrom"]["local"].endswith("T00:00:00+07:00")  # the hours ending 01:00 ... 24:00
    check_dt(d["period"]["datetimeFrom"], yesterday)
    check_dt(d["period"]["datetimeTo"], today)
    hourly = [r.total / r.n for r in HourlyRollup.objects.filter(datastream=ds, bucket__gte=yesterday, bucket__lt=today)]
    assert len(hourly) == 24 and d["coverage"]["observedCount"] == 24 and d["coverage"]["percentComplete"] == 100.0
    assert d["value"] == pytest.approx(sum(hourly) / 24)
    assert d["summary"]["median"] is not None and d["summary"]["q02"] >= d["summary"]["min"]
    assert d["summary"]["max"] == max(hourly) and set(d["summary"]) == SUMMARY_KEYS
    assert get(client, f"sensors/{ds.pk}/days")["meta"]["found"] == DailyRollup.objects.filter(datastream=ds).count()


def test_parameters(client, network):  # noqa: F811
    results = envelope(get(client, "parameters"))
    by_id = {p["id"]: p for p in results}
    assert by_id[2] == {"id": 2, "name": "pm25", "units": "µg/m³", "displayName": "PM2.5",
                        "description": "Particulate matter less than 2.5 micrometers in diameter mass concentration"}
    assert all(set(p) == PARAM_KEYS | {"description"} for p in results)
    cod = next(p for p in results if p["name"] == "cod")
    assert cod["id"] >= 100000 and cod["units"] == "mg/L"
    assert envelope(get(client, f"parameters/{cod['id']}"), found=1)[0]["name"] == "cod"
    assert get(client, "parameters/424242", status=404) == {"detail": "Parameter not found"}
    river = envelope(get(client, f"locations?parameters_id={cod['id']}"))
    assert {r["id"] for r in river} == {network["river"].pk, network["waste"].pk}

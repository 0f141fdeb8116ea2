"""NGSI-LD read API (/ngsi-ld/v1): pure mapping helpers, then every endpoint and parameter
through the Django test client on the real database (SQLite and PostgreSQL)."""
import json
import math

import orjson
import pytest
from django.db import connection, transaction

from smartcity.hub import ngsi
from smartcity.hub.models import Datastream, Observation
from smartcity.hub.store import store
from smartcity.hub.timebase import day_bucket, hour_bucket, iso, iso_utc

BASE = "/ngsi-ld/v1"
T0 = 1_763_856_000  # 2025-11-23T00:00:00Z = 07:00 in Binh Duong
CORE = ngsi.CORE_CONTEXT_URL


# ---------------------------------------------------------------------------------------
# Pure helpers (no database)

@pytest.mark.parametrize("ngsi_type,quantity,name", [
    ("AirQualityObserved", "pm25", "pm25"),
    ("AirQualityObserved", "pm10", "pm10"),
    ("AirQualityObserved", "no2", "no2"),
    ("AirQualityObserved", "relative_humidity", "relativeHumidity"),
    ("AirQualityObserved", "temperature", "temperature"),
    ("AirQualityObserved", "aqi", "airQualityIndex"),
    ("WaterQualityObserved", "ph", "pH"),
    ("WaterQualityObserved", "dissolved_oxygen", "O2"),
    ("WaterQualityObserved", "bod5", "bod"),
    ("WaterQualityObserved", "cod", "cod"),
    ("WaterQualityObserved", "tss", "tss"),
    ("WaterQualityObserved", "ammonium", "NH4"),
    ("WaterQualityObserved", "water_temperature", "temperature"),
    ("WaterQualityObserved", "nitrite", "NO2"),
    ("WaterQualityObserved", "chromium_vi", "Cr-VI"),
    ("WaterQualityObserved", "e_coli", "escherichiaColi"),
    ("WasteContainer", "fill_level", "fillingLevel"),
    ("Streetlight", "power", "powerConsumption"),
    ("Streetlight", "dimming_level", "illuminanceLevel"),
    ("WifiHotspot", "connected_users", "connectedUsers"),
    ("Anything", "some_new_thing", "someNewThing"),
])
def test_attribute_names_follow_smart_data_models(ngsi_type, quantity, name):
    assert ngsi.attribute_name(ngsi_type, quantity) == name


def test_reverse_lookup_is_per_type():
    assert ngsi.quantities_for("WaterQualityObserved", "temperature") == ["water_temperature"] or \
        set(ngsi.quantities_for("WaterQualityObserved", "temperature")) >= {"water_temperature"}
    assert "water_temperature" in ngsi.quantities_for("WaterQualityObserved", "temperature")
    assert ngsi.quantities_for("AirQualityObserved", "pm25") == ["pm25"]
    assert ngsi.quantities_for("AirQualityObserved", "relativeHumidity") == ["relative_humidity"]
    assert ngsi.quantities_for("AirQualityObserved", "nope") == []


@pytest.mark.parametrize("unit,code", [("µg/m³", "GQ"), ("°C", "CEL"), ("%", "P1"), ("mg/L", "M1"), ("W", "WTT"),
                                       ("kWh", "KWH"), ("NTU", None), ("-", None)])
def test_unit_codes(unit, code):
    assert ngsi.unit_code(unit) == code


def test_entity_ids():
    assert ngsi.entity_id("AirQualityObserved", "kk-di-an") == "urn:ngsi-ld:AirQualityObserved:kk-di-an"
    assert ngsi.parse_entity_id("urn:ngsi-ld:AirQualityObserved:kk-di-an") == ("AirQualityObserved", "kk-di-an")
    assert ngsi.parse_entity_id("urn:other:thing") is None
    assert ngsi.parse_entity_id("urn:ngsi-ld:OnlyType") is None
    with pytest.raises(ngsi.NgsiError) as err:
        ngsi.parse_entity_id("không phải URI")
    assert err.value.kind == "BadRequestData"


def _row(**extra):
    base = dict(slug="tr-phu-cuong-01", ngsi_type="WasteContainer", name="Thùng rác Phú Cường 01", latitude=10.981,
                longitude=106.652, address="Đường Bạch Đằng, phường Phú Cường, Thủ Dầu Một", owner="DONRE",
                properties={"status": "ok", "storedWasteKind": "organic", "refDevice": "urn:ngsi-ld:Device:cb-01",
                            "ghi chú": "không hợp lệ làm tên", "id": "bị bỏ qua"})
    base.update(extra)
    return ngsi.AssetRow(**base)


def test_build_entity_normalized_and_key_values():
    readings = [ngsi.Reading("fill_level", "%", T0, 57.0, 0), ngsi.Reading("temperature", "°C", T0 - 600, 31.5, 1),
                ngsi.Reading("battery", "%", T0, None, 0)]
    e = ngsi.build_entity(_row(), readings)
    assert e["id"] == "urn:ngsi-ld:WasteContainer:tr-phu-cuong-01" and e["type"] == "WasteContainer"
    assert e["fillingLevel"] == {"type": "Property", "value": 0.57, "observedAt": "2025-11-23T00:00:00Z", "unitCode": "C62"}
    assert e["temperature"]["unitCode"] == "CEL" and e["temperature"]["observedAt"] == "2025-11-22T23:50:00Z"
    assert e["temperature"]["readingStatus"] == {"type": "Property", "value": "calibrating"}
    assert "batteryLevel" not in e  # a reading without a value is not shown
    assert e["location"] == {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [106.652, 10.981]}}
    assert e["refDevice"] == {"type": "Relationship", "object": "urn:ngsi-ld:Device:cb-01"}
    assert e["status"] == {"type": "Property", "value": "ok"}
    assert e["address"]["value"]["streetAddress"].startswith("Đường Bạch Đằng")
    assert "ghi chú" not in e and e["id"] != "bị bỏ qua"
    assert "dateObserved" not in e  # only *Observed types carry it
    kv = ngsi.key_values(e)
    assert kv["fillingLevel"] == 0.57 and kv["refDevice"] == "urn:ngsi-ld:Device:cb-01"
    assert kv["location"] == {"type": "Point", "coordinates": [106.652, 10.981]}
    only = ngsi.build_entity(_row(), readings, attrs={"fillingLevel"})
    assert set(only) == {"id", "type", "fillingLevel"}


def test_build_entity_observed_type_has_date_observed_and_sys_attrs():
    row = _row(slug="kk-di-an", ngsi_type="AirQualityObserved", properties={})
    e = ngsi.build_entity(row, [ngsi.Reading("pm25", "µg/m³", T0, 35.2, 0, T0 + 5), ngsi.Reading("pm10", "µg/m³", T0 + 300, 50.0, 0, T0 + 305)],
                          sys_attrs=True)
    assert e["dateObserved"]["value"] == iso_utc(T0 + 300)
    assert e["pm25"]["unitCode"] == "GQ" and e["pm25"]["modifiedAt"] == iso_utc(T0 + 5)


def test_page_builder_gives_what_build_entity_gives():
    """build_entities shares one plan of attribute names per shape of entity; every entity
    must still come out exactly as build_entity makes it, key order included."""
    import orjson

    nan = float("nan")
    air = dict(ngsi_type="AirQualityObserved", properties={})
    pm = [ngsi.Reading("pm25", "µg/m³", T0, 35.2, 0), ngsi.Reading("pm10", "µg/m³", T0 + 300, 50.0, 0),
          ngsi.Reading("temperature", "°C", T0 - 60, 31.5, 3), ngsi.Reading("aqi", "-", T0, 88.0, 0)]
    cases = [
        (_row(slug="kk-1", **air), pm),
        (_row(slug="kk-2", **air), list(reversed(pm))),  # same shape, other order of the rows
        (_row(slug="kk-3", **air), [*pm[:2], ngsi.Reading("no2", "µg/m³", T0 + 900, None, 0)]),  # NULL: no attribute, no date
        (_row(slug="kk-4", **air), [*pm[:2], ngsi.Reading("no2", "µg/m³", T0 + 900, nan, 0)]),  # NaN alike
        (_row(slug="kk-5", **air), []),
        (_row(slug="kk-6", name="", address="", latitude=None, longitude=None, owner=None, **air), pm[:1]),
        (_row(slug="kk-7", geometry={"type": "Point", "coordinates": [106.6, 10.9]}, latitude=None, **air), pm),
        (_row(slug="tr-1"), [ngsi.Reading("fill_level", "%", T0, 57.0, 0)]),  # properties: build_entity itself
        (_row(slug="tr-2", properties={}), [ngsi.Reading("fill_level", "%", T0, 57.0, 1), ngsi.Reading("temperature", "°C", T0, 30.0, 9)]),
        # two quantities with one attribute name (the second keeps its code), a code equal to a
        # name taken already, names equal but for case
        (_row(slug="tr-3", properties={}), [ngsi.Reading("filling_level", "%", T0, 10.0, 0), ngsi.Reading("fill_level", "%", T0, 20.0, 0)]),
        (_row(slug="x-1", ngsi_type="Thing", properties={}), [ngsi.Reading("aB", "-", T0, 1.0, 0), ngsi.Reading("a_b", "-", T0 + 1, 2.0, 0),
                                                              ngsi.Reading("AB", "-", T0, 3.0, 0)]),
        (_row(slug="sl-1", ngsi_type="Streetlight", properties={}),  # the second takes the first's place
         [ngsi.Reading("powerConsumption", "W", T0, 2.0, 0), ngsi.Reading("power", "W", T0 + 5, 1.0, 0)]),
        (_row(slug="sl-2", ngsi_type="Streetlight", properties={}),
         [ngsi.Reading("powerConsumption", "W", T0, None, 0), ngsi.Reading("power", "W", T0 + 5, 1.0, 0)]),
        (_row(slug="x-2", ngsi_type="Thing", properties={}), [ngsi.Reading("aB", "-", T0, None, 0), ngsi.Reading("a_b", "-", T0 + 1, 2.0, 0)]),
        (_row(slug="w-1", ngsi_type="WaterQualityObserved", properties={}),
         [ngsi.Reading("no2", "mg/L", T0, 0.5, 0), ngsi.Reading("nitrite", "mg/L", T0, 0.1, 0), ngsi.Reading("ph", "-", T0 + 60, 7.1, 0)]),
    ]
    rows, readings = [c[0] for c in cases], [c[1] for c in cases]
    for attrs in (None, {"pm25", "location", "name"}, {"fillingLevel", "aB", "dateObserved"}, {"NO2", "no2"}, set()):
        expected = [ngsi.build_entity(row, rs, attrs) for row, rs in cases]
        got = ngsi.build_entities(rows, readings, attrs)
        assert orjson.dumps(got) == orjson.dumps(expected), attrs
        assert [list(e) for e in got] == [list(e) for e in expected]


def test_core_context_is_built_in():
    ctx = ngsi.core_context()["@context"]
    assert ctx["Property"] == "ngsi-ld:Property" and ctx["object"]["@type"] == "@id"
    assert ngsi.expand_term("location") == "https://uri.etsi.org/ngsi-ld/location"
    assert ngsi.expand_term("pm25") == "https://uri.etsi.org/ngsi-ld/default-context/pm25"
    assert ngsi.compact_term("https://uri.etsi.org/ngsi-ld/default-context/pm25") == "pm25"
    assert ngsi.compact_term("https://smartdatamodels.org/dataModel.Environment/AirQualityObserved") == "AirQualityObserved"


def test_q_parser_tree():
    tree = ngsi.parse_q('pm25>50;no2<=40|(name=="Trạm Dĩ An";temperature==20..30)')
    assert isinstance(tree, ngsi.Or) and len(tree.parts) == 2
    first, second = tree.parts
    assert first == ngsi.And((ngsi.Term("pm25", (), ">", 50), ngsi.Term("no2", (), "<=", 40)))
    assert second.parts[0] == ngsi.Term("name", (), "==", "Trạm Dĩ An")
    assert second.parts[1] == ngsi.Term("temperature", (), "==", ngsi.Range(20, 30))
    assert ngsi.parse_q("status==ok,lidOpen") == ngsi.Term("status", (), "==", ("ok", "lidOpen"))
    assert ngsi.parse_q("pm25") == ngsi.Term("pm25")
    assert ngsi.parse_q("Cr-VI>=0.05") == ngsi.Term("Cr-VI", (), ">=", 0.05)
    t = ngsi.parse_q("pm25.observedAt>=2025-11-23T00:00:00Z")
    assert t.sub_attr == "observedAt" and t.value == ngsi.DateTimeValue(T0, "2025-11-23T00:00:00Z")
    assert ngsi.parse_q("address[streetAddress]~=(?i)bạch đằng").path == ("streetAddress",)
    assert ngsi.parse_q('name~="Dĩ (An|Thuận)"').value == "Dĩ (An|Thuận)"
    assert ngsi.parse_q("a!=-1.5e1").value == -15


@pytest.mark.parametrize("text", ["", "pm25>", "(pm25>1", "pm25>1)", "pm25>>1", "pm25~=[", "pm25>1..2", '"x"==1',
                                  "pm25==\"open", "a[b==1", "x" * 3000])
def test_q_parser_errors(text):
    with pytest.raises(ngsi.NgsiError) as err:
        ngsi.parse_q(text)
    assert err.value.kind == "BadRequestData" and err.value.status == 400


def test_geoquery_parsing_and_matching():
    g = ngsi.parse_geoquery("near;maxDistance==2000", "Point", "[106.769,10.906]")
    assert g.rel == "near" and g.max_distance == 2000
    assert g.matches({"type": "Point", "coordinates": [106.775, 10.910]})       # ~780 m
    assert not g.matches({"type": "Point", "coordinates": [106.6519, 10.9804]})  # Thu Dau Mot, ~15 km
    lon0, lat0, lon1, lat1 = g.bbox()
    assert lon0 < 106.769 < lon1 and lat0 < 10.906 < lat1
    assert math.isclose(ngsi.haversine_m(10.906, 106.769, 10.916, 106.769), 1112, rel_tol=0.01)
    poly = "[[[106.6,10.95],[106.7,10.95],[106.7,11.0],[106.6,11.0],[106.6,10.95]]]"
    w = ngsi.parse_geoquery("within", "Polygon", poly)
    assert w.matches({"type": "Point", "coordinates": [106.6519, 10.9804]})
    assert not w.matches({"type": "Point", "coordinates": [106.769, 10.906]})
    assert ngsi.parse_geoquery(None, None, None) is None


@pytest.mark.parametrize("georel,geometry,coords", [
    ("near", "Point", "[106.7,10.9]"),                       # no distance
    ("near;maxDistance==abc", "Point", "[106.7,10.9]"),
    ("near;maxDistance==10", "Polygon", "[[[0,0],[1,0],[1,1],[0,0]]]"),
    ("nearby", "Point", "[106.7,10.9]"),
    ("within", "Point", "[106.7,10.9]"),
    ("within", "Polygon", "[[[0,0],[1,0],[1,1]]]"),          # ring not closed
    ("within", "Circle", "[0,0]"),
    ("intersects", "Point", "[200,10]"),
    ("intersects", "Point", "not json"),
    ("within", None, None),
])
def test_geoquery_errors(georel, geometry, coords):
    with pytest.raises(ngsi.NgsiError):
        ngsi.parse_geoquery(georel, geometry, coords)


def test_temporal_parsing_and_buckets():
    tq = ngsi.parse_temporal("between", "2025-11-23T00:00:00Z", "2025-11-24T00:00:00Z", "5", "avg,max", "PT1H", None)
    assert (tq.start, tq.end, tq.last_n, tq.methods, tq.period) == (T0, T0 + 86400, 5, ("avg", "max"), 3600)
    assert ngsi.parse_temporal("before", "2025-11-23T00:00:00Z", None, None, None, None).end == T0
    assert ngsi.parse_temporal("after", "2025-11-23T00:00:00Z", None, None, None, None).start == T0
    assert ngsi.parse_temporal("after", "2025-11-23T07:00:00 07:00", None, None, None, None).start == T0  # "+" lost in a URL
    for t in (T0 + 17, T0 + 3599, T0 + 50_000, T0 - 1):
        assert ngsi.bucket_start(t, 3600) == hour_bucket(t)
        assert ngsi.bucket_start(t, 86400) == day_bucket(t)
    assert ngsi.aligned(day_bucket(T0), 86400) and not ngsi.aligned(T0, 86400)


@pytest.mark.parametrize("args", [
    ("during", "2025-11-23T00:00:00Z", None, None, None, None),
    ("before", None, None, None, None, None),
    ("between", "2025-11-23T00:00:00Z", None, None, None, None),
    ("between", "2025-11-23T00:00:00Z", "2025-11-22T00:00:00Z", None, None, None),
    ("after", "hôm qua", None, None, None, None),
    (None, "2025-11-23T00:00:00Z", None, None, None, None),
    (None, None, None, "0", None, None),
    (None, None, None, "-3", None, None),
    (None, None, None, None, "median", None),
    (None, None, None, None, "avg", "P1M"),
    (None, None, None, None, None, "PT1H"),
])
def test_temporal_errors(args):
    with pytest.raises(ngsi.NgsiError) as err:
        ngsi.parse_temporal(*args)
    assert err.value.status == 400


# ---------------------------------------------------------------------------------------
# The API on the database: a small Binh Duong city

DAY_START = day_bucket(T0) - 86400          # local midnight starting 22 Nov 2025 (UTC+7)
HISTORY = [(DAY_START + i * 300, 20.0 + (i * 7) % 40, 0) for i in range(576)]  # 2 local days, every 5 min
HISTORY[100] = (HISTORY[100][0], 999.0, 2)  # an instrument error: shown in raw history, never aggregated
DI_AN_PM25 = HISTORY[-1][1]


def put(asset, quantity, rows):
    unit = __import__("smartcity.hub.registry", fromlist=["QUANTITIES"]).QUANTITIES[quantity].unit
    ds = Datastream.objects.create(asset=asset, quantity_id=quantity, unit=unit)
    with transaction.atomic():
        store([(ds.id, t, v, s, None, None) for t, v, s in rows], "test")
    return ds


@pytest.fixture
def city(make_asset):
    a = {}
    a["tdm"] = make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.9804, lon=106.6519,
                          address="Số 1 Quang Trung, phường Phú Cường, Thủ Dầu Một")
    a["da"] = make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)
    a["bc"] = make_asset("kk-ben-cat", name="Trạm quan trắc không khí Bến Cát", lat=11.1553, lon=106.5950)
    a["tu"] = make_asset("kk-tan-uyen", name="Trạm quan trắc không khí Tân Uyên (thử nghiệm)", lat=11.06, lon=106.79, published=False)
    a["nm"] = make_asset("nm-phu-cuong", "water-station", name="Trạm nước mặt sông Sài Gòn – cầu Phú Cường", lat=10.985, lon=106.643)
    a["tr1"] = make_asset("tr-phu-cuong-01", "waste-bin", name="Thùng rác Phú Cường 01", lat=10.981, lon=106.652,
                          properties={"status": "ok", "storedWasteKind": "organic"})
    a["tr7"] = make_asset("tr-di-an-07", "waste-bin", name="Thùng rác Dĩ An 07", lat=10.904, lon=106.772,
                          properties={"status": "lidOpen"})
    a["dd"] = make_asset("dd-dai-lo-binh-duong-001", "streetlight", owner="DOT", name="Đèn đường Đại lộ Bình Dương 001",
                         lat=10.99, lon=106.66, properties={"powerState": "on",
                                                             "refStreetlightGroup": "urn:ngsi-ld:StreetlightGroup:dai-lo-binh-duong"})
    for q, v in (("pm25", 35.2), ("pm10", 60.0), ("no2", 22.0), ("temperature", 31.5), ("relative_humidity", 72.0)):
        put(a["tdm"], q, [(T0, v, 0)])
    put(a["da"], "pm25", HISTORY)
    put(a["da"], "pm10", [(T0, 95.0, 0)])
    put(a["da"], "no2", [(T0, 41.0, 0)])
    put(a["bc"], "pm25", [(T0, 18.0, 0)])
    put(a["bc"], "pm10", [(T0, 30.0, 1)])
    put(a["tu"], "pm25", [(T0, 80.0, 0)])
    for q, v in (("ph", 6.9), ("dissolved_oxygen", 5.2), ("cod", 12.0), ("water_temperature", 29.4), ("ammonium", 0.3)):
        put(a["nm"], q, [(T0, v, 0)])
    put(a["tr1"], "fill_level", [(T0 - 3600, 20.0, 0), (T0 - 1800, 41.0, 0), (T0, 57.0, 0)])
    put(a["tr1"], "temperature", [(T0, 33.0, 0)])
    put(a["tr7"], "fill_level", [(T0, 92.0, 0)])
    for q, v in (("power", 120.0), ("dimming_level", 80.0), ("energy", 3.1)):
        put(a["dd"], q, [(T0, v, 0)])
    Datastream.objects.create(asset=a["dd"], quantity_id="illuminance", unit="lx")  # no reading yet
    return a


def get(client, path, accept=None, **params):
    extra = {"HTTP_ACCEPT": accept} if accept else {}
    return client.get(BASE + path, params, **extra)


def ids(response):
    body = response.json()
    return [e["id"].rsplit(":", 1)[-1] for e in body]


def assert_problem(response, status, kind):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == "https://uri.etsi.org/ngsi-ld/errors/" + kind
    assert body["status"] == status and body["title"] and body["detail"] and body["code"] == kind
    return body


def test_query_by_type(client, city):
    r = get(client, "/entities", type="AirQualityObserved")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert f"<{CORE}>" in r["Link"] and 'rel="http://www.w3.org/ns/json-ld#context"' in r["Link"]
    assert ids(r) == ["kk-ben-cat", "kk-di-an", "kk-thu-dau-mot"]  # the unpublished station is hidden
    tdm = r.json()[2]
    assert tdm["id"] == "urn:ngsi-ld:AirQualityObserved:kk-thu-dau-mot" and tdm["type"] == "AirQualityObserved"
    assert tdm["pm25"] == {"type": "Property", "value": 35.2, "observedAt": "2025-11-23T00:00:00Z", "unitCode": "GQ"}
    assert tdm["relativeHumidity"]["unitCode"] == "P1" and tdm["temperature"]["unitCode"] == "CEL"
    assert tdm["location"] == {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [106.6519, 10.9804]}}
    assert tdm["name"]["value"] == "Trạm quan trắc không khí Thủ Dầu Một"
    assert tdm["dataProvider"]["value"] == "DONRE" and tdm["dateObserved"]["value"] == "2025-11-23T00:00:00Z"
    ben_cat = r.json()[0]
    assert ben_cat["pm10"]["readingStatus"]["value"] == "calibrating"
    assert r.json()[1]["pm25"]["value"] == DI_AN_PM25


def test_other_types_and_names(client, city):
    water = get(client, "/entities/urn:ngsi-ld:WaterQualityObserved:nm-phu-cuong").json()
    assert {k: water[k]["value"] for k in ("pH", "O2", "cod", "temperature", "NH4")} == \
        {"pH": 6.9, "O2": 5.2, "cod": 12.0, "temperature": 29.4, "NH4": 0.3}
    assert water["O2"]["unitCode"] == "M1" and "unitCode" not in water["pH"]
    bin1 = get(client, "/entities/urn:ngsi-ld:WasteContainer:tr-phu-cuong-01").json()
    assert bin1["fillingLevel"]["value"] == 0.57 and bin1["status"] == {"type": "Property", "value": "ok"}
    lamp = get(client, "/entities/urn:ngsi-ld:Streetlight:dd-dai-lo-binh-duong-001").json()
    assert lamp["powerConsumption"] == {"type": "Property", "value": 120.0, "observedAt": "2025-11-23T00:00:00Z", "unitCode": "WTT"}
    assert lamp["illuminanceLevel"]["value"] == 80.0 and lamp["energyConsumed"]["unitCode"] == "KWH"
    assert lamp["refStreetlightGroup"] == {"type": "Relationship", "object": "urn:ngsi-ld:StreetlightGroup:dai-lo-binh-duong"}
    assert "illuminance" not in lamp  # a datastream with no reading shows nothing


def test_visibility_follows_the_permission_rule(client, client_as, make_user, city):
    from smartcity.core.services import issue_api_token

    assert len(get(client, "/entities", type="AirQualityObserved").json()) == 3
    donre = make_user("nv-donre", "DONRE", "viewer")
    _token, key = issue_api_token(donre, "NGSI-LD")
    r = client.get(BASE + "/entities", {"type": "AirQualityObserved"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert "kk-tan-uyen" in ids(r)
    assert_problem(client.get(BASE + "/entities", {"type": "AirQualityObserved"}, HTTP_AUTHORIZATION="Bearer sc_sai"), 401, "InvalidRequest")
    assert "kk-tan-uyen" in ids(get(client_as(make_user("vp", "VPTPTM", "editor")), "/entities", type="AirQualityObserved"))
    client.logout()
    assert "kk-tan-uyen" not in ids(get(client_as(make_user("gt", "DOT", "editor")), "/entities", type="AirQualityObserved"))
    client.logout()
    assert_problem(get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-tan-uyen"), 404, "ResourceNotFound")
    assert_problem(get(client, "/temporal/entities/urn:ngsi-ld:AirQualityObserved:kk-tan-uyen"), 404, "ResourceNotFound")
    assert get(client_as(donre), "/entities/urn:ngsi-ld:AirQualityObserved:kk-tan-uyen").json()["pm25"]["value"] == 80.0


def test_type_lists_and_uris(client, city):
    assert len(get(client, "/entities", type="AirQualityObserved,WasteContainer").json()) == 5
    assert len(get(client, "/entities", type="AirQualityObserved|WasteContainer").json()) == 5
    assert ids(get(client, "/entities", type="https://uri.etsi.org/ngsi-ld/default-context/WasteContainer")) == \
        ["tr-di-an-07", "tr-phu-cuong-01"]
    assert get(client, "/entities", type="ParkingSpot").json() == []
    assert get(client, "/entities", type="WasteContainer;Streetlight").json() == []


def test_id_and_id_pattern(client, city):
    r = get(client, "/entities", id="urn:ngsi-ld:AirQualityObserved:kk-di-an,urn:ngsi-ld:WasteContainer:tr-di-an-07,"
                                    "urn:ngsi-ld:WasteContainer:kk-di-an,urn:x:y")
    assert ids(r) == ["kk-di-an", "tr-di-an-07"]
    assert_problem(get(client, "/entities", id="kk-di-an"), 400, "BadRequestData")
    assert ids(get(client, "/entities", idPattern=":kk-")) == ["kk-ben-cat", "kk-di-an", "kk-thu-dau-mot"]
    assert ids(get(client, "/entities", idPattern="^urn:ngsi-ld:WasteContainer:tr-(phu|di)")) == ["tr-di-an-07", "tr-phu-cuong-01"]
    assert ids(get(client, "/entities", type="AirQualityObserved", idPattern="an$")) == ["kk-di-an"]
    assert_problem(get(client, "/entities", idPattern="kk-["), 400, "BadRequestData")


def test_attrs(client, city):
    r = get(client, "/entities", type="AirQualityObserved", attrs="no2,relativeHumidity")
    assert ids(r) == ["kk-di-an", "kk-thu-dau-mot"]  # Ben Cat has neither
    assert set(r.json()[1]) == {"id", "type", "no2", "relativeHumidity"} and set(r.json()[0]) == {"id", "type", "no2"}
    assert ids(get(client, "/entities", attrs="relativeHumidity")) == ["kk-thu-dau-mot"]
    # temperature is a different quantity in air stations, water stations and bins
    assert ids(get(client, "/entities", attrs="temperature")) == ["kk-thu-dau-mot", "nm-phu-cuong", "tr-phu-cuong-01"]
    assert ids(get(client, "/entities", attrs="storedWasteKind")) == ["tr-phu-cuong-01"]
    assert ids(get(client, "/entities", attrs="https://uri.etsi.org/ngsi-ld/default-context/fillingLevel")) == \
        ["tr-di-an-07", "tr-phu-cuong-01"]
    assert len(get(client, "/entities", attrs="location").json()) == 7
    assert get(client, "/entities", attrs="illuminance").json() == []


Q_CASES = [
    ("pm25>40", ["kk-di-an"]),
    ("pm25==18", ["kk-ben-cat"]),
    ("pm25==30..40", ["kk-thu-dau-mot"]),
    ("pm25!=18", ["kk-di-an", "kk-thu-dau-mot"]),
    ("pm25<20|no2>=41", ["kk-ben-cat", "kk-di-an"]),
    ("pm25>30;no2<30", ["kk-thu-dau-mot"]),
    ("(pm25>40|pm25<20);no2", ["kk-di-an"]),
    ("relativeHumidity", ["kk-thu-dau-mot"]),
    ("pm25==18,35.2", ["kk-ben-cat", "kk-thu-dau-mot"]),
    ("pm25==\"35.2\"", []),
    ("fillingLevel>0.9", ["tr-di-an-07"]),
    ("fillingLevel==0.57", ["tr-phu-cuong-01"]),
    ("temperature>30", ["kk-thu-dau-mot", "tr-phu-cuong-01"]),
    ("temperature>29", ["kk-thu-dau-mot", "nm-phu-cuong", "tr-phu-cuong-01"]),
    ("pH==6.5..8.5;O2>=5", ["nm-phu-cuong"]),
    ("powerConsumption>100", ["dd-dai-lo-binh-duong-001"]),
    ("status==\"lidOpen\"", ["tr-di-an-07"]),
    ("status==ok,lidOpen", ["tr-di-an-07", "tr-phu-cuong-01"]),
    ("status!=\"ok\"", ["tr-di-an-07"]),
    ("powerState==\"on\"", ["dd-dai-lo-binh-duong-001"]),
    ("refStreetlightGroup==\"urn:ngsi-ld:StreetlightGroup:dai-lo-binh-duong\"", ["dd-dai-lo-binh-duong-001"]),
    ("storedWasteKind~=org", ["tr-phu-cuong-01"]),
    ("name~=Dĩ An", ["kk-di-an", "tr-di-an-07"]),
    ("name==\"Trạm quan trắc không khí Bến Cát\"", ["kk-ben-cat"]),
    ("name!~=Trạm", ["dd-dai-lo-binh-duong-001", "tr-di-an-07", "tr-phu-cuong-01"]),
    ("dataProvider==\"DOT\"", ["dd-dai-lo-binh-duong-001"]),
    ("pm25.observedAt>=2025-11-23T01:00:00Z", ["kk-di-an"]),
    ("pm25.observedAt<2025-11-23T01:00:00Z", ["kk-ben-cat", "kk-thu-dau-mot"]),
    ("noSuchAttribute==1", []),
]


def test_q(client, city):
    """Every case on one city (building it is the slow part)."""
    for q, expected in Q_CASES:
        r = get(client, "/entities", q=q)
        assert r.status_code == 200, (q, r.content)
        assert ids(r) == expected, q
    for q in ("location==1", "pm25>", "(pm25>1", 'pm25.unitCode=="GQ"', "a__b==1", "pm25~=("):
        assert_problem(get(client, "/entities", q=q), 400, "BadRequestData")


def test_geo_queries(client, city):
    near = get(client, "/entities", georel="near;maxDistance==2000", geometry="Point", coordinates="[106.769,10.906]")
    assert ids(near) == ["kk-di-an", "tr-di-an-07"]
    poly = "[[[106.62,10.96],[106.68,10.96],[106.68,11.0],[106.62,11.0],[106.62,10.96]]]"
    within = get(client, "/entities", georel="within", geometry="Polygon", coordinates=poly, count="true")
    assert ids(within) == ["dd-dai-lo-binh-duong-001", "kk-thu-dau-mot", "nm-phu-cuong", "tr-phu-cuong-01"]
    assert within["NGSILD-Results-Count"] == "4"
    assert ids(get(client, "/entities", type="AirQualityObserved", georel="within", geometry="Polygon", coordinates=poly)) == ["kk-thu-dau-mot"]
    assert ids(get(client, "/entities", type="AirQualityObserved", georel="near;minDistance==20000", geometry="Point",
                   coordinates="[106.769,10.906]")) == ["kk-ben-cat"]
    assert ids(get(client, "/entities", georel="intersects", geometry="Point", coordinates="[106.643,10.985]")) == ["nm-phu-cuong"]
    assert ids(get(client, "/entities", type="AirQualityObserved", georel="disjoint", geometry="Polygon", coordinates=poly)) == \
        ["kk-ben-cat", "kk-di-an"]
    paged = get(client, "/entities", georel="within", geometry="Polygon", coordinates=poly, limit="2", offset="1", count="true")
    assert ids(paged) == ["kk-thu-dau-mot", "nm-phu-cuong"] and paged["NGSILD-Results-Count"] == "4"
    assert_problem(get(client, "/entities", georel="near;maxDistance==2000", geometry="Point"), 400, "BadRequestData")
    assert_problem(get(client, "/entities", georel="within", geometry="Polygon", coordinates="[[[1,1],[2,2]]]"), 400, "BadRequestData")
    assert_problem(get(client, "/entities", georel="near;maxDistance==1", geometry="Point", coordinates="[1,1]",
                       geoproperty="observationSpace"), 400, "BadRequestData")


def test_geometry_only_asset_is_found_by_geo_query(client, city, make_asset):
    park = {"type": "Polygon", "coordinates": [[[106.70, 10.93], [106.71, 10.93], [106.71, 10.94], [106.70, 10.94], [106.70, 10.93]]]}
    make_asset("ho-chua-thuan-an", "reservoir", name="Hồ chứa nước mưa Thuận An", lat=None, lon=None, geometry=park)
    r = get(client, "/entities", georel="intersects", geometry="Point", coordinates="[106.705,10.935]")
    assert ids(r) == ["ho-chua-thuan-an"] and r.json()[0]["location"]["value"] == park
    assert ids(get(client, "/entities", georel="near;maxDistance==1000", geometry="Point", coordinates="[106.715,10.935]")) == ["ho-chua-thuan-an"]


def test_paging_and_count(client, city):
    assert ids(get(client, "/entities", type="AirQualityObserved", limit="2")) == ["kk-ben-cat", "kk-di-an"]
    r = get(client, "/entities", type="AirQualityObserved", limit="2", offset="2", count="true")
    assert ids(r) == ["kk-thu-dau-mot"] and r["NGSILD-Results-Count"] == "3"
    assert "NGSILD-Results-Count" not in get(client, "/entities", type="AirQualityObserved")
    r = get(client, "/entities", type="AirQualityObserved", limit="0", count="true")
    assert r.json() == [] and r["NGSILD-Results-Count"] == "3"
    assert_problem(get(client, "/entities", type="AirQualityObserved", limit="0"), 400, "BadRequestData")
    assert_problem(get(client, "/entities", type="AirQualityObserved", limit="1001"), 400, "TooManyResults")
    for bad in ({"limit": "abc"}, {"offset": "-1"}, {"count": "yes"}):
        assert_problem(get(client, "/entities", type="AirQualityObserved", **bad), 400, "BadRequestData")


def test_default_limit_is_20(client, city, make_asset):
    for i in range(25):
        make_asset(f"kk-thu-{i:02d}", name=f"Cảm biến không khí {i}")
    r = get(client, "/entities", type="AirQualityObserved", count="true")
    assert len(r.json()) == 20 and r["NGSILD-Results-Count"] == "28"


def test_key_values_and_sys_attrs(client, city):
    kv = get(client, "/entities", type="WasteContainer", options="keyValues").json()
    assert kv[1] == {"id": "urn:ngsi-ld:WasteContainer:tr-phu-cuong-01", "type": "WasteContainer",
                     "name": "Thùng rác Phú Cường 01", "location": {"type": "Point", "coordinates": [106.652, 10.981]},
                     "dataProvider": "DONRE", "fillingLevel": 0.57, "status": "ok", "storedWasteKind": "organic", "temperature": 33.0}
    assert get(client, "/entities", type="WasteContainer", format="simplified").json() == kv
    sys = get(client, "/entities", type="WasteContainer", options="sysAttrs").json()[1]
    assert sys["createdAt"].endswith("Z") and sys["modifiedAt"].endswith("Z")
    assert sys["fillingLevel"]["createdAt"].endswith("Z") and sys["fillingLevel"]["modifiedAt"].endswith("Z")
    assert "createdAt" not in get(client, "/entities", type="WasteContainer").json()[1]


def test_content_negotiation(client, city):
    ld = get(client, "/entities", "application/ld+json", type="WasteContainer")
    assert ld["Content-Type"] == "application/ld+json" and "Link" not in ld
    assert all(e["@context"] == CORE for e in ld.json())
    one = get(client, "/entities/urn:ngsi-ld:WasteContainer:tr-di-an-07", "application/ld+json").json()
    assert one["@context"] == CORE and one["fillingLevel"]["value"] == 0.92
    geo = get(client, "/entities", "application/geo+json", type="WasteContainer", options="keyValues")
    body = geo.json()
    assert geo["Content-Type"] == "application/geo+json" and body["type"] == "FeatureCollection"
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [106.772, 10.904]}
    assert body["features"][0]["properties"]["fillingLevel"] == 0.92
    feature = get(client, "/entities/urn:ngsi-ld:WasteContainer:tr-di-an-07", "application/geo+json").json()
    assert feature["type"] == "Feature" and feature["properties"]["fillingLevel"]["value"] == 0.92
    assert get(client, "/entities", "text/html,application/xhtml+xml,*/*;q=0.8", type="WasteContainer").status_code == 200
    assert_problem(get(client, "/entities", "text/html", type="WasteContainer"), 406, "InvalidRequest")
    assert_problem(get(client, "/types", "application/geo+json"), 406, "InvalidRequest")


def test_query_errors(client, city):
    body = assert_problem(get(client, "/entities"), 400, "BadRequestData")
    assert body["errors"][0]["field"] == "type"
    r = client.post(BASE + "/entities", data="{}", content_type="application/json")
    assert_problem(r, 405, "OperationNotSupported")
    assert r["Allow"] == "GET, HEAD"
    assert client.delete(BASE + "/entities/urn:ngsi-ld:WasteContainer:tr-di-an-07").status_code == 405
    assert get(client, "/entities/urn:ngsi-ld:WasteContainer:tr-di-an-07").status_code == 200  # nothing was deleted
    assert_problem(get(client, "/subscriptions"), 404, "ResourceNotFound")
    head = client.head(BASE + "/entities", {"type": "WasteContainer"})
    assert head.status_code == 200 and head["Content-Type"] == "application/json"
    assert ids(get(client, "/entities", type="WasteContainer", lang="en")) == ["tr-di-an-07", "tr-phu-cuong-01"]


def test_entity_by_id(client, city):
    r = get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-di-an", attrs="pm25,no2")
    assert set(r.json()) == {"id", "type", "pm25", "no2"} and r.json()["no2"]["value"] == 41.0
    assert get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-di-an/", options="keyValues").json()["pm10"] == 95.0
    assert_problem(get(client, "/entities/urn:ngsi-ld:WasteContainer:kk-di-an"), 404, "ResourceNotFound")
    assert_problem(get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-khong-co"), 404, "ResourceNotFound")
    assert_problem(get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-di-an", type="Streetlight"), 404, "ResourceNotFound")
    assert_problem(get(client, "/entities/urn:ngsi-ld:AirQualityObserved:kk-di-an", attrs="fillingLevel"), 404, "ResourceNotFound")
    assert_problem(get(client, "/entities/kk-di-an"), 400, "BadRequestData")
    assert_problem(get(client, "/entities/urn:other:kk-di-an"), 404, "ResourceNotFound")


def test_queries_read_latest_in_one_query(client, city, make_asset, django_assert_max_num_queries):
    for i in range(40):
        asset = make_asset(f"kk-mang-luoi-{i:02d}", name=f"Cảm biến bụi mạng lưới {i}", lat=10.9 + i / 1000, lon=106.7)
        put(asset, "pm25", [(T0, 10.0 + i, 0)])
        put(asset, "pm10", [(T0, 20.0 + i, 0)])
    # types, count, assets, newest readings, the version of the datastream cache (and, when
    # the datastreams changed, their names and units once): never one query per entity
    with django_assert_max_num_queries(6):
        r = get(client, "/entities", type="AirQualityObserved", limit="1000", count="true")
    by_id = {e["id"]: e for e in r.json()}
    assert len(by_id) == 43 and by_id["urn:ngsi-ld:AirQualityObserved:kk-mang-luoi-39"]["pm10"]["value"] == 59.0
    with django_assert_max_num_queries(6):
        r = get(client, "/entities", georel="near;maxDistance==50000", geometry="Point", coordinates="[106.7,10.92]", limit="1000")
    assert len(r.json()) > 40


# ---------------------------------------------------------------------------------------
# Temporal

DI_AN = "/temporal/entities/urn:ngsi-ld:AirQualityObserved:kk-di-an"


def expected_buckets(period, start=None, end=None):
    out = {}
    for t, v, s in HISTORY:
        if s != 0 or (start is not None and t < start) or (end is not None and t >= end):
            continue
        b = ngsi.bucket_start(t, period)
        agg = out.setdefault(b, [0, 0.0, math.inf, -math.inf])
        agg[0] += 1
        agg[1] += v
        agg[2] = min(agg[2], v)
        agg[3] = max(agg[3], v)
    return out


def check_aggregates(attr, period, start=None, end=None):
    want = expected_buckets(period, start, end)
    assert [row[1] for row in attr["totalCount"]] == [iso_utc(b) for b in sorted(want)]
    for method, index in (("totalCount", 0), ("sum", 1), ("min", 2), ("max", 3)):
        assert [row[0] for row in attr[method]] == pytest.approx([want[b][index] for b in sorted(want)]), method
    assert [row[0] for row in attr["avg"]] == pytest.approx([want[b][1] / want[b][0] for b in sorted(want)])
    assert all(row[2] == iso_utc(ngsi.parse_time(row[1]) + period) for row in attr["avg"])


def test_temporal_raw(client, city):
    r = get(client, DI_AN, attrs="pm25")
    assert r.status_code == 200 and f"<{CORE}>" in r["Link"]
    body = r.json()
    assert set(body) == {"id", "type", "pm25"} and len(body["pm25"]) == 576
    assert body["pm25"][0] == {"type": "Property", "value": 20.0, "observedAt": iso_utc(DAY_START), "unitCode": "GQ"}
    assert body["pm25"][100]["readingStatus"]["value"] == "error"
    between = get(client, DI_AN, attrs="pm25", timerel="between", timeAt=iso_utc(DAY_START + 3600),
                  endTimeAt=iso_utc(DAY_START + 7200)).json()["pm25"]
    assert [i["observedAt"] for i in between] == [iso_utc(DAY_START + 3600 + k * 300) for k in range(12)]
    before = get(client, DI_AN, attrs="pm25", timerel="before", timeAt=iso_utc(DAY_START + 600)).json()["pm25"]
    assert len(before) == 2
    after = get(client, DI_AN, attrs="pm25", timerel="after", timeAt=iso_utc(HISTORY[-1][0])).json()["pm25"]
    assert [i["value"] for i in after] == [DI_AN_PM25]
    local = iso(HISTORY[-1][0])  # the same instant with the local offset, its "+" sent unencoded
    r = client.get(BASE + DI_AN + "?attrs=pm25&timerel=after&timeAt=" + local)
    assert [i["value"] for i in r.json()["pm25"]] == [DI_AN_PM25]
    last = get(client, DI_AN, attrs="pm25", lastN="3").json()["pm25"]
    assert [i["observedAt"] for i in last] == [iso_utc(t) for t, _v, _s in HISTORY[-3:]]
    simple = get(client, DI_AN, attrs="pm25", lastN="2", options="temporalValues").json()["pm25"]
    assert simple == {"type": "Property", "values": [[v, iso_utc(t)] for t, v, _s in HISTORY[-2:]]}
    whole = get(client, DI_AN).json()
    assert set(whole) == {"id", "type", "pm25", "pm10", "no2"} and len(whole["no2"]) == 1
    ld = get(client, DI_AN, "application/ld+json", attrs="no2")
    assert ld["Content-Type"] == "application/ld+json" and ld.json()["@context"] == CORE


def test_temporal_aggregates_hourly_and_daily(client, city):
    methods = "totalCount,sum,avg,min,max"
    start, end = DAY_START, DAY_START + 6 * 3600
    r = get(client, DI_AN, attrs="pm25", timerel="between", timeAt=iso_utc(start), endTimeAt=iso_utc(end),
            aggrMethods=methods, aggrPeriodDuration="PT1H", options="aggregatedValues")
    assert r.status_code == 200, r.content
    pm25 = r.json()["pm25"]
    assert pm25["type"] == "Property" and len(pm25["avg"]) == 6
    check_aggregates(pm25, 3600, start, end)
    daily = get(client, DI_AN, attrs="pm25", aggrMethods=methods, aggrPeriodDuration="P1D").json()["pm25"]
    assert [row[1] for row in daily["avg"]] == [iso_utc(DAY_START), iso_utc(DAY_START + 86400)]
    check_aggregates(daily, 86400)
    assert [row[0] for row in daily["totalCount"]] == [287, 288]  # the instrument error is not counted
    for period, seconds in (("PT30M", 1800), ("PT45M", 2700), ("PT6H", 21600), ("P2D", 172800)):
        got = get(client, DI_AN, attrs="pm25", aggrMethods=methods, aggrPeriodDuration=period).json()["pm25"]
        check_aggregates(got, seconds)
    unaligned = get(client, DI_AN, attrs="pm25", timerel="between", timeAt=iso_utc(start + 60), endTimeAt=iso_utc(end),
                    aggrMethods=methods, aggrPeriodDuration="PT1H").json()["pm25"]
    check_aggregates(unaligned, 3600, start + 60, end)
    last2 = get(client, DI_AN, attrs="pm25", aggrMethods="max", aggrPeriodDuration="PT1H", lastN="2").json()["pm25"]
    want = expected_buckets(3600)
    assert [row[1] for row in last2["max"]] == [iso_utc(b) for b in sorted(want)[-2:]] and set(last2) == {"type", "max"}
    total = get(client, DI_AN, attrs="pm25", aggrMethods="totalCount,avg").json()["pm25"]
    assert total["totalCount"][0][0] == 575 and total["totalCount"][0][1] == iso_utc(DAY_START)


def test_temporal_aggregates_come_from_rollups(client, city):
    """PT1H and P1D over aligned ranges read the rollups: a changed rollup row shows."""
    ds = Datastream.objects.get(asset__slug="kk-di-an", quantity_id="pm25")
    with connection.cursor() as cur:
        cur.execute("UPDATE hub_rollup_hour SET vmax = 12345 WHERE datastream_id = %s AND bucket = %s", [ds.id, DAY_START])
        cur.execute("UPDATE hub_rollup_day SET vmax = 54321 WHERE datastream_id = %s AND bucket = %s", [ds.id, DAY_START])
    params = dict(attrs="pm25", aggrMethods="max", timerel="between", timeAt=iso_utc(DAY_START), endTimeAt=iso_utc(DAY_START + 7200))
    assert get(client, DI_AN, aggrPeriodDuration="PT1H", **params).json()["pm25"]["max"][0][0] == 12345
    assert get(client, DI_AN, aggrPeriodDuration="PT2H", **params).json()["pm25"]["max"][0][0] == 12345
    assert get(client, DI_AN, aggrPeriodDuration="PT30M", **params).json()["pm25"]["max"][0][0] < 100  # raw rows
    assert get(client, DI_AN, attrs="pm25", aggrMethods="max", aggrPeriodDuration="P1D").json()["pm25"]["max"][0][0] == 54321


def test_temporal_filling_level_is_a_ratio(client, city):
    path = "/temporal/entities/urn:ngsi-ld:WasteContainer:tr-phu-cuong-01"
    raw = get(client, path, attrs="fillingLevel").json()["fillingLevel"]
    assert [i["value"] for i in raw] == [0.2, 0.41, 0.57] and raw[0]["unitCode"] == "C62"
    agg = get(client, path, attrs="fillingLevel", aggrMethods="avg,max,totalCount").json()["fillingLevel"]
    assert agg["avg"][0][0] == pytest.approx(118 / 300) and agg["max"][0][0] == 0.57 and agg["totalCount"][0][0] == 3


def test_temporal_caps_long_answers(client, city, monkeypatch):
    monkeypatch.setattr(ngsi, "TEMPORAL_MAX_INSTANCES", 100)
    r = get(client, DI_AN, attrs="pm25")
    assert r.status_code == 206 and len(r.json()["pm25"]) == 100
    assert r["Content-Range"] == f"date-time {iso_utc(DAY_START)}-{iso_utc(DAY_START + 99 * 300)}/*"
    assert get(client, DI_AN, attrs="pm25", lastN="50").status_code == 200
    assert get(client, DI_AN, attrs="pm25", aggrMethods="avg", aggrPeriodDuration="PT5M").status_code == 206


def test_temporal_api_errors(client, city):
    for params in ({"timerel": "before"}, {"timerel": "between", "timeAt": "2025-11-23T00:00:00Z"},
                   {"aggrMethods": "median"}, {"aggrMethods": "avg", "aggrPeriodDuration": "P1M"},
                   {"options": "aggregatedValues"}, {"lastN": "0"}, {"timeproperty": "modifiedAt"}):
        assert_problem(get(client, DI_AN, **params), 400, "BadRequestData")
    assert_problem(get(client, "/temporal/entities/urn:ngsi-ld:AirQualityObserved:kk-khong-co"), 404, "ResourceNotFound")
    assert_problem(get(client, "/temporal/entities/khong-phai-uri"), 400, "BadRequestData")
    assert Observation.objects.filter(datastream__asset__slug="kk-di-an").count() == 578  # reads changed nothing


# ---------------------------------------------------------------------------------------
# Types and attributes

def test_types(client, client_as, make_user, city):
    r = get(client, "/types")
    body = r.json()
    assert body["type"] == "EntityTypeList" and body["id"].startswith("urn:ngsi-ld:EntityTypeList:")
    assert body["typeList"] == ["AirQualityObserved", "Streetlight", "WasteContainer", "WaterQualityObserved"]
    details = {t["typeName"]: t for t in get(client, "/types", details="true").json()}
    assert details["AirQualityObserved"]["type"] == "EntityType"
    assert details["AirQualityObserved"]["id"] == "https://uri.etsi.org/ngsi-ld/default-context/AirQualityObserved"
    assert {"pm25", "pm10", "no2", "relativeHumidity", "location", "name", "dateObserved"} <= set(details["AirQualityObserved"]["attributeNames"])
    assert "fillingLevel" in details["WasteContainer"]["attributeNames"]
    info = get(client, "/types/AirQualityObserved").json()
    assert info["type"] == "EntityTypeInfo" and info["entityCount"] == 3
    kinds = {a["attributeName"]: a["attributeTypes"] for a in info["attributeDetails"]}
    assert kinds["pm25"] == ["Property"] and kinds["location"] == ["GeoProperty"]
    assert get(client_as(make_user("nv", "DONRE", "viewer")), "/types/AirQualityObserved").json()["entityCount"] == 4
    client.logout()
    assert get(client, "/types/https://uri.etsi.org/ngsi-ld/default-context/WasteContainer").json()["entityCount"] == 2
    assert_problem(get(client, "/types/ParkingSpot"), 404, "ResourceNotFound")
    assert get(client, "/types", "application/ld+json").json()["@context"] == CORE


def test_attributes(client, city):
    body = get(client, "/attributes").json()
    assert body["type"] == "AttributeList" and body["id"].startswith("urn:ngsi-ld:AttributeList:")
    names = body["attributeList"]
    assert {"pm25", "fillingLevel", "pH", "O2", "NH4", "powerConsumption", "refStreetlightGroup", "location", "status"} <= set(names)
    assert "illuminance" not in names and "water_temperature" not in names
    details = {a["attributeName"]: a for a in get(client, "/attributes", details="true").json()}
    assert details["temperature"]["typeNames"] == ["AirQualityObserved", "WasteContainer", "WaterQualityObserved"]
    temp = get(client, "/attributes/temperature").json()
    assert temp["type"] == "Attribute" and temp["attributeCount"] == 3 and temp["attributeTypes"] == ["Property"]
    assert get(client, "/attributes/refStreetlightGroup").json()["attributeTypes"] == ["Relationship"]
    assert get(client, "/attributes/pm25").json()["attributeCount"] == 3  # the unpublished station is not counted
    assert_problem(get(client, "/attributes/khongCo"), 404, "ResourceNotFound")


def test_core_context_served(client, db):
    r = client.get(BASE + "/jsonldContexts/ngsi-ld-core-context-v1.8.jsonld")
    assert r.status_code == 200 and r["Content-Type"] == "application/ld+json"
    assert json.loads(r.content)["@context"]["GeoProperty"] == "ngsi-ld:GeoProperty"
    assert orjson.loads(client.get(BASE + "/jsonldContexts/core").content) == ngsi.core_context()


def test_explosive_patterns_are_refused(client, city):
    for params in ({"idPattern": "(a+)+$"}, {"q": "name~=(.*)*x"}, {"idPattern": "x" * 300}):
        assert_problem(get(client, "/entities", **params), 400, "BadRequestData")
    assert ids(get(client, "/entities", idPattern="tr-(phu|di)-")) == ["tr-di-an-07", "tr-phu-cuong-01"]


def test_pattern_the_database_refuses(client, city):
    """(?P<name>...) is Python syntax; PostgreSQL refuses it, SQLite (Python's re) takes it."""
    r = get(client, "/entities", idPattern="(?P<loai>kk)-di-an")
    if connection.vendor == "postgresql":
        assert_problem(r, 400, "BadRequestData")
    else:
        assert ids(r) == ["kk-di-an"]
    assert ids(get(client, "/entities", type="WasteContainer")) == ["tr-di-an-07", "tr-phu-cuong-01"]  # still usable


def test_entity_pages_follow_new_readings_and_renames(client, city):
    """Entities are encoded once and kept between requests: a later page must show a new
    reading, a corrected one and a renamed asset, in every answer form."""
    from smartcity.hub import ngsi_views
    from smartcity.hub.models import Asset

    def page(**extra):
        return get(client, "/entities", type="AirQualityObserved", limit="1000", **extra)

    first = page().content
    assert page().content == first  # from the kept encodings
    ngsi_views._ENCODED.clear()
    assert page().content == first  # and rebuilt from scratch: the same bytes
    from smartcity.hub.store import store

    asset = Asset.objects.get(slug="kk-di-an")
    ds = Datastream.objects.get(asset=asset, quantity_id="pm25")
    store([(ds.id, T0 + 7 * 86400, 77.5, 0, None, None)], "test")
    by_id = {e["id"]: e for e in page().json()}
    assert by_id["urn:ngsi-ld:AirQualityObserved:kk-di-an"]["pm25"]["value"] == 77.5
    store([(ds.id, T0 + 7 * 86400, 78.25, 0, None, None)], "test")  # a correction of the same reading
    simple = {e["id"]: e for e in page(options="keyValues").json()}
    assert simple["urn:ngsi-ld:AirQualityObserved:kk-di-an"]["pm25"] == 78.25
    asset.name = "Trạm quan trắc không khí Dĩ An (Đông Hòa)"
    asset.save()
    by_id = {e["id"]: e for e in page().json()}
    assert by_id["urn:ngsi-ld:AirQualityObserved:kk-di-an"]["name"]["value"] == "Trạm quan trắc không khí Dĩ An (Đông Hòa)"

"""The public bus map's data views on the demo network (no browser): network GeoJSON, live
buses, stop pages and the timetable fallback of next arrivals."""
import datetime as dt
import time

import pytest

pytestmark = pytest.mark.django_db

LOCAL = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def network(hub, settings, tmp_path):
    from smartcity.mobility import views_public
    from smartcity.mobility.demo import load_mobility_demo
    from smartcity.mobility.services.feeds import active_feed, schedule_for

    settings.VAR_DIR = tmp_path
    views_public._network_cache.clear()
    load_mobility_demo()
    feed = active_feed("binh-duong-bus", owner="BECAMEXTOKYU")
    return feed, schedule_for(feed)


def _state(label, feed, trip, t, delay_s=0, k=1):
    from smartcity.mobility.models import Vehicle, VehicleState

    return VehicleState.objects.create(
        vehicle=Vehicle.objects.get(label=label), feed=feed, t=t, lat=10.98, lon=106.66, bearing=90.0, speed_kmh=20.0,
        trip_id=trip.trip_id, route_id=trip.route_id, direction_id=trip.direction_id, delay_s=delay_s, match="given",
        stop_id=trip.stop_ids[k], source="test")


def test_network_geojson_every_route_both_ways_and_every_stop(client, network):
    feed, schedule = network
    r = client.get("/mobility/network.geojson")
    assert r.status_code == 200 and r["Content-Type"] == "application/geo+json"
    body = r.json()
    lines = [f for f in body["features"] if f["properties"]["kind"] == "route"]
    stops = [f for f in body["features"] if f["properties"]["kind"] == "stop"]
    assert {(f["properties"]["short_name"], f["properties"]["direction_id"]) for f in lines} == \
        {(r.short_name, d) for r in schedule.routes.values() for d in (0, 1)}
    one = next(f for f in lines if f["properties"]["route_id"] == "51" and f["properties"]["direction_id"] == 0)
    shape = schedule.shapes["51_0"]
    assert len(one["geometry"]["coordinates"]) == len(shape.lats)
    assert one["properties"]["colour"] == "#" + schedule.routes["51"].color
    assert {f["properties"]["stop_id"] for f in stops} == set(schedule.stops)
    hikari = next(f["properties"] for f in stops if f["properties"]["stop_id"] == "TPM_HIKARI")
    assert hikari["name"] == "Trạm trung chuyển Hikari" and {"51", "53", "61-77", "70"} <= set(hikari["routes"])
    assert hikari["url"] == "/mobility/stops/TPM_HIKARI/"
    assert [r["short_name"] for r in body["routes"]][:3] == ["37", "38", "39"]  # by number
    again = client.get("/mobility/network.geojson", HTTP_IF_NONE_MATCH=r["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_live_json_shows_recent_buses_only(client, network):
    feed, schedule = network
    now = int(time.time())
    trip = next(t for t in schedule.trips.values() if t.route_id == "61-77")
    other = next(t for t in schedule.trips.values() if t.route_id == "66")
    _state("BD-6177-01", feed, trip, now - 20, delay_s=-90)
    _state("BD-066-01", feed, other, now - 3600)  # silent for an hour
    body = client.get("/mobility/live.json").json()
    assert [b["id"] for b in body["buses"]] == ["BD-6177-01"]
    bus = body["buses"][0]
    assert (bus["short_name"], bus["headsign"], bus["delay_s"]) == ("61-77", trip.headsign, -90)
    assert bus["colour"] == "#" + schedule.routes["61-77"].color and bus["age_s"] >= 20
    assert "license_plate" not in bus  # the public sees fleet numbers, not plates


def test_stop_pages(client, network):
    r = client.get("/mobility/stops/DA_BXMDM/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Bến xe Miền Đông mới" in html and "Chuyến sắp đến" in html
    assert client.get("/mobility/stops/KHONG_CO/").status_code == 404
    assert client.get("/mobility/stops/KHONG_CO/arrivals.json").status_code == 404
    body = client.get("/mobility/stops/DA_BXMDM/arrivals.json").json()
    assert body["stop_id"] == "DA_BXMDM" and body["source"] in ("predictions", "schedule")
    for a in body["arrivals"]:
        assert a["route_short_name"] == "61-77" and a["colour"].startswith("#")
    r = client.get("/mobility/")
    assert r.status_code == 200 and "Bản đồ xe buýt" in r.content.decode()


def test_timetable_fallback_adds_the_current_delay(network):
    from smartcity.mobility.views_public import scheduled_arrivals

    feed, schedule = network
    day = dt.date(2026, 12, 2)  # a Wednesday: weekday service
    day0 = int(dt.datetime(2026, 12, 2, tzinfo=LOCAL).timestamp())
    now = day0 + 7 * 3600 + 600  # 07:10
    rows = scheduled_arrivals(feed, "TDM_SOSAO", now, limit=50)
    assert rows and all(now - 30 <= r["predicted"] for r in rows)
    assert [r["predicted"] for r in rows] == sorted(r["predicted"] for r in rows)
    want = sorted(day0 + t.dep[k] for t, k in schedule.stop_index()["TDM_SOSAO"]
                  if t.service_id in schedule.services_on(day) and k < len(t.stop_ids) - 1 and day0 + t.dep[k] >= now - 30)
    assert [r["scheduled"] for r in rows] == want[:50]
    late = rows[1]
    trip = schedule.trips[late["trip_id"]]
    _state("BD-051-02", feed, trip, now - 10, delay_s=240)
    again = {r["trip_id"]: r for r in scheduled_arrivals(feed, "TDM_SOSAO", now, limit=50)}
    assert again[trip.trip_id]["predicted"] == late["scheduled"] + 240
    assert again[trip.trip_id]["realtime"] and again[trip.trip_id]["vehicle_label"] == "BD-051-02"
    assert not again[rows[0]["trip_id"]]["realtime"]

"""The public bus map and a stop page in a real Chromium, on the Binh Duong demo network."""
import time

import pytest

from tests.browser_helpers import open_popup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(hub, settings, tmp_path):
    """The demo network as the active feed, its fleet, and one bus on route 51 reporting now."""
    from smartcity.mobility.demo import load_mobility_demo
    from smartcity.mobility.models import Vehicle, VehicleState
    from smartcity.mobility.services.feeds import active_feed, schedule_for

    settings.VAR_DIR = tmp_path
    load_mobility_demo()
    feed = active_feed("binh-duong-bus", owner="BECAMEXTOKYU")
    schedule = schedule_for(feed)
    trip = next(t for t in schedule.trips.values() if t.route_id == "51" and t.direction_id == 0)
    stop = schedule.stops[trip.stop_ids[3]]
    bus = Vehicle.objects.get(label="BD-051-01")
    VehicleState.objects.create(vehicle=bus, feed=feed, t=int(time.time()) - 5, lat=stop.lat, lon=stop.lon, bearing=20.0,
                                speed_kmh=24.0, trip_id=trip.trip_id, route_id="51", direction_id=0, delay_s=120,
                                match="given", source="test")
    other = next(t for t in schedule.trips.values() if t.route_id == "70" and t.direction_id == 1)
    far = schedule.stops[other.stop_ids[1]]  # Mỹ Phước, some 20 km north
    VehicleState.objects.create(vehicle=Vehicle.objects.get(label="BD-070-01"), feed=feed, t=int(time.time()) - 8,
                                lat=far.lat, lon=far.lon, bearing=180.0, speed_kmh=30.0, trip_id=other.trip_id, route_id="70",
                                direction_id=1, delay_s=0, match="given", source="test")
    return feed, schedule, trip


def watch_errors(page) -> list:
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_map_shows_routes_stops_and_a_live_bus(page, live_server, network, screenshot):
    feed, schedule, trip = network
    errors = watch_errors(page)
    page.goto(live_server.url + "/mobility/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Bản đồ xe buýt"
    page.wait_for_selector("#bus-map[data-routes]")
    routes = page.locator("path.bus-route")
    assert routes.count() == 2 * len(schedule.routes)  # both directions of every route
    assert page.locator('path.bus-route[data-short="61-77"]').count() == 2
    colour = page.locator('path.bus-route[data-short="51"]').first.get_attribute("stroke")
    assert colour.lower() == "#" + schedule.routes["51"].color.lower()
    assert page.locator("path.bus-stop").count() == len({s for t in schedule.trips.values() for s in t.stop_ids})
    bus = page.locator('.bus-marker[data-vehicle="BD-051-01"]')
    bus.wait_for()
    assert bus.inner_text() == "51"
    assert page.locator("#bus-live [data-count]").inner_text() == "2"
    # each bus is drawn where it is: the badge's centre on its position
    for label in ("BD-051-01", "BD-070-01"):
        box = page.locator(f'.bus-marker[data-vehicle="{label}"]').bounding_box()
        want = page.evaluate("""(label) => {
            var m = window.BusMap.map, el = document.querySelector('.bus-marker[data-vehicle="' + label + '"]');
            var ll = window.BusMap.buses[label].marker.getLatLng(), p = m.latLngToContainerPoint(ll), r = m.getContainer().getBoundingClientRect();
            return [p.x + r.left, p.y + r.top]; }""", label)
        assert abs(box["x"] + box["width"] / 2 - want[0]) < 3 and abs(box["y"] + box["height"] / 2 - want[1]) < 3, (label, box, want)
    # the route filter dims the other routes and keeps the bus of the chosen one
    page.select_option("#bus-route-filter", f"{feed.pk}:52")
    assert page.locator('path.bus-route[data-short="51"]').first.get_attribute("stroke-opacity") == "0.12"
    assert not bus.is_visible()
    page.select_option("#bus-route-filter", f"{feed.pk}:51")
    assert bus.is_visible()
    popup = open_popup(page, bus)
    assert "BD-051-01" in popup.inner_text() and "+2" in popup.inner_text()
    # projects: the layer is drawn when the API answers, else a note says it is missing
    page.wait_for_function("document.getElementById('bus-map').hasAttribute('data-projects')")
    assert errors == []
    screenshot(page, "mobility-map")


def test_stop_page_shows_next_arrivals(page, live_server, network):
    feed, schedule, trip = network
    errors = watch_errors(page)
    stop_id = "TDM_SOSAO"
    page.goto(live_server.url + f"/mobility/stops/{stop_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ngã tư Sở Sao"
    rows = page.locator("#bus-arrivals tbody tr[data-trip]")
    # what the timetable says leaves Sở Sao within the page's horizon: today's service and
    # yesterday's trips running past midnight, not ending there
    import datetime as dt

    from smartcity.mobility.views_public import ARRIVALS_HORIZON_S

    now = int(time.time())
    tz = dt.timezone(dt.timedelta(hours=7))
    today = dt.datetime.fromtimestamp(now, tz).date()
    expected = set()
    for day in (today - dt.timedelta(days=1), today):
        day0 = int(dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())
        services = schedule.services_on(day)
        expected |= {t.trip_id for t, k in schedule.stop_index()[stop_id]
                     if t.service_id in services and k < len(t.stop_ids) - 1 and now - 60 <= day0 + t.dep[k] <= now + ARRIVALS_HORIZON_S}
    if expected:
        assert rows.count() >= 1
        assert rows.first.get_attribute("data-trip") in expected
        assert "phút" in rows.first.inner_text() or "đang đến" in rows.first.inner_text()
    else:  # late evening: the day's last bus has gone
        assert "Hôm nay không còn chuyến nào." in page.locator("#bus-arrivals").inner_text()
    page.evaluate("window.BusStop.refresh()")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Next arrivals").count() == 1
    assert errors == []


def test_phone_layout(phone_page, live_server, network, screenshot):
    page = phone_page
    errors = watch_errors(page)
    page.goto(live_server.url + "/mobility/")
    page.wait_for_selector("#bus-map[data-routes]")
    page.locator('.bus-marker[data-vehicle="BD-051-01"]').wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no horizontal scroll on a phone
    assert page.locator("#bus-map").bounding_box()["width"] <= 390
    screenshot(page, "mobility-map-phone")
    page.goto(live_server.url + "/mobility/stops/TPM_HIKARI/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "mobility-stop-phone")
    assert errors == []

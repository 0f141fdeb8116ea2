"""One operator's journey in a real Chromium: the map of the network by state, a luminaire's
page, a dimming command sent from the form, the simulated controller obeying over HTTP,
the acknowledgement and the new level in the readings, then tonight's schedule chart."""
import pytest

from smartcity.lighting.controller_feed import ControllerGateway
from smartcity.lighting.simulation import SimController

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def test_map_command_acknowledged_and_schedule(page, live_server, make_user, device_token, lighting, settings, screenshot):
    settings.MQTT_URL = ""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    make_user("bcm.lan", "BECAMEX", "editor")
    lum = lighting["luminaires"][0]
    lum.refresh_from_db()
    _t, key = device_token("BECAMEX", all_owner_assets=True)
    gw = ControllerGateway(live_server.url, {lum.controller_id: ("BECAMEX", SimController(
        lum.controller_id, lum.asset.slug, lum.technology, lum.rated_power_w, lum.pole.latitude, lum.pole.longitude))},
        mqtt_url="", keys={"BECAMEX": key})
    base = live_server.url
    page.goto(base + "/accounts/login/?next=/lighting/map/")
    page.fill("input[name=username]", "bcm.lan")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + "/lighting/map/")
    page.wait_for_selector("#lt-map[data-loaded='4']")
    assert page.locator(".lt-legend [data-state=unknown] [data-n]").inner_text() == "4"
    page.goto(f"{base}/lighting/luminaires/{lum.code}/")
    page.select_option("select[name=action]", "dim")
    page.fill("input[name=level]", "50")
    page.locator("form.lt-command button[type=submit]").click()
    page.wait_for_selector("#commands tr[data-state=queued]")
    gw.tick()  # the controller polls, obeys, acknowledges and reports its readings
    page.reload()
    page.wait_for_selector("#commands tr[data-state=acknowledged]")
    assert page.locator("#latest tr[data-quantity=dimming_level] td").first.inner_text().startswith("50")
    assert page.locator(".lt-state").get_attribute("data-state") == "dimmed"
    page.goto(base + "/lighting/schedules/?date=2026-12-03")
    page.wait_for_selector("#lt-timelines svg rect[data-level='50']")
    screenshot(page, "lighting-schedules")
    assert errors == []

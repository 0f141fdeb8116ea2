"""The public environment pages in a real Chromium: the map's coloured markers and ranking,
the station page with the highest sub-index highlighted and its charts, the display board
rotating stations (both languages, offline with the data's age), the vehicle's track."""
import pytest

from tests.browser_helpers import open_popup

from smartcity.hub.timebase import to_datetime
from tests.environment.test_public import network  # noqa: F401  (the shared fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_errors(page) -> list:
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def screen(browser):
    """A 1920x1080 screen, as the province's LED boards and the operations room have."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_map_markers_and_ranking(page, live_server, network, screenshot):  # noqa: F811
    errors = watch_errors(page)
    page.goto(live_server.url + "/environment/")
    assert page.get_by_role("heading", level=1).inner_text() == "Chất lượng không khí và nước"
    page.locator("path.env-marker").first.wait_for()
    assert page.locator("path.env-marker").count() == 6  # the published stations
    assert page.locator('path[data-code="BD_KK_DIAN"]').get_attribute("fill") == "#ff0000"
    assert page.locator('path[data-code="BD_KK_TDM"]').get_attribute("fill") == "#00e400"
    assert page.locator('path[data-code="BD_NM_SAIGON_TDM"]').get_attribute("fill") == "#ffff00"
    assert "env-marker-stale" in page.locator('path[data-code="BD_KK_BENCAT"]').get_attribute("class")
    bars = page.locator(".env-bars[data-family=aqi] .env-bar")
    assert bars.count() == 2 and bars.first.get_attribute("data-code") == "BD_KK_DIAN"
    assert bars.first.locator(".env-bar-fill").bounding_box()["width"] > bars.nth(1).locator(".env-bar-fill").bounding_box()["width"]
    screenshot(page, "env-map")
    popup = open_popup(page, page.locator('path[data-code="BD_KK_DIAN"]'))
    assert "152" in popup.inner_text() and "Xấu" in popup.inner_text() and "PM2.5" in popup.inner_text()
    # a new hour arrives: the refresh recolours the marker and re-sorts the ranking
    from tests.environment.test_public import HOUR_END, index
    index(network["tdm"], "vn_aqi_h", HOUR_END + 3600, 205, "pm25", {"sub": {"pm25": 205}})
    page.evaluate("window.EnvMap.refresh()")
    page.wait_for_selector('path[data-code="BD_KK_TDM"][fill="#8f3f97"]')
    assert page.locator(".env-bars[data-family=aqi] .env-bar").first.get_attribute("data-code") == "BD_KK_TDM"
    assert errors == []


def test_station_page_highest_and_charts(page, live_server, network, screenshot):  # noqa: F811
    errors = watch_errors(page)
    page.goto(live_server.url + "/environment/stations/BD_KK_DIAN/")
    assert page.get_by_role("heading", level=1).inner_text() == "Trạm quan trắc không khí tự động Dĩ An"
    highest = page.locator("tr.env-highest")
    assert highest.count() == 1 and "Bụi PM2.5" in highest.inner_text() and "152" in highest.inner_text()
    assert highest.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 243, 205)"
    box = page.locator("#env-index")
    assert box.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 0, 0)"
    assert "Xấu" in box.inner_text() and "Mọi người nên giảm" in box.inner_text()
    charts = page.locator(".hub-chart svg.hub-chart-svg")
    charts.nth(7).wait_for()
    assert charts.count() == 8  # one per parameter
    assert 23 <= int(charts.first.get_attribute("data-n")) <= 24  # hourly means of 24 hours
    assert int(page.locator("#env-index-strip svg").get_attribute("data-n")) == 24
    assert "Tổng cục Môi trường" in page.locator(".env-method").inner_text()
    assert page.locator("#env-minimap path.env-marker").count() == 1
    screenshot(page, "env-station")
    page.locator('button.hub-range[data-range="30d"]').click()
    page.wait_for_function("Number(document.querySelector('.hub-chart svg').getAttribute('data-n')) >= 29")
    assert int(page.locator("#env-index-strip svg").get_attribute("data-n")) == 29
    screenshot(page, "env-station-30d")
    page.goto(live_server.url + "/environment/stations/BD_KK_DIAN/?lang=en")
    assert "Bad" in page.locator("#env-index").inner_text() and "Main pollutant" in page.locator("#env-index").inner_text()
    assert errors == []


def test_board_rotates_in_both_languages_and_survives_offline(screen, live_server, network, screenshot, browser):  # noqa: F811
    errors = watch_errors(screen)
    screen.goto(live_server.url + "/environment/board/?interval=3&stations=BD_KK_DIAN,BD_KK_TDM,BD_NM_SAIGON_TDM")
    body = screen.locator("body")
    assert body.get_attribute("data-code") == "BD_KK_DIAN"
    assert body.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 0, 0)"
    assert screen.locator("[data-f=name]").inner_text() == "Dĩ An"
    assert screen.locator("[data-f=value]").inner_text() == "152"
    assert "PM2.5" in screen.locator("[data-f=dominant]").inner_text()
    assert "Mọi người nên giảm" in screen.locator("[data-f=advice_vi]").inner_text()
    assert "Everyone should reduce" in screen.locator("[data-f=advice_en]").inner_text()
    foot = screen.locator(".b-foot").inner_text()
    assert "Tổng cục Môi trường" in foot and "1459/QĐ-TCMT" in foot and "Sở Tài nguyên và Môi trường" in foot
    # big type: the number fills a good part of the screen
    assert screen.locator("[data-f=value]").bounding_box()["height"] > 250
    assert screen.evaluate("document.documentElement.scrollHeight") <= 1080
    screenshot(screen, "env-board")
    screen.wait_for_selector('body[data-code="BD_KK_TDM"]', timeout=8000)  # rotated by itself
    screen.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(0, 228, 0)'")  # after the fade
    from smartcity.environment.publish import band
    assert screen.locator("[data-f=advice_en]").inner_text() == band("aqi", 42).advice_en
    screen.wait_for_selector('body[data-code="BD_NM_SAIGON_TDM"]', timeout=8000)
    assert "Chất lượng nước" in screen.locator("[data-f=title]").text_content()
    assert "Trung bình" in screen.locator("[data-f=band]").inner_text() and "Medium" in screen.locator("[data-f=band]").inner_text()
    screen.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 0)'")
    screenshot(screen, "env-board-water")
    # the network drops: the board keeps its stations and says how old the data is
    screen.evaluate("window.EnvBoard.stop()")
    screen.context.set_offline(True)
    screen.evaluate("window.EnvBoard.refresh()")
    screen.wait_for_selector('body[data-offline="true"]')
    offline = screen.locator("[data-f=offline]")
    assert offline.is_visible() and "Mất kết nối mạng" in offline.inner_text() and "Network lost" in offline.inner_text()
    screen.evaluate("window.EnvBoard.next()")
    assert body.get_attribute("data-code") == "BD_KK_DIAN" and screen.locator("[data-f=value]").inner_text() == "152"
    screen.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(255, 0, 0)'")  # after the fade
    screenshot(screen, "env-board-offline")
    screen.context.set_offline(False)
    screen.evaluate("window.EnvBoard.refresh()")
    screen.wait_for_selector('body[data-offline="false"]')
    assert not offline.is_visible()
    assert errors == []
    # a portrait LED panel: everything still on one screen
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    portrait = context.new_page()
    portrait.goto(live_server.url + "/environment/board/?stations=BD_KK_DIAN")
    assert portrait.evaluate("document.documentElement.scrollHeight") <= 1920
    assert portrait.locator("[data-f=advice_en]").bounding_box()["y"] + 40 < 1920
    screenshot(portrait, "env-board-portrait")
    context.close()


def test_vehicle_track(page, live_server, network, screenshot):  # noqa: F811
    errors = watch_errors(page)
    day = to_datetime(network["track_start"]).date().isoformat()
    page.goto(live_server.url + f"/environment/mobile/BD_XE_QT01/?date={day}&parameter=pm25")
    page.locator("path.env-track-seg").first.wait_for()
    assert page.locator("path.env-track-seg").count() == 9
    strokes = page.locator("path.env-track-seg").evaluate_all("els => els.map(e => e.getAttribute('stroke'))")
    assert strokes[:3] == ["#00e400", "#ffff00", "#ffff00"] and "#8f3f97" in strokes
    assert page.locator(".env-track-table tbody tr").count() == 10
    screenshot(page, "env-track")
    assert errors == []

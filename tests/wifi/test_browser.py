"""In a real Chromium: an anonymous visitor reads the public Wi-Fi map (markers coloured by
state, a popup with users and SSID), then the same page in English."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser_helpers import open_popup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_map(page, live_server, make_hotspot, readings, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    now = timezone.now()
    market = make_hotspot("wifi-cho-thu-dau-mot", name="Wi-Fi công cộng Chợ Thủ Dầu Một", name_en="Thu Dau Mot Market public Wi-Fi")
    station = make_hotspot("wifi-ben-xe-binh-duong", name="Wi-Fi công cộng Bến xe khách Bình Dương", lat=10.9709, lon=106.6744)
    make_hotspot("wifi-chua-cong-bo", published=False, lat=10.99)
    readings(market, [("connected_users", now - timedelta(minutes=4), 23)], interval_s=900)
    readings(station, [("connected_users", now - timedelta(hours=3), 5)], interval_s=900)

    page.goto(live_server.url + "/wifi/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bản đồ Wi-Fi công cộng"
    page.locator("path.wf-marker").first.wait_for()
    assert page.locator("path.wf-marker").count() == 2
    assert page.locator('path[data-slug="wifi-cho-thu-dau-mot"]').get_attribute("fill") == "#2e9d4f"
    assert page.locator('path[data-slug="wifi-ben-xe-binh-duong"]').get_attribute("data-state") == "down"
    text = open_popup(page, page.locator('path[data-slug="wifi-cho-thu-dau-mot"]')).inner_text()
    assert "23/50" in text and "BinhDuong-Free-WiFi" in text and "Đang hoạt động" in text
    screenshot(page, "wifi-public-map")
    page.goto(live_server.url + "/wifi/?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Public Wi-Fi map"
    assert "Not reporting" in page.locator('tr[data-slug="wifi-ben-xe-binh-duong"]').inner_text()
    assert "Thu Dau Mot Market public Wi-Fi" in page.locator('tr[data-slug="wifi-cho-thu-dau-mot"]').inner_text()
    assert errors == []

"""The hub's map and asset page in a real Chromium, on the demo's Binh Duong assets."""
import time

import pytest

from tests.browser_helpers import follow_link, open_popup
from django.db import transaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_hub(reference, settings, tmp_path):
    from smartcity.demo.hub_demo import DEMO_ASSETS, load_hub_demo

    settings.VAR_DIR = tmp_path
    load_hub_demo(days=1)
    return DEMO_ASSETS


def watch_errors(page) -> list:
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_map_popup_to_asset_chart(page, live_server, demo_hub, screenshot):
    errors = watch_errors(page)
    page.goto(live_server.url + "/hub/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Bản đồ thiết bị"
    markers = page.locator("path.hub-marker")
    markers.first.wait_for()
    assert markers.count() == len(demo_hub)
    assert page.locator("path.hub-marker-stale").count() == 1  # the bin that went quiet
    assert page.locator(".hub-unit-label", has_text="Thủ Dầu Một").count() == 1  # context without tiles
    screenshot(page, "hub-map")
    popup = open_popup(page, page.locator('path[data-slug="nm-song-dong-nai-tan-uyen"]'))
    assert "Trạm quan trắc nước mặt tự động sông Đồng Nai (Tân Uyên)" in popup.inner_text()
    assert "pH" in popup.inner_text()
    follow_link(page, popup.get_by_role("link", name="Mở trang thiết bị"), live_server.url + "/hub/assets/nm-song-dong-nai-tan-uyen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Trạm quan trắc nước mặt tự động sông Đồng Nai (Tân Uyên)"
    charts = page.locator(".hub-chart svg.hub-chart-svg")
    charts.nth(6).wait_for()  # drawn by the page's script after load
    assert charts.count() == 7  # one per datastream
    first = charts.first
    assert int(first.get_attribute("data-n")) > 200  # a day of five-minute readings
    assert first.locator("path.hub-line").get_attribute("d").count("L") > 200
    screenshot(page, "hub-asset")
    # a week from the hourly rollups
    page.locator('button.hub-range[data-range="7d"]').click()
    page.wait_for_function("document.querySelector('.hub-chart svg').getAttribute('data-n') < 100")
    assert 20 <= int(page.locator(".hub-chart svg").first.get_attribute("data-n")) <= 26
    assert page.locator('button.hub-range[data-range="7d"]').get_attribute("aria-pressed") == "true"
    assert errors == []


def test_live_refresh_turns_marker_green(page, live_server, demo_hub):
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store

    errors = watch_errors(page)
    page.goto(live_server.url + "/hub/")
    quiet = page.locator('path[data-slug="tr-tdm-07"]')
    quiet.wait_for()
    assert "hub-marker-stale" in quiet.get_attribute("class")
    now = int(time.time())
    rows = [(ds.id, now, 12.0, 0, None, None) for ds in Datastream.objects.filter(asset__slug="tr-tdm-07")]
    with transaction.atomic():
        store(rows, source="test")
    page.evaluate("window.HubMap.refresh()")
    page.wait_for_selector('path[data-slug="tr-tdm-07"].hub-marker-ok')
    row = page.locator('.hub-table tr[data-slug="tr-tdm-07"]')
    assert "Đang gửi dữ liệu" in row.inner_text() and "12" in row.inner_text()
    assert page.locator('[data-count="stale"]').inner_text() == "0"
    assert errors == []


def test_phone_layout(phone_page, live_server, demo_hub, screenshot):
    errors = watch_errors(phone_page)
    phone_page.goto(live_server.url + "/hub/")
    phone_page.locator("path.hub-marker").first.wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.locator("#hub-map").is_visible()
    rows = phone_page.locator(".hub-table tr[data-slug]")
    assert rows.count() == len(demo_hub)
    box = rows.first.bounding_box()
    assert box["width"] <= 390 and rows.first.locator("a").is_visible()
    screenshot(phone_page, "hub-map-phone")
    rows.nth(3).locator("a").click()
    phone_page.locator(".hub-chart svg.hub-chart-svg").first.wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert int(phone_page.locator(".hub-chart svg").first.get_attribute("data-n")) > 0
    screenshot(phone_page, "hub-asset-phone")
    assert errors == []

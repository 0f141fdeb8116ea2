"""In a real Chromium: the website's home on a desktop and on a 375 px phone (no sideways
scrolling, the menu opens), an indicator card leads to its module's page, an article opens."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_desktop_and_phone(browser, page, live_server, make_article, screenshot):
    from smartcity.portal import services
    from smartcity.portal.demo_articles import draw

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    article = make_article("mo-rong-wifi", title_vi="Mở rộng Wi-Fi công cộng miễn phí giai đoạn 2",
                           title_en="Free public Wi-Fi expands in phase 2")
    services.add_image(article, None, "wifi.jpg", draw(article.slug, "ha-tang-so", article.title_vi),
                       "Hình minh họa Wi-Fi công cộng", "Public Wi-Fi illustration", check=False)

    page.goto(live_server.url + "/portal/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thành phố thông minh Bình Dương hôm nay"
    card = page.locator('[data-key="programme.progress"] a')
    assert card.count() == 1
    page.locator("#city-map.leaflet-container").wait_for()
    screenshot(page, "portal-home-desktop")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        p = phone.new_page()
        p.on("pageerror", lambda exc: errors.append(str(exc)))
        p.goto(live_server.url + "/portal/")
        assert p.evaluate("document.documentElement.scrollWidth") <= 375
        nav_link = p.get_by_role("link", name="Tin tức", exact=True)
        assert not nav_link.is_visible()
        toggle = p.locator(".nav-toggle")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and nav_link.is_visible()
        screenshot(p, "portal-home-phone")
        nav_link.click()
        p.wait_for_url("**/portal/tin-tuc/")
        assert p.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        phone.close()

    card = page.locator('[data-key="wifi.hotspots_up"] a')
    href = card.get_attribute("href")
    card.click()
    page.wait_for_url(live_server.url + href)
    assert href == "/wifi/" and page.get_by_role("heading", level=1).is_visible()

    page.goto(live_server.url + "/portal/")
    page.get_by_role("link", name=article.title_vi).click()
    page.wait_for_url("**/portal/tin-tuc/mo-rong-wifi/")
    assert page.get_by_role("heading", level=1).inner_text() == article.title_vi
    assert page.locator("article img").first.get_attribute("alt") == "Hình minh họa Wi-Fi công cộng"
    screenshot(page, "portal-article")
    assert errors == []

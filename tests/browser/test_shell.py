"""The UI shell in a real Chromium: log in, switch language, phone layout."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_language_switch(page, live_server, make_user, screenshot):
    make_user("donre.minh", "DONRE", "editor", first_name="Minh", last_name="Trần Văn")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"  # despite an English browser
    assert page.get_by_role("heading", level=1).inner_text() == "Thành phố Thông minh Bình Dương"
    page.get_by_role("link", name="Đăng nhập").click()
    page.fill("#id_username", "donre.minh")
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    badge = page.locator(".org-badge")
    assert "STNMT" in badge.inner_text() and "Biên tập" in badge.inner_text()
    vi_shot = screenshot(page, "home-vi")
    page.locator('button.lang[data-lang="en"]').click()
    page.wait_for_selector('html[lang="en"]')
    assert page.get_by_role("heading", level=1).inner_text() == "Binh Duong Smart City"
    assert "Editor" in page.locator(".org-badge").inner_text()
    assert page.get_by_role("button", name="Log out").is_visible()
    en_shot = screenshot(page, "home-en")
    assert vi_shot.stat().st_size > 10_000 and en_shot.stat().st_size > 10_000
    # the choice sticks across pages
    page.goto(live_server.url + "/organisations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    assert page.locator(".mainnav").is_visible()
    assert page.locator('.mainnav a[aria-current="page"]').inner_text() == "Organisations"


def test_phone_layout_menu(phone_page, live_server, reference, screenshot):
    phone_page.goto(live_server.url + "/")
    nav = phone_page.locator(".mainnav")
    assert not nav.is_visible()  # folded behind the menu button on a phone
    phone_page.locator(".menu-toggle").click()
    assert nav.is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    screenshot(phone_page, "home-phone")


def test_forbidden_edit_in_browser(page, live_server, make_user):
    make_user("dot.nam", "DOT", "editor")
    page.goto(live_server.url + "/accounts/login/?next=/organisations/DONRE/edit/")
    page.fill("#id_username", "dot.nam")
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("heading", level=1).inner_text() == "403"

"""In a real Chromium: a visitor searches the register without diacritics and filters it;
the DPI editor logs in, reads the restricted fields of an enterprise (logged), sees the
industrial parks on the map, then switches to English."""
import pytest

from smartcity.economy.models import EnterpriseAccessLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_detail_and_parks_map(page, live_server, register, users, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/economy/enterprises/")
    assert page.get_by_role("heading", level=1).inner_text() == "Doanh nghiệp"
    page.fill("#eco-search", "thu dau mot")
    page.locator(".eco-filters button[type=submit]").click()
    page.wait_for_url("**search=thu+dau+mot**")
    assert page.locator("#eco-count").get_attribute("data-count") == "1"
    assert "Công ty TNHH Gỗ Minh Phát" in page.locator(".eco-table tbody").inner_text()
    page.select_option("select[name=park]", "vsip-1")
    page.fill("#eco-search", "")
    page.locator(".eco-filters button[type=submit]").click()
    page.wait_for_url("**park=vsip-1**")
    assert page.locator("#eco-count").get_attribute("data-count") == "2"

    page.goto(live_server.url + "/accounts/login/?next=/economy/enterprises/")
    page.fill("#id_username", "dpi.thao")
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/economy/enterprises/")
    page.fill("#eco-search", "GO MINH PHAT")
    page.locator(".eco-filters button[type=submit]").click()
    page.get_by_role("link", name="Công ty TNHH Gỗ Minh Phát").click()
    page.locator('section[data-group="owner"]').wait_for()
    assert page.locator("#eco-employees").inner_text() == "320"
    assert "Đã làm việc với Sở" in page.locator("#eco-notes").inner_text()
    assert EnterpriseAccessLog.objects.filter(user__username="dpi.thao", channel="page").count() == 2  # government + owner
    screenshot(page, "economy-enterprise")

    page.goto(live_server.url + "/economy/parks/")
    page.locator("path.eco-park-marker").first.wait_for()
    assert page.locator("path.eco-park-marker").count() == 3
    assert "100" in page.locator('#eco-parks tr[data-code="vsip-1"]').inner_text()  # VSIP I is full
    page.goto(live_server.url + "/economy/stats/?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Statistics of enterprises"
    assert page.locator('svg[data-chart="by_section-count"] rect').count() == 2
    screenshot(page, "economy-stats")
    assert errors == []

"""In a real Chromium: a citizen proposes an initiative on the public form (marking the
place on the map), confirms it with the e-mail code; staff publish it; another citizen
supports it with a code, and a second support from the same address is refused."""
import re

import pytest
from django.core import mail

from smartcity.innovation import services
from smartcity.innovation.models import Initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_citizen_submits_and_supports(page, live_server, orgs, editor, settings, screenshot):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/innovation/initiatives/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đề xuất sáng kiến cộng đồng"
    page.fill("#id_title", "Trồng cây xanh dọc đường Huỳnh Văn Lũy")
    page.fill("#id_description", "Đoạn đường dài khoảng 800 m không có bóng mát, đề nghị trồng cây sao và bằng lăng.")
    page.select_option("#id_category", "greenery")
    page.fill("#id_place", "Đường Huỳnh Văn Lũy")
    page.locator("#inno-map").click(position={"x": 200, "y": 150})
    page.locator('#inno-map[data-picked="1"]').wait_for()
    page.fill("#id_name", "Nguyễn Thị Hồng")
    page.fill("#id_email", "hong.nguyen@gmail.com")
    page.check("#id_consent")
    page.get_by_role("button", name="Gửi sáng kiến").click()
    page.wait_for_url("**/initiatives/confirm/**")
    page.fill("#id_code", _code())
    page.get_by_role("button", name="Xác nhận").click()
    page.locator("#inno-submitted").wait_for()
    ini = Initiative.objects.get()
    assert ini.reference in page.locator("#inno-submitted").inner_text()
    assert ini.state == "submitted" and ini.latitude is not None and 10.7 < ini.latitude < 11.6
    services.change_state(ini, "published", by=editor)

    page.goto(live_server.url + "/innovation/initiatives/")
    page.get_by_role("link", name="Trồng cây xanh dọc đường Huỳnh Văn Lũy").click()
    assert page.locator("#inno-support-count").inner_text() == "0"
    assert "hong.nguyen" not in page.content() and "Nguyễn T. H." in page.content()
    page.fill("#id_email", "ung.ho@gmail.com")
    page.get_by_role("button", name="Ủng hộ sáng kiến này").click()
    page.wait_for_url("**/initiatives/confirm/**")
    page.fill("#id_code", _code())
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"**/initiatives/{ini.reference}/")
    assert page.locator("#inno-support-count").inner_text() == "1"
    screenshot(page, "innovation-initiative-supported")
    page.fill("#id_email", "UNG.HO@gmail.com")
    page.get_by_role("button", name="Ủng hộ sáng kiến này").click()
    assert "Địa chỉ e-mail này đã ủng hộ sáng kiến này." in page.locator("#inno-support-form").inner_text()
    assert page.locator("#inno-support-count").inner_text() == "1"
    assert errors == []

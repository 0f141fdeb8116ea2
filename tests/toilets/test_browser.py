"""In a real Chromium: an anonymous visitor reads the public map (coloured markers, the
accessible filter, a popup with the cleanliness score, English on request), then a
cleaner on a 390 px phone logs in, opens the toilet and confirms the round that is due."""
from datetime import time, timedelta

import pytest
from django.utils import timezone

from smartcity.toilets import services
from tests.browser_helpers import open_popup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_map_and_cleaner_confirms_on_phone(page, phone_page, live_server, make_toilet, readings, make_user, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    always = dict(opens=time(0), closes=time(0))
    now = timezone.now().replace(microsecond=0) - timedelta(minutes=3)
    market = make_toilet("vs-cho-thu-dau-mot", name="Nhà vệ sinh công cộng thông minh Chợ Thủ Dầu Một", **always)
    park = make_toilet("vs-cong-vien-thanh-le", name="Nhà vệ sinh công cộng thông minh Công viên Thanh Lễ", lat=10.9887,
                       lon=106.6690, cubicles_accessible=0, **always)
    make_toilet("vs-chua-cong-bo", published=False, lat=10.99, **always)
    readings(market, now, {"occupancy": 3, "soap_level": 70, "paper_level": 15, "water_tank_level": 88})
    readings(market, now - timedelta(minutes=20), {"feedback_good": 60, "feedback_average": 8, "feedback_poor": 4})
    readings(park, now, {"occupancy": 1, "fault_water": 1})
    expected = round(services.scoring.cleanliness_score(60, 8, 4).value)

    page.goto(live_server.url + "/toilets/map/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bản đồ nhà vệ sinh công cộng"
    page.locator("path.wc-marker").first.wait_for()
    assert page.locator("path.wc-marker").count() == 2  # the unpublished toilet is not shown
    assert page.locator('path[data-slug="vs-cho-thu-dau-mot"]').get_attribute("fill") == "#2e9d4f"
    assert page.locator('path[data-slug="vs-cong-vien-thanh-le"]').get_attribute("data-state") == "out_of_order"
    page.locator("#wc-accessible-only").check()
    assert page.locator("path.wc-marker").count() == 1
    popup = open_popup(page, page.locator('path[data-slug="vs-cho-thu-dau-mot"]'))
    text = popup.inner_text()
    assert f"{expected}/100" in text and "Đang mở, còn buồng trống" in text and "5/8" in text
    screenshot(page, "toilets-public-map")
    page.goto(live_server.url + "/toilets/map/?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Public toilets map"
    assert "Out of order" in page.locator('li[data-slug="vs-cong-vien-thanh-le"]').inner_text()

    # a cleaner of the operating organisation, on a phone
    make_user("donre.vesinh", "DONRE", "editor", first_name="Hoa", last_name="Lê Thị")
    services.ensure_rounds(services.local_day(), [market])
    due = market.rounds.filter(planned_at__lte=timezone.now()).order_by("-planned_at").first()
    assert due is not None
    phone = phone_page
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    phone.goto(live_server.url + "/accounts/login/?next=/toilets/t/vs-cho-thu-dau-mot/")
    phone.fill("#id_username", "donre.vesinh")
    phone.fill("#id_password", "Mật-khẩu-thử-2018")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url("**/toilets/t/vs-cho-thu-dau-mot/")
    assert phone.locator('.wc-level[data-level="paper"]').get_attribute("class").split()[-1] == "wc-low"
    item = phone.locator(f'li[data-round="{due.pk}"]')
    button = item.locator(".wc-confirm-btn")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] <= 390  # a thumb-sized button that fits the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    item.locator('input[name="notes"]').fill("Đã thay giấy")
    button.click()
    phone.locator(f'li[data-round="{due.pk}"][data-state="done"]').wait_for()
    assert "Hoa Lê Thị" in phone.locator(f'li[data-round="{due.pk}"]').inner_text()  # who confirmed it
    due.refresh_from_db()
    assert due.state == "done" and due.done_by.username == "donre.vesinh" and due.notes == "Đã thay giấy"
    screenshot(phone, "toilets-cleaner-phone")
    assert errors == []

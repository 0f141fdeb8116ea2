"""In a real Chromium: a student requests the spectrum analyser through the lab's page, the
lab's editor at Thu Dau Mot University approves it, and the week calendar shows it."""
import pytest

from smartcity.research.models import Booking
from tests.research.conftest import monday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**{next_url}")


def test_request_a_booking_and_the_owner_approves(page, live_server, lab, people, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    day = monday()
    base = live_server.url
    login(page, base, "sv.nam", f"/research/labs/{lab.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Phòng thí nghiệm IoT và hệ thống nhúng"
    page.locator("#book-link").click()
    page.wait_for_url(f"**/research/labs/{lab.slug}/book/")
    page.select_option("#id_equipment", str(lab.analyser.pk))
    page.fill("#id_day", day.isoformat())
    page.fill("#id_start", "16:00")
    page.fill("#id_end", "18:00")
    page.fill("#id_purpose", "Đo phát xạ RF của bo mạch cảm biến")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi yêu cầu").click()
    assert "ngoài giờ mở cửa (07:30–17:00)" in page.locator("#booking-errors").inner_text()
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "16:00")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/calendar/?week=*")
    booking = Booking.objects.get()
    pending = page.locator(f'.rs-item[data-booking="{booking.pk}"]')
    assert pending.get_attribute("data-status") == "pending"
    screenshot(page, "research-booking-requested")

    page.context.clear_cookies()
    login(page, base, "tdmu.long", f"/research/labs/{lab.slug}/")
    row = page.locator(f'#pending tr[data-booking="{booking.pk}"]')
    assert "Máy phân tích phổ" in row.inner_text() and "nam.sv@gmail.com" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="Duyệt").click()
    assert page.locator(f'#pending tr[data-booking="{booking.pk}"]').count() == 0
    booking.refresh_from_db()
    assert booking.status == "approved" and booking.decided_by.username == "tdmu.long"
    page.goto(f"{base}/research/labs/{lab.slug}/calendar/?week={day.isoformat()}&lang=en")
    item = page.locator(f'.rs-item[data-booking="{booking.pk}"]')
    assert item.get_attribute("data-status") == "approved" and "14:00–16:00" in item.inner_text()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Week calendar")
    screenshot(page, "research-calendar-approved")
    assert errors == []

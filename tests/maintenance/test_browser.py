"""The crew's phone page in a real Chromium on a phone-sized screen: a lamp failure alert
became a work order; the crew member starts it and marks it fixed with a photo taken on
the phone; the timeline shows the photo and the repair time."""
import pytest

from smartcity.maintenance.models import WorkOrder
from tests.maintenance.conftest import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def test_crew_starts_and_fixes_with_a_photo_on_a_phone(phone_page, live_server, make_user, bin_key, full_bin_rule, ingest,
                                                        screenshot, tmp_path):
    page = phone_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    ingest(bin_key, "thung-rac-cho-tdm-01", [(0, 40), (30, 92)])
    order = WorkOrder.objects.get()
    crew = make_user("to.doi.lan", "DONRE", role="viewer", first_name="Lan", last_name="Nguyễn Thị")
    from smartcity.maintenance import services

    services.transition(order, "assign", make_user("truong.ca", "DONRE"), assignee=crew)
    page.goto(live_server.url + "/accounts/login/?next=/maintenance/crew/")
    page.fill("input[name=username]", "to.doi.lan")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(live_server.url + "/maintenance/crew/")
    card = page.locator(f'article[data-order="{order.pk}"]')
    assert card.locator("[data-state]").get_attribute("data-state") == "assigned"
    # big buttons fit the phone's width: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card.locator('button[data-step="start"]').click()
    page.locator(f'article[data-order="{order.pk}"] [data-state="in_progress"]').wait_for()
    photo = tmp_path / "sua-xong.jpg"
    photo.write_bytes(jpeg_with_gps((640, 480)))
    card = page.locator(f'article[data-order="{order.pk}"]')
    card.locator("form.step-fix input[type=file]").set_input_files(str(photo))
    card.locator("form.step-fix textarea").fill("Đã thu gom, thay nắp thùng")
    screenshot(page, "maintenance-crew-phone")
    card.locator('button[data-step="fix"]').click()
    page.wait_for_function(f'!document.querySelector(\'article[data-order="{order.pk}"]\')')
    order.refresh_from_db()
    assert order.state == "fixed" and order.photos.count() == 1 and order.assigned_to == crew
    page.goto(f"{live_server.url}/maintenance/orders/{order.pk}/")
    page.locator('li[data-action="fixed"]').wait_for()
    # the photo is served to the crew and decodes (wait for it: it loads after the page)
    page.wait_for_function("() => { const i = document.querySelector('.photos img'); return i && i.complete && i.naturalWidth > 0; }")
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") == 640
    screenshot(page, "maintenance-order-fixed-phone")
    assert errors == []

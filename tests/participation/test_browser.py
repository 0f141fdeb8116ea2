"""In a real Chromium: a citizen reports a broken streetlight with a photo and a click on
the map (no account) and confirms it with the code sent by SMS; an editor of the Department of Transport resolves it; the public
tracking page then shows the resolution and the official response, and no phone number."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_reports_staff_resolves_public_tracks(page, browser, live_server, make_user, rules, gps_jpeg, screenshot,
                                                        sms_outbox):
    from smartcity.participation.models import Report
    from tests.participation.conftest import sms_code

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/participation/reports/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gửi phản ánh"
    page.select_option("#id_category", "streetlights")
    page.fill("#id_description", "Ba cột đèn trên đường Yersin không sáng từ tối thứ Hai.")
    page.locator("#part-map .leaflet-tile-pane, #part-map").first.wait_for()
    page.locator("#part-map").click(position={"x": 200, "y": 160})
    page.locator('#part-map[data-picked="1"]').wait_for()
    assert page.input_value("#id_latitude") and page.input_value("#id_longitude")
    page.set_input_files("#id_photo", files=[{"name": "den-duong.jpg", "mimeType": "image/jpeg", "buffer": gps_jpeg}])
    page.fill("#id_phone", "0912 345 678")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_url("**/participation/confirm/*/")
    [(to, text)] = sms_outbox()
    assert to == "+84912345678"
    page.fill("#id_code", sms_code(text))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/participation/r/PA-*/")
    assert page.locator("#part-state").get_attribute("data-state") == "received"
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    report = Report.objects.get(code=code)
    assert report.owner.code == "DOT" and 10.85 < report.latitude < 11.55 and b"Exif" not in bytes(report.photo.data)

    make_user("dot.hung", "DOT", "editor", first_name="Hùng", last_name="Nguyễn Văn")
    staff = browser.new_context(locale="vi-VN").new_page()
    staff.goto(live_server.url + f"/accounts/login/?next=/participation/r/{code}/")
    staff.fill("#id_username", "dot.hung")
    staff.fill("#id_password", "Mật-khẩu-thử-2018")
    staff.get_by_role("button", name="Đăng nhập").click()
    staff.wait_for_url(f"**/participation/r/{code}/")
    staff.select_option("#id_state", "resolved")
    staff.fill("#id_note", "Đã thay bóng LED và bộ điều khiển, đèn sáng bình thường.")
    staff.locator("#part-act-form button[type=submit]").click()
    staff.locator('#part-state[data-state="resolved"]').wait_for()
    staff.context.close()

    page.goto(live_server.url + f"/participation/r/{code}/")
    assert page.locator("#part-state").inner_text() == "Đã giải quyết"
    assert "Đã thay bóng LED" in page.locator("#part-response").inner_text()
    states = [li.get_attribute("data-state") for li in page.locator("#part-timeline li").all()]
    assert states == ["pending", "received", "resolved"]
    body = page.content()
    assert "345 678" not in body and "0912 345" not in body
    screenshot(page, "participation-tracking")
    assert errors == []

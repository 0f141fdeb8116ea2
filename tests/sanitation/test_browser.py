"""One journey in a real Chromium: a planner builds the shift's plan from the live bin levels,
sees the totals and the map of routes; the driver opens the route on a phone (numbered stops
on the map), records the first emptying, and the bin page shows it emptied; the route sheet
prints."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + next_url)


def test_plan_map_sheet_and_collection(page, phone_page, live_server, area, make_user, screenshot):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    phone_page.on("pageerror", lambda exc: errors.append(str(exc)))
    make_user("donre.lan", "DONRE", "editor")
    driver = make_user("donre.tai", "DONRE", "editor")
    area["trucks"][0].driver = driver
    area["trucks"][0].save()
    base = live_server.url

    login(page, base, "donre.lan", "/sanitation/plans/")
    page.fill("#plan-form input[name=seconds]", "0.5")
    page.fill("#plan-form input[name=trips_per_truck]", "3")
    page.uncheck(f"#plan-form input[name=trucks][value='{area['trucks'][1].pk}']")  # one truck, several trips
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_selector("#plan-totals [data-bins]")
    assert page.locator("#plan-totals [data-bins]").inner_text() == "6"
    assert page.locator("#routes tr[data-route]").count() == 1
    page.wait_for_selector("#plan-map.ready[data-stops='6']")
    screenshot(page, "sanitation-plan")
    route_url = page.locator("#routes a.route-link").first.get_attribute("href")

    login(phone_page, base, "donre.tai", route_url)
    phone_page.wait_for_selector("#route-map.ready[data-stops='6'] .san-stop")
    assert phone_page.locator(".san-stop span").first.inner_text() == "1"
    first = phone_page.locator("#stops li").first
    code = first.get_attribute("data-bin")
    first.locator("input[name=weight_kg]").fill("38,5")
    first.locator("button[type=submit]").click()
    phone_page.wait_for_selector("#stop-1.collected")
    assert phone_page.locator("[data-done]").inner_text() == "1/6"
    screenshot(phone_page, "sanitation-route-phone")

    phone_page.goto(f"{base}/sanitation/bins/{code}/")
    assert int(phone_page.locator("[data-level]").inner_text().split()[0]) < 5
    assert "38,5" in phone_page.locator("table").last.inner_text() or "38.5" in phone_page.locator("table").last.inner_text()

    page.goto(base + route_url + "sheet/")
    page.emulate_media(media="print")
    assert page.locator("header.topbar").is_hidden()
    assert page.locator(".sheet tbody tr").count() == 6
    screenshot(page, "sanitation-route-sheet")
    assert errors == []

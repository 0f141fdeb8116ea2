"""The plan tree, an item page and the Triple Helix matrix in a real Chromium: a Department of
Transport editor updates the progress of one of its items and sees the parent follow."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2018"


def _login(page, base, username, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{next_path}")


def _pct(text: str) -> float:
    return float(re.search(r"([\d.]+)\s*%", text).group(1))


def test_dot_editor_updates_progress(page, live_server, make_user, small_plan, screenshot):
    plan, items, _ = small_plan
    make_user("dot.lan", "DOT", "editor", first_name="Lan", last_name="Nguyễn Thị")
    base = live_server.url
    plan_path = f"/programme/plans/{plan.code}/"
    _login(page, base, "dot.lan", plan_path)
    assert page.locator("html").get_attribute("lang") == "vi"
    parent_row = page.locator('.pi-row[data-number="II.4"]')
    before = _pct(parent_row.locator(".pct").inner_text())
    assert before == 30  # (2 x 40 + 1 x 10) / 3
    # collapse everything, then open the transport programme by its summary
    page.click("#pi-collapse")
    assert not page.locator('.pi-row[data-number="II.4.2"]').is_visible()
    page.click("#pi-expand")
    assert page.locator('.pi-row[data-number="II.4.2"] [data-flag="overdue"]').is_visible()
    # typing without diacritics filters the tree as one types
    page.fill("#pi-q", "xe buyt")
    assert page.locator('li[data-id] > .pi-row[data-number="II.9.1"]').is_hidden()
    assert page.locator('.pi-row[data-number="II.4.2"]').is_visible()
    assert page.locator("#pi-live-count").inner_text().startswith("1 /")
    page.fill("#pi-q", "")
    screenshot(page, "programme-plan-tree")

    page.locator('.pi-row[data-number="II.4.2"] a.ttl').click()
    page.wait_for_selector("#item-number")
    assert page.locator("#item-number").inner_text() == "II.4.2"
    page.click("#edit-item")
    page.fill("#id_progress", "70")
    page.locator("#item-form button[type=submit]").click()
    page.wait_for_selector("#item-progress")
    assert _pct(page.locator("#item-progress .pct").inner_text()) == 70
    assert "70 %" in page.locator("#history").inner_text()
    screenshot(page, "programme-item-page")

    page.goto(base + plan_path)
    after = _pct(page.locator('.pi-row[data-number="II.4"] .pct').inner_text())
    assert after == 50  # (2 x 40 + 1 x 70) / 3
    page.locator('.pi-row[data-number="II.4"] a.ttl').click()
    page.wait_for_selector("#rollup")
    assert "70 %" in page.locator("#rollup").inner_text()

    page.goto(base + "/programme/helix/")
    page.wait_for_selector("#helix-matrix")
    assert page.locator('#helix-matrix tr[data-number="II.9.3"] [data-flag="missing-helix"]').is_visible()
    screenshot(page, "programme-helix-matrix")


def test_phone_layout_without_horizontal_scroll(phone_page, live_server, small_plan, screenshot):
    plan, items, _ = small_plan
    base = live_server.url
    for path, name in [(f"/programme/plans/{plan.code}/", "programme-plan-phone"),
                       (f"/programme/items/{items['II.4.1'].pk}/", "programme-item-phone"),
                       ("/programme/helix/", "programme-helix-phone")]:
        phone_page.goto(base + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
        screenshot(phone_page, name)


def test_whole_plan_tree(page, live_server, plan2018, screenshot):
    from smartcity.programme.models import Item

    page.goto(f"{live_server.url}/programme/plans/{plan2018.code}/")
    rows = page.locator(".pi-row")
    assert rows.count() == Item.objects.filter(plan=plan2018).count()
    page.click("#pi-expand")
    assert page.locator('.pi-row[data-number="II.12"]').is_visible()
    screenshot(page, "programme-plan-2018-tree")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the whole plan is {width}px wide on a 390px phone"

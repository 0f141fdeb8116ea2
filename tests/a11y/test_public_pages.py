"""WCAG 2.1 AA checks in a real Chromium: axe-core (shipped by axe-playwright-python) runs on
the public page of every module, in Vietnamese and English, and on a few logged-in pages;
on a 375 px phone no page scrolls sideways; the grouped menus work from the keyboard.

One browser, one live server and one data setup per test (the demo loaders of the modules
whose public pages need rows to show their tables, maps and forms)."""
import time
from pathlib import Path

import axe_playwright_python
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Pages anyone can open without logging in, one or more per module (from each app's urls).
PUBLIC_PAGES = [
    "/",
    "/environment/",
    "/environment/board/",
    "/environment/limits/",
    "/mobility/",
    "/mobility/projects/",
    "/hub/",
    "/programme/",
    "/programme/helix/",
    "/programme/events/",
    "/programme/icf/",
    "/onestop/",
    "/onestop/tra-cuu/",
    "/onestop/thu-tuc/",
    "/onestop/hai-long/",
    "/gis/",
    "/gis/ban-do/",
    "/lighting/",
    "/lighting/map/",
    "/toilets/",
    "/toilets/map/",
    "/sanitation/",
    "/sanitation/bins/map/",
    "/water/",
    "/water/reservoirs/",
    "/maintenance/",
    "/economy/",
    "/economy/parks/",
    "/economy/stats/",
    "/innovation/",
    "/innovation/startups/",
    "/innovation/initiatives/",
    "/research/",
    "/research/labs/",
    "/schools/",
    "/schools/list/",
    "/opendata/",
    "/opendata/stats/",
    "/wifi/",
    "/wifi/roadmap/",
    "/participation/",
    "/participation/reports/",
    "/participation/reports/new/",
    "/participation/reports/stats/",
    "/participation/consultations/",
    "/organisations/",
    "/admin-units/",
    "/accounts/login/",
]


def _if_installed(app: str, paths: list[str]) -> list[str]:
    from django.apps import apps

    return paths if apps.is_installed(f"smartcity.{app}") else []


# the public website and the operations-centre wall, newer than the rest
PUBLIC_PAGES += _if_installed("portal", ["/portal/", "/portal/chuong-trinh/", "/portal/tin-tuc/", "/portal/tim-kiem/?q=xe+buýt"])
# English costs a second pass: the pages with the most text of their own.
ENGLISH_PAGES = ["/", "/environment/", "/mobility/", "/onestop/tra-cuu/", "/programme/", "/opendata/", "/wifi/",
                 "/participation/reports/new/", "/innovation/initiatives/", "/schools/list/"]
# Logged-in pages: lists and forms of an editor of the Department of Natural Resources.
STAFF_PAGES = [
    "/alerts/",
    "/maintenance/orders/",
    "/maintenance/orders/new/",
    "/economy/enterprises/",
    "/participation/staff/",
    "/environment/manage/stations/",
    "/account/tokens/",
] + _if_installed("opscentre", ["/opscentre/"])


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations of the page as 'rule (impact): selector'."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}"
            for v in result["violations"] for node in v["nodes"]]


def open_page(page, url: str, settle_ms: int = 150, wait_until: str = "load") -> int:
    response = page.goto(url, wait_until=wait_until)
    if settle_ms:
        page.wait_for_timeout(settle_ms)  # the page's own scripts draw their first data (maps, charts)
    return response.status if response else 0


@pytest.fixture
def demo_city(reference):
    """A demo-like city, cheap enough for one test: the demo loaders of the modules whose
    public pages are mostly lists (the heavy sensor-history loaders are left out; their
    pages show their empty states, which are checked too)."""
    from smartcity.demo.people import ensure_demo_users
    from smartcity.demo.registry import loaders

    ensure_demo_users()
    wanted = {"programme", "wifi", "economy", "innovation", "research", "schools", "opendata", "participation"}
    timings = {}
    for _order, name, loader in loaders():
        if name in wanted:
            started = time.monotonic()
            loader()
            timings[name] = round(time.monotonic() - started, 1)
    assert set(timings) == wanted, f"demo loaders missing: {wanted - set(timings)}"
    return timings


def check_pages(page, base: str, paths: list[str]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for path in paths:
        status = open_page(page, base + path)
        found = [] if status == 200 else [f"HTTP {status}"]
        if not page.url.startswith(base + path.partition("?")[0]):
            found.append(f"ended on {page.url[len(base):]}")  # e.g. sent to the login page
        found += axe_violations(page)
        if found:
            problems[path] = found
    return problems


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())


def new_page(browser, locale="vi-VN", width=1280, height=900, **extra):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height}, **extra)
    page = context.new_page()
    page.set_default_timeout(45000)
    return page


def test_public_pages_meet_wcag_aa_and_fit_a_phone(browser, live_server, demo_city, screenshot):
    """Vietnamese (every public page), English (a selection), then a 375 px phone."""
    problems = {}
    page = new_page(browser)
    for path, found in check_pages(page, live_server.url, PUBLIC_PAGES).items():
        problems[f"[vi] {path}"] = found
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto(live_server.url + "/")
    page.locator('button.lang[data-lang="en"]').click()
    page.wait_for_selector('html[lang="en"]')
    for path, found in check_pages(page, live_server.url, ENGLISH_PAGES).items():
        problems[f"[en] {path}"] = found
    page.context.close()

    phone = new_page(browser, width=375, height=812, is_mobile=True, has_touch=True)
    too_wide = {}
    shots = {"/", "/environment/", "/onestop/tra-cuu/", "/participation/reports/new/", "/wifi/"}
    for path in PUBLIC_PAGES:
        open_page(phone, live_server.url + path, settle_ms=0, wait_until="domcontentloaded")  # styles and scripts ran
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 376:
            too_wide[path] = width
        if path in shots:
            screenshot(phone, "a11y-phone-" + (path.strip("/").replace("/", "-") or "home"))
    phone.context.close()
    assert not problems, "WCAG 2.1 AA violations:\n" + report(problems)
    assert not too_wide, f"pages wider than a 375 px phone (scrollWidth): {too_wide}"


def test_logged_in_pages_meet_wcag_aa(page, live_server, make_user):
    make_user("donre.lan", "DONRE", "editor", first_name="Lan", last_name="Nguyễn Thị")
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "donre.lan")
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    problems = check_pages(page, live_server.url, STAFF_PAGES)
    assert not problems, "WCAG 2.1 AA violations:\n" + report(problems)


def test_grouped_menus_from_the_keyboard(browser, live_server, reference, screenshot):
    """Desktop: Tab reaches the menu buttons, Enter opens one (its links now checked by axe
    too), Escape closes it and gives focus back. Phone: the menus fold behind the hamburger."""
    page = new_page(browser)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    toggle = page.locator('.navgroup[data-group="environment"] > .navgroup-toggle')
    items = page.locator("#navgroup-environment")
    assert toggle.get_attribute("aria-expanded") == "false" and not items.is_visible()
    for _ in range(20):  # skip link, brand, Overview, then the first menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "navgroup-environment":
            break
    else:
        pytest.fail("Tab never reached the first menu button")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and items.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#navgroup-environment') !== null")
    assert axe_violations(page) == []
    screenshot(page, "a11y-menu-open")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not items.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "navgroup-environment"
    page.locator('.navgroup[data-group="platform"] > .navgroup-toggle').click()
    assert page.locator("#navgroup-platform").is_visible() and not items.is_visible()
    page.locator("h1").click()  # a click elsewhere closes it
    assert not page.locator("#navgroup-platform").is_visible()
    page.context.close()

    phone = new_page(browser, width=375, height=812, is_mobile=True, has_touch=True)
    phone.goto(live_server.url + "/")
    assert not phone.locator(".mainnav").is_visible()
    phone.locator(".menu-toggle").click()
    assert phone.locator(".mainnav").is_visible()
    phone.locator('.navgroup[data-group="platform"] > .navgroup-toggle').click()
    assert phone.locator("#navgroup-platform").get_by_role("link", name="Tổ chức", exact=True).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 376
    screenshot(phone, "a11y-phone-menu")
    phone.context.close()

    # without JavaScript every menu is a plain, open list
    plain = new_page(browser, java_script_enabled=False)
    plain.goto(live_server.url + "/")
    assert plain.locator("#navgroup-environment").is_visible()
    assert not plain.locator(".navgroup-toggle").first.is_visible()
    plain.context.close()

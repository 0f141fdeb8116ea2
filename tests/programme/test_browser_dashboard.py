"""The executive dashboard and the public accountability page in a real Chromium, on the whole
Plan 11/KH-BDH: one bar per action programme, one Gantt row per reported item, a new as-of
date updating the overdue tile without reloading, screenshots on a desktop and a phone (no
sideways scrolling), and the WCAG basics (language, one h1, labelled controls, titled SVG)."""
import datetime as dt

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user

WCAG_JS = """() => {
  const controls = [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')];
  const unlabelled = controls.filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.name || c.id);
  const svgs = [...document.querySelectorAll('main svg')];
  const untitled = svgs.filter(s => {
    const t = s.querySelector(':scope > title');
    return !t || !t.textContent.trim() || s.getAttribute('role') !== 'img';
  }).length;
  return {lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length, unlabelled, svgs: svgs.length, untitled,
          sideways: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture
def running_plan(plan2018):
    """The 2018 plan part-way through the year: a few items moved on, one difficulty raised."""
    from smartcity.programme.models import Escalation, Item

    plan = plan2018
    status = {s.key: s for s in plan.statuses.all()}
    items = {i.number: i for i in Item.objects.filter(plan=plan)}
    for number, key, progress in [("II.9.1", "done", 100), ("II.4.1", "in_progress", 45), ("II.2.1", "behind", 20),
                                  ("II.10", "in_progress", 60), ("II.3.a", "in_progress", 35)]:
        item = items[number]
        item.status, item.progress = status[key], progress
        item.save()
    Escalation.objects.create(owner=items["II.2.1"].owner, item=items["II.2.1"], title="Chưa thống nhất lịch đoàn công tác dự ICF tháng 6/2018",
                              description="Cần Ban Chỉ đạo quyết định thành phần đoàn.",
                              raised_at=timezone.make_aware(dt.datetime(2018, 5, 21, 8, 0)))
    plan.refresh_from_db()
    return plan


def watch_errors(page) -> list:
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}{next_url}")


def tile(page, key):
    return page.locator(f'[data-tile="{key}"] .prog-num').inner_text().strip()


def test_dashboard_charts_gantt_and_as_of(page, phone_page, live_server, make_user, running_plan, screenshot):
    from smartcity.programme.models import Escalation, Item
    from smartcity.programme.services.dashboard import summary

    plan = running_plan
    programmes = Item.objects.filter(plan=plan, kind="programme").count()
    early, mid = summary(plan, dt.date(2018, 4, 10)), summary(plan, dt.date(2018, 7, 2))
    assert early["counts"]["overdue_items"] != mid["counts"]["overdue_items"]
    assert summary(plan)["overall"] == round(plan.progress, 1)  # the same roll-up as the plan's own
    make_user("vptptm.hoa", "VPTPTM")
    errors = watch_errors(page)
    login(page, live_server.url, "vptptm.hoa", "/programme/dashboard/?as_of=2018-04-10")
    page.locator("#prog-chart-programmes svg").wait_for()
    assert page.locator("#prog-chart-programmes svg .prog-svg-row").count() == programmes == 12
    assert page.locator("#prog-chart-programmes svg .prog-bar-fill").count() == programmes
    ii9 = page.locator('#prog-chart-programmes svg .prog-svg-row[data-key="II.9"] .prog-bar-fill')
    assert float(ii9.get_attribute("data-value")) == next(p["progress"] for p in early["programmes"] if p["number"] == "II.9") > 0
    assert page.locator("#prog-chart-units svg .prog-svg-row").count() == len(early["units"])
    rows = early["timeline"]["rows"]
    assert page.locator("#prog-gantt svg .prog-g-row").count() == rows == int(page.locator("#prog-gantt svg").get_attribute("data-rows"))
    assert page.locator("#prog-gantt svg [data-group]").count() == len(early["timeline"]["groups"])
    assert page.locator("#prog-gantt svg .prog-g-asof").get_attribute("data-as-of") == "2018-04-10"
    assert page.locator('#prog-gantt .prog-g-row[data-number="II.9.1"] .prog-g-fill').count() == 1  # done: filled
    assert tile(page, "overdue_items") == str(early["counts"]["overdue_items"])
    assert tile(page, "open_escalations") == "0"  # raised on 21/05, after the as-of date
    screenshot(page, "programme-dashboard-april")

    # a new as-of date: the data is fetched again and the tiles, Gantt and tables follow
    page.fill("#prog-as-of", "2018-07-02")
    page.locator("#prog-as-of").dispatch_event("change")
    page.wait_for_function("document.querySelector('#prog-gantt .prog-g-asof').getAttribute('data-as-of') === '2018-07-02'")
    assert tile(page, "overdue_items") == str(mid["counts"]["overdue_items"])
    assert tile(page, "open_escalations") == "1"
    assert page.locator('[data-sub="oldest_escalation_days"]').inner_text().startswith("42")  # 21/05 to 02/07
    assert page.locator('#prog-overdue-items tr[data-item="II.2.1"]').count() == 1  # due 30/06, 20 % done
    assert "as_of=2018-07-02" in page.url
    a11y = page.evaluate(WCAG_JS)
    assert a11y["lang"] == "vi" and a11y["h1"] == 1 and a11y["unlabelled"] == [] and a11y["svgs"] >= 3 and a11y["untitled"] == 0
    assert a11y["sideways"] <= 0
    screenshot(page, "programme-dashboard")
    esc = Escalation.objects.get(item__plan=plan)
    assert page.locator(f'#prog-escalations a[href="/programme/escalations/{esc.pk}/"]').count() == 1
    assert errors == []

    # the same page on a phone: charts fit the screen, labels above the bars
    phone_errors = watch_errors(phone_page)
    login(phone_page, live_server.url, "vptptm.hoa", "/programme/dashboard/?lang=en")
    phone_page.locator("#prog-gantt svg").wait_for()
    assert phone_page.locator("#prog-gantt svg .prog-g-row").count() == rows
    a11y = phone_page.evaluate(WCAG_JS)
    assert a11y["lang"] == "en" and a11y["sideways"] <= 0 and a11y["unlabelled"] == [] and a11y["untitled"] == 0
    width = phone_page.evaluate("window.innerWidth")
    assert phone_page.locator("#prog-gantt svg").bounding_box()["width"] <= width
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Executive dashboard"
    screenshot(phone_page, "programme-dashboard-phone")
    assert phone_errors == []


def test_public_home(page, phone_page, live_server, running_plan, screenshot):
    from smartcity.programme.models import Item

    plan = running_plan
    errors = watch_errors(page)
    page.goto(live_server.url + "/programme/")
    assert page.get_by_role("heading", level=1).inner_text() == plan.title_vi
    assert page.locator("#prog-programmes > li").count() == 12
    published = page.locator("#prog-item-cards > li[data-item]").count()
    assert published >= 27
    page.select_option("#prog-f-status", "behind")
    page.locator("#prog-filters button[type=submit]").click()
    page.wait_for_url("**status=behind**")
    assert [page.locator("#prog-item-cards > li[data-item]").nth(i).get_attribute("data-item")
            for i in range(page.locator("#prog-item-cards > li[data-item]").count())] == ["II.2.1"]
    a11y = page.evaluate(WCAG_JS)
    assert a11y["lang"] == "vi" and a11y["h1"] == 1 and a11y["unlabelled"] == [] and a11y["sideways"] <= 0
    screenshot(page, "programme-public")
    Item.objects.filter(plan=plan, number="II.2.1").update(published=False)
    page.goto(live_server.url + "/programme/")
    assert page.locator('#prog-item-cards > li[data-item="II.2.1"]').count() == 0
    assert page.locator("#prog-item-cards > li[data-item]").count() == published - 1
    phone_page.goto(live_server.url + "/programme/?lang=en")
    assert phone_page.get_by_role("heading", level=1).inner_text() == plan.title_en
    a11y = phone_page.evaluate(WCAG_JS)
    assert a11y["lang"] == "en" and a11y["sideways"] <= 0 and a11y["unlabelled"] == []
    screenshot(phone_page, "programme-public-phone")
    assert errors == []

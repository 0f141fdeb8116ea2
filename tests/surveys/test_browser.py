"""In a real Chromium on a 390 px phone: an enterprise opens its personal link (Vietnamese
first), sees the follow-up question appear when it chooses "expand" (skip logic), saves a
draft, comes back, is told what is missing, switches to English and sends its answers once."""
import pytest

from smartcity.surveys import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_answers_on_a_phone(phone_page, live_server, make_campaign, enterprises, screenshot):
    errors = []
    campaign = make_campaign()
    services.add_recipients(campaign, {"limit": 1})
    recipient = campaign.recipients.get()
    page = phone_page
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    url = f"{live_server.url}/surveys/a/{recipient.token}/"
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Khảo sát nhu cầu doanh nghiệp 2026"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    where = page.locator('.sv-q[data-key="where"]')
    assert where.is_hidden()
    page.get_by_role("radio", name="Mở rộng", exact=True).check()
    where.wait_for(state="visible")  # skip logic: shown only for "expand"
    page.get_by_role("radio", name="Phía Bắc tỉnh").check()
    page.get_by_role("button", name="Lưu và trả lời tiếp sau").click()
    page.locator(".sv-saved").wait_for()
    recipient.refresh_from_db()
    assert recipient.state == "partial" and recipient.answers == {"outlook": "expand", "where": "north"}
    page.goto(url)  # later, with the same link: the draft is there
    assert page.get_by_role("radio", name="Phía Bắc tỉnh").is_checked()
    screenshot(page, "surveys-answer-form-phone")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.locator(".sv-error").wait_for()
    assert page.locator('.sv-q[data-key="procedures"] .sv-field-error').inner_text() == "Câu hỏi này cần được trả lời."
    page.goto(url + "?lang=en")
    assert page.locator('.sv-q[data-key="outlook"] .sv-qtext').inner_text().startswith("1. Business plan?")
    page.get_by_role("checkbox", name="Skilled labour").check()
    page.locator('.sv-q[data-key="procedures"] input[value="4"]').check()
    box = page.locator('.sv-q[data-key="procedures"] label').first.bounding_box()
    assert box["height"] >= 44  # thumb-sized choices
    for row, value in (("power", "3"), ("water", "5")):
        page.locator(f'input[name="infra.{row}"][value="{value}"]').check()
    page.get_by_role("button", name="Send my answers").click()
    page.locator("#sv-thanks").wait_for()
    screenshot(page, "surveys-answer-phone")
    recipient.refresh_from_db()
    assert recipient.state == "submitted" and recipient.answers["procedures"] == 4 and recipient.answers["infra"] == {"power": 3, "water": 5}
    page.goto(url)
    assert page.locator("#sv-already").is_visible()
    assert errors == []

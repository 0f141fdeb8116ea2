"""ICF in a real Chromium: a department editor answers a data point and attaches a live KPI
as evidence, the Smart City Office approves it, and the comparison chart shows bars for
every year. Screenshots are kept."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    c = Client()
    c.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": c.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def test_answer_with_kpi_evidence_approval_and_chart(page, live_server, make_user, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from smartcity.programme import demo_icf
    from smartcity.programme.models import IcfAnswer, IcfApplication, IcfAssignment
    from smartcity.programme.services import icf

    demo_icf.load()
    icf.assign_defaults(IcfApplication.objects.get(year=2019))
    a = IcfAssignment.objects.get(application__year=2019, question__number="B2")
    dic, office = make_user("dic-editor", "DIC"), make_user("office", "VPTPTM")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    _login(page, live_server, dic)
    page.goto(f"{live_server.url}/programme/icf/questions/{a.pk}/")
    page.fill("input[name=number]", "52,4")
    page.fill("textarea[name=narrative]", "Thuê bao băng rộng cố định trên tổng số hộ gia đình, tháng 9/2019.")
    page.click("button[name=action][value=save]")
    page.wait_for_selector("#answer-status[data-status=draft]")
    page.select_option("#evidence-kind", "kpi")
    assert page.locator("[data-for=file]").is_hidden() and page.locator("[data-for=kpi]").is_visible()
    page.select_option("#evidence-kpi", "programme.helix_share")
    page.click("#add-evidence")
    page.wait_for_selector("#evidence tr[data-kind=kpi]")
    page.click("#submit-answer")
    page.wait_for_selector("#answer-status[data-status=submitted]")
    screenshot(page, "icf-answer-submitted")
    ans = IcfAnswer.objects.get(assignment=a)
    assert ans.number == 52.4 and ans.evidence.filter(kind="kpi", kpi="programme.helix_share").exists()

    _login(page, live_server, office)
    page.goto(f"{live_server.url}/programme/icf/questions/{a.pk}/")
    page.check("input[name=decision][value=approve]")
    page.click("#review-submit")
    page.wait_for_selector("#answer-status[data-status=accepted]")
    assert IcfAnswer.objects.get(pk=ans.pk).status == "accepted"
    page.goto(f"{live_server.url}/programme/icf/2019/")
    assert page.locator("tr[data-question=B2]").get_attribute("data-status") == "accepted"
    screenshot(page, "icf-application-2019")

    page.goto(f"{live_server.url}/programme/icf/compare/")
    page.wait_for_selector("#icf-chart rect.bar")
    for year in range(2017, 2024):
        assert page.locator(f'#icf-chart rect.bar[data-year="{year}"]').count() == 6
        assert page.locator(f'#icf-chart rect.bar[data-year="{year}"]').first.bounding_box()["height"] > 10
    page.hover('#legend li[data-year="2018"]')
    assert page.locator("#icf-chart rect.bar.hl").count() == 6
    assert page.locator('#goal tr[data-year="2018"] .goal-baseline [data-verdict]').get_attribute("data-verdict") == "no"
    assert page.locator('#goal tr[data-year="2023"] .goal-baseline [data-verdict]').get_attribute("data-verdict") == "yes"
    screenshot(page, "icf-compare")
    assert errors == []


def test_compare_on_a_phone_in_vietnamese(phone_page, live_server, reference, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from smartcity.programme import demo_icf

    demo_icf.load()
    phone_page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    phone_page.goto(f"{live_server.url}/programme/icf/compare/")
    phone_page.wait_for_selector("#icf-chart rect.bar")
    assert "Hòa nhập số" in phone_page.content()
    box = phone_page.locator("#icf-chart").bounding_box()
    assert box["width"] <= 390
    screenshot(phone_page, "icf-compare-phone")

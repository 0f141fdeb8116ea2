"""The counter kiosk in a real Chromium: a survey left half-answered returns to the start by
itself, so the next citizen never sees the previous one's answers."""
import pytest
from django.utils import timezone

from tests.onestop.factories import make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_half_answered_kiosk_survey_returns_to_the_start(page, live_server, procedures, make_user, settings, screenshot):
    settings.ONESTOP_KIOSK_IDLE_SECONDS = 2
    dossier = make_dossier(procedures["house"], status="returned", returned_at=timezone.now())
    clerk = make_user("mot_cua_sxd", "DOC")
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/?next=/onestop/kiosk/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", "Mật-khẩu-thử-2018")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/onestop/kiosk/")
    page.goto(live_server.url + f"/onestop/kiosk/{dossier.code}/")
    page.wait_for_selector("#kiosk-survey")
    page.locator("fieldset.question[data-role=satisfaction] input[type=radio]").first.check()
    screenshot(page, "onestop-kiosk-half-answered")
    page.wait_for_url("**/onestop/kiosk/", timeout=15000)  # nobody touched it for 2 s
    assert page.locator("#kiosk-survey").count() == 0
    from smartcity.onestop.models import SurveyResponse

    assert not SurveyResponse.objects.exists()  # nothing half-answered was stored

"""The alert pages in a real Chromium: acknowledge from the list, and the rule editor's
fields following the chosen kind and target."""
import pytest

from smartcity.alerts.models import Alert
from tests.alerts.conftest import pm25

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def login(page, base, username):
    page.goto(base + "/accounts/login/?next=/alerts/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + "/alerts/")


def test_acknowledge_and_rule_editor(page, live_server, make_user, station_key, make_rule, ingest, screenshot):  # noqa: F811
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn")
    make_rule(params={"op": ">", "value": 50, "clear_value": 40, "duration_s": 0})
    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 82)]))
    alert = Alert.objects.get()
    login(page, live_server.url, "donre.minh")
    assert page.locator('a.sev-box[data-severity="high"] .num').inner_text() == "1"
    screenshot(page, "alerts-list")
    page.locator(f'tr[data-alert="{alert.pk}"] a').click()
    page.fill("#acknowledge input[name=note]", "Đã cử cán bộ kiểm tra trạm")
    page.locator("#acknowledge button").click()
    page.locator('tr[data-action="acknowledged"]').wait_for()
    assert page.locator("dd[data-state]").get_attribute("data-state") == "acknowledged"
    assert page.locator("#acknowledge").count() == 0
    page.goto(live_server.url + "/alerts/rules/new/")
    form = page.locator("#rule-form")
    assert form.locator("input[name=value]").is_visible() and not form.locator("input[name=factor]").is_visible()
    assert not form.locator("input[name=asset_slug]").is_visible()  # the target is an asset type
    form.locator("select[name=kind]").select_option("missing")
    assert form.locator("input[name=factor]").is_visible() and not form.locator("input[name=value]").is_visible()
    form.locator("select[name=target]").select_option("asset")
    assert form.locator("input[name=asset_slug]").is_visible() and not form.locator("select[name=asset_type]").is_visible()
    screenshot(page, "alerts-rule-editor")
    assert errors == []
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "donre.minh"

"""The monthly report page in a real Chromium: the tables, one SVG chart of daily means per
parameter with limits (the hub's chart), working download links; a screenshot is kept."""
import pytest

from tests.environment.test_limits import _fresh_index, seeded  # noqa: F401
from tests.environment.test_report import OCT, station  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_page_charts_and_downloads(page, live_server, station, screenshot):  # noqa: F811
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/environment/limits/stations/{station.code}/report/{OCT}/")
    page.wait_for_selector("#chart-BD_TDM_KK02-pm25 svg")
    assert page.locator(".total-exceeded").inner_text() == "1"
    assert "Độ đầy đủ dữ liệu" in page.content()
    with page.expect_download() as pdf:
        page.click("#pdf-link")
    assert pdf.value.suggested_filename == f"bao-cao-bd_tdm_kk02-{OCT}.pdf"
    screenshot(page, "env-monthly-report")
    assert errors == []

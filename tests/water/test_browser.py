"""A reservoir manager's journey in a real Chromium: the list, one reservoir with its five
charts, the season report with its chart and Excel download; a screenshot of the reservoir page is kept."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reservoir_page_and_season_report(page, live_server, hub, settings, tmp_path, screenshot):
    from smartcity.water import demo_reservoirs, sim

    settings.VAR_DIR = tmp_path
    demo_reservoirs.load(days=45)
    site = sim.SITES[0]
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/water/")
    page.click(f"tr[data-slug='{site.slug}'] a")
    page.wait_for_selector("#chart-level polyline.series")
    for chart in ("#chart-volume polyline.series", "#chart-stage polyline.series", "#chart-flows rect.bar", "#chart-rain rect.bar"):
        assert page.locator(chart).count() >= 1, chart
    # the crest and minimum are drawn as reference lines on the level chart
    assert page.locator("#chart-level line.ref").count() == 2
    shown = float(page.locator("#latest-level").inner_text().replace(",", "."))
    assert site.minimum - 0.5 < shown < site.crest + 0.5
    screenshot(page, "water-reservoir")
    page.click("#season-report-link")
    page.wait_for_selector("#chart-season rect.bar")
    rows = page.locator(f"section[data-reservoir='{site.slug}'] tr.total td.reused")
    assert int(rows.inner_text().replace(".", "").replace(",", "").replace("\u202f", "")) > 0
    with page.expect_download() as xlsx:
        page.click("#xlsx-link")
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    assert errors == []

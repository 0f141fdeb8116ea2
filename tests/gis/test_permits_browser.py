"""The permit register in Chromium: the map draws one coloured point per located permit, a
popup leads to the permit page with its deadlines; the statistics page draws its bars and
the year selector reloads it. Screenshots in the artifacts."""
import pytest

from tests.gis.test_permits_fixtures import *  # noqa: F401,F403 - fixtures
from tests.gis.test_permits_fixtures import local, put_on_parcel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_map_popup_detail_and_stats(page, live_server, house, parcels, units, make_user, screenshot):
    from smartcity.gis.models import Permit
    from smartcity.onestop.services import lifecycle
    from tests.onestop.factories import make_dossier

    officer = make_user("can-bo-gpxd-trinh-duyet", "DOC")
    made = []
    for i, (key, fate) in enumerate([("phu_loi", "issued"), ("chanh_hiep", "refused"), ("dong_hoa", "open"), ("phu_loi", "open")]):
        d = make_dossier(house, status="processing", received_at=local(2026, 3, 2 + i, 9, 0), applicant=i)
        if fate == "issued":
            lifecycle.result_ready(d, officer, "Giấy phép xây dựng", at=local(2026, 3, 12, 9, 0))
        elif fate == "refused":
            lifecycle.reject(d, officer, "Không phù hợp quy hoạch.", at=local(2026, 3, 9, 9, 0))
        made.append(put_on_parcel(Permit.objects.get(dossier=d), parcels[key]))
    base = live_server.url
    page.goto(base + "/gis/giay-phep/?year=2026")
    page.wait_for_selector("#permit-map[data-ready='4']")
    assert page.locator("#permit-table tbody tr").count() == 4
    paths = page.locator("#permit-map canvas")
    assert paths.count() >= 1
    issued = made[0]
    # open the issued permit's popup through Leaflet (canvas markers have no DOM node to click)
    page.evaluate("""(id) => { window.permitMap.eachLayer(l => { if (l.feature && l.feature.id === id) { l.openPopup(); } }); }""", issued.pk)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert issued.number in popup.inner_text()
    screenshot(page, "gis-permits-register")
    popup.locator("a").click()
    page.wait_for_url(f"**/gis/giay-phep/{issued.pk}/")
    assert page.locator("#permit-status").get_attribute("data-status") == "issued"
    assert page.locator("#permit-deadlines tr[data-step='decision']").get_attribute("data-state") in ("early", "on_time")
    screenshot(page, "gis-permit-detail")
    page.goto(base + "/gis/giay-phep/thong-ke/?year=2026")
    bars = page.locator("#ward-chart g[data-unit]")
    assert bars.count() == 3
    assert page.locator(f"#ward-chart g[data-unit='{units['phu_loi'].code}'] rect").count() == 2   # issued + in progress
    assert page.locator("#district-chart g[data-unit]").count() == 2
    screenshot(page, "gis-permit-stats")
    page.select_option("#year-form select", "2026")
    page.wait_for_load_state()
    assert page.locator("#stats-total [data-k='received']").inner_text() == "4"

"""The top bar's grouped menus: every installed module sits in exactly one menu, and the
markup is a disclosure (button + list it controls) that reads as plain lists without JS."""
import re

import pytest

from smartcity.core.modules import GROUP_BY_MODULE, NAV_GROUPS, Module, all_modules, group_of, nav_groups


def test_every_module_is_in_one_known_menu():
    groups = nav_groups()
    keys = [g.key for g in groups]
    assert keys == [k for k, _label in NAV_GROUPS if k in keys] and "platform" in keys
    listed = [m.key for g in groups for m in g.modules]
    assert sorted(listed) == sorted(m.key for m in all_modules())  # each once, none lost
    assert set(GROUP_BY_MODULE.values()) <= {k for k, _label in NAV_GROUPS}
    assert group_of(Module("new-app", "New", "home")) == "platform"  # unknown: the platform menu
    assert group_of(Module("wifi", "Wi-Fi", "home", group="transport")) == "transport"  # the app's own choice wins
    assert group_of(Module("x", "X", "home", group="no-such-menu")) == "platform"


@pytest.mark.django_db
def test_menus_are_disclosures_with_a_skip_link(client, reference):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert html.index('class="skip-link" href="#main"') < html.index('<header class="topbar">')
    assert '<main class="container" id="main"' in html
    buttons = re.findall(r'<button type="button" class="navgroup-toggle" aria-expanded="false" aria-controls="([\w-]+)" hidden>', html)
    assert len(buttons) >= 4
    for target in buttons:
        assert f'<ul class="navgroup-items" id="{target}">' in html
    assert "Môi trường &amp; hạ tầng" in html and "Cộng đồng &amp; dữ liệu mở" in html
    nav = html[html.index('<nav class="mainnav"'):html.index("</nav>")]
    for url in ("/wifi/", "/environment/", "/organisations/", "/admin-units/", "/api/docs/"):
        assert f'href="{url}"' in nav

"""The maintenance module is installed: its home answers in Vietnamese and it is in the navigation."""
import pytest

pytestmark = pytest.mark.django_db


def test_home_answers_and_module_is_listed(client):
    page = client.get("/maintenance/").content.decode()
    assert '<html lang="vi">' in page
    from smartcity.core.modules import all_modules

    assert "maintenance" in [m.key for m in all_modules()]

import os
from pathlib import Path

import pytest

from smartcity.testing import require_chromium

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing costs ~0.3 s per user; tests check the rules, not the hash cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference(db):
    from smartcity.core.seed import load_reference

    load_reference()


@pytest.fixture
def make_user(db, reference):
    from smartcity.core.models import Organisation, User

    def make(username: str, org_code: str | None, role: str = "editor", **extra):
        org = Organisation.objects.get(code=org_code) if org_code else None
        user = User.objects.create_user(username=username, password="Mật-khẩu-thử-2018", organisation=org, role=role, **extra)
        return user

    return make


@pytest.fixture
def api(db):
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# -- the data hub: registry mirrored, assets, device tokens (used by hub, alerts, demo tests) --
@pytest.fixture
def hub(reference):
    """Reference data plus the registry mirrored into the hub's tables."""
    from smartcity.hub.services import sync_registry

    sync_registry()


@pytest.fixture
def make_asset(hub):
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset

    def make(slug, type_code="air-station", owner="DONRE", lat=10.98, lon=106.65, **extra):
        return Asset.objects.create(slug=slug, asset_type_id=type_code, owner=Organisation.objects.get(code=owner),
                                    name=extra.pop("name", slug), latitude=lat, longitude=lon, **extra)

    return make


@pytest.fixture
def device_token(hub):
    from smartcity.core.models import Organisation
    from smartcity.hub.services import issue_device_token

    def make(owner="DONRE", assets=(), all_owner_assets=False, name="Trạm thử"):
        token, key = issue_device_token(Organisation.objects.get(code=owner), name, assets=assets, all_owner_assets=all_owner_assets)
        return token, key

    return make


# -- real browser (Playwright driving Debian's Chromium): one per test session --------------
@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot

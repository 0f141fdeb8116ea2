import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest

from smartcity.testing import require_chromium

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """PostgreSQL: no autovacuum in the test database. Tests empty and refill tables all the
    time; an automatic ANALYZE that lands while a table is nearly empty leaves statistics
    saying 'one row', and a later test with 10,000 rows then gets nested loops without index
    conditions (minutes instead of milliseconds). Without statistics the planner sizes each
    table from its current pages, which is right at every moment of a test run."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                for (table,) in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)')
        from tests import scratch_db

        scratch_db.adopt_test_database(connection)  # before any test writes to it


@pytest.fixture(scope="session", autouse=True)
def _flush_only_what_was_written(django_db_setup, django_db_blocker):
    """PostgreSQL: after a transactional test, empty only the tables that hold rows, with
    DELETE, instead of Django's TRUNCATE of all ~300 tables (about 2 s each time: every
    truncated table gets new files). Django's foreign keys are DEFERRABLE INITIALLY DEFERRED,
    so one transaction of DELETEs in any order is consistent at commit. Content types and
    permissions are kept (post_migrate would re-create the same rows)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    ops = connection.ops
    original = ops.sql_flush

    def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = sorted(tables)
        if not tables or reset_sequences:
            return original(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        # content types and permissions stay: they are the same for every test, and
        # re-creating ~1,500 of them in post_migrate after each flush cost a second
        tables = [t for t in tables if t not in ("django_content_type", "auth_permission")]
        probe = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {ops.quote_name(t)})" for t in tables)
        with connection.cursor() as cursor:
            cursor.execute(probe, tables)
            used = [row[0] for row in cursor.fetchall()]
        return [f"DELETE FROM {ops.quote_name(t)};" for t in used]

    ops.sql_flush = sql_flush
    yield
    ops.sql_flush = original


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


# -- a test database other threads and processes can open ---------------------------------
@pytest.fixture
def shared_db(transactional_db, tmp_path):
    """This test's database, opened by a subprocess too; yields the DATABASE_URL to give it.

    PostgreSQL: pytest-django's test database (`connection.settings_dict['NAME']`, e.g.
    test_mqtt when SMARTCITY_TEST_DB_NAME=test_mqtt); the test is transactional, so what it
    creates is committed and visible to the subprocess.
    SQLite: pytest-django's test database lives in memory, which no other process can
    open. It is copied (sqlite3 backup API: schema and migrated rows) into a temporary
    file and this test's connection is pointed at the file until the test ends; then the
    in-memory database is put back untouched. With SMARTCITY_TEST_SQLITE=<file> the test
    database is a file already and is used as it is."""
    from django.db import connection

    sd = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(sd["USER"] or "", safe="") + (f":{quote(sd['PASSWORD'], safe='')}" if sd.get("PASSWORD") else "")
        yield f"postgres://{auth}@{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{sd['NAME']}"
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{sd['NAME']}"
        return
    path = tmp_path / "hub.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    memory, name = connection.connection, sd["NAME"]
    connection.connection = None  # set aside, not closed: closing the last connection would drop the in-memory database
    sd["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        sd["NAME"] = name
        connection.connection = memory


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


# Both database suites run side by side on small machines; a loaded core can take seconds to
# paint a map, so waits are generous (a real failure still fails, only later).
BROWSER_TIMEOUT_MS = 45000


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
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

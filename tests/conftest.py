import os

import pytest

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

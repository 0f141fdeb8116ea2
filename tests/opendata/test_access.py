"""API keys and rate limits: anonymous callers get a low limit, keyed callers a higher
one, over the limit answers 429 with Retry-After in the CKAN shape; a revoked key is
refused; keys are created and revoked on the keys page."""
import pytest

from smartcity.opendata import services
from smartcity.opendata.models import ApiKey


@pytest.fixture
def limits(settings):
    settings.OPENDATA_RATE_ANON = 3
    settings.OPENDATA_RATE_KEY = 6


def test_anonymous_limit_gives_429_with_retry_after(catalogue, client, limits):
    for _ in range(3):
        assert client.get("/api/3/action/package_list").status_code == 200
    over = client.get("/api/3/action/package_list")
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 60
    body = over.json()
    assert body["success"] is False and body["error"]["__type"] == "Rate Limit Error"
    other = client.get("/api/opendata/catalog.ttl", REMOTE_ADDR="10.0.0.9")  # another address has its own window
    assert other.status_code == 200
    dcat = client.get("/api/opendata/catalog.ttl")  # same address, the platform's error shape off the CKAN routes
    assert dcat.status_code == 429 and dcat.json()["code"] == "throttled" and "Retry-After" in dcat


def test_a_key_raises_the_limit_and_a_revoked_key_is_refused(catalogue, client, make_user, limits):
    user = make_user("nguyen.an", None, "viewer")
    record, key = services.create_key(user, "Cổng dữ liệu quốc gia")
    assert key.startswith("od_") and record.key_hash != key and key not in record.prefix + record.key_hash
    for i in range(6):
        header = {"HTTP_AUTHORIZATION": key} if i % 2 else {"HTTP_X_CKAN_API_KEY": key}
        response = client.get("/api/3/action/package_list", **header)
        assert response.status_code == 200 and response["RateLimit-Limit"] == "6"
    assert client.get("/api/3/action/package_list", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 429
    record.refresh_from_db()
    assert record.last_used_at is not None
    services.revoke_key(record)
    refused = client.get("/api/3/action/package_list", HTTP_AUTHORIZATION=key)
    assert refused.status_code == 403 and refused.json()["error"]["__type"] == "Authorization Error"
    assert client.get("/api/3/action/package_list", HTTP_X_CKAN_API_KEY="od_khong-hop-le").status_code == 403


def test_keys_page_create_and_revoke(catalogue, client_as, make_user):
    user = make_user("tran.binh", "DOST", "viewer")
    c = client_as(user)
    page = c.post("/opendata/keys/", {"name": "Ứng dụng bản đồ không khí"})
    assert page.status_code == 200
    key = page.context["new_key"]
    record = ApiKey.objects.get(user=user)
    assert record.name == "Ứng dụng bản đồ không khí" and key.startswith(record.prefix)
    assert key in page.content.decode()
    other = make_user("le.chi", "DOST", "viewer")
    theirs, _ = services.create_key(other, "Khóa của người khác")
    assert c.post(f"/opendata/keys/{theirs.pk}/revoke/").status_code == 403
    assert c.post(f"/opendata/keys/{record.pk}/revoke/").status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    # DIC staff see every key and create one for another user
    staff = client_as(make_user("stttt.minh", "DIC", "editor"))
    listing = staff.get("/opendata/keys/")
    assert "Khóa của người khác" in listing.content.decode()
    staff.post("/opendata/keys/", {"name": "Khóa cấp cho Đại học Thủ Dầu Một", "username": "le.chi"})
    assert ApiKey.objects.filter(user=other, name="Khóa cấp cho Đại học Thủ Dầu Một").exists()


def test_keys_page_needs_login(client, db):
    assert client.get("/opendata/keys/").status_code == 302

"""Personal API tokens: shown once, stored hashed, revocable, usable as Bearer."""
from smartcity.core.models import ApiToken
from smartcity.core.services import issue_api_token
from smartcity.core.tokens import hash_key


def test_token_is_stored_hashed_and_authenticates(api, make_user):
    user = make_user("donre.minh", "DONRE", "editor")
    token, key = issue_api_token(user, "Kịch bản đồng bộ")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and stored.key_hash == hash_key(key)
    assert key.startswith(stored.prefix)
    response = api.get("/api/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["username"] == "donre.minh"
    ok = api.patch("/api/organisations/DONRE/", {"phone": "0274 111"}, format="json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200


def test_revoked_or_wrong_token_is_refused(api, make_user):
    user = make_user("donre.minh", "DONRE", "editor")
    token, key = issue_api_token(user, "tạm")
    token.revoked_at = token.created_at
    token.save()
    response = api.get("/api/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert api.get("/api/me/", HTTP_AUTHORIZATION="Bearer sc_not-a-real-key").status_code == 401


def test_ui_create_and_revoke(client, make_user):
    user = make_user("dot.nam", "DOT", "editor")
    client.force_login(user)
    page = client.post("/account/tokens/", {"name": "Đồng bộ GTFS"}).content.decode()
    token = ApiToken.objects.get(user=user)
    start = page.index('id="new-token">') + len('id="new-token">')
    key = page[start:page.index("</code>", start)]
    assert hash_key(key) == token.key_hash
    assert client.get("/account/tokens/").content.decode().count(key) == 0  # shown once only
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.active


def test_api_create_list_revoke(api, make_user):
    user = make_user("dot.nam", "DOT", "editor")
    other = make_user("donre.minh", "DONRE", "editor")
    other_token, _ = issue_api_token(other, "của người khác")
    api.force_authenticate(user)
    created = api.post("/api/tokens/", {"name": "script"}, format="json")
    assert created.status_code == 201 and created.json()["key"].startswith("sc_")
    listed = api.get("/api/tokens/").json()
    assert [t["name"] for t in listed["results"]] == ["script"]
    assert api.post(f"/api/tokens/{other_token.pk}/revoke/").status_code == 404
    revoked = api.post(f"/api/tokens/{created.json()['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]

"""Device tokens managed by the staff of the owner organisation: through the API, the admin
and the CLI. The key is shown once; a revoked token writes nothing."""
import io
import re

import orjson
import pytest
from django.core.management import CommandError, call_command

from smartcity.hub.models import DeviceToken, Observation

URL = "/api/hub/device-tokens/"


@pytest.fixture
def people(make_user):
    return {
        "donre": make_user("donre.minh", "DONRE", "editor", is_staff=True),
        "donre_manager": make_user("donre.lan", "DONRE", "manager"),
        "donre_viewer": make_user("donre.xem", "DONRE", "viewer"),
        "dot": make_user("dot.nam", "DOT", "editor", is_staff=True),
        "office": make_user("vptptm.huong", "VPTPTM", "editor"),
    }


@pytest.fixture
def assets(make_asset):
    return {
        "tdm": make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.98, lon=106.65),
        "di_an": make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769),
        "lamp": make_asset("den-dai-lo-binh-duong-001", "streetlight", owner="DOT", name="Đèn đường Đại lộ Bình Dương – cột 001",
                           lat=10.97, lon=106.67),
    }


def ingest(client, key, asset="kk-thu-dau-mot", value=35.2):
    body = [{"asset": asset, "quantity": "pm25", "time": "2025-11-24T08:00:00+07:00", "value": value}]
    return client.post("/api/hub/observations", data=orjson.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def test_editor_creates_a_token_and_sees_the_key_once(api, client, assets, people):
    api.force_authenticate(people["donre"])
    r = api.post(URL, {"name": "Trạm Thủ Dầu Một – bộ ghi dữ liệu", "assets": ["kk-thu-dau-mot"]}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    key = body["key"]
    assert key.startswith("dv_") and body["prefix"] == key[:10]
    assert (body["owner"], body["assets"], body["all_owner_assets"], body["active"], body["created_by"]) == (
        "DONRE", ["kk-thu-dau-mot"], False, True, "donre.minh")
    token = DeviceToken.objects.get(pk=body["id"])
    assert key not in token.key_hash  # only the hash is stored
    listed = api.get(URL).json()["results"]
    assert [t["id"] for t in listed] == [body["id"]] and "key" not in listed[0]
    assert "key" not in api.get(f"{URL}{body['id']}/").json()
    # the token writes to its asset, and only to it
    assert ingest(client, key).status_code == 200
    r = ingest(client, key, asset="kk-di-an")
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "forbidden_asset"


def test_integration_token_for_every_asset_of_the_organisation(api, client, assets, people):
    api.force_authenticate(people["donre_manager"])
    r = api.post(URL, {"name": "Tích hợp hệ thống quan trắc tự động", "all_owner_assets": True}, format="json")
    assert r.status_code == 201
    key = r.json()["key"]
    assert ingest(client, key, "kk-di-an").status_code == 200
    assert ingest(client, key, "kk-thu-dau-mot").status_code == 200
    assert Observation.objects.count() == 2


def test_scope_rules(api, assets, people):
    api.force_authenticate(people["donre"])
    r = api.post(URL, {"name": "Trộn", "assets": ["kk-thu-dau-mot", "den-dai-lo-binh-duong-001"]}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "assets" and r.json()["errors"][0]["code"] == "foreign_asset"
    r = api.post(URL, {"name": "Không phạm vi"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "assets"
    r = api.post(URL, {"name": "Không có", "assets": ["kk-khong-co"]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "assets"

    api.force_authenticate(people["dot"])  # DOT may not issue tokens for DONRE
    r = api.post(URL, {"name": "Giả mạo", "owner": "DONRE", "assets": ["kk-thu-dau-mot"]}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(people["donre_viewer"])  # viewers issue nothing
    r = api.post(URL, {"name": "Xem", "assets": ["kk-thu-dau-mot"]}, format="json")
    assert r.status_code == 403
    assert not DeviceToken.objects.exists()
    api.force_authenticate(None)
    assert api.post(URL, {"name": "Ẩn danh", "all_owner_assets": True}, format="json").status_code == 401
    assert api.get(URL).status_code == 401


def test_lists_are_scoped_to_the_organisation(api, assets, people, device_token):
    donre_token, _ = device_token("DONRE", assets=[assets["tdm"]])
    dot_token, _ = device_token("DOT", all_owner_assets=True, name="Tủ điều khiển chiếu sáng Đại lộ Bình Dương")
    api.force_authenticate(people["donre"])
    assert [t["id"] for t in api.get(URL).json()["results"]] == [donre_token.id]
    assert api.get(f"{URL}{dot_token.id}/").status_code == 404
    api.force_authenticate(people["donre_viewer"])
    assert api.get(URL).json()["results"] == []
    api.force_authenticate(people["office"])
    assert {t["id"] for t in api.get(URL).json()["results"]} == {donre_token.id, dot_token.id}
    assert [t["owner"] for t in api.get(URL + "?owner=DOT").json()["results"]] == ["DOT"]


def test_revoke(api, client, assets, people, device_token):
    token, key = device_token("DONRE", assets=[assets["tdm"]])
    assert ingest(client, key).status_code == 200
    api.force_authenticate(people["dot"])
    assert api.post(f"{URL}{token.id}/revoke/").status_code == 404  # not theirs to see
    api.force_authenticate(people["donre"])
    r = api.post(f"{URL}{token.id}/revoke/")
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["revoked_at"]
    assert ingest(client, key, value=40.0).status_code == 401
    assert Observation.objects.get().value == 35.2
    assert [t["id"] for t in api.get(URL + "?active=false").json()["results"]] == [token.id]
    assert api.get(URL + "?active=true").json()["results"] == []


# -- admin ---------------------------------------------------------------------------------
def test_admin_creates_a_token_and_shows_the_key_once(client_as, client, assets, people):
    admin = client_as(people["donre"])
    r = admin.post("/admin/hub/devicetoken/add/", {"name": "Trạm Dĩ An – bộ ghi", "owner": people["donre"].organisation_id,
                                                     "assets": [assets["di_an"].pk]}, follow=True)
    assert r.status_code == 200
    messages = [str(m) for m in r.context["messages"]]
    key = next(m for m in messages if "dv_" in m).split()[-1]
    assert re.fullmatch(r"dv_[A-Za-z0-9_-]{40,}", key)
    token = DeviceToken.objects.get()
    assert (token.owner.code, token.created_by, list(token.assets.all())) == ("DONRE", people["donre"], [assets["di_an"]])
    page = admin.get(f"/admin/hub/devicetoken/{token.pk}/change/").content.decode()
    assert key not in page  # never shown again
    assert ingest(client, key, "kk-di-an").status_code == 200


def test_admin_refuses_tokens_for_other_organisations(client_as, assets, people, device_token):
    admin = client_as(people["dot"])
    r = admin.post("/admin/hub/devicetoken/add/", {"name": "Giả mạo", "owner": people["donre"].organisation_id,
                                                     "assets": [assets["tdm"].pk]})
    assert r.status_code == 200 and not DeviceToken.objects.exists()  # the form refuses the organisation
    r = admin.post("/admin/hub/devicetoken/add/", {"name": "Trộn", "owner": people["dot"].organisation_id,
                                                     "assets": [assets["tdm"].pk]})
    assert r.status_code == 200 and not DeviceToken.objects.exists()
    token, _ = device_token("DONRE", assets=[assets["tdm"]])
    r = admin.post(f"/admin/hub/devicetoken/{token.pk}/change/", {"name": "Đổi tên", "assets": [assets["tdm"].pk]})
    assert r.status_code == 403


# -- CLI -----------------------------------------------------------------------------------
def test_cli_tokens(client, assets):
    out = io.StringIO()
    call_command("hub", "tokens", "create", "--owner", "DONRE", "--name", "Trạm Thủ Dầu Một", "--asset", "kk-thu-dau-mot",
                 stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("dv_")
    assert ingest(client, key).status_code == 200
    out = io.StringIO()
    call_command("hub", "tokens", "list", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2 and "kk-thu-dau-mot" in lines[1] and key[:10] in lines[1] and key not in out.getvalue()
    call_command("hub", "tokens", "revoke", key[:10], stdout=io.StringIO())
    assert ingest(client, key).status_code == 401
    out = io.StringIO()
    call_command("hub", "tokens", "list", stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 1  # revoked tokens are hidden unless --all
    with pytest.raises(CommandError):
        call_command("hub", "tokens", "create", "--owner", "DOT", "--name", "Sai", "--asset", "kk-thu-dau-mot")
    with pytest.raises(CommandError):
        call_command("hub", "tokens", "create", "--owner", "DONRE", "--name", "Không phạm vi")
    with pytest.raises(CommandError):
        call_command("hub", "tokens", "revoke", "9999")

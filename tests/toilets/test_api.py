"""Toilet and round API and pages: the present state from the hub's readings, published
records for everybody, writes and confirmations only by the owner organisation's editors,
the platform's error shape, the public map without login."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartcity.toilets import services
from smartcity.toilets.models import CleaningRound, RoundState

pytestmark = pytest.mark.django_db


@pytest.fixture
def donre_toilets(make_toilet, readings):
    now = timezone.now().replace(microsecond=0) - timedelta(minutes=2)
    market = make_toilet("vs-cho-thu-dau-mot", opens=(now.astimezone(services.scoring.LOCAL) - timedelta(hours=2)).time(),
                         closes=(now.astimezone(services.scoring.LOCAL) + timedelta(hours=2)).time())
    readings(market, now, {"occupancy": 8, "soap_level": 12, "paper_level": 64, "water_tank_level": 90, "fault_door": 1,
                           "fault_water": 0})
    readings(market, now - timedelta(minutes=30), {"feedback_good": 40, "feedback_average": 6, "feedback_poor": 4})
    hidden = make_toilet("vs-chua-cong-bo", published=False)
    return market, hidden


def test_list_and_detail_show_state_and_hide_unpublished(api, donre_toilets):
    market, _hidden = donre_toilets
    r = api.get("/api/toilets/toilets/")
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [t["slug"] for t in rows] == ["vs-cho-thu-dau-mot"]
    s = rows[0]["state"]
    assert s["open"] is True and s["state"] == "full" and s["free"] == 0  # 8 people, 8 cubicles
    assert s["levels"]["soap"] == 12 and s["level_bands"]["soap"] == "low" and s["level_bands"]["paper"] == "ok"
    assert s["faults"] == ["door"]
    assert s["feedback"] == {"good": 40, "average": 6, "poor": 4}
    expected = services.scoring.cleanliness_score(40, 6, 4)
    assert s["score"]["value"] == round(expected.value, 1) and s["score"]["votes"] == 50
    body = api.get("/api/toilets/toilets/vs-cho-thu-dau-mot/").json()
    assert body["cubicles"] == 8 and body["owner"] == "DONRE" and body["state"]["state"] == "full"
    assert api.get("/api/toilets/toilets/vs-chua-cong-bo/").status_code == 404
    assert [t["slug"] for t in api.get("/api/toilets/toilets/?accessible=false").json()["results"]] == []


def test_toilet_writes_follow_the_permission_rule(api, make_user, make_asset, donre_toilets):
    donre = make_user("donre.minh", "DONRE", "editor")
    dot = make_user("dot.nam", "DOT", "editor")
    viewer = make_user("donre.xem", "DONRE", "viewer")
    make_asset("vs-cong-vien-thanh-le", "public-toilet", owner="DONRE")
    payload = {"slug": "vs-cong-vien-thanh-le", "cubicles_men": 2, "cubicles_women": 3, "cubicles_accessible": 1,
               "opens": "05:00", "closes": "22:00"}
    assert api.post("/api/toilets/toilets/", payload, format="json").status_code in (401, 403)
    for user in (dot, viewer):
        api.force_authenticate(user)
        r = api.post("/api/toilets/toilets/", payload, format="json")
        assert r.status_code == 403 and r.json()["code"] == "permission_denied"
        assert api.patch("/api/toilets/toilets/vs-cho-thu-dau-mot/", {"fee_vnd": 0}, format="json").status_code == 403
    api.force_authenticate(donre)
    r = api.post("/api/toilets/toilets/", payload, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["owner"] == "DONRE" and r.json()["cubicles"] == 6
    r = api.post("/api/toilets/toilets/", payload, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "unique"
    r = api.patch("/api/toilets/toilets/vs-cong-vien-thanh-le/", {"round_interval_min": 5}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "round_interval_min", "code": "out_of_range",
                                                              "message": r.json()["errors"][0]["message"]}
    r = api.patch("/api/toilets/toilets/vs-cong-vien-thanh-le/", {"fee_vnd": 2000}, format="json")
    assert r.status_code == 200 and r.json()["fee_vnd"] == 2000
    from smartcity.toilets.models import Toilet
    assert Toilet.objects.get(asset__slug="vs-cong-vien-thanh-le").history.count() == 2


def test_rounds_list_confirm_and_errors(api, make_user, donre_toilets):
    market, hidden = donre_toilets
    donre = make_user("donre.vesinh", "DONRE", "editor")
    dot = make_user("dot.nam", "DOT", "editor")
    today = services.local_day()
    assert services.ensure_rounds(today, [market, hidden]) > 0
    assert services.ensure_rounds(today, [market, hidden]) == 0  # idempotent
    assert api.get("/api/toilets/rounds/").status_code in (401, 403)  # rounds name cleaners: login needed
    api.force_authenticate(dot)
    rows = api.get(f"/api/toilets/rounds/?date={today}").json()["results"]
    assert rows and {r["toilet"] for r in rows} == {"vs-cho-thu-dau-mot"}  # another organisation: published only
    first = rows[0]
    r = api.post(f"/api/toilets/rounds/{first['id']}/confirm/", {"notes": "xong"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(donre)
    assert {r["toilet"] for r in api.get(f"/api/toilets/rounds/?date={today}").json()["results"]} == {"vs-cho-thu-dau-mot",
                                                                                                   "vs-chua-cong-bo"}
    r = api.get("/api/toilets/rounds/?date=03-12-2026")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_date"
    r = api.post(f"/api/toilets/rounds/{first['id']}/confirm/", {"done_at": (timezone.now() + timedelta(hours=1)).isoformat()},
                 format="json")
    assert r.status_code == 400 and r.json()["code"] == "future_time" and r.json()["errors"][0]["field"] == "done_at"
    bad = SimpleUploadedFile("anh.txt", b"not an image", content_type="text/plain")
    r = api.post(f"/api/toilets/rounds/{first['id']}/confirm/", {"photo": bad}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "photo", "code": "bad_photo", "message": r.json()["detail"]}
    photo = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    r = api.post(f"/api/toilets/rounds/{first['id']}/confirm/", {"notes": "Đã dọn, thay giấy", "photo": photo}, format="multipart")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "done" and r.json()["done_by"] == "donre.vesinh" and r.json()["photo"]
    rnd = CleaningRound.objects.get(pk=first["id"])
    assert rnd.state == RoundState.DONE and rnd.notes == "Đã dọn, thay giấy" and rnd.history.count() >= 1
    r = api.post(f"/api/toilets/rounds/{first['id']}/confirm/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "round_done"
    # an extra round planned by the operator
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    r = api.post("/api/toilets/rounds/", {"toilet": "vs-cho-thu-dau-mot", "planned_at": later, "reason": "Sự kiện"}, format="json")
    assert r.status_code == 201 and r.json()["kind"] == "extra" and r.json()["owner"] == "DONRE"
    api.force_authenticate(dot)
    r = api.post("/api/toilets/rounds/", {"toilet": "vs-cho-thu-dau-mot", "planned_at": later}, format="json")
    assert r.status_code == 403


def test_pages_operator_and_public(client, client_as, make_user, donre_toilets):
    market, hidden = donre_toilets
    services.ensure_rounds(services.local_day(), [market, hidden])
    r = client.get("/toilets/map/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "vs-cho-thu-dau-mot" in page and "vs-chua-cong-bo" not in page
    data = client.get("/toilets/map.json").json()
    assert [t["slug"] for t in data["toilets"]] == ["vs-cho-thu-dau-mot"] and data["toilets"][0]["state"] == "full"
    assert client.get("/toilets/list/").status_code == 302  # operator pages need a login
    dot = make_user("dot.nam", "DOT", "editor")
    c = client_as(dot)
    page = c.get("/toilets/t/vs-cho-thu-dau-mot/").content.decode()
    assert "wc-confirm-btn" not in page  # may read, may not confirm
    rnd = market.rounds.first()
    assert c.post(f"/toilets/rounds/{rnd.pk}/confirm/").status_code == 403
    assert c.get("/toilets/t/vs-chua-cong-bo/").status_code == 404
    donre = make_user("donre.vesinh", "DONRE", "editor")
    c = client_as(donre)
    page = c.get("/toilets/t/vs-cho-thu-dau-mot/").content.decode()
    assert "wc-confirm-btn" in page and 'data-fault="door"' in page
    r = c.post(f"/toilets/rounds/{rnd.pk}/confirm/", {"notes": "ok", "next": "/toilets/t/vs-cho-thu-dau-mot/#rounds"})
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert rnd.state == "done" and rnd.done_by == donre
    sched = c.get(f"/toilets/rounds/?date={services.local_day()}").content.decode()
    assert sched.count('data-state="done"') >= 1 and "vs-chua-cong-bo" in sched
    assert c.get("/toilets/list/").status_code == 200

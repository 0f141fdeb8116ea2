"""Citizen reports: photo checks, routing, the workflow's permissions and history, privacy
of public pages and API, validation errors and the per-IP rate limit."""
import io

import pytest
from django.core import mail

from smartcity.participation import services
from smartcity.participation.models import Report, RoutingRule, State

pytestmark = pytest.mark.django_db


def test_renamed_html_is_refused_with_a_reason(make_report):
    with pytest.raises(services.ParticipationError) as err:
        services.check_photo("anh-o-ga.jpg", b"<!doctype html><html><script>alert(1)</script></html>")
    assert err.value.code == "content_mismatch" and "các byte đầu không khớp" in err.value.message
    with pytest.raises(services.ParticipationError) as err:
        services.check_photo("anh.gif", b"GIF89a....")
    assert err.value.code == "type_not_allowed"


def test_gps_is_stripped_before_storing(make_report, gps_jpeg):
    from PIL import Image

    with Image.open(io.BytesIO(gps_jpeg)) as src:
        assert src.getexif().get_ifd(0x8825)  # the fixture really carries a position
    report = make_report(photo=("IMG_2031.JPG", gps_jpeg))
    stored = bytes(report.photo.data)
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and not img.getexif() and not img.getexif().get_ifd(0x8825)
    assert b"Exif" not in stored and b"PhoneMaker" not in stored


def test_routing_by_category_then_area(make_report):
    from smartcity.core.models import AdministrativeUnit, Organisation

    assert make_report("streetlights").owner.code == "DOT"
    assert make_report("waste").owner.code == "DONRE"
    assert make_report("flooding").owner.code == "DOC"
    di_an = AdministrativeUnit.objects.get(code="79-DIAN", valid_to__isnull=True)
    RoutingRule.objects.create(category="waste", unit=di_an, organisation=Organisation.objects.get(code="DOC"),
                               owner=Organisation.objects.get(code="DIC"))
    assert make_report("waste", unit=di_an).owner.code == "DOC"
    assert make_report("waste").owner.code == "DONRE"  # elsewhere the category's rule still holds


def test_staff_of_the_responsible_org_act_others_get_403(make_report, make_user, api):
    report = make_report("streetlights")
    assert report.state == State.RECEIVED
    api.force_authenticate(make_user("donre.an", "DONRE"))
    r = api.post(f"/api/participation/reports/{report.code}/transition/", {"state": "in_progress"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(make_user("dot.binh", "DOT"))
    r = api.post(f"/api/participation/reports/{report.code}/transition/", {"state": "rejected"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "note"
    assert api.post(f"/api/participation/reports/{report.code}/transition/", {"state": "in_progress"}, format="json").status_code == 200
    r = api.post(f"/api/participation/reports/{report.code}/transition/",
                 {"state": "resolved", "note": "Đã thay bóng LED."}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    assert [e["to_state"] for e in r.json()["timeline"]] == ["pending", "received", "in_progress", "resolved"]
    assert r.json()["timeline"][-1]["organisation"] == "DOT"
    report.refresh_from_db()
    assert report.response == "Đã thay bóng LED." and report.first_response_at <= report.closed_at
    assert report.history.count() >= 4
    r = api.post(f"/api/participation/reports/{report.code}/transition/", {"state": "in_progress"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_email_report_waits_for_the_code_then_is_public(rules, api, client):
    r = api.post("/api/participation/reports/", {"category": "waste", "description": "Rác tràn ra đường Trần Hưng Đạo.",
                                                 "latitude": 10.9041, "longitude": 106.7679, "email": "Lan.Nguyen@Example.vn"},
                 format="json")
    assert r.status_code == 201 and r.json()["state"] == "pending" and r.json()["organisation"] == "DONRE"
    code, token = r.json()["code"], r.json()["verification"]
    assert api.get(f"/api/participation/reports/{code}/").status_code == 404
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Lan.Nguyen@Example.vn"]
    sent = mail.outbox[0].body.rsplit(" ", 1)[-1].strip()
    assert api.post(f"/api/participation/verifications/{token}/", {"code": "000000" if sent != "000000" else "111111"},
                    format="json").json()["code"] == "wrong_code"
    r = api.post(f"/api/participation/verifications/{token}/", {"code": sent}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "received"
    # the contact is encrypted at rest and never leaves through public pages or the API
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT contact_email FROM participation_report WHERE code = %s", [code])
        assert "example.vn" not in cur.fetchone()[0].lower()
    for body in (api.get("/api/participation/reports/").content, api.get(f"/api/participation/reports/{code}/").content,
                 client.get(f"/participation/r/{code}/").content, client.get("/participation/reports/").content):
        assert b"example.vn" not in body.lower() and b"Lan.Nguyen" not in body
    assert "Rác tràn ra đường" in client.get(f"/participation/r/{code}/").content.decode()


def test_phone_stays_private(make_report, client, api):
    report = make_report(phone="0987 111 333")
    html = client.get(f"/participation/r/{report.code}/").content.decode()
    assert report.description in html and "111 333" not in html and "0987" not in html
    assert "0987" not in api.get("/api/participation/reports/").content.decode()
    assert "987111333" not in html and "987111333" not in api.get("/api/participation/reports/").content.decode()
    assert Report.objects.get(pk=report.pk).contact_phone == "+84987111333"  # stored normalised


def test_validation_errors_in_the_project_shape(rules, api):
    r = api.post("/api/participation/reports/", {"category": "volcano", "description": "x", "latitude": 21.03,
                                                 "longitude": 105.85}, format="json")
    body = r.json()
    assert r.status_code == 400 and set(body) >= {"status", "code", "detail", "errors"}
    by_field = {e["field"]: e["code"] for e in body["errors"]}
    assert by_field == {"category": "invalid_choice", "description": "too_short", "latitude": "out_of_area", "email": "required"}
    r = api.post("/api/participation/reports/", {"category": "roads", "description": "Ổ gà lớn giữa đường.", "latitude": 10.98,
                                                 "longitude": 106.65, "phone": "0912345678",
                                                 "photo": _upload("o-ga.jpg", b"<html>not a photo</html>")}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "photo", "code": "content_mismatch",
                                                              "message": r.json()["errors"][0]["message"]}
    assert not Report.objects.exists()


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_rate_limit_429_with_retry_after(rules, api, settings):
    settings.PARTICIPATION_REPORT_IP_LIMIT = 2
    payload = {"category": "trees", "description": "Cây nghiêng sát dây điện.", "latitude": 10.95, "longitude": 106.72,
               "phone": "0912345678"}
    codes = [api.post("/api/participation/reports/", payload, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    r = api.post("/api/participation/reports/", payload, format="json")
    assert r.status_code == 429 and 0 < int(r["Retry-After"]) <= 3600 and r.json()["code"] == "rate_limited"
    assert Report.objects.count() == 2


def test_public_form_refuses_a_place_outside_the_province(rules, client):
    r = client.post("/participation/reports/new/", {"category": "roads", "description": "Ổ gà lớn giữa đường.",
                                                    "latitude": "10.776", "longitude": "106.700", "phone": "0912345678"})
    assert r.status_code == 400 and "ngoài tỉnh Bình Dương" in r.content.decode()
    r = client.post("/participation/reports/new/", {"category": "roads", "description": "Ổ gà lớn giữa đường.",
                                                    "latitude": "10.98", "longitude": "106.65", "phone": "0912345678"})
    assert r.status_code == 302 and "/confirm/" in r["Location"]  # a phone contact confirms by SMS code
    assert "qua SMS" in client.get(r["Location"]).content.decode()

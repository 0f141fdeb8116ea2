"""Verification by phone: Vietnamese mobile numbers to E.164 with reasons, SMS codes read
from the outbox file (the demo sender), one vote per phone, the API error shape, reports
confirmed by SMS, and the HTTP gateway sender against a loopback server."""
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from smartcity.participation import phone, services, sms
from smartcity.participation.models import Consultation, Question, Report, Verification, Vote
from tests.participation.conftest import sms_code


@pytest.mark.parametrize("raw, e164", [
    ("0912345678", "+84912345678"),
    ("0912 345 678", "+84912345678"),
    ("091.234.5678", "+84912345678"),
    ("+84 912-345-678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("0387 654 321", "+84387654321"),   # Viettel 03x since 2018
    ("0567-111-222", "+84567111222"),
    ("0703 999 000", "+84703999000"),
    ("0888 123 456", "+84888123456"),
])
def test_valid_mobile_numbers_become_e164(raw, e164):
    assert phone.normalise(raw) == e164


@pytest.mark.parametrize("raw, reason", [
    ("", "empty"),
    ("   ", "empty"),
    ("0912 abc 678", "bad_characters"),
    ("(091) 2345678", "bad_characters"),
    ("+1 415 555 0100", "not_vietnamese"),
    ("912345678", "not_vietnamese"),
    ("091234567", "wrong_length"),
    ("09123456789", "wrong_length"),
    ("01689123456", "wrong_length"),      # 11-digit numbers before the 2018 renumbering
    ("+84 09 1234 5678", "wrong_length"),
    ("0274 3822 123", "wrong_length"),
    ("028 3822 1234", "wrong_length"),    # landlines have 11 digits
    ("0283 822 123", "not_mobile"),       # a landline prefix cannot receive the SMS
    ("+84 283 822 123", "not_mobile"),
    ("0612345678", "not_mobile"),
])
def test_other_numbers_are_refused_with_a_reason(raw, reason):
    with pytest.raises(phone.PhoneError) as exc:
        phone.normalise(raw)
    assert exc.value.reason == reason


@pytest.fixture
def consultation(reference):
    from smartcity.core.models import Organisation

    now = timezone.now()
    c = Consultation.objects.create(slug="wifi-cong-cong", title="Lấy ý kiến về wifi công cộng", document="Dự thảo.",
                                    opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10),
                                    owner=Organisation.objects.get(code="DIC"))
    Question.objects.create(consultation=c, number=1, text="Mở rộng wifi tại các công viên?")
    return c


def _ask(api, slug, **contact):
    return api.post(f"/api/participation/consultations/{slug}/verify/", contact, format="json")


def _check(api, token, code):
    return api.post(f"/api/participation/verifications/{token}/", {"code": code}, format="json")


@pytest.mark.django_db
def test_phone_verification_then_one_vote_per_phone(consultation, api, sms_outbox):
    q = consultation.questions.get()
    url = f"/api/participation/consultations/{consultation.slug}/votes/"
    r = _ask(api, consultation.slug, phone="0912 345 678")
    assert r.status_code == 202 and r.json()["channel"] == "sms"
    token = r.json()["verification"]
    [(to, text)] = sms_outbox()
    assert to == "+84912345678"
    code = sms_code(text)
    r = api.post(url, {"token": token, "question": q.pk, "choice": "agree"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "not_verified"  # not yet confirmed
    assert _check(api, token, "000000" if code != "000000" else "111111").json()["code"] == "wrong_code"
    assert _check(api, token, code).status_code == 200
    assert api.post(url, {"token": token, "question": q.pk, "choice": "agree"}, format="json").status_code == 201
    # the same person writing the number another way gets a new token but no second vote
    again = _ask(api, consultation.slug, phone="+84-91-234-5678").json()["verification"]
    assert _check(api, again, sms_code(sms_outbox()[-1][1])).status_code == 200
    r = api.post(url, {"token": again, "question": q.pk, "choice": "disagree"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "already_voted"
    other = _ask(api, consultation.slug, phone="0987111333").json()["verification"]
    assert _check(api, other, sms_code(sms_outbox()[-1][1])).status_code == 200
    assert api.post(url, {"token": other, "question": q.pk, "choice": "disagree"}, format="json").status_code == 201
    hashes = set(Vote.objects.values_list("email_hash", flat=True))
    assert hashes == {services.phone_hash("+84912345678"), services.phone_hash("+84987111333")}
    assert services.phone_hash("+84912345678") != services.email_hash("+84912345678")
    assert "912345678" not in api.get(f"/api/participation/consultations/{consultation.slug}/").content.decode()


@pytest.mark.django_db
def test_sms_code_expires_and_allows_five_tries(consultation, api, sms_outbox):
    token = _ask(api, consultation.slug, phone="0912345678").json()["verification"]
    code = sms_code(sms_outbox()[-1][1])
    Verification.objects.filter(token=token).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = _check(api, token, code)
    assert r.status_code == 410 and r.json()["code"] == "expired"
    token = _ask(api, consultation.slug, phone="0912345678").json()["verification"]
    code = sms_code(sms_outbox()[-1][1])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert [_check(api, token, wrong).json()["code"] for _ in range(5)] == ["wrong_code"] * 5
    r = _check(api, token, code)  # the right code is too late now
    assert r.status_code == 410 and r.json()["code"] == "too_many_attempts"
    assert Verification.objects.get(token=token).confirmed_at is None


@pytest.mark.django_db
def test_api_refuses_a_bad_number_with_its_reason(consultation, api, rules, sms_outbox):
    r = _ask(api, consultation.slug, phone="0274 382 212")
    body = r.json()
    assert r.status_code == 400 and set(body) >= {"status", "code", "detail", "errors"}
    assert body["code"] == "not_mobile" and body["errors"] == [{"field": "phone", "code": "not_mobile", "message": body["detail"]}]
    assert "03, 05, 07, 08" in body["detail"]
    r = _ask(api, consultation.slug, phone="0912345678", email="an@example.vn")
    assert r.status_code == 400 and r.json()["code"] == "one_contact"
    assert _ask(api, consultation.slug).json()["code"] == "one_contact"
    r = api.post("/api/participation/reports/", {"category": "roads", "description": "Ổ gà lớn giữa đường.", "latitude": 10.98,
                                                 "longitude": 106.65, "phone": "091234567"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "phone" and r.json()["code"] == "wrong_length"
    assert sms_outbox() == [] and not Verification.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
def test_code_requests_by_sms_are_rate_limited(consultation, api, settings, sms_outbox):
    settings.PARTICIPATION_CODE_IP_LIMIT = 2
    codes = [_ask(api, consultation.slug, phone="0912345678").status_code for _ in range(3)]
    assert codes == [202, 202, 429] and len(sms_outbox()) == 2


@pytest.mark.django_db
def test_report_with_a_phone_waits_for_the_sms_code(rules, api, client, sms_outbox):
    r = api.post("/api/participation/reports/", {"category": "flooding", "description": "Nước ngập sâu trên đường Nguyễn Trãi.",
                                                 "latitude": 10.9041, "longitude": 106.7679, "phone": "0912.345.678"},
                 format="json")
    assert r.status_code == 201 and r.json()["state"] == "pending"
    code, token = r.json()["code"], r.json()["verification"]
    assert api.get(f"/api/participation/reports/{code}/").status_code == 404
    [(to, text)] = sms_outbox()
    assert to == "+84912345678" and code in text
    assert Verification.objects.get(token=token).channel == "sms"
    page = client.get(f"/participation/confirm/{token}/").content.decode()
    assert "qua SMS" in page
    r = client.post(f"/participation/confirm/{token}/", {"code": sms_code(text)})
    assert r.status_code == 302 and r["Location"].endswith(f"/participation/r/{code}/")
    body = api.get(f"/api/participation/reports/{code}/").json()
    assert body["state"] == "received" and [e["to_state"] for e in body["timeline"]] == ["pending", "received"]
    assert "912" not in json.dumps(body)


@pytest.mark.django_db
def test_vote_through_the_pages_after_an_sms_code(consultation, client, sms_outbox):
    r = client.post(f"/participation/c/{consultation.slug}/code/", {"phone": "0912 345 678"})
    assert r.status_code == 302 and "/confirm/" in r["Location"]
    client.post(r["Location"], {"code": sms_code(sms_outbox()[-1][1])})
    client.post(f"/participation/c/{consultation.slug}/vote/", {"question": consultation.questions.get().pk, "choice": "agree"})
    assert Vote.objects.get().email_hash == services.phone_hash("+84912345678")
    r = client.post(f"/participation/c/{consultation.slug}/code/", {"phone": "0212 345 678"}, follow=True)
    assert "không phải số di động" in r.content.decode()


def test_http_backend_posts_json_with_the_token_from_the_environment(settings, monkeypatch):
    seen = {}

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            seen["auth"] = self.headers.get("Authorization")
            seen["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(202 if seen["body"]["to"].startswith("+84") else 500)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
        monkeypatch.setenv("SMS_GATEWAY_TOKEN", "khoa-cua-nha-mang")
        sms.send_sms("+84912345678", "Mã 123456")
        assert seen == {"auth": "Bearer khoa-cua-nha-mang", "body": {"to": "+84912345678", "text": "Mã 123456"}}
        with pytest.raises(sms.SMSError):
            sms.send_sms("12345", "Mã 123456")
    finally:
        server.shutdown()
        server.server_close()

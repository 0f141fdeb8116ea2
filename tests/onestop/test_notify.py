"""Notifications: one SMS and one e-mail per event, stored with the recipient encrypted,
sent through the configured sender; a failing sender is recorded, never raised."""

import pytest
from django.db import connection

from smartcity.onestop.services.notify import notify
from tests.onestop.factories import local, make_dossier
from tests.onestop.sms_gateway import Gateway

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.SMARTCITY_BASE_URL = "https://motcua.binhduong.gov.vn"


def test_received_sends_sms_and_email_with_code_due_date_and_lookup_link(procedures):
    d = make_dossier(procedures["house"], received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 23, 16, 30))
    rows = notify(d, "received")
    assert sorted(r.channel for r in rows) == ["email", "sms"]
    link = f"https://motcua.binhduong.gov.vn/onestop/tra-cuu/?code={d.code}"
    for r in rows:
        assert d.code in r.body and "23/03/2026 16:30" in r.body and link in r.body
        assert r.sent_at is not None and r.error == "" and r.sender == "LogSender" and r.event == "received"
    sms = next(r for r in rows if r.channel == "sms")
    assert "tiếp nhận" in sms.body  # Vietnamese, with diacritics
    email = next(r for r in rows if r.channel == "email")
    assert "tiếp nhận" in email.body and "received" in email.body  # Vietnamese then English
    assert {r.recipient for r in rows} == {"0908123456", "nguyenvanhung@gmail.com"}


def test_recipient_is_encrypted_in_the_table(procedures):
    d = make_dossier(procedures["business"], applicant=1)
    notify(d, "received")
    with connection.cursor() as cur:
        cur.execute("SELECT recipient FROM onestop_notification WHERE dossier_id = %s", [d.pk])
        raw = [row[0] for row in cur.fetchall()]
    assert len(raw) == 2
    assert all(v.startswith("enc1:") and "0912654321" not in v and "mylinh" not in v for v in raw)


def test_no_email_address_means_sms_only(procedures):
    d = make_dossier(procedures["business"], applicant=2)  # Lê Hoàng Phúc has no e-mail
    assert [r.channel for r in notify(d, "result_ready")] == ["sms"]


def test_sms_through_a_real_gateway(procedures, settings):
    d = make_dossier(procedures["house"], due_at=local(2026, 3, 20, 10, 0))
    with Gateway() as gw:
        settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.HttpSmsSender"}
        settings.ONESTOP_SMS_GATEWAY_URL, settings.ONESTOP_SMS_GATEWAY_TOKEN = gw.url, "gw-token-1"
        rows = notify(d, "received")
    sms = next(r for r in rows if r.channel == "sms")
    assert sms.sender == "HttpSmsSender" and sms.sent_at is not None
    assert len(gw.requests) == 1 and gw.requests[0]["json"]["to"] == "0908123456"
    assert d.code in gw.requests[0]["json"]["message"] and "20/03/2026 10:00" in gw.requests[0]["json"]["message"]


def test_failing_sender_is_stored_as_an_error_and_others_still_go(procedures, settings, mailoutbox):
    d = make_dossier(procedures["house"])
    with Gateway(status=503) as gw:
        settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.HttpSmsSender", "email": "smartcity.onestop.senders.EmailSender"}
        settings.ONESTOP_SMS_GATEWAY_URL = gw.url
        rows = notify(d, "apology", extra={"new_due_at": local(2026, 4, 2, 15, 0)})
    sms = next(r for r in rows if r.channel == "sms")
    email = next(r for r in rows if r.channel == "email")
    assert sms.sent_at is None and "503" in sms.error
    assert email.sent_at is not None and len(mailoutbox) == 1 and d.code in mailoutbox[0].subject
    assert "02/04/2026 15:00" in mailoutbox[0].body
    from smartcity.onestop.models import Notification

    assert Notification.objects.get(pk=sms.pk).error == sms.error


def test_a_wrong_sender_setting_is_an_error_not_an_exception(procedures, settings):
    settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.NoSuchSender"}
    d = make_dossier(procedures["business"])
    sms = next(r for r in notify(d, "received") if r.channel == "sms")
    assert sms.sent_at is None and "not configured" in sms.error


def test_returned_carries_the_survey_link(procedures):
    d = make_dossier(procedures["business"], status="returned", result_at=local(2026, 3, 4, 10), returned_at=local(2026, 3, 4, 14))
    rows = notify(d, "returned")
    from smartcity.onestop.models import SurveyInvitation

    invitation = SurveyInvitation.objects.get(dossier=d)
    assert invitation.token
    for r in rows:
        assert f"/onestop/khao-sat/{invitation.token}/" in r.body and r.body.count("https://motcua.binhduong.gov.vn") >= 1
    notify(d, "survey")
    assert SurveyInvitation.objects.filter(dossier=d).count() == 1  # idempotent


def test_supplement_lists_the_items_and_rejected_gives_the_reason(procedures):
    d = make_dossier(procedures["house"], status="supplement")
    sms = notify(d, "supplement", extra={"items": ["Bản vẽ mặt bằng móng", "Giấy tờ đất bản sao có chứng thực"]})[0]
    assert "Bản vẽ mặt bằng móng; Giấy tờ đất bản sao có chứng thực" in sms.body
    from smartcity.onestop.models import SupplementRequest

    SupplementRequest.objects.create(dossier=d, items=["Văn bản thẩm duyệt PCCC"], requested_at=local(2026, 3, 3, 9))
    assert "Văn bản thẩm duyệt PCCC" in notify(d, "supplement")[0].body
    r = notify(d, "rejected", extra={"reason": "Thửa đất thuộc quy hoạch công viên"})[0]
    assert "Thửa đất thuộc quy hoạch công viên" in r.body


def test_every_event_has_a_message_and_unknown_events_are_refused(procedures):
    from smartcity.onestop.services.notify import EVENTS, compose

    d = make_dossier(procedures["business"], due_at=local(2026, 3, 5, 16, 0))
    bodies = {e: compose(d, e)["sms"] for e in EVENTS}
    assert len(set(bodies.values())) == len(EVENTS)
    assert all(d.code in b for b in bodies.values())
    assert all(len(b) < 400 for b in bodies.values())
    with pytest.raises(ValueError):
        compose(d, "birthday")

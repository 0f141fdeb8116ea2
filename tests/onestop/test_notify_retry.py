"""Notices whose sender failed are sent again when the gateway is back (the 10-minute task),
up to a number of attempts and an age; the message itself never changes."""
import datetime as dt

import pytest
from django.utils import timezone

from smartcity.onestop.services.notify import notify, retry_failed
from tests.onestop.factories import local, make_dossier
from tests.onestop.sms_gateway import Gateway

pytestmark = pytest.mark.django_db


def test_failed_sms_is_sent_again_when_the_gateway_is_back(procedures, settings):
    from smartcity.onestop.models import Notification

    d = make_dossier(procedures["house"], due_at=local(2026, 3, 20, 10, 0))
    settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.HttpSmsSender"}
    with Gateway(status=503) as down:
        settings.ONESTOP_SMS_GATEWAY_URL = down.url
        sms = next(r for r in notify(d, "received") if r.channel == "sms")
        assert sms.sent_at is None and "503" in sms.error
        assert retry_failed() == {"sent": 0, "failed": 1}  # still down: one more attempt counted
    sms.refresh_from_db()
    assert sms.attempts == 2 and sms.sent_at is None
    with Gateway() as up:
        settings.ONESTOP_SMS_GATEWAY_URL = up.url
        assert retry_failed() == {"sent": 1, "failed": 0}
        assert len(up.requests) == 1 and up.requests[0]["json"]["message"] == sms.body
        assert retry_failed() == {"sent": 0, "failed": 0}  # nothing twice
    sms.refresh_from_db()
    assert sms.sent_at is not None and sms.error == "" and sms.attempts == 3
    assert Notification.objects.filter(sent_at__isnull=True).exclude(channel="sms").count() == 0


def test_too_old_or_too_often_tried_notices_are_left_for_staff(procedures, settings):
    from smartcity.onestop.models import Notification

    d = make_dossier(procedures["house"])
    settings.ONESTOP_SENDERS = {"sms": "smartcity.onestop.senders.HttpSmsSender"}
    with Gateway(status=500) as down:
        settings.ONESTOP_SMS_GATEWAY_URL = down.url
        old = next(r for r in notify(d, "received") if r.channel == "sms")
        tired = next(r for r in notify(d, "supplement", extra={"items": ["Bản vẽ mặt bằng"]}) if r.channel == "sms")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=49))
    Notification.objects.filter(pk=tired.pk).update(attempts=5)
    with Gateway() as up:
        settings.ONESTOP_SMS_GATEWAY_URL = up.url
        assert retry_failed() == {"sent": 0, "failed": 0}
        assert up.requests == []

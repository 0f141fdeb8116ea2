"""Notifications: preferences pick the recipients, e-mail and signed webhooks deliver."""
import orjson
import pytest
from django.core import mail

from smartcity.alerts import notify
from smartcity.alerts.models import Alert, Delivery, NotificationPreference
from smartcity.core.models import Organisation
from tests.alerts.conftest import pm25
from tests.alerts.webhook_server import Recorder

SLUG = "kk-thu-dau-mot"


@pytest.fixture
def minh(make_user):
    return make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn", first_name="Minh")


def raise_alert(station_key, make_rule, ingest, capture, severity="high"):
    make_rule(params={"op": ">", "value": 50, "clear_value": 40, "duration_s": 0}, severity=severity)
    with capture(execute=True):
        ingest(station_key, pm25(SLUG, [(0, 75)]))
    return Alert.objects.get()


def test_email_is_delivered_after_commit(minh, station_key, make_rule, ingest, immediate_huey, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=minh, organisation=Organisation.objects.get(code="DONRE"), min_severity="high")
    alert = raise_alert(station_key, make_rule, ingest, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["minh@stnmt.binhduong.gov.vn"]
    assert "PM2.5 trên 50" in message.subject and "Trạm quan trắc không khí Thủ Dầu Một" in message.subject
    vietnamese, english = message.body.split("\n\n---\n\n")  # Vietnamese first, then English
    assert "75 µg/m³" in vietnamese and "Bụi PM2.5" in vietnamese
    assert "Severity: High" in english and "75 µg/m³, above the limit of 50 µg/m³" in english
    delivery = Delivery.objects.get()
    assert (delivery.alert, delivery.channel, delivery.status, delivery.attempts) == (alert, "email", "sent", 1)


def test_preferences_filter_by_severity_type_organisation_and_visibility(minh, make_user, station, station_key, make_rule, ingest,
                                                                          immediate_huey, django_capture_on_commit_callbacks):
    dot = make_user("dot.nam", "DOT", "editor", email="nam@sgtvt.binhduong.gov.vn")
    NotificationPreference.objects.create(user=minh, min_severity="critical")  # too high
    NotificationPreference.objects.create(user=minh, asset_type_id="waste-bin", min_severity="info")  # other type
    NotificationPreference.objects.create(user=minh, organisation=Organisation.objects.get(code="DOT"), min_severity="info")
    NotificationPreference.objects.create(user=dot, min_severity="info")  # may not see an unpublished DONRE asset
    station.published = False
    station.save()
    raise_alert(station_key, make_rule, ingest, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Delivery.objects.exists()
    NotificationPreference.objects.create(user=minh, min_severity="medium", on_clear=True)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(station_key, pm25(SLUG, [(10, 30)]))  # clears: told because on_clear
    assert [d.event for d in Delivery.objects.all()] == ["cleared"] and len(mail.outbox) == 1


def test_webhook_is_signed_and_delivered_to_a_real_server(minh, station_key, make_rule, ingest, immediate_huey,
                                                           django_capture_on_commit_callbacks):
    with Recorder() as hook:
        pref = NotificationPreference.objects.create(user=minh, min_severity="high", by_email=False, by_webhook=True,
                                                     webhook_url=hook.url)
        alert = raise_alert(station_key, make_rule, ingest, django_capture_on_commit_callbacks)
        assert hook.received.wait(5)
    request = hook.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert request["path"] == "/hooks/alerts" and headers["content-type"] == "application/json"
    expected = notify.sign(pref.webhook_secret, headers["x-smartcity-timestamp"], request["body"])
    assert headers["x-smartcity-signature"] == f"sha256={expected}"
    assert headers["x-smartcity-signature"] != "sha256=" + notify.sign("wrong secret", headers["x-smartcity-timestamp"], request["body"])
    body = orjson.loads(request["body"])
    assert (body["id"], body["event"], body["severity"], body["asset"]["id"], body["value"]) == (alert.pk, "raised", "high", SLUG, 75)
    assert body["url"].endswith(f"/alerts/{alert.pk}/") and "50" in body["text"]
    assert Delivery.objects.get().status == "sent"


def test_webhook_failures_are_recorded(minh, station_key, make_rule, ingest, django_capture_on_commit_callbacks):
    with Recorder(status=500) as hook:
        NotificationPreference.objects.create(user=minh, by_email=False, by_webhook=True, webhook_url=hook.url)
        with django_capture_on_commit_callbacks(execute=False):  # not queued: sent by hand below
            make_rule(params={"op": ">", "value": 50, "duration_s": 0})
            ingest(station_key, pm25(SLUG, [(0, 75)]))
        delivery = Delivery.objects.get()
        with pytest.raises(notify.SendError):
            notify.deliver(delivery.pk, final=False)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "webhook answered HTTP 500")
        with pytest.raises(notify.SendError):
            notify.deliver(delivery.pk, final=True)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", 2)
        hook.status = 200
        assert notify.deliver(delivery.pk) == "sent"
    assert len(hook.requests) == 3


def test_old_history_raises_quietly(minh, station_key, make_rule, ingest, immediate_huey, django_capture_on_commit_callbacks):
    import time

    NotificationPreference.objects.create(user=minh, min_severity="info")
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    with django_capture_on_commit_callbacks(execute=True):
        ingest(station_key, pm25(SLUG, [(0, 75)], start=int(time.time()) - 10 * 86400))  # a backfill
    assert Alert.objects.count() == 1 and not Delivery.objects.exists() and mail.outbox == []


def test_missing_check_is_a_periodic_task(immediate_huey):
    from smartcity.alerts import tasks

    assert tasks.check_missing_task.task_class in immediate_huey._registry._periodic_tasks

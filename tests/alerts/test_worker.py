"""The Redis-backed queue: a delivery enqueued to a real Redis is run by a real Huey
consumer, and by `smartcity worker --burst`."""
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from huey import RedisHuey

from smartcity.alerts import notify
from smartcity.alerts.models import Delivery, NotificationPreference
from smartcity.testing import require, tcp_reachable
from tests.alerts.conftest import pm25
from tests.alerts.webhook_server import Recorder

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_huey():
    require(tcp_reachable(REDIS, 6379), "Redis at 127.0.0.1:6379")
    huey = RedisHuey(f"smartcity-test-alerts-{uuid.uuid4().hex[:8]}", url=REDIS)

    def deliver(delivery_id):
        try:
            return notify.deliver(delivery_id)
        finally:
            if not connection.in_atomic_block:
                connection.close()  # the consumer's thread leaves no connection open

    task = huey.task(name="deliver")(deliver)
    yield huey, task
    huey.storage.flush_all()


def _pending_delivery(make_user, make_rule, station_key, ingest, capture, url):
    user = make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn")
    NotificationPreference.objects.create(user=user, min_severity="high", by_email=False, by_webhook=True, webhook_url=url)
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    with capture(execute=False):  # queued below on the test's own Redis queue
        ingest(station_key, pm25("kk-thu-dau-mot", [(0, 80)]))
    return Delivery.objects.get()


@pytest.mark.django_db(transaction=True)
def test_redis_queue_and_consumer(redis_huey, make_user, make_rule, station_key, ingest, django_capture_on_commit_callbacks):
    huey, task = redis_huey
    with Recorder() as hook:
        delivery = _pending_delivery(make_user, make_rule, station_key, ingest, django_capture_on_commit_callbacks, hook.url)
        result = task(delivery.pk)
        assert huey.pending_count() == 1  # it is in Redis, waiting for a worker
        consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False, check_worker_health=False)
        consumer.start()
        try:
            assert result.get(blocking=True, timeout=15) == "sent"
        finally:
            consumer.stop(graceful=True)
        assert hook.received.is_set()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_worker_command_burst(redis_huey, monkeypatch, make_user, make_rule, station_key, ingest, django_capture_on_commit_callbacks,
                              capsys):
    from huey.contrib import djhuey

    huey, task = redis_huey
    monkeypatch.setattr(djhuey, "HUEY", huey)  # the command runs whatever queue the settings configure
    with Recorder() as hook:
        delivery = _pending_delivery(make_user, make_rule, station_key, ingest, django_capture_on_commit_callbacks, hook.url)
        task(delivery.pk)
        call_command("worker", "--burst")
        assert hook.received.is_set()
    assert "tasks=1" in capsys.readouterr().out
    delivery.refresh_from_db()
    assert delivery.status == "sent" and huey.pending_count() == 0

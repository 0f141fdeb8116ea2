"""Notifications: who is told about an alert (preferences), and the senders that tell them.

Senders sit behind one small interface (`Sender.send(delivery, payload)`, raising
`SendError`), so a new channel (SMS, Zalo) is a new class registered with
`register_sender`, not a new branch elsewhere. Deliveries are rows written in the
transaction that raised the alert and sent by a Huey task after the commit, with retries.

Webhooks are HTTP POSTs of a JSON body with these headers:
  X-Smartcity-Event: raised | cleared
  X-Smartcity-Delivery: <delivery id>
  X-Smartcity-Timestamp: <unix seconds>
  X-Smartcity-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the
                         preference's webhook secret>
A receiver recomputes the HMAC over the raw body and rejects old timestamps.
"""
import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request

import orjson
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

logger = logging.getLogger("smartcity.alerts")


class SendError(Exception):
    pass


class Sender:
    """One notification channel."""

    channel = ""

    def send(self, delivery, payload: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _email_text(payload: dict) -> tuple[str, str]:
    from smartcity.alerts.models import Alert, EventAction

    alert = Alert.objects.select_related("asset", "datastream__quantity", "rule").get(pk=payload["id"])
    parts = []
    subject = ""
    for lang in ("vi", "en"):
        with translation.override(lang):
            from django.utils.translation import gettext as _

            what = alert.get_severity_display()
            event = EventAction(payload["event"]).label
            line = _("%(event)s: %(rule)s at %(asset)s") % {"event": event, "rule": alert.rule_name, "asset": alert.asset.name}
            if not subject:
                subject = f"[{what}] {line}"
            parts.append("\n".join([
                line,
                _("Severity: %(severity)s") % {"severity": what},
                _("Quantity: %(quantity)s") % {"quantity": alert.datastream.quantity.name_vi if lang == "vi" else alert.datastream.quantity.name_en},
                alert.text,
                _("Started at: %(time)s") % {"time": timezone.localtime(alert.first_at).strftime("%d/%m/%Y %H:%M")},
                payload.get("url", ""),
            ]))
    return subject[:200], "\n\n---\n\n".join(parts)


class EmailSender(Sender):
    channel = "email"

    def send(self, delivery, payload):
        subject, body = _email_text(payload)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.target], fail_silently=False)
        except Exception as exc:  # SMTP and socket errors alike
            raise SendError(f"e-mail: {exc}") from exc


class WebhookSender(Sender):
    channel = "webhook"

    def send(self, delivery, payload):
        pref = delivery.preference
        if pref is None:
            raise SendError("the notification preference was removed")
        body = orjson.dumps(payload)
        ts = str(int(time.time()))
        request = urllib.request.Request(delivery.target, data=body, method="POST", headers={
            "Content-Type": "application/json",
            "User-Agent": "smartcity-alerts/1",
            "X-Smartcity-Event": payload["event"],
            "X-Smartcity-Delivery": str(delivery.pk),
            "X-Smartcity-Timestamp": ts,
            "X-Smartcity-Signature": "sha256=" + sign(pref.webhook_secret, ts, body),
        })
        timeout = float(getattr(settings, "ALERTS_WEBHOOK_TIMEOUT", 5.0))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read(1024)
        except urllib.error.HTTPError as exc:
            raise SendError(f"webhook answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SendError(f"webhook: {getattr(exc, 'reason', exc)}") from exc


SENDERS: dict[str, Sender] = {}


def register_sender(sender: Sender) -> None:
    SENDERS[sender.channel] = sender


register_sender(EmailSender())
register_sender(WebhookSender())


def payload(alert, event: str) -> dict:
    asset = alert.asset
    ds = alert.datastream
    base = getattr(settings, "SMARTCITY_BASE_URL", "").rstrip("/")
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "id": alert.pk, "event": event, "state": alert.state, "severity": alert.severity,
        "rule": {"id": alert.rule_id, "name": alert.rule_name, "kind": alert.kind},
        "key": alert.key, "owner": alert.owner.code,
        "asset": {"id": asset.slug, "name": asset.name, "type": asset.asset_type_id, "lat": asset.latitude, "lon": asset.longitude},
        "datastream": {"id": ds.pk, "quantity": ds.quantity_id, "unit": ds.unit},
        "value": alert.value, "peak": alert.peak, "unit": alert.unit,
        "first_at": iso(alert.first_at), "raised_at": iso(alert.raised_at), "last_at": iso(alert.last_at),
        "cleared_at": iso(alert.cleared_at), "message": alert.message,
        "text": _text(alert, settings.LANGUAGE_CODE),
        "url": base + reverse("alert-detail", args=[alert.pk]),
    }


def _text(alert, lang: str) -> str:
    with translation.override(lang):
        return alert.text


def recipients(alert, event: str):
    """(preference, user, channel, address) for the preferences this alert matches, one per
    address. Only users who may see the alert are told."""
    from smartcity.alerts import evaluate
    from smartcity.alerts.models import NotificationPreference
    from smartcity.alerts.services import can_see_alert

    asset = alert.asset
    prefs = (NotificationPreference.objects.filter(active=True, user__is_active=True)
             .filter(Q(organisation__isnull=True) | Q(organisation_id__in={alert.owner_id, asset.owner_id}))
             .filter(Q(asset_type__isnull=True) | Q(asset_type_id=asset.asset_type_id))
             .select_related("user").order_by("id"))
    seen = set()
    for pref in prefs:
        if not evaluate.at_least(alert.severity, pref.min_severity):
            continue
        if event == "cleared" and not pref.on_clear:
            continue
        if not can_see_alert(pref.user, alert):
            continue
        if pref.by_email and pref.user.email:
            targets = [("email", pref.user.email)]
        else:
            targets = []
        if pref.by_webhook and pref.webhook_url:
            targets.append(("webhook", pref.webhook_url))
        for channel, address in targets:
            if (channel, address) not in seen:
                seen.add((channel, address))
                yield pref, pref.user, channel, address


def plan(alert, event: str) -> list:
    """Write the deliveries for this alert event; they are queued after the commit."""
    from smartcity.alerts.models import Delivery

    rows = [Delivery(alert=alert, event=event, preference=pref, user=user, channel=channel, target=address)
            for pref, user, channel, address in recipients(alert, event)]
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows)
    ids = [d.pk for d in created]
    transaction.on_commit(lambda: enqueue(ids))
    return created


def enqueue(ids) -> None:
    from smartcity.alerts.tasks import deliver_task

    for delivery_id in ids:
        try:
            deliver_task(delivery_id)
        except Exception:  # queue down: the delivery stays pending for `smartcity alerts resend`
            logger.exception("could not queue alert delivery %s", delivery_id)


def deliver(delivery_id: int, final: bool = True) -> str:
    """Send one delivery now. Raises SendError on failure (so the task queue retries);
    `final` marks the last attempt, after which the delivery is failed, not pending."""
    from smartcity.alerts.models import Delivery, DeliveryStatus

    delivery = Delivery.objects.select_related("alert__asset", "alert__datastream", "alert__owner", "preference").get(pk=delivery_id)
    if delivery.status == DeliveryStatus.SENT:
        return delivery.status
    sender = SENDERS.get(delivery.channel)
    delivery.attempts += 1
    try:
        if sender is None:
            raise SendError(f"no sender for channel {delivery.channel!r}")
        sender.send(delivery, payload(delivery.alert, delivery.event))
    except SendError as exc:
        delivery.last_error = str(exc)[:2000]
        delivery.status = DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
        delivery.save(update_fields=["attempts", "last_error", "status"])
        raise
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return delivery.status
